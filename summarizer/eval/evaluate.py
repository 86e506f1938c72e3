"""Score summaries against gold annotations: precision, recall and F1 per field, grounding checks.

Gold files (one JSON object per document, format in tests/gold/README.md) name a document by its
source path and, for JSON Lines, its record id; `doc_id` pins the text they were written against.
System outputs are Summary JSON files matched to gold by `doc_id`. Matching is one-to-one and
greedy (best pairs first). Gold items marked `optional` count neither way: finding one is no
true positive, and a system item that matches one is no false positive. Scores are micro-averaged
over documents; per-document rows are kept.

The matcher is independent of the pipeline's own grounding code on purpose: an evaluator that
shared the system's text folding would share its blind spots.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from summarizer.core.errors import GoldError, SummarizerError
from summarizer.core.schemas import ActorKind, Event, EventType, Summary, UncertaintyKind
from summarizer.read.documents import Document, read_path

if TYPE_CHECKING:
    from summarizer.pipeline import Summarizer

GOLD_VERSION: Literal["1", "2"] = "1"

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
EVENT_TYPES: tuple[str, ...] = get_args(EventType)

# A contained span must cover at least this share of the containing one to count as a match
# (so a whole paragraph given as a "quote" does not match the one-word quote inside it).
MIN_CONTAINED_SHARE = 0.2
MIN_IOU = 0.5

_DATE = r"^\d{4}-\d{2}-\d{2}$"


# --------------------------------------------------------------------------------------------
# Gold format
# --------------------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldSpan(_Strict):
    """A passage of the document: text[start:end] == text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(min_length=1)


class GoldQuote(GoldSpan):
    """A direct quotation: the characters between the quotation marks."""

    speaker: str | None = Field(default=None, description="Full name or organisation; null.")
    speaker_aliases: list[str] = Field(
        default_factory=list, description="Other answers that also count as right."
    )
    optional: bool = False


class GoldActor(_Strict):
    """A person, group, force or state that acts or is acted upon."""

    name: str = Field(min_length=1)
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list)
    optional: bool = False


class GoldAccept(_Strict):
    """Other answers a careful reader could give, counted as right."""

    dates: list[str | None] = Field(default_factory=list)
    # null: no place is right too (a text that only implies where it happened).
    locations: list[str | None] = Field(default_factory=list)
    event_types: list[EventType] = Field(default_factory=list)


class GoldEvent(_Strict):
    """An event with its date resolved against the document date.

    Format 2 adds who did it (`actors`, or `actor_unknown` when the text does not say) and to
    whom (`targets`), as the text names or describes them.
    """

    date: str | None = Field(default=None, pattern=_DATE)
    location: str | None = None
    event_type: EventType
    description: str = ""
    evidence: GoldSpan
    actors: list[str] = Field(
        default_factory=list, description="Format 2: who carried it out (names or descriptions)."
    )
    actor_unknown: bool = Field(
        default=False, description="Format 2: the text does not say, or says nobody knows, who."
    )
    targets: list[str] = Field(
        default_factory=list, description="Format 2: who or what was hit or affected."
    )
    accept: GoldAccept = Field(default_factory=GoldAccept)
    optional: bool = False

    @property
    def has_roles(self) -> bool:
        return bool(self.actors or self.targets or self.actor_unknown)


class GoldUncertainty(_Strict):
    """A sentence that hedges, attributes or leaves a claim unconfirmed."""

    evidence: GoldSpan
    kind: UncertaintyKind
    cue: str = Field(min_length=1, description="The hedge or attribution words, for readers.")
    optional: bool = False


