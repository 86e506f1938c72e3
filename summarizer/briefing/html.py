"""briefing.html: one self-contained page, safe whatever the documents contain.

Every document or model string goes through jinja2 autoescaping. The page loads nothing: styles
and its one script are inline, and a Content-Security-Policy meta tag forbids everything else
(`default-src 'none'`) and allows only that script, by its sha256. Passages for the "click an item,
see its source" panel travel as JSON in a `<script type="application/json">` block, with `<`, `>`
and `&` written as \\u escapes so no text can close the block; the script puts them in the page
with `textContent`, never as markup.

The events travel the same way, in a second JSON block (`filter_data`): for each row of the
events table (its `data-event` index) the day, type, actors, country, place and the words a search
looks in. From them the script filters every per-event listing of the page (type, actor, country,
place, date range, free text, combined with AND), draws the events-per-day chart as inline SVG
and makes the places table sortable, each place a filter. A third JSON block (`map_data`) holds the
countries' outlines (Natural Earth, public domain: templates/world.json) for the map the script
draws as inline SVG too: the countries with events shaded, a dot per place with coordinates, sized
by its events shown, each dot a filter. Without JavaScript the controls, the chart and the map
stay hidden and every event, place and listing shows.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from summarizer.briefing.models import BlufSentence, Briefing, BriefingEvent, Citation
from summarizer.briefing.prose import event_phrase, fmt_date, parse_date, plural, span_text
from summarizer.core.schemas import INFERRED_MARK

# Characters of context shown around a cited span, at most, on each side.
CONTEXT_CHARS = 700
# The map's view: degrees around the located places, and the narrowest view (degrees wide).
MAP_MARGIN = 6.0
MAP_MIN_WIDTH = 48.0


def _template_text(name: str) -> str:
    template = resources.files("summarizer.briefing").joinpath(f"templates/{name}")
    return template.read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template_text),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals["inferred_mark"] = INFERRED_MARK
    return env


@cache
def page_script() -> str:
    """The page's only script (static: the data it reads is in the JSON block)."""
    return _template_text("briefing.js")


