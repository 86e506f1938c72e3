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
`retry_later` (the next run tries again; after MAX_ATTEMPTS tries it is `failed`); an endpoint
that refuses the key or cannot be reached stops the run (exit 2) and marks nothing.

Request budget per chunk: `max_retries + 1` HTTP requests for network errors, 429 and 5xx (the
openai client's retries), times `reasks + 1` answers for invalid ones (instructor's re-asks);
nothing else retries.

This module holds the run (`BatchRunner`, `run_batch`, `collect_file`, `failures`); its parts live
beside it: `report` (`BatchOptions`, `RunReport`), `inbox` (discovery), `ask` (one document's
requests), `lane` (the CPU lane), `progress` (the reporters), `manifest`, and for batches `ledger`
and `engine`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import json
import math
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

from summarizer.core.config import Settings
from summarizer.core.errors import (
    EXIT_DOCUMENT_FAILED,
    EXIT_OK,
    EXIT_RETRY_LATER,
    EXIT_USAGE,
    BackendError,
    ConfigError,
    DiskFullError,
    DocumentError,
    ExtractionError,
    RetryLaterError,
    SummarizerError,
    is_disk_full,
)
from summarizer.core.schemas import Summary
from summarizer.extract.requests import CHARS_PER_TOKEN, Drafts
from summarizer.model.batchapi import BatchAPI, BatchedLLM
from summarizer.model.client import AsyncOpenAILLM, AsyncStructuredLLM
from summarizer.model.ratelimit import RateLimiter
from summarizer.nightly.ask import Waiting, arequest_drafts
from summarizer.nightly.engine import BatchEngine
from summarizer.nightly.inbox import discover, iter_files
from summarizer.nightly.lane import GROUND, PLAN, CpuLane
from summarizer.nightly.ledger import Ledger
from summarizer.nightly.manifest import Manifest, Row, source_key
from summarizer.nightly.progress import EventKind, Reporter
from summarizer.nightly.report import BatchOptions, RunReport
from summarizer.pipeline import PROMPT_OVERHEAD_TOKENS, PartialAnswers, Summarizer, client_args
from summarizer.read.documents import Document
from summarizer.render.outputs import atomic_write_text, summary_json
from summarizer.store.cache import SummaryCache

R = TypeVar("R")

# Outcomes for which the model was asked (where a run's time goes, for the ETA).
_ASKED = frozenset({"done", "failed", "retry_later"})
# A document that hit `retry_later` this many times (runs) is given up as failed.
MAX_ATTEMPTS = 5
# How often a run looks again at documents another run (or task) holds a claim on.
BUSY_POLL_S = 0.25


# -- the run -------------------------------------------------------------------------------


class _Stop(Exception):
    """The endpoint cannot serve: stop the run (carries the BackendError/ConfigError)."""


