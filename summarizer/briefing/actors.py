"""Actors reconciled across documents: one entry per real-world actor, with its aliases.

Deterministic first. A name is reduced to a *key*: case, accents, ayn/hamza marks and apostrophes,
hyphens and dots go; Arabic articles ("al", "el", "al-", sun-letter forms such as "ash-") go; known
transliteration variants (Hizballah, Seyyed, Shohada, Walae, ...) map to one spelling, and other
long words are reduced to a consonant skeleton so unlisted vowel variants meet too. Names with
equal keys are one actor; acronyms defined in a text ("Islamic Resistance in Iraq (IRI)") join
their expansion; a shorter name joins a longer one when it keeps the longer name's first and last
words ("Harakat al-Nujaba" / "Harakat Hezbollah al Nujaba"), or is a person's surname; the
names ISO 3166 gives one state ("Iran", "Islamic Republic of Iran") are one actor.

The rules for a pair of names, and the guards that keep distinct actors apart whatever else links
them, are `summarizer.briefing.actorpairs`. Pairs that are neither clearly the same nor clearly
distinct are *doubtful*; an optional `Adjudicator` (`summarizer.briefing.adjudicate`: the model,
its answers cached) decides them, and without one they stay apart. Every decision is recorded.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from summarizer.briefing.actorpairs import Clusters, blocked, relation
from summarizer.briefing.adjudicate import Adjudicator, Candidate
from summarizer.core.names import (
    Key,
    core_words,
    country_code,
    name_key,
    normalize_name,
    slug,
)
from summarizer.core.schemas import Summary
from summarizer.find.acronyms import find_acronyms

# An acronym defined in a text ("Islamic Resistance in Iraq (IRI)") is read by the finders'
# `find_acronyms`, the one place acronyms are decided.

_PAREN_ALIAS = re.compile(r"^(.*\S)\s*\(([^()]{2,12})\)$")


def split_parenthetical(name: str) -> tuple[str, str | None]:
    """'Islamic Resistance in Iraq (IRI)' -> ('Islamic Resistance in Iraq', 'IRI')."""
    m = _PAREN_ALIAS.match(name.strip())
    if m:
        return m.group(1), m.group(2).strip()
    return name.strip(), None


# ---------------------------------------------------------------------------------------------
# Records, entries, decisions
# ---------------------------------------------------------------------------------------------

Role = Literal["actor", "alias", "event"]
_ROLE_RANK = {"actor": 0, "alias": 1, "event": 2}


@dataclass(frozen=True)
class NameRecord:
    """One occurrence of a name in one document's summary."""

    name: str
    doc_id: str
    role: Role
    kind: str | None = None
    affiliation: str | None = None
    mentions: tuple[tuple[int, int], ...] = ()


@dataclass
class ActorEntry:
    """One reconciled actor.

    Attributes:
        id: Stable id: slug of the canonical name and a short hash of its normal form.
        name: Canonical name (the best-attested spelling).
        kind: Most frequent kind given by the documents.
        affiliations: Affiliations as written, most frequent first.
        aliases: Other spellings and names, sorted.
        doc_ids: Documents that name the actor, sorted.
        mentions: Mention spans per document.
    """

    id: str
    name: str
    kind: str
    affiliations: list[str]
    aliases: list[str]
    doc_ids: list[str]
    mentions: dict[str, list[tuple[int, int]]]
    keys: frozenset[Key] = field(default_factory=frozenset)


@dataclass(frozen=True)
class PairDecision:
    """A pair of names that was neither clearly one actor nor clearly two, and what was decided."""

    a: str
    b: str
    merged: bool
    decided_by: Literal["rule", "model", "none"]
    reason: str


# ---------------------------------------------------------------------------------------------
# Reconciliation
# ---------------------------------------------------------------------------------------------


