"""Many per-document summaries -> one briefing: actors reconciled, events merged, contradictions.

`build_briefing` is pure: summaries (and the source texts it can find) in, a `Briefing` out. The
same input always gives the same briefing, byte for byte once written: everything is sorted, and
nothing depends on the clock. This is the building stage: briefing/load.py reads its input,
briefing/markdown.py, html.py and exports.py render its output, and briefing/write.py runs them all.

Events reported by several sources are merged, their differences kept as contradictions, by
briefing/events.py; the actors, quotes and uncertainties sections are built here.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from summarizer.briefing.actors import ActorEntry, ActorRegistry, reconcile
from summarizer.briefing.adjudicate import Adjudicator
from summarizer.briefing.events import event_span, merge_events, place_events
from summarizer.briefing.models import (
    ActorPairDecision,
    Briefing,
    BriefingActor,
    BriefingEvent,
    BriefingSource,
    NewSince,
    QuoteItem,
    SpeakerQuotes,
    UncertaintyItem,
)
from summarizer.briefing.prose import bluf, parse_date
from summarizer.briefing.refs import cite
from summarizer.core.errors import DocumentError
from summarizer.core.names import name_key
from summarizer.core.schemas import Summary


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

    events, contradictions = merge_events(ordered, number, registry)
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
    place_events(events, actors)
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
                citations.append(cite(number[doc_id], doc_id, shown, lo, hi, True))
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
                citation=cite(number[s.doc_id], s.doc_id, q.text, q.start, q.end, q.verified),
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
                    citation=cite(
                        number[s.doc_id], s.doc_id, ev.text, ev.start, ev.end, ev.verified
                    ),
                )
            )
    out.sort(key=lambda u: (u.citation.source, u.citation.start or 0, u.claim))
    return out
