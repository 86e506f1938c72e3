"""Progress of a nightly run: the reporters that receive its document events.

`Reporter` is the interface (and reports nothing); `JsonLogReporter` writes one JSON line per
event (cron, log shippers), `RichReporter` draws a progress bar with counts and an ETA
(`compact_counts`, `eta_text`) on a terminal; `default_reporter` picks one for a stream.
`EventKind` names the outcomes a document's event can have.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from typing import Any, Literal, TextIO

EventKind = Literal[
    "done", "cached", "duplicate", "repaired", "failed", "retry_later", "unreadable", "batched"
]


class Reporter:
    """Receives document events; this base reports nothing."""

    def start(self, total: int) -> None:
        """The run begins with about `total` documents (one per file; JSONL adds more)."""

    def grow(self, n: int = 1) -> None:
        """A JSONL file turned out to hold `n` more documents."""

    def advance(self, counts: dict[str, int]) -> None:
        """One document was dealt with (skipped included)."""

    def event(self, kind: EventKind, **fields: Any) -> None:
        """One document reached an outcome."""

    def stop(self) -> None:
        """The run ended."""


class JsonLogReporter(Reporter):
    """One JSON object per line per document event (for cron and log shippers)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def event(self, kind: EventKind, **fields: Any) -> None:
        record = {"ts": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"), "event": kind}
        record.update({k: v for k, v in fields.items() if v is not None})
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stream.flush()


class RichReporter(Reporter):
    """A progress bar with done/cached/failed counts and an ETA (stderr is a terminal).

    The ETA is the mean time per document so far times the documents left, so it shows from
    the first document on (rich's own estimate waits for a window of samples that an embedded
    run, at 10 s a document, takes minutes to fill). The line fits 80 columns.
    """

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            BarColumn(bar_width=16),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TextColumn("{task.fields[eta]}"),
            console=Console(file=stream),
            transient=False,
        )
        self._task: Any = None
        self._t0 = time.monotonic()

    def start(self, total: int) -> None:
        self._t0 = time.monotonic()
        self._progress.start()
        self._task = self._progress.add_task("run", total=total, counts="", eta="")

    def grow(self, n: int = 1) -> None:
        task = self._progress.tasks[0]
        self._progress.update(self._task, total=(task.total or 0) + n)

    def advance(self, counts: dict[str, int]) -> None:
        task = self._progress.tasks[0]
        self._progress.update(
            self._task, advance=1, counts=compact_counts(counts), eta=eta_text(
                time.monotonic() - self._t0, task.completed + 1, task.total or 0
            )
        )  # fmt: skip

    def event(self, kind: EventKind, **fields: Any) -> None:
        if kind in ("failed", "unreadable", "retry_later"):
            name = fields.get("name") or fields.get("path")
            self._progress.console.print(f"{kind}: {name}: {fields.get('error')}", markup=False)

    def stop(self) -> None:
        self._progress.stop()


def compact_counts(counts: dict[str, int]) -> str:
    """The counts a progress line shows, only those that are not 0, in few columns."""
    done = counts["done"] + counts["repaired"] + counts["duplicate"]
    parts = [
        ("done", done),
        ("cached", counts["cached"]),
        ("skip", counts["skipped"]),
        ("failed", counts["failed"]),
        ("later", counts["retry_later"]),
    ]
    return " ".join(f"{name} {n}" for name, n in parts if n) or "starting"


def eta_text(elapsed_s: float, completed: float, total: float) -> str:
    """ "ETA 3:20" from the mean time per document so far; empty before the first."""
    if completed <= 0 or total <= completed:
        return ""
    left = round(elapsed_s / completed * (total - completed))
    hours, rest = divmod(left, 3600)
    minutes, seconds = divmod(rest, 60)
    shown = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    return f"ETA {shown}"


def default_reporter(stream: TextIO = sys.stderr) -> Reporter:
    """A progress bar on a terminal, JSON lines otherwise."""
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        return RichReporter(stream)
    return JsonLogReporter(stream)
