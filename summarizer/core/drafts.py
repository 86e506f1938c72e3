"""Pydantic models of what a model is asked to fill; code computes the rest (`schemas`).

The plain strategy's draft (`ExtractionDraft` and its parts) is short, bounded strings
(`max_length`, `max_items`): a small base model otherwise runs away. The judge strategy's draft
(`JudgeDraft` and its parts) is the whole extraction a capable model writes, which the text then
verifies; its bounds only stop a runaway answer. Both share the output contract's vocabularies
(event types, actor kinds, statuses); offsets, ids and meta are never asked for.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from summarizer.core.schemas import (
    ActorKind,
    EventStatus,
    EventType,
    StrictModel,
    UncertaintyKind,
)

# --------------------------------------------------------------------------------------------
# What the model fills (smaller, bounded; offsets and meta are computed by code)
# --------------------------------------------------------------------------------------------


class ActorDraft(StrictModel):
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


class EventDraft(StrictModel):
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


class QuoteDraft(StrictModel):
    speaker: str | None = Field(
        default=None, max_length=80, description="Who said it, as named in the document, or null."
    )
    text: str = Field(
        min_length=3,
        max_length=400,
        description="The words inside the quotation marks, copied exactly.",
    )


class UncertaintyDraft(StrictModel):
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


class ExtractionDraft(StrictModel):
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


class JudgeActor(StrictModel):
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


class JudgeEvent(StrictModel):
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
        description="Who carried it out, as the report names them, or describes them when it "
        "gives no name ('gunmen'). Never the party that only announced, reported or confirmed "
        "it, never the victim. Empty when unknown.",
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


class JudgeQuote(StrictModel):
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


class JudgeUncertainty(StrictModel):
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


class JudgeDraft(StrictModel):
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
