"""Ground the spans strategy: merge the finders' output with the model's picks.

The finders (find/) carry what the text can prove: quotations and their speakers, hedges,
dates, casualty figures, names and their kinds, who did what to whom. The model's answer only
picks among the candidate spans (its schema allows nothing else): which sentences report events,
of what type and where, and which sentences sum the report up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import ValidationError

from summarizer.core.fold import Locator, fold
from summarizer.core.names import country_code
from summarizer.core.schemas import (
    Actor,
    ActorKind,
    Evidence,
    Quote,
    Span,
    Uncertainty,
)
from summarizer.extract.candidates import Finds
from summarizer.extract.name_filter import is_headline
from summarizer.extract.requests import Drafts
from summarizer.find.acronyms import mentions
from summarizer.find.reading import lower_same
from summarizer.find.types import Cue
from summarizer.find.words import JOINT_FORCES, NATION_FORCES, country_of
from summarizer.ground.event_places import ARMED, dateline_city
from summarizer.ground.events import build_events, hints_of
from summarizer.ground.participants import ADJECTIVE_ATTACK
from summarizer.ground.plain import Grounded, lead, short
from summarizer.read.documents import Document

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
_GOVERNMENT = re.compile(
    r"\b(ministry|minister|government|cabinet|parliament|council|embassy|consulate|"
    r"department|white house|pentagon|presidency|office)\b",
    re.I,
)
_MEDIA = re.compile(r"\b(news|agency|times|post|tv|radio|press|reuters|channel)\b", re.I)
_MILITARY = re.compile(r"\b(military|air force|navy|centcom|command|coalition|troops)\b", re.I)


_OWNERS = frozenset("her his their my our its".split())
# "a member of his political group", "Another witness", "one of the medical workers": one person
# of many, described, is a speaker but no actor.
_SOME_ONE = frozenset("a an another one".split())
_INSTITUTIONS = frozenset(
    """government ministry police forces army military authorities administration regime
    junta navy council parliament""".split()
)


@dataclass
class _Picks:
    events: list[tuple[Cue, Any]] = field(default_factory=list)
    summary: list[Cue] = field(default_factory=list)


def _collect(finds: Finds, drafts: Drafts, warnings: list[str]) -> _Picks:
    picks = _Picks()
    for answer in drafts.answers:
        c = finds.candidates(answer.offset, answer.end)
        try:
            value = c.answer_model.model_validate(answer.data)
        except ValidationError as err:
            warnings.append(
                f"the answer for [{answer.offset}:{answer.end}] no longer fits its candidates "
                f"and was dropped: {err.errors()[0]['msg']}"
            )
            continue
        for e in getattr(value, "events", []):
            sentence = c.sentence(e.sentence)
            if sentence is not None:
                picks.events.append((sentence, e))
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
    if ARMED.search(lower_same(name)):  # (matched on the lower-cased text)
        return "armed_group"
    for pattern, kind in (
        (_MILITARY, "military"),
        (_GOVERNMENT, "government"),
        (_MEDIA, "media"),
    ):
        if pattern.search(name):
            return cast(ActorKind, kind)
    return "organization" if hint == "organization" else "other"


def ground_spans(document: Document, drafts: Drafts) -> Grounded:
    """Build the grounded items of one document from the finders and the model's picks."""
    text = document.text
    finds = drafts.finds_for(document)
    reading = finds.reading
    # Built only when the finders' own matching misses a name (folding a text costs ms).
    loc = _LazyLocator(text)
    warnings: list[str] = []
    picks = _collect(finds, drafts, warnings)

    # Quotations: every one the finder saw (recall), with the speaker the text attributes it to.
    quotes = [
        Quote(speaker=qc.speaker, text=qc.text, start=qc.start, end=qc.end, verified=True)
        for qc in finds.quotes
    ]

    # Actors: names the finders typed, and quote speakers.
    hints = hints_of(finds)
    wanted: dict[str, ActorKind] = {}
    filed_in = dateline_city(finds, releases=True)
    for name, hint in hints.items():
        if name in finds.places_only or name == filed_in:
            continue  # a place where something happened, or where the story was filed
        if _instrument(name):
            continue  # a law, a treaty, an order or a speech: no party
        if hint in ("person", "organization", "state") and name not in wanted:
            wanted[name] = _kind(name, hint)
    # A nation's forces ("Israeli forces hit the hospital") or two nations' together ("an
    # Afghan and coalition security force"): an actor, though no name.
    for pattern in (JOINT_FORCES, NATION_FORCES):
        for m in pattern.finditer(text):
            wanted.setdefault(" ".join(m.group().split()), "military")

    for q in quotes:
        first = q.speaker.split()[0] if q.speaker else ""
        if first.lower() in _OWNERS | _SOME_ONE or first[:1].isdigit():
            continue  # "her two children", "24 people": a description, not a name
        words = q.speaker.split() if q.speaker else []
        if (
            first.lower() == "the"
            and all(w[:1].islower() for w in words[1:])
            and words[-1].lower() not in _INSTITUTIONS
        ):
            # "the lawyer", "the statement", "The prime minister": one described, unnamed; not
            # "the government" or "the police", parties the text names by what they are.
            continue
        if q.speaker and q.speaker not in wanted and mentions(reading, q.speaker):
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
    # A lone organisation word ("Office", "Department") is the longer name it is the head of
    # ("the Office of the Spokesperson"), or no actor of its own.
    longer = [n for n in wanted if len(n.split()) > 1]
    for name in [n for n in wanted if n in _LONE_ORG_WORDS]:
        full = [n for n in longer if name in n.split()]
        wanted.pop(name)
        if len(full) == 1:
            aliases.setdefault(full[0], []).append(name)
    actors: list[Actor] = []
    seen: set[str] = set()
    for name, kind in wanted.items():
        key = fold(name)
        if key in seen:
            continue
        spans = mentions(reading, name, aliases.get(name, ())) or loc.find_all(name)
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
    actors = _definite_forces(text, actors)
    actors = _attacks_by_adjective(text, actors)

    # Events: sentences whose own words report one; a model pick gives what they leave open.
    events = build_events(finds, picks.events, actors, hints, document.source.title)

    if any(e.date and any(d.inferred and d.iso == e.date for d in finds.dates) for e in events):
        warnings.append(
            "the document has no date: the year of a date such as 'March 16' was inferred "
            "from the latest month the text dates in full"
        )

    # Uncertainty: one flag per hedged sentence, with the sentence as evidence.
    uncertainty: list[Uncertainty] = []
    flagged: set[int] = set()
    for h in finds.hedges:
        s = h.sentence
        if s.start in flagged or is_headline(s.text):
            continue  # a headline's hedge is flagged where the story tells it
        flagged.add(s.start)
        uncertainty.append(
            Uncertainty(
                claim=short(s.text),
                kind=cast(Any, h.kind),
                evidence=Evidence(text=s.text, start=s.start, end=s.end, verified=True),
            )
        )

    chosen_summary = sorted(picks.summary, key=lambda s: s.start)
    summary = " ".join(" ".join(s.text.split()) for s in chosen_summary) or lead(
        text, sentences=finds.sentences
    )
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


