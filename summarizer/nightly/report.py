"""What a nightly run is asked to do and what it did: `BatchOptions` and `RunReport`.

`BatchOptions` holds the options of `summarizer run` (and of `summarizer collect`, which is a run
that asks nothing new); `RunReport` counts each document's outcome, the requests, tokens and cost
of one run, prints the run's closing line and is written to OUT/run-<timestamp>.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.core.errors import EXIT_OK
from summarizer.model.batchapi import CHAT_URL
from summarizer.model.client import CLIENT_MAX_RETRY_AFTER_S
from summarizer.nightly.engine import MAX_BYTES, MAX_REQUESTS


@dataclass
class BatchOptions:
    """What `summarizer run` was asked to do.

    Attributes:
        inbox: Folder (or single file) to summarize.
        out: Output folder; holds the outputs, manifest.sqlite and run-<timestamp>.json.
        concurrency: Documents waiting for the model at once (its requests in flight); as
            many more may be planned and waiting for their turn, and as many more being
            grounded and written; None: 1 for the embedded model, 8 otherwise.
        rpm: Client-side limit of requests per minute (every attempt counts).
        tpm: Client-side limit of tokens per minute (estimated, corrected after each answer).
        budget_usd: Stop starting documents once the next would take spending past this.
        dry_run: Count documents and estimate tokens and cost; send nothing, write nothing.
        retry_failed: Try the failed documents (the dead-letter list) again.
        max_wait_s: Longest Retry-After waited out (at most 120 s, the client's own limit).
        deadline_s: Seconds after the start past which the run starts no document (the rest
            are left for the next run); None: no limit.
        breaker: Documents in a row that fail on the endpoint (5xx, timeouts, after the
            client's retries) before the run stops asking (the circuit breaker).
        batch: Requests not answered yet go to the provider's Batch API (see `engine`).
        batch_file: Write them to this file for another engine instead of uploading.
        collect_only: Ask nothing new, online or in a batch: write what batches answered.
        batch_url: The request lines' `url` and the batch's endpoint (Azure: without /v1).
        batch_max_requests: Requests per batch input file at most.
        batch_max_bytes: Bytes per batch input file at most.
    """

    inbox: Path
    out: Path
    concurrency: int | None = None
    rpm: float | None = None
    tpm: float | None = None
    budget_usd: float | None = None
    dry_run: bool = False
    retry_failed: bool = False
    max_wait_s: float = CLIENT_MAX_RETRY_AFTER_S
    deadline_s: float | None = None
    breaker: int = 5
    batch: bool = False
    batch_file: Path | None = None
    collect_only: bool = False
    batch_url: str = CHAT_URL
    batch_max_requests: int = MAX_REQUESTS
    batch_max_bytes: int = MAX_BYTES


@dataclass
class RunReport:
    """What one run did; written to OUT/run-<timestamp>.json.

    Counts: `done` (summarized by the model), `cached` (from cached drafts), `duplicate` (same
    text as another document), `repaired` (output found from a killed run), `skipped` (done
    before), `failed` (this run), `failed_earlier` (failed before, not retried), `retry_later`
    (this run), `waiting` (a Retry-After not yet over), `left` (not started: budget, stop) and
    `busy` (held by another run to the end), `batched` (waiting for a batch's answers). `batch`
    says what the run did with batches (`engine.BatchReport`), when it used any.
    """

    started_at: str
    inbox: str
    out: str
    model: str
    backend: str
    concurrency: int
    dry_run: bool = False
    documents: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            (
                "done",
                "cached",
                "duplicate",
                "repaired",
                "skipped",
                "failed",
                "failed_earlier",
                "retry_later",
                "waiting",
                "left",
                "busy",
                "batched",
            ),
            0,
        )
    )
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    estimated_prompt_tokens: int = 0
    estimated_completion_tokens: int = 0
    estimated_cost_usd: float = 0.0
    elapsed_s: float = 0.0
    stopped: str | None = None
    exit_code: int = EXIT_OK
    failed_names: list[str] = field(default_factory=list)
    retry_later_names: list[str] = field(default_factory=list)
    report_path: str | None = None
    disk_full: bool = False
    batch: dict[str, Any] | None = None

    def line(self) -> str:
        """The one-line summary printed at the end of a run."""
        c = self.counts
        if self.dry_run:
            todo = self.documents - c["skipped"] - c["failed_earlier"] - c["waiting"] - c["failed"]
            return (
                f"dry run: {self.documents} documents, {c['skipped']} done, "
                f"{c['failed_earlier']} failed earlier, {c['failed']} unreadable, "
                f"{todo} to summarize "
                f"({c['cached']} from cache) · about {self.estimated_prompt_tokens:,} prompt + "
                f"at most {self.estimated_completion_tokens:,} completion tokens · at most "
                f"${self.estimated_cost_usd:.4f} ({self.model}"
                f"{', batch prices' if self.batch is not None else ''}) · no request sent"
            )
        summarized = c["done"] + c["cached"] + c["repaired"]
        parts = [
            f"{self.documents} documents",
            f"{summarized} summarized ({c['cached']} from cache, {c['repaired']} repaired)",
            f"{c['duplicate']} duplicates",
            f"{c['skipped']} already done",
            f"{c['failed']} failed",
        ]
        if c["failed_earlier"]:
            parts.append(f"{c['failed_earlier']} failed earlier")
        later = c["retry_later"] + c["waiting"] + c["left"] + c["busy"]
        parts.append(f"{later} for a later run")
        if self.batch is not None:
            b = self.batch
            sent = (
                f"{b['submitted']} requests written to {', '.join(b['files'])}"
                if b.get("files")
                else f"{b['submitted']} requests sent in {b['batches']} new"
            )
            parts.append(
                f"{c['batched']} waiting for batches ({sent}, {b['collected']} answers "
                f"collected, {b['open']} open)"
            )
        text = (
            f"run: {', '.join(parts)} · {self.requests} requests · "
            f"{self.prompt_tokens + self.completion_tokens:,} tokens · ${self.cost_usd:.4f} · "
            f"{self.elapsed_s:.1f} s · exit {self.exit_code}"
        )
        return text + (f" ({self.stopped})" if self.stopped else "")
