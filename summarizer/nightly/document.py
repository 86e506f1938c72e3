"""One document's way through a nightly run: claim it, answer it, write it, record the outcome.

`DocumentRunner._guarded` takes one document the run found to process and, in order:

- claims it in the manifest (or counts it: done under this name, a duplicate of the same text
  under another, busy in another run or task, waiting for a batch);
- adopts a valid output of this very text that a killed run wrote but did not commit (no model
  call);
- takes its drafts from the cache, or asks the model (`ask`), within the budget and while the
  run is not stopping, caching the answers as soon as they arrive;
- grounds the drafts and writes OUT/<name>.json atomically, off the event loop (`_finish`), and
  only then marks the row done;
- or records why not: `failed` (the dead-letter list) or `retry_later` (after MAX_ATTEMPTS runs,
  `failed`); documents in a row that fail on the endpoint trip the circuit breaker, which stops
  the requests out now and leaves their documents for the next run.

A claim that reaches no outcome is released: the document is pending again for the next run.
"""

from __future__ import annotations

import asyncio
import functools
import time
from pathlib import Path

from summarizer.core.errors import BackendError, ConfigError, ExtractionError, RetryLaterError
from summarizer.core.schemas import Summary
from summarizer.extract.requests import Drafts
from summarizer.nightly.ask import Waiting, arequest_drafts
from summarizer.nightly.batch_hooks import BatchHooks
from summarizer.nightly.lane import GROUND
from summarizer.nightly.manifest import Manifest
from summarizer.nightly.manifest_table import Row
from summarizer.nightly.progress import EventKind
from summarizer.nightly.runstate import StopRun
from summarizer.pipeline import PartialAnswers
from summarizer.read.documents import Document
from summarizer.render.outputs import atomic_write_text, summary_json

# A document that hit `retry_later` this many times (runs) is given up as failed.
MAX_ATTEMPTS = 5


class DocumentRunner(BatchHooks):
    """The steps of one document (see the module docstring); `BatchRunner` runs many at once."""

    async def _guarded(
        self, manifest: Manifest, key: str, doc: Document, slots: asyncio.Semaphore
    ) -> None:
        slot = _Slot(slots)
        try:
            await self._process(manifest, key, doc, slot)
        except StopRun:
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
                raise StopRun() from e
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


class _Slot:
    """A document's place among the `concurrency` waiting for the model, given back once."""

    def __init__(self, slots: asyncio.Semaphore) -> None:
        self._slots: asyncio.Semaphore | None = slots

    def release(self) -> None:
        if self._slots is not None:
            self._slots.release()
            self._slots = None


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
