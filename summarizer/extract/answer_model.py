"""The model a chunk's answer must fit: pydantic models whose JSON Schema allows only the
chunk's own spans.

Each pick is typed by a Literal enum of one of the chunk's lists (names, places, sentence and
quotation numbers), so the model can type and link what the text holds but cannot write a name
or a quote the document does not contain. `candidates.response_model` builds one from a chunk's
lists, once per chunk (`Candidates.answer_model`): planning and grounding a chunk share it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from summarizer.core.schemas import ActorKind, EventStatus, EventType
from summarizer.model.llm import AnswerSchema


class _Answer(AnswerSchema):
    """The base of every chunk's answer model: no field beyond the schema's."""

    model_config = ConfigDict(extra="forbid")


def _literal(values: list[str]) -> Any:
    return Literal[tuple(values)]


def answer_limits(
    names: tuple[str, ...],
    sentence_ids: tuple[str, ...],
    quote_ids: tuple[str, ...],
    event_ids: tuple[str, ...],
) -> tuple[int, int, int, int]:
    """Most actors, events, speakers and summary sentences an answer may give."""
    return min(12, len(names)), min(8, len(event_ids)), len(quote_ids), min(3, len(sentence_ids))


def build_answer_model(
    names: tuple[str, ...],
    places: tuple[str, ...],
    sentence_ids: tuple[str, ...],
    quote_ids: tuple[str, ...],
    event_ids: tuple[str, ...],
    limits: tuple[int, int, int, int],
) -> type[BaseModel]:
    """The answer model of a chunk: each pick typed by a Literal of the chunk's own lists."""
    lists = {"n": names, "p": places, "s": sentence_ids, "q": quote_ids, "e": event_ids}
    fields = _answer_fields(
        lambda kind: _literal(list(lists[kind])),
        lambda i: Field(default_factory=list, max_length=limits[i]),
        Field(min_length=1, max_length=limits[3]),
        (bool(names), bool(places), bool(event_ids), bool(quote_ids)),
    )
    return create_model("SpanAnswer", __base__=_Answer, **fields)


def _answer_fields(
    value: Callable[[str], Any],
    many: Callable[[int], Any],
    summary: Any,
    shape: tuple[bool, bool, bool, bool],
) -> dict[str, Any]:
    """The fields of an answer model of a shape (which of names, places, event sentences and
    quotations the chunk has). `value(kind)` types a value from a list ("n", "p", "s", "q",
    "e"), `many(i)` is the field of list i of picks (actors, events, speakers)."""
    names, places, events, quotes = shape
    strict = ConfigDict(extra="forbid")
    fields: dict[str, Any] = {}
    if names:
        actor = create_model(
            "ActorPick",
            __config__=strict,
            name=(value("n"), Field(description="A name from the list of names.")),
            kind=(ActorKind, Field(description="What sort of actor this is.")),
        )
        fields["actors"] = (list[actor], many(0))  # type: ignore[valid-type]
    if events:
        event_fields: dict[str, Any] = {
            "sentence": (
                value("e"),
                Field(description="Number of the sentence that reports the event."),
            ),
            "event_type": (EventType, Field(description="ACLED event type.")),
        }
        if names:
            name_opt: Any = Optional[value("n")]  # noqa: UP045
            event_fields["actor"] = (name_opt, Field(default=None, description="Who did it."))
            event_fields["target"] = (name_opt, Field(default=None, description="Who was hit."))
        if places:
            place_opt: Any = Optional[value("p")]  # noqa: UP045
            event_fields["location"] = (place_opt, Field(default=None, description="Where."))
        event_fields["status"] = (EventStatus, Field(description="How certain the report is."))
        event = create_model("EventPick", __config__=strict, **event_fields)
        fields["events"] = (list[event], many(1))  # type: ignore[valid-type]
    if quotes and names:
        speaker_fields: dict[str, Any] = {
            "quote": (value("q"), Field(description="A quotation number.")),
            "speaker": (
                Optional[value("n")],  # noqa: UP045
                Field(default=None, description="Who said it."),
            ),
        }
        speaker = create_model("SpeakerPick", __config__=strict, **speaker_fields)
        fields["speakers"] = (list[speaker], many(2))  # type: ignore[valid-type]
    fields["summary"] = (list[value("s")], summary)  # type: ignore[misc]
    return fields
