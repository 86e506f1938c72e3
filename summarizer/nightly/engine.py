"""A run's dealings with a batch engine: send what the ledger queued, bring back what it answered.

`summarizer run --batch` plans every new document as an online run would, but each request the
model has not answered yet goes into the ledger's queue (see `ledger`) instead of to the
endpoint. At the end of the run `BatchEngine.submit` writes the queue as input files (split at
the provider's limits), uploads each, creates its batch and writes the ids down at every step.
The next run (with or without --batch) starts with `BatchEngine.advance`: it looks at every open
batch and, once one has ended, streams its output and error files into the ledger; the documents
whose answers are all in are then grounded and written as online ones.

A kill loses nothing and asks nothing twice:
- killed before an upload: the submission is `planned`; the next run writes and uploads it;
- during the upload: it is `uploading`; the next run looks for the file at the provider by its
  name (`BatchAPI.find_file`) and uploads it only if it is not there;
- after the upload, before the batch id is written down: the submission is `uploaded`; the next
  run looks for a batch over that file (`BatchAPI.find`) and creates one only if there is none;
- while collecting: the answers are stored in one transaction; the next run collects again.

`--batch-file F` writes the queue to F for another engine (`vllm run-batch`) instead, and
`summarizer collect OUT F.out` stores the answers of its output file (`BatchEngine.ingest`).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.core.errors import ConfigError
from summarizer.model.batchapi import CHAT_URL, BatchAPI, BatchState
from summarizer.nightly.ledger import (
    EXPORTED,
    PLANNED,
    UPLOADED,
    UPLOADING,
    Ledger,
    Submission,
)

# OpenAI's and Azure OpenAI's limits per input file (50,000 requests, 200 MB), with room to spare.
MAX_REQUESTS = 50_000
MAX_BYTES = 190 * 1000 * 1000

_WHY_UNANSWERED = {
    "completed": "the batch ended without answering it",
    "expired": "the batch expired (24 h window) before answering it",
    "cancelled": "the batch was cancelled before answering it",
    "failed": "the batch failed",
}


@dataclass
class BatchReport:
    """What a run did with batches (part of the run report).

    Attributes:
        queued: Requests this run put in the queue.
        submitted: Requests this run sent in new batches (or wrote to --batch-file).
        batches: Batches this run created (or files it wrote).
        collected: Answers this run brought back.
        errors: Lines of output or error files that answered with an error.
        ended: Batches seen ending, by the provider's status.
        open: Batches still running at the end of the run.
        requests: Requests per state in the ledger at the end of the run.
        files: Input files written for another engine.
    """

    queued: int = 0
    submitted: int = 0
    batches: int = 0
    collected: int = 0
    errors: int = 0
    ended: dict[str, int] = field(default_factory=dict)
    open: int = 0
    requests: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


class BatchEngine:
    """The batch side of one run over an OUT folder.

    Args:
        ledger: The OUT folder's ledger.
        api: Makes the provider's client on first use (a run that only reads its ledger needs
            none).
        out: The OUT folder (input files are written under OUT/batches/ until uploaded).
        inbox: The run's inbox, kept with each submission for `summarizer collect`.
        url: The `url` of each request line and the batch's endpoint (Azure: without /v1).
        max_requests: Requests per input file at most.
        max_bytes: Bytes per input file at most.
    """

    def __init__(
        self,
        ledger: Ledger,
        api: Callable[[], BatchAPI],
        *,
        out: Path,
        inbox: Path | None,
        url: str = CHAT_URL,
        max_requests: int = MAX_REQUESTS,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.ledger = ledger
        self._make_api = api
        self._api: BatchAPI | None = None
        self.out = out
        self.inbox = inbox
        self.url = url
        self.max_requests = max_requests
        self.max_bytes = max_bytes
        self.report = BatchReport()

    @property
    def api(self) -> BatchAPI:
        if self._api is None:
            self._api = self._make_api()
        return self._api

    @property
    def requests_sent(self) -> int:
        """HTTP requests sent to the Files and Batches API."""
        return self._api.requests if self._api is not None else 0

    def close(self) -> None:
        if self._api is not None:
            self._api.close()

    # -- sending ---------------------------------------------------------------------------

    def submit(self) -> None:
        """Send the queue: new submissions within the limits, each uploaded and started."""
        inbox = str(self.inbox) if self.inbox is not None else None
        made = self.ledger.plan(
            target="api",
            inbox=inbox,
            max_requests=self.max_requests,
            max_bytes=self.max_bytes,
            url=self.url,
        )
        for sub_id in made:
            sub = self.ledger.submission(sub_id)
            self.report.submitted += sub.requests
            self.report.batches += 1
            self._send(sub)

    def export(self, path: Path) -> None:
        """Write the queue to `path` for another engine (one file, no limits)."""
        inbox = str(self.inbox) if self.inbox is not None else None
        made = self.ledger.plan(
            target=str(path), inbox=inbox, max_requests=None, max_bytes=None, url=self.url
        )
        if not made:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        for i, sub in enumerate(made):
            self.report.submitted += self.ledger.write_input(sub, tmp, url=self.url, append=i > 0)
            self.report.batches += 1
        tmp.replace(path)
        self.report.files.append(str(path))

    def _send(self, sub: Submission) -> None:
        """Take a submission as far as it goes: written, uploaded, its batch created."""
        if sub.status in (PLANNED, UPLOADING):
            folder = self.out / "batches"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{sub.id}.jsonl"
            # A run killed during the upload may have left the file at the provider.
            file_id = self.api.find_file(path.name) if sub.status == UPLOADING else None
            if file_id is None:
                self.ledger.write_input(sub.id, path, url=self.url)
                self.ledger.update(sub.id, status=UPLOADING)
                file_id = self.api.upload(path)
            self.ledger.update(sub.id, status=UPLOADED, input_file_id=file_id)
            sub = self.ledger.submission(sub.id)
            with contextlib.suppress(FileNotFoundError):
                path.unlink()  # the provider holds it now
        if sub.status == UPLOADED and sub.input_file_id is not None:
            batch = self.api.find(sub.input_file_id)
            if batch is None:
                batch = self.api.create(
                    sub.input_file_id, url=self.url, metadata={"summarizer_submission": sub.id}
                )
            self.ledger.update(sub.id, status=batch.status, batch_id=batch.id)

    # -- bringing back ---------------------------------------------------------------------

    def advance(self) -> None:
        """Look at every open submission: send what a killed run left unsent, collect the
        batches that ended."""
        for sub in self.ledger.submissions(open_only=True):
            if sub.status == EXPORTED:
                continue  # waits for `summarizer collect`
            if sub.status in (PLANNED, UPLOADING, UPLOADED):
                self._send(sub)
                sub = self.ledger.submission(sub.id)
            if sub.batch_id is None:
                continue
            batch = self.api.retrieve(sub.batch_id)
            if not batch.ended:
                if batch.status != sub.status:
                    self.ledger.update(sub.id, status=batch.status)
                continue
            self._collect(sub, batch)
        self.count_open()

    def _collect(self, sub: Submission, batch: BatchState) -> None:
        self.ledger.update(
            sub.id,
            output_file_id=batch.output_file_id,
            error_file_id=batch.error_file_id,
            error=batch.errors,
        )
        reason = _WHY_UNANSWERED.get(batch.status, f"the batch ended {batch.status}")
        if batch.errors:
            reason = f"{reason}: {batch.errors}"
        files = [f for f in (batch.output_file_id, batch.error_file_id) if f]
        lines: Iterator[bytes] = itertools.chain.from_iterable(self.api.lines(f) for f in files)
        got = self.ledger.collect(sub.id, lines, status=batch.status, reason=reason)
        self.report.collected += got.answered
        self.report.errors += got.errors
        self.report.ended[batch.status] = self.report.ended.get(batch.status, 0) + 1

    def ingest(self, path: Path) -> None:
        """Store the answers of an output file made elsewhere; the requests of the submissions
        it answers that it leaves unanswered go back to the queue."""
        try:
            with path.open("rb") as f:
                got = self.ledger.collect(
                    None, f, status="completed", reason=f"{path.name} did not answer it"
                )
        except OSError as e:
            raise ConfigError(f"cannot read the output file: {e.strerror}", path=str(path)) from e
        if got.invalid and not got.answered and not got.errors:
            raise ConfigError(
                f"not a batch output file ({got.invalid} lines without custom_id and response)",
                path=str(path),
            )
        self.report.collected += got.answered
        self.report.errors += got.errors
        self.count_open()

    def count_open(self) -> None:
        """Note in the report the submissions still open and the requests per state."""
        self.report.open = len(self.ledger.submissions(open_only=True))
        self.report.requests = self.ledger.counts()
