"""OpenAI's Batch API in memory, for the fake server's `/v1/chat/completions` batches.

It keeps the Batch API (`POST /v1/batches`, `GET /v1/batches` with `limit`/`after`,
`GET /v1/batches/{id}`, `POST /v1/batches/{id}/cancel`) over the Files API of
`summarizer.testing.fakefiles`, which holds each batch's input, output and error files. Each input
line is answered as a chat request would be, by the same plans and responder (latency aside;
"hang", "close" and "trickle" answer as "ok"): 200 answers go to the output file, other statuses
and malformed lines (`invalid_request`) to the error file, as OpenAI's do. An input file that is
empty, over `max_requests` lines or `max_bytes` bytes, or that repeats a custom_id fails the batch
at validation. How a batch moves on is `mode`:

- "auto" (default): each `GET /v1/batches/{id}` moves it one state: validating -> in_progress ->
  finalizing (every line answered) -> completed (the files written).
- "manual": it is validated at the first retrieve and stays in_progress until the test calls
  `server.settle_batch(batch_id, status, answered)` with "completed", "expired" (the first
  `answered` lines answered, the rest `batch_expired` errors), "cancelled" (the rest left out)
  or "failed".

In either mode `POST /v1/batches/{id}/cancel` makes it "cancelling", and the next retrieve
"cancelled" with the lines answered so far.
"""

from __future__ import annotations

import copy
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from summarizer.testing.fakefiles import FakeFiles
from summarizer.testing.fakewire import Reply, error_body, page

__all__ = ["BATCH_MODES", "FakeBatches"]

BATCH_MODES = ("auto", "manual")
_BATCH_ENDPOINT = "/v1/chat/completions"
_BATCH_SETTLED = ("completed", "expired", "failed", "cancelled")
_BATCH_OPEN = ("validating", "in_progress", "finalizing", "cancelling")
_EXPIRED_MESSAGE = "This request could not be executed before the completion window expired."
_DUPLICATE_MESSAGE = (
    "The custom_id for this request is a duplicate of another request. "
    "The custom_id parameter must be unique for each request in a batch."
)


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


class FakeBatches:
    """The batches of one fake server, shared by its serving thread and the caller of
    `settle_batch`.

    Args:
        answer: Answers a chat request's JSON as the server would (status and JSON of the
            answer, under the server's next plan); called for each batch line.
        files: Where input files are read and output and error files written; its lock guards
            the batches too.
        mode: How batches move on: "auto" (one state per retrieve) or "manual" (they wait in
            "in_progress" for `settle_batch`). See the module docstring.
        max_requests: Lines an input file may have; a batch over it fails validation.
        max_bytes: Bytes an input file may have; a batch over it fails validation.

    Attributes:
        mode: As the argument; may be changed while serving.
        max_requests: As the argument; read when a batch is validated.
        max_bytes: As the argument; read when a batch is validated.
    """

    def __init__(
        self,
        answer: Callable[[dict[str, Any]], tuple[int, dict[str, Any]]],
        files: FakeFiles,
        *,
        mode: str = "auto",
        max_requests: int = 50_000,
        max_bytes: int = 200 * 2**20,
    ) -> None:
        self.answer = answer
        self.mode = mode
        self.max_requests = max_requests
        self.max_bytes = max_bytes
        # Batches and files, shared by the serving thread and settle_batch's caller.
        self._files = files
        self._store_lock = files.lock
        self._batches: dict[str, _Batch] = {}

    @property
    def mode(self) -> str:
        """How batches move on: "auto" or "manual" (see the module docstring)."""
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        if mode not in BATCH_MODES:
            raise ValueError(f"batch_mode must be one of {BATCH_MODES}, got {mode!r}")
        self._mode = mode

    @property
    def batches(self) -> dict[str, dict[str, Any]]:
        """Snapshot of the batches, id -> batch object as `GET /v1/batches/{id}` shows it
        (without moving it on), oldest first."""
        with self._store_lock:
            return {batch_id: copy.deepcopy(b.obj) for batch_id, b in self._batches.items()}

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

    def batches_api(self, method: str, path: str, query: str, body: Any) -> Reply:
        parts = [p for p in path.removeprefix("/v1/batches").split("/") if p]
        if not parts:
            if method == "POST":
                return self._create_batch(body)
            if method == "GET":
                with self._store_lock:
                    objs = [copy.deepcopy(b.obj) for b in reversed(self._batches.values())]
                return page(objs, query, default_limit=20, max_limit=100)
            return 405, error_body(405)
        if len(parts) > 2 or (len(parts) == 2 and parts[1] != "cancel"):
            return 404, error_body(404, f"Unknown path {path}.")
        with self._store_lock:
            batch = self._batches.get(parts[0])
            if batch is None:
                return 404, error_body(404, f"No batch found with id '{parts[0]}'.", param="id")
            if len(parts) == 2:
                return self._cancel(batch) if method == "POST" else (405, error_body(405))
            if method != "GET":
                return 405, error_body(405)
            self._step(batch)
            return 200, copy.deepcopy(batch.obj)

    def _create_batch(self, body: Any) -> Reply:
        if not isinstance(body, dict):
            return 400, error_body(400, "The request body is not a JSON object.")
        file_id = body.get("input_file_id")
        endpoint = body.get("endpoint")
        window = body.get("completion_window")
        metadata = body.get("metadata")
        with self._store_lock:
            entry = self._files.get(file_id) if isinstance(file_id, str) else None
        if entry is None:
            msg = f"Invalid 'input_file_id': no file {file_id!r}."
            return 400, error_body(400, msg, param="input_file_id")
        if entry[0]["purpose"] != "batch":
            msg = f"File {file_id} has purpose {entry[0]['purpose']!r}; a batch needs 'batch'."
            return 400, error_body(400, msg, param="input_file_id")
        if endpoint != _BATCH_ENDPOINT:
            msg = f"Invalid 'endpoint': {endpoint!r}; this server batches {_BATCH_ENDPOINT} only."
            return 400, error_body(400, msg, param="endpoint")
        if window != "24h":
            msg = f"Invalid 'completion_window': {window!r}; expected '24h'."
            return 400, error_body(400, msg, param="completion_window")
        if metadata is not None and not (
            isinstance(metadata, dict)
            and len(metadata) <= 16
            and all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items())
        ):
            msg = "Invalid 'metadata': expected at most 16 string keys with string values."
            return 400, error_body(400, msg, param="metadata")
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

    def _cancel(self, batch: _Batch) -> Reply:
        status = batch.obj["status"]
        if status in ("validating", "in_progress", "finalizing"):
            batch.obj["status"] = "cancelling"
            batch.obj["cancelling_at"] = int(time.time())
        elif status != "cancelling":
            return 409, error_body(409, f"Cannot cancel a batch with status '{status}'.")
        return 200, copy.deepcopy(batch.obj)

    def _step(self, batch: _Batch) -> None:
        """What a retrieve does: validate, end a cancel, and in "auto" mode move one state on."""
        status = batch.obj["status"]
        if status == "validating":
            self._validate(batch)
        elif status == "cancelling":
            self._finish(batch, "cancelled", len(batch.answers))
        elif self.mode == "auto" and status == "in_progress":
            self._answer_lines(batch, len(batch.lines))
            batch.obj["status"] = "finalizing"
            batch.obj["finalizing_at"] = int(time.time())
            batch.obj["request_counts"] = _request_counts(batch.answers, len(batch.lines))
        elif self.mode == "auto" and status == "finalizing":
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
        if len(data) > self.max_bytes:
            msg = f"The input file has {len(data)} bytes; a batch takes {self.max_bytes}."
            return self._fail(batch, [_batch_error("file_too_large", msg)])
        if len(numbered) > self.max_requests:
            msg = f"The input file has {len(numbered)} requests; a batch takes "
            msg += f"{self.max_requests}."
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
        """Answers one input line as a chat request is (plans and responder alike); a malformed
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
        status, payload = self.answer(body)
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
            meta = self._files.add(f"{batch_id}_output.jsonl", "batch_output", _jsonl(output))
            batch.obj["output_file_id"] = meta["id"]
        if errors:
            meta = self._files.add(f"{batch_id}_error.jsonl", "batch_output", _jsonl(errors))
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
