"""The machine-readable exports of a built briefing: events.csv, events.geojson, briefing.json.

A rendering stage, beside briefing.md and briefing.html: events.csv has ACLED's export columns
(then the tool's own), events.geojson the events with coordinates, briefing.json the whole
`Briefing` as its schema describes it. Each is a pure function of the briefing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence

from summarizer.briefing.models import ActorRef, Briefing, BriefingEvent

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


def _inferred(e: BriefingEvent) -> list[str]:
    """The event's actors and targets that no source names where it tells the event."""
    return [r.name for r in (*e.actors, *e.targets) if r.inferred]


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
        inferred = _inferred(e)
        if inferred:
            # The columns are ACLED's; the notes say which parties no source states.
            notes.append(f"Inferred, not named where the event is told: {', '.join(inferred)}.")
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
                    (place.admin1 or "") if place else "",
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
                    "admin1": p.admin1,
                    "geo_precision": p.geo_precision,
                    "actors": [a.name for a in e.actors],
                    "targets": [t.name for t in e.targets],
                    "inferred": _inferred(e),
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