# "the security force", "the joint force": a force named again by its head noun.
_DEFINITE_FORCE = re.compile(
    r"\b[Tt]he[^\S\r\n]+(?P<ref>(?:(?:joint|combined|same|security)[^\S\r\n]+){0,2}"
    r"(?P<head>forces?|troops))\b"
)


_LONE_ORG_WORDS = frozenset(
    """Office Department Division Battalion Battalions Brigade Regiment Unit Units Forces Force
    University Council Party Union Ministry Committee Commission Agency Bureau Service
    Court Tribunal Board Group Center Centre Institute Foundation Association Federation Alliance
    League Movement Front Command Administration Authority Embassy Consulate Corps Company
    Chamber Hospital Inspector Rapporteur Members Communications Index""".split()
)


# What a law, a treaty, an order or a speech is called ("Executive Order", "the Unlawful
# Combatants Law", "Charter of the United Nations", "the Gettysburg Address").
_INSTRUMENT_WORDS = frozenset(
    """Order Charter Covenant Agreement Accord Accords Law Act Treaty Convention Protocol
    Declaration Resolution Address Constitution""".split()
)


def _instrument(name: str) -> bool:
    """Whether a name of two words or more is headed by one of those words: its last, or its
    last before "of" ("Charter of the United Nations", not "Ministry of Law")."""
    words = name.split()
    head = words[: words.index("of")] if "of" in words[1:] else words
    return len(words) > 1 and head[-1] in _INSTRUMENT_WORDS


