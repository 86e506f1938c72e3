"""The manifest's table: `documents`, its rows, and the queries that read them.

One row per source document (a file, or one record of a JSONL file), keyed by where it came from
(`source_key`: `<path relative to INBOX>::<reader's name>`), with its content hash (`doc_id`),
its output name, its status (`Status`, see `manifest`) and its ledger (tokens, cost, time).
`ManifestTable` opens the table (made if missing, SCHEMA_VERSION in `user_version`) and reads
it; `claims` and `manifest` add the writes.

The database is in WAL mode, so readers never block the writer. `synchronous=NORMAL`: a power
cut may lose the last commits, but never an output file (written and fsynced first), and the
next run adopts such outputs without calling the model.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Self

from summarizer.nightly.database import MANIFEST_NAME, connect, until_unlocked, write_transaction

SCHEMA_VERSION = 1

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

COLUMNS = (
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


def source_key(relative_path: str, reader_name: str) -> str:
    """The manifest key of one document: its file (relative to INBOX) and its name in that file."""
    return f"{relative_path}::{reader_name}"


class ManifestTable:
    """The `documents` table of one OUT folder's manifest, for reading (see `manifest.Manifest`,
    which adds claims and outcomes).

    Args:
        out_dir: The OUT folder (created if missing, unless read-only).
        readonly: Open an existing manifest for reading only.
        clock: Wall clock in seconds (tests pass a fake one).
    """

    def __init__(
        self,
        out_dir: Path | str,
        *,
        readonly: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / MANIFEST_NAME
        self.readonly = readonly
        self._clock = clock
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
        cur = self._db.execute(f"SELECT {COLUMNS} FROM documents WHERE {where}", params)
        return self._row(cur.fetchone())

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
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
            f"SELECT {COLUMNS} FROM documents {where} ORDER BY source_path, name", params
        )
        return [r for r in map(self._row, cur.fetchall()) if r is not None]

    def counts(self) -> dict[str, int]:
        """Number of rows per status."""
        cur = self._db.execute("SELECT status, COUNT(*) FROM documents GROUP BY status")
        return {status: n for status, n in cur.fetchall()}

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