class Gold(_Strict):
    """The gold annotation of one document."""

    gold_version: Literal["1", "2"] = GOLD_VERSION
    source: str = Field(description="Path of the document, relative to the repository root.")
    record_id: str | None = Field(default=None, description="Record id inside a JSONL file.")
    doc_id: str = Field(pattern=r"^[0-9a-f]{64}$")
    date: str | None = Field(default=None, pattern=_DATE, description="Document date.")
    title: str | None = None
    notes: str = ""
    quotes: list[GoldQuote] = Field(default_factory=list)
    actors: list[GoldActor] = Field(default_factory=list)
    not_actors: list[str] = Field(
        default_factory=list,
        description="Format 2: names in the text that are not actors (places, outlets, dates).",
    )
    events: list[GoldEvent] = Field(default_factory=list)
    uncertainty: list[GoldUncertainty] = Field(default_factory=list)

    @model_validator(mode="after")
    def _v2_fields_need_v2(self) -> Gold:
        if self.gold_version == "1":
            if self.not_actors:
                raise ValueError("not_actors needs gold_version 2")
            if any(e.has_roles for e in self.events):
                raise ValueError("event actors, targets and actor_unknown need gold_version 2")
        return self

    @property
    def scores_roles(self) -> bool:
        """Format 2: event roles, not_actors and descriptive speakers are scored."""
        return self.gold_version != "1"


@dataclass
class GoldDoc:
    """A gold annotation, the file it came from and the document text it annotates."""

    path: Path
    gold: Gold
    document: Document

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def text(self) -> str:
        return self.document.file_text


def gold_files(gold: str | Path) -> list[Path]:
    """The gold files named by GOLD: a folder's *.json files (sorted), or one file.

    Raises:
        GoldError: Nothing there.
    """
    p = Path(gold)
    if p.is_dir():
        files = sorted(f for f in p.glob("*.json") if f.is_file())
        if not files:
            raise GoldError("no gold files (*.json) in folder", path=str(p))
        return files
    if p.is_file():
        return [p]
    raise GoldError("no such gold file or folder", path=str(p))


def resolve_source(gold_path: Path, source: str) -> Path:
    """Where a gold file's `source` is: relative to the repository root above the gold file
    (the nearest folder with a pyproject.toml), else to the current folder."""
    s = Path(source)
    if s.is_absolute():
        return s
    for base in gold_path.resolve().parents:
        if (base / "pyproject.toml").is_file():
            return base / s
    return Path.cwd() / s


def read_document(gold_path: Path, source: str, record_id: str | None) -> Document:
    """Read the document a gold file annotates.

    Raises:
        GoldError: The file is missing or unreadable, or has no record with that id.
    """
    path = resolve_source(gold_path, source)
    for item in read_path(path):
        if isinstance(item, SummarizerError):
            if record_id is None:
                raise GoldError(f"source {source}: {item.message}", path=str(gold_path))
            continue
        if record_id is None or item.source.record_id == record_id:
            return item
    raise GoldError(f"source {source}: no record {record_id!r}", path=str(gold_path))