def script_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(script: str) -> str:
    return (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src {script_hash(script)}; img-src 'none'; font-src 'none'; "
        "connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def json_for_script(value: Any) -> str:
    """JSON that is inert inside <script>: no '<', '>' or '&', no line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, esc)
    return text


def passage_window(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, span, after): the span with its paragraph, cut to CONTEXT_CHARS each side."""
    lo = text.rfind("\n", 0, start) + 1
    if start - lo > CONTEXT_CHARS:
        lo = start - CONTEXT_CHARS
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    hi = text.find("\n", end)
    hi = len(text) if hi == -1 else hi
    if hi - end > CONTEXT_CHARS:
        hi = end + CONTEXT_CHARS
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    # An ellipsis marks a cut inside a paragraph, not a paragraph's own start or end.
    before = ("… " if lo > 0 and text[lo - 1] != "\n" else "") + text[lo:start]
    after = text[end:hi] + (" …" if hi < len(text) and text[hi] != "\n" else "")
    return before, text[start:end], after


class _Passages:
    """Registers each cited passage once and numbers it, in page order."""

    def __init__(self, b: Briefing, texts: Mapping[str, str | None]) -> None:
        self.b = b
        self.texts = texts
        self.items: list[dict[str, Any]] = []
        self.index: dict[tuple[Any, ...], int] = {}
        self.titles = {s.number: s.title for s in b.sources}

    def _add(self, key: tuple[Any, ...], item: dict[str, Any]) -> int:
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append(item)
        return self.index[key]

    def ref(self, c: Citation) -> int:
        key = ("c", c.doc_id, c.start, c.end, c.text, c.verified)
        if key in self.index:
            return self.index[key]
        text = self.texts.get(c.doc_id)
        item: dict[str, Any] = {"s": c.source, "t": self.titles.get(c.source, ""), "n": ""}
        if (
            c.verified
            and text is not None
            and c.start is not None
            and c.end is not None
            and c.end <= len(text)
        ):
            before, span, after = passage_window(text, c.start, c.end)
            item.update(b=before, m=span, a=after, o=f"characters {c.start}–{c.end}")
        else:
            item.update(b="", m="", a=c.text, o="")
            if not c.verified:
                item["n"] = "This passage was not found verbatim in the source."
            else:
                item["n"] = "The source text is not available; showing the cited words only."
        return self._add(key, item)

    def source_ref(self, n: int) -> int:
        s = self.b.sources[n - 1]
        meta = " · ".join(x for x in (s.date, s.path, s.url) if x)
        item = {
            "s": n,
            "t": s.title,
            "n": "Summary of the whole source: no single passage backs this item.",
            "b": "",
            "m": "",
            "a": s.summary,
            "o": meta,
        }
        return self._add(("s", n), item)

    def json(self) -> Markup:
        return Markup(json_for_script(self.items))


def _place_rows(b: Briefing) -> tuple[list[dict[str, Any]], list[int | None]]:
    """The places of the events, most events first, and each event's place (None: no place).

    A place is a location as the events name it, with its resolved country: "Baghdad" and
    "Iraq" are two places even when both resolve to Baghdad's coordinates.
    """
    index: dict[tuple[str, str], int] = {}
    places: list[dict[str, Any]] = []
    of_event: list[int | None] = []
    for e in b.events:
        name = (e.location or "").strip()
        country = e.place.country if e.place else None
        if not name and country is None:
            of_event.append(None)
            continue
        key = (country or "", name)
        if key not in index:
            index[key] = len(places)
            places.append(
                {
                    "c": country,
                    "i": e.place.iso3 if e.place else None,
                    "n": name or country,
                    "lat": e.place.latitude if e.place else None,
                    "lon": e.place.longitude if e.place else None,
                    "g": e.place.geo_precision if e.place else None,
                    "k": 0,
                }
            )
        places[index[key]]["k"] += 1
        of_event.append(index[key])
    order = sorted(
        range(len(places)),
        key=lambda i: (-places[i]["k"], (places[i]["c"] or "\uffff").casefold(), places[i]["n"]),
    )
    renumber = {old: new for new, old in enumerate(order)}
    return [places[i] for i in order], [None if p is None else renumber[p] for p in of_event]


def _search_text(e: BriefingEvent) -> str:
    words = [
        e.date or "",
        fmt_date(e.date) if e.date else "undated",
        e.event_type,
        e.sub_event_type or "",
        e.description,
        e.location or "",
        e.place.country if e.place else "",
        e.status,
        *(a.name for a in e.actors),
        *(t.name for t in e.targets),
    ]
    for r in e.reports:
        words += [r.description, r.location or "", *r.actors, *r.targets]
    return "\n".join(dict.fromkeys(w for w in words if w))


def filter_data(b: Briefing) -> dict[str, Any]:
    """What the page's filters, chart and places panel read, one entry per row of the events table.

    Each event: `d` its day (YYYY-MM-DD, None when undated), `t` its type, `a` its actors and
    targets, `c` its country (None: not resolved), `p` its place (an index into `places`), `s` the
    text a search looks in. `start` and `end` are the briefing's event span, which the chart covers.
    Each place: `c` its country, `i` the country's ISO alpha-3, `n` its name, `lat` and `lon` its
    coordinates (None: not known), `g` the geo precision, `k` its number of events.
    """
    places, of_event = _place_rows(b)
    events = []
    for e, place in zip(b.events, of_event, strict=True):
        day = parse_date(e.date)
        names = [a.name for a in e.actors] + [t.name for t in e.targets]
        events.append(
            {
                "d": day.isoformat() if day else None,
                "t": e.event_type,
                "a": list(dict.fromkeys(names)),
                "c": e.place.country if e.place else None,
                "p": place,
                "s": _search_text(e),
            }
        )
    return {"start": b.events_start, "end": b.events_end, "events": events, "places": places}


@cache
def world_map() -> dict[str, Any]:
    """The countries' outlines (templates/world.json, from Natural Earth; see its README)."""
    data: dict[str, Any] = json.loads(_template_text("world.json"))
    return data


def _map_view(places: list[dict[str, Any]]) -> list[float]:
    """The part of the world the map shows, in degrees (x, y, width, height; y is -latitude).

    The located places with MAP_MARGIN degrees around them, at least MAP_MIN_WIDTH wide, twice as
    wide as high, inside the world.
    """
    lons = [p["lon"] for p in places]
    lats = [-p["lat"] for p in places]
    x0, x1 = min(lons) - MAP_MARGIN, max(lons) + MAP_MARGIN
    y0, y1 = min(lats) - MAP_MARGIN, max(lats) + MAP_MARGIN
    width = min(360.0, max(MAP_MIN_WIDTH, x1 - x0, 2 * (y1 - y0)))
    height = width / 2
    x = min(max((x0 + x1 - width) / 2, -180.0), 180.0 - width)
    y = min(max((y0 + y1 - height) / 2, -90.0), 90.0 - height)
    return [round(x, 2), round(y, 2), round(width, 2), round(height, 2)]


def map_data(data: dict[str, Any]) -> dict[str, Any] | None:
    """What the page's map draws: the countries' outlines and the view around the events' places.

    `countries`: [ISO alpha-3, name, SVG path] each, the path in units of 1/`scale` degree;
    `view`: see `_map_view`. None when no place has coordinates: the page has no map then.
    """
    located = [p for p in data["places"] if p["lat"] is not None and p["lon"] is not None]
    if not located:
        return None
    world = world_map()
    return {
        "scale": world["scale"],
        "view": _map_view(located),
        "countries": [[c["iso3"], c["name"], c["d"]] for c in world["countries"]],
    }


def _filter_options(data: dict[str, Any]) -> dict[str, Any]:
    """The choices of the filter controls, from the events' data."""
    events: list[dict[str, Any]] = data["events"]
    days = sorted(e["d"] for e in events if e["d"])
    return {
        "types": sorted({e["t"] for e in events}),
        "actors": sorted({a for e in events for a in e["a"]}, key=lambda a: (a.casefold(), a)),
        "countries": sorted({e["c"] for e in events if e["c"]}, key=str.casefold),
        "unresolved": any(e["c"] is None for e in events),
        "first_day": days[0] if days else "",
        "last_day": days[-1] if days else "",
    }


def _coordinates(place: dict[str, Any]) -> str:
    if place["lat"] is None or place["lon"] is None:
        return ""
    return f"{place['lat']:.4f}, {place['lon']:.4f}"


def _cite_title(c: Citation) -> str:
    where = f", characters {c.start}–{c.end}" if c.start is not None else ""
    mark = "" if c.verified else " (not found verbatim)"
    return f"Source {c.source}{where}{mark}"


def _bluf_citation(s: BlufSentence, n: int) -> Citation | None:
    return next((c for c in s.citations if c.source == n), None)


def briefing_html(b: Briefing, texts: Mapping[str, str | None] | None = None) -> str:
    """Render the briefing page.

    Args:
        b: The briefing.
        texts: Source texts by doc_id, for passages in context (else the cited words only).

    Returns:
        The HTML document.
    """
    passages = _Passages(b, texts or {})
    script = page_script()
    period = "reports " + span_text(b.period_start, b.period_end)
    if b.events_start:
        period += " · events " + span_text(b.events_start, b.events_end)
    data = filter_data(b)
    template = _environment().get_template("briefing.html.j2")
    return template.render(
        b=b,
        css=Markup(_template_text("briefing.css")),
        script=Markup(script),
        csp=content_security_policy(script),
        period=period,
        titles=passages.titles,
        events_by_id={e.id: e for e in b.events},
        event_index={e.id: i for i, e in enumerate(b.events)},
        events_json=Markup(json_for_script(data)),
        map_json=Markup(json_for_script(map_data(data))),
        places=data["places"],
        options=_filter_options(data),
        coordinates=_coordinates,
        quote_count=sum(len(g.quotes) for g in b.quotes),
        apart=[d for d in b.actor_decisions if not d.merged],
        ref=passages.ref,
        source_ref=passages.source_ref,
        passages_json=passages.json,
        cite_title=_cite_title,
        bluf_citation=_bluf_citation,
        cited_sources=lambda cs: {c.source for c in cs},
        fmt_date=fmt_date,
        phrase=event_phrase,
        plural=plural,
        count=lambda n, word: Markup("<b>{}</b> {}").format(n, word if n == 1 else word + "s"),
    )
