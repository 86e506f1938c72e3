"""Where a nightly run meets a batch engine: the hooks `BatchRunner` calls when batches are in use.

A run uses batches when asked for (`--batch`, `--batch-file`, or `summarizer collect`, which is a
run that asks nothing new) and whenever the ledger still holds requests of an earlier run. Then:

- at the start, `_start_batches` opens the ledger and advances the open batches (collects the
  answers of those that ended, see `engine`);
- each document's requests go to `_doc_llm`: the ledger's answers first, the endpoint behind
  them for an answer a batch gave invalidly, and new requests queued rather than sent;
- a document whose answers are not all in is left by `_wait_for_batch`: its new requests are
  queued in the ledger and the run that finds its answers in writes it;
- at the end, `_end_batches` sends what the run queued: new batches, or the --batch-file.

The embedded model has no batch engine: asking it for batches is a ConfigError.
"""

from __future__ import annotations

import asyncio

from summarizer.core.errors import BackendError, ConfigError
from summarizer.model.batchapi import BatchAPI, BatchedLLM
from summarizer.model.client import AsyncStructuredLLM
from summarizer.nightly.ask import Waiting
from summarizer.nightly.engine import BatchEngine
from summarizer.nightly.ledger import Ledger
from summarizer.nightly.manifest import Manifest
from summarizer.nightly.manifest_table import Row
from summarizer.nightly.runstate import RunState
from summarizer.pipeline import client_args
from summarizer.read.documents import Document


class BatchHooks(RunState):
    """The batch steps of a run (see the module docstring); the state is `RunState`'s."""

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
