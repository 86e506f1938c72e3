"""Sub-commands of `summarizer eval` (registered by cli.build_parser)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from summarizer.cli.common import add_backend_flags, settings_from_args
from summarizer.core.errors import EXIT_DOCUMENT_FAILED, EXIT_OK, EXIT_USAGE
from summarizer.core.schemas import Summary
from summarizer.eval.evaluate import (
    check_floors,
    evaluate,
    format_report,
    load_outputs,
    summarize_golds,
)
from summarizer.eval.gold import GoldDoc, check_gold, fill_gold_file, gold_files, load_golds
from summarizer.eval.report import ALL_FIELDS, FIELD_HELP
from summarizer.pipeline import Summarizer

EVAL_EPILOG = """fields:
{fields}

Format-2 gold (event actors and targets) also gives "victims named as actors" (matched events
whose victim the output names as actor; should be 0); with format-1 gold the role fields read
n/a, and a floor on them is not met. Gold format and scoring rules: tests/gold/README.md.

examples:
  summarizer eval tests/gold --outputs out            score existing outputs
  summarizer eval tests/gold --run                    summarize the gold documents now, then score
  summarizer eval tests/gold --outputs out --min-recall quotes=1 --max-violations 0
  summarizer eval tests/gold --outputs out --min-precision speakers=0.9
  summarizer eval tests/gold-dev --outputs out --min-f1 roles_actor=0.8 --errors
  summarizer eval tests/gold --check                  only check the gold files
  summarizer eval tests/gold/new.json --fill          compute a draft's offsets and doc_id

exit codes:
  0   scored (or gold checked) and every floor met
  1   a floor not met, or a gold file that fails --check
  2   usage error: bad flag, unreadable gold file or outputs folder, backend unreachable
"""


def _floor(value: str) -> tuple[str, float]:
    name, sep, number = value.partition("=")
    if not sep or name not in ALL_FIELDS:
        raise argparse.ArgumentTypeError(
            f"expected FIELD=X with FIELD one of {', '.join(ALL_FIELDS)}"
        )
    try:
        x = float(number)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {number!r}") from None
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"floor must be between 0 and 1: {x}")
    return name, x


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's sub-commands; each sets `func(args) -> exit code`."""
    legend = "\n".join(f"  {name:<18} {text}" for name, text in FIELD_HELP.items())
    p = sub.add_parser(
        "eval",
        help="score summaries against gold annotations (P, R, F1 per field)",
        description="Score summaries against gold annotations: precision, recall and F1 per "
        "field, the share of items verified, and grounding violations.",
        epilog=EVAL_EPILOG.format(fields=legend),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("gold", metavar="GOLD", help="a gold file, or a folder of them (*.json)")
    p.add_argument(
        "--outputs",
        metavar="DIR",
        help="folder of Summary JSON files to score (with --run: where to write them)",
    )
    p.add_argument(
        "--run",
        action="store_true",
        help="summarize each gold document now with the configured backend, then score",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--per-doc", action="store_true", help="also print a table per document")
    p.add_argument(
        "--errors",
        action="store_true",
        help="also list each document's misses, extras, wrong speakers and roles, and "
        "names that are no actors",
    )
    p.add_argument(
        "--check", action="store_true", help="only check the gold files (offsets, doc_id, names)"
    )
    p.add_argument(
        "--fill",
        action="store_true",
        help="complete gold drafts in place (doc_id, and start/end from each span's text), "
        "then check them",
    )
    p.add_argument(
        "--min-f1",
        action="append",
        type=_floor,
        default=[],
        metavar="FIELD=X",
        help="exit 1 when FIELD's micro F1 is below X (repeatable)",
    )
    p.add_argument(
        "--min-recall",
        action="append",
        type=_floor,
        default=[],
        metavar="FIELD=X",
        help="exit 1 when FIELD's micro recall is below X (repeatable)",
    )
    p.add_argument(
        "--min-precision",
        action="append",
        type=_floor,
        default=[],
        metavar="FIELD=X",
        help="exit 1 when FIELD's micro precision is below X (speakers: the accuracy)",
    )
    p.add_argument(
        "--max-violations",
        type=int,
        metavar="N",
        help="exit 1 when there are more than N grounding violations",
    )
    add_backend_flags(p)
    p.set_defaults(func=cmd_eval)


def cmd_eval(args: argparse.Namespace) -> int:
    if args.fill:
        for path in gold_files(args.gold):
            fill_gold_file(path)
            print(f"filled {path}", file=sys.stderr)
    golds = load_golds(args.gold)
    if args.check or args.fill:
        bad = 0
        for doc in golds:
            for problem in check_gold(doc):
                bad += 1
                print(f"{doc.path}: {problem}", file=sys.stderr)
        print(f"checked {len(golds)} gold files: {bad} problems", file=sys.stderr)
        return EXIT_DOCUMENT_FAILED if bad else EXIT_OK
    if not args.run and not args.outputs:
        print("summarizer: error: give --outputs DIR to score, or --run", file=sys.stderr)
        return EXIT_USAGE

    if args.run:
        with tempfile.TemporaryDirectory(prefix="summarizer-eval-") as tmp:
            out_dir = Path(args.outputs) if args.outputs else Path(tmp)
            outputs = _run(golds, args, out_dir)
            report = evaluate(golds, outputs)
    else:
        outputs, warnings = load_outputs(args.outputs)
        for w in warnings:
            print(f"summarizer: warning: {w}", file=sys.stderr)
        report = evaluate(golds, outputs)

    failed = check_floors(
        report,
        min_f1=dict(args.min_f1),
        min_recall=dict(args.min_recall),
        min_precision=dict(args.min_precision),
    )
    violations = len(report.violations())
    if args.max_violations is not None and violations > args.max_violations:
        failed.append(f"grounding violations {violations} > {args.max_violations}")
    if args.json:
        body = report.as_dict()
        body["floors_failed"] = failed
        sys.stdout.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_report(report, per_doc=args.per_doc, errors=args.errors) + "\n")
    for f in failed:
        print(f"summarizer: floor not met: {f}", file=sys.stderr)
    return EXIT_DOCUMENT_FAILED if failed else EXIT_OK


def _run(golds: list[GoldDoc], args: argparse.Namespace, out_dir: Path) -> dict[str, Summary]:
    settings = settings_from_args(args)
    outputs: dict[str, Summary] = {}
    with Summarizer(settings) as summarizer:
        for result in summarize_golds(golds, summarizer, out_dir):
            if result.error is not None:
                print(f"summarizer: error: {result.error}", file=sys.stderr)
            elif result.summary is not None:
                outputs[result.summary.doc_id] = result.summary
            print(f"{result.name}: {result.seconds:.1f} s", file=sys.stderr)
    return outputs
