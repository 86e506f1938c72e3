"""The nightly job: summarize every new document of a folder, concurrently, resumably, once.

`summarizer run INBOX --out OUT` walks INBOX (sorted, so runs are repeatable), streams its
documents (a JSONL file is many) and, for each one whose text is not done yet, claims it in
OUT/manifest.sqlite, looks its drafts up in the cache, asks the model otherwise (async, up to
`concurrency` documents waiting for it at once, within the client-side rate limit), grounds the
drafts (on a worker thread, while the next documents' requests go out), writes OUT/<name>.json
atomically and only then commits the row as done. So a run killed at any moment
leaves each document with no output or a valid one, and the next run:

- skips what is done (zero requests), repairs rows whose output was written but not committed
  (no model call), and takes over the claims of the dead run;
- never asks twice for a model answer it received: drafts are cached as soon as they arrive.

The same text under two names is summarized once: the second name is recorded as `done` with
`duplicate_of` pointing at the first, and no second file is written (a digest over OUT would
otherwise count its events twice). A changed file has a new hash and is summarized again.

Outcomes: a document whose answer stays invalid after the re-asks, or that cannot be read, is
`failed` with its reason (the dead-letter list, `summarizer failures OUT`); a rate limit longer
than `--max-wait`, or an endpoint that keeps timing out or failing with 5xx, makes it
`retry_later` (the next run tries again; after `document.MAX_ATTEMPTS` tries it is `failed`);
an endpoint that refuses the key or cannot be reached stops the run (exit 2) and marks nothing.

Request budget per chunk: `max_retries + 1` HTTP requests for network errors, 429 and 5xx (the
openai client's retries), times `reasks + 1` answers for invalid ones (instructor's re-asks);
nothing else retries.

This module holds the run over the inbox (`BatchRunner`: discovery, triage, the loop, the dry
run, the exit code and the report) and its commands (`run_batch`, `collect_file`, `failures`).
`BatchRunner` is built in layers: `runstate` (what the run holds and counts, the endpoint, the
CPU lane, the budget), `batch_hooks` (the steps for batches) and `document` (one document's
claim, answer, output and outcome). Its other parts live beside it: `report` (`BatchOptions`,
`RunReport`), `inbox` (discovery), `ask` (one document's requests), `lane` (the CPU lane),
`progress` (the reporters), `manifest`, and for batches `ledger` and `engine`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

from summarizer.core.config import Settings
from summarizer.core.errors import (
    EXIT_DOCUMENT_FAILED,
    EXIT_OK,
    EXIT_RETRY_LATER,
    EXIT_USAGE,
    ConfigError,
    DiskFullError,
    DocumentError,
    is_disk_full,
)
from summarizer.model.batchapi import BatchAPI
from summarizer.model.client import AsyncStructuredLLM
from summarizer.nightly.document import DocumentRunner
from summarizer.nightly.engine import BatchEngine
from summarizer.nightly.inbox import discover, iter_files
from summarizer.nightly.ledger import Ledger
from summarizer.nightly.manifest import Manifest
from summarizer.nightly.manifest_table import Row, source_key
from summarizer.nightly.progress import Reporter
from summarizer.nightly.report import BatchOptions, RunReport
from summarizer.read.documents import Document
from summarizer.render.outputs import atomic_write_text

# How often a run looks again at documents another run (or task) holds a claim on.
BUSY_POLL_S = 0.25


class BatchRunner(DocumentRunner):
    """One run of the batch job over an inbox (see the module docstring; its arguments are
    `RunState`'s)."""

    # -- the run ---------------------------------------------------------------------------

    async def run(self) -> RunReport:
        """Run once over the inbox; the report's `exit_code` says how it went."""
        t0 = time.perf_counter()
        self._started = time.monotonic()
        options = self.options
        if not options.inbox.exists():
            raise ConfigError("no such file or folder", path=str(options.inbox))
        try:
            if options.dry_run:
                await self._dry_run()
            else:
                await self._run()
        except (OSError, sqlite3.Error) as e:
            if not is_disk_full(e):
                raise  # a bug or another fault: it keeps its traceback
            # Outputs are written whole or not at all, and a row is committed only after its
            # output: stopping here leaves nothing half-written, and the rerun goes on.
            self._fatal = DiskFullError(
                f"the disk of {options.out} is full or failing ({_first_line(e)}): "
                "free some space and run again"
            )
            self.report.stopped = str(self._fatal)
            self.report.disk_full = True
        finally:
            self.report.elapsed_s = round(time.perf_counter() - t0, 3)
            self.report.requests = self.requests_sent
            await self._close_backend()
            if self._engine is not None:
                self.report.batch = asdict(self._engine.report)
                self.report.batch["api_requests"] = self._engine.requests_sent
                self._engine.close()
            if self._batched is not None:
                await self._batched.aclose()
            if self._ledger is not None:
                with _unless_disk_full():
                    self._ledger.close()
            if self._cpu is not None:
                self._cpu.close()
                self._cpu = None
            self.cache.close()
            if self._manifest is not None:
                with _unless_disk_full():
                    self._manifest.close()
        self.report.exit_code = self._exit_code()
        if not options.dry_run:
            with _unless_disk_full():  # the report too, if it still fits
                self._write_report()
        return self.report

    def _exit_code(self) -> int:
        c = self.report.counts
        if self.options.dry_run:
            return EXIT_OK
        if self._fatal is not None:
            return self._fatal.exit_code if self._fatal.exit_code != EXIT_OK else EXIT_USAGE
        if c["failed"]:
            return EXIT_DOCUMENT_FAILED
        if c["retry_later"] or c["waiting"] or c["left"] or c["busy"] or c["batched"]:
            return EXIT_RETRY_LATER
        if self.report.batch is not None and self.report.batch["open"]:
            return EXIT_RETRY_LATER
        return EXIT_OK

    def _write_report(self) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = self.options.out / f"run-{stamp}.json"
        n = 2
        while path.exists():
            path = self.options.out / f"run-{stamp}-{n}.json"
            n += 1
        self.report.report_path = str(path)
        report = asdict(self.report)
        report["base_url"] = self._summarizer.base_url or None
        report["error"] = str(self._fatal) if self._fatal is not None else None
        try:
            atomic_write_text(path, json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        except BaseException:
            self.report.report_path = None
            raise

    def _triage(self, manifest: Manifest | None, key: str, doc_id: str) -> str:
        """ "process", or why not: "skipped", "failed_earlier" or "waiting"."""
        row: Row | None = manifest.get(key) if manifest is not None else None
        if row is None or row.doc_id != doc_id:
            return "process"
        if row.status == "done":
            return "skipped" if manifest is not None and manifest.output_ok(row) else "process"
        if row.status == "failed":
            return "process" if self.options.retry_failed else "failed_earlier"
        if row.status == "retry_later" and (row.retry_at or 0) > self._clock():
            return "waiting"
        return "process"

    async def _run(self) -> None:
        options = self.options
        manifest = Manifest(options.out, clock=self._clock)
        self._manifest = manifest
        manifest.sweep_temp_files()
        await self._start_batches()
        if self._fatal is not None:
            self.report.stopped = str(self._fatal)
            return
        paths = discover(options.inbox, out=options.out)
        root = options.inbox.parent if options.inbox.is_file() else options.inbox
        sizes = {rel: _size(root / rel) for rel in paths}
        self.reporter.start(len(paths), sum(sizes.values()))
        # Requests in flight: `concurrency`. Documents in flight: as many again, planned and
        # waiting for their turn (a freed request slot is not held up by the next document's
        # finders), and at most `concurrency` more being grounded and written.
        self._requesting = asyncio.Semaphore(self.concurrency)
        ahead = 2 * self.concurrency if self.concurrency > 1 else 1
        slots = asyncio.Semaphore(ahead)
        self._finishing = asyncio.Semaphore(self.concurrency)
        tasks: set[asyncio.Task[None]] = set()
        heartbeat = asyncio.create_task(self._heartbeat(manifest))

        def spawn(key: str, doc: Document) -> None:
            task = asyncio.create_task(self._guarded(manifest, key, doc, slots))
            tasks.add(task)
            task.add_done_callback(self._on_done(tasks))

        # Files with dead letters in the manifest when the run starts (rows a run records
        # itself are of files it has already read).
        unreadable = manifest.unreadable_prefixes()
        try:
            for rel, items in iter_files(options.inbox, paths):
                if self._fatal is not None or self._crash is not None:
                    break
                if len(items) > 1:
                    self.reporter.grow(len(items) - 1)
                chars = sum(len(i.text) for i in items if isinstance(i, Document))
                self.reporter.read(sizes.get(rel, 0), chars)
                # Dead letters of this file that a new read no longer produces go first, so a
                # fixed file gets back the names they held.
                errors = [
                    (self._unreadable_key(rel, e), e) for e in items if isinstance(e, DocumentError)
                ]
                prefix = source_key(rel, "!")
                if prefix in unreadable:
                    manifest.forget_unreadable(prefix, {k for k, _ in errors})
                for key, error in errors:
                    self.report.documents += 1
                    self._unreadable(manifest, key, rel, error)
                for item in items:
                    if isinstance(item, DocumentError):
                        continue
                    self.report.documents += 1
                    key = source_key(rel, item.name)
                    verdict = self._triage(manifest, key, item.doc_id)
                    if verdict == "process" and item.doc_id in self._waiting:
                        verdict = "batched"  # its answers are not all in yet
                    if verdict == "process" and self._stopping():
                        verdict = "left"
                    if verdict != "process":
                        self._count(verdict, len(item.text))
                        continue
                    await slots.acquire()
                    if self._fatal is not None or self._crash is not None:
                        slots.release()
                        break
                    spawn(key, item)
            while (tasks or self._deferred) and self._fatal is None and self._crash is None:
                if tasks:
                    await asyncio.wait(set(tasks), return_when=asyncio.FIRST_COMPLETED)
                    continue
                if self._stop_new:
                    break
                await asyncio.sleep(BUSY_POLL_S)
                waiting, self._deferred = self._deferred, []
                for key, doc in waiting:
                    await slots.acquire()
                    spawn(key, doc)
            if self._crash is not None:
                raise self._crash
            await self._end_batches()
        finally:
            self.report.counts["busy"] += len(self._deferred)
            self._deferred.clear()
            for task in list(tasks):
                task.cancel()
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            # On a full disk the claims may stay: the next run takes over a dead run's claims.
            with _unless_disk_full():
                manifest.release_all()
            self.reporter.stop()
        if self._fatal is not None:
            self.report.stopped = str(self._fatal)
        elif self._stop_new:
            self.report.stopped = self._stop_new

    def _on_done(self, tasks: set[asyncio.Task[None]]) -> Callable[[asyncio.Task[None]], None]:
        def done(task: asyncio.Task[None]) -> None:
            tasks.discard(task)
            if not task.cancelled() and task.exception() is not None and self._crash is None:
                self._crash = task.exception()  # a bug: stop the run and show its traceback

        return done

    async def _heartbeat(self, manifest: Manifest) -> None:
        while True:
            await asyncio.sleep(manifest.lease_s / 4)
            manifest.heartbeat()

    @staticmethod
    def _unreadable_key(rel: str, error: DocumentError) -> str:
        # A whole file fails once; a JSONL record's message starts with its line number.
        message = error.message
        suffix = message.split(":", 1)[0].replace(" ", "") if message.startswith("line ") else ""
        return source_key(rel, f"!{suffix or 'file'}")

    def _unreadable(self, manifest: Manifest, key: str, rel: str, error: DocumentError) -> None:
        message = error.message
        suffix = key.rpartition("::!")[2]
        name = Path(rel).stem if suffix == "file" else f"{Path(rel).stem}-{suffix}"
        shown = error.path or rel
        if manifest.record_unreadable(key, name=name, source_path=shown, error=message):
            self.report.failed_names.append(name)
            self._count("failed")
            self.reporter.event("unreadable", name=name, path=shown, error=message)
        else:
            self._count("failed_earlier")

    # -- dry run ---------------------------------------------------------------------------

    async def _dry_run(self) -> None:
        options = self.options
        manifest = None
        if (options.out / "manifest.sqlite").is_file():
            manifest = Manifest(options.out, readonly=True, clock=self._clock)
            self._manifest = manifest
            with Ledger(options.out, readonly=True) as ledger:
                self._waiting = ledger.waiting()
        report = self.report
        for rel, items in iter_files(options.inbox, discover(options.inbox, out=options.out)):
            for item in items:
                self._estimate_one(manifest, rel, item)
        p, c = report.estimated_prompt_tokens, report.estimated_completion_tokens
        if self._batching:
            report.batch = {}
            report.estimated_cost_usd = self.settings.cost_usd(
                p, c, batch_prompt_tokens=p, batch_completion_tokens=c
            )
        else:
            report.estimated_cost_usd = self.settings.cost_usd(p, c)

    def _estimate_one(
        self, manifest: Manifest | None, rel: str, item: Document | DocumentError
    ) -> None:
        report = self.report
        report.documents += 1
        if isinstance(item, DocumentError):
            report.counts["failed"] += 1
            return
        key = source_key(rel, item.name)
        verdict = self._triage(manifest, key, item.doc_id)
        if verdict == "process" and item.doc_id in self._waiting:
            verdict = "batched"
        if verdict != "process":
            report.counts[verdict] += 1
            return
        if self.cache.get_json(self._summarizer.key_for(item)) is not None:
            report.counts["cached"] += 1
            return
        prompt, completion = self.estimate_tokens(item)
        report.estimated_prompt_tokens += prompt
        report.estimated_completion_tokens += completion


@contextlib.contextmanager
def _unless_disk_full() -> Iterator[None]:
    """Go on past a write that failed for a full disk (the run is stopping anyway)."""
    try:
        yield
    except (OSError, sqlite3.Error) as e:
        if not is_disk_full(e):
            raise


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # it is read (and reported unreadable) in its turn


def _first_line(e: BaseException) -> str:
    lines = str(e).strip().splitlines()
    return lines[0] if lines else type(e).__name__


def run_batch(
    settings: Settings,
    options: BatchOptions,
    *,
    llm: AsyncStructuredLLM | None = None,
    reporter: Reporter | None = None,
) -> RunReport:
    """Run the batch job once (blocking); see `BatchRunner`.

    Raises:
        ConfigError: The inbox does not exist, or the settings are unusable.
    """
    runner = BatchRunner(settings, options, llm=llm, reporter=reporter)
    return asyncio.run(runner.run())


def collect_file(
    settings: Settings,
    out: Path,
    results: Path,
    *,
    inbox: Path | None = None,
    reporter: Reporter | None = None,
) -> RunReport:
    """`summarizer collect`: store a batch output file's answers in OUT's ledger, then write the
    summaries they complete (a run over the inbox that asks nothing new).

    Raises:
        ConfigError: OUT has no batch ledger, RESULTS is unreadable or not an output file, or
            no inbox is known.
    """
    if not (out / "manifest.sqlite").is_file():
        raise ConfigError(
            "no manifest.sqlite here (not an output folder of `summarizer run`)", path=str(out)
        )
    with Ledger(out) as ledger:
        if not ledger.in_use():
            raise ConfigError("no batch requests here (run with --batch-file first)", path=str(out))

        def no_api() -> BatchAPI:
            raise ConfigError("collecting a file needs no endpoint")

        engine = BatchEngine(ledger, no_api, out=out, inbox=None)
        engine.ingest(results)
        known = [s.inbox for s in ledger.submissions() if s.inbox]
    if inbox is None:
        if not known:
            raise ConfigError("which inbox? give --inbox INBOX", path=str(out))
        inbox = Path(known[-1])
    options = BatchOptions(inbox=inbox, out=out, collect_only=True)
    report = run_batch(settings, options, reporter=reporter)
    if report.batch is not None:
        report.batch["collected"] += engine.report.collected
        report.batch["errors"] += engine.report.errors
    return report


def failures(out: Path) -> list[Row]:
    """The dead-letter list of an OUT folder: failed rows, then those left for a later run.

    Raises:
        ConfigError: OUT has no manifest.
    """
    if not (Path(out) / "manifest.sqlite").is_file():
        raise ConfigError(
            "no manifest.sqlite here (not an output folder of `summarizer run`)", path=str(out)
        )
    with Manifest(out, readonly=True) as manifest:
        return manifest.rows("failed") + manifest.rows("retry_later")
