"""Many per-document summaries -> one briefing: actors reconciled, events merged, contradictions.

`build_briefing` is pure: summaries (and the source texts it can find) in, a `Briefing` out. The
same input always gives the same briefing, byte for byte once written: everything is sorted, and
nothing depends on the clock. `write_briefing` reads OUT/*.json, finds each document's source text
(to show passages), and writes briefing.md, briefing.html, briefing.json and events.csv.

Events reported by several sources merge when they share the event type, the place (normalized)
and a date within one day, and come from different documents. Differing casualty figures or
disjoint attributions are kept side by side as contradictions, never averaged.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.briefing.actors import (
    ActorEntry,
    ActorRegistry,
    Adjudicator,
    _fold,
    name_key,
    reconcile,
)
from summarizer.briefing.places import country_code
from summarizer.briefing.places import resolve as resolve_place
from summarizer.core.errors import DocumentError
from summarizer.core.schemas import Event, EventStatus, EventType, Summary
from summarizer.read.documents import read_path
from summarizer.render.outputs import atomic_write_text, md_escape

log = logging.getLogger(__name__)

BRIEFING_SCHEMA_VERSION = "1.0"
OUTPUT_FILES = ("briefing.md", "briefing.html", "briefing.json", "events.csv", "events.geojson")
# Bookkeeping that may sit next to the summaries (the batch job's run-<time>.json, a manifest):
# skipped without a warning when it is not a summary. Every file is tried first, so a summary is
# never skipped for its name.
_BOOKKEEPING = re.compile(r"(?:run-.*|manifest.*|briefing|events|[._].*)\.json", re.I)

# ---------------------------------------------------------------------------------------------
# Models of briefing.json
# ---------------------------------------------------------------------------------------------


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
    fatalities: int | None = Field(default=None, description="Killed, per this source.")
    injuries: int | None = Field(default=None, description="Injured, per this source.")
    status: EventStatus = Field(description="Status this source gives the event.")
    citation: Citation = Field(description="The sentence of the source that reports it.")


class EventPlace(_Strict):
    """Where an event happened, resolved with an offline gazetteer (briefing/places.py)."""

    country: str = Field(description="Country name.")
    iso: int = Field(description="ISO 3166-1 numeric code, as ACLED gives it.")
    iso3: str = Field(description="ISO 3166-1 alpha-3 code.")
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


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------


@dataclass
class DigestInput:
    """Summaries read from OUT, their file names, their source texts, and what was skipped."""

    summaries: list[Summary] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # doc_id -> summary file name
    mtimes: dict[str, float] = field(default_factory=dict)  # doc_id -> summary file mtime
    texts: dict[str, str | None] = field(default_factory=dict)  # doc_id -> source text
    warnings: list[str] = field(default_factory=list)


def load_summaries(out_dir: Path, *, limit: int | None = None) -> DigestInput:
    """Read OUT/*.json as Summaries; skip bookkeeping files quietly and invalid ones with a warning.

    A document summarized twice (same doc_id) is taken once, from the first file by name. With
    `limit`, only the `limit` most recently written summaries are read (memory stays bounded
    however large OUT grows), and a warning says how many were left out.
    """
    result = DigestInput()
    if not out_dir.is_dir():
        raise DocumentError("not a folder of summaries", path=str(out_dir))
    paths = sorted(out_dir.glob("*.json"))
    if limit is not None:
        paths = [p for p in paths if not _BOOKKEEPING.fullmatch(p.name)]
        if len(paths) > limit:
            newest = sorted(paths, key=lambda p: (-p.stat().st_mtime, p.name))[:limit]
            result.warnings.append(
                f"the briefing covers the {limit} most recent of {len(paths)} summaries "
                "(`summarizer digest OUT` reads them all)"
            )
            paths = sorted(newest)
    for path in paths:
        name = path.name
        try:
            summary = Summary.model_validate_json(path.read_bytes())
        except (OSError, ValidationError, ValueError) as e:
            if _BOOKKEEPING.fullmatch(name):
                continue
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            result.warnings.append(f"{name}: skipped, not a summary ({first})")
            continue
        if summary.doc_id in result.files:
            log.info("%s: same document as %s; skipped", name, result.files[summary.doc_id])
            continue
        result.summaries.append(summary)
        result.files[summary.doc_id] = name
        result.mtimes[summary.doc_id] = path.stat().st_mtime
    return result


def find_source_texts(data: DigestInput, roots: Sequence[Path]) -> None:
    """Fill `data.texts` with each document's text, found from source.path (and record id).

    A text counts only when its sha256 equals the summary's doc_id, so offsets still hold.
    """
    files: dict[str, dict[str, str]] = {}
    for s in data.summaries:
        text: str | None = None
        where = s.source.path
        if where:
            for candidate in _candidates(where, roots):
                key = str(candidate)
                if key not in files:
                    files[key] = {}
                    for doc in read_path(candidate):
                        if not isinstance(doc, DocumentError):
                            files[key][doc.doc_id] = doc.file_text
                text = files[key].get(s.doc_id)
                if text is not None:
                    break
        data.texts[s.doc_id] = text
        if text is None:
            shown = data.files.get(s.doc_id, s.doc_id[:12])
            reason = "no source path" if not where else "source text not found or changed"
            data.warnings.append(f"{shown}: {reason}; showing evidence text only")


def _candidates(where: str, roots: Sequence[Path]) -> list[Path]:
    p = Path(where)
    if p.is_absolute():
        return [p] if p.is_file() else []
    seen: list[Path] = []
    for root in (Path.cwd(), *roots):
        c = (root / p).resolve()
        if c not in seen and c.is_file():
            seen.append(c)
    return seen


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------

_STATUS_RANK: dict[str, int] = {
    "confirmed": 0,
    "reported": 1,
    "claimed": 2,
    "alleged": 3,
    "unclear": 4,
}
_PLACE_DROP = frozenset(
    """
    the of in at near area areas province governorate district region city town village
    outskirts northern southern eastern western central
    """.split()
)


def place_key(location: str | None) -> frozenset[str]:
    """Normalized place: first comma part, articles and generic words dropped, skeleton words."""
    if not location:
        return frozenset()
    first = location.split(",")[0]
    words = [w for w in _fold(first).split() if w not in _PLACE_DROP and w not in ("al", "el")]
    return frozenset(name_key(" ".join(words))) if words else frozenset()


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _short_hash(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


@dataclass
class _Report:
    source: int
    doc_id: str
    index: int
    event: Event
    date: dt.date | None
    place: frozenset[str]
    actor_ids: tuple[str, ...]


def _citation(
    source: int,
    doc_id: str,
    text: str,
    start: int | None,
    end: int | None,
    verified: bool,
) -> Citation:
    return Citation(
        source=source,
        doc_id=doc_id,
        start=start if verified else None,
        end=end if verified else None,
        text=text,
        verified=verified,
    )


def build_briefing(
    summaries: Sequence[Summary],
    *,
    texts: Mapping[str, str | None] | None = None,
    files: Mapping[str, str] | None = None,
    since: str | None = None,
    mtimes: Mapping[str, float] | None = None,
    adjudicator: Adjudicator | None = None,
    warnings: Iterable[str] = (),
    registry: ActorRegistry | None = None,
) -> Briefing:
    """Merge per-document summaries into one briefing.

    Args:
        summaries: The summaries (order does not matter).
        texts: Source text by doc_id, where found; None or missing when not.
        files: Summary file name by doc_id (shown in the sources list).
        since: YYYY-MM-DD (or an ISO date-time): adds the "new since" section.
        mtimes: Summary file mtimes; a document with no date is new when its file is newer.
        adjudicator: Decides doubtful actor pairs; None keeps them apart.
        warnings: Warnings from reading the inputs, carried into the briefing.
        registry: A ready actor registry (else reconciled here).

    Returns:
        The briefing; equal inputs give an equal briefing.
    """
    texts = texts or {}
    files = files or {}
    ordered = sorted(
        summaries,
        key=lambda s: (
            s.source.date or "9999-99-99",
            (s.source.title or "").casefold(),
            s.source.path or "",
            s.source.record_id or "",
            s.doc_id,
        ),
    )
    number = {s.doc_id: i for i, s in enumerate(ordered, start=1)}
    registry = registry or reconcile(ordered, texts, adjudicator=adjudicator)

    events, contradictions = _merge_events(ordered, number, registry)
    actors = _actors(registry, number, texts, events)
    quotes = _quotes(ordered, number, registry)
    uncertainties = _uncertainties(ordered, number)

    since_date = _since_date(since) if since else None
    new_docs: set[str] = set()
    if since is not None and since_date is not None:
        cutoff = _cutoff(since)
        for s in ordered:
            d = _date(s.source.date)
            if d is not None:
                if d >= since_date:
                    new_docs.add(s.doc_id)
            elif mtimes and mtimes.get(s.doc_id, 0) >= cutoff:
                new_docs.add(s.doc_id)
    sources = [
        BriefingSource(
            number=number[s.doc_id],
            doc_id=s.doc_id,
            title=_title(s),
            date=s.source.date,
            path=s.source.path,
            url=s.source.url,
            record_id=s.source.record_id,
            summary=s.summary,
            summary_file=files.get(s.doc_id, ""),
            text_available=bool(texts.get(s.doc_id)),
            new=s.doc_id in new_docs,
        )
        for s in ordered
    ]
    new_since = None
    if since is not None and since_date is not None:
        new_events = [e.id for e in events if (d := _date(e.date)) is not None and d >= since_date]
        new_since = NewSince(
            since=since, sources=sorted(number[doc] for doc in new_docs), events=new_events
        )
    # The period the sources cover; event dates only when no source is dated (an event a report
    # recalls from years before does not stretch the period).
    dates = sorted({day for s in ordered if (day := s.source.date)}) or sorted(
        {day for e in events if (day := e.date)}
    )
    _place_events(events, actors)
    span = event_span(events, dates)
    briefing = Briefing(
        title="Briefing",
        period_start=dates[0] if dates else None,
        period_end=dates[-1] if dates else None,
        events_start=span[0] if span else None,
        events_end=span[-1] if span else None,
        bluf=[],
        new_since=new_since,
        events=events,
        actors=actors,
        quotes=quotes,
        contradictions=contradictions,
        uncertainties=uncertainties,
        actor_decisions=[
            ActorPairDecision(
                a=d.a, b=d.b, merged=d.merged, decided_by=d.decided_by, reason=d.reason
            )
            for d in registry.decisions
        ],
        sources=sources,
        warnings=sorted(set(warnings)),
    )
    briefing.bluf = bluf(briefing)
    return briefing


def _since_date(since: str) -> dt.date:
    try:
        return dt.datetime.fromisoformat(since).date()
    except ValueError as e:
        raise DocumentError(f"--since {since!r} is not a date (use YYYY-MM-DD)") from e


def _cutoff(since: str) -> float:
    """--since as a POSIX time (local midnight for a bare date), to compare with file mtimes."""
    return dt.datetime.fromisoformat(since).timestamp()


def _title(s: Summary) -> str:
    if s.source.title and s.source.title.strip():
        return " ".join(s.source.title.split())
    if s.source.path:
        name = os.path.basename(s.source.path)
        return f"{name} ({s.source.record_id})" if s.source.record_id else name
    return f"Document {s.doc_id[:12]}"


def _ref(name: str, doc_id: str, registry: ActorRegistry) -> ActorRef:
    entry = registry.resolve(name, doc_id)
    if entry is not None:
        return ActorRef(name=entry.name, actor_id=entry.id)
    return ActorRef(name=" ".join(name.split()))


def _ref_key(ref: ActorRef) -> str:
    return ref.actor_id or "~" + " ".join(name_key(ref.name))


def _merge_events(
    ordered: Sequence[Summary], number: Mapping[str, int], registry: ActorRegistry
) -> tuple[list[BriefingEvent], list[Contradiction]]:
    reports: list[_Report] = []
    for s in ordered:
        for i, e in enumerate(s.events):
            ids = tuple(
                sorted({_ref_key(_ref(a, s.doc_id, registry)) for a in e.actors if a.strip()})
            )
            reports.append(
                _Report(number[s.doc_id], s.doc_id, i, e, _date(e.date), place_key(e.location), ids)
            )
    reports.sort(
        key=lambda r: (
            r.date or dt.date.max,
            sorted(r.place),
            r.event.event_type,
            r.source,
            r.index,
        )
    )
    clusters: list[list[_Report]] = []
    for r in reports:
        home = None
        if r.date is not None and r.place:
            for c in clusters:
                if all(_same_event(r, o) for o in c):
                    home = c
                    break
        if home is None:
            clusters.append([r])
        else:
            home.append(r)
    events: list[BriefingEvent] = []
    contradictions: list[Contradiction] = []
    for c in clusters:
        c.sort(key=lambda r: (r.source, r.index))
        ev, cons = _merged(c, registry)
        events.append(ev)
        contradictions.extend(cons)
    events.sort(key=lambda e: (e.date or "9999-99-99", e.location or "", e.event_type, e.id))
    position = {e.id: i for i, e in enumerate(events)}
    contradictions.sort(key=lambda x: (position[x.event_id], x.kind))
    return events, contradictions


def _same_event(a: _Report, b: _Report) -> bool:
    return (
        a.doc_id != b.doc_id
        and a.event.event_type == b.event.event_type
        and a.place == b.place
        and a.date is not None
        and b.date is not None
        and abs((a.date - b.date).days) <= 1
    )


def _most_common(values: Iterable[str | None]) -> str | None:
    """Most frequent non-empty value; ties go to the first seen (lowest source number)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, v in enumerate(values):
        if v:
            counts[v] += 1
            first.setdefault(v, i)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], first[v]))


def _reported(pairs: Iterable[tuple[str, int]]) -> list[ReportedValue]:
    by_value: dict[str, set[int]] = defaultdict(set)
    for value, source in pairs:
        by_value[value].add(source)
    return [
        ReportedValue(value=v, sources=sorted(s))
        for v, s in sorted(by_value.items(), key=lambda kv: (min(kv[1]), kv[0]))
    ]


def _merged(c: list[_Report], registry: ActorRegistry) -> tuple[BriefingEvent, list[Contradiction]]:
    first = c[0].event
    date = _most_common(r.event.date for r in c)
    eid = "ev-" + _short_hash(
        sorted((r.doc_id, r.index, r.event.evidence.text, r.event.description) for r in c)
    )
    actors: dict[str, ActorRef] = {}
    targets: dict[str, ActorRef] = {}
    for r in c:
        for name in r.event.actors:
            if name.strip():
                ref = _ref(name, r.doc_id, registry)
                actors.setdefault(_ref_key(ref), ref)
        for name in r.event.targets:
            if name.strip():
                ref = _ref(name, r.doc_id, registry)
                targets.setdefault(_ref_key(ref), ref)
    fatal = _reported(
        (str(r.event.fatalities), r.source) for r in c if r.event.fatalities is not None
    )
    injur = _reported((str(r.event.injuries), r.source) for r in c if r.event.injuries is not None)
    statuses = _reported((r.event.status, r.source) for r in c)
    status = min((r.event.status for r in c), key=lambda s: _STATUS_RANK[s])
    reports = [
        EventReport(
            source=r.source,
            date=r.event.date,
            location=r.event.location,
            description=r.event.description,
            actors=list(r.event.actors),
            targets=list(r.event.targets),
            fatalities=r.event.fatalities,
            injuries=r.event.injuries,
            status=r.event.status,
            citation=_citation(
                r.source,
                r.doc_id,
                r.event.evidence.text,
                r.event.evidence.start,
                r.event.evidence.end,
                r.event.evidence.verified,
            ),
        )
        for r in c
    ]
    where = _most_common(r.event.location for r in c)
    when = _fmt_date(date) if date else "an unknown date"
    place = f" in {where}" if where else ""
    cons: list[Contradiction] = []
    casualty_kinds: tuple[tuple[Literal["fatalities", "injuries"], list[ReportedValue]], ...] = (
        ("fatalities", fatal),
        ("injuries", injur),
    )
    for kind, values in casualty_kinds:
        if len(values) > 1:
            shown = "; ".join(f"{v.value} {_cites_text(v.sources)}" for v in values)
            noun = "killed" if kind == "fatalities" else "injured"
            cons.append(
                Contradiction(
                    id=f"{eid}-{kind}",
                    event_id=eid,
                    kind=kind,
                    statement=f"Sources differ on the number {noun} on {when}{place}: {shown}.",
                    values=values,
                )
            )
    named = [r for r in c if r.actor_ids]
    distinct = {r.actor_ids for r in named}
    if len(distinct) > 1 and any(not set(a) & set(b) for a in distinct for b in distinct if a != b):
        by_set: dict[tuple[str, ...], list[_Report]] = defaultdict(list)
        for r in named:
            by_set[r.actor_ids].append(r)
        values = []
        for _ids, rs in by_set.items():
            names = sorted(
                {_ref(a, r.doc_id, registry).name for r in rs for a in r.event.actors if a.strip()},
                key=str.casefold,
            )
            values.append(
                ReportedValue(value=", ".join(names), sources=sorted({r.source for r in rs}))
            )
        values.sort(key=lambda v: (v.sources[0], v.value))
        shown = "; ".join(f"{v.value} {_cites_text(v.sources)}" for v in values)
        cons.append(
            Contradiction(
                id=f"{eid}-attribution",
                event_id=eid,
                kind="attribution",
                statement=f"Sources attribute the event on {when}{place} differently: {shown}.",
                values=values,
            )
        )
    sub = _most_common(r.event.sub_event_type for r in c)

    def agreed(values: list[ReportedValue]) -> int | None:
        return int(values[0].value) if len(values) == 1 else None

    event = BriefingEvent(
        id=eid,
        date=date,
        location=where,
        event_type=first.event_type,
        sub_event_type=sub,
        description=first.description,
        actors=list(actors.values()),
        targets=list(targets.values()),
        fatalities=agreed(fatal),
        injuries=agreed(injur),
        fatalities_reported=fatal,
        injuries_reported=injur,
        status=status,
        statuses=statuses,
        sources=sorted({r.source for r in c}),
        reports=reports,
        contradictions=[x.id for x in cons],
        verified=any(r.citation.verified for r in reports),
    )
    return event, cons


# How long before its first source an event still counts as the news the sources bring.
_RECENT_DAYS = 31


def event_span(events: Sequence[BriefingEvent], source_days: Sequence[str]) -> list[str]:
    """The sorted days of the events the sources report as news: on or after a month before
    the first source (all dated events when no source is dated)."""
    days = sorted({e.date for e in events if e.date and _date(e.date) is not None})
    first = _date(source_days[0]) if source_days else None
    if first is None:
        return days
    cutoff = first - dt.timedelta(days=_RECENT_DAYS)
    return [d for d in days if (day := _date(d)) is not None and day >= cutoff]


def _place_events(events: Sequence[BriefingEvent], actors: Sequence[BriefingActor]) -> None:
    """Resolve each event's location; a town name several countries have is read as the one
    in a country the briefing's actors or places name."""
    countries = {c for a in actors if (c := country_code(a.name))}
    countries |= {c for e in events if e.location and (c := country_code(e.location))}
    for e in events:
        found = resolve_place(e.location, countries=countries)
        if found is not None:
            e.place = EventPlace(
                country=found.country,
                iso=found.iso,
                iso3=found.iso3,
                latitude=found.latitude,
                longitude=found.longitude,
                geo_precision=found.geo_precision,
            )


def _actors(
    registry: ActorRegistry,
    number: Mapping[str, int],
    texts: Mapping[str, str | None],
    events: Sequence[BriefingEvent],
) -> list[BriefingActor]:
    event_count: Counter[str] = Counter()
    for e in events:
        for ref in e.actors:
            if ref.actor_id:
                event_count[ref.actor_id] += 1
    out: list[BriefingActor] = []
    for entry in registry.entries:
        citations = []
        for doc_id in sorted(entry.doc_ids, key=lambda d: number[d]):
            spans = entry.mentions.get(doc_id) or []
            text = texts.get(doc_id)
            if spans:
                lo, hi = spans[0]
                shown = text[lo:hi] if text and hi <= len(text) else entry.name
                citations.append(_citation(number[doc_id], doc_id, shown, lo, hi, True))
        out.append(
            BriefingActor(
                id=entry.id,
                name=entry.name,
                kind=entry.kind,
                affiliation=_affiliation(entry, registry),
                aliases=entry.aliases,
                sources=sorted(number[d] for d in entry.doc_ids),
                mentions=sum(len(v) for v in entry.mentions.values()),
                events=event_count[entry.id],
                citations=citations,
            )
        )
    out.sort(key=lambda a: (-len(a.sources), -a.events, -a.mentions, a.name.casefold(), a.id))
    return out


def _affiliation(entry: ActorEntry, registry: ActorRegistry) -> str | None:
    for aff in entry.affiliations:
        target = registry.resolve(aff)
        if target is not None and target.id != entry.id:
            return target.name
    return " ".join(entry.affiliations[0].split()) if entry.affiliations else None


def _quotes(
    ordered: Sequence[Summary], number: Mapping[str, int], registry: ActorRegistry
) -> list[SpeakerQuotes]:
    groups: dict[str, tuple[str, str | None, list[QuoteItem]]] = {}
    seen: set[tuple[str, str]] = set()
    for s in ordered:
        for q in s.quotes:
            text = " ".join(q.text.split())
            if not text or (s.doc_id, text) in seen:
                continue
            seen.add((s.doc_id, text))
            entry = registry.resolve(q.speaker, s.doc_id) if q.speaker else None
            if entry is not None:
                key, name, aid = entry.id, entry.name, entry.id
            elif q.speaker and name_key(q.speaker):
                key, name, aid = (
                    "~" + " ".join(name_key(q.speaker)),
                    " ".join(q.speaker.split()),
                    None,
                )
            else:
                key, name, aid = "~~", "Unattributed", None
            item = QuoteItem(
                text=q.text,
                verified=q.verified,
                citation=_citation(number[s.doc_id], s.doc_id, q.text, q.start, q.end, q.verified),
            )
            groups.setdefault(key, (name, aid, []))[2].append(item)
    out = []
    for _key, (name, aid, items) in groups.items():
        items.sort(key=lambda i: (not i.verified, i.citation.source, i.citation.start or 0, i.text))
        out.append(SpeakerQuotes(speaker=name, actor_id=aid, quotes=items))
    out.sort(
        key=lambda g: (
            g.speaker == "Unattributed",
            -sum(q.verified for q in g.quotes),
            g.speaker.casefold(),
        )
    )
    return out


def _uncertainties(ordered: Sequence[Summary], number: Mapping[str, int]) -> list[UncertaintyItem]:
    out: list[UncertaintyItem] = []
    for s in ordered:
        seen: set[str] = set()
        for u in s.uncertainty:
            claim = " ".join(u.claim.split())
            if claim.casefold() in seen:
                continue
            seen.add(claim.casefold())
            ev = u.evidence
            out.append(
                UncertaintyItem(
                    claim=u.claim,
                    kind=u.kind,
                    citation=_citation(
                        number[s.doc_id], s.doc_id, ev.text, ev.start, ev.end, ev.verified
                    ),
                )
            )
    out.sort(key=lambda u: (u.citation.source, u.citation.start or 0, u.claim))
    return out


# ---------------------------------------------------------------------------------------------
# Bottom line up front (deterministic, from the merged records)
# ---------------------------------------------------------------------------------------------

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _fmt_date(value: str | None) -> str:
    d = _date(value)
    if d is None:
        return value or "undated"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _cites_text(sources: Iterable[int]) -> str:
    return "".join(f"[{n}]" for n in sorted(set(sources)))


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _names(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# Event types as nouns for sentences ("an air or drone strike"); others: lowercased, "/" -> "or".
_EVENT_NOUNS = {
    "Battles": "fighting",
    "Explosions/Remote violence": "an explosion or remote attack",
    "Violence against civilians": "violence against civilians",
    "Protests": "a protest",
    "Riots": "a riot",
    "Strategic developments": "a strategic development",
    "Air/drone strike": "an air or drone strike",
    "Shelling/artillery/missile attack": "a shelling, artillery or missile attack",
    "Remote explosive/landmine/IED": "a remote explosive, landmine or IED attack",
    "Abduction/forced disappearance": "an abduction",
    "Attack": "an attack on civilians",
    "Other": "",
}


def _event_noun(e: BriefingEvent) -> str:
    for name in (e.sub_event_type, e.event_type):
        if name and (noun := _EVENT_NOUNS.get(name, "?")):
            if noun != "?":
                return noun
            what = name.lower().replace("/", " or ")
            return ("an " if what[:1] in "aeiou" else "a ") + what
    return "an event"


def _event_phrase(e: BriefingEvent) -> str:
    """One sentence for an event: when, what, by whom, where, the toll, and its status."""
    by = f" by {_names([a.name for a in e.actors[:2]])}" if e.actors else ""
    place = " ".join(e.location.split(",")[0].split()) if e.location else ""
    where = f" in {place}" if place else ""
    when = f"On {_fmt_date(e.date)}" if e.date else "On an unreported date"
    toll = []
    for values, verb in ((e.fatalities_reported, "killed"), (e.injuries_reported, "injured")):
        figures = sorted({int(v.value) for v in values})
        if len(figures) == 1:
            toll.append(f"{verb} {figures[0]}")
        elif figures:
            toll.append(f"{verb} between {figures[0]} and {figures[-1]} (sources disagree)")
    tail = f" {' and '.join(toll)}" if toll else ""
    return f"{when}, {_event_noun(e)}{by}{where}{tail} ({e.status})."


def bluf(b: Briefing) -> list[BlufSentence]:
    """The bottom line: a few sentences generated from the merged records, each with its sources."""
    out: list[BlufSentence] = []
    all_sources = [s.number for s in b.sources]
    if not b.sources:
        return out
    period = ""
    if b.period_start and b.period_end:
        period = (
            f" covering {_fmt_date(b.period_start)}"
            if b.period_start == b.period_end
            else f" covering {_fmt_date(b.period_start)} to {_fmt_date(b.period_end)}"
        )
    multi = sum(1 for e in b.events if len(e.sources) > 1)
    corroborated = f", {multi} of them reported by more than one source" if multi else ""
    out.append(
        BlufSentence(
            text=f"{_plural(len(b.sources), 'report')}{period} "
            f"{'describes' if len(b.sources) == 1 else 'describe'} "
            f"{_plural(len(b.events), 'distinct event')}{corroborated}, "
            f"involving {_plural(len(b.actors), 'actor')}.",
            sources=all_sources,
        )
    )

    def weight(e: BriefingEvent) -> tuple[bool, int, int, int, int, str, str]:
        killed = max((int(v.value) for v in e.fatalities_reported), default=0)
        named = bool(e.actors) + bool(e.location)
        latest = -int((e.date or "0").replace("-", "")[:8] or 0)
        return (not e.date, -killed, -len(e.sources), -named, latest, e.status, e.id)

    # Only what the text proves is stated as fact up front; the timeline lists the rest, marked.
    for e in sorted((e for e in b.events if e.verified), key=weight)[:3]:
        out.append(
            BlufSentence(
                text=_event_phrase(e),
                sources=e.sources,
                citations=[r.citation for r in e.reports],
            )
        )
    top = [a for a in b.actors if a.sources][:3]
    if top:
        names = _names([f"{a.name} ({_plural(len(a.sources), 'report')})" for a in top])
        out.append(
            BlufSentence(
                text=f"The most reported actors are {names}."
                if len(top) > 1
                else f"The most reported actor is {names}.",
                sources=sorted({n for a in top for n in a.sources}),
                citations=[c for a in top for c in a.citations],
            )
        )
    if b.contradictions:
        kinds = Counter(c.kind for c in b.contradictions)
        parts = []
        if kinds["fatalities"] or kinds["injuries"]:
            parts.append(
                f"casualty figures for {_plural(kinds['fatalities'] + kinds['injuries'], 'event')}"
            )
        if kinds["attribution"]:
            parts.append(f"who carried out {_plural(kinds['attribution'], 'event')}")
        cited = sorted({n for c in b.contradictions for v in c.values for n in v.sources})
        by_id = {e.id: e for e in b.events}
        contested = [by_id[i] for i in dict.fromkeys(c.event_id for c in b.contradictions)]
        out.append(
            BlufSentence(
                text=f"Sources disagree on {_names(parts)}; both sides are shown below.",
                sources=cited,
                citations=[r.citation for e in contested for r in e.reports],
            )
        )
    soft = [e for e in b.events if e.status in ("claimed", "alleged", "unclear")]
    if soft:
        out.append(
            BlufSentence(
                text=f"{_plural(len(soft), 'event')} "
                f"{'rests' if len(soft) == 1 else 'rest'} on claims or unclear reporting only.",
                sources=sorted({n for e in soft for n in e.sources}),
                citations=[r.citation for e in soft for r in e.reports],
            )
        )
    if b.new_since is not None and b.new_since.sources:
        out.append(
            BlufSentence(
                text=f"{_plural(len(b.new_since.sources), 'report')} and "
                f"{_plural(len(b.new_since.events), 'event')} are new since "
                f"{_fmt_date(b.new_since.since[:10])}.",
                sources=b.new_since.sources,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Markdown and CSV
# ---------------------------------------------------------------------------------------------


def _cite_md(c: Citation) -> str:
    where = f" {c.start}–{c.end}" if c.start is not None and c.end is not None else ""
    mark = "" if c.verified else " unverified"
    return f"[{c.source}]{where}{mark}"


def _cites_md(sources: Iterable[int]) -> str:
    """Citation marks; runs of three or more consecutive sources are shortened to [1]–[5]."""
    nums = sorted(set(sources))
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"[{nums[i]}]–[{nums[j]}]")
        else:
            parts.extend(f"[{n}]" for n in nums[i : j + 1])
        i = j + 1
    return "".join(parts)


def _casualties(e: BriefingEvent) -> str:
    def part(values: list[ReportedValue], noun: str) -> str:
        if not values:
            return ""
        if len(values) == 1:
            return f"{values[0].value} {noun}"
        return f"{noun}: " + " vs ".join(f"{v.value} {_cites_md(v.sources)}" for v in values)

    bits = [
        p for p in (part(e.fatalities_reported, "killed"), part(e.injuries_reported, "injured"))
    ]
    return "; ".join(b for b in bits if b) or "—"


def span_text(start: str | None, end: str | None) -> str:
    """ "1 Mar 2026", "28 Feb 2026 – 19 Mar 2026", or "undated"."""
    if not start:
        return "undated"
    if end and end != start:
        return f"{_fmt_date(start)} – {_fmt_date(end)}"
    return _fmt_date(start)


def briefing_markdown(b: Briefing) -> str:
    """briefing.md: every document or model string escaped with md_escape."""
    out: list[str] = [f"# {md_escape(b.title)}", ""]
    period = "reports " + span_text(b.period_start, b.period_end)
    if b.events_start:
        period += " · events " + span_text(b.events_start, b.events_end)
    out += [
        f"{_plural(len(b.sources), 'source')} · {period} · {_plural(len(b.events), 'event')} · "
        f"{_plural(len(b.actors), 'actor')} · {_plural(len(b.contradictions), 'contradiction')}",
        "",
        "## Bottom line up front",
        "",
    ]
    if not b.bluf:
        out += ["No reports.", ""]
    for i, sentence in enumerate(b.bluf):
        line = f"{md_escape(sentence.text)} {_cites_md(sentence.sources)}"
        out += [f"**{line}**", ""] if i == 0 else [f"- {line}"]
    if len(b.bluf) > 1:
        out.append("")
    events_by_id = {e.id: e for e in b.events}
    if b.new_since is not None:
        out += [f"## New since {md_escape(b.new_since.since)}", ""]
        if not b.new_since.sources and not b.new_since.events:
            out += ["Nothing new.", ""]
        for n in b.new_since.sources:
            src = b.sources[n - 1]
            out.append(f"- [{n}] {md_escape(src.title)} ({md_escape(src.date or 'undated')})")
        for eid in b.new_since.events:
            e = events_by_id[eid]
            out.append(f"- {md_escape(_event_phrase(e))} {_cites_md(e.sources)}")
        out.append("")
    out += ["## Timeline", ""]
    if b.events:
        out += [
            "| Date | Place | Type | Actors | Casualties | Status | Sources |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for e in b.events:
            kind = e.event_type + (f" / {e.sub_event_type}" if e.sub_event_type else "")
            actors = ", ".join(a.name for a in e.actors)
            if e.targets:
                actors += " → " + ", ".join(t.name for t in e.targets)
            status = str(e.status)
            if len(e.statuses) > 1:
                status += " (" + "; ".join(f"{v.value} {_cites_md(v.sources)}" for v in e.statuses)
                status += ")"
            cites = "; ".join(_cite_md(r.citation) for r in e.reports)
            flag = " ⚠" if e.contradictions else ""
            if not e.verified:
                status += " (unverified: not found in the source)"
            out.append(
                f"| {md_escape(_fmt_date(e.date)) if e.date else 'undated'} "
                f"| {md_escape(e.location) or '—'} | {md_escape(kind)} "
                f"| {md_escape(actors) or '—'} | {md_escape(_casualties(e))}{flag} "
                f"| {md_escape(status)} | {md_escape(cites)} |"
            )
        out.append("")
        out.append("What each source says:")
        out.append("")
        for e in b.events:
            for r in e.reports:
                out.append(
                    f"- {md_escape(_fmt_date(e.date)) if e.date else 'undated'}, "
                    f"{md_escape(e.location) or 'place unknown'}: {md_escape(r.description)} "
                    f"{_cite_md(r.citation)}"
                )
        out.append("")
    else:
        out += ["No events.", ""]
    out += ["## Actors", ""]
    if b.actors:
        out += [
            "| Actor | Kind | Affiliation | Also named | Events | Sources |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for a in b.actors:
            out.append(
                f"| {md_escape(a.name)} | {md_escape(a.kind)} | {md_escape(a.affiliation) or '—'} "
                f"| {md_escape('; '.join(a.aliases)) or '—'} | {a.events} "
                f"| {_cites_md(a.sources)} |"
            )
        out.append("")
    else:
        out += ["No actors.", ""]
    out += ["## Key quotes", ""]
    if not b.quotes:
        out += ["No quotes.", ""]
    for g in b.quotes:
        out += [f"### {md_escape(g.speaker)}", ""]
        for q in g.quotes:
            out.append(f"> “{md_escape(q.text)}” {_cite_md(q.citation)}")
            out.append("")
    out += ["## Uncertainties and contradictions", ""]
    if b.contradictions:
        out += ["### Contradictions", ""]
        for c in b.contradictions:
            e = events_by_id[c.event_id]
            out.append(
                f"- **{c.kind.capitalize()}**, {md_escape(_fmt_date(e.date))}"
                f"{', ' + md_escape(e.location) if e.location else ''}: "
                + "; ".join(f"{md_escape(v.value)} {_cites_md(v.sources)}" for v in c.values)
            )
        out.append("")
    if b.uncertainties:
        out += ["### Hedged or unconfirmed claims", ""]
        for u in b.uncertainties:
            out.append(
                f"- *{md_escape(u.kind)}*: {md_escape(u.claim)} — “{md_escape(u.citation.text)}” "
                f"{_cite_md(u.citation)}"
            )
        out.append("")
    undecided = [d for d in b.actor_decisions if not d.merged]
    if undecided:
        out += ["### Actor names kept apart (possibly the same)", ""]
        for d in undecided:
            by = "model" if d.decided_by == "model" else "no adjudication"
            out.append(f"- {md_escape(d.a)} / {md_escape(d.b)}: {md_escape(d.reason)} ({by})")
        out.append("")
    if not (b.contradictions or b.uncertainties or undecided):
        out += ["None recorded.", ""]
    out += ["## Sources", ""]
    for s in b.sources:
        bits = [md_escape(s.date or "undated")]
        if s.path:
            bits.append(md_escape(s.path + (f" #{s.record_id}" if s.record_id else "")))
        if s.url:
            bits.append(md_escape(s.url))
        new = " **new**" if s.new else ""
        out.append(f"{s.number}\\. {md_escape(s.title)} — {' — '.join(bits)}{new}  ")
    if b.warnings:
        out += ["", "## Warnings", ""]
        out += [f"- {md_escape(w)}" for w in b.warnings]
    return "\n".join(out).rstrip() + "\n"


# ACLED's export columns first, in its order and names; the tool's own after them.
CSV_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "timestamp",
    "status",
    "verified",
    "documents",
    "evidence",
)
# ACLED's interaction codes by the tool's actor kinds (1 state forces, 2 rebel groups,
# 3 political militias, 7 civilians, 8 external/other forces).
_INTER = {"military": 1, "government": 1, "state": 1, "armed_group": 2, "political_group": 3}
_INTER |= {"civilians": 7, "organization": 8, "media": 8, "other": 8}


def _csv_cell(value: object) -> str:
    text = "" if value is None else " ".join(str(value).split())
    # A spreadsheet runs a cell that starts with one of these as a formula.
    if text[:1] in ("=", "+", "-", "@"):
        text = "'" + text
    return text


def events_csv(b: Briefing) -> str:
    """events.csv with ACLED's export columns (then status, verified, the source documents and
    their evidence offsets); fatalities is the lowest figure when sources differ."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    titles = {s.number: s.title for s in b.sources}
    docs = {s.number: s for s in b.sources}
    kinds = {a.id: a.kind for a in b.actors}
    per_country: Counter[str] = Counter()
    for e in b.events:
        figures = sorted(int(v.value) for v in e.fatalities_reported)
        notes = [e.description]
        for cid in e.contradictions:
            c = next(x for x in b.contradictions if x.id == cid)
            notes.append(c.statement)
        place = e.place
        prefix = place.iso3 if place else "XXX"
        per_country[prefix] += 1
        inter1 = _inter(e.actors, kinds)
        inter2 = _inter(e.targets, kinds)
        civilian = e.event_type == "Violence against civilians" or any(
            kinds.get(t.actor_id or "") == "civilians" for t in e.targets
        )
        dated = [d for n in e.sources if (d := docs[n].date)]
        w.writerow(
            [
                _csv_cell(c)
                for c in (
                    f"{prefix}{per_country[prefix]}",
                    e.date,
                    e.date[:4] if e.date else "",
                    1 if e.date else 3,
                    e.event_type,
                    e.sub_event_type,
                    e.actors[0].name if e.actors else "",
                    "; ".join(a.name for a in e.actors[1:]),
                    inter1 or "",
                    e.targets[0].name if e.targets else "",
                    "; ".join(a.name for a in e.targets[1:]),
                    inter2 or "",
                    int(f"{min(inter1, inter2 or 9)}{max(inter1, inter2 or 0)}")
                    if inter1 and inter2
                    else (inter1 * 10 if inter1 else ""),
                    "Civilian targeting" if civilian else "",
                    place.iso if place else "",
                    place.country if place else "",
                    "",
                    e.location,
                    place.latitude if place and place.latitude is not None else "",
                    place.longitude if place and place.longitude is not None else "",
                    place.geo_precision if place else "",
                    "; ".join(f"[{n}] {titles[n]}" for n in e.sources),
                    " ".join(notes),
                    figures[0] if figures else 0,
                    _epoch(max(dated)) if dated else "",
                    e.status,
                    "true" if e.verified else "false",
                    "; ".join(docs[n].doc_id[:12] for n in e.sources),
                    "; ".join(
                        f"[{r.source}] {r.citation.start}-{r.citation.end}"
                        for r in e.reports
                        if r.citation.start is not None
                    ),
                )
            ]
        )
    return buf.getvalue()


def _inter(refs: Sequence[ActorRef], kinds: Mapping[str, str]) -> int | None:
    codes = [_INTER[k] for r in refs if (k := kinds.get(r.actor_id or "")) in _INTER]
    return codes[0] if codes else None


def _epoch(day: str) -> int:
    """A YYYY-MM-DD day as Unix seconds (ACLED's timestamp; the sources' day keeps a rerun's
    file byte-identical)."""
    return int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp())


def events_geojson(b: Briefing) -> str:
    """The events with coordinates as a GeoJSON FeatureCollection (points, WGS 84)."""
    features = []
    for e in b.events:
        p = e.place
        if p is None or p.latitude is None or p.longitude is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
                "properties": {
                    "id": e.id,
                    "date": e.date,
                    "event_type": e.event_type,
                    "location": e.location,
                    "country": p.country,
                    "geo_precision": p.geo_precision,
                    "actors": [a.name for a in e.actors],
                    "targets": [t.name for t in e.targets],
                    "fatalities": e.fatalities,
                    "status": e.status,
                    "verified": e.verified,
                    "sources": e.sources,
                    "description": e.description,
                },
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, indent=1, ensure_ascii=False) + "\n"


def briefing_json(b: Briefing) -> str:
    return b.model_dump_json(indent=2) + "\n"


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


@dataclass
class DigestResult:
    """What `write_briefing` wrote and what it skipped."""

    briefing: Briefing
    paths: list[Path]
    warnings: list[str]


def write_briefing(
    summaries_dir: Path | str,
    out_dir: Path | str = "briefing",
    *,
    since: str | None = None,
    adjudicator: Adjudicator | None = None,
    source_roots: Sequence[Path | str] = (),
    limit: int | None = None,
) -> DigestResult:
    """Read OUT/*.json and write briefing.md, .html, .json and events.csv into `out_dir`.

    Args:
        summaries_dir: Folder of per-document summary JSON files.
        out_dir: Folder for the briefing files (created).
        since: YYYY-MM-DD: add the "new since" section.
        adjudicator: Decides doubtful actor pairs (the CLI passes one with --adjudicate).
        source_roots: Folders to resolve relative source paths against, after the current
            folder (then OUT's parent and OUT itself are tried).
        limit: Read only this many summaries, the most recently written (None: all).

    Returns:
        The briefing, the paths written, and the warnings (also in briefing.json).

    Raises:
        DocumentError: `summaries_dir` is not a folder, or `since` is not a date.
    """
    from summarizer.briefing.html import briefing_html

    src = Path(summaries_dir)
    dst = Path(out_dir)
    if since is not None:
        _since_date(since)
    data = load_summaries(src, limit=limit)
    roots = [*(Path(r) for r in source_roots), src.resolve().parent, src.resolve()]
    find_source_texts(data, roots)
    for w in data.warnings:
        log.warning("%s", w)
    b = build_briefing(
        data.summaries,
        texts=data.texts,
        files=data.files,
        since=since,
        mtimes=data.mtimes,
        adjudicator=adjudicator,
        warnings=data.warnings,
    )
    outputs = {
        "briefing.md": briefing_markdown(b),
        "briefing.html": briefing_html(b, data.texts),
        "briefing.json": briefing_json(b),
        "events.csv": events_csv(b),
        "events.geojson": events_geojson(b),
    }
    paths = []
    for name, text in outputs.items():
        path = dst / name
        atomic_write_text(path, text)
        paths.append(path)
    return DigestResult(briefing=b, paths=paths, warnings=data.warnings)
