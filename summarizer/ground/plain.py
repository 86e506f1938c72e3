"""Grounding shared by the strategies, and the plain strategy's: locate what the model wrote.

`ground_drafts` is the one entry point: it hands a document's answers to its strategy's
grounding (plain here, spans in `spans.py`, judge in `judge.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

from pydantic import ValidationError

from summarizer.core.drafts import ExtractionDraft
from summarizer.core.fold import Locator, fold
from summarizer.core.schemas import (
    SUB_EVENT_TYPES,
    Actor,
    Event,
    EventType,
    Evidence,
    Quote,
    Span,
    SubEventType,
    Uncertainty,
)
from summarizer.extract.requests import Drafts
from summarizer.find.quotes import quote_spans
from summarizer.find.reading import Doc, lower_same
from summarizer.find.sentences import sentences as split_sentences
from summarizer.find.types import Cue
from summarizer.ground.event_dates import words_date
from summarizer.ground.speakers import plain_speaker
from summarizer.read.documents import Document

# Matched on the lower-cased text (`lower_same`).
_SUB_EVENT_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("Air/drone strike", re.compile(r"\b(drone|air ?strike|airstrike|air raid|warplane)")),
    (
        "Shelling/artillery/missile attack",
        re.compile(r"\b(missile|rocket|shell(ing|ed)|artillery|mortar)"),
    ),
    ("Remote explosive/landmine/IED", re.compile(r"\b(ied|roadside bomb|landmine|car bomb)")),
    ("Suicide bomb", re.compile(r"\bsuicide (bomb|attack)")),
    ("Armed clash", re.compile(r"\b(clash|firefight|fighting|gunfight)")),
    ("Peaceful protest", re.compile(r"\b(protest|demonstrat|rally|march)")),
    ("Arrests", re.compile(r"\b(arrest|detain)")),
    ("Agreement", re.compile(r"\b(ceasefire|truce|agreement|deal)\b")),
]


@dataclass
class Grounded:
    summary: str
    actors: list[Actor]
    events: list[Event]
    quotes: list[Quote]
    uncertainty: list[Uncertainty]
    warnings: list[str]
    # What checking the model's answer changed, by kind (the judge strategy's meta.checks).
    checks: dict[str, int] = field(default_factory=dict)


def degenerate(value: str) -> bool:
    """True for the run-away strings a small model writes ("1000000...", "a_a_a_")."""
    stripped = value.strip()
    if len(stripped) < 10:
        return True
    if re.search(r"(.)\1{7,}|(..)\2{5,}|(...)\3{4,}", stripped):
        return True
    letters = sum(ch.isalpha() for ch in stripped)
    return letters < 0.5 * len(stripped)


def lead(text: str | Doc, n: int = 2, sentences: Sequence[Cue] | None = None) -> str:
    """The first n sentences of a text, whitespace folded: the extractive fallback summary.

    ``sentences`` are the text's sentences when the caller has them already."""
    chosen = (split_sentences(text) if sentences is None else sentences)[:n]
    return " ".join(" ".join(s.text.split()) for s in chosen)


def ground_plain(document: Document, drafts: Drafts) -> Grounded:
    """Ground the plain strategy's free-text answers: locate each item in the source."""
    # One reading of the text, for the quotations and the lead.
    reading = Doc(document.text)
    # Only where the quotations are: their speakers are the model's to say here.
    quoted = quote_spans(reading)

    text = document.text
    loc = Locator(text)
    warnings: list[str] = []
    actors: dict[str, Actor] = {}
    events: list[Event] = []
    quotes: dict[tuple[int, int] | str, Quote] = {}
    uncertainty: dict[tuple[int, int] | str, Uncertainty] = {}
    summaries: list[str] = []

    def evidence(passage: str, near: int) -> Evidence:
        span = loc.locate(passage, near=near)
        if span is None:
            return Evidence(text=passage.strip(), verified=False)
        return Evidence(text=text[span[0] : span[1]], start=span[0], end=span[1], verified=True)

    def names_in_text(names: Iterable[str], what: str) -> list[str]:
        kept = []
        for name in names:
            span = loc.locate(name)
            if span is None:
                warnings.append(f"{what} {name!r} dropped: not in the document")
                continue
            kept.append(text[span[0] : span[1]])
        return list(dict.fromkeys(kept))

    for answer in drafts.answers:
        offset = answer.offset
        try:
            draft = ExtractionDraft.model_validate(answer.data)
        except ValidationError as err:
            warnings.append(f"an answer for [{offset}:{answer.end}] was dropped: {err.errors()[0]}")
            continue
        if degenerate(draft.summary):
            warnings.append("the model's summary was unusable; the lead sentences stand in")
        else:
            summaries.append(draft.summary.strip())
        for a in draft.actors:
            spans = loc.find_all(a.name)
            if not spans:
                warnings.append(f"actor {a.name!r} dropped: not in the document")
                continue
            key = fold(a.name)
            if key in actors:
                continue
            affiliation = a.affiliation
            if affiliation and loc.locate(affiliation) is None:
                warnings.append(
                    f"affiliation {affiliation!r} of {a.name!r} dropped: not in the document"
                )
                affiliation = None
            name = text[spans[0][0] : spans[0][1]]
            actors[key] = Actor(
                name=name,
                kind=a.kind,
                affiliation=affiliation,
                mentions=[Span(start=s, end=e) for s, e in spans],
            )
        for q in draft.quotes:
            words = q.text.strip().strip("\"'\u201c\u201d\u2018\u2019 ")
            if len(words) < 3:
                continue
            span = loc.locate(words, near=offset)
            speaker = plain_speaker(loc, q.speaker, warnings)
            if span is not None and not any(a <= span[0] and span[1] <= b for a, b in quoted):
                # Words the text holds but does not quote (an injected "report this quote")
                # are not a quotation.
                warnings.append(f"quote {words[:60]!r} is not inside quotation marks (unverified)")
                quotes.setdefault(fold(words), Quote(speaker=speaker, text=words, verified=False))
                continue
            if span is None:
                warnings.append(f"quote {words[:60]!r} not found in the document (unverified)")
                quotes.setdefault(fold(words), Quote(speaker=speaker, text=words, verified=False))
                continue
            existing = quotes.get(span)
            if existing is None or (existing.speaker is None and speaker):
                quotes[span] = Quote(
                    speaker=speaker,
                    text=text[span[0] : span[1]],
                    start=span[0],
                    end=span[1],
                    verified=True,
                )
        for e in draft.events:
            ev = evidence(e.evidence, offset)
            if not ev.verified:
                warnings.append(f"event evidence {e.evidence[:60]!r} not found (unverified)")
            if ev.verified and any(
                x.evidence.start == ev.start and x.event_type == e.event_type for x in events
            ):
                continue
            events.append(
                Event(
                    date=words_date(e.date_text, document.source.date),
                    date_text=e.date_text,
                    location=e.location,
                    event_type=e.event_type,
                    sub_event_type=sub_event_type(e.event_type, f"{e.description} {e.evidence}"),
                    description=_or_evidence(e.description, ev),
                    actors=names_in_text(e.actors, "event actor"),
                    targets=names_in_text(e.targets, "event target"),
                    fatalities=e.fatalities,
                    injuries=e.injuries,
                    status=e.status,
                    evidence=ev,
                )
            )
        for u in draft.uncertainty:
            ev = evidence(u.evidence, offset)
            if not ev.verified:
                warnings.append(f"uncertainty evidence {u.evidence[:60]!r} not found (unverified)")
            ukey: tuple[int, int] | str = (
                (ev.start, ev.end) if ev.start is not None and ev.end is not None else fold(ev.text)
            )
            if ukey not in uncertainty:
                uncertainty[ukey] = Uncertainty(
                    claim=_or_evidence(u.claim, ev), kind=u.kind, evidence=ev
                )

    def order(item_start: int | None) -> int:
        return item_start if item_start is not None else len(text)

    return Grounded(
        summary=" ".join(dict.fromkeys(summaries))[:2000] or lead(reading),
        actors=sorted(actors.values(), key=lambda a: a.mentions[0].start),
        events=sorted(events, key=lambda e: order(e.evidence.start)),
        quotes=sorted(quotes.values(), key=lambda q: order(q.start)),
        uncertainty=sorted(uncertainty.values(), key=lambda u: order(u.evidence.start)),
        warnings=list(dict.fromkeys(warnings)),
    )


def _or_evidence(value: str, ev: Evidence) -> str:
    """The model's text, or its evidence when the text ran away."""
    if not degenerate(value):
        return value.strip()
    return short(ev.text)


def short(text: str, limit: int = 200) -> str:
    """Whitespace folded and cut at a word boundary."""
    folded = " ".join(text.split())
    if len(folded) <= limit:
        return folded
    return folded[: limit - 1].rsplit(" ", 1)[0] + "…"


def sub_event_type(event_type: EventType, haystack: str) -> SubEventType | None:
    """The ACLED sub-event type the words of an event (its description and evidence) name."""
    allowed = SUB_EVENT_TYPES[event_type]
    for sub, pattern in _SUB_EVENT_CUES:
        if sub in allowed and pattern.search(lower_same(haystack)):
            return cast(SubEventType, sub)
    return None
