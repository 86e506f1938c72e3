"""Benchmark of extraction quality: the gold documents through the pipeline, scored per field.

Summarizes every gold document (tests/gold/*.json) with the configured backend (the embedded
model unless OPENAI_BASE_URL or --base-url names an endpoint) once per strategy, prints the
per-field table (P, R, F1) for each, the gain per field of the last strategy over the first
(spans minus plain by default), the share of items verified, the grounding violations and the
time per document. The cache is off unless --cache is given, so the times are real.

The embedded model is slow on a small machine (10 to 60 s a document); --limit N runs the first
N documents only.

Usage::

    .venv/bin/python bench/bench_eval.py [--strategy plain --strategy spans] [--limit N]
        [--outputs DIR] [--json] [--cache] [backend flags: --base-url, --model, ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.cli.main import add_backend_flags, settings_from_args  # noqa: E402
from summarizer.core.config import Settings  # noqa: E402
from summarizer.eval.evaluate import (  # noqa: E402
    RunResult,
    evaluate,
    format_table,
    format_victims,
    summarize_golds,
)
from summarizer.eval.gold import GoldDoc, load_golds  # noqa: E402
from summarizer.eval.report import ALL_FIELDS  # noqa: E402
from summarizer.pipeline import Summarizer  # noqa: E402

GOLD = ROOT / "tests" / "gold"


def _settings(args: argparse.Namespace, strategy: str | None) -> Settings:
    settings = settings_from_args(args)
    if not args.cache:
        settings = replace(settings, use_cache=False)
    if strategy is not None and "strategy" in {f.name for f in fields(Settings)}:
        settings = replace(settings, strategy=strategy)
    return settings


def run_strategy(
    golds: list[GoldDoc], args: argparse.Namespace, strategy: str | None, out_dir: Path | None
) -> dict[str, Any]:
    """Summarize the gold documents with one strategy; return its scores and timings."""
    settings = _settings(args, strategy)
    label = strategy or "default"
    results: list[RunResult] = []

    def progress(r: RunResult) -> None:
        status = f"error: {r.error}" if r.error else "ok"
        print(f"  [{label}] {r.name}: {r.seconds:.1f} s, {status}", file=sys.stderr, flush=True)

    target = out_dir / label if out_dir is not None else None
    with Summarizer(settings) as summarizer:
        results = list(summarize_golds(golds, summarizer, target, progress=progress))
    outputs = {r.summary.doc_id: r.summary for r in results if r.summary is not None}
    report = evaluate(golds, outputs)
    seconds = [r.seconds for r in results]
    tokens = sum(
        r.summary.meta.prompt_tokens + r.summary.meta.completion_tokens
        for r in results
        if r.summary is not None
    )
    return {
        "strategy": label,
        "model": settings.model_name,
        "backend": settings.backend,
        "report": report,
        "failed": [r.name for r in results if r.error is not None],
        "seconds_per_doc": statistics.mean(seconds) if seconds else 0.0,
        "seconds_max": max(seconds, default=0.0),
        "tokens": tokens,
    }


def main(argv: list[str] | None = None) -> int:
    # "resolve": this script's --strategy (repeatable) wins if the backend flags gain one.
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], conflict_handler="resolve"
    )
    add_backend_flags(parser)
    parser.add_argument("--gold", default=str(GOLD), help="gold file or folder (tests/gold)")
    parser.add_argument(
        "--strategy",
        action="append",
        dest="strategies",
        metavar="NAME",
        help="extraction strategy to run (repeatable; default: plain and spans)",
    )
    parser.add_argument("--limit", type=int, help="run only the first N gold documents")
    parser.add_argument("--outputs", help="keep the outputs in DIR/<strategy>/")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--cache", action="store_true", help="use the summary cache")
    args = parser.parse_args(argv)

    golds = load_golds(args.gold)[: args.limit]
    has_strategy = "strategy" in {f.name for f in fields(Settings)}
    strategies: list[str | None] = list(args.strategies or ["plain", "spans"])
    if not has_strategy:
        print("settings have no `strategy`: running the default once", file=sys.stderr)
        strategies = [None]

    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-eval-") as tmp:
        out_dir = Path(args.outputs) if args.outputs else Path(tmp)
        for strategy in strategies:
            runs.append(run_strategy(golds, args, strategy, out_dir))

    if args.json:
        body = [
            {**{k: v for k, v in run.items() if k != "report"}, **run["report"].as_dict()}
            for run in runs
        ]
        for b in body:
            b.pop("documents", None)
        print(json.dumps(body, indent=2))
        return 0

    for run in runs:
        report = run["report"]
        title = (
            f"== {run['strategy']} ({run['backend']}, {run['model']}): {len(golds)} documents, "
            f"{run['seconds_per_doc']:.1f} s/doc (max {run['seconds_max']:.1f}), "
            f"{run['tokens']} tokens"
        )
        print(format_table(report.totals(), title=title))
        verified = report.verified()
        detail = ", ".join(f"{f} {v}/{n}" for f, (v, n) in verified.items())
        print(f"verified: {report.verified_share():.2f} ({detail})")
        print(format_victims(report))
        print(f"grounding violations: {len(report.violations())}")
        for v in report.violations():
            print(f"  {v}")
        if run["failed"]:
            print(f"failed documents: {', '.join(run['failed'])}")
        print()

    if len(runs) >= 2:
        first, last = runs[0], runs[-1]
        a, b = first["report"].totals(), last["report"].totals()
        print(f"gain per field ({last['strategy']} minus {first['strategy']}):")
        print(f"{'field':<18} {'dP':>6} {'dR':>6} {'dF1':>6}")
        for f in [f for f in ALL_FIELDS if f in a and f in b]:  # roles: format-2 gold only
            print(
                f"{f:<18} {b[f].precision - a[f].precision:>+6.2f} "
                f"{b[f].recall - a[f].recall:>+6.2f} {b[f].f1 - a[f].f1:>+6.2f}"
            )
        share = last["report"].verified_share() - first["report"].verified_share()
        print(f"{'verified share':<18} {share:>+6.2f}")
        speed = last["seconds_per_doc"] - first["seconds_per_doc"]
        print(f"{'seconds per doc':<18} {speed:>+6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
