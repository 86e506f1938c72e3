"""Sub-commands of `summarizer digest` (registered by cli.build_parser)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from summarizer.briefing.adjudicate import ModelAdjudicator
from summarizer.briefing.focus import Focus, country_iso3
from summarizer.briefing.models import briefing_json_schema
from summarizer.briefing.write import write_briefing
from summarizer.cli.common import add_backend_flags, emit_schema, settings_from_args
from summarizer.core.errors import EXIT_OK, EXIT_USAGE
from summarizer.model.llm import Completion, Message
from summarizer.pipeline import Summarizer

T = TypeVar("T", bound=BaseModel)

DIGEST_HELP = """writes OUT_DIR/briefing.md, briefing.html, briefing.json and events.csv from the
per-document summaries OUT/*.json (files that are not summaries are skipped with a warning).
Actors are reconciled by rules; with --adjudicate the model decides the doubtful pairs (answers
cached). A rerun with nothing new writes byte-identical files. --actor, --country, --from and
--to keep only the matching events (all must match); sources that report none of them are left
out, and the title says what was kept.
"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's sub-commands; each sets `func(args) -> exit code`."""
    p = sub.add_parser(
        "digest",
        help="merge summaries into one briefing (Markdown, HTML, JSON, CSV)",
        description=DIGEST_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("summaries", nargs="?", metavar="OUT", help="folder of summary JSON files")
    p.add_argument(
        "--out",
        default="briefing",
        metavar="OUT_DIR",
        help="folder for the briefing files (default: briefing)",
    )
    p.add_argument(
        "--since",
        metavar="DATE",
        help="add a 'new since' section: sources and events dated on or after DATE (YYYY-MM-DD)",
    )
    p.add_argument(
        "--actor",
        metavar="NAME",
        help="keep only the events this actor carried out or was hit by (its name or any alias "
        "the briefing reconciled, any case)",
    )
    p.add_argument(
        "--country",
        metavar="NAME",
        help="keep only the events in this country (a name or an ISO code: Iraq, IQ, IRQ)",
    )
    p.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help="keep only the events on or after DATE (YYYY-MM-DD); undated events are left out",
    )
    p.add_argument(
        "--to",
        dest="date_to",
        metavar="DATE",
        help="keep only the events on or before DATE (YYYY-MM-DD); undated events are left out",
    )
    p.add_argument(
        "--source-root",
        action="append",
        default=[],
        metavar="DIR",
        help="folder that relative source paths start from, when not the current one "
        "(repeatable); sources are used only if their text still hashes to the doc_id",
    )
    p.add_argument(
        "--adjudicate",
        action="store_true",
        help="let the model decide doubtful actor pairs (uses the backend flags below)",
    )
    p.add_argument(
        "--schema",
        action="store_true",
        help="print the JSON Schema of briefing.json and exit",
    )
    p.add_argument(
        "--write",
        action="store_true",
        help="with --schema: write schemas/briefing.schema.json instead of printing it",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    add_backend_flags(p)
    p.set_defaults(func=cmd_digest)


def _error(message: str) -> int:
    print(f"summarizer: error: {message}", file=sys.stderr)
    return EXIT_USAGE


class _LazyLLM:
    """Starts the backend (perhaps the embedded model) only when a pair needs adjudication."""

    def __init__(self, summarizer: Any) -> None:
        self._summarizer = summarizer

    def complete(
        self, messages: list[Message], response_model: type[T], *, max_tokens: int
    ) -> Completion[T]:
        llm = self._summarizer.llm
        result: Completion[T] = llm.complete(messages, response_model, max_tokens=max_tokens)
        return result


def cmd_schema(args: argparse.Namespace) -> int:
    return emit_schema(briefing_json_schema(), "briefing.schema.json", write=args.write)


def cmd_digest(args: argparse.Namespace) -> int:
    if args.schema:
        return cmd_schema(args)
    if args.summaries is None:
        return _error("digest needs OUT, the folder of summaries (or --schema)")
    src = Path(args.summaries)
    if not src.is_dir():
        return _error(f"{src}: not a folder of summaries")
    if args.since is not None:
        try:
            dt.datetime.fromisoformat(args.since)
        except ValueError:
            return _error(f"--since {args.since!r} is not a date (use YYYY-MM-DD)")

    for flag, value in (("--from", args.date_from), ("--to", args.date_to)):
        if value is not None:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return _error(f"{flag} {value!r} is not a date (use YYYY-MM-DD)")
    if args.date_from and args.date_to and args.date_from > args.date_to:
        return _error(f"--from {args.date_from} is after --to {args.date_to}")
    if args.actor is not None and not args.actor.strip():
        return _error("--actor needs a name")

    if args.country is not None and country_iso3(args.country) is None:
        return _error(f"--country {args.country!r} is not a country (use a name or an ISO code)")
    focus = Focus(
        actor=args.actor.strip() if args.actor else None,
        country=args.country,
        date_from=args.date_from,
        date_to=args.date_to,
    )
    if not args.adjudicate:
        result = write_briefing(
            src, Path(args.out), since=args.since, source_roots=args.source_root, focus=focus
        )
    else:
        settings = settings_from_args(args)
        if settings.embedded:
            # Its one measured try merged "US Embassy" into "United States" (issue 15).
            return _error(
                "--adjudicate needs a model endpoint (--base-url or OPENAI_BASE_URL): the "
                "embedded model is not asked to merge actors, as it was not shown to help; "
                "without --adjudicate the doubtful pairs stay apart and are listed"
            )
        with Summarizer(settings) as summarizer:
            adjudicator = ModelAdjudicator(
                _LazyLLM(summarizer),
                cache=summarizer.cache,
                model=settings.model_name,
                base_url=summarizer.base_url,
            )
            result = write_briefing(
                src,
                Path(args.out),
                since=args.since,
                adjudicator=adjudicator,
                source_roots=args.source_root,
                focus=focus,
            )
        if not args.quiet:
            print(
                f"adjudicated {adjudicator.calls + adjudicator.cache_hits} actor pair(s) "
                f"({adjudicator.cache_hits} from the cache)",
                file=sys.stderr,
            )
    if not args.quiet:
        b = result.briefing
        print(
            f"{len(b.sources)} sources, {len(b.events)} events, {len(b.actors)} actors, "
            f"{len(b.contradictions)} contradictions; {len(result.warnings)} warning(s)",
            file=sys.stderr,
        )
        if focus and not b.events:
            print("no event matches the filters", file=sys.stderr)
        for path in result.paths:
            print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK
