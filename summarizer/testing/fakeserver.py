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

It also keeps OpenAI's Files API (`POST /v1/files` as multipart/form-data, `GET /v1/files`,
`GET /v1/files/{id}`, `GET /v1/files/{id}/content`, `DELETE /v1/files/{id}`) and Batch API
(`POST /v1/batches`, `GET /v1/batches` with `limit`/`after`, `GET /v1/batches/{id}`,
`POST /v1/batches/{id}/cancel`) in memory, for `/v1/chat/completions` batches. Each input line is
answered as a chat request would be, by the same plans and responder (latency aside; "hang",
"close" and "trickle" answer as "ok"): 200 answers go to the output file, other statuses and
malformed lines (`invalid_request`) to the error file, as OpenAI's do. An input file that is
empty, over `batch_max_requests` lines or `batch_max_bytes` bytes, or that repeats a custom_id
fails the batch at validation. How a batch moves on is `batch_mode`:

- "auto" (default): each `GET /v1/batches/{id}` moves it one state: validating -> in_progress ->
  finalizing (every line answered) -> completed (the files written).
- "manual": it is validated at the first retrieve and stays in_progress until the test calls
  `server.settle_batch(batch_id, status, answered)` with "completed", "expired" (the first
  `answered` lines answered, the rest `batch_expired` errors), "cancelled" (the rest left out)
  or "failed".

In either mode `POST /v1/batches/{id}/cancel` makes it "cancelling", and the next retrieve
"cancelled" with the lines answered so far. `server.files` and `server.batches` are snapshots.

    with FakeOpenAIServer(batch_mode="manual") as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="test")
        batch = client.batches.create(input_file_id=..., endpoint="/v1/chat/completions", ...)
        server.settle_batch(batch.id, "expired", answered=2)

Run `python -m summarizer.fakeserver --latency 1` to serve until Ctrl-C. With `--record DIR` it
saves every chat request to DIR (`RecordingResponder`); with `--replay DIR` it answers each one
with the answer saved beside it (`ReplayResponder`): how a capable model's answers, written
offline from the saved requests, are measured without an endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import email.message
import email.parser
import email.utils
import json
import logging
import math
import random
import re
import signal
import sys
import threading
import time
import urllib.parse
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "BATCH_MODES",
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
# Uploads of batch input files run to 200 MB (the provider's limit) and more in tests of it.
_MAX_BODY_BYTES = 512 << 20
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
BATCH_MODES = ("auto", "manual")
_BATCH_ENDPOINT = "/v1/chat/completions"
_BATCH_SETTLED = ("completed", "expired", "failed", "cancelled")
_BATCH_OPEN = ("validating", "in_progress", "finalizing", "cancelling")
_UPLOAD_PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")
_EXPIRED_MESSAGE = "This request could not be executed before the completion window expired."
_DUPLICATE_MESSAGE = (
    "The custom_id for this request is a duplicate of another request. "
    "The custom_id parameter must be unique for each request in a batch."
)
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
            a second if no rate is given). Only chat completions and batch lines consume plans.
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
# (status, JSON object or raw bytes) of an answer.
_Reply = tuple[int, dict[str, Any] | bytes]


