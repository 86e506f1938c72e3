"""Structured completion: the one-method Protocol, its answer type, and what the client shares.

The client itself is `client.AsyncOpenAILLM` (openai + instructor), and `client.OpenAILLM` its
synchronous face for one-document use.

Exactly two retry layers (DESIGN.md principle 4): the openai client retries network errors, 429
and 5xx itself (honouring Retry-After) with an explicit `max_retries` and `timeout`; instructor
re-asks only when the answer fails validation, through a tenacity `Retrying` that retries
validation and JSON errors alone. API errors pass straight through and are mapped here to the
tool's error tree.
"""

from __future__ import annotations

import contextvars
import json
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import instructor
import openai

# Both import their OpenAI parts on first use: the client's `chat` resources (0.21 s) and
# instructor's OpenAI provider (0.13 s). Imported with this module, they are not paid inside the
# first run, between its start and its first request.
import openai.resources.chat  # noqa: F401  (imported for its side effect)
from instructor import from_openai
from instructor.core import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError

from summarizer.core.errors import (
    AnswerCutOff,
    BackendError,
    ExtractionError,
    RetryLaterError,
    SummarizerError,
)

T = TypeVar("T", bound=BaseModel)

# The base of a response model as instructor sends and parses it. instructor wraps a model that
# does not subclass it in a new subclass on every call (a pydantic class built per request, on
# the event loop that reads every response); one that does is used as it is.
AnswerSchema = instructor.OpenAISchema


def answer_schema(model: type[T]) -> type[T]:
    """`model` as instructor's own subclass of it, made once: same fields, same JSON Schema."""
    return instructor.openai_schema(model)


Message = dict[str, str]


@dataclass
class Completion(Generic[T]):
    """A validated answer and what it cost, over every attempt (re-asks included).

    `batch_prompt_tokens` and `batch_completion_tokens` are the share of the tokens that went
    through a provider's Batch API, billed at its prices.
    """

    value: T
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 1
    batch_prompt_tokens: int = 0
    batch_completion_tokens: int = 0


class StructuredLLM(Protocol):
    """Anything that turns messages into a validated pydantic object."""

    def complete(
        self, messages: list[Message], response_model: type[T], *, max_tokens: int
    ) -> Completion[T]:
        """Ask once (plus validation re-asks) and return the validated answer.

        Raises:
            ExtractionError: The answer stayed invalid, or ran out of tokens.
            BackendError: The endpoint cannot serve (unreachable, refused key, unknown model).
            RetryLaterError: Rate limited for longer than the client waits.
        """
        ...


@dataclass
class _Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0

    def completion(self, value: T) -> Completion[T]:
        return Completion(
            value=value,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            attempts=max(self.attempts, 1),
        )


# Per-call token counter; a ContextVar so concurrent calls (threads, tasks) never mix their counts.
_usage: contextvars.ContextVar[_Usage | None] = contextvars.ContextVar("usage", default=None)


def _count_response(response: Any) -> None:
    usage = _usage.get()
    if usage is None:
        return
    usage.attempts += 1
    counted = getattr(response, "usage", None)
    if counted is not None:
        usage.prompt_tokens += int(getattr(counted, "prompt_tokens", 0) or 0)
        usage.completion_tokens += int(getattr(counted, "completion_tokens", 0) or 0)


def _describe(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0][:300] if text else type(e).__name__


def map_api_error(
    e: BaseException, *, base_url: str, usage: _Usage | None = None
) -> SummarizerError:
    """Turn an openai/instructor exception into the tool's error tree."""
    cause: BaseException = e
    if isinstance(e, InstructorRetryException) and e.__cause__ is not None:
        cause = e.__cause__
    pt = usage.prompt_tokens if usage else 0
    ct = usage.completion_tokens if usage else 0

    def failed(message: str) -> ExtractionError:
        return ExtractionError(message, prompt_tokens=pt, completion_tokens=ct)

    if isinstance(cause, openai.AuthenticationError | openai.PermissionDeniedError):
        return BackendError(
            f"the endpoint {base_url} refused the API key ({cause.status_code}); "
            "check OPENAI_API_KEY"
        )
    if isinstance(cause, openai.NotFoundError):
        return BackendError(
            f"the endpoint {base_url} answered 404 (unknown model or wrong base URL): "
            f"{_describe(cause)}"
        )
    if isinstance(cause, openai.APITimeoutError):
        return ExtractionError(f"the endpoint did not answer in time ({_describe(cause)})")
    if isinstance(cause, openai.APIConnectionError):
        return BackendError(
            f"cannot reach the endpoint {base_url}: {_describe(cause.__cause__ or cause)}; "
            "check OPENAI_BASE_URL"
        )
    if isinstance(cause, openai.RateLimitError):
        retry_after = 0.0
        try:
            retry_after = float(cause.response.headers.get("retry-after", "0"))
        except ValueError:
            pass
        return RetryLaterError(
            f"rate limited by the endpoint (429) after the client's retries; "
            f"retry after {retry_after:g} s",
            retry_after=retry_after,
        )
    if isinstance(cause, openai.APIStatusError):
        return failed(f"the endpoint answered {cause.status_code}: {_describe(cause)}")
    if isinstance(cause, IncompleteOutputException):
        return AnswerCutOff(
            "the model's answer was cut off at max_tokens (raise --max-tokens)",
            prompt_tokens=pt,
            completion_tokens=ct,
        )
    if isinstance(cause, ValidationError | json.JSONDecodeError) or isinstance(
        e, InstructorRetryException
    ):
        attempts = usage.attempts if usage else 0
        return failed(
            f"the model's answer stayed invalid after {attempts} attempt(s): {_describe(cause)}"
        )
    return failed(f"{type(cause).__name__}: {_describe(cause)}")


# What one structured call may raise; each is mapped to the tool's error tree.
CALL_ERRORS: tuple[type[BaseException], ...] = (
    openai.OpenAIError,
    InstructorRetryException,
    IncompleteOutputException,
    ValidationError,
    json.JSONDecodeError,
)


class StructuredClientBase:
    """What the sync and async clients share: request fields and the instructor patch."""

    def __init__(
        self,
        *,
        base_url: str | None,
        model: str,
        reasks: int,
        temperature: float,
        seed: int | None,
        extra_body: dict[str, Any] | None,
    ) -> None:
        self.base_url = base_url or "https://api.openai.com/v1"
        self.model = model
        self.reasks = reasks
        self.temperature = temperature
        self.seed = seed
        self.extra_body = dict(extra_body or {})

    def _request(
        self, messages: list[Message], response_model: type[BaseModel], *, max_tokens: int
    ) -> dict[str, Any]:
        """The arguments of instructor's create(), but the re-ask policy."""
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "response_model": response_model,
            "max_tokens": max_tokens,
            "temperature": self.temperature,
        }
        if self.seed is not None:
            kwargs["seed"] = self.seed
        if self.extra_body:
            kwargs["extra_body"] = self.extra_body
        return kwargs


def patch(client: Any, mode: str) -> Any:
    """instructor around an openai client, counting every attempt's tokens."""
    instructor_mode = instructor.Mode.TOOLS if mode == "tools" else instructor.Mode.JSON_SCHEMA
    patched = from_openai(client, mode=instructor_mode)
    patched.on("completion:response", _count_response)
    return patched
