"""FakeLLM: scripted answers and a record of calls, for tests that need no HTTP at all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from summarizer.model.llm import Completion, Message

T = TypeVar("T", bound=BaseModel)

Answer = BaseModel | dict[str, Any] | str | Exception | Callable[[list[Message]], Any]


@dataclass
class FakeLLM:
    """A StructuredLLM that returns scripted answers in order (the last one repeats).

    Each answer is a pydantic object, a dict or JSON string (validated against the requested
    model, as a real endpoint's answer would be), an exception to raise, or a callable that gets
    the messages and returns one of those.
    """

    answers: Sequence[Answer] = ()
    prompt_tokens: int = 100
    completion_tokens: int = 50
    calls: list[list[Message]] = field(default_factory=list)

    def complete(
        self, messages: list[Message], response_model: type[T], *, max_tokens: int
    ) -> Completion[T]:
        self.calls.append(messages)
        if not self.answers:
            raise AssertionError("FakeLLM has no scripted answer")
        answer: Any = self.answers[min(len(self.calls) - 1, len(self.answers) - 1)]
        if callable(answer) and not isinstance(answer, type | BaseModel):
            answer = answer(messages)
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, BaseModel):
            value = response_model.model_validate(answer.model_dump())
        elif isinstance(answer, str):
            value = response_model.model_validate_json(answer)
        else:
            value = response_model.model_validate(answer)
        return Completion(
            value=value,
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            attempts=1,
        )
