"""Score one summary against one gold annotation: precision, recall and F1 per field.

Matching is one-to-one and greedy (best pairs first). Gold items marked `optional` count neither
way: finding one is no true positive, and a system item that matches one is no false positive.
Spans match by overlap; names by `summarizer.eval.names`; format-2 gold also scores each matched
event's actors and targets (events matched on date and place, an event of the gold's type
first). Grounding violations (what breaks the output contract) are listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from summarizer.core.schemas import Event, Summary
from summarizer.eval.gold import (
    Gold,
    GoldActor,
    GoldDoc,
    GoldEvent,
    GoldQuote,
    GoldUncertainty,
)
from summarizer.eval.names import (
    EDGE,
    descriptions_match,
    fold_name,
    fold_text,
    in_text,
    is_description,
    names_match,
    place_match,
)
from summarizer.eval.report import Counts, DocScore

# A contained span must cover at least this share of the containing one to count as a match
# (so a whole paragraph given as a "quote" does not match the one-word quote inside it).
MIN_CONTAINED_SHARE = 0.2
MIN_IOU = 0.5


S = TypeVar("S")
G = TypeVar("G")


def _greedy(
    system: Sequence[S], gold: Sequence[G], score: Callable[[S, G], float]
) -> tuple[list[tuple[int, int]], set[int], set[int]]:
    """One-to-one matching, best-scoring pairs first. Returns pairs and unmatched indexes."""
    scored = [
        (s, i, j)
        for i, a in enumerate(system)
        for j, b in enumerate(gold)
        if (s := score(a, b)) > 0
    ]
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_s: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in scored:
        if i in used_s or j in used_g:
            continue
        used_s.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs, set(range(len(system))) - used_s, set(range(len(gold))) - used_g


@dataclass
class _Match:
    counts: Counts
    pairs: list[tuple[int, int]]
    extra: list[int]
    missed: list[int]
    duplicates: list[int]
    neutral: int


def _match_field(
    system: Sequence[S],
    gold: Sequence[G],
    score: Callable[[S, G], float],
    optional: Callable[[G], bool],
    *,
    duplicates_neutral: bool = False,
) -> _Match:
    """Match one-to-one against required gold; leftovers that hit optional gold are neutral.

    With `duplicates_neutral`, a leftover system item that would match a gold item already
    matched (a second name for one actor, a second hedge in one sentence) is neutral too.
    """
    req = [j for j, g in enumerate(gold) if not optional(g)]
    opt = [j for j, g in enumerate(gold) if optional(g)]
    pairs, left_s, left_g = _greedy(system, [gold[j] for j in req], score)
    pairs = [(i, req[j]) for i, j in pairs]
    # Optional gold is a "don't care" zone: any number of system items may fall in it.
    extra = [i for i in sorted(left_s) if not any(score(system[i], gold[j]) > 0 for j in opt)]
    duplicates: list[int] = []
    if duplicates_neutral:
        hit = [gold[j] for _, j in pairs]
        duplicates = [i for i in extra if any(score(system[i], g) > 0 for g in hit)]
        extra = [i for i in extra if i not in duplicates]
    missed = sorted(req[j] for j in left_g)
    counts = Counts(tp=len(pairs), fp=len(extra), fn=len(missed))
    return _Match(counts, pairs, extra, missed, duplicates, neutral=len(left_s) - len(extra))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def span_score(text: str, a: tuple[int, int], b: tuple[int, int]) -> float:
    """How well two spans agree, 0 when they do not match.

    Both are first trimmed of spaces, quotation marks and edge punctuation. They match when
    their intersection over union is at least MIN_IOU (the score is the IoU), or when one lies
    inside the other and covers at least MIN_CONTAINED_SHARE of it (score: that share, halved).
    """
    a0, a1 = _trim(text, *a)
    b0, b1 = _trim(text, *b)
    if a1 <= a0 or b1 <= b0:
        return 0.0
    inter = min(a1, b1) - max(a0, b0)
    if inter <= 0:
        return 0.0
    union = max(a1, b1) - min(a0, b0)
    iou = inter / union
    if iou >= MIN_IOU:
        return iou
    la, lb = a1 - a0, b1 - b0
    if inter == min(la, lb) and min(la, lb) / max(la, lb) >= MIN_CONTAINED_SHARE:
        return min(la, lb) / max(la, lb) / 2
    return 0.0


def _span_of(text: str, start: int | None, end: int | None, words: str) -> tuple[int, int] | None:
    """An item's span: its offsets when in range, else where its exact text occurs, else None."""
    if start is not None and end is not None and 0 <= start < end <= len(text):
        return start, end
    if words:
        i = text.find(words)
        if i >= 0:
            return i, i + len(words)
    return None


