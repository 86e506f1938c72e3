"""Records in words: dates, counts, event phrases and the bottom line up front.

The shared wording of the briefing. Building uses it (dates in contradiction statements, the
BLUF a `Briefing` carries), and so do both renderings, briefing.md and briefing.html, so a date or
an event reads the same everywhere. `bluf` is deterministic: a few sentences generated from the
merged records, each citing its sources.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from summarizer.briefing.models import ActorRef, BlufSentence, Briefing, BriefingEvent
from summarizer.core.schemas import INFERRED_MARK


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def fmt_date(value: str | None) -> str:
    d = parse_date(value)
    if d is None:
        return value or "undated"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def plural(n: int, word: str, plural: str | None = None) -> str:
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


def ref_text(ref: ActorRef) -> str:
    """An event's actor or target as a briefing writes it: marked where no source names it at
    the event (the model read it from the rest of a report)."""
    return f"{ref.name} {INFERRED_MARK}" if ref.inferred else ref.name


def _event_noun(e: BriefingEvent) -> str:
    for name in (e.sub_event_type, e.event_type):
        if name and (noun := _EVENT_NOUNS.get(name, "?")):
            if noun != "?":
                return noun
            what = name.lower().replace("/", " or ")
            return ("an " if what[:1] in "aeiou" else "a ") + what
    return "an event"


def event_phrase(e: BriefingEvent) -> str:
    """One sentence for an event: when, what, by whom, where, the toll, and its status."""
    by = f" by {_names([ref_text(a) for a in e.actors[:2]])}" if e.actors else ""
    by = " by an unidentified party" if e.actor_unknown else by
    place = " ".join(e.location.split(",")[0].split()) if e.location else ""
    where = f" in {place}" if place else ""
    when = f"On {fmt_date(e.date)}" if e.date else "On an unreported date"
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
            f" covering {fmt_date(b.period_start)}"
            if b.period_start == b.period_end
            else f" covering {fmt_date(b.period_start)} to {fmt_date(b.period_end)}"
        )
    multi = sum(1 for e in b.events if len(e.sources) > 1)
    corroborated = f", {multi} of them reported by more than one source" if multi else ""
    out.append(
        BlufSentence(
            text=f"{plural(len(b.sources), 'report')}{period} "
            f"{'describes' if len(b.sources) == 1 else 'describe'} "
            f"{plural(len(b.events), 'distinct event')}{corroborated}, "
            f"involving {plural(len(b.actors), 'actor')}.",
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
                text=event_phrase(e),
                sources=e.sources,
                citations=[r.citation for r in e.reports],
            )
        )
    top = [a for a in b.actors if a.sources][:3]
    if top:
        names = _names([f"{a.name} ({plural(len(a.sources), 'report')})" for a in top])
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
                f"casualty figures for {plural(kinds['fatalities'] + kinds['injuries'], 'event')}"
            )
        if kinds["attribution"]:
            parts.append(f"who carried out {plural(kinds['attribution'], 'event')}")
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
                text=f"{plural(len(soft), 'event')} "
                f"{'rests' if len(soft) == 1 else 'rest'} on claims or unclear reporting only.",
                sources=sorted({n for e in soft for n in e.sources}),
                citations=[r.citation for e in soft for r in e.reports],
            )
        )
    if b.new_since is not None and b.new_since.sources:
        out.append(
            BlufSentence(
                text=f"{plural(len(b.new_since.sources), 'report')} and "
                f"{plural(len(b.new_since.events), 'event')} are new since "
                f"{fmt_date(b.new_since.since[:10])}.",
                sources=b.new_since.sources,
            )
        )
    return out


def span_text(start: str | None, end: str | None) -> str:
    """ "1 Mar 2026", "28 Feb 2026 – 19 Mar 2026", or "undated"."""
    if not start:
        return "undated"
    if end and end != start:
        return f"{fmt_date(start)} – {fmt_date(end)}"
    return fmt_date(start)
