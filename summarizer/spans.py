"""Ground the spans strategy: merge the finders' output with the model's picks.

The finders (cues.py) carry what the text can prove: quotations and their speakers, hedges,
dates, casualty figures, names. The model's answer only picks among the candidate spans (its
schema allows nothing else): which names are actors and of what kind, which sentences report
events and of what type, who said an unattributed quote, which sentences sum the report up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import ValidationError

from . import cues
from .candidates import EVENT_WORDS, Candidates, Finds, response_model
from .documents import Document
from .extract import _SUB_EVENT_CUES, Drafts, Grounded, lead, short
from .grounding import Locator, fold
from .schemas import (
    SUB_EVENT_TYPES,
    Actor,
    ActorKind,
    Event,
    EventStatus,
    EventType,
    Evidence,
    Quote,
    Span,
    SubEventType,
    Uncertainty,
)

# Event types a sentence's own words make plain, most specific first.
_TYPE_RULES: list[tuple[EventType, re.Pattern[str]]] = [
    (
        "Explosions/Remote violence",
        re.compile(
            r"\b(drones?|air ?strikes?|airstrikes?|air raids?|missiles?|rockets?|shell(ing|ed)|"
            r"artillery|mortars?|bomb(s|ing|ed)?|explosions?|explosives?|IEDs?)\b",
            re.I,
        ),
    ),
    ("Battles", re.compile(r"\b(clash(es|ed)?|fighting|battles?|gunfights?|firefights?)\b", re.I)),
    (
        "Violence against civilians",
        re.compile(
            r"\b(massacre\w*|abduct\w*|kidnap\w*|executed|civilians? (were )?killed)\b", re.I
        ),
    ),
    ("Protests", re.compile(r"\b(protest\w*|demonstrat\w*|rall(y|ies))\b", re.I)),
    ("Riots", re.compile(r"\b(riot\w*|mob)\b", re.I)),
    (
        "Strategic developments",
        re.compile(r"\b(arrest\w*|detain\w*|ceasefire|truce|agreement|seiz\w*|withdr\w*)\b", re.I),
    ),
]
_STRONG = re.compile(
    r"\b(attack(s|ed|ing)?|strikes?|struck|air ?strikes?|airstrikes?|drones?|missiles?|"
    r"rockets?|shell(ed|ing)|bomb(s|ed|ing)|explosions?|killed|killing|wounded|injured|"
    r"clash(es|ed)?|raid(s|ed)?|ambush(ed)?|protest(s|ed|ers|ors)?|arrest(s|ed)?|"
    r"abduct(ed|ion)|intercept(ed|ions?)|shot( down)?|assassinat\w+|martyrdom|died|"
    r"gunmen|offensive|invad(ed|ing)|invasion|stormed|captured|seized)\b",
    re.I,
)
# Sentences that deny or only blame: "No Coalition troops were injured", "not reported".
_NOT_AN_EVENT = re.compile(
    r"\b(no(ne)?\b[^.]{0,40}\b(were|was) (killed|injured|wounded|hurt|reported)|"
    r"(are|were|was|is) not reported|blamed)\b",
    re.I,
)
_RELATIVE_DAY = re.compile(
    r"\b(the same day|that day|that same day|a day (earlier|later|before|after)|"
    r"the (previous|next|following) day|the day (before|after))\b",
    re.I,
)


def _paragraph_day(finds: Finds, sentence: cues.Cue) -> cues.DateCue | None:
    """The last resolved day before a sentence within its paragraph, if any."""
    for d in reversed(finds.dates):
        if d.start >= sentence.start or not d.iso:
            continue
        between = finds.text[d.end : sentence.start]
        if "\n\n" in between.replace("\r", "") or len(between) > 600:
            return None
        return d
    return None


def _shift(iso: str, phrase: str) -> str | None:
    """The day a relative phrase names, counted from the previous event's day."""
    import datetime as dt

    p = phrase.lower()
    delta = -1 if any(w in p for w in ("earlier", "before", "previous")) else 0
    delta = 1 if any(w in p for w in ("later", "after", "next", "following")) else delta
    try:
        return (dt.date.fromisoformat(iso) + dt.timedelta(days=delta)).isoformat()
    except ValueError:
        return None