def _gold_actor_for(name: str, actors: Iterable[GoldActor]) -> GoldActor | None:
    for a in actors:
        if any(fold_name(name) == fold_name(n) for n in [a.name, *a.aliases]):
            return a
    return None


def speaker_ok(
    system: str | None,
    quote: GoldQuote,
    actors: Sequence[GoldActor],
    *,
    descriptions: bool = False,
) -> bool:
    """True when the system names the gold speaker (or both leave it null).

    Any name of the gold actor the speaker is, the quote's `speaker_aliases`, a surname (for a
    person) and an acronym (for an organisation) all count. With `descriptions` (format 2), a
    gold speaker or alias that is a description ("an elderly witness") also matches a system
    description by `descriptions_match`.
    """
    if quote.speaker is None:
        return not (system or "").strip()
    if not (system or "").strip():
        return False
    assert system is not None
    actor = _gold_actor_for(quote.speaker, actors)
    person = actor.kind == "person" if actor is not None else False
    names = [quote.speaker, *quote.speaker_aliases]
    if any(names_match(system, n, person=person) for n in names):
        return True
    if actor is not None and any(
        names_match(system, n, person=person) for n in [actor.name, *actor.aliases]
    ):
        return True
    return descriptions and any(is_description(n) and descriptions_match(system, n) for n in names)


def party_match(system: str, gold: str, actors: Sequence[GoldActor]) -> bool:
    """True when a system name names a gold name (a speaker, an event's actor or target).

    When the gold name is a name or alias of a gold actor, every name of that actor counts;
    folding, acronyms and (for a person) surnames and titles as in `names_match`.
    """
    actor = _gold_actor_for(gold, actors)
    person = actor.kind == "person" if actor is not None else False
    names = [gold] if actor is None else [gold, actor.name, *actor.aliases]
    return any(names_match(system, n, person=person) for n in names)


def role_match(system: str, gold: str, actors: Sequence[GoldActor]) -> bool:
    """True when a system event actor or target names a gold one: `party_match`, or, for a
    gold description ("gunmen"), `descriptions_match`."""
    if party_match(system, gold, actors):
        return True
    return is_description(gold) and descriptions_match(system, gold)


def _actor_score(system: str, gold: GoldActor) -> float:
    person = gold.kind == "person"
    if names_match(system, gold.name, person=person):
        return 2.0 if fold_name(system) == fold_name(gold.name) else 1.5
    if any(names_match(system, a, person=person) for a in gold.aliases):
        return 1.0
    return 0.0


def _date_ok(system: str | None, gold: GoldEvent) -> bool:
    value = (system or "").strip()[:10] or None
    return value in {gold.date, *gold.accept.dates}


def _location_ok(system: str | None, gold: GoldEvent) -> bool:
    value = (system or "").strip()
    if not value:
        return gold.location is None or None in gold.accept.locations
    places = [p for p in [gold.location, *gold.accept.locations] if p]
    return any(place_match(value, p) for p in places)


def _type_ok(system: str, gold: GoldEvent) -> bool:
    return system in {gold.event_type, *gold.accept.event_types}


def _short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 3] + "...")


