"""Who is listed as an actor: the parties of the story, whatever the strategy.

An actor is a named person, group, force, government, state or organisation, or a specific
people ("the Rohingya", "Israeli tourists", "civilian mine workers"). Not listed:

- a generic collective of people: "civilians", "residents", "women and children", "Afghan
  civilians", "displaced Gazans", "Palestinians", "nine suspicious men": every word common or an
  adjective of origin, the last one a word for people at large, where they are aside
  ("Palestinians in Gaza"). They were hit or they act as a crowd; events keep them as targets
  (or actors) as the text names them;
- a facility: "provincial police headquarters", "the governor's compound", a name whose last
  word is a building or site written in lower case. It is a target, not a party ("Al-Shifa
  Hospital", capitalised, is an institution and stays).

- a name only listed: every mention of it is an item of a roll of six or more names ("Albania,
  Georgia, Iceland, Japan, Montenegro and Norway join this statement"), and no event or quote
  names it. The roll stands in the text; the actors are those the story is about (five
  governments that issue a statement together are its parties).

- the organisation whose outlet carries the story, by its bare name: "UN" where the text
  credits "UN News" or "UN Photo" (its bodies, "UN Security Council", "UNRWA", stay). It
  narrates; the annotation of such stories lists it as no actor, like the outlet itself.

Each one left out is counted in `checks["actors_not_parties"]` with a warning; events, quotes
and speakers are untouched.

A party that an event names and the actor list lacks is listed (`checks["actors_from_events"]`),
so that the list holds every party the timeline shows:

- a state named as the whole of an actor or a target ("Russian attacks across Ukraine" with
  "Ukraine" hit);
- a body of people with its affiliation said, in the plural: "four US soldiers", "five Israeli
  tourists", "Fur communities" (listed without the count). Not one unnamed person ("a
  Bulgarian bus driver": who he is stays in the event), not people at large (above), and not
  the members of an actor already listed ("Hizballah operatives" are Hizballah).
"""

from __future__ import annotations

import re
from dataclasses import replace

from summarizer.core.fold import Locator, fold
from summarizer.core.names import country_code
from summarizer.core.schemas import Actor, ActorKind, Span
from summarizer.find.words import DEMONYMS, ORG_KEYWORDS
from summarizer.ground.plain import Grounded
from summarizer.ground.roles import names_after, strip_count

# People at large: who they are is not said beyond where they are from or what befell them.
_PEOPLE = frozenset(
    """civilians civilian residents resident people peoples population villagers refugees
    families women woman children child men man boys boy girls girl protesters protestors
    demonstrators locals inhabitants fishermen passengers worshippers pilgrims hostages
    detainees survivors victims crowd crowds westerners nationals citizens displaced""".split()
)
# Words that may open such a collective: articles, numbers, plain modifiers.
_OPENERS = frozenset(
    """the a an some many several other all most local two three four five six seven eight
    nine ten dozens hundreds thousands""".split()
)
# The first word of a collective, when only the sentence start capitalises it.
_OPENING = _PEOPLE | _OPENERS
_FACILITIES = frozenset(
    """headquarters compound compounds base bases hospital hospitals school schools checkpoint
    checkpoints building buildings facility facilities airport airports market markets camp
    camps""".split()
)
# Bodies of people that are parties once their affiliation is said ("US soldiers").
_MILITARY_GROUPS = frozenset(
    """soldiers troops fighters militants marines servicemen policemen officers guards
    personnel peacekeepers operatives""".split()
)
_CIVILIAN_GROUPS = frozenset(
    """tourists workers communities journalists paramedics medics doctors nurses volunteers
    settlers students""".split()
)
_WORD = re.compile(r"[^\W_][\w'’.-]*")
# Where a collective is ("Palestinians in Gaza", "civilians in Russia") says no more of who it is.
_WHERE = re.compile(r"\s+(?:in|from)\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*$")
# A people named by where it is from: "Gazans", "Afghans" (not "Francis" nor "Philippines").
_PLURAL_OF_ORIGIN = re.compile(r"[A-Z][a-z]+ans")


