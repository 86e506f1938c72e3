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

It also keeps OpenAI's Files and Batch APIs in memory (`summarizer.testing.fakefiles` and
`summarizer.testing.fakebatches`), for `/v1/chat/completions` batches whose lines are answered
by the same plans and responder (`summarizer.testing.fakebatches` says how a batch moves on: one
state per retrieve in "auto" `batch_mode`, or, in "manual", when the test calls
`server.settle_batch`). `server.files` and `server.batches` are snapshots.

    with FakeOpenAIServer(batch_mode="manual") as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="test")
        batch = client.batches.create(input_file_id=..., endpoint="/v1/chat/completions", ...)
        server.settle_batch(batch.id, "expired", answered=2)

What a chat request is answered with (`Behaviour`, its plans, the chat.completion) is
`summarizer.testing.fakechat`; `python -m summarizer.testing.fakecli` serves from the command line.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections import deque
from typing import Any

from summarizer.testing.fakebatches import FakeBatches
from summarizer.testing.fakechat import Behaviour, Plans, Responder, chat_answer
from summarizer.testing.fakefiles import FakeFiles
from summarizer.testing.fakewire import Reply, error_body, read_body, write, write_bytes
from summarizer.testing.schemafill import default_responder

__all__ = ["FakeOpenAIServer"]

_log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_MODEL = "fake-model"
_MAX_HEADER_BYTES = 1 << 20
_REDACTED_HEADERS = frozenset({"authorization", "proxy-authorization", "api-key", "x-api-key"})


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
            wait in "in_progress" for `settle_batch`). See `summarizer.testing.fakebatches`.
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
        self._file_api = FakeFiles()
        self._batch_api = FakeBatches(
            self._answer_line,
            self._file_api,
            mode=batch_mode,
            max_requests=batch_max_requests,
            max_bytes=batch_max_bytes,
        )
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
        self._plans = Plans()

    @property
    def batch_mode(self) -> str:
        """How batches move on: "auto" or "manual" (see `summarizer.testing.fakebatches`)."""
        return self._batch_api.mode

    @batch_mode.setter
    def batch_mode(self, mode: str) -> None:
        self._batch_api.mode = mode

    @property
    def batch_max_requests(self) -> int:
        """Lines a batch input file may have; read when a batch is validated."""
        return self._batch_api.max_requests

    @batch_max_requests.setter
    def batch_max_requests(self, n: int) -> None:
        self._batch_api.max_requests = n

    @property
    def batch_max_bytes(self) -> int:
        """Bytes a batch input file may have; read when a batch is validated."""
        return self._batch_api.max_bytes

    @batch_max_bytes.setter
    def batch_max_bytes(self, n: int) -> None:
        self._batch_api.max_bytes = n

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
        """Snapshot of the stored files, id -> content (see `FakeFiles.files`)."""
        return self._file_api.files

    @property
    def batches(self) -> dict[str, dict[str, Any]]:
        """Snapshot of the batches, id -> batch object (see `FakeBatches.batches`)."""
        return self._batch_api.batches

    def settle_batch(
        self, batch_id: str | None = None, status: str = "completed", answered: int | None = None
    ) -> list[dict[str, Any]]:
        """Ends open batches as `status`: how tests finish batches in "manual" mode (see
        `FakeBatches.settle_batch`, which says what each status answers and raises)."""
        return self._batch_api.settle_batch(batch_id, status, answered)

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
            await write(writer, 431, error_body(431), keep_alive=False)
            return False
        lines = head.decode("latin-1").split("\r\n")
        try:
            method, target, version = lines[0].split(" ", 2)
        except ValueError:
            await write(writer, 400, error_body(400, "Malformed request line."), keep_alive=False)
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

        raw = await read_body(reader, headers)
        if raw is None:
            await write(writer, 413, error_body(413, "Body too large."), keep_alive=False)
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
                return await write(writer, 405, error_body(405), keep_alive=keep_alive)
            return await write(writer, 200, {"status": "ok"}, keep_alive=keep_alive)
        if self.api_key is not None and headers.get("authorization") != f"Bearer {self.api_key}":
            return await write(writer, 401, error_body(401), keep_alive=keep_alive)
        if path == "/v1/models":
            if method != "GET":
                return await write(writer, 405, error_body(405), keep_alive=keep_alive)
            return await write(writer, 200, self._models(), keep_alive=keep_alive)
        reply: Reply | None = None
        if path == "/v1/files" or path.startswith("/v1/files/"):
            reply = self._file_api.files_api(method, path, query, headers, raw)
        elif path == "/v1/batches" or path.startswith("/v1/batches/"):
            reply = self._batch_api.batches_api(method, path, query, None if bad_json else body)
        if reply is not None:
            status, payload = reply
            if isinstance(payload, bytes):
                return await write_bytes(
                    writer, status, payload, "application/octet-stream", keep_alive=keep_alive
                )
            return await write(writer, status, payload, keep_alive=keep_alive)
        if path != "/v1/chat/completions":
            msg = f"Unknown path {path}."
            return await write(writer, 404, error_body(404, msg), keep_alive=keep_alive)
        if method != "POST":
            return await write(writer, 405, error_body(405), keep_alive=keep_alive)
        if bad_json or not isinstance(body, dict):
            msg = "The request body is not a JSON object."
            return await write(writer, 400, error_body(400, msg), keep_alive=keep_alive)
        return await self._chat(body, headers, reader, writer, keep_alive)

    def _models(self) -> dict[str, Any]:
        created = int(time.time())
        model = {"id": self.model, "object": "model", "created": created, "owned_by": "fakeserver"}
        return {"object": "list", "data": [model]}

    async def _chat(
        self,
        body: dict[str, Any],
        headers: dict[str, str],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        keep_alive: bool,
    ) -> bool:
        behaviour = self.behaviour
        plan = self._plans.next(behaviour)
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
            return await write(writer, 400, error_body(400, msg), keep_alive=keep_alive)
        extra: dict[str, str] = {}
        if plan[0].isdigit():
            status, _, retry_after = plan.partition(":")
            if status == "429" and not retry_after:
                retry_after = "1"
            extra = {"Retry-After": retry_after} if retry_after else {}

        code, response = chat_answer(body, plan, self.responder, self.model)
        if code != 200:
            return await write(writer, code, response, keep_alive=keep_alive, extra=extra)
        if behaviour.tokens_per_s:
            await asyncio.sleep(response["usage"]["completion_tokens"] / behaviour.tokens_per_s)
        rate = float(plan.partition(":")[2] or 10) if plan.startswith("trickle") else None
        return await write(writer, 200, response, keep_alive=keep_alive, trickle=rate)

    def _answer_line(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """A batch line's answer: a chat request's, under the next plan of `behaviour`."""
        plan = self._plans.next(self.behaviour)
        return chat_answer(body, plan, self.responder, self.model)
