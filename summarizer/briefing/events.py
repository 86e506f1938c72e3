"""Events reported by several sources merged into one, their differences kept as contradictions.

Events reported by several sources merge when they share the event type, the place (normalized)
and a date within one day, and come from different documents. Differing casualty figures or
disjoint attributions are kept side by side as contradictions, never averaged. The merged events
are then placed (country, coordinates), and `event_span` gives the days the sources report as
news. Everything is sorted, so that equal summaries give equal events.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from summarizer.briefing.actors import ActorRegistry
from summarizer.briefing.models import (
    ActorRef,
    BriefingActor,
    BriefingEvent,
    Contradiction,
    EventPlace,
    EventReport,
    ReportedValue,
)
from summarizer.briefing.places import resolve as resolve_place
from summarizer.briefing.prose import fmt_date, parse_date
from summarizer.briefing.refs import actor_ref, cite, ref_key
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


def merge_events(
    ordered: Sequence[Summary], number: Mapping[str, int], registry: ActorRegistry
) -> tuple[list[BriefingEvent], list[Contradiction]]:
    """The summaries' events (their sources numbered by `number`) merged across documents, in
    order of date, place and type, and the contradictions between the merged reports."""
    reports: list[_Report] = []
    for s in ordered:
        for i, e in enumerate(s.events):
            ids = tuple(
                sorted({ref_key(actor_ref(a, s.doc_id, registry)) for a in e.actors if a.strip()})
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


def _refs(named: list[tuple[_Report, list[str]]], registry: ActorRegistry) -> dict[str, ActorRef]:
    """The actors (or the targets) that the reports of one event name, each once; inferred where
    no source names it where it tells the event."""
    refs: dict[str, ActorRef] = {}
    stated: set[str] = set()
    for r, names in named:
        for name in names:
            if name.strip():
                ref = actor_ref(name, r.doc_id, registry)
                refs.setdefault(ref_key(ref), ref)
                if name not in r.event.inferred:
                    stated.add(ref_key(ref))
    return {
        key: ref if key in stated else ref.model_copy(update={"inferred": True})
        for key, ref in refs.items()
    }


def _merged(c: list[_Report], registry: ActorRegistry) -> tuple[BriefingEvent, list[Contradiction]]:
    first = c[0].event
    date = _most_common(r.event.date for r in c)
    eid = "ev-" + _short_hash(
        sorted((r.doc_id, r.index, r.event.evidence.text, r.event.description) for r in c)
    )
    actors = _refs([(r, r.event.actors) for r in c], registry)
    targets = _refs([(r, r.event.targets) for r in c], registry)
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
            inferred=list(r.event.inferred),
            fatalities=r.event.fatalities,
            injuries=r.event.injuries,
            status=r.event.status,
            citation=cite(
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
                {
                    actor_ref(a, r.doc_id, registry).name
                    for r in rs
                    for a in r.event.actors
                    if a.strip()
                },
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
        actor_unknown=not actors and any(r.event.actor_unknown for r in c),
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


def place_events(events: Sequence[BriefingEvent], actors: Sequence[BriefingActor]) -> None:
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
                admin1=found.admin1,
                latitude=found.latitude,
                longitude=found.longitude,
                geo_precision=found.geo_precision,
            )