def load_gold(path: Path) -> GoldDoc:
    """Load and validate one gold file, and read its document.

    Raises:
        GoldError: Bad JSON, a field that breaks the format, or an unreadable source.
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        gold = Gold.model_validate(raw)
    except (OSError, UnicodeDecodeError) as e:
        raise GoldError(f"cannot read: {e}", path=str(path)) from e
    except json.JSONDecodeError as e:
        raise GoldError(f"not valid JSON ({e.msg} at line {e.lineno})", path=str(path)) from e
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise GoldError(f"{where}: {first['msg']}", path=str(path)) from e
    document = read_document(path, gold.source, gold.record_id)
    if "date" in raw and gold.date != document.source.date:
        # The annotation resolved its dates against this document date (null: an undated
        # document). A reader that finds another one (a record id's day, added later) would
        # be scored against dates the annotator never had.
        source = document.source.model_copy(update={"date": gold.date})
        document = replace(document, source=source)
    return GoldDoc(path=path, gold=gold, document=document)


def load_golds(gold: str | Path) -> list[GoldDoc]:
    """Load every gold file GOLD names (see `gold_files`)."""
    return [load_gold(p) for p in gold_files(gold)]


def check_gold(doc: GoldDoc) -> list[str]:
    """Problems that make a gold file unusable: stale doc_id, inexact spans, bad dates.

    Returns:
        One message per problem; empty when the file is sound.
    """
    g, text = doc.gold, doc.text
    problems: list[str] = []
    if doc.document.doc_id != g.doc_id:
        problems.append(f"doc_id {g.doc_id[:12]}... is not the source text's sha256")
    spans: list[tuple[str, GoldSpan]] = [(f"quotes[{i}]", q) for i, q in enumerate(g.quotes)]
    spans += [(f"events[{i}].evidence", e.evidence) for i, e in enumerate(g.events)]
    spans += [(f"uncertainty[{i}].evidence", u.evidence) for i, u in enumerate(g.uncertainty)]
    for where, s in spans:
        if not (s.start < s.end <= len(text)) or text[s.start : s.end] != s.text:
            problems.append(f"{where}: text[{s.start}:{s.end}] is not {s.text[:40]!r}")
    for i, e in enumerate(g.events):
        for d in e.accept.dates:
            if d is not None and not re.match(_DATE, d):
                problems.append(f"events[{i}].accept.dates: {d!r} is not YYYY-MM-DD")
    folded = _fold_text(text)
    for i, a in enumerate(g.actors):
        for name in [a.name, *a.aliases]:
            if _fold_text(name) not in folded:
                problems.append(f"actors[{i}]: {name!r} is not in the text")
    # Format 2: every name or description of a role, and every not-actor, is in the text too.
    for i, name in enumerate(g.not_actors):
        if not _in_text(name, folded):
            problems.append(f"not_actors[{i}]: {name!r} is not in the text")
        for a in g.actors:
            if any(names_match(name, n) for n in [a.name, *a.aliases]):
                problems.append(f"not_actors[{i}]: {name!r} is also a name of actor {a.name!r}")
    for i, e in enumerate(g.events):
        for role, names in (("actors", e.actors), ("targets", e.targets)):
            for name in names:
                if not _in_text(name, folded):
                    problems.append(f"events[{i}].{role}: {name!r} is not in the text")
        if e.actor_unknown and e.actors:
            problems.append(f"events[{i}]: actor_unknown with actors {e.actors!r}")
    return problems


# --------------------------------------------------------------------------------------------
# Authoring: offsets from text
# --------------------------------------------------------------------------------------------


def locate(text: str, snippet: str, *, occurrence: int | None = None) -> tuple[int, int]:
    """Offsets of `snippet` in `text`, by exact search (no folding), so they cannot be off.

    Args:
        text: The document text.
        snippet: The exact characters to find.
        occurrence: Which occurrence (1-based) when the snippet occurs more than once.

    Raises:
        GoldError: Not found, or found more than once and `occurrence` not given.
    """
    starts: list[int] = []
    i = text.find(snippet)
    while i >= 0 and snippet:
        starts.append(i)
        i = text.find(snippet, i + 1)
    if not starts:
        raise GoldError(f"not in the text: {snippet[:60]!r}")
    if occurrence is None:
        if len(starts) > 1:
            raise GoldError(f"found {len(starts)} times, give occurrence: {snippet[:60]!r}")
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise GoldError(f"occurrence {occurrence} of {len(starts)}: {snippet[:60]!r}")
    start = starts[occurrence - 1]
    return start, start + len(snippet)


def fill_gold(raw: dict[str, Any], text: str) -> dict[str, Any]:
    """Complete a gold draft: doc_id, and start/end of every span from its `text`.

    Annotators write each quote and evidence passage as text only (adding `occurrence` where it
    occurs more than once); this computes the offsets. Spans that have offsets are left alone.

    Raises:
        GoldError: A span's text is not in the document, or is ambiguous; or a doc_id is given
            and is not the text's (the text changed: the offsets may be stale).
    """
    import hashlib

    out: dict[str, Any] = json.loads(json.dumps(raw))
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if out.get("doc_id") not in (None, "", doc_id):
        # The text changed since the gold was written: offsets may be stale too.
        raise GoldError("doc_id is not the source text's sha256: check the spans, drop doc_id")
    out["doc_id"] = doc_id
    spans: list[dict[str, Any]] = list(out.get("quotes", []))
    spans += [e["evidence"] for e in out.get("events", [])]
    spans += [u["evidence"] for u in out.get("uncertainty", [])]
    for s in spans:
        occurrence = s.pop("occurrence", None)
        if s.get("start") is None or s.get("end") is None:
            start, end = locate(text, s["text"], occurrence=occurrence)
            s["start"], s["end"] = start, end
    return out


def fill_gold_file(path: Path) -> Gold:
    """Complete a gold draft file in place (see `fill_gold`) and return the validated gold.

    Raises:
        GoldError: Bad JSON, an unreadable source, a span not found, or an invalid result.
    """
    from summarizer.render.outputs import atomic_write_text

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GoldError(f"cannot read: {e}", path=str(path)) from e
    if not isinstance(raw, dict) or not isinstance(raw.get("source"), str):
        raise GoldError("not a gold object with a 'source'", path=str(path))
    document = read_document(path, raw["source"], raw.get("record_id"))
    try:
        gold = Gold.model_validate(fill_gold(raw, document.file_text))
    except GoldError as e:
        raise GoldError(e.message, path=str(path)) from e
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise GoldError(f"{where}: {first['msg']}", path=str(path)) from e
    atomic_write_text(path, gold_json(gold))
    return gold


def gold_json(gold: Gold) -> str:
    """Canonical text of a gold file: two-space indent, key order as in the model (a format-1
    file keeps its keys: the format-2 fields, always empty there, are left out)."""
    body = gold.model_dump(mode="json")
    if gold.gold_version == "1":
        del body["not_actors"]
        for e in body["events"]:
            for key in ("actors", "actor_unknown", "targets"):
                del e[key]
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------------------------

_APOSTROPHES = "'\u2018\u2019\u02bc`\u00b4"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212/"
_QUOTES = '"\u201c\u201d\u201e\u00ab\u00bb'
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"))
_NAME_DROP = frozenset({"the", "al", "el"})
_LEADING_ARTICLES = frozenset({"a", "an"})
_ACRONYM_SKIP = frozenset({"the", "of", "in", "for", "and", "al", "el", "de", "on"})
_EDGE = frozenset(" \t\r\n.,;:!?()[]" + _QUOTES + _APOSTROPHES)


def _strip_marks(s: str) -> str:
    decomposed = unicodedata.normalize("NFKD", s.translate(_ZERO_WIDTH))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fold_text(s: str) -> str:
    """Case, accents, quote and dash forms, zero-width characters and whitespace folded."""
    s = _strip_marks(s).casefold()
    s = re.sub(f"[{_APOSTROPHES}]", "'", s)
    s = re.sub(f"[{_QUOTES}]", '"', s)
    s = re.sub(f"[{_DASHES}]", "-", s)
    return " ".join(s.split())


def _name_tokens(name: str, *, drop: frozenset[str] = _NAME_DROP) -> list[str]:
    s = _strip_marks(name).casefold()
    s = re.sub(f"[{_APOSTROPHES}.]", "", s)  # Asa'ib -> asaib, U.S. -> us
    s = re.sub(r"[^\w]+", " ", s)  # hyphens and the rest split words: al-Walai -> al walai
    words = s.split()
    if words and words[0] in _LEADING_ARTICLES:
        words = words[1:]
    return [t for t in words if t not in drop]


def fold_name(name: str) -> str:
    """A name folded for comparison: case, accents, apostrophes, periods, hyphens, a leading
    "a"/"an" and the articles "the", "al", "el" go ("Asa'ib Ahl al-Haq" == "Asaib Ahl al Haq")."""
    return " ".join(_name_tokens(name))


def acronym(name: str) -> str:
    """Initials of a multi-word name without its small words ("Popular Mobilization Forces"
    -> "pmf"); empty for a one-word name."""
    words = _name_tokens(name, drop=_ACRONYM_SKIP)
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def names_match(system: str, gold: str, *, person: bool = False) -> bool:
    """True when a system name names the gold name.

    Folded names are equal; or one is the other's acronym; or, for a person, one name's words
    are a subset of the other's with the same last word (a surname, or a title in front:
    "Kaabi", "Iranian President Hassan Rouhani").
    """
    a, b = fold_name(system), fold_name(gold)
    if not a or not b:
        return False
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return True
    if " " not in a and a == acronym(gold):
        return True
    if " " not in b and b == acronym(system):
        return True
    if person:
        ta, tb = a.split(), b.split()
        if ta[-1] == tb[-1] and (set(ta) <= set(tb) or set(tb) <= set(ta)):
            return True
    return False


# Descriptions (format 2): "an elderly witness", "a military source who declined to be named".
_DETERMINERS = frozenset({"a", "an", "the", "one"})
# Lower-case words that still belong to a name ("Ekram al-Akhras", "Bank of England").
_NAME_SMALL_WORDS = _ACRONYM_SKIP | {"bin", "ibn", "bint", "van", "von", "der", "da", "di", "du"}
# Words after which a description's head noun has been said ("a source *who* ...").
_HEAD_END = frozenset(
    {"who", "whom", "whose", "that", "which", "with", "from", "of", "for", "in", "at", "on"}
    | {"to", "by", "near", "and", "or", "told", "said", "speaking", "declined"}
)


def is_description(name: str) -> bool:
    """True when a name is a description rather than a name: after the determiners, a word that
    starts with a lower-case letter and is not one of a name's small words ("an elderly
    witness", "gunmen", "an Interpol spokesperson"; not "the Health Ministry", "Ekram
    al-Akhras")."""
    s = re.sub(f"[{_APOSTROPHES}.]", "", _strip_marks(name))
    words = re.sub(r"[^\w]+", " ", s).split()
    while words and words[0].casefold() in _DETERMINERS:
        words = words[1:]
    return any(w[0].islower() and w.casefold() not in _NAME_SMALL_WORDS for w in words)