_KNOWN_SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "United States": ("US", "U.S.", "USA", "U.S.A.", "America"),
    "United Kingdom": ("UK", "U.K.", "Britain"),
    "United Arab Emirates": ("UAE", "U.A.E."),
    "United Nations": ("UN", "U.N."),
    "European Union": ("EU", "E.U."),
    "Islamic Republic of Iran": ("Islamic Republic",),
}

# A "date 2026-03-01" line opening a report is metadata, not part of what happened.
_DATELINE = re.compile(r"^\s*(?:date[d:]?\s+)?\d{4}-\d{2}-\d{2}\s+", re.I)
_STATUS_RULES: list[tuple[EventStatus, re.Pattern[str]]] = [
    ("claimed", re.compile(r"\bclaim(ed|ing|s)?\b", re.I)),
    ("alleged", re.compile(r"\ballege(d|dly)?\b", re.I)),
    ("unclear", re.compile(r"\b(unclear|unconfirmed|unknown|not clear)\b", re.I)),
    ("reported", re.compile(r"\b(reported(ly)?|according to|said to|citing)\b", re.I)),
]
_ARMED = re.compile(
    r"\b(brigades?|battalions?|militias?|resistance|hezbollah|hizballah|kataib|kata'ib|"
    r"harakat|asaib|asa'ib|saraya|front|army|forces|guards?|mobilization|mobilisation|"
    r"islamic state|isis|isil|daesh|al[- ]qaeda|taliban|houthis?|hamas|jihad)\b",
    re.I,
)
_GOVERNMENT = re.compile(
    r"\b(ministry|minister|government|cabinet|parliament|council|embassy|consulate|"
    r"department|white house|pentagon|presidency|office)\b",
    re.I,
)
_MEDIA = re.compile(r"\b(news|agency|times|post|tv|radio|press|reuters|channel)\b", re.I)
_MILITARY = re.compile(r"\b(military|air force|navy|centcom|command|coalition|troops)\b", re.I)


@dataclass
class _Picks:
    kinds: dict[str, str] = field(default_factory=dict)
    speakers: dict[tuple[int, int], str] = field(default_factory=dict)
    events: list[tuple[cues.Cue, Any, Candidates]] = field(default_factory=list)
    summary: list[cues.Cue] = field(default_factory=list)


def _collect(finds: Finds, drafts: Drafts, warnings: list[str]) -> _Picks:
    picks = _Picks()
    for answer in drafts.answers:
        c = finds.candidates(answer.offset, answer.end)
        try:
            value = response_model(c).model_validate(answer.data)
        except ValidationError as err:
            warnings.append(
                f"the answer for [{answer.offset}:{answer.end}] no longer fits its candidates "
                f"and was dropped: {err.errors()[0]['msg']}"
            )
            continue
        for a in getattr(value, "actors", []):
            picks.kinds.setdefault(a.name, a.kind)
        for e in getattr(value, "events", []):
            sentence = c.sentence(e.sentence)
            if sentence is not None:
                picks.events.append((sentence, e, c))
        for sp in getattr(value, "speakers", []):
            q = c.quote(sp.quote)
            if q is not None and sp.speaker:
                picks.speakers.setdefault((q.start, q.end), sp.speaker)
        for sid in getattr(value, "summary", []):
            s = c.sentence(sid)
            if s is not None and s not in picks.summary:
                picks.summary.append(s)
    return picks


def _kind(name: str, hint: str | None) -> ActorKind:
    if hint == "person":
        return "person"
    if hint == "state":
        return "state"
    for pattern, kind in (
        (_ARMED, "armed_group"),
        (_MILITARY, "military"),
        (_GOVERNMENT, "government"),
        (_MEDIA, "media"),
    ):
        if pattern.search(name):
            return cast(ActorKind, kind)
    return "organization" if hint == "organization" else "other"


def _event_type(sentence: str, model_type: EventType | None) -> EventType:
    for event_type, pattern in _TYPE_RULES:
        if pattern.search(sentence):
            return event_type
    return model_type or "Explosions/Remote violence"


