"""One actor, one entry: the names of one actor inside a document are merged, whatever the strategy.

The model (or the finders) may list one actor under two names: "Houthi" and "Houthis", the
spellings "Sarea" and "Saree", "Tamerlan" beside "Tamerlan Tsarnaev", "Iran" beside "Islamic
Republic of Iran". They are merged with the keys the briefing merges names by across documents
(`core.names`), and with their guards:

- the same name key (plurals, transliterations, accents, articles, titles): one actor, unless
  one is a person and the other not;
- a person named by one word that is the first or last word of exactly one other person of the
  document's, who is named in full: that person ("Tamerlan" -> "Tamerlan Tsarnaev"; with two
  Tsarnaevs in the text, "Tsarnaev" alone stays as it is);
- two states (or governments) with the same ISO country: one state ("Iran" and "Islamic
  Republic of Iran"), never a person or a group that bears a country's name.

Names that only share a word stay apart ("Hezbollah" and "Kataib Hezbollah" have different
keys). The fullest name (titles aside, not in capitals) stays the actor's name; the others
become its aliases, their mentions its mentions, and events that named them as actor or target
name it instead. Quotes keep their speaker as the text gives it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from summarizer.core.names import core_words, country_code, name_key
from summarizer.core.schemas import Actor, Event
from summarizer.ground.plain import Grounded

_STATES = frozenset({"state", "government"})


def merge_actors(grounded: Grounded) -> Grounded:
    """`grounded` with the names of one actor merged into one entry (see the module docstring)."""
    actors = grounded.actors
    if len(actors) < 2:
        return grounded
    owner = list(range(len(actors)))  # each actor's group: the index of its first member

    def find(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            owner[max(a, b)] = min(a, b)

    keys = [name_key(a.name) for a in actors]
    first_by_key: dict[tuple[tuple[str, ...], bool], int] = {}
    for i, key in enumerate(keys):
        if key:  # a person and a state may bear one name ("Jordan"): never one actor
            join(i, first_by_key.setdefault((key, actors[i].kind == "person"), i))
    _join_short_person_names(actors, keys, join)
    first_by_country: dict[str, int] = {}
    for i, a in enumerate(actors):
        code = country_code(a.name) if a.kind in _STATES else None
        if code is not None:
            join(i, first_by_country.setdefault(code, i))

    groups: dict[int, list[int]] = {}
    for i in range(len(actors)):
        groups.setdefault(find(i), []).append(i)
    if len(groups) == len(actors):
        return grounded
    merged: list[Actor] = []
    renamed: dict[str, str] = {}
    warnings = list(grounded.warnings)
    for members in groups.values():
        group = [actors[i] for i in members]
        kept = _merged(group)
        merged.append(kept)
        for a in group:
            if a.name != kept.name:
                renamed[a.name] = kept.name
                warnings.append(f"actor {a.name!r} merged into {kept.name!r}: the same actor")
    checks = dict(grounded.checks)
    checks["actors_merged"] = checks.get("actors_merged", 0) + len(actors) - len(merged)
    return replace(
        grounded,
        actors=merged,
        events=[_renamed(e, renamed) for e in grounded.events],
        warnings=warnings,
        checks=checks,
    )


def _join_short_person_names(
    actors: Sequence[Actor], keys: Sequence[tuple[str, ...]], join: Callable[[int, int], None]
) -> None:
    """A one-word person name that ends or starts exactly one full person name joins it."""
    full = [
        (i, core_words(k)) for i, (a, k) in enumerate(zip(actors, keys, strict=True))
        if a.kind == "person" and len(core_words(k)) >= 2
    ]  # fmt: skip
    for i, (a, k) in enumerate(zip(actors, keys, strict=True)):
        words = core_words(k)
        if a.kind != "person" or len(words) != 1:
            continue
        owners = [j for j, w in full if words[0] in (w[0], w[-1])]
        if len(owners) == 1:
            join(i, owners[0])


def _merged(group: Sequence[Actor]) -> Actor:
    """One actor for a group: the fullest name, every other name an alias, every mention."""
    if len(group) == 1:
        return group[0]
    # The most words of a name (titles aside), then not all capitals (a transcript's speaker
    # label), then the longest: "Dmytro Kuleba" over "MINISTER KULEBA".
    best = max(
        group,
        key=lambda a: (
            len(core_words(name_key(a.name))),
            not a.name.isupper(),
            len(a.name),
            -group.index(a),
        ),
    )
    aliases: list[str] = []
    for a in group:
        for name in (a.name, *a.aliases):
            if name != best.name and name not in aliases:
                aliases.append(name)
    mentions = sorted({(m.start, m.end): m for a in group for m in a.mentions}.values(),
                      key=lambda m: (m.start, m.end))  # fmt: skip
    affiliation = best.affiliation or next((a.affiliation for a in group if a.affiliation), None)
    return best.model_copy(
        update={"aliases": aliases, "mentions": mentions, "affiliation": affiliation}
    )


def _renamed(event: Event, renamed: dict[str, str]) -> Event:
    if not renamed:
        return event
    actors = _unique(renamed.get(n, n) for n in event.actors)
    targets = _unique(renamed.get(n, n) for n in event.targets)
    if actors == event.actors and targets == event.targets:
        return event
    return event.model_copy(update={"actors": actors, "targets": targets})


def _unique(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


__all__ = ["merge_actors"]
