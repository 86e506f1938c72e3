"""Fault tests of issue 18 against real loopback servers and a real small filesystem: a deadline
per request, a run deadline, a circuit breaker, a full disk, echoed secrets, a tampered cache.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from summarizer.batch import BatchOptions, RunReport, run_batch
from summarizer.cli import main
from summarizer.config import load_settings
from summarizer.errors import ExtractionError, scrub
from summarizer.fakeserver import Behaviour, FakeOpenAIServer
from summarizer.llm import OpenAILLM
from summarizer.manifest import Manifest

TEXT = (
    "date 2024-03-01\n\nShelling was reported near the river town on Friday, officials said.\n"
    '"We are still counting the damage," the mayor told reporters. Report number {n}.\n'
)
KEY = "sk-test-Zq8fakeKey0123456789abcdef"


def make_inbox(root: Path, n: int) -> Path:
    inbox = root / "inbox"
    inbox.mkdir()
    for i in range(n):
        (inbox / f"doc{i:03d}.txt").write_text(TEXT.format(n=i), encoding="utf-8")
    return inbox


def run(
    tmp_path: Path,
    inbox: Path,
    base_url: str,
    *,
    options: dict[str, Any] | None = None,
    **overrides: Any,
) -> RunReport:
    values = {"base_url": base_url, "cache_dir": tmp_path / "cache", "max_retries": 1, **overrides}
    opts = BatchOptions(inbox=inbox, out=tmp_path / "out", **(options or {}))
    return run_batch(load_settings(values), opts)


def statuses(out: Path) -> Counter[str]:
    with Manifest(out) as m:
        return Counter(r.status for r in m.rows())


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
    from summarizer.errors import add_secret

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