def _status(sentence: str, model_status: EventStatus | None) -> EventStatus:
    for status, pattern in _STATUS_RULES:
        if pattern.search(sentence):
            return status
    return model_status or "reported"


def _sub_event(event_type: EventType, sentence: str) -> SubEventType | None:
    allowed = SUB_EVENT_TYPES[event_type]
    for sub, pattern in _SUB_EVENT_CUES:
        if sub in allowed and pattern.search(sentence):
            return cast(SubEventType, sub)
    return None


def ground_spans(document: Document, drafts: Drafts) -> Grounded:
    """Build the grounded items of one document from the finders and the model's picks."""
    text = document.text
    finds = Finds.of(text, document.source.date)
    # Built only when the finders' own matching misses a name (folding a text costs ms).
    loc = _LazyLocator(text)
    warnings: list[str] = []
    picks = _collect(finds, drafts, warnings)

    # Quotations: every one the finder saw (recall), speaker from attribution, else the model.
    quotes: list[Quote] = []
    hints = hints_of(finds)
    for qc in finds.quotes:
        speaker = qc.speaker
        guess = picks.speakers.get((qc.start, qc.end))
        if speaker is None and guess is not None:
            # The model's guess stands only when the name is at hand: in the quote's own
            # paragraph, not a place named pages away.
            near = text[max(0, qc.start - 300) : qc.end + 300]
            if cues.mentions(near, guess) and hints.get(guess) != "state":
                speaker = guess
            else:
                warnings.append(f"speaker {guess!r} for quote at {qc.start} dropped: not nearby")
        quotes.append(
            Quote(speaker=speaker, text=qc.text, start=qc.start, end=qc.end, verified=True)
        )

    # Actors: the model's picks, names the finders typed, and quote speakers.
    wanted: dict[str, ActorKind] = {}
    for name, kind in picks.kinds.items():
        wanted[name] = cast(ActorKind, kind)
    for name, hint in hints.items():
        if hint in ("person", "organization", "state") and name not in wanted:
            wanted[name] = _kind(name, hint)
    for q in quotes:
        if q.speaker and q.speaker not in wanted and cues.mentions(text, q.speaker):
            wanted[q.speaker] = _kind(q.speaker, hints.get(q.speaker))
    # An acronym defined in the text is an alias of its long form.
    aliases: dict[str, list[str]] = {}
    for short_form, long_form in finds.acronyms.items():
        if long_form in wanted or short_form in wanted:
            wanted.setdefault(long_form, wanted.get(short_form, _kind(long_form, "organization")))
            wanted.pop(short_form, None)
            aliases.setdefault(long_form, []).append(short_form)
    # Short forms every reader knows: "US" beside "United States" is one actor.
    for long_form, short_forms in _KNOWN_SHORT_FORMS.items():
        if long_form not in wanted:
            continue
        for short_form in short_forms:
            if short_form in wanted:
                wanted.pop(short_form)
                aliases.setdefault(long_form, []).append(short_form)
    # A surname alone ("Kaabi") is the person named in full elsewhere ("Akram al Kaabi").
    persons = [n for n, k in wanted.items() if k == "person" and len(n.split()) > 1]
    for name in [n for n in wanted if len(n.split()) == 1 and wanted[n] in ("person", "other")]:
        # "al-Walai" ends in "Walai": an Arabic article is glued on with a hyphen.
        full = [p for p in persons if name in (p.split()[-1], p.split()[-1].split("-")[-1])]
        if len(full) == 1:
            wanted.pop(name)
            aliases.setdefault(full[0], []).append(name)
    actors: list[Actor] = []
    seen: set[str] = set()
    for name, kind in wanted.items():
        key = fold(name)
        if key in seen:
            continue
        spans = cues.mentions(text, name, aliases.get(name, ())) or loc.find_all(name)
        if not spans:
            warnings.append(f"actor {name!r} dropped: not in the document")
            continue
        seen.add(key)
        actors.append(
            Actor(
                name=name,
                kind=kind,
                aliases=aliases.get(name, []),
                mentions=[Span(start=s, end=e) for s, e in spans],
            )
        )
    actors.sort(key=lambda a: a.mentions[0].start)

    # Events: sentences the model picked, plus sentences whose own words report violence and
    # carry a date or a casualty figure (the model may miss them; the text proves them).
    chosen: dict[int, tuple[cues.Cue, Any]] = {}
    for sentence, pick, _c in picks.events:
        # The model's pick stands only where the sentence's own words report an event.
        if _STRONG.search(sentence.text) and not _NOT_AN_EVENT.search(sentence.text):
            chosen.setdefault(sentence.start, (sentence, pick))
    doc_places = set(_places_in(finds, cues.Cue(0, len(text), text)))
    for sentence in finds.sentences:
        # A sentence whose own words report violence is an event candidate even when the model
        # skipped it; a quotation-only or question sentence is not.
        if sentence.start in chosen or not _STRONG.search(sentence.text):
            continue
        if sentence.text.rstrip().endswith("?") or _NOT_AN_EVENT.search(sentence.text):
            continue
        # Without a day, a toll or a place a sentence is commentary ("proxies have responded
        # with attacks"), not a reportable event.
        has_date = any(sentence.start <= d.start < sentence.end for d in finds.dates)
        has_toll = any(sentence.start <= k.start < sentence.end for k in finds.casualties)
        if not (has_date or has_toll or _location(finds, sentence, doc_places, hints)):
            continue
        chosen[sentence.start] = (sentence, None)
    events: list[Event] = []
    last_iso: str | None = None
    for start in sorted(chosen):
        sentence, pick = chosen[start]
        inside = sentence.text
        dates = [d for d in finds.dates if sentence.start <= d.start < sentence.end]
        day = next((d for d in dates if d.iso), None)
        shown = day or (dates[0] if dates else None)
        iso = day.iso if day else None
        date_text = shown.text if shown else None
        if iso is None and last_iso is not None:
            # "A day earlier", "the same day": dated by the event reported just before.
            relative = _RELATIVE_DAY.search(inside)
            if relative:
                iso = _shift(last_iso, relative.group(0))
                date_text = date_text or relative.group(0)
        if iso is None and not dates:
            # News style: "On Saturday, drones hit Abqaiq. The attacks began at 4 a.m." The day
            # named earlier in the same paragraph carries over to a sentence that names none.
            earlier = _paragraph_day(finds, sentence)
            if earlier is not None:
                iso, date_text = earlier.iso, earlier.text
        last_iso = iso or last_iso
        tolls = [k for k in finds.casualties if sentence.start <= k.start < sentence.end]
        killed = [k.count for k in tolls if k.kind == "killed"]
        injured = [k.count for k in tolls if k.kind == "injured"]
        location = getattr(pick, "location", None) if pick is not None else None
        if location is None:
            location = _location(finds, sentence, doc_places, hints)
        event_type = _event_type(inside, getattr(pick, "event_type", None))
        actor = getattr(pick, "actor", None)
        target = getattr(pick, "target", None)
        doers, hit = _participants(sentence, actors, location)
        doers = ([actor] if actor else []) + [d for d in doers if d != actor]
        hit = ([target] if target else []) + [t for t in hit if t != target]
        events.append(
            Event(
                date=iso,
                date_text=date_text,
                location=location,
                event_type=event_type,
                sub_event_type=_sub_event(event_type, inside),
                description=short(inside),
                actors=doers[:4],
                targets=[t for t in hit if t not in doers][:4],
                fatalities=max(killed) if killed else None,
                injuries=max(injured) if injured else None,
                status=_status(inside, getattr(pick, "status", None)),
                evidence=Evidence(
                    text=sentence.text, start=sentence.start, end=sentence.end, verified=True
                ),
            )
        )

    # Uncertainty: one flag per hedged sentence, with the sentence as evidence.
    uncertainty: list[Uncertainty] = []
    flagged: set[int] = set()
    for h in finds.hedges:
        s = h.sentence
        if s.start in flagged:
            continue
        flagged.add(s.start)
        uncertainty.append(
            Uncertainty(
                claim=short(s.text),
                kind=cast(Any, h.kind),
                evidence=Evidence(text=s.text, start=s.start, end=s.end, verified=True),
            )
        )

    chosen_summary = sorted(picks.summary, key=lambda s: s.start)
    summary = " ".join(" ".join(s.text.split()) for s in chosen_summary) or lead(text)
    summary = _DATELINE.sub("", summary)
    if not drafts.answers:
        warnings.append("no model answer: the lead sentences stand in for the summary")
    return Grounded(
        summary=summary[:2000],
        actors=actors,
        events=events,
        quotes=quotes,
        uncertainty=uncertainty,
        warnings=list(dict.fromkeys(warnings)),
    )


