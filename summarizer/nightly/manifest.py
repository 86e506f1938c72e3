"""OUT/manifest.sqlite: what the batch job knows about each document, shared by concurrent runs.

One row per source document (a file, or one record of a JSONL file), keyed by where it came from
(`<path relative to INBOX>::<reader's name>`), with its content hash (`doc_id`), its output name,
its status and its ledger (tokens, cost, time). Statuses:

    pending      known, not being processed (a run stopped before it, or released it)
    claimed      a run is processing it now (`claim_owner`, `claim_expires`)
    done         its output is written (or it shares the output of the same text: `duplicate_of`)
    failed       set aside with its reason (the dead-letter list); rerun with --retry-failed
    retry_later  the endpoint asked to wait longer than the run could; the next run retries it

Claims are per content: a run claims a document only when no live claim exists on the same text,
inside one `BEGIN IMMEDIATE` transaction, so two runs on one OUT never process the same document
and one text under two names is summarized once. A claim is live while its lease has not expired
(runs renew it with `heartbeat()`) and, on this host, while the claiming process is alive: the
claims of a run killed with SIGKILL are taken over at once by the next run.

The database is in WAL mode with a busy timeout, so readers never block the writer and two runs
wait for each other's short transactions instead of failing. `synchronous=NORMAL`: a power cut may
lose the last commits, but never an output file (written and fsynced first), and the next run
adopts such outputs without calling the model.
"""

from __future__ import annotations

import contextlib
import os
import random
import secrets
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

MANIFEST_NAME = "manifest.sqlite"
SCHEMA_VERSION = 1
# A live run renews its claims every CLAIM_LEASE_S / 4; a claim not renewed this long is stale.
CLAIM_LEASE_S = 120.0
BUSY_TIMEOUT_S = 60.0

Status = Literal["pending", "claimed", "done", "failed", "retry_later"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    source_key        TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    name_key          TEXT NOT NULL UNIQUE,
    doc_id            TEXT,
    source_path       TEXT NOT NULL,
    record_id         TEXT,
    status            TEXT NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    error             TEXT,
    output            TEXT,
    duplicate_of      TEXT,
    cache_hit         INTEGER NOT NULL DEFAULT 0,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd          REAL NOT NULL DEFAULT 0,
    elapsed_s         REAL NOT NULL DEFAULT 0,
    retry_at          REAL,
    claim_owner       TEXT,
    claim_expires     REAL,
    created_at        REAL NOT NULL,
    updated_at        REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_doc_id ON documents (doc_id);
CREATE INDEX IF NOT EXISTS documents_status ON documents (status);
CREATE INDEX IF NOT EXISTS documents_source_path ON documents (source_path);
"""

_COLUMNS = (
    "source_key, name, doc_id, source_path, record_id, status, attempts, error, output, "
    "duplicate_of, cache_hit, prompt_tokens, completion_tokens, cost_usd, elapsed_s, retry_at, "
    "claim_owner, claim_expires, created_at, updated_at"
)


@dataclass(frozen=True)
class Row:
    """One document's manifest row."""

    source_key: str
    name: str
    doc_id: str | None
    source_path: str
    record_id: str | None
    status: Status
    attempts: int
    error: str | None
    output: str | None
    duplicate_of: str | None
    cache_hit: bool
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    elapsed_s: float
    retry_at: float | None
    claim_owner: str | None
    claim_expires: float | None
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class Claim:
    """What `Manifest.claim` decided.

    Attributes:
        outcome: "claimed" (process it), "done" (already done, output in place), "duplicate"
            (the same text is done under another name; recorded as pointing at it) or "busy" (a
            live claim on the same text exists: another run, or another task of this one).
        row: The document's row after the decision (None when busy and the row is new).
    """

    outcome: Literal["claimed", "done", "duplicate", "busy"]
    row: Row | None


def source_key(relative_path: str, reader_name: str) -> str:
    """The manifest key of one document: its file (relative to INBOX) and its name in that file."""
    return f"{relative_path}::{reader_name}"


def new_owner() -> str:
    """A claim owner id: host, pid and a random token (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except OSError:
        return True
    return True


def until_unlocked(step: Callable[[], None], wait_s: float = BUSY_TIMEOUT_S) -> None:
    """Run `step`, again after a short pause while SQLite says the database is locked or
    busy without having waited itself, for up to `wait_s` seconds."""
    deadline = time.monotonic() + wait_s
    pause = 0.005
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as e:
            text = str(e)
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
        time.sleep(pause * (0.5 + random.random()))
        pause = min(pause * 2, 0.2)


def connect(path: Path, *, readonly: bool, any_thread: bool = False) -> sqlite3.Connection:
    """A connection to OUT/manifest.sqlite (its folder made unless read-only) that waits for
    other runs' transactions; `any_thread`: used from more than one thread, one at a time."""
    if readonly:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        db = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None,
            check_same_thread=not any_thread,
        )  # fmt: skip
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
            check_same_thread=not any_thread,
        )  # fmt: skip
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return db