def _description_words(text: str) -> list[str]:
    words = _name_tokens(text, drop=frozenset())
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return words


def _head(words: list[str]) -> str | None:
    """The head noun: the last word before a relative clause or a preposition."""
    before: list[str] = []
    for w in words:
        if w in _HEAD_END:
            break
        before.append(w)
    return before[-1] if before else None


def descriptions_match(system: str, gold: str) -> bool:
    """True when two descriptions describe the same party.

    Both are folded as names and lose their leading determiners ("a", "an", "the", "one"); they
    match when one is a run of words inside the other ("a witness" / "an elderly witness"), or
    when they share the head noun and one more word ("a senior military source" / "a military
    source who declined to be named").
    """
    a, b = _description_words(system), _description_words(gold)
    if not a or not b:
        return False
    ja, jb = f" {' '.join(a)} ", f" {' '.join(b)} "
    if ja in jb or jb in ja:
        return True
    head = _head(a)
    if head is None or head != _head(b):
        return False
    return bool((set(a) & set(b)) - {head} - _HEAD_END - _NAME_SMALL_WORDS)


def _place_match(system: str, gold: str) -> bool:
    a, b = f" {' '.join(_name_tokens(system))} ", f" {' '.join(_name_tokens(gold))} "
    return a.strip() != "" and b.strip() != "" and (a in b or b in a)