class _LazyLocator:
    def __init__(self, text: str) -> None:
        self.text = text
        self._loc: Locator | None = None

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        if self._loc is None:
            self._loc = Locator(self.text)
        return self._loc.find_all(needle)


def _participants(
    sentence: cues.Cue, actors: list[Actor], location: str | None
) -> tuple[list[str], list[str]]:
    """Actors named in an event sentence: before its first event word they did it, after it
    they were hit ("Iraqi militias claimed 16 drone attacks against ... bases")."""
    verb = _STRONG.search(sentence.text)
    pivot = sentence.start + (verb.start() if verb else len(sentence.text))
    spans = [
        (m.start, m.end)
        for a in actors
        for m in a.mentions
        if sentence.start <= m.start < sentence.end
    ]

    def nested(start: int, end: int) -> bool:
        # "Iraq" inside "Islamic Resistance in Iraq" is part of a longer name, not an actor.
        return any(a <= start and end <= b and (b - a) > (end - start) for a, b in spans)

    found: list[tuple[int, str]] = []
    for a in actors:
        if a.kind in ("media", "other") or a.name == location:
            continue
        first = next(
            (
                m.start
                for m in a.mentions
                if sentence.start <= m.start < sentence.end
                and not nested(m.start, m.end)
                and not _adjectival(sentence.text, m.end - sentence.start)
            ),
            None,
        )
        if first is not None:
            found.append((first, a.name))
    found.sort()
    return [n for p, n in found if p < pivot], [n for p, n in found if p >= pivot]


