"""Doubtful pairs of actor names decided by a model, its answers cached like summaries.

Reconciliation (`summarizer.briefing.actors`) settles most pairs of names by rule; a pair that
is neither clearly one actor nor clearly two goes to an optional `Adjudicator`, which sees each
side as a `Candidate` (name, kind, affiliation and a passage) and answers whether they are one
actor, or None when it cannot tell. `ModelAdjudicator` asks a StructuredLLM with the
adjudicate_actors prompt; once the backend fails it answers None for the rest of the run, and
the pairs stay apart.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from summarizer.core.errors import BackendError, SummarizerError
from summarizer.core.prompts import Prompt, fence, load_prompt
from summarizer.core.schemas import schema_hash
from summarizer.model.llm import StructuredLLM
from summarizer.store.cache import SummaryCache, cache_key

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Candidate:
    """What an adjudicator sees of one side of a doubtful pair."""

    name: str
    kind: str | None
    affiliation: str | None
    context: str


class Adjudicator(Protocol):
    """Decides whether two names denote one actor; None when it cannot tell."""

    def same_actor(self, a: Candidate, b: Candidate) -> tuple[bool, str] | None: ...


class SameActor(BaseModel):
    """The model's verdict on one pair of names."""

    model_config = ConfigDict(extra="forbid")

    same: bool = Field(description="true only if both names denote the same real-world actor.")
    reason: str = Field(max_length=200, description="One short sentence explaining the verdict.")


@cache
def adjudication_prompt() -> Prompt:
    """The prompt template for pair adjudication (prompts/adjudicate_actors.txt)."""
    return load_prompt("adjudicate_actors")


class ModelAdjudicator:
    """Asks a StructuredLLM about doubtful pairs; answers are cached like summaries.

    Args:
        llm: The model.
        cache: Where answers are kept (key: model, endpoint, prompt, schema, pair).
        model: Model name, for the cache key.
        base_url: Endpoint label, for the cache key.
        max_tokens: Completion budget per pair.
    """

    def __init__(
        self,
        llm: StructuredLLM,
        *,
        cache: SummaryCache | None = None,
        model: str = "",
        base_url: str = "",
        max_tokens: int = 200,
    ) -> None:
        self.llm = llm
        self.cache = cache
        self.model = model
        self.base_url = base_url
        self.max_tokens = max_tokens
        self.calls = 0
        self.cache_hits = 0
        self._broken = False

    def key(self, a: Candidate, b: Candidate) -> str:
        pair = sorted(
            [
                {"name": c.name, "kind": c.kind, "affiliation": c.affiliation, "context": c.context}
                for c in (a, b)
            ],
            key=lambda d: json.dumps(d, sort_keys=True),
        )
        return cache_key(
            model=self.model,
            base_url=self.base_url,
            prompt_hash=adjudication_prompt().sha256,
            schema_hash=schema_hash(SameActor),
            params={"task": "actor-pair", "max_tokens": self.max_tokens},
            text=json.dumps(pair, sort_keys=True, ensure_ascii=False),
        )

    def same_actor(self, a: Candidate, b: Candidate) -> tuple[bool, str] | None:
        if self._broken:
            return None
        key = self.key(a, b)
        if self.cache is not None and (raw := self.cache.get_json(key)) is not None:
            try:
                answer = SameActor.model_validate_json(raw)
                self.cache_hits += 1
                return answer.same, answer.reason
            except ValueError:
                pass
        prompt = adjudication_prompt().fill(
            a=_describe(a), b=_describe(b), context_a=fence(a.context), context_b=fence(b.context)
        )
        self.calls += 1
        try:
            completion = self.llm.complete(
                [{"role": "user", "content": prompt}], SameActor, max_tokens=self.max_tokens
            )
        except BackendError as e:
            log.warning("actor adjudication stopped: %s", e)
            self._broken = True
            return None
        except SummarizerError as e:
            log.warning("actor adjudication of %r / %r failed: %s", a.name, b.name, e)
            return None
        if self.cache is not None:
            self.cache.set_json(key, completion.value.model_dump_json())
        return completion.value.same, completion.value.reason


def _describe(c: Candidate) -> str:
    bits = [c.name]
    if c.kind:
        bits.append(f"kind: {c.kind}")
    if c.affiliation:
        bits.append(f"affiliation: {c.affiliation}")
    return "; ".join(bits)
