"""Pydantic models of the output contract and of the smaller draft the model fills.

The output models (`Summary` and its parts) carry offsets, ids and meta that code computes.
The draft models (`ExtractionDraft` and its parts) are what the LLM is asked for: short,
bounded strings (`max_length`, `max_items`): a small base model otherwise runs away.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SCHEMA_VERSION = "1.0"

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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------------------------
# Output contract
# --------------------------------------------------------------------------------------------


class Span(_Strict):
    """Character offsets into the document text."""

    start: int = Field(ge=0, description="Start offset (Python code-point index, inclusive).")
    end: int = Field(ge=0, description="End offset (exclusive); text[start:end] is the span.")


class Evidence(_Strict):
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


class Source(_Strict):
    """Where the document came from."""

    path: str | None = Field(default=None, description="File the document was read from.")
    title: str | None = Field(default=None, description="Title, from front matter or the record.")
    date: str | None = Field(default=None, description="Document date, YYYY-MM-DD, when known.")
    url: str | None = Field(default=None, description="Source URL, when known.")
    record_id: str | None = Field(
        default=None, description="Record id inside a JSONL file; null for single-document files."
    )


class Actor(_Strict):
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


class Event(_Strict):
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
    fatalities: int | None = Field(default=None, ge=0, description="People killed, if stated.")
    injuries: int | None = Field(default=None, ge=0, description="People injured, if stated.")
    status: EventStatus = Field(
        description="confirmed, claimed (by a party), reported (by media), alleged, or unclear."
    )
    evidence: Evidence = Field(description="The sentence of the source that reports the event.")


class Quote(_Strict):
    """A direct quotation in the document."""

    speaker: str | None = Field(default=None, description="Who said it; null if not attributed.")
    text: str = Field(description="The quoted words, without the quotation marks.")
    start: int | None = Field(default=None, ge=0, description="Start offset; null when not found.")
    end: int | None = Field(default=None, ge=0, description="End offset; null when not found.")
    verified: bool = Field(default=False, description="True when text[start:end] equals `text`.")
    page: int | None = Field(
        default=None, ge=1, description="Page of a PDF where the quote starts; null otherwise."
    )


class Uncertainty(_Strict):
    """A claim the document hedges, attributes or leaves unconfirmed."""

    claim: str = Field(description="The claim that is uncertain.")
    kind: UncertaintyKind = Field(
        description="hedge (likely), unconfirmed, attributed (according to), contested, unknown."
    )
    evidence: Evidence = Field(description="The passage that carries the hedge or attribution.")


class Meta(_Strict):
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


class Summary(_Strict):
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


# --------------------------------------------------------------------------------------------
# What the model fills (smaller, bounded; offsets and meta are computed by code)
# --------------------------------------------------------------------------------------------


class ActorDraft(_Strict):
    name: str = Field(
        min_length=2,
        max_length=80,
        description="Name of a person, group, force or state, copied exactly from the document.",
    )
    kind: ActorKind = Field(
        description="person, armed_group, military, government, state, political_group, "
        "organization, media, civilians or other.",
    )
    affiliation: str | None = Field(
        default=None,
        max_length=80,
        description="Group or state the actor belongs to, copied from the document, or null.",
    )


DraftName = Annotated[str, StringConstraints(min_length=2, max_length=80)]


class EventDraft(_Strict):
    event_type: EventType = Field(
        description="Battles, Explosions/Remote violence, Violence against civilians, Protests, "
        "Riots or Strategic developments.",
    )
    description: str = Field(
        min_length=5, max_length=200, description="One short sentence saying what happened."
    )
    date_text: str | None = Field(
        default=None,
        max_length=40,
        description="When it happened, as the document words it (e.g. 'February 28'), or null.",
    )
    location: str | None = Field(
        default=None, max_length=60, description="Where it happened, as named in the document."
    )
    actors: list[DraftName] = Field(
        default_factory=list,
        max_length=4,
        description="Names of who carried it out, copied from the document.",
    )
    targets: list[DraftName] = Field(
        default_factory=list,
        max_length=4,
        description="Names of who or what was hit, copied from the document.",
    )
    fatalities: int | None = Field(
        default=None, ge=0, le=100000, description="Number killed, if the document states it."
    )
    injuries: int | None = Field(
        default=None, ge=0, le=100000, description="Number injured, if the document states it."
    )
    status: EventStatus = Field(
        description="confirmed, claimed (by a party), reported (by media), alleged or unclear."
    )
    evidence: str = Field(
        min_length=10,
        max_length=300,
        description="The sentence of the document that reports the event, copied exactly.",
    )


class QuoteDraft(_Strict):
    speaker: str | None = Field(
        default=None, max_length=80, description="Who said it, as named in the document, or null."
    )
    text: str = Field(
        min_length=3,
        max_length=400,
        description="The words inside the quotation marks, copied exactly.",
    )


class UncertaintyDraft(_Strict):
    claim: str = Field(
        min_length=5, max_length=200, description="The claim that is not certain, in short."
    )
    kind: UncertaintyKind = Field(
        description="hedge, unconfirmed, attributed, contested or unknown."
    )
    evidence: str = Field(
        min_length=10,
        max_length=300,
        description="The sentence of the document with the hedge word, copied exactly.",
    )


class ExtractionDraft(_Strict):
    """What the model is asked to return for one document."""

    summary: str = Field(
        min_length=10, max_length=600, description="Two or three sentences on what happened."
    )
    actors: list[ActorDraft] = Field(
        default_factory=list, max_length=12, description="Actors named in the document."
    )
    events: list[EventDraft] = Field(
        default_factory=list, max_length=8, description="Events the document reports."
    )
    quotes: list[QuoteDraft] = Field(
        default_factory=list, max_length=8, description="Direct quotations in the document."
    )
    uncertainty: list[UncertaintyDraft] = Field(
        default_factory=list,
        max_length=6,
        description="Claims the document marks as unconfirmed, likely, reported or disputed.",
    )


# --------------------------------------------------------------------------------------------
# The judge strategy: a capable model writes the whole extraction, the text verifies it
# --------------------------------------------------------------------------------------------

# Per chunk, not per document: a long document is asked in chunks, so its lists grow with it.
# The bounds only stop a runaway answer.
_MANY = 80

JudgeName = Annotated[str, StringConstraints(min_length=2, max_length=120)]


class JudgeActor(_Strict):
    name: str = Field(
        min_length=2,
        max_length=120,
        description="The fullest name the report gives, copied exactly as written.",
    )
    kind: ActorKind = Field(
        description="person, armed_group, military, government, state, political_group, "
        "organization, media, civilians or other.",
    )
    aliases: list[JudgeName] = Field(
        default_factory=list,
        max_length=8,
        description="Other names the report uses for the same actor (acronym, surname), "
        "copied exactly.",
    )


class JudgeEvent(_Strict):
    event_type: EventType = Field(
        description="ACLED type: Battles, Explosions/Remote violence, Violence against "
        "civilians, Protests, Riots or Strategic developments.",
    )
    description: str = Field(
        min_length=5, max_length=300, description="One sentence saying who did what to whom."
    )
    evidence: str = Field(
        min_length=10,
        max_length=600,
        description="The sentence of the report that tells the event, copied exactly.",
    )
    date_text: str | None = Field(
        default=None,
        max_length=60,
        description="When it happened, copied as the report words it ('on Thursday', "
        "'March 3'), or null when the report gives no day.",
    )
    date: str | None = Field(
        default=None,
        max_length=10,
        description="That day as YYYY-MM-DD, resolved against the report's date, or null.",
    )
    location: str | None = Field(
        default=None,
        max_length=120,
        description="The most specific place where it happened, as the report names it, or null.",
    )
    actors: list[JudgeName] = Field(
        default_factory=list,
        max_length=6,
        description="Who carried it out, as the report names them. Never the party that only "
        "announced, reported or confirmed it, never the victim. Empty when unknown.",
    )
    actor_unknown: bool = Field(
        default=False,
        description="True when the report says or implies that who did it is unknown.",
    )
    targets: list[JudgeName] = Field(
        default_factory=list,
        max_length=6,
        description="Who or what was hit or affected, as the report names them.",
    )
    fatalities: int | None = Field(
        default=None, ge=0, le=1_000_000, description="People killed, if the report says."
    )
    injuries: int | None = Field(
        default=None, ge=0, le=1_000_000, description="People injured, if the report says."
    )
    status: EventStatus = Field(
        description="confirmed, claimed (by a party), reported (by media), alleged or unclear."
    )


class JudgeQuote(_Strict):
    text: str = Field(
        min_length=1,
        max_length=1500,
        description="The words between the quotation marks, copied exactly, without the marks.",
    )
    speaker: str | None = Field(
        default=None,
        max_length=120,
        description="Who said it, as the report names or describes them ('Ekram al-Akhras', "
        "'an elderly witness'); never the outlet it was told to; null if nobody.",
    )


class JudgeUncertainty(_Strict):
    claim: str = Field(min_length=5, max_length=300, description="The uncertain claim, in short.")
    kind: UncertaintyKind = Field(
        description="hedge, unconfirmed, attributed (to a party or unnamed source), contested "
        "or unknown.",
    )
    evidence: str = Field(
        min_length=10,
        max_length=600,
        description="The sentence of the report that carries the hedge or attribution, "
        "copied exactly.",
    )


class JudgeDraft(_Strict):
    """What a capable model returns for one document (or one chunk of a long one)."""

    summary: str = Field(
        min_length=10,
        max_length=1200,
        description="Two to four sentences on what the report says happened, using only names "
        "and numbers the report gives.",
    )
    actors: list[JudgeActor] = Field(
        default_factory=list, max_length=_MANY, description="Every actor in the report."
    )
    events: list[JudgeEvent] = Field(
        default_factory=list,
        max_length=_MANY,
        description="Every event the report tells, one per place and day.",
    )
    quotes: list[JudgeQuote] = Field(
        default_factory=list,
        max_length=_MANY,
        description="Every passage in double quotation marks, in order.",
    )
    uncertainty: list[JudgeUncertainty] = Field(
        default_factory=list,
        max_length=_MANY,
        description="Every sentence that hedges, attributes or says something is unknown.",
    )


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
    import hashlib

    text = json.dumps(model.model_json_schema(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
