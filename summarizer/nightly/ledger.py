"""The batch ledger: every request handed to a batch engine, and its answer, in OUT/manifest.sqlite.

Two tables beside the manifest's `documents`:

    batch_requests     one row per request (`custom_id`, a hash of its body): the document and
                       chunk it is for, its body until answered, its state and its answer
    batch_submissions  one row per input file: where it went (the provider, or a file written
                       for another engine), its file and batch ids, and the provider's status

A request's states:

    queued     to go into the next batch
    submitted  in a submission (an input file; `submission` names it)
    answered   its answer (a chat completion body) is in
    failed     given up after MAX_TRIES batches (`error` says why)

Every change is a transaction, so a run killed at any point leaves each request in exactly one
state: a submitted request is in exactly one submission, and a submission's unanswered requests
go back to the queue only once all its answers are stored.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.model.batchapi import Stored, request_line
from summarizer.nightly.database import (
    MANIFEST_NAME,
    connect,
    until_unlocked,
    write_transaction,
)

# A request that came back unanswered from this many batches is given up.
MAX_TRIES = 3
# Output lines stored per transaction.
COLLECT_STEP = 1000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batch_requests (
    custom_id   TEXT PRIMARY KEY,
    source_key  TEXT NOT NULL,
    doc_id      TEXT NOT NULL,
    chunk       INTEGER NOT NULL,
    state       TEXT NOT NULL,
    submission  TEXT,
    body        BLOB,
    answer      BLOB,
    error       TEXT,
    tries       INTEGER NOT NULL DEFAULT 0,
    created_at  REAL NOT NULL,
    updated_at  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS batch_requests_state ON batch_requests (state);
CREATE INDEX IF NOT EXISTS batch_requests_submission ON batch_requests (submission);
CREATE TABLE IF NOT EXISTS batch_submissions (
    id              TEXT PRIMARY KEY,
    target          TEXT NOT NULL,
    inbox           TEXT,
    status          TEXT NOT NULL,
    requests        INTEGER NOT NULL,
    bytes           INTEGER NOT NULL,
    input_file_id   TEXT,
    batch_id        TEXT,
    output_file_id  TEXT,
    error_file_id   TEXT,
    error           TEXT,
    created_at      REAL NOT NULL,
    updated_at      REAL NOT NULL
);
"""

# Submission statuses of the tool's own (the provider's follow once a batch exists).
PLANNED = "planned"  # requests assigned, nothing sent
UPLOADING = "uploading"  # the input file is being uploaded (a kill leaves it unknown)
UPLOADED = "uploaded"  # the input file is at the provider, no batch yet
EXPORTED = "exported"  # written for another engine (`--batch-file`)
COLLECTED = "collected"  # its answers are in; nothing more to do


@dataclass(frozen=True)
class Submission:
    """One input file and what became of it."""

    id: str
    target: str  # "api", or the path of an exported file
    inbox: str | None
    status: str
    requests: int
    bytes: int
    input_file_id: str | None
    batch_id: str | None
    output_file_id: str | None
    error_file_id: str | None
    error: str | None


_SUBMISSION_COLUMNS = (
    "id, target, inbox, status, requests, bytes, input_file_id, batch_id, output_file_id, "
    "error_file_id, error"
)


@dataclass
class Ingested:
    """What one output (or error) file brought."""

    answered: int = 0
    errors: int = 0
    unknown: int = 0  # lines of no request of this ledger (or already answered)
    invalid: int = 0  # lines that are not a batch output line


