"""Two actor names' keys: one actor, two or doubtful (`relation`); the clusters they merge into.

Guards keep distinct actors apart whatever else links them (`blocked`): a one-word name is never
merged into a longer organization name ("Hezbollah" is not "Kataib Hezbollah"), and names that
differ by a country or nationality never merge. Otherwise two names are one actor when one is the
other with a description added, when the shorter keeps the longer name's first and last words
("Harakat al-Nujaba" / "Harakat Hezbollah al Nujaba"), or when it is the surname of the only
person who carries it; names that are neither clearly the same nor clearly distinct are
*doubtful*. `Clusters` merges keys, and refuses a merge that would bring two keys a guard keeps
apart into one cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from summarizer.core.names import Key, core_words, geo_words

__all__ = ["Clusters", "blocked", "relation"]


class Clusters:
    """Union-find over keys, with cannot-link pairs checked across whole clusters."""

    def __init__(self, keys: Iterable[Key]) -> None:
        self.parent: dict[Key, Key] = {k: k for k in keys}
        self.members: dict[Key, set[Key]] = {k: {k} for k in self.parent}
        self.apart: set[frozenset[Key]] = set()

    def find(self, k: Key) -> Key:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def can_merge(self, a: Key, b: Key) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        return not any(
            frozenset((x, y)) in self.apart for x in self.members[ra] for y in self.members[rb]
        )

    def union(self, a: Key, b: Key) -> bool:
        if not self.can_merge(a, b):
            return False
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra == rb:
            return True
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        return True


def blocked(a: Key, b: Key, person: bool) -> str | None:
    """Why two keys are surely different actors, or None."""
    ca, cb = set(core_words(a)), set(core_words(b))
    short, long_ = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    if short < long_ and len(short) == 1 and not person:
        return "a one-word name inside a longer organization name is a different actor"
    sa, sb = set(a), set(b)
    geo_a, geo_b = geo_words(sa - sb), geo_words(sb - sa)
    if geo_a and geo_b and geo_a != geo_b:
        return "the names differ by country or nationality"
    if (geo_a or geo_b) and ca != cb and not (short < long_):
        return "the names differ by country or nationality"
    return None


def _subsequence(short: Key, long_: Key) -> bool:
    it = iter(long_)
    return all(w in it for w in short)


def relation(a: Key, b: Key, *, person: bool, surname_owners: Mapping[str, int]) -> tuple[str, str]:
    """('merge'|'doubt'|'apart', reason) for two distinct keys."""
    why = blocked(a, b, person)
    if why:
        return "apart", why
    ca, cb = core_words(a), core_words(b)
    if ca == cb:
        if not (set(a) - set(ca)) or not (set(b) - set(cb)):
            return "merge", "the same name, one with a description added"
        return "doubt", "the same name with different descriptions"
    short, long_ = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    if set(short) < set(long_):
        if (
            len(short) >= 2
            and len(long_) - len(short) <= 2
            and short[0] == long_[0]
            and short[-1] == long_[-1]
            and _subsequence(short, long_)
        ):
            return "merge", "the shorter name keeps the longer name's first and last words"
        if person and len(short) == 1 and short[0] == long_[-1]:
            if len(short[0]) >= 4 and surname_owners.get(short[0], 0) == 1:
                return "merge", "surname of the only person with that name"
            return "doubt", "surname shared by several people"
        return "doubt", "one name is contained in the other"
    sa, sb = set(a), set(b)
    jaccard = len(sa & sb) / len(sa | sb)
    if jaccard >= 0.5:
        return "doubt", f"names share {len(sa & sb)} of {len(sa | sb)} words"
    return "apart", "different names"
