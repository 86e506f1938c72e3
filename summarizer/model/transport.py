"""A deadline for one whole HTTP attempt, around httpx's own transport.

`AsyncDeadline` and `Deadline` bound one attempt (connect, wait, headers and body). httpx's
timeouts bound each read, so an endpoint that sends a byte every few seconds never trips them,
and one such endpoint could hold a nightly run until morning.
"""

from __future__ import annotations

import asyncio
import time

import httpx


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
