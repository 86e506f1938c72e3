"""Counts and reports: true and false positives and false negatives per field, one document's
scores (with its grounding violations and errors), and the micro-averaged report over many.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIELDS = ("quotes", "speakers", "actors", "events", "events_date_place", "uncertainty")
# Scored only against format-2 gold (event actors and targets); "n/a" when no gold has them.
ROLE_FIELDS = ("roles_actor", "roles_target")
ALL_FIELDS = FIELDS + ROLE_FIELDS
FIELD_HELP = {
    "quotes": "direct quotations (span IoU >= 0.5, or one inside the other)",
    "speakers": "P: speaker accuracy over matched quotes; R: gold quotes found with the right one",
    "actors": "actors (folded name vs gold name or alias; a not_actors name is a false positive)",
    "events": "events (date + location + ACLED type)",
    "events_date_place": "events (date + location right, any type)",
    "uncertainty": "hedged/attributed sentences (evidence span overlap)",
    "roles_actor": "format 2: P: matched events (date + place) with the right actors; R: of gold",
    "roles_target": "format 2: the same for targets (one right, none a gold actor)",
}


@dataclass
class Counts:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        # Nothing output: right if there was nothing to find, else 0 (not a free 1.0).
        if not self.tp + self.fp:
            return 0.0 if self.fn else 1.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def output(self) -> int:
        return self.tp + self.fp

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class DocScore:
    """One document's scores.

    Attributes:
        counts: Per field (see FIELDS).
        verified: Per field with a verified flag (quotes, events, uncertainty): (verified, items).
        violations: Grounding violations: each must not happen.
        neutral: System items that matched an optional gold item (or, for actors and
            uncertainty, a gold item already matched), per field; counted neither way.
        errors: Per field, what went wrong: "extra: ..." (false positive), "missed: ..." (false
            negative), "wrong: ..." (a wrong speaker or wrong roles), "not an actor: ..." (a
            system actor the gold lists in not_actors); under "victims_as_actors", each one.
        victims_as_actors: Format 2: matched events where a system actor is a gold target of
            the event (and no gold actor of it); None for format-1 gold (not scored).
        missing: No output for this document.
    """

    name: str
    doc_id: str
    counts: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    verified: dict[str, tuple[int, int]] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    neutral: dict[str, int] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    victims_as_actors: int | None = None
    missing: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "doc_id": self.doc_id,
            "missing": self.missing,
            "fields": {f: c.as_dict() for f, c in self.counts.items()},
            "victims_as_actors": self.victims_as_actors,
            "verified": {f: list(v) for f, v in self.verified.items()},
            "neutral": dict(self.neutral),
            "violations": list(self.violations),
            "errors": {f: list(e) for f, e in self.errors.items()},
        }


@dataclass
class Report:
    """Scores over many documents, micro-averaged."""

    docs: list[DocScore] = field(default_factory=list)
    extra_outputs: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, Counts]:
        """Micro-averaged counts: every field of FIELDS, and each of ROLE_FIELDS that some
        document scored (format-2 gold); a field left out is not scored (n/a)."""
        total = {f: Counts() for f in FIELDS}
        for d in self.docs:
            for f, c in d.counts.items():
                total.setdefault(f, Counts()).add(c)
        return total

    def victims_as_actors(self) -> int | None:
        """Matched events whose victim the system named as actor (None: nothing scored)."""
        counts = [d.victims_as_actors for d in self.docs if d.victims_as_actors is not None]
        return sum(counts) if counts else None

    def verified(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for d in self.docs:
            for f, (v, n) in d.verified.items():
                pv, pn = out.get(f, (0, 0))
                out[f] = (pv + v, pn + n)
        return out

    def verified_share(self) -> float:
        pairs = self.verified().values()
        items = sum(n for _, n in pairs)
        return sum(v for v, _ in pairs) / items if items else 1.0

    def violations(self) -> list[str]:
        return [f"{d.name}: {v}" for d in self.docs for v in d.violations]

    def as_dict(self) -> dict[str, Any]:
        verified = self.verified()
        return {
            "fields": {f: c.as_dict() for f, c in self.totals().items()},
            "victims_as_actors": self.victims_as_actors(),
            "verified": {
                "share": round(self.verified_share(), 4),
                **{f: list(v) for f, v in verified.items()},
            },
            "violations": self.violations(),
            "missing": [d.name for d in self.docs if d.missing],
            "extra_outputs": list(self.extra_outputs),
            "documents": [d.as_dict() for d in self.docs],
        }