def _location(
    finds: Finds, sentence: cues.Cue, doc_places: set[str], hints: dict[str, str | None]
) -> str | None:
    """The place an event sentence names: after "in/near/at" first, then any known place."""

    def place_like(name: str) -> bool:
        # Named groups and people are not places, even after "in" or "from".
        return hints.get(name) not in ("organization", "person") and not _ARMED.search(name)

    here = [p for p in _places_in(finds, sentence) if place_like(p)]
    names = [
        n.name or n.text
        for n, _ in finds.names_in(sentence.start, sentence.end)
        if not _adjectival(finds.text, n.end)
    ]
    known = [n for n in names if n in doc_places and place_like(n) and n not in here]
    # The most specific place wins: a town, base or airport before the country it is in.
    ranked = [p for p in here + known if hints.get(p) != "state"]
    ranked += [p for p in here + known if hints.get(p) == "state"]
    if ranked:
        return ranked[0]
    return next((n for n in names if hints.get(n) == "state"), None)


def _adjectival(text: str, end: int) -> bool:
    """A name used as a modifier ("Iran-backed", "US-designated") is neither actor nor place."""
    return text[end : end + 1] == "-" and text[end + 1 : end + 2].islower()


def hints_of(finds: Finds) -> dict[str, str | None]:
    """Each name's kind hint (the first one given)."""
    hints: dict[str, str | None] = {}
    for n in finds.names:
        key = n.name or n.text
        if hints.get(key) is None:
            hints[key] = n.kind_hint
    return hints


def _places_in(finds: Finds, span: cues.Cue) -> list[str]:
    """Names inside a span that follow "in", "near", "at" and the like."""
    return [n.name or n.text for n, after in finds.names_in(span.start, span.end) if after]


__all__ = ["ground_spans", "EVENT_WORDS"]
