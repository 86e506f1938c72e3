"""Fault tests of the batch job against the real loopback server (see issue 4, "Fault tests").

Request budget (nightly/runner.py): per chunk at most `max_retries + 1` HTTP requests for
network errors, 429 and 5xx, times `reasks + 1` answers for invalid ones; plus one `GET /models`
probe per run that needs the model.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, cast

import pytest

from summarizer.core.config import load_settings
from summarizer.core.errors import AnswerCutOff
from summarizer.core.schemas import Summary
from summarizer.extract.requests import Drafts
from summarizer.nightly.ask import arequest_drafts
from summarizer.nightly.manifest import Manifest
from summarizer.nightly.report import BatchOptions, RunReport
from summarizer.nightly.runner import failures, run_batch
from summarizer.pipeline import Summarizer
from summarizer.read.documents import document_from_text
from summarizer.testing.fakechat import Behaviour
from summarizer.testing.fakeserver import FakeOpenAIServer

TEXT = (
    "date 2024-03-01\n\nShelling was reported near the river town on Friday, officials said.\n"
    '"We are still counting the damage," the mayor told reporters. Report number {n}.\n'
)


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


def test_429_retry_after_2_then_200(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 1)
    with FakeOpenAIServer(Behaviour(script=["429:2", "ok"])) as server:
        report = run(tmp_path, inbox, server.base_url, max_retries=2)
        chats = server.chat_requests
    assert report.exit_code == 0 and report.counts["done"] == 1
    assert len(chats) == 2
    assert chats[1]["t"] - chats[0]["t"] >= 2.0


def test_retry_after_longer_than_max_wait_defers_the_rest(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 4)
    with FakeOpenAIServer(Behaviour(script=["429:3600"])) as server:
        report = run(tmp_path, inbox, server.base_url, max_retries=2, options={"concurrency": 1})
        assert len(server.chat_requests) == 1  # no client retry: it would be refused again
        assert report.exit_code == 75 and report.counts["retry_later"] == 1
        assert report.counts["left"] == 3 and report.stopped and "3600" in report.stopped
        # The next run does the rest; the deferred one waits for its hour.
        again = run(tmp_path, inbox, server.base_url)
    assert again.counts["done"] == 3 and again.counts["waiting"] == 1 and again.exit_code == 75


def test_500_every_time_stays_within_the_request_budget(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 3)
    with FakeOpenAIServer(Behaviour(default="500")) as server:
        report = run(tmp_path, inbox, server.base_url, max_retries=1, reasks=2)
        chats = len(server.chat_requests)
        # max_retries + 1 per document; instructor does not re-ask on a 500 (no stacking).
        assert chats == 3 * 2
        assert report.exit_code == 75 and report.counts["retry_later"] == 3
        assert statuses(tmp_path / "out") == {"retry_later": 3}
        rows = failures(tmp_path / "out")
        assert all("500" in (r.error or "") for r in rows)
        # The endpoint recovers: the next run picks them up.
        server.behaviour = Behaviour()
        again = run(tmp_path, inbox, server.base_url)
    assert again.exit_code == 0 and again.counts["done"] == 3


def test_a_server_that_never_answers_times_out_and_the_run_ends(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 2)
    with FakeOpenAIServer(Behaviour(default="hang")) as server:
        t0 = time.perf_counter()
        report = run(tmp_path, inbox, server.base_url, timeout_s=0.5, max_retries=1)
        elapsed = time.perf_counter() - t0
        chats = len(server.chat_requests)
    assert elapsed < 5.0
    assert chats == 2 * 2 and report.exit_code == 75
    assert statuses(tmp_path / "out") == {"retry_later": 2}


def test_invalid_json_every_time_is_reasked_then_failed(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 2)
    with FakeOpenAIServer(Behaviour(default="invalid_json")) as server:
        report = run(tmp_path, inbox, server.base_url, reasks=2)
        chats = len(server.chat_requests)
    assert chats == 2 * 3
    assert report.exit_code == 1 and report.counts["failed"] == 2
    assert report.prompt_tokens > 0  # every re-ask's tokens are in the ledger
    rows = failures(tmp_path / "out")
    assert len(rows) == 2 and all("invalid after 3 attempt" in (r.error or "") for r in rows)


def test_an_answer_cut_off_at_max_tokens_is_asked_again_in_smaller_chunks(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "long.txt").write_text(
        "date 2024-03-01\n\n"
        + "\n\n".join(f"Paragraph {i}: shelling near the river town on Friday, officials said. "
                        + "word " * 60 for i in range(12)),
        encoding="utf-8",
    )  # fmt: skip
    # The first answer (the whole document) runs out of tokens; its halves' answers do not.
    with FakeOpenAIServer(Behaviour(script=["truncated"])) as server:
        report = run(tmp_path, inbox, server.base_url)
        asked = [json.dumps(r["json"]["messages"]) for r in server.chat_requests]
    assert report.exit_code == 0 and report.counts["done"] == 1
    told = [{int(n) for n in re.findall(r"Paragraph (\d+):", a)} for a in asked]
    assert told[0] == set(range(12))  # the whole document, cut off
    # Then smaller chunks, none of them the whole, which together tell it all.
    assert len(told) >= 3 and all(len(t) < 12 for t in told[1:])
    assert set().union(*told[1:]) == set(range(12))
    assert report.completion_tokens > 0  # the cut-off answer's tokens are in the ledger


def test_a_cut_off_answer_is_paid_for_once(tmp_path: Path) -> None:
    """Counted in the document's spending when its chunk is split and asked again; carried by
    the error alone when it cannot be (the failure adds the error's tokens to the spending)."""

    class CutOff:
        async def complete(self, messages: Any, response_model: Any, *, max_tokens: int) -> Any:
            raise AnswerCutOff("cut off", prompt_tokens=700, completion_tokens=900)

    short = document_from_text("Shelling was reported near the river town on Friday.\n")
    spent = Drafts(strategy="judge")
    with pytest.raises(AnswerCutOff) as cut:
        asyncio.run(
            arequest_drafts(
                short, cast(Any, CutOff()), max_tokens=100, chunk_tokens=12000,
                strategy="judge", drafts=spent,
            )
        )  # fmt: skip
    assert (spent.prompt_tokens, spent.completion_tokens) == (0, 0)
    assert (cut.value.prompt_tokens, cut.value.completion_tokens) == (700, 900)


def test_a_failed_chunk_costs_only_itself_when_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Summarizer, "chunk_tokens", lambda self: 500)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "long.txt").write_text(
        "\n\n".join(f"Paragraph {i}: shelling near the river town. " + "word " * 300
                     for i in range(6)),
        encoding="utf-8",
    )  # fmt: skip
    with FakeOpenAIServer(Behaviour(script=["ok", "ok"], default="invalid_json")) as server:
        first = run(tmp_path, inbox, server.base_url, reasks=1)
        asked = _chunk_starts(server.chat_requests)
        assert first.exit_code == 1 and statuses(tmp_path / "out") == {"failed": 1}
        assert len(asked) == 4 and len(set(asked)) == 3  # two answered, the third asked twice
        server.behaviour = Behaviour()
        again = run(tmp_path, inbox, server.base_url, reasks=1, options={"retry_failed": True})
        asked_again = _chunk_starts(server.chat_requests[len(asked) :])
    assert again.exit_code == 0 and statuses(tmp_path / "out") == {"done": 1}
    # Only the chunk that failed and those after it; the two answered ones come from the cache.
    assert asked_again[0] == asked[2] and not {asked[0], asked[1]} & set(asked_again)
    assert len(asked_again) == len(set(asked_again)) >= 2  # the document has four chunks or more
    summary = Summary.model_validate_json((tmp_path / "out" / "long.json").read_text())
    assert summary.doc_id == document_from_text((inbox / "long.txt").read_text()).doc_id
    # The ledger counts what each run spent: the retry's row adds only its own requests.
    assert again.prompt_tokens < first.prompt_tokens