# One name of an enumeration: capitalised words, with "of", "and", "the" inside ("Bosnia and
# Herzegovina", "the Federated States of Micronesia").
_ITEM = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:(?:of|and|the|of\s+the)\s+)?[A-Z][\w'’.-]*)*"
_LIST = re.compile(rf"{_ITEM}(?:\s*,\s*{_ITEM})+(?P<last>,?\s+and\s+{_ITEM})?")
_ROLL = 6
# An outlet's own name: capitalised words, small words between ("The New York Times", "Blu
# Radio", "DW").
_OUTLET_NAME = re.compile(r"[A-Z][\w&'’.-]*(?:[^\S\r\n]+(?:of|the|and|de|[A-Z][\w&'’.-]*))*")
# An outlet credited in the text, named by its organisation: "UN News", "UN Photo/Eskinder".
_OUTLET = re.compile(r"\b(?P<owner>[A-Z][A-Za-z.]*)[^\S\n]+(?:News|Photo|Radio|TV)\b")


def not_a_party(name: str) -> str | None:
    """Why `name` is not listed as an actor, or None when it is a party (see the docstring)."""
    words = _WORD.findall(_WHERE.sub("", name))
    if not words:
        return None
    head = words[-1]
    if head.islower() and head.lower() in _FACILITIES:
        return "a facility, not a party"
    if not (head.lower() in _PEOPLE or _of_origin(head, plural=True)):
        return None
    for i, w in enumerate(words):
        if w.islower() or w.isdigit() or _of_origin(w) or _of_origin(w, plural=True):
            continue
        if i == 0 and w.lower() in _OPENING:
            continue  # a capital that only opens the sentence: "Residents", "Women and children"
        return None
    return "a generic collective of people, not a party"


def event_party(role: str) -> tuple[str, ActorKind] | None:
    """The party an event's actor or target names, with its kind, when it is one the actor list
    should carry (see the docstring); None otherwise. The name loses its count ("four US
    soldiers" -> "US soldiers")."""
    name = strip_count(role.strip())
    words = _WORD.findall(name)
    if not words:
        return None
    if all(w[0].isupper() for w in words) and country_code(name) is not None:
        return name, "state"
    head = words[-1]
    if head in _MILITARY_GROUPS:
        kind: ActorKind = "military"
    elif head in _CIVILIAN_GROUPS:
        kind = "civilians"
    else:
        return None
    said = [w for w in words[:-1] if w[0].isupper() or _of_origin(w)]
    if not said or not_a_party(name) is not None:
        return None
    return name, kind


def _items(enumeration: re.Match[str]) -> int:
    last = enumeration["last"] or ""
    return enumeration[0].count(",") + 1 + (1 if last and not last.startswith(",") else 0)


def _only_listed(actor: Actor, lists: list[tuple[int, int]], named: set[str]) -> bool:
    if not actor.mentions or any(fold(n) in named for n in [actor.name, *actor.aliases]):
        return False
    return all(any(a <= m.start and m.end <= b for a, b in lists) for m in actor.mentions)


def _of_origin(word: str, *, plural: bool = False) -> bool:
    if word in ORG_KEYWORDS:
        return False
    if word in DEMONYMS:
        return not plural or word.endswith("s")
    if plural:
        return _PLURAL_OF_ORIGIN.fullmatch(word) is not None and country_code(word) is None
    return country_code(word) is not None and not word.isupper()


def _event_parties(grounded: Grounded, text: str) -> list[Actor]:
    """The parties the events name that no actor is (see the docstring), in the text's order."""
    forms = {fold(n) for a in grounded.actors for n in [a.name, *a.aliases]}
    locator = Locator(text)
    found: dict[str, Actor] = {}
    for event in grounded.events:
        for role in [*event.actors, *event.targets]:
            party = event_party(role)
            if party is None:
                continue
            name, kind = party
            key = fold(name)
            members = any(f" {f} " in f" {key} " for f in forms)
            spans = locator.find_all(name)
            if key in forms or key in found or members or not spans:
                continue
            found[key] = Actor(
                name=text[spans[0][0] : spans[0][1]],
                kind=kind,
                mentions=[Span(start=a, end=b) for a, b in spans],
            )
    return sorted(found.values(), key=lambda a: a.mentions[0].start)


def keep_parties(grounded: Grounded, text: str) -> Grounded:
    """`grounded` with the actors that are not parties left out and counted, and the parties
    that only the events name listed."""
    kept = []
    checks = dict(grounded.checks)
    warnings = list(grounded.warnings)
    added = _event_parties(grounded, text)
    for actor in added:
        checks["actors_from_events"] = checks.get("actors_from_events", 0) + 1
        warnings.append(f"actor {actor.name!r} listed: an event names it")
    lists = [m.span() for m in _LIST.finditer(text) if _items(m) >= _ROLL]
    # The names the story gives a role: who did or suffered an event, as named or as the
    # evidence spells a target out ("the rally's organizers — activists Aziz Mamiyev, ..."),
    # and who speaks.
    named = {fold(n) for e in grounded.events for n in [*e.actors, *e.targets]}
    named |= {
        fold(n) for e in grounded.events for t in e.targets for n in names_after(e.evidence.text, t)
    }
    named |= {fold(q.speaker) for q in grounded.quotes if q.speaker}
    owners = {fold(m["owner"]) for m in _OUTLET.finditer(text) if country_code(m["owner"]) is None}
    for actor in grounded.actors:
        why = not_a_party(actor.name)
        if why is None and lists and _only_listed(actor, lists, named):
            why = "only listed, not a party of the story"
        if (
            why is None
            and actor.kind == "media"
            and _OUTLET_NAME.fullmatch(actor.name)  # not "Australian television newsmen"
            and not any(fold(n) in named for n in [actor.name, *actor.aliases])
        ):
            # "reported by The New York Times, DW, BBC and The Guardian": an outlet is a party
            # where it speaks or an event names it.
            why = "an outlet only cited"
        if why is None and actor.kind in ("organization", "media") and owners:
            if any(fold(n) in owners for n in [actor.name, *actor.aliases]):
                why = "the organisation whose outlet carries the story"
        if why is None:
            kept.append(actor)
            continue
        checks["actors_not_parties"] = checks.get("actors_not_parties", 0) + 1
        warnings.append(f"actor {actor.name!r} not listed: {why}")
    if len(kept) == len(grounded.actors) and not added:
        return grounded
    if added:
        kept = sorted(kept + added, key=lambda a: a.mentions[0].start if a.mentions else 0)
    return replace(grounded, actors=kept, checks=dict(sorted(checks.items())), warnings=warnings)


__all__ = ["event_party", "keep_parties", "not_a_party"]
