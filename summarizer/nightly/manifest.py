"""OUT/manifest.sqlite: what the batch job knows about each document, shared by concurrent runs.

One row per source document (a file, or one record of a JSONL file), keyed by where it came from
(`<path relative to INBOX>::<reader's name>`), with its content hash (`doc_id`), its output name,
its status and its ledger (tokens, cost, time). Statuses:

    pending      known, not being processed (a run stopped before it, or released it)
    claimed      a run is processing it now (`claim_owner`, `claim_expires`)
    done         its output is written (or it shares the output of the same text: `duplicate_of`)
    failed       set aside with its reason (the dead-letter list); rerun with --retry-failed
    retry_later  the endpoint asked to wait longer than the run could; the next run retries it

`Manifest` is built in layers: `manifest_table` (the `documents` table: its schema, rows and
queries), `claims` (claims are per content, with a lease: two runs on one OUT never process the
same document, and one text under two names is summarized once) and this module, which records
the outcomes: a written output marks its row done (call it only once the file is in place), a
failure or a deferral is recorded with its reason, and files that cannot be read are kept as
failed rows until a new read no longer produces them. `database` opens the file and waits out
other runs' locks.
"""

from __future__ import annotations

from typing import Literal

from summarizer.nightly.claims import ManifestClaims


class Manifest(ManifestClaims):
    """The manifest database of one OUT folder: its rows, this run's claims, and outcomes.

    Args:
        out_dir: The OUT folder (created if missing, unless read-only).
        owner: This run's claim owner id (`claims.new_owner()` when None).
        readonly: Open an existing manifest for reading only (dry runs, `failures`).
        lease_s: How long a claim stays live without a heartbeat.
        clock: Wall clock in seconds (tests pass a fake one).
    """

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