def _chunk_starts(requests: list[dict[str, Any]]) -> list[str]:
    """Each chat request's document excerpt, told apart by its first paragraph number."""
    starts = []
    for r in requests:
        content = json.dumps(r["json"]["messages"])
        starts.append(re.findall(r"Paragraph (\d+):", content)[0])
    return starts


def test_refused_key_stops_after_one_request_and_marks_nothing(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 5)
    with FakeOpenAIServer(api_key="right") as server:
        report = run(tmp_path, inbox, server.base_url, api_key="wrong")
        assert server.request_count == 1
    assert report.exit_code == 2 and report.stopped and "API key" in report.stopped
    assert "failed" not in statuses(tmp_path / "out")


def test_401_on_the_first_completion_stops_the_run(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 5)
    with FakeOpenAIServer(Behaviour(script=["401"])) as server:
        report = run(tmp_path, inbox, server.base_url, options={"concurrency": 1})
        assert len(server.chat_requests) == 1
    assert report.exit_code == 2 and report.counts["failed"] == 0
    assert "failed" not in statuses(tmp_path / "out")
    assert list((tmp_path / "out").glob("doc*.json")) == []


def test_unreachable_endpoint_exits_2(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 3)
    with FakeOpenAIServer() as server:
        url = server.base_url  # a port nobody listens on once the server stops
    report = run(tmp_path, inbox, url)
    assert report.exit_code == 2 and report.stopped and "cannot reach" in report.stopped
    assert "failed" not in statuses(tmp_path / "out")