@dataclass
class ActorRegistry:
    """Reconciled actors and a resolver from names (as written in a document) to them."""

    entries: list[ActorEntry]
    decisions: list[PairDecision]
    _by_key: dict[Key, ActorEntry]
    _acronyms: dict[str, dict[str, Key]]  # doc_id ("" for all documents) -> acronym -> key

    def resolve(self, name: str | None, doc_id: str | None = None) -> ActorEntry | None:
        """The actor a name denotes, or None when no reconciled actor carries it."""
        if not name:
            return None
        base, _ = split_parenthetical(name)
        key = name_key(base)
        if not key:
            return None
        if key in self._by_key:
            return self._by_key[key]
        if len(key) == 1:
            for scope in (doc_id or "", ""):
                target = self._acronyms.get(scope, {}).get(key[0])
                if target is not None and target in self._by_key:
                    return self._by_key[target]
            # A bare surname ("Kaabi stated") names the only person who carries it.
            people = {
                id(e): e
                for e in self.entries
                if e.kind == "person"
                and any(len(core_words(k)) >= 2 and core_words(k)[-1] == key[0] for k in e.keys)
            }
            if len(people) == 1 and len(key[0]) >= 4:
                return next(iter(people.values()))
        return None

    def by_id(self, actor_id: str) -> ActorEntry | None:
        for entry in self.entries:
            if entry.id == actor_id:
                return entry
        return None


def collect_names(summaries: Sequence[Summary]) -> list[NameRecord]:
    """Every name a summary gives an actor: actor names, their aliases, and event perpetrators."""
    records: list[NameRecord] = []
    for s in summaries:
        for actor in s.actors:
            mentions = tuple((m.start, m.end) for m in actor.mentions)
            name, paren = split_parenthetical(actor.name)
            records.append(
                NameRecord(name, s.doc_id, "actor", actor.kind, actor.affiliation, mentions)
            )
            for alias in [*actor.aliases, *([paren] if paren else [])]:
                records.append(NameRecord(alias.strip(), s.doc_id, "alias", actor.kind))
        for event in s.events:
            for name in event.actors:
                records.append(NameRecord(split_parenthetical(name)[0], s.doc_id, "event"))
    return [r for r in records if name_key(r.name)]


