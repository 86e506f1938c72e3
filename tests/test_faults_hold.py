"""Fault tests of issue 18 against real loopback servers and a real small filesystem: a deadline
per request, a run deadline, a circuit breaker, a full disk, echoed secrets, a tampered cache.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from test_faults import make_inbox, run, statuses

from summarizer.cli.main import main
from summarizer.core.errors import ExtractionError, scrub
from summarizer.model.client import OpenAILLM
from summarizer.nightly.manifest import Manifest
from summarizer.testing.fakechat import Behaviour
from summarizer.testing.fakeserver import FakeOpenAIServer

KEY = "sk-test-Zq8fakeKey0123456789abcdef"


def files_holding(root: Path, needle: str) -> list[Path]:
    """Every file under `root` whose bytes contain `needle` (the grep of the issue)."""
    return [p for p in root.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


# -- echoed secrets ------------------------------------------------------------------------


def test_an_endpoint_that_echoes_the_key_gets_it_nowhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = make_inbox(tmp_path, 10)
    out = tmp_path / "out"
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    with FakeOpenAIServer(Behaviour(default="echo_key")) as server:
        code = main(["run", str(inbox), "--out", str(out), "--base-url", server.base_url])
        echoed = [r for r in server.chat_requests]
    assert code == 1 and len(echoed) == 10  # a 400 is the document's: failed, not retried
    assert main(["failures", str(out)]) == 0
    assert main(["failures", str(out), "--json"]) == 0
    printed = capsys.readouterr()
    assert "[redacted]" in printed.out and "authorization" in printed.out
    assert KEY not in printed.out + printed.err
    assert files_holding(tmp_path, KEY) == []


def test_scrub_removes_the_configured_key_and_anything_like_a_key() -> None:
    from summarizer.core.errors import add_secret

    add_secret("plain-secret-value")
    text = scrub(
        "echo: Authorization: Bearer abc.def-ghi; key sk-proj-AAAAaaaa1111 and plain-secret-value"
    )
    assert text == "echo: Authorization: [redacted]; key [redacted] and [redacted]"
    assert scrub("ask the desk (sk-1) about skills") == "ask the desk (sk-1) about skills"


# -- a deadline per attempt ----------------------------------------------------------------


def test_a_trickling_answer_is_cut_at_the_timeout_of_each_attempt(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 2)
    # 10 bytes a second, never idle for more than 0.1 s: no read timeout would ever trip.
    with FakeOpenAIServer(Behaviour(default="trickle:10")) as server:
        t0 = time.perf_counter()
        report = run(
            tmp_path, inbox, server.base_url, timeout_s=1.0, max_retries=1,
            options={"concurrency": 1},
        )  # fmt: skip
        elapsed = time.perf_counter() - t0
        chats = len(server.chat_requests)
    # 2 documents x 2 attempts x 1 s, plus the client's backoff between attempts (< 1 s each).
    assert chats == 2 * 2 and elapsed < 2 * 2 * 1.0 + 2 * 1.0 + 1.5
    assert report.exit_code == 75 and statuses(tmp_path / "out") == {"retry_later": 2}
    assert report.requests == chats + 1  # and the probe


class _Answer(BaseModel):
    summary: str


def test_the_one_document_client_cuts_a_trickle_too() -> None:
    with FakeOpenAIServer(Behaviour(default="trickle:10")) as server:
        llm = OpenAILLM(base_url=server.base_url, api_key="k", model="m", timeout_s=1.0,
                        max_retries=0)  # fmt: skip
        t0 = time.perf_counter()
        with pytest.raises(ExtractionError, match="did not answer in time"):
            llm.complete([{"role": "user", "content": "hi"}], _Answer, max_tokens=10)
        elapsed = time.perf_counter() - t0
        llm.close()
    # The deadline plus at most one piece of the body (0.1 s apart here).
    assert elapsed < 1.6 and len(server.chat_requests) == 1


def test_a_prompt_answer_passes_the_deadline_unchanged() -> None:
    with FakeOpenAIServer() as server:
        llm = OpenAILLM(base_url=server.base_url, api_key="k", model="m", timeout_s=5.0)
        answer = llm.complete([{"role": "user", "content": "hi"}], _Answer, max_tokens=10)
        llm.close()
    assert answer.value.summary and answer.prompt_tokens > 0


# -- the circuit breaker and the run's deadline --------------------------------------------


def test_an_endpoint_failing_everything_trips_the_breaker(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 20)
    with FakeOpenAIServer(Behaviour(default="500")) as server:
        report = run(tmp_path, inbox, server.base_url, max_retries=1,
                     options={"concurrency": 1, "breaker": 3})  # fmt: skip
        chats = len(server.chat_requests)
        # 3 documents x (max_retries + 1), then no more asking.
        assert chats == 3 * 2 and report.requests == chats + 1
        assert report.exit_code == 75 and report.stopped and "circuit breaker" in report.stopped
        assert report.counts["retry_later"] == 3 and report.counts["left"] == 17
        # Nothing failed or claimed: the rest have no row yet, or a released (pending) one.
        assert set(statuses(tmp_path / "out")) <= {"retry_later", "pending"}
        assert statuses(tmp_path / "out")["retry_later"] == 3
        server.behaviour = Behaviour()  # it recovers: the next run does them all
        again = run(tmp_path, inbox, server.base_url)
    assert again.exit_code == 0 and again.counts["done"] == 20


def test_the_breaker_stops_the_requests_in_flight(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 40)
    with FakeOpenAIServer(Behaviour(default="500", latency_s=0.05)) as server:
        report = run(tmp_path, inbox, server.base_url, max_retries=1,
                     options={"concurrency": 8, "breaker": 3})  # fmt: skip
        chats = len(server.chat_requests)
    c = report.counts
    assert report.exit_code == 75 and c["retry_later"] + c["left"] == 40
    assert c["retry_later"] >= 3 and chats <= (3 + 8) * 2
    assert report.requests == chats + 1  # counted as the server saw them


def test_a_single_bad_document_still_gets_its_retries(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 5)
    with FakeOpenAIServer(Behaviour(script=["500", "500", "ok", "500", "500"])) as server:
        report = run(tmp_path, inbox, server.base_url, max_retries=1,
                     options={"concurrency": 1, "breaker": 2})  # fmt: skip
        chats = len(server.chat_requests)
    # doc000: 2 attempts, set aside; doc001 answered (the count starts again); doc002: 2
    # attempts, set aside; doc003 and doc004 answered.
    assert chats == 2 + 1 + 2 + 2 and report.stopped is None
    assert report.counts["done"] == 3 and report.counts["retry_later"] == 2
    assert report.exit_code == 75


def test_the_run_deadline_stops_starting_documents(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 10)
    with FakeOpenAIServer(Behaviour(latency_s=0.4)) as server:
        t0 = time.perf_counter()
        report = run(tmp_path, inbox, server.base_url,
                     options={"concurrency": 1, "deadline_s": 1.0})  # fmt: skip
        elapsed = time.perf_counter() - t0
        chats = len(server.chat_requests)
    assert 2 <= report.counts["done"] == chats <= 4 and report.counts["left"] == 10 - chats
    assert report.exit_code == 75 and report.stopped and "--deadline" in report.stopped
    assert elapsed < 1.0 + 0.4 + 1.0  # the deadline, the document in flight, the run's own work
    assert set(statuses(tmp_path / "out")) <= {"done", "pending"}
    assert statuses(tmp_path / "out")["done"] == chats


def test_deadline_and_breaker_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = make_inbox(tmp_path, 6)
    out = tmp_path / "out"
    with FakeOpenAIServer(Behaviour(default="500")) as server:
        code = main(["run", str(inbox), "--out", str(out), "--base-url", server.base_url,
                     "--max-retries", "0", "--breaker", "2", "--concurrency", "1",
                     "--deadline", "60", "--no-briefing"])  # fmt: skip
        assert len(server.chat_requests) == 2
    err = capsys.readouterr().err
    assert code == 75 and "circuit breaker: 2 documents in a row" in err and "exit 75" in err


# -- a full disk ---------------------------------------------------------------------------


def _all_outputs_whole(out: Path) -> int:
    """How many outputs OUT holds; each must be a whole, valid summary (no temp file left)."""
    from summarizer.core.schemas import Summary

    outputs = sorted(out.glob("doc*.json"))
    for path in outputs:
        Summary.model_validate_json(path.read_text(encoding="utf-8"))
    assert not [p for p in out.iterdir() if p.name.startswith(".") and "tmp" in p.name]
    return len(outputs)


def test_enospc_on_an_output_ends_the_run_cleanly_and_the_rerun_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    inbox = make_inbox(tmp_path, 8)
    out = tmp_path / "out"
    real_replace = os.replace
    renames: list[str] = []

    def full_after_three(src: Any, dst: Any) -> None:
        # The disk fills after three files: every later rename fails as the kernel would say.
        renames.append(str(dst))
        if len(renames) > 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        real_replace(src, dst)

    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    with FakeOpenAIServer() as server:
        argv = ["run", str(inbox), "--out", str(out), "--base-url", server.base_url,
                "--concurrency", "1"]  # fmt: skip
        monkeypatch.setattr(os, "replace", full_after_three)
        code = main(argv)
        monkeypatch.setattr(os, "replace", real_replace)
        err = capsys.readouterr().err
        assert code == 75
        last = err.strip().splitlines()[-1]
        assert last.startswith("run: ") and f"the disk of {out} is full" in last
        assert "Traceback" not in err and "briefing refreshed" not in err
        assert _all_outputs_whole(out) == 3 and not list(out.glob("run-*.json"))
        with Manifest(out) as m:
            assert {r.name for r in m.rows("done")} == {"doc000", "doc001", "doc002"}
        # Space again: the rerun does the other five, and no document is asked twice (an
        # answer that came in before the disk filled is in the cache).
        assert main(argv) == 0
        assert len(server.chat_requests) == 8
    assert _all_outputs_whole(out) == 8


def test_sqlite_full_and_io_errors_read_as_a_full_disk(tmp_path: Path) -> None:
    import errno
    import sqlite3

    from summarizer.core.errors import is_disk_full

    db = sqlite3.connect(tmp_path / "tiny.sqlite")
    db.execute("PRAGMA max_page_count = 2")  # SQLite's own limit: a real SQLITE_FULL
    with pytest.raises(sqlite3.OperationalError) as full:
        db.execute("CREATE TABLE t (x TEXT)")
        db.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,))
    db.close()
    assert is_disk_full(full.value)
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not is_disk_full(sqlite3.OperationalError("no such table: t"))


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Any:
    """A real 8 MiB filesystem (tmpfs), where the kernel itself answers ENOSPC."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the ENOSPC test above covers the same path")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_real_full_disk_ends_the_run_cleanly_and_the_rerun_completes(
    tmp_path: Path, tiny_disk: Path
) -> None:
    inbox = make_inbox(tmp_path, 40)
    out = tiny_disk / "out"
    filler = tiny_disk / "filler"
    env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}

    def nightly(url: str) -> subprocess.CompletedProcess[str]:
        # Each run its own process, as each night's is.
        return subprocess.run(
            [sys.executable, "-m", "summarizer", "run", str(inbox), "--out", str(out),
             "--base-url", url, "--concurrency", "1"],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip

    with FakeOpenAIServer() as server:
        # Leave room for the manifest and a few outputs, not for forty.
        filler.write_bytes(b"\0" * (8 * 1024 * 1024 - 96 * 1024))
        first = nightly(server.base_url)
        assert first.returncode == 75, first.stderr[-2000:]
        last = first.stderr.strip().splitlines()[-1]
        assert f"the disk of {out} is full" in last and "Traceback" not in first.stderr
        assert _all_outputs_whole(out) < 40
        filler.unlink()
        again = nightly(server.base_url)
    assert again.returncode == 0, again.stderr[-2000:]
    assert _all_outputs_whole(out) == 40
