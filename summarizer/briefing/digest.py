"""Many per-document summaries -> one briefing: actors reconciled, events merged, contradictions.

`build_briefing` is pure: summaries (and the source texts it can find) in, a `Briefing` out. The
same input always gives the same briefing, byte for byte once written: everything is sorted, and
nothing depends on the clock. This is the building stage: briefing/load.py reads its input,
briefing/markdown.py, html.py and exports.py render its output, and briefing/write.py runs them all.

Events reported by several sources merge when they share the event type, the place (normalized)
and a date within one day, and come from different documents. Differing casualty figures or
disjoint attributions are kept side by side as contradictions, never averaged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from summarizer.briefing.actors import ActorEntry, ActorRegistry, reconcile
from summarizer.briefing.adjudicate import Adjudicator
from summarizer.briefing.models import (
    ActorPairDecision,
    ActorRef,
    Briefing,
    BriefingActor,
    BriefingEvent,
    BriefingSource,
    Citation,
    Contradiction,
    EventPlace,
    EventReport,
    NewSince,
    QuoteItem,
    ReportedValue,
    SpeakerQuotes,
    UncertaintyItem,
)
from summarizer.briefing.places import resolve as resolve_place
from summarizer.briefing.prose import bluf, fmt_date, parse_date
from summarizer.core.errors import DocumentError
from summarizer.core.names import country_code, fold_name, name_key
from summarizer.core.schemas import Event, Summary

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
    words = [w for w in fold_name(first).split() if w not in _PLACE_DROP and w not in ("al", "el")]
    return frozenset(name_key(" ".join(words))) if words else frozenset()


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

    since_date = parse_since(since) if since else None
    new_docs: set[str] = set()
    if since is not None and since_date is not None:
        cutoff = _cutoff(since)
        for s in ordered:
            d = parse_date(s.source.date)
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
        new_events = [
            e.id for e in events if (d := parse_date(e.date)) is not None and d >= since_date
        ]
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


def parse_since(since: str) -> dt.date:
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
                _Report(
                    number[s.doc_id], s.doc_id, i, e, parse_date(e.date), place_key(e.location), ids
                )
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


def _cites_text(sources: Iterable[int]) -> str:
    return "".join(f"[{n}]" for n in sorted(set(sources)))


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
    when = fmt_date(date) if date else "an unknown date"
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
    days = sorted({e.date for e in events if e.date and parse_date(e.date) is not None})
    first = parse_date(source_days[0]) if source_days else None
    if first is None:
        return days
    cutoff = first - dt.timedelta(days=_RECENT_DAYS)
    return [d for d in days if (day := parse_date(d)) is not None and day >= cutoff]


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