class BatchRunner:
    """One run of the batch job over an inbox (see the module docstring).

    Args:
        settings: Resolved settings (backend, cache, prices, ...).
        options: What to run.
        llm: An async structured LLM to use instead of the configured endpoint (tests).
        reporter: Where document events go; nothing is reported when None.
        clock: Wall clock for the manifest (tests).
    """

    def __init__(
        self,
        settings: Settings,
        options: BatchOptions,
        *,
        llm: AsyncStructuredLLM | None = None,
        reporter: Reporter | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.options = options
        self.reporter = reporter or Reporter()
        self._clock = clock
        self._llm: AsyncStructuredLLM | None = llm
        self._own_llm = llm is None
        self._server: Any = None
        self._llm_lock = asyncio.Lock()
        self.limiter = RateLimiter(rpm=options.rpm, tpm=options.tpm)
        self.cache = SummaryCache(settings.cache_dir, enabled=settings.use_cache)
        backend = "fake" if llm is not None else settings.backend
        self._summarizer = Summarizer(settings, cache=self.cache, backend=backend)
        self._backend = backend
        concurrency = options.concurrency or (1 if settings.embedded and llm is None else 8)
        self.concurrency = max(1, concurrency)
        self.report = RunReport(
            started_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            inbox=str(options.inbox),
            out=str(options.out),
            model=settings.model_name,
            backend=backend,
            concurrency=self.concurrency,
            dry_run=options.dry_run,
        )
        self._manifest: Manifest | None = None
        self._fatal: SummarizerError | None = None
        self._stop_new: str | None = None
        self._reserved_usd = 0.0
        self._deferred: list[tuple[str, Document]] = []
        self._completion_seen = 0
        self._requests_seen = 0
        self._crash: BaseException | None = None
        self._cpu: CpuLane | None = None
        self._started = time.monotonic()
        # The circuit breaker: documents in a row that failed on the endpoint, and the tasks
        # whose requests are out (stopped at once when it trips).
        self._failing = 0
        self._broken = False
        self._asking: set[asyncio.Task[Any]] = set()
        self._finishing = asyncio.Semaphore(1)  # sized to the concurrency by _run
        self._requesting = asyncio.Semaphore(1)  # sized to the concurrency by _run
        # Batches (see `engine`): used when asked for, or while the ledger holds requests.
        self._ledger: Ledger | None = None
        self._engine: BatchEngine | None = None
        self._batched: BatchedLLM | None = None
        # Texts (doc_id) with a request waiting for a batch: their documents, under any name,
        # wait without being planned again.
        self._waiting: set[str] = set()

    # -- the CPU lane ----------------------------------------------------------------------

    async def _plan(self, fn: Callable[[], R]) -> R:
        """Planning (the finders, the prompt) on the CPU lane, ahead of any grounding."""
        return await self._on_lane(PLAN, fn)

    @property
    def _has_lane(self) -> bool:
        """Whether CPU work goes to the lane's thread. Not with one document at a time: the
        loop has nothing to do meanwhile, so the hand-over to a thread (2 to 5 ms a document
        when the thread runs on another core) buys nothing; `fn` then runs on the loop."""
        return self.concurrency > 1

    async def _on_lane(self, priority: int, fn: Callable[[], R]) -> R:
        if not self._has_lane:
            return fn()
        if self._cpu is None:
            self._cpu = CpuLane()
        return await asyncio.wrap_future(self._cpu.submit(priority, fn))

    # -- backend ---------------------------------------------------------------------------

    async def _get_llm(self) -> AsyncStructuredLLM:
        async with self._llm_lock:
            if self._fatal is not None:
                raise _Stop()
            if self._llm is None:
                s = self.settings
                base_url = s.base_url
                if s.embedded:
                    from summarizer.model.local import EmbeddedServer

                    server = EmbeddedServer(n_ctx=s.n_ctx, threads=s.threads, seed=s.seed)
                    self._server = server
                    await asyncio.to_thread(server.start)
                    base_url = server.base_url
                llm = AsyncOpenAILLM(
                    **client_args(s, base_url=base_url),
                    limiter=self.limiter,
                    max_wait_s=self.options.max_wait_s,
                )
                self._llm = llm
                if not s.embedded:
                    await llm.probe()
            return self._llm

    async def _doc_llm(self) -> AsyncStructuredLLM:
        """Who answers a document's requests: the endpoint, or (batches in use) the ledger,
        with the endpoint behind it for what a batch answered invalidly."""
        if self._engine is None or self._ledger is None:
            return await self._get_llm()
        if self._batched is None:
            options = self.options
            s = self.settings
            self._batched = BatchedLLM(
                lookup=self._ledger.lookup,
                online=None if options.collect_only else self._get_llm,
                queue_new=self._batching or options.collect_only,
                **client_args(s, base_url=s.base_url),
            )
        return self._batched

    @property
    def _batching(self) -> bool:
        """Whether this run puts new requests in batches."""
        return self.options.batch or self.options.batch_file is not None

    def _batch_api(self) -> BatchAPI:
        s = self.settings
        return BatchAPI(
            base_url=s.base_url, api_key=s.api_key, timeout_s=s.timeout_s, max_retries=s.max_retries
        )

    async def _start_batches(self) -> None:
        """Open the ledger; with batches in use, advance them (collect what ended)."""
        options = self.options
        ledger = Ledger(options.out, clock=self._clock)
        if not (self._batching or options.collect_only or ledger.in_use()):
            ledger.close()
            return
        if self.settings.embedded and self._own_llm and self._batching:
            ledger.close()
            raise ConfigError(
                "--batch and --batch-file need an endpoint's model: set OPENAI_BASE_URL "
                "(the embedded model has no batch engine)"
            )
        self._ledger = ledger
        self._engine = BatchEngine(
            ledger,
            self._batch_api,
            out=options.out,
            inbox=options.inbox.resolve(),
            url=options.batch_url,
            max_requests=options.batch_max_requests,
            max_bytes=options.batch_max_bytes,
        )
        try:
            await asyncio.to_thread(self._engine.advance)
        except (BackendError, ConfigError) as e:
            self._fatal = e
        self._waiting = ledger.waiting()

    async def _end_batches(self) -> None:
        """Send what this run queued: new batches, or the --batch-file."""
        engine, options = self._engine, self.options
        if engine is None or self._fatal is not None or self._crash is not None:
            return
        try:
            if options.batch_file is not None:
                await asyncio.to_thread(engine.export, options.batch_file)
            elif options.batch:
                await asyncio.to_thread(engine.submit)
        except (BackendError, ConfigError) as e:
            self._fatal = e
        engine.count_open()

    @property
    def requests_sent(self) -> int:
        """HTTP requests the run's own client sent (0 with an injected LLM)."""
        stats = getattr(self._llm, "stats", None)
        return int(getattr(stats, "requests", 0)) if self._own_llm else 0

    async def _close_backend(self) -> None:
        if self._own_llm and self._llm is not None:
            closer = getattr(self._llm, "aclose", None)
            if closer is not None:
                with contextlib.suppress(Exception):
                    await closer()
        if self._server is not None:
            self._server.stop()
            self._server = None

    # -- estimates -------------------------------------------------------------------------

    def estimate_tokens(self, document: Document) -> tuple[int, int]:
        """(prompt, completion) tokens one document may take: completion at its upper bound
        (`max_tokens` per chunk) until the run has seen answers, then their mean."""
        max_chars = max(1000, int(self._summarizer.chunk_tokens() * CHARS_PER_TOKEN))
        chunks = max(1, math.ceil(len(document.text) / max_chars))
        prompt = chunks * PROMPT_OVERHEAD_TOKENS + int(len(document.text) / CHARS_PER_TOKEN)
        per_request = self.settings.max_tokens
        if self._requests_seen:
            per_request = math.ceil(self._completion_seen / self._requests_seen)
        return prompt, chunks * per_request

    def _reserve(self, document: Document) -> float | None:
        """Book the estimated cost of one document against the budget; None if it would not fit."""
        prompt, completion = self.estimate_tokens(document)
        cost = self.settings.cost_usd(prompt, completion)
        budget = self.options.budget_usd
        if budget is not None and self.report.cost_usd + self._reserved_usd + cost > budget:
            return None
        self._reserved_usd += cost
        return cost

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

    def _count(self, kind: str, chars: int = 0) -> None:
        """One document (of `chars` characters) reached `kind`."""
        self.report.counts[kind] += 1
        self.reporter.advance(self.report.counts, chars, timed=kind in _ASKED)

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

    async def _guarded(
        self, manifest: Manifest, key: str, doc: Document, slots: asyncio.Semaphore
    ) -> None:
        slot = _Slot(slots)
        try:
            await self._process(manifest, key, doc, slot)
        except _Stop:
            manifest.release(key)
        except asyncio.CancelledError:
            manifest.release(key)
            raise
        except BaseException:
            manifest.release(key)
            raise
        finally:
            slot.release()

    async def _process(self, manifest: Manifest, key: str, doc: Document, slot: _Slot) -> None:
        t0 = time.perf_counter()
        doc_id = doc.doc_id
        claim = manifest.claim(
            key,
            name=doc.name,
            doc_id=doc_id,
            source_path=doc.source.path or key,
            record_id=doc.source.record_id,
            share_failures=not self.options.retry_failed,
        )
        if claim.outcome == "busy":
            self._deferred.append((key, doc))
            return
        row = claim.row
        assert row is not None
        if claim.outcome == "done":
            self._count("skipped", len(doc.text))
            return
        if claim.outcome == "claimed" and doc_id in self._waiting:
            # The same text under another name was queued in this run.
            manifest.release(key)
            self._count("batched", len(doc.text))
            return
        if claim.outcome == "duplicate":
            if row.status == "failed":
                self.report.failed_names.append(row.name)
                self._count("failed", len(doc.text))
                self.reporter.event("failed", **self._fields(row, doc), error=row.error)
            else:
                self._count("duplicate", len(doc.text))
                self.reporter.event("duplicate", **self._fields(row, doc), of=row.duplicate_of)
            return
        name = row.name
        output = f"{name}.json"
        target = self.options.out / output
        adopted = _adopt(target, doc_id)
        if adopted is not None:
            m = adopted.meta
            manifest.mark_done(
                key,
                output=output,
                prompt_tokens=m.prompt_tokens,
                completion_tokens=m.completion_tokens,
                cost_usd=m.cost_usd,
                elapsed_s=m.elapsed_s,
                cache_hit=m.cache_hit,
            )
            self._count("repaired", len(doc.text))
            self.reporter.event("repaired", **self._fields(row, doc))
            return

        cache_key = self._summarizer.key_for(doc)
        drafts = self.cache.get(cache_key, Drafts)
        cache_hit = drafts is not None
        spent = Drafts(strategy=self.settings.strategy)
        if drafts is None:
            # The chunks answered before a kill or a failed chunk are not asked again.
            partial = PartialAnswers(self.cache, cache_key)
            if self._stopping():
                manifest.release(key)
                self._count("left", len(doc.text))
                return
            reserved = self._reserve(doc)
            if reserved is None:
                self._stop_new = f"budget of ${self.options.budget_usd:g} reached"
                manifest.release(key)
                self._count("left", len(doc.text))
                return
            asking = asyncio.current_task()
            assert asking is not None
            self._asking.add(asking)
            try:
                llm = await self._doc_llm()
                drafts = await arequest_drafts(
                    doc,
                    llm,
                    max_tokens=self.settings.max_tokens,
                    chunk_tokens=self._summarizer.chunk_tokens(),
                    strategy=self.settings.strategy,
                    drafts=spent,
                    offload=self._plan,
                    gate=self._requesting if self.concurrency > 1 else None,
                    # With batches the ledger keeps every answer (and its tokens, counted when
                    # the document is written); a chunk kept here would be counted never.
                    on_answer=partial.keep if self._engine is None else None,
                    resume=partial.earlier,
                )
            except (BackendError, ConfigError) as e:
                self._fatal = e
                raise _Stop() from e
            except (ExtractionError, RetryLaterError) as e:
                self._failed(manifest, key, row, doc, e, spent, t0)
                return
            except Waiting as w:
                self._wait_for_batch(manifest, key, row, doc, w)
                return
            except asyncio.CancelledError:
                if not self._broken:
                    raise
                # Stopped by the circuit breaker (`_failed`): left for the next run.
                asking.uncancel()
                manifest.release(key)
                self._spend(spent)
                self._count("left", len(doc.text))
                return
            finally:
                self._asking.discard(asking)
                self._reserved_usd -= reserved
            self._failing = 0  # the endpoint answered
            # Cached at once, before anything else is awaited: a run killed from here on costs
            # the rerun no request for this document, however long the grounding queue is.
            partial.store(drafts)
            self._spend(spent)

        # The answer is in: the slot goes to the next document's request while this one is
        # grounded and written, at most `concurrency` of them at once.
        async with self._finishing:
            slot.release()
            await self._finish(manifest, key, row, doc, drafts, spent, cache_hit, output, t0)

    async def _finish(
        self,
        manifest: Manifest,
        key: str,
        row: Row,
        doc: Document,
        drafts: Drafts,
        spent: Drafts,
        cache_hit: bool,
        output: str,
        t0: float,
    ) -> None:
        """Ground the answers, write the output, then commit the row as done. Grounding and
        the write are one job on the CPU lane, off the event loop that reads every response.
        With one document at a time (no lane) grounding runs on the loop and the file is
        written on a thread, so that the next request goes out meanwhile."""
        target = self.options.out / output
        spent_now = Drafts(strategy=drafts.strategy) if cache_hit else spent
        build = functools.partial(
            self._summarizer.build_summary,
            doc,
            drafts,
            spent=spent_now,
            cache_hit=cache_hit,
            elapsed_s=time.perf_counter() - t0,
        )

        on_lane = self._has_lane

        def finish() -> tuple[Summary, str]:
            summary, text = _with_json(build())
            if on_lane:
                atomic_write_text(target, text)
            return summary, text

        # Output first, fsynced; the row only once the file is in place.
        summary, text = await self._on_lane(GROUND, finish)
        if not on_lane:
            await asyncio.to_thread(atomic_write_text, target, text)
        cost = summary.meta.cost_usd
        elapsed = summary.meta.elapsed_s
        manifest.mark_done(
            key,
            output=output,
            prompt_tokens=spent_now.prompt_tokens,
            completion_tokens=spent_now.completion_tokens,
            cost_usd=cost,
            elapsed_s=elapsed,
            cache_hit=cache_hit,
        )
        kind: EventKind = "cached" if cache_hit else "done"
        self._count(kind, len(doc.text))
        self.reporter.event(
            kind,
            **self._fields(row, doc),
            tokens=spent_now.prompt_tokens + spent_now.completion_tokens,
            cost_usd=cost,
            elapsed_s=elapsed,
            warnings=len(summary.meta.warnings) or None,
        )

    def _wait_for_batch(
        self, manifest: Manifest, key: str, row: Row, doc: Document, waiting: Waiting
    ) -> None:
        """Queue the requests new to the ledger (none in a collect-only run: the document is
        left), and leave the document for the run that finds its answers in."""
        assert self._engine is not None and self._ledger is not None
        manifest.release(key)
        new = [(i, p.custom_id, p.body) for i, p in waiting.pending if p.new]
        if new and self.options.collect_only:
            self._count("left", len(doc.text))
            return
        if new:
            self._engine.report.queued += self._ledger.queue(key, doc.doc_id, new)
            self._waiting.add(doc.doc_id)
        self._count("batched", len(doc.text))
        self.reporter.event("batched", **self._fields(row, doc), requests=len(waiting.pending))

    def _spend(self, spent: Drafts, prompt_tokens: int = 0, completion_tokens: int = 0) -> float:
        p = spent.prompt_tokens + prompt_tokens
        c = spent.completion_tokens + completion_tokens
        cost = self.settings.cost_usd(
            p,
            c,
            batch_prompt_tokens=spent.batch_prompt_tokens,
            batch_completion_tokens=spent.batch_completion_tokens,
        )
        self.report.prompt_tokens += p
        self.report.completion_tokens += c
        self.report.cost_usd = round(self.report.cost_usd + cost, 6)
        self._requests_seen += max(spent.attempts, len(spent.answers))
        self._completion_seen += spent.completion_tokens
        return cost

    def _failed(
        self,
        manifest: Manifest,
        key: str,
        row: Row,
        doc: Document,
        error: ExtractionError | RetryLaterError,
        spent: Drafts,
        t0: float,
    ) -> None:
        pt = getattr(error, "prompt_tokens", 0)
        ct = getattr(error, "completion_tokens", 0)
        cost = self._spend(spent, pt, ct)
        elapsed = round(time.perf_counter() - t0, 4)
        prompt_tokens = spent.prompt_tokens + pt
        completion_tokens = spent.completion_tokens + ct
        message = error.message
        if isinstance(error, RetryLaterError) and error.transient:
            self._count_failing(message)
        else:
            self._failing = 0  # the endpoint answered, if not as hoped
        if isinstance(error, RetryLaterError) and row.attempts < MAX_ATTEMPTS:
            wait = error.retry_after
            manifest.mark_failed(
                key,
                message,
                status="retry_later",
                retry_at=self._clock() + wait if wait else None,
                cost_usd=cost,
                elapsed_s=elapsed,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
            )
            if wait > self.options.max_wait_s and not self._stop_new:
                self._stop_new = (
                    f"the endpoint asked to wait {wait:g} s, longer than --max-wait "
                    f"{self.options.max_wait_s:g} s"
                )
            self.report.retry_later_names.append(row.name)
            self._count("retry_later", len(doc.text))
            self.reporter.event("retry_later", **self._fields(row, doc), error=message)
            return
        if isinstance(error, RetryLaterError):
            message = f"gave up after {row.attempts} attempts: {message}"
        manifest.mark_failed(
            key,
            message,
            cost_usd=cost,
            elapsed_s=elapsed,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
        )
        self.report.failed_names.append(row.name)
        self._count("failed", len(doc.text))
        self.reporter.event("failed", **self._fields(row, doc), error=message)

    def _stopping(self) -> bool:
        """Whether documents not yet asked for stay for the next run (budget, rate limit,
        circuit breaker, or the run's --deadline, which is checked here)."""
        deadline = self.options.deadline_s
        if (
            not self._stop_new
            and deadline is not None
            and time.monotonic() - self._started >= deadline
        ):
            self._stop_new = f"the run's --deadline of {deadline:g} s passed"
        return bool(self._stop_new)

    def _count_failing(self, message: str) -> None:
        """One more document failed on the endpoint; at the breaker's threshold the run stops
        asking: no new document, and the requests out now are stopped (not retried: the two
        retry layers stay the only ones), their documents left for the next run."""
        self._failing += 1
        if self._broken or self._failing < self.options.breaker:
            return
        self._broken = True
        self._stop_new = (
            f"circuit breaker: {self._failing} documents in a row failed on the endpoint "
            f"(last: {message}); the rest are left for the next run"
        )
        current = asyncio.current_task()
        for task in list(self._asking):
            if task is not current:
                task.cancel()

    @staticmethod
    def _fields(row: Row, doc: Document) -> dict[str, Any]:
        return {
            "name": row.name,
            "path": doc.source.path,
            "record_id": doc.source.record_id,
            "doc_id": row.doc_id,
        }

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


class _Slot:
    """A document's place among the `concurrency` waiting for the model, given back once."""

    def __init__(self, slots: asyncio.Semaphore) -> None:
        self._slots: asyncio.Semaphore | None = slots

    def release(self) -> None:
        if self._slots is not None:
            self._slots.release()
            self._slots = None


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


def _with_json(summary: Summary) -> tuple[Summary, str]:
    return summary, summary_json(summary)


def _adopt(target: Path, doc_id: str) -> Summary | None:
    """The summary already at `target` if it is valid and of this very text (a killed run's)."""
    try:
        raw = target.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError, IsADirectoryError):
        return None
    try:
        summary = Summary.model_validate_json(raw)
    except ValueError:
        return None
    return summary if summary.doc_id == doc_id else None


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
