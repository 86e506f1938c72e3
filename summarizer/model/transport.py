"""A deadline for one whole HTTP attempt, around httpx's own transport.

`AsyncDeadline` bounds one attempt (connect, wait, headers and body). httpx's
timeouts bound each read, so an endpoint that sends a byte every few seconds never trips them,
and one such endpoint could hold a nightly run until morning.
"""

from __future__ import annotations

import asyncio

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


def _in_memory(response: httpx.Response, body: bytes) -> httpx.Response:
    """`response` with its raw body already read (still encoded: the client decodes it)."""
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        stream=httpx.ByteStream(body),
        extensions=response.extensions,
    )