# --------------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------

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
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
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
    return any(_place_match(value, p) for p in places)


def _type_ok(system: str, gold: GoldEvent) -> bool:
    return system in {gold.event_type, *gold.accept.event_types}


def _short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 3] + "...")


def _in_text(needle: str, folded_text: str) -> bool:
    return bool(needle.strip()) and _fold_text(needle) in folded_text


def score_document(doc: GoldDoc, summary: Summary | None) -> DocScore:
    """Score one system output against one gold annotation (None: no output)."""
    g, text = doc.gold, doc.text
    result = DocScore(name=doc.name, doc_id=g.doc_id, missing=summary is None)
    out = summary or Summary.model_construct(
        doc_id=g.doc_id, actors=[], events=[], quotes=[], uncertainty=[]
    )
    folded = _fold_text(text)

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
            return 1.0 + overlap

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
    folded = _fold_text(text) if folded is None else folded
    found: list[str] = []

    def bad(start: int | None, end: int | None, words: str) -> bool:
        return start is None or end is None or text[start:end] != words

    for i, q in enumerate(summary.quotes):
        if q.verified and bad(q.start, q.end, q.text):
            found.append(f"quote {i} marked verified but text[{q.start}:{q.end}] != its text")
        if not _in_text(q.text, folded):
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
        if not _in_text(a.name, folded):
            found.append(f"actor {a.name[:60]!r} not in the document")
    return found