def reconcile(
    summaries: Sequence[Summary],
    texts: Mapping[str, str | None] | None = None,
    *,
    adjudicator: Adjudicator | None = None,
) -> ActorRegistry:
    """Reconcile the actors of many summaries into one registry.

    Args:
        summaries: The per-document summaries.
        texts: Source text by doc_id where available (acronym definitions are read from it; the
            summary and evidence texts are read in any case).
        adjudicator: Decides doubtful pairs; None keeps them apart.

    Returns:
        The registry, entries sorted by canonical name; the same input gives the same ids.
    """
    texts = texts or {}
    records = collect_names(summaries)
    rec_keys = [name_key(r.name) for r in records]
    keys = sorted(set(rec_keys))
    clusters = Clusters(keys)
    by_key: dict[Key, list[NameRecord]] = defaultdict(list)
    for r, k in zip(records, rec_keys, strict=True):
        by_key[k].append(r)

    def is_person(k: Key) -> bool:
        kinds = Counter(r.kind for r in by_key.get(k, []) if r.kind)
        return bool(kinds) and kinds.most_common(1)[0][0] == "person"

    # Cannot-link guards between every pair of keys that a guard separates.
    index: dict[str, set[Key]] = defaultdict(set)
    for k in keys:
        for w in set(k):
            index[w].add(k)
    pairs: set[tuple[Key, Key]] = set()
    for k in keys:
        for w in set(k):
            for other in index[w]:
                if other != k:
                    a, b = sorted((k, other))
                    pairs.add((a, b))

    # Acronyms: per document, and globally when every definition agrees.
    acronyms: dict[str, dict[str, Key]] = defaultdict(dict)
    global_defs: dict[str, set[Key]] = defaultdict(set)
    for s in summaries:
        parts = [texts.get(s.doc_id) or "", s.summary]
        parts += [e.evidence.text for e in s.events] + [a.name for a in s.actors]
        for acronym, expansion in find_acronyms("\n".join(parts)).items():
            akey, ekey = name_key(acronym), name_key(expansion)
            if len(akey) == 1 and ekey and akey != ekey:
                acronyms[s.doc_id][akey[0]] = ekey
                global_defs[akey[0]].add(ekey)
    for letters, expansions in global_defs.items():
        if len(expansions) == 1:
            acronyms[""][letters] = next(iter(expansions))

    person_of = {k: is_person(k) for k in keys}
    # A state's names ("Iran", "the Islamic Republic of Iran", "Republic of Iraq") are one
    # actor: ISO 3166 names them all, common, official and short forms alike.
    state_of: dict[Key, str] = {}
    for k in keys:
        if person_of[k]:
            continue  # "Jordan", "Chad": a person may bear a country's name
        codes = {c for r in by_key[k] if (c := country_code(r.name))}
        if len(codes) == 1:
            state_of[k] = codes.pop()
    for a, b in sorted(pairs):
        if state_of.get(a) is not None and state_of.get(a) == state_of.get(b):
            continue
        why = blocked(a, b, person_of[a] and person_of[b])
        if why:
            clusters.apart.add(frozenset((a, b)))
    by_state: dict[str, list[Key]] = defaultdict(list)
    for k, code in sorted(state_of.items()):
        by_state[code].append(k)
    for same in by_state.values():
        for k in same[1:]:
            clusters.union(same[0], k)

    # 1. Acronyms join their expansion where that expansion is itself a name we have.
    for r, k in zip(records, rec_keys, strict=True):
        if len(k) == 1:
            target = acronyms.get(r.doc_id, {}).get(k[0]) or acronyms[""].get(k[0])
            if target is not None and target in clusters.parent:
                clusters.union(k, target)
    # 2. Aliases the document itself gives, unless a guard says otherwise.
    for s in summaries:
        for actor in s.actors:
            base, paren = split_parenthetical(actor.name)
            k = name_key(base)
            for alias in [*actor.aliases, *([paren] if paren else [])]:
                ak = name_key(alias)
                if ak and k and ak != k:
                    clusters.union(k, ak)
    # 3. Token-set rules over pairs that share a word; doubtful pairs go to the adjudicator.
    surname_owners: Counter[str] = Counter()
    for k in keys:
        if person_of[k] and len(core_words(k)) >= 2:
            surname_owners[core_words(k)[-1]] += 1
    decisions: list[PairDecision] = []
    doubtful: list[tuple[Key, Key, str]] = []
    for a, b in sorted(pairs):
        if clusters.find(a) == clusters.find(b):
            continue
        person = person_of[a] or person_of[b]
        verdict, reason = relation(a, b, person=person, surname_owners=surname_owners)
        if verdict == "merge":
            clusters.union(a, b)
        elif verdict == "doubt":
            doubtful.append((a, b, reason))
    for a, b, reason in doubtful:
        if clusters.find(a) == clusters.find(b) or not clusters.can_merge(a, b):
            continue
        name_a, name_b = _best_name(by_key[a]), _best_name(by_key[b])
        verdict_by: Literal["rule", "model", "none"] = "none"
        merged = False
        if adjudicator is not None:
            answer = adjudicator.same_actor(
                _candidate(by_key[a], summaries, texts), _candidate(by_key[b], summaries, texts)
            )
            if answer is not None:
                verdict_by = "model"
                merged, reason = answer[0], answer[1] or reason
                if merged:
                    merged = clusters.union(a, b)
        decisions.append(PairDecision(name_a, name_b, merged, verdict_by, reason))

    entries = _entries(clusters, by_key)
    lookup: dict[Key, ActorEntry] = {}
    for entry in entries:
        for k in entry.keys:
            lookup[k] = entry
    decisions.sort(key=lambda d: (d.a.casefold(), d.b.casefold()))
    return ActorRegistry(entries, decisions, lookup, dict(acronyms))


