"""Writing the briefing: the last stage, from OUT to the files of the briefing folder.

`write_briefing` reads OUT/*.json (briefing/load.py), finds each document's source text (to show
passages), builds the briefing (briefing/digest.py), renders it (briefing/markdown.py,
briefing/html.py, briefing/exports.py) and writes briefing.md, briefing.html, briefing.json,
events.csv and events.geojson, each atomically.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from summarizer.briefing.adjudicate import Adjudicator
from summarizer.briefing.digest import build_briefing, parse_since
from summarizer.briefing.exports import briefing_json, events_csv, events_geojson
from summarizer.briefing.focus import Focus, focus_briefing
from summarizer.briefing.html import briefing_html
from summarizer.briefing.load import find_source_texts, load_summaries
from summarizer.briefing.markdown import briefing_markdown
from summarizer.briefing.models import Briefing
from summarizer.core.schemas import Summary
from summarizer.render.outputs import atomic_write_text

log = logging.getLogger(__name__)

OUTPUT_FILES = ("briefing.md", "briefing.html", "briefing.json", "events.csv", "events.geojson")


@dataclass
class DigestResult:
    """What `write_briefing` wrote and what it skipped."""

    briefing: Briefing
    paths: list[Path]
    warnings: list[str]


def write_briefing(
    summaries_dir: Path | str,
    out_dir: Path | str = "briefing",
    *,
    since: str | None = None,
    adjudicator: Adjudicator | None = None,
    source_roots: Sequence[Path | str] = (),
    limit: int | None = None,
    focus: Focus | None = None,
) -> DigestResult:
    """Read OUT/*.json and write briefing.md, .html, .json and events.csv into `out_dir`.

    Args:
        summaries_dir: Folder of per-document summary JSON files.
        out_dir: Folder for the briefing files (created).
        since: YYYY-MM-DD: add the "new since" section.
        adjudicator: Decides doubtful actor pairs (the CLI passes one with --adjudicate).
        source_roots: Folders to resolve relative source paths against, after the current
            folder (then OUT's parent and OUT itself are tried).
        limit: Read only this many summaries, the most recently written (None: all).
        focus: Keep only the events of an actor, a country, a date range (briefing/focus.py).

    Returns:
        The briefing, the paths written, and the warnings (also in briefing.json).

    Raises:
        DocumentError: `summaries_dir` is not a folder, or `since` is not a date.
    """
    src = Path(summaries_dir)
    dst = Path(out_dir)
    if since is not None:
        parse_since(since)
    data = load_summaries(src, limit=limit)
    roots = [*(Path(r) for r in source_roots), src.resolve().parent, src.resolve()]
    find_source_texts(data, roots)
    for w in data.warnings:
        log.warning("%s", w)

    def build(summaries: Sequence[Summary]) -> Briefing:
        return build_briefing(
            summaries,
            texts=data.texts,
            files=data.files,
            since=since,
            mtimes=data.mtimes,
            adjudicator=adjudicator,
            warnings=data.warnings,
        )

    b = build(data.summaries)
    if focus:
        b = focus_briefing(data.summaries, b, focus, build)
    outputs = {
        "briefing.md": briefing_markdown(b),
        "briefing.html": briefing_html(b, data.texts),
        "briefing.json": briefing_json(b),
        "events.csv": events_csv(b),
        "events.geojson": events_geojson(b),
    }
    paths = []
    for name, text in outputs.items():
        path = dst / name
        atomic_write_text(path, text)
        paths.append(path)
    return DigestResult(briefing=b, paths=paths, warnings=data.warnings)