# --------------------------------------------------------------------------------------------
# Outputs and runs
# --------------------------------------------------------------------------------------------


def load_outputs(folder: str | Path) -> tuple[dict[str, Summary], list[str]]:
    """Summary JSON files (*.json, one each; *.jsonl, one a line) in a folder, by doc_id.

    Returns:
        The summaries by doc_id, and a warning for each file or line that is not a Summary.

    Raises:
        GoldError: The folder does not exist.
    """
    p = Path(folder)
    if not p.is_dir():
        raise GoldError("no such outputs folder", path=str(p))
    found: dict[str, Summary] = {}
    warnings: list[str] = []
    for f in sorted(p.iterdir()):
        if f.suffix not in (".json", ".jsonl") or not f.is_file():
            continue
        try:
            body = f.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            warnings.append(f"{f}: cannot read ({e})")
            continue
        lines = body.splitlines() if f.suffix == ".jsonl" else [body]
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                s = Summary.model_validate_json(line)
            except ValidationError:
                where = f"{f}:{n}" if f.suffix == ".jsonl" else str(f)
                warnings.append(f"{where}: not a Summary, skipped")
                continue
            found[s.doc_id] = s
    return found, warnings


def evaluate(golds: Sequence[GoldDoc], outputs: dict[str, Summary]) -> Report:
    """Score outputs (by doc_id) against gold; a document without output scores as empty."""
    report = Report(docs=[score_document(d, outputs.get(d.gold.doc_id)) for d in golds])
    wanted = {d.gold.doc_id for d in golds}
    report.extra_outputs = sorted(k for k in outputs if k not in wanted)
    return report


@dataclass
class RunResult:
    """One gold document summarized now."""

    name: str
    summary: Summary | None
    seconds: float
    error: str | None = None


def summarize_golds(
    golds: Sequence[GoldDoc],
    summarizer: Summarizer,
    out_dir: Path | None = None,
    *,
    progress: Callable[[RunResult], None] | None = None,
) -> Iterator[RunResult]:
    """Summarize every gold document with `summarizer`, writing OUT/<gold name>.json.

    A document that fails is reported (its error set) and the rest go on; errors that concern
    every document (BackendError, ConfigError) propagate.

    Raises:
        GoldError: A gold file no longer fits its document (doc_id differs).
    """
    from summarizer.core.errors import BackendError, ConfigError
    from summarizer.render.outputs import atomic_write_text, summary_json

    for doc in golds:
        if doc.document.doc_id != doc.gold.doc_id:
            raise GoldError("doc_id is not the source text's sha256", path=str(doc.path))
        t0 = time.perf_counter()
        try:
            summary = summarizer.summarize_document(doc.document)
        except (BackendError, ConfigError):
            raise
        except SummarizerError as e:
            result = RunResult(doc.name, None, time.perf_counter() - t0, error=str(e))
        else:
            result = RunResult(doc.name, summary, time.perf_counter() - t0)
            if out_dir is not None:
                atomic_write_text(out_dir / f"{doc.name}.json", summary_json(summary))
        if progress is not None:
            progress(result)
        yield result