def score_document(doc: GoldDoc, summary: Summary | None) -> DocScore:
    """Score one system output against one gold annotation (None: no output)."""
    g, text = doc.gold, doc.text
    result = DocScore(name=doc.name, doc_id=g.doc_id, missing=summary is None)
    out = summary or Summary.model_construct(
        doc_id=g.doc_id, actors=[], events=[], quotes=[], uncertainty=[]
    )
    folded = fold_text(text)

    def keep(
        name: str, m: _Match, extra: Callable[[int], str], missed: Callable[[int], str]
    ) -> None:
        result.counts[name] = m.counts
        result.neutral[name] = m.neutral
        result.errors[name] = [f"extra: {extra(i)}" for i in m.extra]
        result.errors[name] += [f"missed: {missed(j)}" for j in m.missed]
        result.errors[name] += [f"duplicate (not counted): {extra(i)}" for i in m.duplicates]

    # Quotes and speakers.
    q_spans = [_span_of(text, q.start, q.end, q.text) for q in out.quotes]

    def q_score(i: int, gq: GoldQuote) -> float:
        span = q_spans[i]
        return span_score(text, span, (gq.start, gq.end)) if span else 0.0

    m = _match_field(range(len(out.quotes)), g.quotes, q_score, lambda q: q.optional)
    keep("quotes", m, lambda i: _short(out.quotes[i].text), lambda j: _short(g.quotes[j].text))
    wrong = [
        f"{out.quotes[i].speaker!r} for {_short(g.quotes[j].text)} (gold {g.quotes[j].speaker!r})"
        for i, j in m.pairs
        if not speaker_ok(out.quotes[i].speaker, g.quotes[j], g.actors, descriptions=g.scores_roles)
    ]
    # P: accuracy over matched quotes; R: gold quotes found with the right speaker.
    right = len(m.pairs) - len(wrong)
    result.counts["speakers"] = Counts(tp=right, fp=len(wrong), fn=len(wrong) + len(m.missed))
    result.errors["speakers"] = [f"wrong: {w}" for w in wrong]

    # Actors. A system actor that the gold lists in not_actors (format 2) is a false positive
    # whatever else it might match: kept out of the matching, so that no optional gold actor
    # and no duplicate rule can make it neutral.
    not_actor = [
        i for i, a in enumerate(out.actors) if any(names_match(a.name, n) for n in g.not_actors)
    ]
    candidates = [i for i in range(len(out.actors)) if i not in not_actor]
    m = _match_field(
        [out.actors[i].name for i in candidates],
        g.actors,
        _actor_score,
        lambda a: a.optional,
        duplicates_neutral=True,
    )
    keep(
        "actors",
        m,
        lambda i: repr(out.actors[candidates[i]].name),
        lambda j: repr(g.actors[j].name),
    )
    if not_actor:
        result.counts["actors"].fp += len(not_actor)
        result.errors["actors"] += [f"not an actor: {out.actors[i].name!r}" for i in not_actor]

    # Events: strict (date + location + type) and loose (date + location).
    ev_spans = [
        _span_of(text, e.evidence.start, e.evidence.end, e.evidence.text) for e in out.events
    ]

    def ev_score(strict: bool) -> Callable[[int, GoldEvent], float]:
        def score(i: int, ge: GoldEvent) -> float:
            e = out.events[i]
            if not (_date_ok(e.date, ge) and _location_ok(e.location, ge)):
                return 0.0
            if strict and not _type_ok(e.event_type, ge):
                return 0.0
            span = ev_spans[i]
            overlap = span_score(text, span, (ge.evidence.start, ge.evidence.end)) if span else 0
            if strict:
                return 1.0 + overlap
            # Matched on date and place, an event of the gold's type is the same event before
            # one of a type it accepts, and that before one whose evidence merely overlaps: a
            # protest told in the sentence that tells of the killings at it is not the killings.
            kind = 2.0 if e.event_type == ge.event_type else float(_type_ok(e.event_type, ge))
            return 1.0 + overlap + kind

        return score

    def ev_text(e: Event | GoldEvent) -> str:
        return f"{e.date} | {e.location} | {e.event_type} | {_short(e.evidence.text)}"

    for name, strict in (("events", True), ("events_date_place", False)):
        m = _match_field(range(len(out.events)), g.events, ev_score(strict), lambda e: e.optional)
        keep(name, m, lambda i: ev_text(out.events[i]), lambda j: ev_text(g.events[j]))
    if g.scores_roles:
        # Roles over the loosest event matching (date + place, the one just made).
        _score_roles(result, g, out.events, m, ev_text)

    # Uncertainty: several system items on one gold sentence are not false positives.
    u_spans = [
        _span_of(text, u.evidence.start, u.evidence.end, u.evidence.text) for u in out.uncertainty
    ]

    def u_score(i: int, gu: GoldUncertainty) -> float:
        span = u_spans[i]
        return span_score(text, span, (gu.evidence.start, gu.evidence.end)) if span else 0.0

    m = _match_field(
        range(len(out.uncertainty)),
        g.uncertainty,
        u_score,
        lambda u: u.optional,
        duplicates_neutral=True,
    )
    keep(
        "uncertainty",
        m,
        lambda i: _short(out.uncertainty[i].evidence.text),
        lambda j: _short(g.uncertainty[j].evidence.text),
    )

    # Verified share and grounding violations.
    result.verified = {
        "quotes": (sum(q.verified for q in out.quotes), len(out.quotes)),
        "events": (sum(e.evidence.verified for e in out.events), len(out.events)),
        "uncertainty": (sum(u.evidence.verified for u in out.uncertainty), len(out.uncertainty)),
    }
    result.violations = grounding_violations(text, out, folded=folded)
    return result


def _score_roles(
    result: DocScore,
    g: Gold,
    events: Sequence[Event],
    m: _Match,
    describe: Callable[[Event | GoldEvent], str],
) -> None:
    """Format 2: roles_actor, roles_target and victims_as_actors over matched event pairs.

    P is the share of matched events (whose gold event has roles of that kind) with the right
    roles; R the share of such required gold events found with them: counted as speakers are.
    """

    def hits(system: Sequence[str], gold: Sequence[str]) -> list[bool]:
        return [any(role_match(s, n, g.actors) for n in gold) for s in system]

    wrong_a: list[str] = []
    wrong_t: list[str] = []
    victims: list[str] = []
    right_a = right_t = victim_events = 0
    for i, j in m.pairs:
        e, ge = events[i], g.events[j]
        # A name the gold lists on both sides (two parties clashing) counts as either.
        as_actor = hits(e.actors, ge.actors)
        as_target = hits(e.actors, ge.targets)
        named = [
            a
            for a, is_a, is_t in zip(e.actors, as_actor, as_target, strict=True)
            if is_t and not is_a
        ]
        victims += [f"{a!r} in {describe(ge)}" for a in named]
        victim_events += bool(named)
        if ge.actors or ge.actor_unknown:
            # Every system actor is a gold one (so, having one, at least one gold actor is
            # found); or the perpetrator is unknown and the output names nobody.
            ok = (ge.actor_unknown and not e.actors) or (bool(e.actors) and all(as_actor))
            if ok:
                right_a += 1
            else:
                gold = "unknown" if ge.actor_unknown and not ge.actors else repr(ge.actors)
                wrong_a.append(f"actors {e.actors!r} for {describe(ge)} (gold {gold})")
        if ge.targets:
            t_target = hits(e.targets, ge.targets)
            t_actor = hits(e.targets, ge.actors)
            ok = any(t_target) and not any(
                a and not t for a, t in zip(t_actor, t_target, strict=True)
            )
            if ok:
                right_t += 1
            else:
                wrong_t.append(f"targets {e.targets!r} for {describe(ge)} (gold {ge.targets!r})")
    missed = set(m.missed)
    missed_a = sum(1 for j in missed if g.events[j].actors or g.events[j].actor_unknown)
    missed_t = sum(1 for j in missed if g.events[j].targets)
    result.counts["roles_actor"] = Counts(tp=right_a, fp=len(wrong_a), fn=len(wrong_a) + missed_a)
    result.counts["roles_target"] = Counts(tp=right_t, fp=len(wrong_t), fn=len(wrong_t) + missed_t)
    result.errors["roles_actor"] = [f"wrong: {w}" for w in wrong_a]
    result.errors["roles_target"] = [f"wrong: {w}" for w in wrong_t]
    result.errors["victims_as_actors"] = [f"victim as actor: {v}" for v in victims]
    result.victims_as_actors = victim_events


def grounding_violations(text: str, summary: Summary, *, folded: str | None = None) -> list[str]:
    """What breaks the output contract: verified items whose offsets do not give their text,
    actors whose name is not in the document, quotes that are not in the document."""
    folded = fold_text(text) if folded is None else folded
    found: list[str] = []

    def bad(start: int | None, end: int | None, words: str) -> bool:
        return start is None or end is None or text[start:end] != words

    for i, q in enumerate(summary.quotes):
        if q.verified and bad(q.start, q.end, q.text):
            found.append(f"quote {i} marked verified but text[{q.start}:{q.end}] != its text")
        if not in_text(q.text, folded):
            found.append(f"quote {i} not in the document: {q.text[:60]!r}")
    for i, e in enumerate(summary.events):
        ev = e.evidence
        if ev.verified and bad(ev.start, ev.end, ev.text):
            found.append(
                f"event {i} evidence marked verified but text[{ev.start}:{ev.end}] differs"
            )
    for i, u in enumerate(summary.uncertainty):
        ev = u.evidence
        if ev.verified and bad(ev.start, ev.end, ev.text):
            found.append(
                f"uncertainty {i} evidence marked verified but text[{ev.start}:{ev.end}] differs"
            )
    for a in summary.actors:
        if not in_text(a.name, folded):
            found.append(f"actor {a.name[:60]!r} not in the document")
    return found