@contextlib.contextmanager
def write_transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (BEGIN IMMEDIATE) so check-then-write is atomic."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


class Manifest:
    """The manifest database of one OUT folder.

    Args:
        out_dir: The OUT folder (created if missing, unless read-only).
        owner: This run's claim owner id (`new_owner()` when None).
        readonly: Open an existing manifest for reading only (dry runs, `failures`).
        lease_s: How long a claim stays live without a heartbeat.
        clock: Wall clock in seconds (tests pass a fake one).
    """

    def __init__(
        self,
        out_dir: Path | str,
        *,
        owner: str | None = None,
        readonly: bool = False,
        lease_s: float = CLAIM_LEASE_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / MANIFEST_NAME
        self.owner = owner or new_owner()
        self.readonly = readonly
        self.lease_s = lease_s
        self._clock = clock
        self._host = socket.gethostname()
        self._db = connect(self.path, readonly=readonly)
        if not readonly:
            until_unlocked(self._set_up)

    def _set_up(self) -> None:
        """WAL mode and the schema. Switching a new database to WAL takes an exclusive lock
        that SQLite does not wait for: runs opening a new OUT at the same moment got "database
        is locked" (3 times in 40 tries with six at once), so the caller retries."""
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        with self._write():
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(
                    f"{self.path} was written by a newer summarizer (schema {version})"
                )
            # Statement by statement: executescript() would commit the open transaction.
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- plumbing --------------------------------------------------------------------------

    def _write(self) -> contextlib.AbstractContextManager[None]:
        return write_transaction(self._db)

    def _row(self, values: tuple[Any, ...] | None) -> Row | None:
        if values is None:
            return None
        fields = list(values)
        fields[10] = bool(fields[10])  # cache_hit
        return Row(*fields)

    def _select(self, where: str, params: tuple[Any, ...]) -> Row | None:
        cur = self._db.execute(f"SELECT {_COLUMNS} FROM documents WHERE {where}", params)
        return self._row(cur.fetchone())

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    def get(self, key: str) -> Row | None:
        """The row of one document, by source key."""
        return self._select("source_key = ?", (key,))

    def get_by_name(self, name: str) -> Row | None:
        """The row whose output name is `name` (case-blind, as on macOS and Windows)."""
        return self._select("name_key = ?", (name.lower(),))

    def rows(self, status: Status | None = None) -> list[Row]:
        """Rows (with one status, or all), ordered by source path and name."""
        where, params = ("WHERE status = ?", (status,)) if status else ("", ())
        cur = self._db.execute(
            f"SELECT {_COLUMNS} FROM documents {where} ORDER BY source_path, name", params
        )
        return [r for r in map(self._row, cur.fetchall()) if r is not None]

    def counts(self) -> dict[str, int]:
        """Number of rows per status."""
        cur = self._db.execute("SELECT status, COUNT(*) FROM documents GROUP BY status")
        return {status: n for status, n in cur.fetchall()}

    def is_live(self, owner: str | None, expires: float | None) -> bool:
        """Whether a claim still holds: lease not expired and, on this host, its process alive."""
        if owner is None or expires is None or expires < self._clock():
            return False
        if owner == self.owner:
            return True
        parts = owner.rsplit(":", 2)
        if len(parts) == 3 and parts[0] == self._host and parts[1].isdigit():
            return _pid_alive(int(parts[1]))
        return True

    def output_ok(self, row: Row) -> bool:
        """A done row whose output is in place (for a duplicate: its original's, same text)."""
        if row.status != "done":
            return False
        if row.duplicate_of is not None:
            first = self.get_by_name(row.duplicate_of)
            return (
                first is not None
                and first.duplicate_of is None
                and first.doc_id == row.doc_id
                and self.output_ok(first)
            )
        return row.output is not None and (self.out_dir / row.output).is_file()

    # -- claiming --------------------------------------------------------------------------

    def claim(
        self,
        key: str,
        *,
        name: str,
        doc_id: str,
        source_path: str,
        record_id: str | None,
        share_failures: bool = True,
    ) -> Claim:
        """Claim one document for this run, or say why not (see `Claim`).

        Args:
            key: The document's source key.
            name: Its preferred output name (the reader's); a taken name gets "-2", "-3", ...
            doc_id: sha256 of its text.
            source_path: Its file, as shown to users.
            record_id: Its record id inside a JSONL file.
            share_failures: When the same text already failed under another name, record this
                one as failed too (pointing at it) instead of asking the model again.
        """
        now = self._clock()
        with self._write():
            row = self.get(key)
            if row is not None and row.doc_id == doc_id and self.output_ok(row):
                return Claim("done", row)
            if row is not None and row.status == "claimed" and row.claim_owner != self.owner:
                if self.is_live(row.claim_owner, row.claim_expires):
                    return Claim("busy", row)
            # Every row of the same text, in one query (most texts have none).
            cur = self._db.execute(
                f"SELECT {_COLUMNS} FROM documents WHERE doc_id = ? ORDER BY created_at", (doc_id,)
            )
            same_text = [r for r in map(self._row, cur.fetchall()) if r is not None]
            if any(
                r.status == "claimed" and self.is_live(r.claim_owner, r.claim_expires)
                for r in same_text
            ):
                return Claim("busy", row)
            others = [r for r in same_text if r.source_key != key and r.duplicate_of is None]
            for first in others:
                if first.status == "done" and self.output_ok(first):
                    self._upsert(
                        key,
                        row,
                        now,
                        name=name,
                        doc_id=doc_id,
                        source_path=source_path,
                        record_id=record_id,
                        status="done",
                        duplicate_of=first.name,
                        output=first.output,
                        attempts_delta=0,
                    )
                    return Claim("duplicate", self.get(key))
            if share_failures:
                twin = next((r for r in others if r.status == "failed"), None)
                if twin is not None:
                    self._upsert(
                        key,
                        row,
                        now,
                        name=name,
                        doc_id=doc_id,
                        source_path=source_path,
                        record_id=record_id,
                        status="failed",
                        duplicate_of=twin.name,
                        output=None,
                        attempts_delta=0,
                        error=f"same text as {twin.name}, which failed: {twin.error}",
                    )
                    return Claim("duplicate", self.get(key))
            self._upsert(
                key,
                row,
                now,
                name=name,
                doc_id=doc_id,
                source_path=source_path,
                record_id=record_id,
                status="claimed",
                duplicate_of=None,
                output=None,
                attempts_delta=1,
            )
            return Claim("claimed", self.get(key))

    def _free_name(self, preferred: str) -> str:
        candidate, k = preferred, 1
        while self._db.execute(
            "SELECT 1 FROM documents WHERE name_key = ?", (candidate.lower(),)
        ).fetchone():
            k += 1
            candidate = f"{preferred}-{k}"
        return candidate

    def _upsert(
        self,
        key: str,
        row: Row | None,
        now: float,
        *,
        name: str,
        doc_id: str | None,
        source_path: str,
        record_id: str | None,
        status: Status,
        duplicate_of: str | None,
        output: str | None,
        attempts_delta: int,
        error: str | None = None,
    ) -> None:
        claimed = status == "claimed"
        owner = self.owner if claimed else None
        expires = now + self.lease_s if claimed else None
        if row is None:
            self._db.execute(
                "INSERT INTO documents (source_key, name, name_key, doc_id, source_path, "
                "record_id, status, attempts, error, output, duplicate_of, claim_owner, "
                "claim_expires, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    (free := self._free_name(name)),
                    free.lower(),
                    doc_id,
                    source_path,
                    record_id,
                    status,
                    attempts_delta,
                    error,
                    output,
                    duplicate_of,
                    owner,
                    expires,
                    now,
                    now,
                ),
            )
            return
        changed = row.doc_id != doc_id
        # New text under the same name: a new document as far as attempts and ledger go.
        self._db.execute(
            "UPDATE documents SET doc_id = ?, source_path = ?, record_id = ?, status = ?, "
            "attempts = ?, error = ?, output = ?, duplicate_of = ?, claim_owner = ?, "
            "claim_expires = ?, retry_at = NULL, updated_at = ?, "
            "cache_hit = CASE WHEN ? THEN 0 ELSE cache_hit END, "
            "prompt_tokens = CASE WHEN ? THEN 0 ELSE prompt_tokens END, "
            "completion_tokens = CASE WHEN ? THEN 0 ELSE completion_tokens END, "
            "cost_usd = CASE WHEN ? THEN 0 ELSE cost_usd END "
            "WHERE source_key = ?",
            (
                doc_id,
                source_path,
                record_id,
                status,
                (0 if changed else row.attempts) + attempts_delta,
                error,
                output,
                duplicate_of,
                owner,
                expires,
                now,
                changed,
                changed,
                changed,
                changed,
                key,
            ),
        )

    def heartbeat(self) -> None:
        """Renew the lease of every claim this run holds."""
        with self._write():
            self._db.execute(
                "UPDATE documents SET claim_expires = ? "
                "WHERE claim_owner = ? AND status = 'claimed'",
                (self._clock() + self.lease_s, self.owner),
            )

    # -- outcomes --------------------------------------------------------------------------

    def mark_done(
        self,
        key: str,
        *,
        output: str,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        cost_usd: float = 0.0,
        elapsed_s: float = 0.0,
        cache_hit: bool = False,
    ) -> None:
        """Record a written output (call only once the file is in place)."""
        with self._write():
            self._db.execute(
                "UPDATE documents SET status = 'done', output = ?, duplicate_of = NULL, "
                "error = NULL, retry_at = NULL, cache_hit = ?, "
                "prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ?, "
                "cost_usd = cost_usd + ?, elapsed_s = ?, claim_owner = NULL, "
                "claim_expires = NULL, updated_at = ? WHERE source_key = ?",
                (
                    output,
                    int(cache_hit),
                    prompt_tokens,
                    completion_tokens,
                    cost_usd,
                    elapsed_s,
                    self._clock(),
                    key,
                ),
            )

    def mark_failed(
        self,
        key: str,
        error: str,
        *,
        status: Literal["failed", "retry_later"] = "failed",
        retry_at: float | None = None,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        cost_usd: float = 0.0,
        elapsed_s: float = 0.0,
    ) -> None:
        """Record a failure (the dead-letter list) or a deferral to a later run."""
        with self._write():
            self._db.execute(
                "UPDATE documents SET status = ?, error = ?, retry_at = ?, "
                "prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ?, "
                "cost_usd = cost_usd + ?, elapsed_s = ?, claim_owner = NULL, "
                "claim_expires = NULL, updated_at = ? WHERE source_key = ?",
                (
                    status,
                    error,
                    retry_at,
                    prompt_tokens,
                    completion_tokens,
                    cost_usd,
                    elapsed_s,
                    self._clock(),
                    key,
                ),
            )

    def release(self, key: str) -> None:
        """Give a claim back unprocessed (the run stopped): the document is pending again."""
        with self._write():
            self._db.execute(
                "UPDATE documents SET status = 'pending', claim_owner = NULL, "
                "claim_expires = NULL, updated_at = ? "
                "WHERE source_key = ? AND claim_owner = ? AND status = 'claimed'",
                (self._clock(), key, self.owner),
            )

    def release_all(self) -> int:
        """Give back every claim this run still holds; returns how many."""
        with self._write():
            cur = self._db.execute(
                "UPDATE documents SET status = 'pending', claim_owner = NULL, "
                "claim_expires = NULL, updated_at = ? "
                "WHERE claim_owner = ? AND status = 'claimed'",
                (self._clock(), self.owner),
            )
            return cur.rowcount

    def record_unreadable(self, key: str, *, name: str, source_path: str, error: str) -> bool:
        """Record a file or record that cannot be read as failed.

        Returns:
            True if this is news (no failed row with this very error existed).
        """
        now = self._clock()
        with self._write():
            row = self.get(key)
            if row is not None and row.status == "failed" and row.error == error:
                return False
            self._upsert(
                key,
                row,
                now,
                name=name,
                doc_id=None,
                source_path=source_path,
                record_id=None,
                status="failed",
                duplicate_of=None,
                output=None,
                attempts_delta=1,
                error=error,
            )
            return True

    def unreadable_prefixes(self) -> set[str]:
        """Every key prefix ending in "::!" under which an unreadable-document row now sits: a
        file whose prefix is not here has no rows for `forget_unreadable` to drop (one query
        for a whole run instead of one a file)."""
        cur = self._db.execute("SELECT source_key FROM documents WHERE doc_id IS NULL")
        prefixes: set[str] = set()
        for (k,) in cur.fetchall():
            at = k.find("::!")
            while at >= 0:
                prefixes.add(k[: at + 3])
                at = k.find("::!", at + 1)
        return prefixes

    def forget_unreadable(self, prefix: str, keep: set[str]) -> None:
        """Drop unreadable-document rows under key `prefix` that a new read no longer produced.

        Args:
            prefix: The start their source keys share (the file's, see `source_key`).
            keep: The keys the new read did produce.
        """
        cur = self._db.execute(
            "SELECT source_key FROM documents WHERE source_key >= ? AND source_key < ? "
            "AND doc_id IS NULL",
            (prefix, prefix + "\U0010ffff"),
        )
        stale = [k for (k,) in cur.fetchall() if k not in keep]
        if stale:
            with self._write():
                self._db.executemany(
                    "DELETE FROM documents WHERE source_key = ? AND doc_id IS NULL",
                    [(k,) for k in stale],
                )

    def sweep_temp_files(self) -> int:
        """Remove temp files that killed runs left in OUT, unless another run is live.

        Done under the write lock: a run must claim (a write) before it writes a temp file, so
        no live run can start one while we look.
        """
        with self._write():
            cur = self._db.execute(
                "SELECT claim_owner, claim_expires FROM documents WHERE status = 'claimed'"
            )
            if any(
                owner != self.owner and self.is_live(owner, expires)
                for owner, expires in cur.fetchall()
            ):
                return 0
            removed = 0
            for tmp in self.out_dir.glob(".*.tmp"):
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
                    removed += 1
            return removed