# --------------------------------------------------------------------------------------------
# Text output
# --------------------------------------------------------------------------------------------


def format_table(counts: dict[str, Counts], *, title: str | None = None) -> str:
    """A plain table: field, P, R, F1, gold items, output items; a role field that was not
    scored (format-1 gold) reads n/a."""
    lines = [title] if title else []
    lines.append(f"{'field':<18} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'out':>5}")
    for f in ALL_FIELDS:
        c = counts.get(f)
        if c is None:
            lines.append(f"{f:<18} {'n/a':>6} {'n/a':>6} {'n/a':>6}  (no format-2 gold)")
            continue
        lines.append(
            f"{f:<18} {c.precision:>6.2f} {c.recall:>6.2f} {c.f1:>6.2f} {c.gold:>5} {c.output:>5}"
        )
    return "\n".join(lines)


def format_victims(report: Report) -> str:
    """The victims-as-actors line: a count that should be 0, or n/a for format-1 gold."""
    n = report.victims_as_actors()
    return f"victims named as actors: {'n/a (no format-2 gold)' if n is None else n}"


def format_report(report: Report, *, per_doc: bool = False, errors: bool = False) -> str:
    """The report as text: the micro-averaged table, verified share, violations; with
    `per_doc`, a table per document; with `errors`, each document's misses and extras."""
    parts = [format_table(report.totals(), title=f"documents: {len(report.docs)}")]
    verified = report.verified()
    detail = ", ".join(f"{f} {v}/{n}" for f, (v, n) in verified.items())
    if any(n for _, n in verified.values()):
        parts.append(f"verified: {report.verified_share():.2f} ({detail})")
    else:
        parts.append("verified: n/a (no items)")
    parts.append(format_victims(report))
    violations = report.violations()
    parts.append(f"grounding violations: {len(violations)}")
    parts += [f"  {v}" for v in violations]
    missing = [d.name for d in report.docs if d.missing]
    if missing:
        parts.append(f"no output for: {', '.join(missing)}")
    if per_doc:
        for d in report.docs:
            parts.append("")
            parts.append(
                format_table(d.counts, title=d.name + (" (no output)" if d.missing else ""))
            )
    if errors:
        for d in report.docs:
            keys = (*ALL_FIELDS, "victims_as_actors")
            lines = [f"  {f}: {e}" for f in keys for e in d.errors.get(f, [])]
            if lines:
                parts += ["", f"{d.name}:", *lines]
    return "\n".join(parts)


def check_floors(
    report: Report,
    *,
    min_f1: dict[str, float],
    min_recall: dict[str, float],
    min_precision: dict[str, float] | None = None,
) -> list[str]:
    """Floors not met, one message each (empty: all met). A floor on a role field that no
    gold scored (format 1 only) is not met: a floor that cannot be measured does not pass."""
    totals = report.totals()
    failed: list[str] = []
    metrics = (("F1", min_f1), ("recall", min_recall), ("precision", min_precision or {}))
    for name, floors in metrics:
        for f, floor in floors.items():
            if f not in totals:
                failed.append(f"{f} {name} not scored (no format-2 gold)")
                continue
            value = float(getattr(totals[f], name.lower()))
            if value + 1e-9 < floor:
                failed.append(f"{f} {name} {value:.3f} < {floor:.3f}")
    return failed
