"""Command line: argument parsing and output only; the work is in pipeline and render."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from summarizer import __version__
from summarizer.cli import digest as commands_digest
from summarizer.cli import eval as commands_eval
from summarizer.cli import run as commands_run
from summarizer.cli.common import add_backend_flags, emit_schema, print_error, settings_from_args
from summarizer.core.errors import (
    EXIT_DOCUMENT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    DocumentError,
    SummarizerError,
)
from summarizer.core.schemas import summary_json_schema
from summarizer.pipeline import Summarizer, summarize_paths
from summarizer.read.files import read_path
from summarizer.render.outputs import (
    atomic_write_text,
    summary_json,
    summary_jsonl,
    summary_markdown,
    terminal_digest,
)

EXIT_CODES = """exit codes:
  0   every document summarized
  1   some documents failed (each named on stderr with the reason; the rest were written)
  2   usage or configuration error (bad flag, unreachable endpoint, refused API key)
  75  rate limited for longer than the run could wait: run again later
  130 interrupted (Ctrl-C); what was written is whole, and a rerun goes on from there
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarizer",
        description="Grounded, structured summaries of conflict reports.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"summarizer {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    s = sub.add_parser(
        "summarize",
        help="summarize files (.txt, .md, .html, .jsonl)",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--out", help="write OUT/<file stem>.json (default: JSON Lines to stdout)")
    s.add_argument(
        "--format",
        choices=["json", "md"],
        default="json",
        help="json (JSON Lines, or one file each with --out) or md (readable Markdown)",
    )
    s.add_argument("-q", "--quiet", action="store_true", help="with --out, print no digest")
    add_backend_flags(s)

    t = sub.add_parser(
        "text",
        help="print the text that a file's output offsets index",
        description="Print exactly the string whose characters the `start`/`end` offsets of "
        "FILE's summaries index: the whole file for .txt and .md (front matter included), the "
        "visible text for .html, a record's `text` for .jsonl.",
    )
    t.add_argument("file", metavar="FILE")
    t.add_argument(
        "--record", metavar="ID", help="the record of a .jsonl file (its `id`; default: the first)"
    )

    sc = sub.add_parser("schema", help="print the JSON Schema of the output")
    sc.add_argument("--write", action="store_true", help="write schemas/summary.schema.json")

    commands_run.register(sub)
    commands_digest.register(sub)
    commands_eval.register(sub)
    return parser


def cmd_schema(args: argparse.Namespace) -> int:
    return emit_schema(summary_json_schema(), "summary.schema.json", write=args.write)


def chunk_progress(stream: Any) -> Any:
    """On a terminal: one line per document of several chunks, rewritten as each is answered
    ("report.txt: chunk 3 of 13"), so a long document shows that it is moving."""
    isatty = getattr(stream, "isatty", None)
    if not (callable(isatty) and isatty()):
        return None

    def show(document: Any, done: int, total: int) -> None:
        if total < 2:
            return
        end = "\n" if done == total else ""
        stream.write(f"\r{document.name}: chunk {min(done + 1, total)} of {total}"[:80] + end)
        stream.flush()

    return show


def cmd_text(args: argparse.Namespace) -> int:
    records: list[str] = []
    for item in read_path(args.file):
        if isinstance(item, SummarizerError):
            # A bad file, or the bad record asked for (its message names it), is the answer.
            if args.record is None or args.record in item.message:
                raise item
            continue
        if args.record is None or item.source.record_id == args.record:
            # newline="": the text goes out exactly as it is, CRLF included.
            out = open(sys.stdout.fileno(), "w", encoding="utf-8", newline="", closefd=False)
            with out:
                out.write(item.file_text)
            return EXIT_OK
        records.append(str(item.source.record_id))
    known = ", ".join(records[:5]) + (", ..." if len(records) > 5 else "")
    raise DocumentError(f"no record {args.record!r} (records: {known})", path=args.file)


def cmd_summarize(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    out = Path(args.out) if args.out else None
    failed = 0
    retry_later = False
    used: set[str] = set()
    with Summarizer(settings, on_chunk=chunk_progress(sys.stderr)) as summarizer:
        try:
            for outcome in summarize_paths(args.files, summarizer):
                if outcome.error is not None:
                    failed += 1
                    retry_later = retry_later or outcome.error.exit_code == 75
                    print_error(str(outcome.error))
                    continue
                summary = outcome.summary
                assert summary is not None and outcome.name is not None
                if out is None:
                    if args.format == "md":
                        sys.stdout.write(summary_markdown(summary) + "\n")
                    else:
                        sys.stdout.write(summary_jsonl(summary))
                    sys.stdout.flush()
                    continue
                name = outcome.name
                n = 2
                while name in used:
                    name = f"{outcome.name}-{n}"
                    n += 1
                used.add(name)
                suffix = ".md" if args.format == "md" else ".json"
                body = summary_markdown(summary) if args.format == "md" else summary_json(summary)
                atomic_write_text(out / f"{name}{suffix}", body)
                if not args.quiet:
                    print(terminal_digest(summary) + "\n", flush=True)
        except SummarizerError as e:
            # Concerns every document (endpoint unreachable, key refused): stop, exit 2.
            print_error(str(e))
            return e.exit_code
    if retry_later and failed:
        return 75
    return EXIT_DOCUMENT_FAILED if failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not args.verbose:
        # instructor logs every failed attempt at ERROR; our own one-line errors say it better.
        logging.getLogger("instructor").setLevel(logging.CRITICAL)
    try:
        if args.command == "schema":
            return cmd_schema(args)
        if args.command == "summarize":
            return cmd_summarize(args)
        if args.command == "text":
            return cmd_text(args)
        func = getattr(args, "func", None)
        if func is not None:
            return int(func(args))
    except SummarizerError as e:
        print_error(str(e))
        return e.exit_code
    except KeyboardInterrupt:
        print_error("interrupted")
        return 130
    parser.error(f"unknown command {args.command!r}")
    return EXIT_USAGE


__all__ = ["main"]
