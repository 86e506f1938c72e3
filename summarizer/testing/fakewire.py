"""The fake server's HTTP/1.1 plumbing: bodies read, answers written, OpenAI's error bodies and
list pages."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
import uuid
from typing import Any

# Uploads of batch input files run to 200 MB (the provider's limit) and more in tests of it.
_MAX_BODY_BYTES = 512 << 20
_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
# (type, code, message) per status, as OpenAI words them.
_ERRORS: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "Invalid request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    403: ("permission_error", None, "You are not allowed to use this model."),
    404: ("invalid_request_error", "not_found", "Not found."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached. Please try again later."),
    500: ("server_error", None, "The server had an error while processing your request."),
    503: ("server_error", "service_unavailable", "The server is overloaded. Try again later."),
}

# (status, JSON object or raw bytes) of an answer.
Reply = tuple[int, dict[str, Any] | bytes]


async def read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes | None:
    """Reads a Content-Length or chunked body; None if it is too large."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        chunks: list[bytes] = []
        size = 0
        while True:
            line = await reader.readuntil(b"\r\n")
            n = int(line.split(b";", 1)[0].strip() or b"0", 16)
            if n == 0:
                await reader.readuntil(b"\r\n")  # no trailers expected: the blank line
                return b"".join(chunks)
            size += n
            if size > _MAX_BODY_BYTES:
                return None
            chunks.append(await reader.readexactly(n))
            await reader.readexactly(2)
    length = int(headers.get("content-length", "0") or 0)
    if length > _MAX_BODY_BYTES:
        return None
    return await reader.readexactly(length) if length else b""


async def write(
    writer: asyncio.StreamWriter,
    status: int,
    payload: dict[str, Any],
    *,
    keep_alive: bool,
    extra: dict[str, str] | None = None,
    trickle: float | None = None,
) -> bool:
    data = json.dumps(payload, ensure_ascii=False).encode()
    return await write_bytes(
        writer,
        status,
        data,
        "application/json",
        keep_alive=keep_alive,
        extra=extra,
        trickle=trickle,
    )


async def write_bytes(
    writer: asyncio.StreamWriter,
    status: int,
    data: bytes,
    content_type: str,
    *,
    keep_alive: bool,
    extra: dict[str, str] | None = None,
    trickle: float | None = None,
) -> bool:
    head = [
        f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(data)}",
        f"Connection: {'keep-alive' if keep_alive else 'close'}",
        f"x-request-id: req_{uuid.uuid4().hex[:24]}",
    ]
    head += [f"{k}: {v}" for k, v in (extra or {}).items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
    if trickle is None:
        writer.write(data)
    else:
        # The headers at once, then the body `trickle` bytes a second, in tenths of a second:
        # never idle long enough to trip a read timeout.
        step = max(1, int(trickle / 10))
        for i in range(0, len(data), step):
            writer.write(data[i : i + step])
            await writer.drain()
            await asyncio.sleep(step / trickle)
    await writer.drain()
    return keep_alive


def error_body(
    status: int, message: str | None = None, *, param: str | None = None
) -> dict[str, Any]:
    kind, code, default_message = _ERRORS.get(
        status,
        ("server_error" if status >= 500 else "invalid_request_error", None, _REASONS.get(status)),
    )
    return {
        "error": {
            "message": message or default_message or f"HTTP {status}",
            "type": kind,
            "param": param,
            "code": code,
        }
    }


def page(items: list[dict[str, Any]], query: str, *, default_limit: int, max_limit: int) -> Reply:
    """One page of a list answer, as OpenAI's cursor pages: `limit` items after the `after` id."""
    params = urllib.parse.parse_qs(query)
    try:
        limit = int(params.get("limit", [str(default_limit)])[-1])
    except ValueError:
        limit = 0
    if not 1 <= limit <= max_limit:
        msg = f"Invalid 'limit': expected an integer from 1 to {max_limit}."
        return 400, error_body(400, msg, param="limit")
    start = 0
    if "after" in params:
        after = params["after"][-1]
        ids = [item["id"] for item in items]
        if after not in ids:
            return 400, error_body(400, f"Invalid 'after': no object {after!r}.", param="after")
        start = ids.index(after) + 1
    data = items[start : start + limit]
    return 200, {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": start + limit < len(items),
    }
