"""The models of briefing.json: what the digest builds and every rendering reads.

The first stage's vocabulary: pydantic models, strict (unknown fields rejected), whose field
descriptions become the JSON Schema written to schemas/briefing.schema.json
(`briefing_json_schema`). `BRIEFING_SCHEMA_VERSION` changes when that schema does.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from summarizer.core.schemas import EventStatus, EventType

BRIEFING_SCHEMA_VERSION = "1.1"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Citation(_Strict):
    """A pointer from a briefing item to the characters of a source that back it."""

    source: int = Field(ge=1, description="Source number, as listed under `sources` ([1], [2]).")
    doc_id: str = Field(description="sha256 of the source document's text.")
    start: int | None = Field(default=None, ge=0, description="Start offset in the source text.")
    end: int | None = Field(default=None, ge=0, description="End offset (exclusive).")
    text: str = Field(description="The cited passage, as in the source when verified.")
    verified: bool = Field(description="True when the passage was found at start:end.")


class BriefingSource(_Strict):
    """One source document of the briefing."""

    number: int = Field(ge=1, description="Citation number: items cite this source as [number].")
    doc_id: str = Field(description="sha256 of the document text.")
    title: str = Field(description="Title, or the file name when the document has none.")
    date: str | None = Field(default=None, description="Document date, YYYY-MM-DD, when known.")
    path: str | None = Field(default=None, description="File the document was read from.")
    url: str | None = Field(default=None, description="Source URL, when known (shown, not linked).")
    record_id: str | None = Field(default=None, description="Record id inside a JSONL file.")
    summary: str = Field(description="The per-document summary.")
    summary_file: str = Field(description="Name of the summary JSON file in OUT.")
    text_available: bool = Field(
        description="True when the source text was found, so passages can be shown in context."
    )
    new: bool = Field(default=False, description="True when new since the --since date.")


class BriefingActor(_Strict):
    """One real-world actor, reconciled across documents."""

    id: str = Field(description="Stable id: slug of the normalized name and a short hash of it.")
    name: str = Field(description="Canonical name: the best-attested spelling.")
    kind: str = Field(description="Kind of actor, by majority of the documents.")
    affiliation: str | None = Field(
        default=None, description="Most frequent affiliation, as canonical actor name if known."
    )
    aliases: list[str] = Field(description="Other spellings, transliterations and acronyms seen.")
    sources: list[int] = Field(description="Numbers of the sources that name this actor.")
    mentions: int = Field(ge=0, description="Times the actor is mentioned, over all sources.")
    events: int = Field(ge=0, description="Merged events this actor carried out.")
    citations: list[Citation] = Field(description="The first mention in each source.")


class ActorRef(_Strict):
    """An actor as an event names it."""

    name: str = Field(description="Canonical name when reconciled, else the name as written.")
    actor_id: str | None = Field(default=None, description="Id of the reconciled actor, if any.")
    inferred: bool = Field(
        default=False,
        description="True when no source names it where it tells the event: the model read it "
        "from the rest of a report.",
    )


class ReportedValue(_Strict):
    """One value of a field as some sources report it."""

    value: str = Field(description="The value as text (a number, or actor names joined).")
    sources: list[int] = Field(description="The sources that report this value.")


class EventReport(_Strict):
    """How one source reports a merged event."""

    source: int = Field(ge=1, description="Source number.")
    date: str | None = Field(default=None, description="Date this source gives.")
    location: str | None = Field(default=None, description="Place as this source names it.")
    description: str = Field(description="This source's one-sentence description.")
    actors: list[str] = Field(description="Perpetrators as this source names them.")
    targets: list[str] = Field(description="Targets as this source names them.")
    inferred: list[str] = Field(
        default_factory=list,
        description="Those of them this source names elsewhere but not where it tells the event.",
    )
    fatalities: int | None = Field(default=None, description="Killed, per this source.")
    injuries: int | None = Field(default=None, description="Injured, per this source.")
    status: EventStatus = Field(description="Status this source gives the event.")
    citation: Citation = Field(description="The sentence of the source that reports it.")


class EventPlace(_Strict):
    """Where an event happened, resolved with an offline gazetteer (briefing/places.py)."""

    country: str = Field(description="Country name.")
    iso: int = Field(description="ISO 3166-1 numeric code, as ACLED gives it.")
    iso3: str = Field(description="ISO 3166-1 alpha-3 code.")
    admin1: str | None = Field(
        default=None,
        description="The province, state or region (ISO 3166-2), where the report names it.",
    )
    latitude: float | None = Field(default=None, description="Latitude, WGS 84.")
    longitude: float | None = Field(default=None, description="Longitude, WGS 84.")
    geo_precision: int = Field(
        ge=1,
        le=3,
        description="ACLED's: 1 the town itself, 2 a part of it or near it, 3 a "
        "larger region (a country: its capital's coordinates).",
    )


class BriefingEvent(_Strict):
    """One event, merged from every source that reports it."""

    id: str = Field(description="Stable id of the merged event.")
    date: str | None = Field(default=None, description="Most reported date, YYYY-MM-DD.")
    location: str | None = Field(default=None, description="Place, as most sources name it.")
    event_type: EventType = Field(description="ACLED event type.")
    sub_event_type: str | None = Field(default=None, description="ACLED sub-event type.")
    description: str = Field(description="Description from the first source reporting it.")
    actors: list[ActorRef] = Field(description="Who carried it out, across sources.")
    actor_unknown: bool = Field(
        default=False,
        description="True when no source names who carried it out and one says it is unknown "
        '("an unknown party", "no group has claimed it").',
    )
    targets: list[ActorRef] = Field(description="Who or what was hit, across sources.")
    fatalities: int | None = Field(
        default=None, description="Killed, when all sources that give a figure agree; else null."
    )
    injuries: int | None = Field(
        default=None, description="Injured, when all sources that give a figure agree; else null."
    )
    fatalities_reported: list[ReportedValue] = Field(
        description="Every figure for the killed and who reports it (more than one: contested)."
    )
    injuries_reported: list[ReportedValue] = Field(
        description="Every figure for the injured and who reports it."
    )
    status: EventStatus = Field(description="The firmest status any source gives.")
    statuses: list[ReportedValue] = Field(description="Each status and the sources giving it.")
    sources: list[int] = Field(description="Numbers of the sources reporting the event.")
    reports: list[EventReport] = Field(description="Each source's report, in source order.")
    contradictions: list[str] = Field(description="Ids of contradictions about this event.")
    place: EventPlace | None = Field(
        default=None, description="The location resolved to a country and coordinates."
    )
    verified: bool = Field(
        description="True when some source's passage reporting it was found verbatim. An "
        "unverified event (plain strategy: the model's words, not the text's) is marked in the "
        "timeline and left out of the bottom line."
    )


class Contradiction(_Strict):
    """Sources that disagree about one event: both sides kept, never averaged."""

    id: str = Field(description="Stable id.")
    event_id: str = Field(description="The merged event concerned.")
    kind: Literal["fatalities", "injuries", "attribution"] = Field(
        description="What the sources disagree on."
    )
    statement: str = Field(description="One sentence stating the disagreement.")
    values: list[ReportedValue] = Field(description="Each competing value and its sources.")


class QuoteItem(_Strict):
    """One direct quotation."""

    text: str = Field(description="The quoted words.")
    verified: bool = Field(description="True when found verbatim in the source.")
    citation: Citation = Field(description="Where the quote is in its source.")


class SpeakerQuotes(_Strict):
    """The quotations of one speaker."""

    speaker: str = Field(description="Canonical speaker name, or 'Unattributed'.")
    actor_id: str | None = Field(default=None, description="Reconciled actor id, if any.")
    quotes: list[QuoteItem] = Field(description="Verified quotes first, then by source.")


class UncertaintyItem(_Strict):
    """A claim a source hedges, attributes or leaves unconfirmed."""

    claim: str = Field(description="The uncertain claim.")
    kind: str = Field(description="hedge, unconfirmed, attributed, contested or unknown.")
    citation: Citation = Field(description="The passage carrying the hedge or attribution.")


class ActorPairDecision(_Strict):
    """A pair of actor names that was neither clearly one actor nor clearly two."""

    a: str = Field(description="One name.")
    b: str = Field(description="The other name.")
    merged: bool = Field(description="True when they were merged into one actor.")
    decided_by: Literal["rule", "model", "none"] = Field(
        description="model (adjudicated), rule, or none (no adjudicator: kept apart)."
    )
    reason: str = Field(description="Why.")


class BlufSentence(_Strict):
    """One sentence of the bottom line, with the sources it rests on."""

    text: str = Field(description="The sentence, without its citation marks.")
    sources: list[int] = Field(description="Sources cited for the sentence.")
    citations: list[Citation] = Field(
        default_factory=list,
        description="Passages backing the sentence (empty when it rests on whole sources).",
    )


class NewSince(_Strict):
    """What is new since the --since date (for the nightly job)."""

    since: str = Field(description="The --since value.")
    sources: list[int] = Field(description="Sources dated on or after it.")
    events: list[str] = Field(description="Ids of merged events dated on or after it.")


class Briefing(_Strict):
    """A grounded briefing merged from many per-document summaries."""

    schema_version: str = Field(
        default=BRIEFING_SCHEMA_VERSION, description="Version of this schema."
    )
    title: str = Field(description="Title of the briefing.")
    period_start: str | None = Field(default=None, description="Earliest source or event date.")
    period_end: str | None = Field(default=None, description="Latest source or event date.")
    events_start: str | None = Field(
        default=None,
        description="Earliest day of an event the sources report from their own weeks (an "
        "event recalled from years before is left out of the span).",
    )
    events_end: str | None = Field(default=None, description="Latest such event day.")
    bluf: list[BlufSentence] = Field(description="Bottom line up front, every sentence cited.")
    new_since: NewSince | None = Field(default=None, description="Present with --since.")
    events: list[BriefingEvent] = Field(description="Timeline: merged events, dated first.")
    actors: list[BriefingActor] = Field(description="Reconciled actors, most cited first.")
    quotes: list[SpeakerQuotes] = Field(description="Key quotes grouped by speaker.")
    contradictions: list[Contradiction] = Field(description="Disagreements between sources.")
    uncertainties: list[UncertaintyItem] = Field(description="Hedged or unconfirmed claims.")
    actor_decisions: list[ActorPairDecision] = Field(
        description="Doubtful actor pairs and what was decided."
    )
    sources: list[BriefingSource] = Field(description="The source documents, numbered.")
    warnings: list[str] = Field(description="Inputs skipped and texts not found.")


def briefing_json_schema() -> dict[str, Any]:
    """The JSON Schema of briefing.json, as written to schemas/briefing.schema.json."""
    schema = Briefing.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"summarizer/briefing/{BRIEFING_SCHEMA_VERSION}"
    return schema
