"""Claims on the manifest's documents: who processes which document now, and for how long.

Claims are per content: a run claims a document only when no live claim exists on the same text,
inside one `BEGIN IMMEDIATE` transaction, so two runs on one OUT never process the same document
and one text under two names is summarized once. A claim is live while its lease has not expired
(runs renew it with `heartbeat()`) and, on this host, while the claiming process is alive: the
claims of a run killed with SIGKILL are taken over at once by the next run.

`ManifestClaims.claim` decides (`Claim`) and writes the document's row; `release` and
`release_all` give claims back, and `sweep_temp_files` clears what killed runs left in OUT.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from summarizer.nightly.manifest_table import COLUMNS, ManifestTable, Row, Status

# A live run renews its claims every CLAIM_LEASE_S / 4; a claim not renewed this long is stale.
CLAIM_LEASE_S = 120.0


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


class ManifestClaims(ManifestTable):
    """The claims of one run on one OUT folder's manifest (see the module docstring).

    Args:
        out_dir: The OUT folder (created if missing, unless read-only).
        owner: This run's claim owner id (`new_owner()` when None).
        readonly: Open an existing manifest for reading only.
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
        self.owner = owner or new_owner()
        self.lease_s = lease_s
        self._host = socket.gethostname()
        super().__init__(out_dir, readonly=readonly, clock=clock)

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
                f"SELECT {COLUMNS} FROM documents WHERE doc_id = ? ORDER BY created_at", (doc_id,)
            )
            same_text = [r for r in map(self._row, cur.fetchall()) if r is not None]
            if any(
                r.status == "claimed" and self.is_live(r.claim_owner, r.claim_expires)
                for r in same_text
            ):
                return Claim("busy", row)
            upsert = functools.partial(
                self._upsert,
                key,
                row,
                now,
                name=name,
                doc_id=doc_id,
                source_path=source_path,
                record_id=record_id,
            )
            others = [r for r in same_text if r.source_key != key and r.duplicate_of is None]
            for first in others:
                if first.status == "done" and self.output_ok(first):
                    upsert(
                        status="done",
                        duplicate_of=first.name,
                        output=first.output,
                        attempts_delta=0,
                    )
                    return Claim("duplicate", self.get(key))
            if share_failures:
                twin = next((r for r in others if r.status == "failed"), None)
                if twin is not None:
                    upsert(
                        status="failed",
                        duplicate_of=twin.name,
                        output=None,
                        attempts_delta=0,
                        error=f"same text as {twin.name}, which failed: {twin.error}",
                    )
                    return Claim("duplicate", self.get(key))
            upsert(
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

    # -- giving back -----------------------------------------------------------------------

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
