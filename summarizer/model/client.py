"""The structured client: openai.AsyncOpenAI + instructor, and its synchronous face.

`AsyncOpenAILLM` is the one client; `OpenAILLM` runs it on an event loop of its own, in a
thread of its own, for the callers that work one document at a time (`summarize`, the Python
API, the briefing's adjudicator).

The same two retry layers (DESIGN.md principle 4): `openai.AsyncOpenAI` retries network errors,
429 and 5xx itself with an explicit `max_retries` and `timeout` and waits out `Retry-After`;
instructor re-asks through a tenacity `AsyncRetrying` on validation and JSON errors only.
Errors map to the tool's tree with `llm.map_api_error`, and tokens are counted with llm's
per-task ContextVar hook, so every attempt's tokens are counted, re-asks included.

What this adds for a long unattended run:
- every HTTP request (client retries and re-asks too) passes a client-side `RateLimiter`;
- a `Retry-After` longer than `max_wait_s` is not waited out: the request fails at once with
  `RetryLaterError` (the document is retried by a later run) instead of being retried early;
- timeouts and 5xx answers that outlast the client's retries are `RetryLaterError` too: the
  endpoint, not the document, is at fault, so the next run tries again;
- `probe()` checks reachability and the API key with one cheap request before the first document.
"""

from __future__ import annotations

import asyncio
import contextvars
import email.utils
import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import httpx
import openai
from instructor.core import InstructorRetryException
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt

from summarizer.core.errors import ExtractionError, RetryLaterError, SummarizerError, add_secret
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
from summarizer.model.ratelimit import RateLimiter, estimate_request_tokens
from summarizer.model.transport import AsyncDeadline, SchemaAsGrammar

T = TypeVar("T", bound=BaseModel)

# The openai client waits out a Retry-After of at most two minutes; past that it does not retry.
CLIENT_MAX_RETRY_AFTER_S = 120.0


class AsyncStructuredLLM(Protocol):
    """Anything that turns messages into a validated pydantic object, asynchronously."""

    async def complete(
        self, messages: list[Message], response_model: type[T], *, max_tokens: int
    ) -> Completion[T]:
        """Ask once (plus validation re-asks) and return the validated answer.

        Raises:
            ExtractionError: The answer stayed invalid, or ran out of tokens.
            BackendError: The endpoint cannot serve (unreachable, refused key, unknown model).
            RetryLaterError: Rate limited past the wait allowed, or the endpoint kept failing.
        """
        ...


@dataclass
class _Reservation:
    tokens: int = 0


# Tokens the rate limiter reserved for this task's requests, to correct once the answer is in.
_reserved: contextvars.ContextVar[_Reservation | None] = contextvars.ContextVar(
    "reserved", default=None
)


