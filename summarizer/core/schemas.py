"""Pydantic models of the output contract, and the vocabularies it shares with the drafts.

The output models (`Summary` and its parts) carry offsets, ids and meta that code computes;
`summary_json_schema` is what schemas/summary.schema.json holds, and `schema_hash` keys the
cache. The vocabularies (ACLED event and sub-event types, actor kinds, statuses, uncertainty
kinds) type both the output and what a model is asked to fill, which is `drafts`' models.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.1"

EventType = Literal[
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
]

SubEventType = Literal[
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
]

# ACLED's sub-event types under each event type.
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

ActorKind = Literal[
    "person",
    "armed_group",
    "military",
    "government",
    "state",
    "political_group",
    "organization",
    "media",
    "civilians",
    "other",
]

EventStatus = Literal["confirmed", "claimed", "reported", "alleged", "unclear"]

UncertaintyKind = Literal["hedge", "unconfirmed", "attributed", "contested", "unknown"]


class StrictModel(BaseModel):
    """A model that rejects fields it does not declare (the drafts' base too)."""

    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------------------------
# Output contract
# --------------------------------------------------------------------------------------------


class Span(StrictModel):
    """Character offsets into the document text."""

    start: int = Field(ge=0, description="Start offset (Python code-point index, inclusive).")
    end: int = Field(ge=0, description="End offset (exclusive); text[start:end] is the span.")


class Evidence(StrictModel):
    """A passage of the source that backs an item."""

    text: str = Field(description="The passage, exactly as in the source when verified.")
    start: int | None = Field(
        default=None, ge=0, description="Start offset of the passage; null when not found."
    )
    end: int | None = Field(
        default=None, ge=0, description="End offset of the passage; null when not found."
    )
    verified: bool = Field(
        default=False, description="True when text[start:end] of the document equals `text`."
    )
    page: int | None = Field(
        default=None, ge=1, description="Page of a PDF where the passage starts; null otherwise."
    )


class Source(StrictModel):
    """Where the document came from."""

    path: str | None = Field(default=None, description="File the document was read from.")
    title: str | None = Field(default=None, description="Title, from front matter or the record.")
    date: str | None = Field(default=None, description="Document date, YYYY-MM-DD, when known.")
    url: str | None = Field(default=None, description="Source URL, when known.")
    record_id: str | None = Field(
        default=None, description="Record id inside a JSONL file; null for single-document files."
    )


class Actor(StrictModel):
    """A person, group, force or state that acts or is acted upon in the document."""

    name: str = Field(description="Name as written in the document.")
    kind: ActorKind = Field(description="What sort of actor this is.")
    aliases: list[str] = Field(
        default_factory=list, description="Other names for the same actor found in the document."
    )
    affiliation: str | None = Field(
        default=None, description="The group, state or force the actor belongs to, if stated."
    )
    mentions: list[Span] = Field(
        default_factory=list, description="Every place the name or an alias occurs in the text."
    )


# How every output marks an inferred actor or target after its name.
INFERRED_MARK = "(inferred)"


class Event(StrictModel):
    """Something that happened: an attack, a clash, a protest, an agreement."""

    date: str | None = Field(
        default=None,
        description="Event date, YYYY-MM-DD, resolved from date_text; null if unknown.",
    )
    date_text: str | None = Field(default=None, description="The date as the document words it.")
    location: str | None = Field(default=None, description="Place where it happened.")
    event_type: EventType = Field(description="ACLED event type.")
    sub_event_type: SubEventType | None = Field(
        default=None, description="ACLED sub-event type, when it can be told."
    )
    description: str = Field(description="One sentence saying what happened.")
    actors: list[str] = Field(default_factory=list, description="Who carried it out.")
    targets: list[str] = Field(default_factory=list, description="Who or what was hit or affected.")
    actor_unknown: bool = Field(
        default=False, description="True when the report says who carried it out is unknown."
    )
    inferred: list[str] = Field(
        default_factory=list,
        description="The actors and targets the report names elsewhere but not at the evidence: "
        "the model's reading of the story, not stated where the event is told.",
    )
    fatalities: int | None = Field(default=None, ge=0, description="People killed, if stated.")
    injuries: int | None = Field(default=None, ge=0, description="People injured, if stated.")
    status: EventStatus = Field(
        description="confirmed, claimed (by a party), reported (by media), alleged, or unclear."
    )
    evidence: Evidence = Field(description="The sentence of the source that reports the event.")


class Quote(StrictModel):
    """A direct quotation in the document."""

    speaker: str | None = Field(default=None, description="Who said it; null if not attributed.")
    text: str = Field(description="The quoted words, without the quotation marks.")
    start: int | None = Field(default=None, ge=0, description="Start offset; null when not found.")
    end: int | None = Field(default=None, ge=0, description="End offset; null when not found.")
    verified: bool = Field(default=False, description="True when text[start:end] equals `text`.")
    page: int | None = Field(
        default=None, ge=1, description="Page of a PDF where the quote starts; null otherwise."
    )


class Uncertainty(StrictModel):
    """A claim the document hedges, attributes or leaves unconfirmed."""

    claim: str = Field(description="The claim that is uncertain.")
    kind: UncertaintyKind = Field(
        description="hedge (likely), unconfirmed, attributed (according to), contested, unknown."
    )
    evidence: Evidence = Field(description="The passage that carries the hedge or attribution.")


class Meta(StrictModel):
    """How the summary was made."""

    model: str = Field(description="Model name sent to the endpoint.")
    backend: str = Field(description="embedded, openai-compatible, or fake.")
    prompt_version: str = Field(description="Prompt template name and hash.")
    schema_version: str = Field(description="Version of this output schema.")
    prompt_tokens: int = Field(default=0, ge=0, description="Prompt tokens over all attempts.")
    completion_tokens: int = Field(
        default=0, ge=0, description="Completion tokens over all attempts."
    )
    attempts: int = Field(default=0, ge=0, description="LLM calls made (0 on a cache hit).")
    cost_usd: float = Field(default=0.0, ge=0, description="Estimated cost of this summary.")
    cache_hit: bool = Field(default=False, description="True when served from the cache.")
    elapsed_s: float = Field(default=0.0, ge=0, description="Wall time spent on this document.")
    warnings: list[str] = Field(
        default_factory=list, description="Items dropped or left unverified, and why."
    )
    checks: dict[str, int] = Field(
        default_factory=dict,
        description="How often checking the model's answer against the text dropped, replaced "
        "or added an item, by kind (e.g. quotes_dropped, speakers_replaced, hedges_added).",
    )


class Summary(StrictModel):
    """One grounded, structured summary of one document."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Output schema version.")
    doc_id: str = Field(description="sha256 of the document text.")
    source: Source = Field(description="Where the document came from.")
    summary: str = Field(description="A few sentences on what the document reports.")
    actors: list[Actor] = Field(default_factory=list, description="Actors in the document.")
    events: list[Event] = Field(default_factory=list, description="Events the document reports.")
    quotes: list[Quote] = Field(default_factory=list, description="Direct quotations.")
    uncertainty: list[Uncertainty] = Field(
        default_factory=list, description="Hedged, attributed or unconfirmed claims."
    )
    meta: Meta = Field(description="How the summary was made.")


def shift_offsets(
    summary: Summary, by: int, *, page_of: Callable[[int], int | None] | None = None
) -> Summary:
    """The summary with every offset moved `by` characters (from a file's body to the file),
    and each quote and passage given its page when the file has pages.

    Args:
        summary: A grounded summary whose offsets index a document's body.
        by: Where the body starts in the file's text.
        page_of: The page of an offset into the file's text (PDF input), if any.
    """
    if by == 0 and page_of is None:
        return summary

    def moved(span: dict[str, Any]) -> None:
        for key in ("start", "end"):
            if span.get(key) is not None:
                span[key] += by
        if page_of is not None and "page" in span and span.get("start") is not None:
            span["page"] = page_of(span["start"])

    data = summary.model_dump()
    for actor in data["actors"]:
        for mention in actor["mentions"]:
            moved(mention)
    for event in data["events"]:
        moved(event["evidence"])
    for quote in data["quotes"]:
        moved(quote)
    for flag in data["uncertainty"]:
        moved(flag["evidence"])
    return Summary.model_validate(data)


def summary_json_schema() -> dict[str, Any]:
    """The JSON Schema of the output contract, as written to schemas/summary.schema.json."""
    schema = Summary.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"summarizer/summary/{SCHEMA_VERSION}"
    return schema


def schema_text(schema: dict[str, Any]) -> str:
    """Canonical text of a schema: sorted keys, two-space indent, trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_hash(model: type[BaseModel]) -> str:
    """sha256 of a model's canonical JSON Schema; part of cache keys."""
    text = json.dumps(model.model_json_schema(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
