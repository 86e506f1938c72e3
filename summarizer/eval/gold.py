"""Gold annotations: the format, loading, checking and filling of gold files.

A gold file (one JSON object per document, format in tests/gold/README.md) names a document by
its source path and, for JSON Lines, its record id; `doc_id` pins the text it was written
against. Loading reads that document too; checking finds stale doc_ids and inexact spans;
filling completes a draft's offsets and doc_id from its spans' text.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from summarizer.core.errors import GoldError, SummarizerError
from summarizer.core.schemas import ActorKind, EventType, UncertaintyKind
from summarizer.eval.names import fold_text, in_text, names_match
from summarizer.read.documents import Document
from summarizer.read.files import read_path
from summarizer.render.outputs import atomic_write_text

GOLD_VERSION: Literal["1", "2"] = "1"

EVENT_TYPES: tuple[str, ...] = get_args(EventType)

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
    folded = fold_text(text)
    for i, a in enumerate(g.actors):
        for name in [a.name, *a.aliases]:
            if fold_text(name) not in folded:
                problems.append(f"actors[{i}]: {name!r} is not in the text")
    # Format 2: every name or description of a role, and every not-actor, is in the text too.
    for i, name in enumerate(g.not_actors):
        if not in_text(name, folded):
            problems.append(f"not_actors[{i}]: {name!r} is not in the text")
        for a in g.actors:
            if any(names_match(name, n) for n in [a.name, *a.aliases]):
                problems.append(f"not_actors[{i}]: {name!r} is also a name of actor {a.name!r}")
    for i, e in enumerate(g.events):
        for role, names in (("actors", e.actors), ("targets", e.targets)):
            for name in names:
                if not in_text(name, folded):
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
