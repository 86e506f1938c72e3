"""OUT/manifest.sqlite: claims, names, duplicates, stale claims and the dead-letter rows."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from summarizer.nightly.claims import new_owner
from summarizer.nightly.database import until_unlocked
from summarizer.nightly.manifest import Manifest
from summarizer.nightly.manifest_table import source_key


def dead_owner() -> str:
    """A claim owner id of a process on this host that has exited."""
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return f"{socket.gethostname()}:{proc.stdout.strip()}:dead"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def claim(m: Manifest, key: str, doc_id: str, name: str = "doc") -> str:
    return m.claim(key, name=name, doc_id=doc_id, source_path=key, record_id=None).outcome


def finish(m: Manifest, key: str) -> None:
    row = m.get(key)
    assert row is not None
    (m.out_dir / f"{row.name}.json").write_text("{}")
    m.mark_done(key, output=f"{row.name}.json", prompt_tokens=10, cost_usd=0.5)


def test_claim_done_and_skip(tmp_path: Path) -> None:
    with Manifest(tmp_path) as m:
        assert claim(m, "a.txt::a", "h1", "a") == "claimed"
        row = m.get("a.txt::a")
        assert row is not None and row.status == "claimed" and row.attempts == 1
        assert row.claim_owner == m.owner and row.name == "a"
        finish(m, "a.txt::a")
        assert claim(m, "a.txt::a", "h1", "a") == "done"
        row = m.get("a.txt::a")
        assert row is not None and row.prompt_tokens == 10 and row.cost_usd == 0.5
        assert m.counts() == {"done": 1}
    assert (tmp_path / "manifest.sqlite").is_file()
    with sqlite3.connect(tmp_path / "manifest.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_done_row_whose_output_is_gone_is_claimed_again(tmp_path: Path) -> None:
    with Manifest(tmp_path) as m:
        claim(m, "a.txt::a", "h1", "a")
        finish(m, "a.txt::a")
        (tmp_path / "a.json").unlink()
        assert claim(m, "a.txt::a", "h1", "a") == "claimed"


def test_names_are_unique_case_blind_and_kept(tmp_path: Path) -> None:
    with Manifest(tmp_path) as m:
        claim(m, "x/a.txt::a", "h1", "a")
        claim(m, "y/A.md::A", "h2", "A")
        claim(m, "z/a.txt::a", "h3", "a")
        names = [m.get(k).name for k in ("x/a.txt::a", "y/A.md::A", "z/a.txt::a")]  # type: ignore[union-attr]
        assert names == ["a", "A-2", "a-3"]
        # A changed text keeps its name, and its attempts and ledger start over.
        finish(m, "y/A.md::A")
        assert claim(m, "y/A.md::A", "h2-new", "A") == "claimed"
        row = m.get("y/A.md::A")
        assert row is not None and row.name == "A-2" and row.attempts == 1 and row.cost_usd == 0


def test_same_text_under_two_names_is_a_duplicate_of_the_first(tmp_path: Path) -> None:
    with Manifest(tmp_path) as m:
        assert claim(m, "a.txt::a", "same", "a") == "claimed"
        # While the first is in flight, the second waits.
        assert claim(m, "b.txt::b", "same", "b") == "busy"
        finish(m, "a.txt::a")
        assert claim(m, "b.txt::b", "same", "b") == "duplicate"
        b = m.get("b.txt::b")
        assert b is not None and b.status == "done" and b.duplicate_of == "a"
        assert b.output == "a.json" and m.output_ok(b)
        # The first file changes: the duplicate no longer has an output of its own text.
        assert claim(m, "a.txt::a", "changed", "a") == "claimed"
        assert not m.output_ok(b)
        assert claim(m, "b.txt::b", "same", "b") == "claimed"


def test_same_text_as_a_failed_document_fails_alike(tmp_path: Path) -> None:
    with Manifest(tmp_path) as m:
        claim(m, "a.txt::a", "same", "a")
        m.mark_failed("a.txt::a", "stayed invalid")
        assert claim(m, "b.txt::b", "same", "b") == "duplicate"
        b = m.get("b.txt::b")
        assert b is not None and b.status == "failed" and "same text as a" in (b.error or "")
        # --retry-failed asks again.
        c = m.claim("c.txt::c", name="c", doc_id="same", source_path="c", record_id=None,
                    share_failures=False)  # fmt: skip
        assert c.outcome == "claimed"


def test_two_runs_never_hold_one_document(tmp_path: Path) -> None:
    with Manifest(tmp_path) as one, Manifest(tmp_path) as two:
        assert one.owner != two.owner
        assert claim(one, "a.txt::a", "h1") == "claimed"
        assert claim(two, "a.txt::a", "h1") == "busy"
        one.release("a.txt::a")
        assert claim(two, "a.txt::a", "h1") == "claimed"
        assert two.release_all() == 1
        row = two.get("a.txt::a")
        assert row is not None and row.status == "pending" and row.claim_owner is None


def test_a_dead_runs_claims_are_taken_over_at_once(tmp_path: Path) -> None:
    with Manifest(tmp_path, owner=dead_owner()) as dead, Manifest(tmp_path) as live:
        assert claim(dead, "a.txt::a", "h1") == "claimed"
        assert claim(live, "a.txt::a", "h1") == "claimed"
        row = live.get("a.txt::a")
        assert row is not None and row.claim_owner == live.owner and row.attempts == 2


def test_claims_expire_without_heartbeat(tmp_path: Path) -> None:
    clock = Clock()
    other_host = f"elsewhere:1:{new_owner().rsplit(':', 1)[1]}"
    with (
        Manifest(tmp_path, owner=other_host, lease_s=60, clock=clock) as remote,
        Manifest(tmp_path, lease_s=60, clock=clock) as local,
    ):
        claim(remote, "a.txt::a", "h1")
        clock.now += 50
        remote.heartbeat()
        clock.now += 50
        assert claim(local, "a.txt::a", "h1") == "busy"  # renewed 50 s ago: live
        clock.now += 11
        assert claim(local, "a.txt::a", "h1") == "claimed"


def test_unreadable_rows_are_news_once_and_forgotten_when_fixed(tmp_path: Path) -> None:
    with Manifest(tmp_path) as m:
        key = source_key("feed.jsonl", "!line3")
        assert m.record_unreadable(key, name="feed-line3", source_path="feed.jsonl", error="bad")
        assert not m.record_unreadable(
            key, name="feed-line3", source_path="feed.jsonl", error="bad"
        )
        assert [r.name for r in m.rows("failed")] == ["feed-line3"]
        odd = source_key("a::!b.txt", "!file")  # a file name may hold the separator too
        m.record_unreadable(odd, name="odd", source_path="a::!b.txt", error="bad")
        assert m.unreadable_prefixes() == {"feed.jsonl::!", "a::!", "a::!b.txt::!"}
        m.forget_unreadable(source_key("a::!b.txt", "!"), keep=set())
        assert m.unreadable_prefixes() == {"feed.jsonl::!"}
        m.forget_unreadable(source_key("feed.jsonl", "!"), keep={key})
        assert len(m.rows("failed")) == 1
        m.forget_unreadable(source_key("feed.jsonl", "!"), keep=set())
        assert m.rows("failed") == []


def test_temp_files_are_swept_unless_another_run_is_live(tmp_path: Path) -> None:
    (tmp_path / ".a.json.x1.tmp").write_text("{")
    with Manifest(tmp_path) as one, Manifest(tmp_path) as two:
        claim(one, "a.txt::a", "h1")
        assert two.sweep_temp_files() == 0  # `one` may be writing it
        one.release_all()
        assert two.sweep_temp_files() == 1
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_readonly_manifest_and_retry_later(tmp_path: Path) -> None:
    with Manifest(tmp_path) as m:
        claim(m, "a.txt::a", "h1", "a")
        m.mark_failed("a.txt::a", "429", status="retry_later", retry_at=123.0)
    with Manifest(tmp_path, readonly=True) as ro:
        (row,) = ro.rows("retry_later")
        assert row.retry_at == 123.0 and row.error == "429"
        with pytest.raises(sqlite3.OperationalError):
            ro.release_all()


def _open_at_once(path: str, barrier: Any, errors: Any) -> None:
    barrier.wait()
    try:
        Manifest(path).close()
    except Exception as e:  # reported to the test, which fails on any
        errors.put(repr(e))


def test_runs_opening_a_new_out_at_the_same_moment_all_get_the_manifest(tmp_path: Path) -> None:
    """Switching a new database to WAL takes a lock SQLite does not wait for: without the
    retry, six processes opening one new manifest at once failed in 3 of 40 tries."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    errors = ctx.Queue()
    for attempt in range(30):
        barrier = ctx.Barrier(6)
        folder = str(tmp_path / f"out{attempt}")
        procs = [
            ctx.Process(target=_open_at_once, args=(folder, barrier, errors)) for _ in range(6)
        ]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert all(p.exitcode == 0 for p in procs)
    assert errors.empty(), errors.get()


def testuntil_unlocked_retries_only_a_lock_and_only_so_long() -> None:
    calls: list[int] = []

    def locked_twice() -> None:
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")

    until_unlocked(locked_twice)
    assert len(calls) == 3

    def broken() -> None:
        raise sqlite3.OperationalError("no such table: documents")

    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        until_unlocked(broken)

    def always_locked() -> None:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        until_unlocked(always_locked, wait_s=0.05)
