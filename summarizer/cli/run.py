"""Sub-commands of `summarizer run` and `summarizer failures` (registered by cli.build_parser)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from summarizer.briefing.write import write_briefing
from summarizer.cli.common import add_backend_flags, settings_from_args
from summarizer.core.errors import (
    EXIT_DOCUMENT_FAILED,
    EXIT_OK,
    EXIT_RETRY_LATER,
    EXIT_USAGE,
    SummarizerError,
)
from summarizer.model.batchapi import CHAT_URL
from summarizer.nightly.engine import MAX_BYTES, MAX_REQUESTS
from summarizer.nightly.lane import SWITCH_INTERVAL_S
from summarizer.nightly.progress import JsonLogReporter, Reporter, default_reporter
from summarizer.nightly.report import BatchOptions
from summarizer.nightly.runner import collect_file, failures, run_batch

# The briefing a run refreshes covers this many of the most recent summaries (memory and time
# stay bounded however large OUT grows; `summarizer digest OUT` reads them all).
BRIEFING_LIMIT = 200

RUN_EXIT_CODES = """exit codes:
  0   every document is done (summarized now or before, or a duplicate of one that is)
  1   some documents failed in this run (see `summarizer failures OUT`); the rest were written
  2   usage or configuration error, unreachable endpoint or refused API key: the run stopped
      after the first failing request and marked no document failed
  75  some documents must be retried later (rate limited past --max-wait, endpoint timing out
      or failing with 5xx, circuit breaker tripped, budget reached, --deadline passed, disk
      full, or held by another run), or wait for a batch: run again later