@dataclass
class _Answer:
    """One batch line, answered: its output- or error-file record and its token counts."""

    ok: bool
    record: dict[str, Any]
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass
class _Batch:
    """A batch: the object the API shows, its input lines (read at validation) and the answers
    of the first `len(answers)` of them."""

    obj: dict[str, Any]
    lines: list[bytes] = field(default_factory=list)
    answers: list[_Answer] = field(default_factory=list)


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
        batch_mode: How batches move on: "auto" (one state per retrieve) or "manual" (they
            wait in "in_progress" for `settle_batch`). See the module docstring.
        batch_max_requests: Lines an input file may have; a batch over it fails validation.
        batch_max_bytes: Bytes an input file may have; a batch over it fails validation.

    Attributes:
        behaviour: Read at each chat request and batch line, so it can be swapped while serving.
        request_count: Requests received on any path, also those `keep_requests` let go.
        connection_count: TCP connections accepted (keep-alive reuse keeps it low).
        batch_mode: As the argument; may be changed while serving.
        batch_max_requests: As the argument; read when a batch is validated.
        batch_max_bytes: As the argument; read when a batch is validated.
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
        batch_mode: str = "auto",
        batch_max_requests: int = 50_000,
        batch_max_bytes: int = 200 * 2**20,
    ) -> None:
        self.behaviour = behaviour or Behaviour()
        self.batch_mode = batch_mode
        self.batch_max_requests = batch_max_requests
        self.batch_max_bytes = batch_max_bytes
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
        self._plan_lock = threading.Lock()  # settle_batch draws plans from the caller's thread
        # Files and batches, shared by the serving thread and settle_batch's caller.
        self._store_lock = threading.RLock()
        self._files: dict[str, tuple[dict[str, Any], bytes]] = {}
        self._batches: dict[str, _Batch] = {}

    @property
    def batch_mode(self) -> str:
        """How batches move on: "auto" or "manual" (see the module docstring)."""
        return self._batch_mode

    @batch_mode.setter
    def batch_mode(self, mode: str) -> None:
        if mode not in BATCH_MODES:
            raise ValueError(f"batch_mode must be one of {BATCH_MODES}, got {mode!r}")
        self._batch_mode = mode

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

    @property
    def files(self) -> dict[str, bytes]:
        """Snapshot of the stored files, id -> content (uploads and batch outputs alike; the
        metadata is what `GET /v1/files/{id}` answers)."""
        with self._store_lock:
            return {file_id: data for file_id, (_, data) in self._files.items()}

    @property
    def batches(self) -> dict[str, dict[str, Any]]:
        """Snapshot of the batches, id -> batch object as `GET /v1/batches/{id}` shows it
        (without moving it on), oldest first."""
        with self._store_lock:
            return {batch_id: copy.deepcopy(b.obj) for batch_id, b in self._batches.items()}

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
        path, _, query = target.partition("?")
        body: Any = None
        bad_json = False
        multipart = headers.get("content-type", "").lower().startswith("multipart/")
        if raw and not multipart:  # an upload is no JSON; it is recorded with json None
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
        reply: _Reply | None = None
        if path == "/v1/files" or path.startswith("/v1/files/"):
            reply = self._files_api(method, path, query, headers, raw)
        elif path == "/v1/batches" or path.startswith("/v1/batches/"):
            reply = self._batches_api(method, path, query, None if bad_json else body)
        if reply is not None:
            status, payload = reply
            if isinstance(payload, bytes):
                return await _write_bytes(
                    writer, status, payload, "application/octet-stream", keep_alive=keep_alive
                )
            return await _write(writer, status, payload, keep_alive=keep_alive)
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
        with self._plan_lock:
            return self._draw_plan(behaviour)

    def _draw_plan(self, behaviour: Behaviour) -> str:
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

    # -- Files API -------------------------------------------------------------------------

    def _files_api(
        self, method: str, path: str, query: str, headers: dict[str, str], raw: bytes
    ) -> _Reply:
        parts = [p for p in path.removeprefix("/v1/files").split("/") if p]
        if not parts:
            if method == "POST":
                return self._upload(headers.get("content-type", ""), raw)
            if method == "GET":
                with self._store_lock:
                    metas = [dict(meta) for meta, _ in reversed(self._files.values())]
                return _page(metas, query, default_limit=10_000, max_limit=10_000)
            return 405, _error_body(405)
        if len(parts) > 2 or (len(parts) == 2 and parts[1] != "content"):
            return 404, _error_body(404, f"Unknown path {path}.")
        file_id = parts[0]
        with self._store_lock:
            entry = self._files.get(file_id)
            if entry is None:
                return 404, _error_body(404, f"No such File object: {file_id}", param="id")
            meta, data = entry
            if len(parts) == 2:
                return (200, data) if method == "GET" else (405, _error_body(405))
            if method == "GET":
                return 200, dict(meta)
            if method == "DELETE":
                del self._files[file_id]
                return 200, {"id": file_id, "object": "file", "deleted": True}
        return 405, _error_body(405)

    def _upload(self, content_type: str, raw: bytes) -> _Reply:
        fields = _parse_multipart(content_type, raw)
        if fields is None:
            return 400, _error_body(400, "Expected a multipart/form-data body.")
        upload = fields.get("file")
        if upload is None or upload[0] is None:
            return 400, _error_body(400, "Missing required parameter: 'file'.", param="file")
        if "purpose" not in fields:
            return 400, _error_body(400, "Missing required parameter: 'purpose'.", param="purpose")
        purpose = fields["purpose"][1].decode("utf-8", "replace")
        if purpose not in _UPLOAD_PURPOSES:
            msg = f"Invalid value for 'purpose': {purpose!r}; expected one of {_UPLOAD_PURPOSES}."
            return 400, _error_body(400, msg, param="purpose")
        return 200, self._add_file(upload[0], purpose, upload[1])

    def _add_file(self, filename: str, purpose: str, data: bytes) -> dict[str, Any]:
        created = int(time.time())
        meta: dict[str, Any] = {
            "id": f"file-{uuid.uuid4().hex[:24]}",
            "object": "file",
            "bytes": len(data),
            "created_at": created,
            # Batch files expire after 30 days unless told otherwise; others are kept.
            "expires_at": created + 30 * 86_400 if purpose.startswith("batch") else None,
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
            "status_details": None,
        }
        with self._store_lock:
            self._files[meta["id"]] = (meta, data)
        return dict(meta)

    # -- Batch API -------------------------------------------------------------------------

    def settle_batch(
        self, batch_id: str | None = None, status: str = "completed", answered: int | None = None
    ) -> list[dict[str, Any]]:
        """Ends open batches as `status`; how tests finish batches in "manual" mode (it works in
        "auto" mode too).

        A batch still validating is validated first (one that fails validation stays failed).
        "completed" answers every line; "expired" and "cancelled" answer the first `answered`
        lines (default 0), and for "expired" the rest get `batch_expired` lines in the error file
        while for "cancelled" they are left out; "failed" answers none and sets `errors`.
        Answers use `behaviour`'s plans and the responder, as chat requests do.

        Args:
            batch_id: The batch to end; None ends every open one (validating, in_progress,
                finalizing or cancelling).
            status: "completed", "expired", "failed" or "cancelled".
            answered: Lines answered before an "expired" or "cancelled" end.

        Returns:
            The objects of the batches ended, as `GET /v1/batches/{id}` now shows them.

        Raises:
            KeyError: If there is no batch `batch_id`.
            ValueError: If `status` or `answered` is not allowed, or batch `batch_id` has ended.
        """
        if status not in _BATCH_SETTLED:
            raise ValueError(f"status must be one of {_BATCH_SETTLED}, got {status!r}")
        if answered is not None and (answered < 0 or status not in ("expired", "cancelled")):
            raise ValueError("answered must be >= 0 and goes with expired or cancelled only")
        with self._store_lock:
            if batch_id is None:
                targets = [b for b in self._batches.values() if b.obj["status"] in _BATCH_OPEN]
            else:
                if batch_id not in self._batches:
                    raise KeyError(f"no batch {batch_id!r}")
                batch = self._batches[batch_id]
                if batch.obj["status"] not in _BATCH_OPEN:
                    raise ValueError(f"batch {batch_id} has ended: {batch.obj['status']}")
                targets = [batch]
            for batch in targets:
                if batch.obj["status"] == "validating":
                    self._validate(batch)
                    if batch.obj["status"] == "failed":
                        continue
                if status == "failed":
                    msg = "The batch failed while it was being processed."
                    self._fail(batch, [_batch_error("batch_failed", msg)])
                else:
                    self._finish(batch, status, answered or 0)
            return [copy.deepcopy(b.obj) for b in targets]

    def _batches_api(self, method: str, path: str, query: str, body: Any) -> _Reply:
        parts = [p for p in path.removeprefix("/v1/batches").split("/") if p]
        if not parts:
            if method == "POST":
                return self._create_batch(body)
            if method == "GET":
                with self._store_lock:
                    objs = [copy.deepcopy(b.obj) for b in reversed(self._batches.values())]
                return _page(objs, query, default_limit=20, max_limit=100)
            return 405, _error_body(405)
        if len(parts) > 2 or (len(parts) == 2 and parts[1] != "cancel"):
            return 404, _error_body(404, f"Unknown path {path}.")
        with self._store_lock:
            batch = self._batches.get(parts[0])
            if batch is None:
                return 404, _error_body(404, f"No batch found with id '{parts[0]}'.", param="id")
            if len(parts) == 2:
                return self._cancel(batch) if method == "POST" else (405, _error_body(405))
            if method != "GET":
                return 405, _error_body(405)
            self._step(batch)
            return 200, copy.deepcopy(batch.obj)

    def _create_batch(self, body: Any) -> _Reply:
        if not isinstance(body, dict):
            return 400, _error_body(400, "The request body is not a JSON object.")
        file_id = body.get("input_file_id")
        endpoint = body.get("endpoint")
        window = body.get("completion_window")
        metadata = body.get("metadata")
        with self._store_lock:
            entry = self._files.get(file_id) if isinstance(file_id, str) else None
        if entry is None:
            msg = f"Invalid 'input_file_id': no file {file_id!r}."
            return 400, _error_body(400, msg, param="input_file_id")
        if entry[0]["purpose"] != "batch":
            msg = f"File {file_id} has purpose {entry[0]['purpose']!r}; a batch needs 'batch'."
            return 400, _error_body(400, msg, param="input_file_id")
        if endpoint != _BATCH_ENDPOINT:
            msg = f"Invalid 'endpoint': {endpoint!r}; this server batches {_BATCH_ENDPOINT} only."
            return 400, _error_body(400, msg, param="endpoint")
        if window != "24h":
            msg = f"Invalid 'completion_window': {window!r}; expected '24h'."
            return 400, _error_body(400, msg, param="completion_window")
        if metadata is not None and not (
            isinstance(metadata, dict)
            and len(metadata) <= 16
            and all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items())
        ):
            msg = "Invalid 'metadata': expected at most 16 string keys with string values."
            return 400, _error_body(400, msg, param="metadata")
        created = int(time.time())
        obj: dict[str, Any] = {
            "id": f"batch_{uuid.uuid4().hex[:24]}",
            "object": "batch",
            "endpoint": endpoint,
            "model": None,
            "errors": None,
            "input_file_id": file_id,
            "completion_window": window,
            "status": "validating",
            "output_file_id": None,
            "error_file_id": None,
            "created_at": created,
            "in_progress_at": None,
            "expires_at": created + 86_400,
            "finalizing_at": None,
            "completed_at": None,
            "failed_at": None,
            "expired_at": None,
            "cancelling_at": None,
            "cancelled_at": None,
            "request_counts": {"total": 0, "completed": 0, "failed": 0},
            "usage": _batch_usage(0, 0),
            "metadata": metadata,
        }
        with self._store_lock:
            self._batches[obj["id"]] = _Batch(obj)
        return 200, copy.deepcopy(obj)

    def _cancel(self, batch: _Batch) -> _Reply:
        status = batch.obj["status"]
        if status in ("validating", "in_progress", "finalizing"):
            batch.obj["status"] = "cancelling"
            batch.obj["cancelling_at"] = int(time.time())
        elif status != "cancelling":
            return 409, _error_body(409, f"Cannot cancel a batch with status '{status}'.")
        return 200, copy.deepcopy(batch.obj)

    def _step(self, batch: _Batch) -> None:
        """What a retrieve does: validate, end a cancel, and in "auto" mode move one state on."""
        status = batch.obj["status"]
        if status == "validating":
            self._validate(batch)
        elif status == "cancelling":
            self._finish(batch, "cancelled", len(batch.answers))
        elif self.batch_mode == "auto" and status == "in_progress":
            self._answer_lines(batch, len(batch.lines))
            batch.obj["status"] = "finalizing"
            batch.obj["finalizing_at"] = int(time.time())
            batch.obj["request_counts"] = _request_counts(batch.answers, len(batch.lines))
        elif self.batch_mode == "auto" and status == "finalizing":
            self._finish(batch, "completed", len(batch.lines))

    def _validate(self, batch: _Batch) -> None:
        """validating -> in_progress, or failed if the input file is gone, empty, too large or
        holds a custom_id twice."""
        entry = self._files.get(batch.obj["input_file_id"])
        if entry is None:
            msg = "The input file was deleted before the batch was validated."
            return self._fail(batch, [_batch_error("file_not_found", msg)])
        data = entry[1]
        numbered = [(n, line) for n, line in enumerate(data.split(b"\n"), 1) if line.strip()]
        if not numbered:
            return self._fail(batch, [_batch_error("empty_file", "The input file is empty.")])
        if len(data) > self.batch_max_bytes:
            msg = f"The input file has {len(data)} bytes; a batch takes {self.batch_max_bytes}."
            return self._fail(batch, [_batch_error("file_too_large", msg)])
        if len(numbered) > self.batch_max_requests:
            msg = f"The input file has {len(numbered)} requests; a batch takes "
            msg += f"{self.batch_max_requests}."
            return self._fail(batch, [_batch_error("too_many_tasks", msg)])
        seen: set[str] = set()
        model: str | None = None
        for n, line in numbered:
            parsed = _json_or_none(line)
            if not isinstance(parsed, dict):
                continue
            custom_id = parsed.get("custom_id")
            if isinstance(custom_id, str):
                if custom_id in seen:
                    error = _batch_error("duplicate_custom_id", _DUPLICATE_MESSAGE, line=n)
                    return self._fail(batch, [error])
                seen.add(custom_id)
            body = parsed.get("body")
            if model is None and isinstance(body, dict) and isinstance(body.get("model"), str):
                model = body["model"]
        batch.lines = [line for _, line in numbered]
        batch.obj.update(
            status="in_progress",
            in_progress_at=int(time.time()),
            model=model,
            request_counts={"total": len(numbered), "completed": 0, "failed": 0},
        )

    def _fail(self, batch: _Batch, errors: list[dict[str, Any]]) -> None:
        batch.obj.update(
            status="failed", failed_at=int(time.time()), errors={"object": "list", "data": errors}
        )

    def _answer_lines(self, batch: _Batch, upto: int) -> None:
        for line in batch.lines[len(batch.answers) : upto]:
            batch.answers.append(self._batch_line(line))

    def _batch_line(self, line: bytes) -> _Answer:
        """Answers one input line as `_chat` would (plans and responder alike); a malformed
        line gets an `invalid_request` error record."""
        parsed = _json_or_none(line)
        if not isinstance(parsed, dict):
            msg = "This line is not a JSON object."
            return _Answer(False, _line_record(None, error=("invalid_request", msg)))
        custom_id = parsed.get("custom_id")
        if not isinstance(custom_id, str) or not custom_id:
            msg = "Missing required parameter: 'custom_id'."
            return _Answer(False, _line_record(None, error=("invalid_request", msg)))
        body = parsed.get("body")
        msg = ""
        if parsed.get("method") != "POST":
            msg = f"Invalid 'method': {parsed.get('method')!r}; batch requests use 'POST'."
        elif parsed.get("url") != _BATCH_ENDPOINT:
            msg = f"Invalid 'url': {parsed.get('url')!r}; this batch's endpoint is "
            msg += f"{_BATCH_ENDPOINT}."
        elif not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            msg = "Invalid 'body': expected an object with a 'messages' list."
        if msg or not isinstance(body, dict):
            return _Answer(False, _line_record(custom_id, error=("invalid_request", msg)))
        status, payload = self._chat_answer(body, self._next_plan(self.behaviour))
        record = _line_record(custom_id, status=status, body=payload)
        if status != 200:
            return _Answer(False, record)
        usage = payload["usage"]
        return _Answer(True, record, usage["prompt_tokens"], usage["completion_tokens"])

    def _finish(self, batch: _Batch, status: str, answered: int) -> None:
        """Ends a validated (or never validated) batch as completed, expired or cancelled,
        writing its output and error files."""
        total = len(batch.lines)
        upto = total if status == "completed" else min(answered, total)
        self._answer_lines(batch, upto)
        answers = batch.answers[:upto]
        # Answers with a non-200 status go to the error file, as OpenAI's do.
        output = [a.record for a in answers if a.ok]
        errors = [a.record for a in answers if not a.ok]
        if status == "expired":
            for line in batch.lines[upto:]:
                parsed = _json_or_none(line)
                custom_id = parsed.get("custom_id") if isinstance(parsed, dict) else None
                error = ("batch_expired", _EXPIRED_MESSAGE)
                errors.append(
                    _line_record(custom_id if isinstance(custom_id, str) else None, error=error)
                )
        batch_id = batch.obj["id"]
        now = int(time.time())
        if output:
            meta = self._add_file(f"{batch_id}_output.jsonl", "batch_output", _jsonl(output))
            batch.obj["output_file_id"] = meta["id"]
        if errors:
            meta = self._add_file(f"{batch_id}_error.jsonl", "batch_output", _jsonl(errors))
            batch.obj["error_file_id"] = meta["id"]
        batch.obj["request_counts"] = {
            "total": total,
            "completed": len(output),
            "failed": len(errors),
        }
        batch.obj["usage"] = _batch_usage(
            sum(a.prompt_tokens for a in answers), sum(a.completion_tokens for a in answers)
        )
        if status == "completed":
            for key in ("in_progress_at", "finalizing_at"):
                batch.obj[key] = batch.obj[key] or now
        if status == "cancelled":
            batch.obj["cancelling_at"] = batch.obj["cancelling_at"] or now
        batch.obj["status"] = status
        batch.obj[f"{status}_at"] = now


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


