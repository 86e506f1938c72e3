"""Loading: the summaries in OUT and the source texts they came from, ready for the digest.

The stage before building: `load_summaries` reads OUT/*.json as Summaries (bookkeeping files
skipped quietly, invalid ones with a warning), and `find_source_texts` finds each document's text
so the briefing can show cited passages in context. Nothing here knows the briefing's models.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from summarizer.core.errors import DocumentError
from summarizer.core.schemas import Summary
from summarizer.read.files import read_path

log = logging.getLogger(__name__)

# Bookkeeping that may sit next to the summaries (the batch job's run-<time>.json, a manifest):
# skipped without a warning when it is not a summary. Every file is tried first, so a summary is
# never skipped for its name.
_BOOKKEEPING = re.compile(r"(?:run-.*|manifest.*|briefing|events|[._].*)\.json", re.I)


@dataclass
class DigestInput:
    """Summaries read from OUT, their file names, their source texts, and what was skipped."""

    summaries: list[Summary] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # doc_id -> summary file name
    mtimes: dict[str, float] = field(default_factory=dict)  # doc_id -> summary file mtime
    texts: dict[str, str | None] = field(default_factory=dict)  # doc_id -> source text
    warnings: list[str] = field(default_factory=list)


def load_summaries(out_dir: Path, *, limit: int | None = None) -> DigestInput:
    """Read OUT/*.json as Summaries; skip bookkeeping files quietly and invalid ones with a warning.

    A document summarized twice (same doc_id) is taken once, from the first file by name. With
    `limit`, only the `limit` most recently written summaries are read (memory stays bounded
    however large OUT grows), and a warning says how many were left out.
    """
    result = DigestInput()
    if not out_dir.is_dir():
        raise DocumentError("not a folder of summaries", path=str(out_dir))
    paths = sorted(out_dir.glob("*.json"))
    if limit is not None:
        paths = [p for p in paths if not _BOOKKEEPING.fullmatch(p.name)]
        if len(paths) > limit:
            newest = sorted(paths, key=lambda p: (-p.stat().st_mtime, p.name))[:limit]
            result.warnings.append(
                f"the briefing covers the {limit} most recent of {len(paths)} summaries "
                "(`summarizer digest OUT` reads them all)"
            )
            paths = sorted(newest)
    for path in paths:
        name = path.name
        try:
            summary = Summary.model_validate_json(path.read_bytes())
        except (OSError, ValidationError, ValueError) as e:
            if _BOOKKEEPING.fullmatch(name):
                continue
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            result.warnings.append(f"{name}: skipped, not a summary ({first})")
            continue
        if summary.doc_id in result.files:
            log.info("%s: same document as %s; skipped", name, result.files[summary.doc_id])
            continue
        result.summaries.append(summary)
        result.files[summary.doc_id] = name
        result.mtimes[summary.doc_id] = path.stat().st_mtime
    return result


def find_source_texts(data: DigestInput, roots: Sequence[Path]) -> None:
    """Fill `data.texts` with each document's text, found from source.path (and record id).

    A text counts only when its sha256 equals the summary's doc_id, so offsets still hold.
    """
    files: dict[str, dict[str, str]] = {}
    for s in data.summaries:
        text: str | None = None
        where = s.source.path
        if where:
            for candidate in _candidates(where, roots):
                key = str(candidate)
                if key not in files:
                    files[key] = {}
                    for doc in read_path(candidate):
                        if not isinstance(doc, DocumentError):
                            files[key][doc.doc_id] = doc.file_text
                text = files[key].get(s.doc_id)
                if text is not None:
                    break
        data.texts[s.doc_id] = text
        if text is None:
            shown = data.files.get(s.doc_id, s.doc_id[:12])
            reason = "no source path" if not where else "source text not found or changed"
            data.warnings.append(f"{shown}: {reason}; showing evidence text only")


def _candidates(where: str, roots: Sequence[Path]) -> list[Path]:
    p = Path(where)
    if p.is_absolute():
        return [p] if p.is_file() else []
    seen: list[Path] = []
    for root in (Path.cwd(), *roots):
        c = (root / p).resolve()
        if c not in seen and c.is_file():
            seen.append(c)
    return seen
