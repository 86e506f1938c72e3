"""A loopback OpenAI-compatible server for fault tests and benchmarks (stdlib only).

It answers `POST /v1/chat/completions`, `GET /v1/models` and `GET /health` on 127.0.0.1, with
configurable latency, tokens per second, error rates and a per-request script of faults (429 with
`Retry-After`, 5xx, 401, hangs, invalid JSON, truncated output, dropped connections). asyncio serves
many keep-alive connections from one background thread, so a benchmark at concurrency 32 with 1 s of
latency per request measures the client, not the server.

    with FakeOpenAIServer(Behaviour(script=["429:1", "ok"])) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="test")
        ...
        assert len(server.chat_requests) == 2

Run `python -m summarizer.fakeserver --latency 1` to serve until Ctrl-C. With `--record DIR` it
saves every chat request to DIR (`RecordingResponder`); with `--replay DIR` it answers each one
with the answer saved beside it (`ReplayResponder`): how a capable model's answers, written
offline from the saved requests, are measured without an endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import math
import random
import re
import signal
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "DRAFT_ANSWER",
    "Behaviour",
    "FakeOpenAIServer",
    "RecordingResponder",
    "ReplayResponder",
    "default_responder",
    "request_key",
    "fill_schema",
    "main",
]

_log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_MODEL = "fake-model"
_MAX_HEADER_BYTES = 1 << 20
_MAX_BODY_BYTES = 64 << 20
_REDACTED_HEADERS = frozenset({"authorization", "proxy-authorization", "api-key", "x-api-key"})
_PLAN_RE = re.compile(
    r"^(ok|hang|invalid_json|truncated|close|echo_key|trickle(:\d+(\.\d+)?)?|[1-5]\d\d(:\d+(\.\d+)?)?)$"
)
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


@dataclass
class Behaviour:
    """How the server answers chat completions; swap `server.behaviour` to change it mid-run.

    Attributes:
        latency_s: Delay before every answer (errors included).
        tokens_per_s: If set, answers with content take `completion_tokens / tokens_per_s` longer.
        error_rate: Share of unscripted requests answered with `error_status` (seeded, repeatable).
        error_status: HTTP status of those errors.
        script: Plans consumed one per request in order, then `default`. A plan is "ok", a status
            ("500", "503", "401", ...), "429:<retry_after_seconds>" (a bare "429" sends
            `Retry-After: 1`; any status may carry ":<seconds>" as `Retry-After`), "hang" (no
            answer until the client leaves or the server stops), "invalid_json" (200 whose content
            is not JSON), "truncated" (200, content cut mid-JSON, finish_reason "length") or
            "close" (drop the connection unanswered) or "echo_key" (400 whose error message
            repeats the request's Authorization header, as a careless proxy might) or
            "trickle:<bytes_per_second>" (a good answer whose body is sent that slowly, 10 bytes
            a second if no rate is given). Only chat completions consume plans.
        default: Plan once the script is used up.
        seed: Seed of the RNG behind `error_rate`.
    """

    latency_s: float = 0.0
    tokens_per_s: float | None = None
    error_rate: float = 0.0
    error_status: int = 500
    script: list[str] = field(default_factory=list)
    default: str = "ok"
    seed: int = 0

    def __post_init__(self) -> None:
        # A typo in a plan would otherwise quietly become some other fault mid-test.
        for plan in [*self.script, self.default, str(self.error_status)]:
            _check_plan(plan)
        if not 0.0 <= self.error_rate <= 1.0:
            raise ValueError(f"error_rate must be within [0, 1], got {self.error_rate}")
        if self.latency_s < 0:
            raise ValueError(f"latency_s must be >= 0, got {self.latency_s}")
        if self.tokens_per_s is not None and self.tokens_per_s <= 0:
            raise ValueError(f"tokens_per_s must be > 0, got {self.tokens_per_s}")


def _check_plan(plan: str) -> None:
    if not _PLAN_RE.match(plan) or (plan[:1].isdigit() and int(plan[:3]) < 400):
        raise ValueError(
            f"unknown plan {plan!r}: expected ok, hang, invalid_json, truncated, close, echo_key, "
            "trickle[:<bytes_per_second>], "
            "or a 4xx/5xx status with an optional ':<retry_after_seconds>'"
        )


Responder = Callable[[dict[str, Any]], dict[str, Any] | str]


class FakeOpenAIServer:
    """An OpenAI-compatible HTTP/1.1 server on 127.0.0.1, run in a background thread.

    Args:
        behaviour: Initial behaviour; `Behaviour()` (instant "ok") if omitted.
        responder: Maps a request's JSON to the assistant content of an "ok" answer (a str, or a
            dict that is sent as JSON). The default fills the request's JSON schema minimally.
        port: Port to bind on 127.0.0.1; 0 picks a free one.
        api_key: If set, requests without `Authorization: Bearer <api_key>` get a 401.
        keep_requests: How many recent requests `requests` keeps (None: all). Large benchmarks
            set it low so recorded bodies do not count against their memory figures.
        model: Model id listed by `/v1/models` and used when a request names none.

    Attributes:
        behaviour: Read at each chat request, so it can be swapped while serving.
        request_count: Requests received on any path, also those `keep_requests` let go.
        connection_count: TCP connections accepted (keep-alive reuse keeps it low).
    """

    def __init__(
        self,
        behaviour: Behaviour | None = None,
        *,
        responder: Responder | None = None,
        port: int = 0,
        api_key: str | None = None,
        keep_requests: int | None = None,
        model: str = DEFAULT_MODEL,
    ) -> None:
        self.behaviour = behaviour or Behaviour()
        self.responder: Responder = responder or default_responder
        self.api_key = api_key
        self.model = model
        self.port = port
        self.request_count = 0
        self.connection_count = 0
        self._requested_port = port
        self._lock = threading.Lock()
        self._requests: deque[dict[str, Any]] = deque(maxlen=keep_requests)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        self._ready = threading.Event()
        self._start_error: BaseException | None = None
        self._connections: set[asyncio.Task[None]] = set()
        # Script position and RNG belong to one Behaviour object; a new object starts afresh.
        self._plan_owner: Behaviour | None = None
        self._plan_index = 0
        self._rng = random.Random(0)

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """OpenAI base URL, `http://127.0.0.1:<port>/v1`."""
        return f"http://{HOST}:{self.port}/v1"

    @property
    def url(self) -> str:
        """Server root, `http://127.0.0.1:<port>`."""
        return f"http://{HOST}:{self.port}"

    def start(self) -> FakeOpenAIServer:
        """Starts serving; returns once the port is bound.

        Raises:
            RuntimeError: If already started.
            OSError: If the port cannot be bound.
        """
        if self._thread is not None:
            raise RuntimeError("server already started")
        self._ready.clear()
        self._start_error = None
        self._thread = threading.Thread(target=self._run, name="fake-openai-server", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._start_error is not None:
            self._thread.join()
            self._thread = None
            raise self._start_error
        return self

    def stop(self, timeout: float = 2.0) -> None:
        """Closes every connection, cancels pending answers and joins the thread."""
        thread, loop, stop_event = self._thread, self._loop, self._stop_event
        if thread is None:
            return
        if loop is not None and stop_event is not None:
            with contextlib.suppress(RuntimeError):  # the loop may already be closed
                loop.call_soon_threadsafe(stop_event.set)
        thread.join(timeout)
        if thread.is_alive():  # a daemon thread; it cannot keep the process alive
            _log.warning("fake server thread did not stop within %.1f s", timeout)
        self._thread = None
        self.port = self._requested_port

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        except BaseException as e:  # reported to start(); after start there is nobody to tell
            if not self._ready.is_set():
                self._start_error = e
        finally:
            self._ready.set()
            with contextlib.suppress(Exception):
                loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
            self._loop = None

    async def _main(self) -> None:
        self._stop_event = asyncio.Event()
        server = await asyncio.start_server(
            self._serve_connection,
            host=HOST,
            port=self._requested_port,
            limit=_MAX_HEADER_BYTES,
            backlog=1024,
        )
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            await self._stop_event.wait()
        finally:
            server.close()
            tasks = list(self._connections)
            for task in tasks:
                task.cancel()
            if tasks:
                await asyncio.wait(tasks, timeout=1.0)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 0.5)

    # -- recorded requests -----------------------------------------------------------------

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Snapshot of the requests received: path, method, headers (redacted), json, t."""
        with self._lock:
            return list(self._requests)

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        """Snapshot of the chat completion requests only."""
        return [r for r in self.requests if r["path"] == "/v1/chat/completions"]

    def clear_requests(self) -> None:
        """Forgets the recorded requests (the count stays)."""
        with self._lock:
            self._requests.clear()

    def _record(self, method: str, path: str, headers: dict[str, str], body: Any) -> None:
        shown = {k: ("<redacted>" if k in _REDACTED_HEADERS else v) for k, v in headers.items()}
        entry = {
            "path": path,
            "method": method,
            "headers": shown,
            "json": body,
            "t": time.monotonic(),
        }
        with self._lock:
            self._requests.append(entry)
            self.request_count += 1

    # -- HTTP ------------------------------------------------------------------------------

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        with self._lock:
            self.connection_count += 1
        try:
            while await self._serve_one(reader, writer):
                pass
        except (asyncio.CancelledError, ConnectionError, asyncio.IncompleteReadError):
            pass  # stop() or the client ended the connection: nothing left to answer
        except Exception:
            # Malformed input from a test client; drop the connection but leave a trace.
            _log.exception("fake server: error while serving a connection")
        finally:
            self._connections.discard(task)
            # abort, not close: on shutdown nobody should wait for a slow peer to read.
            writer.transport.abort()

    async def _serve_one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Reads and answers one request; returns whether to keep the connection open."""
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return False  # the client closed an idle keep-alive connection
        except asyncio.LimitOverrunError:
            await _write(writer, 431, _error_body(431), keep_alive=False)
            return False
        lines = head.decode("latin-1").split("\r\n")
        try:
            method, target, version = lines[0].split(" ", 2)
        except ValueError:
            await _write(writer, 400, _error_body(400, "Malformed request line."), keep_alive=False)
            return False
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        connection = headers.get("connection", "").lower()
        keep_alive = (
            "keep-alive" in connection if version == "HTTP/1.0" else "close" not in connection
        )

        raw = await _read_body(reader, headers)
        if raw is None:
            await _write(writer, 413, _error_body(413, "Body too large."), keep_alive=False)
            return False
        path = target.split("?", 1)[0]
        body: Any = None
        bad_json = False
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                bad_json = True
        self._record(method, path, headers, body)

        if path in ("/health", "/v1/health", "/healthz"):
            if method != "GET":
                return await _write(writer, 405, _error_body(405), keep_alive=keep_alive)
            return await _write(writer, 200, {"status": "ok"}, keep_alive=keep_alive)
        if self.api_key is not None and headers.get("authorization") != f"Bearer {self.api_key}":
            return await _write(writer, 401, _error_body(401), keep_alive=keep_alive)
        if path == "/v1/models":
            if method != "GET":
                return await _write(writer, 405, _error_body(405), keep_alive=keep_alive)
            return await _write(writer, 200, self._models(), keep_alive=keep_alive)
        if path != "/v1/chat/completions":
            msg = f"Unknown path {path}."
            return await _write(writer, 404, _error_body(404, msg), keep_alive=keep_alive)
        if method != "POST":
            return await _write(writer, 405, _error_body(405), keep_alive=keep_alive)
        if bad_json or not isinstance(body, dict):
            msg = "The request body is not a JSON object."
            return await _write(writer, 400, _error_body(400, msg), keep_alive=keep_alive)
        return await self._chat(body, headers, reader, writer, keep_alive)

    def _models(self) -> dict[str, Any]:
        created = int(time.time())
        model = {"id": self.model, "object": "model", "created": created, "owned_by": "fakeserver"}
        return {"object": "list", "data": [model]}

    def _next_plan(self, behaviour: Behaviour) -> str:
        if behaviour is not self._plan_owner:
            self._plan_owner = behaviour
            self._plan_index = 0
            self._rng = random.Random(behaviour.seed)
        if self._plan_index < len(behaviour.script):
            self._plan_index += 1
            return behaviour.script[self._plan_index - 1]
        # Draw for every unscripted request so the error pattern depends only on request order.
        if self._rng.random() < behaviour.error_rate:
            return str(behaviour.error_status)
        return behaviour.default

    async def _chat(
        self,
        body: dict[str, Any],
        headers: dict[str, str],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        keep_alive: bool,
    ) -> bool:
        behaviour = self.behaviour
        plan = self._next_plan(behaviour)
        if behaviour.latency_s:
            await asyncio.sleep(behaviour.latency_s)

        if plan == "hang":
            # Answer nothing; return when the client gives up (EOF) or stop() cancels us.
            while await reader.read(65536):
                pass
            return False
        if plan == "close":
            return False
        if plan == "echo_key":
            msg = f"Invalid request sent with authorization: {headers.get('authorization', '')}"
            return await _write(writer, 400, _error_body(400, msg), keep_alive=keep_alive)
        extra: dict[str, str] = {}
        if plan[0].isdigit():
            status, _, retry_after = plan.partition(":")
            if status == "429" and not retry_after:
                retry_after = "1"
            extra = {"Retry-After": retry_after} if retry_after else {}

        code, response = self._chat_answer(body, plan)
        if code != 200:
            return await _write(writer, code, response, keep_alive=keep_alive, extra=extra)
        if behaviour.tokens_per_s:
            await asyncio.sleep(response["usage"]["completion_tokens"] / behaviour.tokens_per_s)
        rate = float(plan.partition(":")[2] or 10) if plan.startswith("trickle") else None
        return await _write(writer, 200, response, keep_alive=keep_alive, trickle=rate)

    def _chat_answer(self, body: dict[str, Any], plan: str) -> tuple[int, dict[str, Any]]:
        """The status and JSON of the answer to a chat request under `plan`.

        A status plan gives OpenAI's error body for it ("echo_key" a plain 400); "ok",
        "invalid_json" and "truncated" give a chat.completion; "hang", "close" and "trickle"
        answer as "ok" (the caller enacts them). A failing responder gives a 500 naming the error.
        """
        if plan[0].isdigit():
            return int(plan[:3]), _error_body(int(plan[:3]))
        if plan == "echo_key":
            return 400, _error_body(400)
        try:
            answer = self.responder(body)
        except Exception as e:  # a broken responder is a test bug; say so in the answer
            return 500, _error_body(500, f"responder failed: {type(e).__name__}: {e}")
        content = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
        finish_reason = "stop"
        if plan == "invalid_json":
            content = "Sorry, I cannot answer that as JSON. Here is a summary instead: all calm."
        elif plan == "truncated":
            content = _truncate(content)
            finish_reason = "length"
        completion_tokens = max(1, len(content) // 4)
        return 200, self._completion(body, content, finish_reason, completion_tokens)

    def _completion(
        self, body: dict[str, Any], content: str, finish_reason: str, completion_tokens: int
    ) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": content}
        tool = _forced_tool(body)
        if tool is not None and "response_format" not in body:
            # Tool-calling clients (instructor's TOOLS modes) read the arguments, not the content.
            call_id = f"call_{uuid.uuid4().hex[:24]}"
            function = {"name": tool, "arguments": content}
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": call_id, "type": "function", "function": function}],
            }
            if finish_reason == "stop":
                finish_reason = "tool_calls"
        prompt_tokens = max(1, _prompt_chars(body) // 4)
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model") or self.model,
            "choices": [
                {"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes | None:
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


async def _write(
    writer: asyncio.StreamWriter,
    status: int,
    payload: dict[str, Any],
    *,
    keep_alive: bool,
    extra: dict[str, str] | None = None,
    trickle: float | None = None,
) -> bool:
    data = json.dumps(payload, ensure_ascii=False).encode()
    return await _write_bytes(
        writer,
        status,
        data,
        "application/json",
        keep_alive=keep_alive,
        extra=extra,
        trickle=trickle,
    )


async def _write_bytes(
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


def _error_body(status: int, message: str | None = None) -> dict[str, Any]:
    kind, code, default_message = _ERRORS.get(
        status,
        ("server_error" if status >= 500 else "invalid_request_error", None, _REASONS.get(status)),
    )
    return {
        "error": {
            "message": message or default_message or f"HTTP {status}",
            "type": kind,
            "param": None,
            "code": code,
        }
    }


def _truncate(content: str) -> str:
    """Cuts JSON text mid-way so that it no longer parses."""
    cut = content[: max(1, len(content) // 2)]
    while cut:
        try:
            json.loads(cut)
        except ValueError:
            return cut
        cut = cut[:-1]  # a cut that still parses (e.g. a bare number) is not truncated enough
    return "{"


def _prompt_chars(body: dict[str, Any]) -> int:
    total = 0
    for message in body.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            total += len(content)
        elif isinstance(content, list):
            total += sum(len(p.get("text", "")) for p in content if isinstance(p, dict))
    return total


def _forced_tool(body: dict[str, Any]) -> str | None:
    """Name of the function the request asks to be called, if it offers tools."""
    tools = body.get("tools") or []
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        if isinstance(name, str):
            return name
    if tools and choice != "none" and isinstance(tools[0], dict):
        name = (tools[0].get("function") or {}).get("name")
        return name if isinstance(name, str) else None
    return None


# -- answers -------------------------------------------------------------------------------

DRAFT_ANSWER: dict[str, Any] = {
    "summary": "A fake summary from the loopback test server.",
    "actors": [],
    "events": [],
    "quotes": [],
    "uncertainty": [],
}


def default_responder(request: dict[str, Any]) -> dict[str, Any]:
    """Fills the request's JSON schema (response_format or forced tool) minimally.

    Without a schema it returns `DRAFT_ANSWER`, the shape of the summarizer's draft.
    """
    response_format = request.get("response_format")
    if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
        schema = (response_format.get("json_schema") or {}).get("schema")
        if isinstance(schema, dict):
            return _as_object(fill_schema(schema))
    name = _forced_tool(request)
    if name is not None:
        for tool in request.get("tools") or []:
            function = (tool.get("function") or {}) if isinstance(tool, dict) else {}
            if function.get("name") == name and isinstance(function.get("parameters"), dict):
                return _as_object(fill_schema(function["parameters"]))
    return dict(DRAFT_ANSWER)


def request_key(request: dict[str, Any]) -> str:
    """What identifies a chat request's answer: its messages and the schema it must fit.

    Sampling fields and the model name are left out, so answers recorded for one model can be
    replayed with the same requests under another name.
    """
    import hashlib

    wanted = {k: request.get(k) for k in ("messages", "response_format", "tools", "tool_choice")}
    text = json.dumps(wanted, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class RecordingResponder:
    """Saves every chat request as `<key>.request.json` in a folder, and answers it with
    `default_responder` (a minimal valid value), so that a run goes on to its next request.

    The saved requests are what someone, or some other model, answers offline: an answer
    written as `<key>.answer.json` is what `ReplayResponder` sends back for that request.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        path = self.folder / f"{request_key(request)}.request.json"
        text = json.dumps(request, indent=2, ensure_ascii=False) + "\n"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        return default_responder(request)