@dataclass
class RequestStats:
    """What the client sent: HTTP requests (retries included) and the longest Retry-After refused.

    Attributes:
        requests: HTTP requests sent, every attempt counted.
        retry_later_until: Monotonic time before which the endpoint asked not to be called again,
            when it asked for longer than the run may wait; 0 if it never did.
    """

    requests: int = 0
    retry_later_until: float = 0.0


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """Seconds a response asks to wait (`retry-after-ms`, `retry-after` seconds or date)."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            value = float(raw) / scale
        except ValueError:
            parsed = email.utils.parsedate_tz(raw)
            if parsed is None:
                continue
            value = float(email.utils.mktime_tz(parsed) - time.time())
        if math.isfinite(value):
            return max(value, 0.0)
    return None


class _GatedClient(httpx.AsyncClient):
    """An httpx client that passes every request through the rate limiter.

    Overriding `send` (not a transport) also covers requests routed to proxy mounts.
    """

    async def _count_sent(self, event: str, info: dict[str, Any]) -> None:
        if event.endswith("send_request_headers.complete"):
            self._stats.requests += 1

    def __init__(
        self,
        *,
        limiter: RateLimiter,
        max_wait_s: float,
        stats: RequestStats,
        deadline_s: float | None = None,
        grammar: Callable[[dict[str, Any]], str] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("timeout", httpx.Timeout(600.0, connect=5.0))
        kwargs.setdefault(
            "limits", httpx.Limits(max_connections=1000, max_keepalive_connections=100)
        )
        kwargs.setdefault("follow_redirects", True)
        if "transport" not in kwargs and "mounts" not in kwargs:
            made: httpx.AsyncBaseTransport = httpx.AsyncHTTPTransport(limits=kwargs["limits"])
            if grammar is not None:
                made = SchemaAsGrammar(made, grammar)
            # Each attempt whole within the deadline: a trickling answer cannot outlast it.
            kwargs["transport"] = AsyncDeadline(made, deadline_s) if deadline_s else made
        super().__init__(**kwargs)
        self._limiter = limiter
        self._max_wait_s = max_wait_s
        self._stats = stats

    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        reserved = 0
        if request.method == "POST":
            try:
                reserved = estimate_request_tokens(request.content)
            except httpx.RequestNotRead:  # a streamed body: nothing to estimate from
                reserved = 0
        await self._limiter.acquire(reserved)
        reservation = _reserved.get()
        if reservation is not None:
            reservation.tokens += reserved
        # Counted when its headers are on the wire (httpcore's trace), so that a request
        # cancelled while it waited for a connection is not counted as one the endpoint saw.
        request.extensions["trace"] = self._count_sent
        response = await super().send(request, **kwargs)
        if response.status_code in (429, 503):
            wait = parse_retry_after(response.headers)
            if wait is not None and wait > self._max_wait_s:
                # Longer than this run may wait: no client retry; the document is retried later.
                response.headers["x-should-retry"] = "false"
                self._stats.retry_later_until = max(
                    self._stats.retry_later_until, time.monotonic() + wait
                )
            elif wait is not None:
                # The client waits this out for its own retry; hold everyone else as long.
                self._limiter.pause(wait)
        return response


def reask_policy_async(reasks: int) -> AsyncRetrying:
    """instructor's async retry loop: re-ask on validation/JSON errors only, `reasks` times."""
    return AsyncRetrying(
        stop=stop_after_attempt(reasks + 1),
        retry=retry_if_exception_type((ValidationError, json.JSONDecodeError)),
        reraise=True,
    )


def _transient(mapped: SummarizerError, e: BaseException) -> SummarizerError:
    """Timeouts and 5xx that outlasted the client's retries: the endpoint's fault, retry later."""
    if not isinstance(mapped, ExtractionError):
        return mapped
    cause = e.__cause__ if isinstance(e, InstructorRetryException) and e.__cause__ else e
    if isinstance(cause, openai.APITimeoutError) or (
        isinstance(cause, openai.APIStatusError) and cause.status_code in (408, 409)
    ):
        return RetryLaterError(mapped.message, transient=True)
    if isinstance(cause, openai.APIStatusError) and cause.status_code >= 500:
        return RetryLaterError(mapped.message, transient=True)
    return mapped