Documents are summarized once: a rerun skips what is done with no request, resumes a killed
run, and summarizes a changed file again. Each run writes OUT/run-<timestamp>.json.
"""


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's sub-commands; each sets `func(args) -> exit code`."""
    r = sub.add_parser(
        "run",
        help="summarize every new document of a folder (the nightly batch job)",
        description="Summarize every document of INBOX not done yet into OUT/<name>.json, "
        "concurrently, resumably, each text once.",
        epilog=RUN_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument("inbox", metavar="INBOX", help="folder of .txt/.md/.html/.jsonl files")
    r.add_argument("--out", required=True, metavar="OUT", help="output folder (with manifest)")
    r.add_argument(
        "--concurrency",
        type=_positive_int,
        metavar="N",
        help="documents waiting for the model at once, i.e. requests in flight (default: 1 for "
        "the embedded model, 8 for an endpoint); as many more may be grounded and written",
    )
    r.add_argument("--rpm", type=_positive_float, metavar="N", help="requests per minute, at most")
    r.add_argument("--tpm", type=_positive_float, metavar="N", help="tokens per minute, at most")
    r.add_argument(
        "--budget",
        type=_non_negative_float,
        metavar="USD",
        help="start no document that would take this run's spending past USD",
    )
    r.add_argument(
        "--dry-run",
        action="store_true",
        help="count documents and estimate tokens and cost; send and write nothing",
    )
    r.add_argument("--retry-failed", action="store_true", help="try the failed documents again")
    r.add_argument(
        "--max-wait",
        type=_non_negative_float,
        default=120.0,
        metavar="S",
        help="longest Retry-After to wait out (at most 120, the default); longer: retry later",
    )
    r.add_argument(
        "--deadline",
        type=_positive_float,
        metavar="S",
        help="start no document after S seconds of run (the rest are left for the next run, "
        "exit 75); each request is bounded by --timeout",
    )
    r.add_argument(
        "--breaker",
        type=_positive_int,
        default=5,
        metavar="N",
        help="circuit breaker: after N documents in a row fail on the endpoint (5xx or "
        "timeouts, after the client's retries) stop asking and leave the rest for the next "
        "run, exit 75 (default 5)",
    )
    r.add_argument(
        "--briefing",
        metavar="DIR",
        help="refresh the briefing here after the run (default: OUT/briefing)",
    )
    r.add_argument("--no-briefing", action="store_true", help="do not refresh the briefing")
    r.add_argument(
        "--briefing-limit",
        type=int,
        default=BRIEFING_LIMIT,
        metavar="N",
        help=f"the briefing covers the N most recent summaries (default {BRIEFING_LIMIT}); "
        "`summarizer digest OUT` reads them all",
    )
    r.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        metavar="N",
        help="processes that work on INBOX together, each with --concurrency documents in "
        "flight (the manifest's claims keep them from doing a document twice); --rpm, --tpm "
        "and --budget are shared out among them; one process is one core's worth of client work",
    )
    r.add_argument(
        "--batch",
        action="store_true",
        help="send the requests through the provider's Batch API (half price, answers within "
        "24 h) and return (exit 75); the next run collects the answers and writes the summaries",
    )
    r.add_argument(
        "--batch-file",
        metavar="FILE",
        help="write the requests as a batch input file for another engine (e.g. vllm "
        "run-batch) instead of uploading; then `summarizer collect OUT OUTPUT_FILE`",
    )
    _add_batch_flags(r)
    r.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    r.add_argument("--share", type=_positive_int, default=1, help=argparse.SUPPRESS)
    add_backend_flags(r)
    r.set_defaults(func=cmd_run)

    c = sub.add_parser(
        "collect",
        help="store a batch output file made elsewhere and write the summaries it completes",
        description="Store the answers of RESULTS (a batch output file, e.g. from vllm "
        "run-batch over the file of `summarizer run --batch-file`), then write the summary of "
        "every document whose answers are all in. Give the same model settings as the run "
        "that wrote the requests: a request is known by its body.",
        epilog=RUN_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument("out", metavar="OUT", help="output folder of `summarizer run --batch-file`")
    c.add_argument("results", metavar="RESULTS", help="the batch output file (JSONL)")
    c.add_argument(
        "--inbox",
        metavar="INBOX",
        help="where the documents are (default: the inbox of the run that wrote the requests)",
    )
    c.add_argument("--no-briefing", action="store_true", help="do not refresh the briefing")
    add_backend_flags(c)
    c.set_defaults(func=cmd_collect)

    f = sub.add_parser(
        "failures",
        help="list the documents a run set aside (the dead-letter list)",
        description="List the failed documents of OUT with their reasons, then those left "
        "for a later run. Retry them with `summarizer run INBOX --out OUT --retry-failed`.",
    )
    f.add_argument("out", metavar="OUT", help="output folder of `summarizer run`")
    f.add_argument("--json", action="store_true", help="one JSON object per line")
    f.set_defaults(func=cmd_failures)


def _add_batch_flags(r: argparse.ArgumentParser) -> None:
    r.add_argument(
        "--batch-url",
        default=CHAT_URL,
        metavar="PATH",
        help=f"the request lines' url and the batch's endpoint (default {CHAT_URL}; Azure "
        "OpenAI: /chat/completions)",
    )
    r.add_argument(
        "--batch-max-requests",
        type=_positive_int,
        default=MAX_REQUESTS,
        metavar="N",
        help=f"requests per batch at most (default {MAX_REQUESTS:,}); more are split",
    )
    r.add_argument(
        "--batch-max-mb",
        type=_positive_float,
        default=MAX_BYTES / 1e6,
        metavar="MB",
        help=f"megabytes per batch input file at most (default {MAX_BYTES / 1e6:g})",
    )


def _last_run_date(out: Path) -> str | None:
    """The day the previous run started (for the briefing's "new since" section), if any."""
    runs = sorted(out.glob("run-*.json")) if out.is_dir() else []
    for path in reversed(runs):
        try:
            started = json.loads(path.read_text(encoding="utf-8")).get("started_at")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(started, str) and len(started) >= 10:
            return started[:10]
    return None


def combine_exit_codes(codes: list[int]) -> int:
    """One exit code for several workers: a stop (2) beats failures (1), which beat later (75)."""
    for code in (EXIT_USAGE, EXIT_DOCUMENT_FAILED, EXIT_RETRY_LATER):
        if code in codes:
            return code
    return max(codes) if codes else EXIT_OK


def _start_workers(args: argparse.Namespace) -> list[subprocess.Popen[bytes]]:
    """The extra worker processes of `--workers N`: this command line again, as workers."""
    if args.workers <= 1 or args.worker:
        return []
    argv: list[str] = []
    skip = False
    for item in args.argv:
        if skip:
            skip = False
            continue
        if item == "--workers":
            skip = True
            continue
        if item.startswith("--workers="):
            continue
        argv.append(item)
    command = [sys.executable, "-m", "summarizer", *argv, "--worker", "--no-briefing"]
    command += ["--share", str(args.workers)]
    return [subprocess.Popen(command) for _ in range(args.workers - 1)]


def shared_limits(args: argparse.Namespace) -> tuple[float | None, float | None, float | None]:
    """This process's --rpm, --tpm and --budget: with --workers N, each process gets 1/N of them,
    so that N processes together never pass what the user asked for."""
    n = args.share if args.worker else (1 if args.dry_run else args.workers)

    def part(value: float | None) -> float | None:
        return None if value is None else value / n

    return part(args.rpm), part(args.tpm), part(args.budget)


def cmd_run(args: argparse.Namespace) -> int:
    sys.setswitchinterval(SWITCH_INTERVAL_S)  # this process is the run (nightly/lane.py)
    settings = settings_from_args(args)
    rpm, tpm, budget = shared_limits(args)
    options = BatchOptions(
        inbox=Path(args.inbox),
        out=Path(args.out),
        concurrency=args.concurrency,
        rpm=rpm,
        tpm=tpm,
        budget_usd=budget,
        dry_run=args.dry_run,
        retry_failed=args.retry_failed,
        max_wait_s=args.max_wait,
        deadline_s=args.deadline,
        breaker=args.breaker,
        batch=args.batch,
        batch_file=Path(args.batch_file) if args.batch_file else None,
        batch_url=args.batch_url,
        batch_max_requests=args.batch_max_requests,
        batch_max_bytes=int(args.batch_max_mb * 1e6),
    )
    since = _last_run_date(options.out)
    children = [] if args.dry_run else _start_workers(args)
    reporter: Reporter | None
    if args.dry_run:
        reporter = None
    elif args.worker or children:
        # Several processes share the terminal: one JSON line per event, no progress bars.
        reporter = JsonLogReporter(sys.stderr)
    else:
        reporter = default_reporter(sys.stderr)
    report = run_batch(settings, options, reporter=reporter)
    exit_code = combine_exit_codes([report.exit_code, *(c.wait() for c in children)])
    if args.worker:
        return exit_code
    target = Path(args.briefing) if args.briefing else options.out / "briefing"
    written = sum(report.counts[k] for k in ("done", "repaired", "cached"))
    # Not on a full disk: the briefing would not fit either, and the last one still holds.
    refresh = (
        not args.dry_run
        and not args.no_briefing
        and exit_code != EXIT_USAGE
        and not report.disk_full
    )
    if refresh and written == 0 and (target / "briefing.json").exists():
        # Nothing new: the briefing of the last run still holds (a rerun stays fast).
        print(f"briefing unchanged in {target}: no new summary", file=sys.stderr)
    elif refresh:
        try:
            write_briefing(options.out, target, since=since, limit=args.briefing_limit)
        except SummarizerError as e:
            print(f"summarizer: error: briefing not refreshed: {e}", file=sys.stderr)
            return EXIT_USAGE if exit_code == EXIT_USAGE else EXIT_DOCUMENT_FAILED
        print(f"briefing refreshed in {target}", file=sys.stderr)
    if args.dry_run:
        print(report.line())
        if args.budget is not None and report.estimated_cost_usd > args.budget:
            print(
                f"the estimate is over the budget of ${args.budget:g}: the run would stop early",
                file=sys.stderr,
            )
    else:
        print(report.line(), file=sys.stderr)
    return exit_code if children else report.exit_code


def cmd_collect(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    out = Path(args.out)
    since = _last_run_date(out)
    report = collect_file(
        settings,
        out,
        Path(args.results),
        inbox=Path(args.inbox) if args.inbox else None,
        reporter=default_reporter(sys.stderr),
    )
    written = sum(report.counts[k] for k in ("done", "repaired", "cached"))
    if written and not args.no_briefing and not report.disk_full:
        target = out / "briefing"
        try:
            write_briefing(out, target, since=since, limit=BRIEFING_LIMIT)
        except SummarizerError as e:
            print(f"summarizer: error: briefing not refreshed: {e}", file=sys.stderr)
            return EXIT_DOCUMENT_FAILED
        print(f"briefing refreshed in {target}", file=sys.stderr)
    print(report.line(), file=sys.stderr)
    return report.exit_code


def cmd_failures(args: argparse.Namespace) -> int:
    rows = failures(Path(args.out))
    for row in rows:
        when = dt.datetime.fromtimestamp(row.updated_at, dt.UTC).isoformat(timespec="seconds")
        if args.json:
            record = {
                "name": row.name,
                "status": row.status,
                "path": row.source_path,
                "record_id": row.record_id,
                "attempts": row.attempts,
                "error": row.error,
                "updated_at": when,
            }
            print(json.dumps(record, ensure_ascii=False))
            continue
        where = row.source_path + (f" #{row.record_id}" if row.record_id else "")
        print(f"{row.status}\t{row.name}\t{where}\t{row.attempts} attempt(s)\t{when}\t{row.error}")
    if not args.json:
        failed = sum(r.status == "failed" for r in rows)
        print(
            f"{failed} failed, {len(rows) - failed} to retry later"
            + (
                " · retry the failed with `summarizer run INBOX --out OUT --retry-failed`"
                if failed
                else ""
            ),
            file=sys.stderr,
        )
    return EXIT_OK