def _error_body(
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


def _parse_multipart(content_type: str, raw: bytes) -> dict[str, tuple[str | None, bytes]] | None:
    """The fields of a multipart/form-data body: name -> (filename or None, bytes); None if the
    body is not multipart."""
    header = email.message.Message()
    header["content-type"] = content_type
    boundary = header.get_boundary()
    if header.get_content_type() != "multipart/form-data" or not boundary:
        return None
    fields: dict[str, tuple[str | None, bytes]] = {}
    for chunk in raw.split(b"--" + boundary.encode("latin-1"))[1:]:
        if chunk.startswith(b"--"):
            break  # the closing delimiter
        head, sep, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            return None
        part = email.parser.BytesHeaderParser().parsebytes(head + b"\r\n\r\n")
        name = part.get_param("name", header="content-disposition")
        if name is None:
            continue
        filename = part.get_filename()
        if filename is not None:  # undo the parser's surrogate escapes of UTF-8 bytes
            filename = filename.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        # The CRLF before a delimiter belongs to the delimiter.
        fields[email.utils.collapse_rfc2231_value(name)] = (filename, data.removesuffix(b"\r\n"))
    return fields


def _page(items: list[dict[str, Any]], query: str, *, default_limit: int, max_limit: int) -> _Reply:
    """One page of a list answer, as OpenAI's cursor pages: `limit` items after the `after` id."""
    params = urllib.parse.parse_qs(query)
    try:
        limit = int(params.get("limit", [str(default_limit)])[-1])
    except ValueError:
        limit = 0
    if not 1 <= limit <= max_limit:
        msg = f"Invalid 'limit': expected an integer from 1 to {max_limit}."
        return 400, _error_body(400, msg, param="limit")
    start = 0
    if "after" in params:
        after = params["after"][-1]
        ids = [item["id"] for item in items]
        if after not in ids:
            return 400, _error_body(400, f"Invalid 'after': no object {after!r}.", param="after")
        start = ids.index(after) + 1
    data = items[start : start + limit]
    return 200, {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": start + limit < len(items),
    }


def _json_or_none(line: bytes) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        return None


def _jsonl(records: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def _line_record(
    custom_id: str | None,
    *,
    status: int | None = None,
    body: dict[str, Any] | None = None,
    error: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """A line of a batch's output or error file: a response, or an error without one."""
    response = None
    if status is not None:
        response = {"status_code": status, "request_id": f"req_{uuid.uuid4().hex}", "body": body}
    return {
        "id": f"batch_req_{uuid.uuid4().hex}",
        "custom_id": custom_id,
        "response": response,
        "error": {"code": error[0], "message": error[1]} if error else None,
    }


def _batch_error(code: str, message: str, *, line: int | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "param": None, "line": line}


def _request_counts(answers: list[_Answer], total: int) -> dict[str, int]:
    ok = sum(a.ok for a in answers)
    return {"total": total, "completed": ok, "failed": len(answers) - ok}


def _batch_usage(input_tokens: int, output_tokens: int) -> dict[str, Any]:
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": input_tokens + output_tokens,
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