def _definite_forces(text: str, actors: list[Actor]) -> list[Actor]:
    """Actors with the definite references to a force added to their mentions (and the words
    after "the" to their aliases): "An Afghan and coalition security force detained ... The
    security force targeted Saheb" names the joint force twice. Each reference goes to the
    force of the same head noun named last before it; none when no force of a military kind was
    named."""
    forces = [a for a in actors if a.kind == "military" and a.name.split()[-1] in _HEADS]
    if not forces:
        return actors
    named = sorted((m.start, m.end, a.name.split()[-1], a.name) for a in forces for m in a.mentions)
    added: dict[str, list[Span]] = {}
    for ref in _DEFINITE_FORCE.finditer(text):
        before = [n for n in named if n[1] <= ref.start() and n[2] == ref["head"]]
        inside = any(s <= ref.start() < e for s, e, _, _ in named)
        if before and not inside:
            added.setdefault(before[-1][3], []).append(Span(start=ref.start("ref"), end=ref.end()))
    return _with_mentions(text, actors, added)


_HEADS = frozenset({"force", "forces", "troops"})

# A nation's weapon as the agent of a passive ("killed by an Israeli tank shell", "hit by
# Russian missiles"): the nation fired it.
_ADJECTIVE_WEAPON = re.compile(
    r"\b(?:killed|hit|struck|wounded|injured|destroyed|damaged|targeted|shelled|bombed|sunk)"
    r"\b[^,;:.]{0,20}?[^\S\r\n]by[^\S\r\n]+(?:an?[^\S\r\n]+|the[^\S\r\n]+)?"
    r"(?P<adj>[A-Z][a-z]+)[^\S\r\n]+"
    r"(?:tank[^\S\r\n]+shells?|shells?|missiles?|rockets?|drones?|warplanes?|jets?|bombs?|"
    r"mortars?|artillery|gunfire|snipers?|helicopters?|gunships?|tanks?)\b"
)


def _attacks_by_adjective(text: str, actors: list[Actor]) -> list[Actor]:
    """Actors with the adjective of an attack they made added to their mentions (and aliases):
    "Russian attacks continue across Ukraine" names the Russian forces (or, with none named,
    Russia) as who attacks. A nation that is no actor of the document yet becomes one under
    the adjective the text gives it ("a Russian drone attack killed 12": "Russian", its forces),
    for no other name of it is in the text."""
    added: dict[str, list[Span]] = {}
    unowned: dict[str, list[Span]] = {}  # country -> the adjective's spans
    # By adjective and by country; reversed, so that the first such actor in text order wins.
    forces = {a.name.split()[0]: a for a in reversed(actors) if NATION_FORCES.fullmatch(a.name)}
    states = {
        country_code(a.name): a for a in reversed(actors) if a.kind in ("state", "government")
    }
    states.pop(None, None)  # a state name no code reads is no nation's
    for m in [*ADJECTIVE_ATTACK.finditer(text), *_ADJECTIVE_WEAPON.finditer(text)]:
        country = country_of(m["adj"])
        if country is None:
            continue
        owner = forces.get(m["adj"]) or states.get(country_code(country))
        span = Span(start=m.start("adj"), end=m.end("adj"))
        if owner is not None:
            added.setdefault(owner.name, []).append(span)
        else:
            unowned.setdefault(country, []).append(span)
    new = []
    for spans in unowned.values():
        words = list(dict.fromkeys(text[m.start : m.end] for m in spans))
        new.append(Actor(name=words[0], kind="military", aliases=words[1:], mentions=spans))
    out = _with_mentions(text, actors, added)
    if new:
        out = sorted([*out, *new], key=lambda a: a.mentions[0].start)
    return out


def _with_mentions(text: str, actors: list[Actor], added: dict[str, list[Span]]) -> list[Actor]:
    """Actors with more mentions, each by name: a form the actor did not have yet ("security
    force", "Russian") becomes one of its aliases, so that every mention is a name of it."""
    out = []
    for a in actors:
        if a.name not in added:
            out.append(a)
            continue
        forms = {fold(n) for n in [a.name, *a.aliases]}
        aliases = list(a.aliases)
        for m in added[a.name]:
            said = text[m.start : m.end]
            if fold(said) not in forms:
                forms.add(fold(said))
                aliases.append(said)
        mentions = sorted({(m.start, m.end) for m in [*a.mentions, *added[a.name]]})
        update = {"aliases": aliases, "mentions": [Span(start=x, end=y) for x, y in mentions]}
        out.append(a.model_copy(update=update))
    return out


class _LazyLocator:
    def __init__(self, text: str) -> None:
        self.text = text
        self._loc: Locator | None = None

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        if self._loc is None:
            self._loc = Locator(self.text)
        return self._loc.find_all(needle)


__all__ = ["ground_spans"]
