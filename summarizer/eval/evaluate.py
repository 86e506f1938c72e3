"""Run an evaluation and write its report: the entry points of `summarizer eval`.

System outputs are Summary JSON files matched to gold by `doc_id` (or the gold documents are
summarized now); each is scored by `summarizer.eval.score` and the scores are micro-averaged
over documents, per-document rows kept. The report reads as a table, with the floors a run must
meet.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from summarizer.core.errors import BackendError, ConfigError, GoldError, SummarizerError
from summarizer.core.schemas import Summary
from summarizer.eval.gold import GoldDoc
from summarizer.eval.report import ALL_FIELDS, Counts, Report
from summarizer.eval.score import score_document
from summarizer.pipeline import Summarizer
from summarizer.render.outputs import atomic_write_text, summary_json

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
