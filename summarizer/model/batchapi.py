"""The provider's batch engine: request lines out, answers back, validated as online ones are.

Two parts, both talking to the model's side of the world only (the ledger that remembers what
was sent lives in `nightly/`):

- `BatchedLLM` is an `AsyncStructuredLLM` whose answers come from a batch. For each call it
  renders the very request the online client would send (the same openai + instructor client,
  whose transport never leaves this process), names it by a hash of that body (`custom_id`)
  and asks the ledger. A stored answer is parsed and validated by instructor exactly as an
  online one; an answer that fails validation takes the ordinary online path, re-asks and
  all. A request with no answer yet raises `Pending`, carrying the body to put in a batch.
- `BatchAPI` is the Files and Batches API of any OpenAI-compatible provider (OpenAI, Azure
  OpenAI, a LiteLLM proxy): upload an input file, create a batch, look at it, stream its
  output and error files line by line.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import httpx
import openai
from pydantic import BaseModel

from summarizer.core.errors import BackendError, ExtractionError, SummarizerError, add_secret
from summarizer.model.client import AsyncStructuredLLM, reask_policy_async
from summarizer.model.llm import (
    CALL_ERRORS,
    Completion,
    Message,
    StructuredClientBase,
    _Usage,
    _usage,
    map_api_error,
    patch,
)

T = TypeVar("T", bound=BaseModel)

# What every request line of an input file asks for; Azure OpenAI names it without /v1.
CHAT_URL = "/v1/chat/completions"
# A batch's states (OpenAI's words): the first four are still running.
OPEN_STATES = frozenset({"validating", "in_progress", "finalizing", "cancelling"})
ENDED_STATES = frozenset({"completed", "failed", "expired", "cancelled"})


def custom_id(body: bytes) -> str:
    """A request's name in a batch: a hash of its body, key order aside, so that the same
    request (same document text, prompt, schema and settings) has the same name in every run."""
    canonical = json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False)
    return "s-" + hashlib.sha256(canonical.encode()).hexdigest()[:40]


def request_line(name: str, body: bytes, url: str = CHAT_URL) -> bytes:
    """One line of a batch input file (`custom_id`, `method`, `url`, `body`)."""
    head = json.dumps({"custom_id": name, "method": "POST", "url": url})
    return head[:-1].encode() + b', "body": ' + body + b"}\n"


@dataclass(frozen=True)
class Stored:
    """What the ledger knows of one request.

    Attributes:
        state: "answered" (its answer is in), "waiting" (queued for a batch, or in one) or
            "failed" (given up, `error` says why).
        answer: The answer's body (a chat completion) when answered.
        error: Why it failed.
    """

    state: Literal["answered", "waiting", "failed"]
    answer: bytes | None = None
    error: str | None = None


class Pending(Exception):
    """The answer to this request is not in yet: it waits for a batch, or is new to one.

    Attributes:
        custom_id: The request's name in a batch.
        body: The request's body, as the online client would send it.
        new: True if the ledger has never seen it (the caller queues it).
    """

    def __init__(self, name: str, body: bytes, *, new: bool) -> None:
        super().__init__(name)
        self.custom_id = name
        self.body = body
        self.new = new


@dataclass
class _Call:
    body: bytes | None = None
    name: str | None = None
    stored: Stored | None = None


_call: contextvars.ContextVar[_Call | None] = contextvars.ContextVar("batch_call", default=None)


class _QuietWhileOffline(logging.Filter):
    """instructor logs every failed attempt as an error; the offline client's attempts fail by
    design for each request still waiting for its batch, so their records are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return _call.get() is None


# A logger's filter sees only the records logged on it, not its children's: instructor's retry
# loop logs on its own module's logger.
for _name in ("instructor", "instructor.v2.retry", "instructor.core.retry"):
    logging.getLogger(_name).addFilter(_QuietWhileOffline())


class _FromLedger(httpx.AsyncBaseTransport):
    """The offline client's transport: answers a chat request from the ledger, or stops it
    (nothing leaves this process either way)."""

    def __init__(self, lookup: Callable[[str], Stored | None]) -> None:
        self._lookup = lookup

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        call = _call.get()
        if call is None:
            raise RuntimeError("a batched request outside BatchedLLM.complete")
        body = request.content
        call.body = body
        call.name = custom_id(body)
        call.stored = self._lookup(call.name)
        if call.stored is None or call.stored.answer is None:
            raise _NotAnswered()
        return httpx.Response(
            200, content=call.stored.answer, headers={"content-type": "application/json"}
        )


