"""Who is listed as an actor: the parties of the story, whatever the strategy.

An actor is a named person, group, force, government, state or organisation, or a specific
people ("the Rohingya", "Israeli tourists", "civilian mine workers"). Not listed:

- a generic collective of people: "civilians", "residents", "women and children", "Afghan
  civilians", "displaced Gazans", "Palestinians", "nine suspicious men": every word common or an
  adjective of origin, the last one a word for people at large. They were hit or they act as a
  crowd; events keep them as targets (or actors) as the text names them;
- a facility: "provincial police headquarters", "the governor's compound", a name whose last
  word is a building or site written in lower case. It is a target, not a party ("Al-Shifa
  Hospital", capitalised, is an institution and stays).

- a name only listed: every mention of it is an item of a roll of six or more names ("Albania,
  Georgia, Iceland, Japan, Montenegro and Norway join this statement"), and no event or quote
  names it. The roll stands in the text; the actors are those the story is about (five
  governments that issue a statement together are its parties).

Each one left out is counted in `checks["actors_not_parties"]` with a warning; events, quotes
and speakers are untouched.
"""

from __future__ import annotations

import re
from dataclasses import replace

from summarizer.core.fold import fold
from summarizer.core.names import country_code
from summarizer.core.schemas import Actor
from summarizer.find.words import DEMONYMS, ORG_KEYWORDS
from summarizer.ground.plain import Grounded

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
_WORD = re.compile(r"[^\W_][\w'’.-]*")
# A people named by where it is from: "Gazans", "Afghans" (not "Francis" nor "Philippines").
_PLURAL_OF_ORIGIN = re.compile(r"[A-Z][a-z]+ans")


# One name of an enumeration: capitalised words, with "of", "and", "the" inside ("Bosnia and
# Herzegovina", "the Federated States of Micronesia").
_ITEM = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:(?:of|and|the|of\s+the)\s+)?[A-Z][\w'’.-]*)*"
_LIST = re.compile(rf"{_ITEM}(?:\s*,\s*{_ITEM})+(?P<last>,?\s+and\s+{_ITEM})?")
_ROLL = 6


def not_a_party(name: str) -> str | None:
    """Why `name` is not listed as an actor, or None when it is a party (see the docstring)."""
    words = _WORD.findall(name)
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


def keep_parties(grounded: Grounded, text: str) -> Grounded:
    """`grounded` with the actors that are not parties left out and counted."""
    kept = []
    checks = dict(grounded.checks)
    warnings = list(grounded.warnings)
    lists = [m.span() for m in _LIST.finditer(text) if _items(m) >= _ROLL]
    # The names the story gives a role (only needed where a roll stands in the text).
    named = (
        {fold(n) for e in grounded.events for n in [*e.actors, *e.targets]}
        | {fold(q.speaker) for q in grounded.quotes if q.speaker}
        if lists
        else set()
    )
    for actor in grounded.actors:
        why = not_a_party(actor.name)
        if why is None and lists and _only_listed(actor, lists, named):
            why = "only listed, not a party of the story"
        if why is None:
            kept.append(actor)
            continue
        checks["actors_not_parties"] = checks.get("actors_not_parties", 0) + 1
        warnings.append(f"actor {actor.name!r} not listed: {why}")
    if len(kept) == len(grounded.actors):
        return grounded
    return replace(grounded, actors=kept, checks=dict(sorted(checks.items())), warnings=warnings)


__all__ = ["keep_parties", "not_a_party"]