class Ledger:
    """The batch tables of one OUT folder's manifest.

    Args:
        out_dir: The OUT folder (its manifest.sqlite is created if missing, unless read-only).
        readonly: Open an existing manifest for reading only (dry runs).
        clock: Wall clock in seconds (tests pass a fake one).
    """

    def __init__(
        self,
        out_dir: Path,
        *,
        readonly: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(out_dir) / MANIFEST_NAME
        self._clock = clock
        # A run collects and submits on a worker thread (the provider's calls block), before and
        # after its documents, which use the ledger on the event loop: one thread at a time.
        self._db = connect(self.path, readonly=readonly, any_thread=True)
        self._readonly_empty = readonly and not self._has_tables()
        if not readonly:
            until_unlocked(self._set_up)

    def _set_up(self) -> None:
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        with self._write():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)

    def _has_tables(self) -> bool:
        cur = self._db.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'batch_requests'"
        )
        return bool(cur.fetchone()[0])

    def _write(self) -> contextlib.AbstractContextManager[None]:
        return write_transaction(self._db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests --------------------------------------------------------------------------

    def in_use(self) -> bool:
        """Whether any request was ever handed to a batch here."""
        if self._readonly_empty:
            return False
        return self._db.execute("SELECT 1 FROM batch_requests LIMIT 1").fetchone() is not None

    def lookup(self, name: str) -> Stored | None:
        """A request's state, for `BatchedLLM`; None if the ledger has never seen it."""
        if self._readonly_empty:
            return None
        row = self._db.execute(
            "SELECT state, answer, error FROM batch_requests WHERE custom_id = ?", (name,)
        ).fetchone()
        if row is None:
            return None
        state, answer, error = row
        if state == "answered":
            return Stored("answered", answer=bytes(answer))
        if state == "failed":
            return Stored("failed", error=error)
        return Stored("waiting")

    def queue(
        self, source_key: str, doc_id: str, requests: Iterable[tuple[int, str, bytes]]
    ) -> int:
        """Queue a document's (chunk, custom_id, body) requests for the next batch; how many
        were new (a request already in the ledger, for this or a same-text document, stays)."""
        now = self._clock()
        new = 0
        with self._write():
            # A request queued for an earlier version of this document is not wanted any more.
            self._db.execute(
                "DELETE FROM batch_requests WHERE source_key = ? AND doc_id != ? "
                "AND state = 'queued'",
                (source_key, doc_id),
            )
            for chunk, name, body in requests:
                cur = self._db.execute(
                    "INSERT OR IGNORE INTO batch_requests (custom_id, source_key, doc_id, chunk, "
                    "state, body, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)",
                    (name, source_key, doc_id, chunk, body, now, now),
                )
                new += cur.rowcount
        return new

    def waiting(self) -> set[str]:
        """The texts (doc_id) with a request queued or in a batch: a run leaves their documents
        be without planning them again."""
        if self._readonly_empty:
            return set()
        cur = self._db.execute(
            "SELECT DISTINCT doc_id FROM batch_requests WHERE state IN ('queued', 'submitted')"
        )
        return {doc_id for (doc_id,) in cur.fetchall()}

    def counts(self) -> dict[str, int]:
        """Requests per state."""
        if self._readonly_empty:
            return {}
        cur = self._db.execute("SELECT state, COUNT(*) FROM batch_requests GROUP BY state")
        return {state: n for state, n in cur.fetchall()}

    # -- submissions -----------------------------------------------------------------------

    def plan(
        self,
        *,
        target: str,
        inbox: str | None,
        max_requests: int | None,
        max_bytes: int | None,
        url: str,
    ) -> list[str]:
        """Put every queued request into new submissions of at most `max_requests` lines and
        `max_bytes` bytes each (None: no limit); their ids. One transaction: a request queued
        now is in exactly one of them."""
        made: list[str] = []
        now = self._clock()
        with self._write():
            cur = self._db.execute(
                "SELECT custom_id, length(body) FROM batch_requests WHERE state = 'queued' "
                "ORDER BY source_key, chunk"
            )
            current: str | None = None
            lines = size = 0
            assigned: list[tuple[str, str]] = []
            for name, body_len in cur.fetchall():
                line_len = body_len + len(request_line(name, b"{}", url)) - 2
                full = current is not None and (
                    (max_requests is not None and lines >= max_requests)
                    or (max_bytes is not None and size + line_len > max_bytes)
                )
                if current is None or full:
                    if current is not None:
                        self._new_submission(current, target, inbox, lines, size, now)
                    current = f"sub-{secrets.token_hex(6)}"
                    made.append(current)
                    lines = size = 0
                assigned.append((current, name))
                lines += 1
                size += line_len
            if current is not None:
                self._new_submission(current, target, inbox, lines, size, now)
            self._db.executemany(
                "UPDATE batch_requests SET state = 'submitted', submission = ?, "
                f"tries = tries + 1, updated_at = {now!r} WHERE custom_id = ?",
                assigned,
            )
        return made

    def _new_submission(
        self, sub: str, target: str, inbox: str | None, lines: int, size: int, now: float
    ) -> None:
        self._db.execute(
            "INSERT INTO batch_submissions (id, target, inbox, status, requests, bytes, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (sub, target, inbox, EXPORTED if target != "api" else PLANNED, lines, size, now, now),
        )

    def write_input(self, sub: str, path: Path, *, url: str, append: bool = False) -> int:
        """Write a submission's request lines to `path` (fsynced); how many."""
        n = 0
        with path.open("ab" if append else "wb") as f:
            cur = self._db.execute(
                "SELECT custom_id, body FROM batch_requests WHERE submission = ? "
                "AND state = 'submitted' ORDER BY source_key, chunk",
                (sub,),
            )
            for name, body in cur:
                f.write(request_line(name, bytes(body), url))
                n += 1
            f.flush()
            os.fsync(f.fileno())
        return n

    def submission(self, sub: str) -> Submission:
        row = self._db.execute(
            f"SELECT {_SUBMISSION_COLUMNS} FROM batch_submissions WHERE id = ?", (sub,)
        ).fetchone()
        return Submission(*row)

    def submissions(self, *, open_only: bool = False) -> list[Submission]:
        """Every submission (or those not yet collected), oldest first."""
        if self._readonly_empty:
            return []
        where = f"WHERE status NOT LIKE '{COLLECTED}%'" if open_only else ""
        cur = self._db.execute(
            f"SELECT {_SUBMISSION_COLUMNS} FROM batch_submissions {where} ORDER BY created_at, id"
        )
        return [Submission(*row) for row in cur.fetchall()]

    def update(self, sub: str, **fields: Any) -> None:
        """Record what the provider said of a submission (status, file and batch ids)."""
        names = ", ".join(f"{k} = ?" for k in fields)
        with self._write():
            self._db.execute(
                f"UPDATE batch_submissions SET {names}, updated_at = ? WHERE id = ?",
                (*fields.values(), self._clock(), sub),
            )

    # -- collecting ------------------------------------------------------------------------

    def collect(
        self,
        sub: str | None,
        outputs: Iterable[bytes],
        *,
        status: str,
        reason: str,
        finish: bool = True,
    ) -> Ingested:
        """Store the answers of an output (and error) file's lines and, with `finish`, put the
        submission's unanswered requests back in the queue (or give them up after MAX_TRIES)
        and mark it collected with `status`. Lines are stored COLLECT_STEP at a time (a long
        download never holds the manifest's write lock for long); the submission is closed
        only once all are in, so a run killed half-way leaves it open and the next run
        collects the files again, skipping what is stored.

        Args:
            sub: The submission the lines answer; None: whichever holds each line's request
                (an output file made elsewhere, `summarizer collect`).
            outputs: The lines, as the Batch API writes them.
            status: The submission's final status (the provider's word).
            reason: Why its unanswered requests are unanswered ("the batch expired").
            finish: Requeue the unanswered and close the submission(s).
        """
        got = Ingested()
        touched: set[str] = set()
        lines = iter(outputs)
        while True:
            step = list(itertools.islice(lines, COLLECT_STEP))
            if not step:
                break
            now = self._clock()
            with self._write():
                for raw in step:
                    self._ingest_line(raw, sub, got, touched, now)
        if finish:
            now = self._clock()
            with self._write():
                for one in [sub] if sub is not None else sorted(touched):
                    self._finish(one, status, reason, now)
        return got

    def _ingest_line(
        self, raw: bytes, sub: str | None, got: Ingested, touched: set[str], now: float
    ) -> None:
        if not raw.strip():
            return
        try:
            line = json.loads(raw)
            name = line["custom_id"]
            response = line.get("response") or {}
            error = line.get("error")
        except (ValueError, TypeError, KeyError, AttributeError):
            got.invalid += 1
            return
        row = self._db.execute(
            "SELECT state, submission FROM batch_requests WHERE custom_id = ?", (name,)
        ).fetchone()
        if row is None or row[0] in ("answered", "failed") or (sub is not None and row[1] != sub):
            got.unknown += 1
            return
        if row[1] is not None:
            touched.add(row[1])
        status = response.get("status_code") if isinstance(response, dict) else None
        body = response.get("body") if isinstance(response, dict) else None
        if status == 200 and isinstance(body, dict) and not error:
            self._db.execute(
                "UPDATE batch_requests SET state = 'answered', answer = ?, body = NULL, "
                "error = NULL, updated_at = ? WHERE custom_id = ?",
                (json.dumps(body, ensure_ascii=False).encode(), now, name),
            )
            got.answered += 1
            return
        got.errors += 1
        message = _line_error(status, body, error)
        self._db.execute(
            "UPDATE batch_requests SET error = ?, updated_at = ? WHERE custom_id = ?",
            (message, now, name),
        )

    def _finish(self, sub: str, status: str, reason: str, now: float) -> None:
        # Unanswered lines go back to the queue, with the line's own error if it had one.
        self._db.execute(
            "UPDATE batch_requests SET "
            "state = CASE WHEN tries >= ? THEN 'failed' ELSE 'queued' END, "
            "error = COALESCE(error, ?), submission = NULL, updated_at = ? "
            "WHERE submission = ? AND state = 'submitted'",
            (MAX_TRIES, reason, now, sub),
        )
        self._db.execute(
            "UPDATE batch_submissions SET status = ?, updated_at = ? WHERE id = ?",
            (COLLECTED if status == "completed" else f"{COLLECTED}:{status}", now, sub),
        )

    def requeue(self, sub: str, reason: str) -> None:
        """Give a submission up before it ran (its upload or batch was refused): its requests
        go back to the queue, without counting the try."""
        now = self._clock()
        with self._write():
            self._db.execute(
                "UPDATE batch_requests SET state = 'queued', submission = NULL, tries = tries - 1, "
                "updated_at = ? WHERE submission = ? AND state = 'submitted'",
                (now, sub),
            )
            self._db.execute(
                "UPDATE batch_submissions SET status = ?, error = ?, updated_at = ? WHERE id = ?",
                (f"{COLLECTED}:refused", reason, now, sub),
            )


def _line_error(status: Any, body: Any, error: Any) -> str:
    """An error line's reason, in one line."""
    if isinstance(error, dict):
        return f"{error.get('code') or 'error'}: {error.get('message') or ''}".strip()
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        message = body["error"].get("message") or ""
        return f"the batch answered {status}: {message}".strip()
    return f"the batch answered {status}"