class AsyncOpenAILLM(StructuredClientBase):
    """openai.AsyncOpenAI + instructor, for any OpenAI-compatible endpoint.

    Args:
        The arguments of `llm.OpenAILLM` (but `http_client`), and:
        limiter: Client-side rate limit shared by all requests; none when None.
        max_wait_s: Longest `Retry-After` waited out (at most the client's 120 s).
        grammar: Turns an answer's JSON Schema into the server's grammar, sent in place of
            `response_format` (the embedded llama.cpp server: `local.llama_grammar`).
    """

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str | None,
        model: str,
        mode: str = "json_schema",
        timeout_s: float = 120.0,
        max_retries: int = 2,
        reasks: int = 2,
        temperature: float = 0.0,
        seed: int | None = 42,
        extra_body: dict[str, Any] | None = None,
        limiter: RateLimiter | None = None,
        max_wait_s: float = CLIENT_MAX_RETRY_AFTER_S,
        grammar: Callable[[dict[str, Any]], str] | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            model=model,
            reasks=reasks,
            temperature=temperature,
            seed=seed,
            extra_body=extra_body,
        )
        self.timeout_s = timeout_s
        self.limiter = limiter or RateLimiter()
        self.stats = RequestStats()
        http_client = _GatedClient(
            limiter=self.limiter,
            max_wait_s=min(max_wait_s, CLIENT_MAX_RETRY_AFTER_S),
            stats=self.stats,
            deadline_s=timeout_s,
            grammar=grammar,
        )
        # An endpoint may echo the key in an error body: error texts are scrubbed of it.
        add_secret(api_key)
        self._openai = openai.AsyncOpenAI(
            base_url=base_url,
            # Local servers need no key, but the client insists on one; it never leaves this host.
            api_key=api_key or "no-key",
            timeout=timeout_s,
            max_retries=max_retries,
            http_client=http_client,
        )
        self._client = patch(self._openai, mode)

    async def probe(self) -> None:
        """One cheap request (list models, no retries) to learn early that the run cannot work.

        Raises:
            BackendError: The endpoint refused the key or cannot be reached.
        """
        try:
            await self._openai.with_options(
                max_retries=0, timeout=min(self.timeout_s, 30.0)
            ).models.list()
        except openai.APITimeoutError:
            return  # slow, not absent: the first real request will tell
        except (
            openai.AuthenticationError,
            openai.PermissionDeniedError,
            openai.APIConnectionError,
        ) as e:
            raise map_api_error(e, base_url=self.base_url) from e
        except openai.OpenAIError:
            return  # e.g. 404: not every server lists its models

    async def complete(
        self, messages: list[Message], response_model: type[T], *, max_tokens: int
    ) -> Completion[T]:
        usage = _Usage()
        token = _usage.set(usage)
        reservation = _Reservation()
        reserved_token = _reserved.set(reservation)
        try:
            value = await self._client.chat.completions.create(
                **self._request(messages, response_model, max_tokens=max_tokens),
                max_retries=reask_policy_async(self.reasks),
            )
        except CALL_ERRORS as e:
            raise _transient(map_api_error(e, base_url=self.base_url, usage=usage), e) from e
        finally:
            _usage.reset(token)
            _reserved.reset(reserved_token)
            self.limiter.settle(reservation.tokens, usage.prompt_tokens + usage.completion_tokens)
        return usage.completion(value)

    async def aclose(self) -> None:
        await self._openai.close()


class OpenAILLM:
    """`AsyncOpenAILLM` for synchronous callers: each `complete` runs on the client's own event
    loop, in a thread the client starts and `close()` stops.

    Takes the arguments of `AsyncOpenAILLM` but `limiter` and `max_wait_s` (no limits; a
    Retry-After is waited out up to the openai client's two minutes). One document has no later
    run: the endpoint failing past the client's retries (5xx, timeouts) is this document's
    failure, `ExtractionError`, where the nightly job says `RetryLaterError`.
    """

    def __init__(self, **client: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="summarizer-client", daemon=True
        )
        self._thread.start()
        self._client = AsyncOpenAILLM(**client)
        self.base_url = self._client.base_url
        self.model = self._client.model

    def complete(
        self, messages: list[Message], response_model: type[T], *, max_tokens: int
    ) -> Completion[T]:
        """As `AsyncOpenAILLM.complete`, blocking."""
        call = self._client.complete(messages, response_model, max_tokens=max_tokens)
        future = asyncio.run_coroutine_threadsafe(call, self._loop)
        try:
            return future.result()
        except RetryLaterError as e:
            if not e.transient:
                raise
            raise ExtractionError(e.message) from e
        except BaseException:
            future.cancel()  # Ctrl-C: the request in flight stops too
            raise

    def close(self) -> None:
        """Close the client, then stop its loop and thread (idempotent)."""
        if self._loop.is_closed():
            return
        asyncio.run_coroutine_threadsafe(self._client.aclose(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()
