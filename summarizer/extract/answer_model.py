"""The model a chunk's answer must fit: pydantic models whose JSON Schema allows only the
chunk's own spans.

Each pick is typed by a Literal enum of one of the chunk's lists (sentence numbers, places), so
the model can type and place what the text holds but cannot point at a sentence or name a place
the chunk does not show. `candidates.response_model` builds one from a chunk's lists, once per
chunk (`Candidates.answer_model`): planning and grounding a chunk share it.

The questions are those the embedded model was measured to improve on the finders alone
(`bench/bench_decisions.py`): which sentences report an event, of what type and where, and
which sentences sum the report up. Its actor kinds, event roles, event statuses and quotation
speakers scored below the finders' own and are no longer asked.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from summarizer.core.schemas import EventType
from summarizer.model.llm import AnswerSchema

# Most events and summary sentences one answer may give.
MAX_EVENT_PICKS = 8
MAX_SUMMARY_PICKS = 3


class _Answer(AnswerSchema):
    """The base of every chunk's answer model: no field beyond the schema's."""

    model_config = ConfigDict(extra="forbid")


def _literal(values: tuple[str, ...]) -> Any:
    return Literal[values]


def build_answer_model(
    places: tuple[str, ...], sentence_ids: tuple[str, ...], event_ids: tuple[str, ...]
) -> type[BaseModel]:
    """The answer model of a chunk: summary sentences among `sentence_ids`, and event picks
    among `event_ids` (when there are any), each placed at one of `places` or none."""
    fields: dict[str, Any] = {}
    if event_ids:
        event_fields: dict[str, Any] = {
            "sentence": (
                _literal(event_ids),
                Field(description="Number of the sentence that reports the event."),
            ),
            "event_type": (EventType, Field(description="ACLED event type.")),
        }
        if places:
            place: Any = Optional[_literal(places)]  # noqa: UP045
            event_fields["location"] = (place, Field(default=None, description="Where."))
        event = create_model("EventPick", __config__=ConfigDict(extra="forbid"), **event_fields)
        fields["events"] = (
            list[event],  # type: ignore[valid-type]
            Field(default_factory=list, max_length=min(MAX_EVENT_PICKS, len(event_ids))),
        )
    fields["summary"] = (
        list[_literal(sentence_ids)],  # type: ignore[misc]
        Field(min_length=1, max_length=min(MAX_SUMMARY_PICKS, len(sentence_ids))),
    )
    return create_model("SpanAnswer", __base__=_Answer, **fields)
