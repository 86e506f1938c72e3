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
from dataclasses import dataclass
from typing import Any, Literal, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

EventKind = Literal[
    "done", "cached", "duplicate", "repaired", "failed", "retry_later", "unreadable", "batched"
]


class Reporter:
    """Receives document events; this base reports nothing."""

    def start(self, total: int, total_bytes: int = 0) -> None:
        """The run begins with about `total` documents (one per file; JSONL adds more), in
        files of `total_bytes` bytes."""

    def grow(self, n: int = 1) -> None:
        """A JSONL file turned out to hold `n` more documents."""

    def read(self, file_bytes: int, chars: int) -> None:
        """A file of `file_bytes` bytes was read: its documents hold `chars` characters."""

    def advance(self, counts: dict[str, int], chars: int = 0, *, timed: bool = False) -> None:
        """One document of `chars` characters was dealt with (skipped included); `timed`: the
        model was asked for it (where a run's time goes)."""

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

    The ETA counts text, not documents (`Eta`), and shows from the first answered document on
    (rich's own estimate waits for a window of samples that an embedded run, at 10 s a
    document, takes minutes to fill). The line fits 80 columns.
    """

    def __init__(self, stream: TextIO) -> None:
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
        self._eta = Eta()

    def start(self, total: int, total_bytes: int = 0) -> None:
        self._t0 = time.monotonic()
        self._eta = Eta(unread_bytes=total_bytes)
        self._progress.start()
        self._task = self._progress.add_task("run", total=total, counts="", eta="")

    def grow(self, n: int = 1) -> None:
        task = self._progress.tasks[0]
        self._progress.update(self._task, total=(task.total or 0) + n)

    def read(self, file_bytes: int, chars: int) -> None:
        self._eta.read(file_bytes, chars)

    def advance(self, counts: dict[str, int], chars: int = 0, *, timed: bool = False) -> None:
        self._eta.dealt(chars, timed=timed)
        left = self._eta.left_s(time.monotonic() - self._t0)
        self._progress.update(
            self._task, advance=1, counts=compact_counts(counts), eta=eta_text(left)
        )

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


@dataclass
class Eta:
    """The time a run has left, from the text it has done, not the documents.

    A model's time goes with the length of what it reads and writes, so the rate is the run's
    time per character of the documents the model was asked for (a document that was done
    before, or cached, takes next to none), and what is left is the characters of the
    documents read but not dealt with, plus the files not read yet, their bytes counted at the
    characters per byte seen so far (HTML and PDF hold fewer characters than bytes).
    """

    unread_bytes: int = 0
    read_bytes: int = 0
    read_chars: int = 0
    pending_chars: int = 0
    timed_chars: int = 0

    def read(self, file_bytes: int, chars: int) -> None:
        self.unread_bytes = max(0, self.unread_bytes - file_bytes)
        self.read_bytes += file_bytes
        self.read_chars += chars
        self.pending_chars += chars

    def dealt(self, chars: int, *, timed: bool) -> None:
        self.pending_chars = max(0, self.pending_chars - chars)
        if timed:
            self.timed_chars += chars

    def left_s(self, elapsed_s: float) -> float | None:
        """Seconds left; None before the first document the model was asked for."""
        if self.timed_chars <= 0:
            return None
        per_byte = self.read_chars / self.read_bytes if self.read_bytes else 1.0
        left = self.pending_chars + self.unread_bytes * per_byte
        return elapsed_s / self.timed_chars * left


def eta_text(left_s: float | None) -> str:
    """ "ETA 3:20"; empty when unknown or nothing is left."""
    if left_s is None or left_s < 0.5:
        return ""
    left = round(left_s)
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