class _NotAnswered(Exception):
    """Raised by the transport for a request the ledger has no answer to."""


class BatchedLLM(StructuredClientBase):
    """Answers from a batch, validated as online answers are (see the module docstring).

    Args:
        lookup: The ledger's word on a request, by its `custom_id`.
        online: The online client, made on first use: takes answers that fail validation
            (with its re-asks) and, unless `queue_new`, requests the ledger has never seen.
        queue_new: New requests raise `Pending(new=True)` (for a batch) instead of going online.
        The rest: the online client's request fields (`client_args`).
    """

    def __init__(
        self,
        *,
        lookup: Callable[[str], Stored | None],
        online: Callable[[], Awaitable[AsyncStructuredLLM]] | None,
        queue_new: bool,
        model: str,
        mode: str = "json_schema",
        temperature: float = 0.0,
        seed: int | None = 42,
        extra_body: dict[str, Any] | None = None,
        base_url: str | None = None,
        **_online_only: Any,
    ) -> None:
        super().__init__(
            base_url=base_url,
            model=model,
            reasks=0,
            temperature=temperature,
            seed=seed,
            extra_body=extra_body,
        )
        self._online = online
        self.queue_new = queue_new
        # The client that renders requests and parses answers; its transport never sends.
        self._openai = openai.AsyncOpenAI(
            base_url=self.base_url,
            api_key="batch",
            max_retries=0,
            http_client=httpx.AsyncClient(transport=_FromLedger(lookup)),
        )
        self._client = patch(self._openai, mode)

    async def complete(
        self, messages: list[Message], response_model: type[T], *, max_tokens: int
    ) -> Completion[T]:
        """The batch's answer to this request, validated.

        Raises:
            Pending: No answer yet.
            ExtractionError: The batch gave up on the request, or its answer was invalid and
                the online path failed too.
            BackendError, RetryLaterError: From the online path.
        """
        call = _Call()
        usage = _Usage()
        call_token = _call.set(call)
        usage_token = _usage.set(usage)
        try:
            value = await self._client.chat.completions.create(
                **self._request(messages, response_model, max_tokens=max_tokens),
                max_retries=reask_policy_async(0),
            )
        except CALL_ERRORS as e:
            if call.body is None or call.name is None:
                raise map_api_error(e, base_url=self.base_url, usage=usage) from e
            value = None
        finally:
            _call.reset(call_token)
            _usage.reset(usage_token)
        if value is not None:
            done = usage.completion(value)
            done.batch_prompt_tokens = done.prompt_tokens
            done.batch_completion_tokens = done.completion_tokens
            return done
        assert call.body is not None and call.name is not None
        stored = call.stored
        if stored is not None and stored.state == "failed":
            raise ExtractionError(f"the batch gave up on it: {stored.error}")
        if stored is not None and stored.state == "waiting":
            raise Pending(call.name, call.body, new=False)
        if stored is None and (self.queue_new or self._online is None):
            raise Pending(call.name, call.body, new=True)
        # A new request going online, or an answer that failed validation.
        return await self._ask_online(messages, response_model, max_tokens, usage)

    async def _ask_online(
        self, messages: list[Message], response_model: type[T], max_tokens: int, spent: _Usage
    ) -> Completion[T]:
        """The ordinary path, for a new request (when not queued) or an invalid batch answer
        (whose tokens were spent at batch prices and are added)."""
        if self._online is None:
            raise ExtractionError("the batch's answer was invalid, and no endpoint to re-ask")
        online = await self._online()
        try:
            done = await online.complete(messages, response_model, max_tokens=max_tokens)
        except ExtractionError as e:
            e.prompt_tokens += spent.prompt_tokens
            e.completion_tokens += spent.completion_tokens
            raise
        return Completion(
            value=done.value,
            prompt_tokens=done.prompt_tokens + spent.prompt_tokens,
            completion_tokens=done.completion_tokens + spent.completion_tokens,
            attempts=done.attempts + spent.attempts,
            batch_prompt_tokens=spent.prompt_tokens,
            batch_completion_tokens=spent.completion_tokens,
        )

    async def aclose(self) -> None:
        await self._openai.close()


# -- the provider's Files and Batches API ---------------------------------------------------


