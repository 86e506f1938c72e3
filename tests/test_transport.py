"""The batch client's transport: httpx's own, bounded by a deadline per attempt."""

from __future__ import annotations

import asyncio

from summarizer.model.client import RequestStats, _GatedClient
from summarizer.model.ratelimit import RateLimiter


async def _closing_server(answered: list[int]) -> tuple[asyncio.base_events.Server, int]:
    """Answers one request per connection with keep-alive, then closes the connection."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        answered.append(1)
        body = b'{"ok": true}'
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()  # the server goes away; the client still holds the connection as idle

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def test_an_idle_connection_the_server_closed_is_not_reused() -> None:
    """The pool asks idle connections whether the server closed them: the answer must be right,
    or the next request would go out on a dead connection and fail."""

    async def run() -> list[int]:
        answered: list[int] = []
        server, port = await _closing_server(answered)
        gated = _GatedClient(
            limiter=RateLimiter(), max_wait_s=1.0, stats=RequestStats(), deadline_s=30.0
        )
        async with gated as client:
            codes = []
            for _ in range(3):
                response = await client.get(f"http://127.0.0.1:{port}/")
                codes.append(response.status_code)
                await asyncio.sleep(0.05)  # the server's close reaches the client
        server.close()
        await server.wait_closed()
        assert len(answered) == 3
        return codes

    assert asyncio.run(run()) == [200, 200, 200]
