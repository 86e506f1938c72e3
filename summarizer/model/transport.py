"""The batch client's HTTP transport: httpx's own, with a cheaper check of idle connections.

httpcore's connection pool asks every idle connection whether the server has closed it, each
time a request starts or ends. Through the anyio backend each answer built a dict of the
socket's attributes and asked the kernel for the peer's address before polling the socket: at
concurrency 32, about 16 % of the event loop's time went there (py-spy, 500 documents), time a
freed request slot waited for before its next request went out. Here the same question is one
poll of the socket, which each stream looks up once.

Everything else is httpx's transport and httpcore's pool and anyio streams, unchanged: reads,
writes, TLS, timeouts and their exceptions.

Also here: `AsyncDeadline` and `Deadline`, which bound one whole HTTP attempt (connect, wait,
headers and body). httpx's timeouts bound each read, so an endpoint that sends a byte every few
seconds never trips them, and one such endpoint could hold a nightly run until morning.
"""

from __future__ import annotations

import asyncio
import select
import socket
import time
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx


def socket_readable(sock: socket.socket | None) -> bool:
    """Whether `sock` has data or an end of file waiting (an idle HTTP/1.1 connection that
    reads as ready was closed by the server). A closed socket counts as readable."""
    if sock is None:
        return False
    fd = sock.fileno()
    if fd < 0:
        return True
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))
    ready, _, _ = select.select([fd], [], [], 0)
    return bool(ready)


class _Stream(httpcore.AsyncNetworkStream):
    """An httpcore stream whose "is_readable" is a poll of its socket, found once."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket: socket.socket | None = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return socket_readable(self._socket)
        return self._inner.get_extra_info(info)


class _Backend(httpcore.AsyncNetworkBackend):
    """httpcore's anyio backend, its streams wrapped in `_Stream`."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _Stream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def transport(limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's async transport with `limits`, its pool connecting through `_Backend`.

    httpx does not take a network backend, so it is set on the pool the transport made; with a
    transport that has no such pool (another httpx), it is left as httpx made it
    (`uses_fast_backend` tells).
    """
    made = httpx.AsyncHTTPTransport(limits=limits)
    pool = getattr(made, "_pool", None)
    if isinstance(pool, httpcore.AsyncConnectionPool) and hasattr(pool, "_network_backend"):
        pool._network_backend = _Backend()
    return made


def uses_fast_backend(made: httpx.AsyncBaseTransport) -> bool:
    made = made.inner if isinstance(made, AsyncDeadline) else made
    pool = getattr(made, "_pool", None)
    return isinstance(getattr(pool, "_network_backend", None), _Backend)


def _too_slow(request: httpx.Request, deadline_s: float) -> httpx.ReadTimeout:
    # A timeout of httpx's own kind: the openai client retries it and reports it as a timeout
    # (APITimeoutError), as it does a read that timed out.
    return httpx.ReadTimeout(f"no whole answer within {deadline_s:g} s", request=request)


class AsyncDeadline(httpx.AsyncBaseTransport):
    """`inner`, with each request and its whole body bounded by `deadline_s` of wall time.

    The body is read here, inside the deadline, and handed on in memory (the tool never streams
    a response). One attempt: the openai client's retries each get a deadline of their own.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport, deadline_s: float) -> None:
        self.inner = inner
        self.deadline_s = deadline_s

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            async with asyncio.timeout(self.deadline_s):
                response = await self.inner.handle_async_request(request)
                try:
                    assert isinstance(response.stream, httpx.AsyncByteStream)
                    body = b"".join([chunk async for chunk in response.stream])
                finally:
                    await response.aclose()
        except TimeoutError as e:
            raise _too_slow(request, self.deadline_s) from e
        return _in_memory(response, body)

    async def aclose(self) -> None:
        await self.inner.aclose()


class Deadline(httpx.BaseTransport):
    """The blocking twin of `AsyncDeadline`, for the one-document client.

    A blocking read cannot be interrupted from outside, so the clock is checked after each
    piece of the body: an answer ends at most one read timeout after the deadline. (Headers
    that trickle are bounded only by the read timeout of each piece.)
    """

    def __init__(self, inner: httpx.BaseTransport, deadline_s: float) -> None:
        self.inner = inner
        self.deadline_s = deadline_s

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        end = time.monotonic() + self.deadline_s
        response = self.inner.handle_request(request)
        pieces: list[bytes] = []
        try:
            assert isinstance(response.stream, httpx.SyncByteStream)
            for piece in response.stream:
                pieces.append(piece)
                if time.monotonic() > end:
                    raise _too_slow(request, self.deadline_s)
        finally:
            response.close()
        return _in_memory(response, b"".join(pieces))

    def close(self) -> None:
        self.inner.close()


def _in_memory(response: httpx.Response, body: bytes) -> httpx.Response:
    """`response` with its raw body already read (still encoded: the client decodes it)."""
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        stream=httpx.ByteStream(body),
        extensions=response.extensions,
    )
