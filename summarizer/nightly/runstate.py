"""What one nightly run holds and counts, under the parts that drive it.

`RunState` is the base of `BatchRunner` (see `runner`): the run's settings and options, its
report and counts, the endpoint (or the embedded model) that answers its requests, the CPU lane
that plans and grounds off the event loop, and the run's money: what a document may cost
(`estimate_tokens`, `_reserve`, against --budget) and what it did cost (`_spend`). It also
decides when the run starts no new document (`_stopping`: budget, rate limit, circuit breaker,
--deadline). What it holds is set up here once; `batch_hooks`, `document` and `runner` add the
steps that use it.

`StopRun` is raised where the endpoint cannot serve (a refused key, an endpoint that cannot be
reached): the run stops and marks nothing (exit 2).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

from summarizer.core.config import Settings
from summarizer.core.errors import SummarizerError
from summarizer.extract.requests import CHARS_PER_TOKEN, Drafts
from summarizer.model.batchapi import BatchedLLM
from summarizer.model.client import AsyncOpenAILLM, AsyncStructuredLLM
from summarizer.model.local import EmbeddedServer
from summarizer.model.ratelimit import RateLimiter
from summarizer.nightly.engine import BatchEngine
from summarizer.nightly.lane import PLAN, CpuLane
from summarizer.nightly.ledger import Ledger
from summarizer.nightly.manifest import Manifest
from summarizer.nightly.manifest_table import Row
from summarizer.nightly.progress import Reporter
from summarizer.nightly.report import BatchOptions, RunReport
from summarizer.pipeline import PROMPT_OVERHEAD_TOKENS, Summarizer, client_args
from summarizer.read.documents import Document
from summarizer.store.cache import SummaryCache

R = TypeVar("R")

# Outcomes for which the model was asked (where a run's time goes, for the ETA).
_ASKED = frozenset({"done", "failed", "retry_later"})


class StopRun(Exception):
    """The endpoint cannot serve: stop the run (carries the BackendError/ConfigError)."""


class RunState:
    """The state of one run of the batch job over an inbox (see `runner.BatchRunner`).

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
        # Batches (see `batch_hooks`): used when asked for, or while the ledger holds requests.
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

    # -- the endpoint ----------------------------------------------------------------------

    async def _get_llm(self) -> AsyncStructuredLLM:
        async with self._llm_lock:
            if self._fatal is not None:
                raise StopRun()
            if self._llm is None:
                s = self.settings
                base_url = s.base_url
                if s.embedded:
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

    # -- the budget ------------------------------------------------------------------------

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

    # -- outcomes and stops ----------------------------------------------------------------

    def _count(self, kind: str, chars: int = 0) -> None:
        """One document (of `chars` characters) reached `kind`."""
        self.report.counts[kind] += 1
        self.reporter.advance(self.report.counts, chars, timed=kind in _ASKED)

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

    @staticmethod
    def _fields(row: Row, doc: Document) -> dict[str, Any]:
        return {
            "name": row.name,
            "path": doc.source.path,
            "record_id": doc.source.record_id,
            "doc_id": row.doc_id,
        }