def _best_name(records: Iterable[NameRecord]) -> str:
    """The best-attested spelling: actor names over aliases, most documents, then longest."""
    stats: dict[str, tuple[int, int, int]] = {}
    docs: dict[str, set[str]] = defaultdict(set)
    for r in records:
        docs[r.name].add(r.doc_id)
        role, count, _ = stats.get(r.name, (9, 0, 0))
        stats[r.name] = (min(role, _ROLE_RANK[r.role]), count + 1, 0)

    def rank(name: str) -> tuple[int, int, int, int, int, int, str]:
        role, count, _ = stats[name]
        acronym = int(name.isupper() and len(name) <= 8)
        key = name_key(name)
        described = len(key) - len(core_words(key))  # "Hezbollah" over "Iran-backed Hezbollah"
        return (role, described, acronym, -len(docs[name]), -count, -len(name), name)

    return min(stats, key=rank)


def _candidate(
    records: list[NameRecord], summaries: Sequence[Summary], texts: Mapping[str, str | None]
) -> Candidate:
    name = _best_name(records)
    kinds = Counter(r.kind for r in records if r.kind)
    affs = Counter(r.affiliation for r in records if r.affiliation)
    context = ""
    for r in sorted(records, key=lambda r: (r.doc_id, r.name)):
        text = texts.get(r.doc_id)
        if text and r.mentions:
            lo, hi = r.mentions[0]
            context = " ".join(text[max(0, lo - 150) : hi + 150].split())
            break
    if not context:
        docs = {r.doc_id for r in records}
        for s in summaries:
            if s.doc_id in docs:
                context = " ".join(s.summary.split())[:300]
                break
    return Candidate(
        name=name,
        kind=kinds.most_common(1)[0][0] if kinds else None,
        affiliation=affs.most_common(1)[0][0] if affs else None,
        context=context,
    )


_KIND_ORDER = (
    "armed_group",
    "military",
    "state",
    "government",
    "person",
    "political_group",
    "organization",
    "media",
    "civilians",
    "other",
)


def _entries(clusters: Clusters, by_key: Mapping[Key, list[NameRecord]]) -> list[ActorEntry]:
    groups: dict[Key, list[Key]] = defaultdict(list)
    for k in clusters.parent:
        groups[clusters.find(k)].append(k)
    entries: list[ActorEntry] = []
    for members in groups.values():
        records = [r for k in members for r in by_key[k]]
        name = _best_name(records)
        kind_votes: Counter[str] = Counter()
        for _doc, kind in {(r.doc_id, r.kind) for r in records if r.kind}:
            kind_votes[kind] += 1
        kind = (
            min(kind_votes, key=lambda k: (-kind_votes[k], _KIND_ORDER.index(k)))
            if kind_votes
            else "other"
        )
        affs: Counter[str] = Counter(r.affiliation for r in records if r.affiliation)
        affiliations = sorted(affs, key=lambda a: (-affs[a], a))
        seen: dict[str, str] = {}
        for r in sorted(records, key=lambda r: (_ROLE_RANK[r.role], r.name)):
            seen.setdefault(r.name.casefold(), r.name)
        aliases = sorted(
            (v for k, v in seen.items() if k != name.casefold()), key=lambda s: s.casefold()
        )
        mentions: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for r in records:
            mentions[r.doc_id].extend(r.mentions)
        norm = normalize_name(name)
        digest = hashlib.sha256(norm.encode("utf-8")).hexdigest()[:8]
        entries.append(
            ActorEntry(
                id=f"{slug(norm)}-{digest}",
                name=name,
                kind=kind,
                affiliations=affiliations,
                aliases=aliases,
                doc_ids=sorted({r.doc_id for r in records}),
                mentions={d: sorted(set(v)) for d, v in sorted(mentions.items())},
                keys=frozenset(members),
            )
        )
    entries.sort(key=lambda e: (e.name.casefold(), e.id))
    return entries
