"""OUT/manifest.sqlite, the file: how the manifest and the batch ledger open it and write to it.

One SQLite database in OUT holds the manifest's `documents` table (see `manifest`) and the batch
ledger's tables (see `ledger`). Both open it with `connect`, which sets a busy timeout: two runs
on one OUT wait for each other's short transactions instead of failing. Every check-then-write
is one `write_transaction` (BEGIN IMMEDIATE, so the lock is taken before the check). Setting a
new database up (its switch to WAL) takes a lock SQLite does not wait for: `until_unlocked`
retries it.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

MANIFEST_NAME = "manifest.sqlite"
BUSY_TIMEOUT_S = 60.0


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
