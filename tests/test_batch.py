"""The batch job with an async fake LLM (no HTTP) and, where the client matters, the fake server."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from summarizer.cli.main import main
from summarizer.core.config import Settings, load_settings
from summarizer.core.errors import ExtractionError
from summarizer.core.schemas import Summary
from summarizer.extract.requests import Drafts
from summarizer.model.llm import Completion, Message
from summarizer.model.ratelimit import RateLimiter, TokenBucket, estimate_request_tokens
from summarizer.nightly import document
from summarizer.nightly.ask import arequest_drafts
from summarizer.nightly.inbox import discover
from summarizer.nightly.lane import SWITCH_INTERVAL_S, CpuLane
from summarizer.nightly.manifest import Manifest
from summarizer.nightly.progress import JsonLogReporter
from summarizer.nightly.report import BatchOptions
from summarizer.nightly.runner import BatchRunner, failures, run_batch
from summarizer.read.documents import document_from_text
from summarizer.testing.fakechat import Behaviour
from summarizer.testing.fakeserver import FakeOpenAIServer
from summarizer.testing.schemafill import fill_schema

TEXT = (
    "date 2024-03-01\n\nShelling was reported near the river town on Friday, officials said.\n"
    '"We are still counting the damage," the mayor told reporters. {n}\n'
)


class FakeAsyncLLM:
    """An AsyncStructuredLLM: fills the requested schema minimally; fails on marked documents."""

    def __init__(self, *, fail_on: str | None = None, delay_s: float = 0.0) -> None:
        self.calls: list[list[Message]] = []
        self.fail_on = fail_on
        self.delay_s = delay_s
        self.in_flight = 0
        self.max_in_flight = 0

    async def complete(
        self, messages: list[Message], response_model: type[Any], *, max_tokens: int
    ) -> Completion[Any]:
        self.calls.append(messages)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            if self.fail_on and self.fail_on in messages[-1]["content"]:
                raise ExtractionError("the model's answer stayed invalid", prompt_tokens=7)
            value = response_model.model_validate(fill_schema(response_model.model_json_schema()))
            return Completion(value=value, prompt_tokens=100, completion_tokens=50, attempts=1)
        finally:
            self.in_flight -= 1


def make_inbox(root: Path, files: dict[str, str]) -> Path:
    inbox = root / "inbox"
    for name, text in files.items():
        path = inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return inbox


def docs(n: int, prefix: str = "doc") -> dict[str, str]:
    return {f"{prefix}{i:03d}.txt": TEXT.format(n=f"Report number {i}.") for i in range(n)}


def settings(tmp_path: Path, **overrides: Any) -> Settings:
    values = {"base_url": "http://127.0.0.1:9/v1", "cache_dir": tmp_path / "cache", **overrides}
    return load_settings(values)


def run(tmp_path: Path, inbox: Path, llm: Any, *, s: Settings | None = None, **options: Any) -> Any:
    opts = BatchOptions(inbox=inbox, out=tmp_path / "out", **options)
    return run_batch(s or settings(tmp_path), opts, llm=llm)


def dead_owner() -> str:
    """A claim owner id of a process on this host that has exited."""
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return f"{socket.gethostname()}:{proc.stdout.strip()}:dead"


def outputs(out: Path) -> dict[str, Summary]:
    return {
        p.stem: Summary.model_validate_json(p.read_text())
        for p in sorted(out.glob("*.json"))
        if not p.name.startswith("run-")
    }


# -- discovery ------------------------------------------------------------------------------


def test_discover_is_sorted_recursive_and_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    inbox = make_inbox(
        tmp_path,
        {
            "b.txt": "x",
            "a.md": "x",
            "sub/c.html": "x",
            "sub/d.JSONL": "x",
            ".hidden.txt": "x",
            ".git/e.txt": "x",
            "notes.pdf": "x",
            "z.json": "x",
        },
    )
    # Every file but the hidden ones: the reader names why it cannot take a .pdf or a .json.
    assert discover(inbox) == ["a.md", "b.txt", "notes.pdf", "sub/c.html", "sub/d.JSONL", "z.json"]
    assert discover(inbox / "b.txt") == ["b.txt"]
    # An OUT folder inside the inbox is not input.
    assert discover(inbox, out=inbox / "sub") == ["a.md", "b.txt", "notes.pdf", "z.json"]


# -- the run --------------------------------------------------------------------------------


def test_run_writes_outputs_then_rerun_skips_everything(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, docs(5))
    llm = FakeAsyncLLM()
    report = run(tmp_path, inbox, llm)
    assert report.exit_code == 0
    assert report.counts["done"] == 5 and len(llm.calls) == 5
    out = outputs(tmp_path / "out")
    assert sorted(out) == [f"doc{i:03d}" for i in range(5)]
    assert all(s.meta.prompt_tokens == 100 and not s.meta.cache_hit for s in out.values())
    assert report.prompt_tokens == 500 and report.completion_tokens == 250
    with Manifest(tmp_path / "out") as m:
        assert m.counts() == {"done": 5}
    run_files = list((tmp_path / "out").glob("run-*.json"))
    assert len(run_files) == 1 and json.loads(run_files[0].read_text())["exit_code"] == 0

    again = FakeAsyncLLM()
    report = run(tmp_path, inbox, again)
    assert again.calls == [] and report.counts["skipped"] == 5 and report.exit_code == 0


def test_drafts_come_from_the_cache_when_the_manifest_is_gone(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, docs(3))
    run(tmp_path, inbox, FakeAsyncLLM())
    for p in (tmp_path / "out").iterdir():
        p.unlink()
    llm = FakeAsyncLLM()
    report = run(tmp_path, inbox, llm)
    assert llm.calls == [] and report.counts["cached"] == 3
    assert all(s.meta.cache_hit for s in outputs(tmp_path / "out").values())


def test_same_text_under_two_names_is_summarized_once(tmp_path: Path) -> None:
    same = TEXT.format(n="Same text.")
    inbox = make_inbox(tmp_path, {"a.txt": same, "b.md": same, "c.txt": TEXT.format(n="Other.")})
    llm = FakeAsyncLLM(delay_s=0.05)  # a and b are in flight together
    report = run(tmp_path, inbox, llm, s=settings(tmp_path, use_cache=False))
    assert len(llm.calls) == 2
    assert report.counts["done"] == 2 and report.counts["duplicate"] == 1
    assert sorted(outputs(tmp_path / "out")) == ["a", "c"]
    with Manifest(tmp_path / "out") as m:
        b = m.get("b.md::b")
        assert b is not None and b.status == "done" and b.duplicate_of == "a"
        assert b.output == "a.json"
    again = FakeAsyncLLM()
    assert run(tmp_path, inbox, again).counts["skipped"] == 3 and again.calls == []


def test_changed_file_is_summarized_again(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, docs(2))
    run(tmp_path, inbox, FakeAsyncLLM())
    (inbox / "doc001.txt").write_text(TEXT.format(n="A correction was issued."))
    llm = FakeAsyncLLM()
    report = run(tmp_path, inbox, llm)
    assert len(llm.calls) == 1 and report.counts["done"] == 1 and report.counts["skipped"] == 1
    out = outputs(tmp_path / "out")
    assert (
        out["doc001"].doc_id == document_from_text(TEXT.format(n="A correction was issued.")).doc_id
    )


def test_name_clashes_resolve_deterministically_and_stick(tmp_path: Path) -> None:
    inbox = make_inbox(
        tmp_path, {"a.txt": TEXT.format(n="1"), "a.md": TEXT.format(n="2"), "sub/a.txt": "x y z"}
    )
    run(tmp_path, inbox, FakeAsyncLLM())
    with Manifest(tmp_path / "out") as m:
        names = {r.source_key: r.name for r in m.rows()}
    assert names == {"a.md::a": "a", "a.txt::a": "a-2", "sub/a.txt::a": "a-3"}
    # A new file that sorts first does not take a name already given.
    (inbox / "_.txt").write_text("new")
    (inbox / "A.htm").write_text("<p>new page</p>")
    run(tmp_path, inbox, FakeAsyncLLM())
    with Manifest(tmp_path / "out") as m:
        after = {r.source_key: r.name for r in m.rows()}
    assert {k: after[k] for k in names} == names and after["A.htm::A"] == "A-4"


def test_jsonl_records_are_documents_named_after_their_ids(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "r1", "text": TEXT.format(n="one")}),
        json.dumps({"id": "r2", "text": TEXT.format(n="two")}),
        "{not json",
    ]
    inbox = make_inbox(tmp_path, {"feed.jsonl": "\n".join(lines) + "\n"})
    report = run(tmp_path, inbox, FakeAsyncLLM())
    assert sorted(outputs(tmp_path / "out")) == ["feed-r1", "feed-r2"]
    assert report.counts["failed"] == 1 and report.exit_code == 1
    (failed,) = failures(tmp_path / "out")
    assert failed.name == "feed-line3" and "not valid JSON" in (failed.error or "")
    # Fixed: the dead letter goes away, and the record is summarized.
    lines[2] = json.dumps({"id": "r3", "text": TEXT.format(n="three")})
    (inbox / "feed.jsonl").write_text("\n".join(lines) + "\n")
    report = run(tmp_path, inbox, FakeAsyncLLM())
    assert report.exit_code == 0 and failures(tmp_path / "out") == []


def test_poison_document_is_set_aside_and_retried_on_request(tmp_path: Path) -> None:
    files = docs(3)
    files["doc001.txt"] += "POISON\n"
    inbox = make_inbox(tmp_path, files)
    report = run(tmp_path, inbox, FakeAsyncLLM(fail_on="POISON"))
    assert report.exit_code == 1 and report.counts["done"] == 2 and report.counts["failed"] == 1
    assert report.prompt_tokens == 207  # the failed attempt's tokens are counted too
    (row,) = failures(tmp_path / "out")
    assert row.name == "doc001" and row.status == "failed" and "invalid" in (row.error or "")

    llm = FakeAsyncLLM()
    report = run(tmp_path, inbox, llm)
    assert report.exit_code == 0 and report.counts["failed_earlier"] == 1 and llm.calls == []

    report = run(tmp_path, inbox, llm, retry_failed=True)
    assert report.exit_code == 0 and report.counts["done"] == 1 and len(llm.calls) == 1
    assert failures(tmp_path / "out") == []


def test_unreadable_file_is_failed_once(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, docs(1))
    (inbox / "scan.txt").write_bytes(b"%PDF-1.4 binary")
    report = run(tmp_path, inbox, FakeAsyncLLM())
    assert report.exit_code == 1 and report.counts["failed"] == 1
    assert [r.name for r in failures(tmp_path / "out")] == ["scan"]
    report = run(tmp_path, inbox, FakeAsyncLLM())
    assert report.exit_code == 0 and report.counts["failed_earlier"] == 1
    # Fixed: the dead letter goes, and the document gets the name it would have had.
    (inbox / "scan.txt").write_text(TEXT.format(n="Rescanned."))
    report = run(tmp_path, inbox, FakeAsyncLLM())
    assert report.exit_code == 0 and report.counts["done"] == 1
    assert failures(tmp_path / "out") == [] and (tmp_path / "out" / "scan.json").is_file()


def test_a_file_the_reader_cannot_take_is_listed_unreadable_with_its_reason(
    tmp_path: Path,
) -> None:
    inbox = make_inbox(tmp_path, docs(1))
    (inbox / "brief.pdf").write_bytes(b"%PDF-1.4 binary")
    (inbox / "memo.doc").write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    (inbox / "notes.odt").write_bytes(b"PK\x03\x04 zip")
    report = run(tmp_path, inbox, FakeAsyncLLM())
    assert report.exit_code == 1 and report.counts["done"] == 1 and report.counts["failed"] == 3
    rows = {r.name: r.error or "" for r in failures(tmp_path / "out")}
    assert rows["brief"].startswith("cannot read this PDF")
    assert rows["memo"] == "Legacy Word (.doc) input is not supported (save it as .txt or .html)"
    assert rows["notes"] == "OpenDocument input is not supported (save it as .txt or .html)"


def test_an_output_written_by_a_killed_run_is_adopted_without_a_call(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, docs(2))
    run(tmp_path, inbox, FakeAsyncLLM())
    out = tmp_path / "out"
    # As if killed between writing doc000.json and committing its row.
    with Manifest(out, owner=dead_owner()) as m:
        m.claim("doc000.txt::doc000", name="doc000", doc_id="x", source_path="p", record_id=None)
        row = m.get("doc000.txt::doc000")
        assert row is not None and row.status == "claimed"
    (out / ".doc001.json.abc123.tmp").write_text("{partial")
    llm = FakeAsyncLLM()
    report = run(tmp_path, inbox, llm)
    assert llm.calls == [] and report.counts["repaired"] == 1
    assert not list(out.glob("*.tmp"))


def test_budget_stops_starting_documents(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, docs(6))
    s = settings(tmp_path, model="priced", max_tokens=100)
    s = dataclasses.replace(s, prices={"priced": (1000.0, 1000.0)})
    # Each document costs about 0.15 USD for real, and is estimated at about 1.1 USD at first.
    llm = FakeAsyncLLM()
    report = run(tmp_path, inbox, llm, s=s, budget_usd=1.5, concurrency=1)
    assert report.exit_code == 75 and report.stopped and "budget" in report.stopped
    assert 1 <= len(llm.calls) < 6 and report.cost_usd <= 1.5
    assert report.counts["left"] == 6 - len(llm.calls)


def test_dry_run_estimates_and_sends_nothing(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, docs(4))
    with FakeOpenAIServer() as server:
        s = settings(tmp_path, base_url=server.base_url, model="gpt-4o-mini")
        report = run_batch(s, BatchOptions(inbox=inbox, out=tmp_path / "out", dry_run=True))
        assert server.request_count == 0
    assert not (tmp_path / "out").exists()
    assert report.estimated_prompt_tokens > 4 * 900 and report.estimated_cost_usd > 0
    assert "4 to summarize" in report.line()


def test_concurrency_overlaps_documents(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, docs(16))
    llm = FakeAsyncLLM(delay_s=0.2)
    t0 = time.perf_counter()
    report = run(tmp_path, inbox, llm, concurrency=8)
    assert report.counts["done"] == 16 and llm.max_in_flight == 8
    assert time.perf_counter() - t0 < 2.5  # 3.2 s one at a time


def test_json_log_lines_per_document_event(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, docs(2))
    stream = io.StringIO()
    opts = BatchOptions(inbox=inbox, out=tmp_path / "out")
    run_batch(settings(tmp_path), opts, llm=FakeAsyncLLM(), reporter=JsonLogReporter(stream))
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [e["event"] for e in events] == ["done", "done"]
    assert {e["name"] for e in events} == {"doc000", "doc001"} and all("ts" in e for e in events)


def test_async_request_drafts_counts_every_chunk(tmp_path: Path) -> None:
    doc = document_from_text("\n\n".join(f"Paragraph {i}. " + "word " * 300 for i in range(8)))
    llm = FakeAsyncLLM()
    drafts = asyncio.run(
        arequest_drafts(doc, llm, max_tokens=100, chunk_tokens=500, strategy="plain")
    )
    assert len(drafts.answers) == len(llm.calls) > 1
    assert drafts.prompt_tokens == 100 * len(llm.calls)


def test_async_request_drafts_resumes_after_the_answered_chunks() -> None:
    doc = document_from_text("\n\n".join(f"Paragraph {i}. " + "word " * 300 for i in range(8)))
    kept: list[Drafts] = []
    whole = asyncio.run(
        arequest_drafts(
            doc, FakeAsyncLLM(), max_tokens=100, chunk_tokens=500,
            on_answer=lambda d: kept.append(d.model_copy(deep=True)),
        )
    )  # fmt: skip
    assert len(kept) == len(whole.answers) - 1 >= 2  # after every answer but the last
    llm = FakeAsyncLLM()
    resumed = asyncio.run(
        arequest_drafts(doc, llm, max_tokens=100, chunk_tokens=500, resume=lambda: kept[1])
    )
    assert len(llm.calls) == len(whole.answers) - 2
    assert resumed.answers == whole.answers
    assert resumed.prompt_tokens == 100 * len(llm.calls)  # the kept answers were paid before


# -- the CLI --------------------------------------------------------------------------------


def test_only_summarizer_run_sets_the_interpreter_switch_interval(tmp_path: Path) -> None:
    # The run's process is the application: it shortens the interval so that the CPU lane's
    # thread hands the interpreter back to the event loop at once. A program that uses the
    # library (BatchRunner) keeps its own.
    inbox = make_inbox(tmp_path, docs(1))
    before = sys.getswitchinterval()
    try:
        with FakeOpenAIServer() as server:
            settings = load_settings({"base_url": server.base_url, "use_cache": False})
            options = BatchOptions(inbox=inbox, out=tmp_path / "lib", concurrency=2)
            asyncio.run(BatchRunner(settings, options).run())
            assert sys.getswitchinterval() == before
            argv = ["run", str(inbox), "--out", str(tmp_path / "cli"), "--base-url"]
            assert main([*argv, server.base_url, "--no-cache"]) == 0
            assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
    finally:
        sys.setswitchinterval(before)


def test_cli_run_and_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = docs(2)
    inbox = make_inbox(tmp_path, files)
    (inbox / "bad.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "out"
    with FakeOpenAIServer() as server:
        argv = ["run", str(inbox), "--out", str(out), "--base-url", server.base_url]
        assert main([*argv, "--dry-run"]) == 0
        assert "2 to summarize" in capsys.readouterr().out
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert len(server.chat_requests) == 2
    lines = err.strip().splitlines()
    assert json.loads(lines[0])["event"] in ("done", "unreadable")
    assert lines[-1].startswith("run: 3 documents, 2 summarized") and "exit 1" in lines[-1]
    assert main(["failures", str(out)]) == 0
    listed = capsys.readouterr().out
    assert "bad" in listed and "binary" in listed
    assert main(["failures", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "failed"
    assert main(["failures", str(tmp_path / "nowhere")]) == 2


# -- rate limits ----------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_rpm_paces_requests() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rpm=120, clock=clock, sleep=clock.sleep)

    async def go() -> None:
        for _ in range(5):
            await limiter.acquire()

    asyncio.run(go())
    # 2 a second, a bucket of 2: two at once, then one every 0.5 s.
    assert clock.now - 1000.0 == pytest.approx(1.5)


def test_tpm_paces_by_tokens_and_is_corrected_after_the_answer() -> None:
    clock = FakeClock()
    limiter = RateLimiter(tpm=6000, clock=clock, sleep=clock.sleep)  # 100 tokens a second

    async def go() -> None:
        await limiter.acquire(100)
        await limiter.acquire(300)  # larger than the bucket: waits for a full one, then owes
        limiter.settle(reserved=300, actual=100)  # it used less: the debt is forgiven
        await limiter.acquire(100)

    asyncio.run(go())
    # 1 s for the second bucketful, 1 s for the third; without the correction 3 s for it.
    assert clock.now - 1000.0 == pytest.approx(2.0)


def test_pause_holds_everyone() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    limiter.pause(2.0)
    asyncio.run(limiter.acquire())
    assert clock.now - 1000.0 == pytest.approx(2.0)


def test_token_bucket_and_estimate() -> None:
    with pytest.raises(ValueError):
        TokenBucket(0)
    body = json.dumps({"messages": [{"role": "user", "content": "x" * 350}], "max_tokens": 50})
    assert estimate_request_tokens(body.encode()) == 150
    assert estimate_request_tokens(b"not json at all") == 4


def test_rpm_limit_holds_against_the_fake_server(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, docs(4))
    with FakeOpenAIServer(Behaviour()) as server:
        s = settings(tmp_path, base_url=server.base_url)
        opts = BatchOptions(inbox=inbox, out=tmp_path / "out", rpm=240, concurrency=4)
        report = BatchRunner(s, opts)
        t0 = time.perf_counter()
        result = asyncio.run(report.run())
        elapsed = time.perf_counter() - t0
        times = [r["t"] for r in server.requests]
    # 4 a second with a bucket of 4: the probe and three chats at once, then one at 0.25 s.
    assert result.counts["done"] == 4 and result.requests == 5
    assert times[-1] - times[0] >= 0.2 and elapsed >= 0.2


def test_progress_bar_reports_counts(tmp_path: Path) -> None:
    from summarizer.nightly.progress import RichReporter

    files = docs(3)
    files["doc002.txt"] += "POISON\n"
    inbox = make_inbox(tmp_path, files)
    stream = io.StringIO()
    opts = BatchOptions(inbox=inbox, out=tmp_path / "out")
    llm = FakeAsyncLLM(fail_on="POISON")
    run_batch(settings(tmp_path), opts, llm=llm, reporter=RichReporter(stream))
    shown = stream.getvalue()
    assert "3/3" in shown and "failed 1" in shown and "failed: doc002" in shown


def test_the_progress_line_has_an_eta_from_the_first_document_and_fits_80_columns() -> None:
    from summarizer.nightly.progress import RichReporter, compact_counts, eta_text

    assert eta_text(None) == "" and eta_text(0.2) == ""
    assert eta_text(108.0) == "ETA 1:48"
    assert eta_text(7200.0) == "ETA 2:00:00"
    counts = {"done": 9995, "repaired": 0, "duplicate": 0, "cached": 12000, "skipped": 40000}
    counts |= {"failed": 312, "retry_later": 1000}
    assert compact_counts(counts) == "done 9995 cached 12000 skip 40000 failed 312 later 1000"
    stream = io.StringIO()  # rich lays a non-terminal out in 80 columns
    reporter = RichReporter(stream)
    reporter.start(99999, 10**9)
    reporter.read(10**6, 10**6)
    for _ in range(3):
        reporter.advance(counts, 5000, timed=True)
    reporter.stop()
    rendered = [x for x in stream.getvalue().splitlines() if x.strip()]
    assert rendered and all(len(x) <= 80 for x in rendered), rendered
    assert "ETA" in rendered[-1]


def test_the_eta_counts_text_not_documents() -> None:
    from summarizer.nightly.progress import Eta

    eta = Eta(unread_bytes=30_000)
    assert eta.left_s(5.0) is None
    eta.read(10_000, 8_000)  # a file of 10 kB: 8,000 characters of text
    eta.dealt(4_000, timed=False)  # done before: takes no time, leaves the sum
    assert eta.left_s(5.0) is None  # nothing asked yet: no rate
    eta.dealt(2_000, timed=True)  # the model took the run's 10 s over 2,000 characters
    # Left: 2,000 characters read, and 20,000 unread bytes at 0.8 characters a byte.
    assert eta.left_s(10.0) == pytest.approx(10.0 / 2_000 * (2_000 + 16_000))
    eta.read(20_000, 16_000)
    eta.dealt(18_000, timed=True)
    assert eta.left_s(20.0) == 0.0


def run_command(inbox: Path, out: Path, base_url: str, cache: Path, *extra: str) -> list[str]:
    """`summarizer run` against the fake server, four documents in flight, as a subprocess."""
    return [
        sys.executable,
        "-m",
        "summarizer",
        "run",
        str(inbox),
        "--out",
        str(out),
        "--base-url",
        base_url,
        "--cache-dir",
        str(cache),
        "--concurrency",
        "4",
        *extra,
    ]


def test_workers_share_the_inbox_and_do_each_document_once(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, docs(24))
    out = tmp_path / "out"
    # The first process starts at once, the second only once it has imported everything (1 to
    # 2 s): one document at a time, 0.25 s each, leaves the second plenty to do.
    command = run_command(inbox, out, "", tmp_path / "cache", "--workers", "2")
    command[command.index("--concurrency") + 1] = "1"
    with FakeOpenAIServer(Behaviour(latency_s=0.25)) as server:
        command[command.index("--base-url") + 1] = server.base_url
        proc = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=120,
        )
        completions = len(server.chat_requests)
    assert proc.returncode == 0, proc.stderr
    assert completions == 24  # every document once, across both processes
    assert len(outputs(out)) == 24
    runs = list(out.glob("run-*.json"))
    assert len(runs) == 2  # one report per worker
    done = [json.loads(p.read_text())["counts"]["done"] for p in runs]
    assert sum(done) == 24 and all(n > 0 for n in done), done
    assert (out / "briefing" / "briefing.md").is_file()  # the parent refreshed it once


def test_summarize_beside_a_run_shares_the_cache(tmp_path: Path) -> None:
    """An analyst's `summarize` next to the nightly `run` on one cache folder: neither crashes."""
    inbox = make_inbox(tmp_path, docs(30))
    cache = tmp_path / "cache"
    with FakeOpenAIServer(Behaviour(latency_s=0.05)) as server:
        nightly = subprocess.Popen(
            run_command(inbox, tmp_path / "out", server.base_url, cache),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        codes = []
        for round_ in range(3):
            files = [str(p) for p in sorted(inbox.glob("*.txt"))[round_ * 10 : round_ * 10 + 10]]
            codes.append(
                main(
                    [
                        "summarize",
                        *files,
                        "--base-url",
                        server.base_url,
                        "--cache-dir",
                        str(cache),
                        "--out",
                        str(tmp_path / "analyst"),
                        "-q",
                    ]
                )
            )
        _, err = nightly.communicate(timeout=120)
    assert codes == [0, 0, 0]
    assert nightly.returncode == 0, err.decode()
    assert len(outputs(tmp_path / "out")) == 30
    assert len(list((tmp_path / "analyst").glob("*.json"))) == 30


def test_cpu_lane_runs_plans_before_grounding_and_skips_cancelled_work() -> None:
    import threading

    lane = CpuLane()
    gate = threading.Event()
    order: list[str] = []

    def job(name: str) -> str:
        order.append(name)
        return name

    try:
        first = lane.submit(1, lambda: (gate.wait(5), job("busy"))[1])
        ground_a = lane.submit(1, lambda: job("ground a"))
        dropped = lane.submit(1, lambda: job("dropped"))
        ground_b = lane.submit(1, lambda: job("ground b"))
        plan = lane.submit(0, lambda: job("plan"))
        failing = lane.submit(0, lambda: 1 // 0)
        assert dropped.cancel()  # nobody waits for it any more: never run
        gate.set()
        assert [f.result(5) for f in (first, ground_a, ground_b, plan)] == [
            "busy",
            "ground a",
            "ground b",
            "plan",
        ]
        with pytest.raises(ZeroDivisionError):
            failing.result(5)
    finally:
        lane.close()
    assert order == ["busy", "plan", "ground a", "ground b"]
    assert threading.current_thread().name not in order


def test_run_plans_and_grounds_off_the_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import summarizer.nightly.ask as ask
    import summarizer.pipeline as pipeline

    threads: dict[str, set[str]] = {"plan": set(), "ground": set()}

    def recording(what: str, real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            threads[what].add(threading.current_thread().name)
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(ask, "plan_remaining", recording("plan", ask.plan_remaining))
    monkeypatch.setattr(pipeline, "ground_drafts", recording("ground", pipeline.ground_drafts))
    inbox = make_inbox(tmp_path, docs(3))
    report = run(tmp_path, inbox, FakeAsyncLLM(), concurrency=2)
    assert report.counts["done"] == 3
    assert threads == {"plan": {"summarizer-cpu"}, "ground": {"summarizer-cpu"}}
    # One document at a time: nothing to overlap, so no thread.
    threads = {"plan": set(), "ground": set()}
    inbox = make_inbox(tmp_path / "one", docs(2))
    report = run(tmp_path / "one", inbox, FakeAsyncLLM(), concurrency=1)
    assert report.counts["done"] == 2
    main = threading.current_thread().name
    assert threads == {"plan": {main}, "ground": {main}}


def test_next_request_goes_out_while_an_answer_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real = document.atomic_write_text

    def slow(path: Path, text: str) -> None:
        if path.suffix == ".json" and path.name.startswith("doc"):
            events.append("write start")
            time.sleep(0.3)
            events.append("write end")
        real(path, text)

    class Recording(FakeAsyncLLM):
        async def complete(self, *args: Any, **kwargs: Any) -> Any:
            events.append("request")
            return await super().complete(*args, **kwargs)

    monkeypatch.setattr(document, "atomic_write_text", slow)
    llm = Recording()
    report = run(tmp_path, make_inbox(tmp_path, docs(2)), llm, concurrency=1)
    assert report.counts["done"] == 2
    # One request in flight at a time, but the second does not wait for the first's output.
    assert llm.max_in_flight == 1
    second_request = events.index("request", 1)
    assert second_request < events.index("write end"), events
    assert all((tmp_path / "out" / f"doc00{i}.json").is_file() for i in range(2))


def test_the_briefing_covers_the_latest_summaries_and_a_rerun_leaves_it(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, docs(6))
    out = tmp_path / "out"
    with FakeOpenAIServer(Behaviour(latency_s=0.0)) as server:
        first = subprocess.run(
            run_command(inbox, out, server.base_url, tmp_path / "cache", "--briefing-limit", "4"),
            capture_output=True,
            text=True,
            timeout=120,
        )
        briefing = out / "briefing" / "briefing.json"
        assert first.returncode == 0, first.stderr
        warnings = json.loads(briefing.read_text())["warnings"]
        assert any("the 4 most recent of 6 summaries" in w for w in warnings), warnings
        before = briefing.stat().st_mtime_ns
        again = subprocess.run(
            run_command(inbox, out, server.base_url, tmp_path / "cache"),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert again.returncode == 0, again.stderr
    assert "briefing unchanged" in again.stderr
    assert briefing.stat().st_mtime_ns == before  # nothing new: not rewritten


def test_workers_share_out_the_rate_and_budget_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.cli import run as commands_run
    from summarizer.cli.main import build_parser
    from summarizer.cli.run import shared_limits

    argv = ["run", "in", "--out", "o", "--workers", "2", "--rpm", "60", "--budget", "1"]
    args = build_parser().parse_args(argv)
    args.argv = argv
    assert shared_limits(args) == (30.0, None, 0.5)  # the parent's half
    started: list[list[str]] = []
    monkeypatch.setattr(commands_run.subprocess, "Popen", lambda cmd: started.append(cmd))
    commands_run._start_workers(args)
    (command,) = started
    assert command[-4:] == ["--worker", "--no-briefing", "--share", "2"]
    assert "--workers" not in command
    worker = build_parser().parse_args(["run", "in", "--out", "o", "--rpm", "60", "--budget", "1",
                                        "--worker", "--share", "2"])  # fmt: skip
    assert shared_limits(worker) == (30.0, None, 0.5)
    alone = build_parser().parse_args(["run", "in", "--out", "o", "--rpm", "60"])
    assert shared_limits(alone) == (60.0, None, None)