class ReplayResponder:
    """Answers each chat request with the saved `<key>.answer.json` of a folder (see
    `RecordingResponder`); a request with no saved answer fails loudly (a 500 naming its key)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        key = request_key(request)
        path = self.folder / f"{key}.answer.json"
        try:
            return _as_object(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError as e:
            raise LookupError(f"no recorded answer {path.name} in {self.folder}") from e


def _as_object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {"value": value}


_FORMATS = {
    "date": "2024-01-01",
    "date-time": "2024-01-01T00:00:00Z",
    "time": "00:00:00",
    "email": "x@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "ipv4": "127.0.0.1",
}


def fill_schema(schema: dict[str, Any] | bool, root: dict[str, Any] | None = None) -> Any:
    """Returns a minimal value valid for a JSON schema (the common pydantic subset).

    Required properties only; null wherever null is allowed; the first enum value; arrays of
    `minItems` filled items; strings "example" repeated or cut to minLength/maxLength; numbers
    within their bounds. `pattern` and `oneOf` exclusivity are not honoured.

    Args:
        schema: The schema, possibly with `$ref`s into `root`'s `$defs`/`definitions`.
        root: Document the refs point into; defaults to `schema`.
    """
    if isinstance(schema, bool):
        return None
    return _fill(schema, root if root is not None else schema, 0)


def _fill(schema: Any, root: dict[str, Any], depth: int) -> Any:
    if not isinstance(schema, dict) or depth > 40:
        return None  # true/{}-like or a self-nesting schema: null is the best bet
    if "$ref" in schema:
        return _fill(_resolve(schema["$ref"], root), root, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if options:
            resolved = [_resolve(o["$ref"], root) if "$ref" in o else o for o in options]
            if any(_allows_null(o) for o in resolved):
                return None
            return _fill(options[0], root, depth + 1)
    if schema.get("allOf"):
        parts = [_fill(p, root, depth + 1) for p in schema["allOf"]]
        if all(isinstance(p, dict) for p in parts):
            merged: dict[str, Any] = {}
            for p in parts:
                merged.update(p)
            return merged
        return parts[0]

    kind = schema.get("type")
    if isinstance(kind, list):
        if "null" in kind:
            return None
        kind = kind[0] if kind else None
    if kind is None:
        if "properties" in schema or "required" in schema:
            kind = "object"
        elif "items" in schema or "prefixItems" in schema:
            kind = "array"
        else:
            return None

    if kind == "null":
        return None
    if kind == "boolean":
        return False
    if kind == "object":
        props = schema.get("properties") or {}
        return {
            name: _fill(props.get(name, {}), root, depth + 1) for name in schema.get("required", [])
        }
    if kind == "array":
        prefix = schema.get("prefixItems") or []
        n = max(int(schema.get("minItems", 0)), 0)
        out = [_fill(p, root, depth + 1) for p in prefix[:n]]
        items = schema.get("items")
        while len(out) < n:
            out.append(_fill(items if isinstance(items, dict) else {}, root, depth + 1))
        if schema.get("uniqueItems") and all(isinstance(v, str) for v in out):
            out = [f"{v}{i}" if i else v for i, v in enumerate(out)]
        return out
    if kind == "string":
        return _fill_string(schema)
    if kind in ("integer", "number"):
        return _fill_number(schema, integer=kind == "integer")
    return None


def _resolve(ref: str, root: dict[str, Any]) -> Any:
    if not ref.startswith("#"):
        return {}  # remote refs are out of scope for a loopback fake
    node: Any = root
    for part in ref.lstrip("#").strip("/").split("/"):
        if not part:
            continue
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return {}
        node = node[part]
    return node


def _allows_null(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return (
        kind == "null"
        or (isinstance(kind, list) and "null" in kind)
        or ("const" in schema and schema["const"] is None)
    )


def _fill_string(schema: dict[str, Any]) -> str:
    text = _FORMATS.get(schema.get("format", ""), "example")
    lo = int(schema.get("minLength", 0))
    hi = schema.get("maxLength")
    if len(text) < lo:
        text = (text + " example" * (lo // 8 + 1))[:lo]
        if text.endswith(" "):
            text = text[:-1] + "e"  # a trailing space would not survive whitespace stripping
    if hi is not None and len(text) > int(hi):
        text = text[: int(hi)]
    return text


def _fill_number(schema: dict[str, Any], *, integer: bool) -> int | float:
    step = 1 if integer else 0.5
    lo = schema.get("minimum")
    if schema.get("exclusiveMinimum") is not None:
        lo = schema["exclusiveMinimum"] + step
    hi = schema.get("maximum")
    if schema.get("exclusiveMaximum") is not None:
        hi = schema["exclusiveMaximum"] - step
    value: float = 0
    if lo is not None and value < lo:
        value = lo
    if hi is not None and value > hi:
        value = hi
    multiple = schema.get("multipleOf")
    if multiple:
        value = math.ceil(value / multiple) * multiple
    return int(math.ceil(value)) if integer else float(value)


# -- CLI -----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Serves on 127.0.0.1 until Ctrl-C or SIGTERM; prints the base URL first."""
    parser = argparse.ArgumentParser(
        prog="python -m summarizer.fakeserver",
        description="Loopback OpenAI-compatible test server (127.0.0.1 only).",
    )
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--tokens-per-s", type=float, default=None, help="generation speed")
    parser.add_argument("--error-rate", type=float, default=0.0, help="share of errors, 0..1")
    parser.add_argument("--error-status", type=int, default=500, help="status of those errors")
    parser.add_argument(
        "--script", default="", help="comma-separated plans for the first requests, e.g. 429:2,ok"
    )
    parser.add_argument("--default", default="ok", help="plan after the script (default: ok)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the error RNG")
    parser.add_argument("--api-key", default=None, help="require this bearer key (else 401)")
    parser.add_argument("--keep-requests", type=int, default=0, help="requests kept in memory")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--record", metavar="DIR", help="save each chat request as DIR/<key>.request.json"
    )
    mode.add_argument(
        "--replay", metavar="DIR", help="answer each chat request with DIR/<key>.answer.json"
    )
    args = parser.parse_args(argv)
    try:
        behaviour = Behaviour(
            latency_s=args.latency,
            tokens_per_s=args.tokens_per_s,
            error_rate=args.error_rate,
            error_status=args.error_status,
            script=[p.strip() for p in args.script.split(",") if p.strip()],
            default=args.default,
            seed=args.seed,
        )
    except ValueError as e:
        parser.error(str(e))

    done = threading.Event()
    # SIGTERM too, so a benchmark that spawns the server can end it cleanly.
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    responder: Responder | None = None
    if args.record:
        responder = RecordingResponder(args.record)
    elif args.replay:
        responder = ReplayResponder(args.replay)
    server = FakeOpenAIServer(
        behaviour,
        responder=responder,
        port=args.port,
        api_key=args.api_key,
        keep_requests=args.keep_requests,
    )
    with server:
        print(server.base_url, flush=True)
        try:
            while not done.wait(0.2):
                pass
        except KeyboardInterrupt:
            pass
    print(f"served {server.request_count} requests", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