@dataclass(frozen=True)
class BatchState:
    """A batch as the provider describes it (the fields the tool reads)."""

    id: str
    status: str
    input_file_id: str
    output_file_id: str | None
    error_file_id: str | None
    errors: str | None
    total: int
    completed: int
    failed: int

    @property
    def ended(self) -> bool:
        return self.status in ENDED_STATES


def _state(batch: Any) -> BatchState:
    errors = None
    if batch.errors is not None and batch.errors.data:
        errors = "; ".join(
            f"{e.code or 'error'}: {e.message or ''}".strip() for e in batch.errors.data
        )
    counts = batch.request_counts
    return BatchState(
        id=batch.id,
        status=batch.status,
        input_file_id=batch.input_file_id,
        output_file_id=batch.output_file_id,
        error_file_id=batch.error_file_id,
        errors=errors,
        total=counts.total if counts else 0,
        completed=counts.completed if counts else 0,
        failed=counts.failed if counts else 0,
    )


class BatchAPI:
    """The Files and Batches API of an OpenAI-compatible provider (blocking calls).

    Args:
        base_url: The endpoint, ending in /v1; None for OpenAI itself.
        api_key: The key.
        timeout_s: Per-request timeout (an upload of 200 MB takes a while: at least 600 s).
        max_retries: The openai client's own retries (network errors, 429, 5xx).
    """

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        timeout_s: float = 600.0,
        max_retries: int = 2,
    ) -> None:
        self.base_url = base_url or "https://api.openai.com/v1"
        add_secret(api_key)
        self._client = openai.OpenAI(
            base_url=base_url,
            api_key=api_key or "no-key",
            timeout=max(timeout_s, 600.0),
            max_retries=max_retries,
        )
        self.requests = 0

    def _error(self, e: openai.OpenAIError, what: str) -> SummarizerError:
        mapped = map_api_error(e, base_url=self.base_url)
        if isinstance(mapped, BackendError):
            return mapped
        return BackendError(f"{what}: {mapped.message}")

    def upload(self, path: Path) -> str:
        """Upload a batch input file; its file id."""
        self.requests += 1
        try:
            with path.open("rb") as f:
                return self._client.files.create(file=(path.name, f), purpose="batch").id
        except openai.OpenAIError as e:
            raise self._error(e, f"uploading {path.name} failed") from e

    def find_file(self, filename: str) -> str | None:
        """The id of an uploaded batch input file of this name, if any (a run killed during its
        upload must not upload it twice)."""
        self.requests += 1
        try:
            for f in self._client.files.list(purpose="batch"):
                if f.filename == filename:
                    return f.id
        except openai.OpenAIError as e:
            raise self._error(e, "listing the files failed") from e
        return None

    def create(self, input_file_id: str, *, url: str, metadata: dict[str, str]) -> BatchState:
        """Start a batch over an uploaded file (a 24 h window)."""
        self.requests += 1
        try:
            batch = self._client.batches.create(
                input_file_id=input_file_id,
                endpoint=url,  # type: ignore[arg-type]  # Azure names it without /v1
                completion_window="24h",
                metadata=metadata,
            )
        except openai.OpenAIError as e:
            raise self._error(e, "creating the batch failed") from e
        return _state(batch)

    def retrieve(self, batch_id: str) -> BatchState:
        self.requests += 1
        try:
            return _state(self._client.batches.retrieve(batch_id))
        except openai.OpenAIError as e:
            raise self._error(e, f"looking at batch {batch_id} failed") from e

    def find(self, input_file_id: str) -> BatchState | None:
        """The batch created over this file, if any (a run killed between creating a batch and
        writing its id down must not create a second)."""
        self.requests += 1
        try:
            for batch in self._client.batches.list(limit=100):
                if batch.input_file_id == input_file_id:
                    return _state(batch)
        except openai.OpenAIError as e:
            raise self._error(e, "listing the batches failed") from e
        return None

    def lines(self, file_id: str) -> Iterator[bytes]:
        """An output or error file's lines, streamed (a 50,000-line file is never held whole)."""
        self.requests += 1
        try:
            with self._client.files.with_streaming_response.content(file_id) as response:
                for line in response.iter_lines():
                    if line.strip():
                        yield line.encode()
        except openai.OpenAIError as e:
            raise self._error(e, f"downloading file {file_id} failed") from e

    def close(self) -> None:
        self._client.close()
