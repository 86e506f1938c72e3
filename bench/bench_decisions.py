"""What each question to the embedded model is worth: the finders alone against the finders plus
each of the model's decisions, scored on annotated reports the team never tuned on.

The spans strategy asks the embedded model, per chunk, for actor kinds (`actors`), event
sentences with their type, status, place and roles (`events`), speakers of quotations
(`speakers`) and summary sentences (`summary`). This benchmark runs the model once over the
documents (its answers are cached in `--cache-dir`, so a rerun costs no generation), then grounds
the same answers again with one decision taken away at a time, and prints a table:

    finders alone            the minimal valid answer (what the text alone gives)
    finders + model          the whole answer
    without <decision>       the whole answer less that decision

A decision helps when the whole answer scores above the answer without it. Usage::

    python bench/bench_decisions.py --docs tests/data/dev-reports/reports.jsonl \\
        --gold tests/gold-dev --cache-dir /tmp/decisions-cache

Run it alone on the machine (the embedded model slows down many times beside other work).
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.core.config import load_settings  # noqa: E402
from summarizer.core.schemas import Summary  # noqa: E402
from summarizer.eval.evaluate import (  # noqa: E402
    evaluate,
    format_report,
    format_table,
    format_victims,
)
from summarizer.eval.gold import load_golds  # noqa: E402
from summarizer.extract.requests import ChunkAnswer, Drafts  # noqa: E402
from summarizer.pipeline import Summarizer  # noqa: E402
from summarizer.read.documents import Document  # noqa: E402
from summarizer.read.files import read_path  # noqa: E402


def _drop(field: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(data: dict[str, Any]) -> dict[str, Any]:
        if field in data:
            data[field] = []
        return data

    return change


def _events_without(*keys: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(data: dict[str, Any]) -> dict[str, Any]:
        for event in data.get("events", []):
            for key in keys:
                if key in event:
                    event[key] = None
        return data

    return change


def _minimal(data: dict[str, Any]) -> dict[str, Any]:
    # What the text alone gives: no picks. The summary picks stay (the field must hold one, and
    # the summary is not scored).
    return {k: ([] if isinstance(v, list) and k != "summary" else v) for k, v in data.items()}


VARIANTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "finders alone": _minimal,
    "finders + model": lambda data: data,
    "without event picks": _drop("events"),
    "without event places": _events_without("location"),
}


def _variant(drafts: Drafts, change: Callable[[dict[str, Any]], dict[str, Any]]) -> Drafts:
    answers = [
        ChunkAnswer(offset=a.offset, end=a.end, data=change(copy.deepcopy(a.data)))
        for a in drafts.answers
    ]
    return Drafts(strategy=drafts.strategy, answers=answers)


def speed_line(seconds: list[tuple[int, float, bool]]) -> str:
    """Issue 15's speed targets, over the documents answered in this run (not from the cache):
    at most 30 s for any report up to 2,000 words, a median of at most 12 s per 1,000 words."""
    fresh = [(words, s) for words, s, answered in seconds if answered]
    if not fresh:
        return "speed: every answer came from the cache (use an empty --cache-dir to time it)"
    per_k = statistics.median(s * 1000 / words for words, s in fresh if words)
    short = [s for words, s in fresh if words <= 2000]
    worst = f"{max(short):.1f} s" if short else "none"
    return (
        f"speed: {len(fresh)} documents answered, {statistics.median(s for _, s in fresh):.1f} s "
        f"median; {per_k:.1f} s per 1,000 words (median); slowest of {len(short)} up to "
        f"2,000 words: {worst}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, required=True, help="JSONL file of documents")
    parser.add_argument("--gold", type=Path, required=True, help="gold folder")
    parser.add_argument("--cache-dir", type=Path, required=True, help="where answers are kept")
    parser.add_argument(
        "--errors", choices=list(VARIANTS), help="list each document's errors of this variant"
    )
    args = parser.parse_args()

    golds = load_golds(args.gold)
    wanted = {g.document.doc_id for g in golds}
    docs = [d for d in read_path(args.docs) if isinstance(d, Document) and d.doc_id in wanted]
    settings = load_settings(
        {"strategy": "spans", "use_cache": True, "cache_dir": str(args.cache_dir)}
    )
    outputs: dict[str, dict[str, Summary]] = {name: {} for name in VARIANTS}
    with Summarizer(settings) as summarizer:
        t0 = time.perf_counter()
        seconds: list[tuple[int, float, bool]] = []  # words, seconds, whether answered now
        for i, doc in enumerate(docs, 1):
            t = time.perf_counter()
            summary = summarizer.summarize_document(doc)  # the model's answers, into the cache
            seconds.append(
                (len(doc.text.split()), time.perf_counter() - t, not summary.meta.cache_hit)
            )
            print(f"\r{i}/{len(docs)} documents answered", end="", file=sys.stderr, flush=True)
        print(f" in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        for doc in docs:
            drafts = summarizer.cache.get(summarizer.key_for(doc), Drafts)
            if drafts is None:
                raise SystemExit(f"no cached answer for {doc.name}")
            for name, change in VARIANTS.items():
                outputs[name][doc.doc_id] = summarizer.build_summary(
                    doc, _variant(drafts, change), spent=Drafts(), cache_hit=True, elapsed_s=0.0
                )
    print(f"{len(docs)} documents, gold {args.gold}, embedded model, spans strategy\n")
    print(speed_line(seconds) + "\n")
    for name, by_doc in outputs.items():
        report = evaluate(golds, by_doc)
        print(format_table(report.totals(), title=name))
        print(format_victims(report) + "\n")
        if name == args.errors:
            print(format_report(report, per_doc=True, errors=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
