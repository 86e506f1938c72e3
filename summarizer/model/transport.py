"""Transports around httpx's own: a deadline for one whole HTTP attempt, and the embedded
server's grammar.

`AsyncDeadline` bounds one attempt (connect, wait, headers and body). httpx's
timeouts bound each read, so an endpoint that sends a byte every few seconds never trips them,
and one such endpoint could hold a nightly run until morning.

`SchemaAsGrammar` hands a request's JSON Schema to llama.cpp as its `grammar` field instead of
its `response_format` (see `model/local.llama_grammar` for why).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

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


class SchemaAsGrammar(httpx.AsyncBaseTransport):
    """`inner`, with a chat request's `response_format` JSON Schema sent as `grammar` instead.

    instructor asks for structured output through `response_format`; `to_grammar` turns its
    schema into the grammar the server takes. Every other request passes unchanged.
    """

    def __init__(
        self, inner: httpx.AsyncBaseTransport, to_grammar: Callable[[dict[str, Any]], str]
    ) -> None:
        self.inner = inner
        self.to_grammar = to_grammar

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/chat/completions"):
            body = json.loads(await request.aread())
            schema = (body.get("response_format") or {}).get("json_schema", {}).get("schema")
            if isinstance(schema, dict):
                del body["response_format"]
                body["grammar"] = self.to_grammar(schema)
                headers = {k: v for k, v in request.headers.items() if k != "content-length"}
                request = httpx.Request(
                    request.method,
                    request.url,
                    headers=headers,
                    json=body,
                    extensions=request.extensions,
                )
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
