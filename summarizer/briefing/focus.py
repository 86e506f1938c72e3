"""A briefing narrowed to some events: by actor, country and dates (`summarizer digest --actor`).

The events are chosen on the whole briefing, where actors are reconciled across every source: an
event is kept when one of its actors or targets is the named actor (its canonical name or any
alias, compared by the actors' matching key, so case and spelling variants match), when its
place is in the named country (a name or an ISO code), and when its day is in the date range,
both ends included (an undated event is left out once a bound is given).

The briefing is then built again from the summaries reduced to the reports of the kept events:
sources that report none of them are left out and the rest numbered anew, so the counts, the
bottom line, the timeline, the places and the exports all describe the kept events only. Actors
are those the kept events or quotes name; the events keep their ids. Building again may place an
ambiguous town elsewhere (fewer countries in view); such an event is dropped and the briefing
built once more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summarizer.briefing.models import Briefing, BriefingEvent
from summarizer.briefing.places import resolve as resolve_place
from summarizer.briefing.prose import bluf, fmt_date, parse_date
from summarizer.core.names import name_key
from summarizer.core.schemas import Event, Summary

# Rebuilds: the first, then as many as the places need (each drops events; few ever do).
_MAX_ROUNDS = 5


@dataclass(frozen=True)
class Focus:
    """What `summarizer digest` keeps: every field None keeps everything."""

    actor: str | None = None
    country: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def __bool__(self) -> bool:
        return any((self.actor, self.country, self.date_from, self.date_to))


def country_iso3(name: str) -> str | None:
    """The ISO alpha-3 code of a country given by name or ISO code ("Iraq", "IQ", "irq")."""
    place = resolve_place(name)
    if place is None or place.town is not None:
        return None
    return place.iso3


def _actor_keys(b: Briefing, name: str) -> tuple[set[str], tuple[str, ...]]:
    """The ids of the briefing's actors called `name` (name or alias), and the name's key."""
    key = name_key(name)
    ids = {
        a.id for a in b.actors if key and key in {name_key(n) for n in (a.name, *a.aliases)}
    }  # fmt: skip
    return ids, key


def _matches(e: BriefingEvent, focus: Focus, actor: tuple[set[str], tuple[str, ...]]) -> bool:
    if focus.actor is not None:
        ids, key = actor
        refs = [*e.actors, *e.targets]
        if not any((r.actor_id in ids) or (key and name_key(r.name) == key) for r in refs):
            return False
    return _in_place_and_time(e, focus)


def _in_place_and_time(e: BriefingEvent, focus: Focus) -> bool:
    if focus.country is not None:
        iso3 = country_iso3(focus.country)
        if e.place is None or not (
            e.place.iso3 == iso3 or e.place.country.casefold() == focus.country.casefold()
        ):
            return False
    if focus.date_from is not None or focus.date_to is not None:
        day = parse_date(e.date)
        if day is None:
            return False
        if focus.date_from is not None and day < dt.date.fromisoformat(focus.date_from):
            return False
        if focus.date_to is not None and day > dt.date.fromisoformat(focus.date_to):
            return False
    return True


def _report_key(doc_id: str, event_type: str, e: Event) -> tuple[object, ...]:
    ev = e.evidence
    return (doc_id, event_type, e.description, e.date, e.location, ev.text, ev.verified)


def _event_reports(e: BriefingEvent) -> frozenset[tuple[object, ...]]:
    """The keys (`_report_key`) of the summaries' events an event merges."""
    return frozenset(
        (r.citation.doc_id, e.event_type, r.description, r.date, r.location, r.citation.text,
         r.citation.verified)
        for r in e.reports
    )  # fmt: skip


def _kept_reports(events: Sequence[BriefingEvent]) -> set[tuple[object, ...]]:
    return {key for e in events for key in _event_reports(e)}


def _keep_ids(b: Briefing, whole: Briefing) -> None:
    """Give the events the ids they have in the whole briefing (an id hashes where each report
    is in its summary, which reducing the summaries changed)."""
    old = {_event_reports(e): e.id for e in whole.events}
    ids = {e.id: old.get(_event_reports(e), e.id) for e in b.events}
    for e in b.events:
        e.id = ids[e.id]
    for c in b.contradictions:
        c.id = ids[c.event_id] + c.id.removeprefix(c.event_id)
        c.event_id = ids[c.event_id]
    if b.new_since is not None:
        b.new_since.events = [ids[i] for i in b.new_since.events]


def _reduced(summaries: Sequence[Summary], keep: set[tuple[object, ...]]) -> list[Summary]:
    """The summaries with only the kept events' reports; those left without one, dropped."""
    out = []
    for s in summaries:
        events = [e for e in s.events if _report_key(s.doc_id, e.event_type, e) in keep]
        if events:
            out.append(s.model_copy(update={"events": events}))
    return out


def describe(focus: Focus, actor_name: str | None = None) -> str:
    """The filter in words, for the title: "actor X; country Iraq; events 1 Mar to 5 Mar 2026"."""
    parts = []
    if focus.actor is not None:
        parts.append(f"actor {actor_name or focus.actor}")
    if focus.country is not None:
        place = resolve_place(focus.country)
        parts.append(f"country {place.country if place is not None else focus.country}")
    if focus.date_from is not None and focus.date_to is not None:
        parts.append(f"events {fmt_date(focus.date_from)} to {fmt_date(focus.date_to)}")
    elif focus.date_from is not None:
        parts.append(f"events from {fmt_date(focus.date_from)}")
    elif focus.date_to is not None:
        parts.append(f"events until {fmt_date(focus.date_to)}")
    return "; ".join(parts)


def focus_briefing(
    summaries: Sequence[Summary],
    b: Briefing,
    focus: Focus,
    build: Callable[[Sequence[Summary]], Briefing],
) -> Briefing:
    """The briefing of the events `focus` keeps.

    Args:
        summaries: The summaries `b` was built from.
        b: The whole briefing.
        focus: What to keep.
        build: Builds a briefing from summaries, as `b` was built (same texts and options).

    Returns:
        A briefing of the kept events only, titled with the filter.
    """
    if not focus:
        return b
    actor = _actor_keys(b, focus.actor) if focus.actor is not None else (set(), ())
    named = [a.name for a in b.actors if a.id in actor[0]]
    kept = [e for e in b.events if _matches(e, focus, actor)]
    current = b
    for _ in range(_MAX_ROUNDS):
        current = build(_reduced(summaries, _kept_reports(kept)))
        # The actor and the dates hold as before; the place is resolved anew.
        again = [e for e in current.events if _in_place_and_time(e, focus)]
        if len(again) == len(current.events):
            break
        kept = again
    _keep_ids(current, b)
    referred = {r.actor_id for e in current.events for r in (*e.actors, *e.targets)}
    referred |= {g.actor_id for g in current.quotes}
    current.actors = [a for a in current.actors if a.id in referred]
    names = {n.casefold() for a in current.actors for n in (a.name, *a.aliases)}
    current.actor_decisions = [
        d for d in current.actor_decisions if {d.a.casefold(), d.b.casefold()} & names
    ]
    current.title = f"{current.title} ({describe(focus, named[0] if len(named) == 1 else None)})"
    current.bluf = bluf(current)
    return current


__all__ = ["Focus", "country_iso3", "describe", "focus_briefing"]