# -- processes: kill -9 and two runs at once -----------------------------------------------


def _command(inbox: Path, out: Path, url: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", "run", str(inbox), "--out", str(out),
            "--base-url", url, *extra]  # fmt: skip


def _document_numbers(requests: list[dict[str, Any]]) -> Counter[int]:
    numbers: Counter[int] = Counter()
    for r in requests:
        content = json.dumps(r["json"]["messages"])
        numbers.update({int(m) for m in re.findall(r"Report number (\d+)", content)})
    return numbers


def _in_flight(out: Path) -> set[int]:
    """Numbers of the documents a killed run held claimed: those in flight when it died."""
    if not (out / "manifest.sqlite").is_file():
        return set()
    with Manifest(out, readonly=True) as m:
        return {int(r.name.removeprefix("doc")) for r in m.rows("claimed")}


def test_kill_9_at_random_points_then_rerun(tmp_path: Path) -> None:
    n, concurrency = 200, 8
    inbox = make_inbox(tmp_path, n)
    out = tmp_path / "out"
    rng = random.Random(20240301)
    kills = 0
    in_flight: Counter[int] = Counter()  # document -> kills it was in flight at
    with FakeOpenAIServer(Behaviour(latency_s=0.01)) as server:
        cmd = _command(inbox, out, server.base_url, "--concurrency", str(concurrency))
        for _ in range(4):
            before = len(server.chat_requests)
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            while len(server.chat_requests) == before and proc.poll() is None:
                assert time.monotonic() < deadline
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.5))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
            in_flight.update(_in_flight(out))
        assert kills >= 3
        final = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert final.returncode == 0, final.stderr[-2000:]
        calls = len(server.chat_requests)
        per_document = _document_numbers(server.chat_requests)
        rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert rerun.returncode == 0 and server.request_count == len(server.requests)
        assert len(server.chat_requests) == calls  # everything skipped, zero requests

    # The guarantee, document by document: one request, plus at most one for each kill that
    # found it in flight.
    assert sum(per_document.values()) == calls and set(per_document) == set(range(n))
    over = {i: c for i, c in per_document.items() if c > 1 + in_flight[i]}
    assert not over, (over, in_flight)
    # Answers are cached as they arrive, so a kill costs at most the requests it cut short,
    # however many answered documents were still waiting to be grounded and written.
    assert calls <= n + kills * concurrency
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))
    with Manifest(out) as m:
        rows = m.rows()
    assert len(rows) == n and {r.status for r in rows} == {"done"}
    for i in range(n):
        summary = Summary.model_validate_json((out / f"doc{i:03d}.json").read_text())
        assert summary.doc_id == document_from_text(TEXT.format(n=i)).doc_id


def test_two_runs_on_one_out_never_process_the_same_document(tmp_path: Path) -> None:
    n = 60
    inbox = make_inbox(tmp_path, n)
    out = tmp_path / "out"
    with FakeOpenAIServer(Behaviour(latency_s=0.1)) as server:
        # No cache: a document done twice would show as two requests.
        cmd = _command(inbox, out, server.base_url, "--concurrency", "4", "--no-cache")
        procs = [
            subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
        numbers = _document_numbers(server.chat_requests)
    assert [code for code, _ in results] == [0, 0], results
    assert sorted(numbers) == list(range(n)) and set(numbers.values()) == {1}
    assert statuses(out) == {"done": n}
    summaries = [line for _, err in results for line in err.splitlines() if line.startswith("run:")]
    done = [int(re.search(r"(\d+) summarized", line).group(1)) for line in summaries]  # type: ignore[union-attr]
    assert sum(done) == n
