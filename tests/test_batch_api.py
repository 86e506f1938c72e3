"""`summarizer run --batch`: requests through the provider's Batch API, against the loopback fake
server's Files and Batches API (real HTTP, the real openai client)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarizer.cli.main import main
from summarizer.core.config import Settings, load_settings
from summarizer.core.errors import (
    EXIT_DOCUMENT_FAILED,
    EXIT_OK,
    EXIT_RETRY_LATER,
    ConfigError,
)
from summarizer.core.schemas import Summary
from summarizer.model.batchapi import BatchAPI
from summarizer.nightly.ledger import MAX_TRIES, Ledger
from summarizer.nightly.report import BatchOptions, RunReport
from summarizer.nightly.runner import collect_file, run_batch
from summarizer.read.documents import Document
from summarizer.read.files import read_path
from summarizer.testing.fakechat import Behaviour
from summarizer.testing.fakeserver import FakeOpenAIServer

TEXT = (
    "date 2024-03-01\n\nShelling was reported near the river town on Friday, officials said.\n"
    '"We are still counting the damage," the mayor told reporters. {n}\n'
)


def make_inbox(root: Path, n: int, prefix: str = "doc") -> Path:
    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (inbox / f"{prefix}{i:03d}.txt").write_text(TEXT.format(n=f"Report {i}."), "utf-8")
    return inbox


def settings(tmp_path: Path, server: FakeOpenAIServer) -> Settings:
    return load_settings(
        {"base_url": server.base_url, "cache_dir": tmp_path / "cache", "model": "gpt-4o-mini"}
    )


def run(
    tmp_path: Path, server: FakeOpenAIServer, inbox: Path, out: str = "out", **options: Any
) -> RunReport:
    opts = BatchOptions(inbox=inbox, out=tmp_path / out, **options)
    return run_batch(settings(tmp_path, server), opts)


def outputs(out: Path) -> dict[str, Summary]:
    return {
        p.stem: Summary.model_validate_json(p.read_text())
        for p in sorted(out.glob("*.json"))
        if not p.name.startswith("run-")
    }


def uploaded_lines(server: FakeOpenAIServer) -> list[dict[str, Any]]:
    lines = []
    for batch in server.batches.values():
        data = server.files[batch["input_file_id"]]
        lines += [json.loads(line) for line in data.splitlines()]
    return lines


def without_run_facts(s: Summary) -> dict[str, Any]:
    data = s.model_dump()
    for key in ("cost_usd", "elapsed_s", "cache_hit"):
        data["meta"].pop(key)
    return data


def test_submit_returns_at_once_and_the_next_run_writes_what_an_online_run_would(
    tmp_path: Path,
) -> None:
    inbox = make_inbox(tmp_path, 3)
    with FakeOpenAIServer(batch_mode="manual") as server:
        first = run(tmp_path, server, inbox, batch=True)
        assert first.exit_code == EXIT_RETRY_LATER
        assert first.counts["batched"] == 3
        assert first.batch is not None and first.batch["submitted"] == 3
        assert server.chat_requests == []
        assert len(server.batches) == 1
        lines = uploaded_lines(server)
        assert [line["url"] for line in lines] == ["/v1/chat/completions"] * 3
        assert len({line["custom_id"] for line in lines}) == 3
        assert outputs(tmp_path / "out") == {}
        assert not list((tmp_path / "out" / "batches").glob("*"))  # uploaded, then removed

        # Not ended yet: the next run waits, plans nothing again and asks nothing.
        waiting = run(tmp_path, server, inbox)
        assert waiting.exit_code == EXIT_RETRY_LATER
        assert waiting.counts["batched"] == 3 and waiting.batch is not None
        assert waiting.batch["open"] == 1

        server.settle_batch()
        collected = run(tmp_path, server, inbox)
        assert collected.exit_code == EXIT_OK, collected.line()
        assert collected.counts["done"] == 3
        assert collected.batch is not None and collected.batch["collected"] == 3
        assert server.chat_requests == []

        # The same documents online, in another OUT and cache: the same summaries.
        online = run_batch(
            load_settings(
                {"base_url": server.base_url, "cache_dir": tmp_path / "c2", "model": "gpt-4o-mini"}
            ),
            BatchOptions(inbox=inbox, out=tmp_path / "online"),
        )
        assert online.counts["done"] == 3
        assert len(server.chat_requests) == 3
        seen = server.request_count
        again = run(tmp_path, server, inbox)
        assert again.counts["skipped"] == 3 and server.request_count == seen
        assert again.exit_code == EXIT_OK

    batched, direct = outputs(tmp_path / "out"), outputs(tmp_path / "online")
    assert batched.keys() == direct.keys()
    for name in batched:
        assert without_run_facts(batched[name]) == without_run_facts(direct[name])
        # Half price through the Batch API (costs are kept to the micro-dollar, so an odd one
        # halves to within one).
        assert batched[name].meta.cost_usd == pytest.approx(
            direct[name].meta.cost_usd / 2, rel=1e-3, abs=1e-6
        )


class Killed(BaseException):
    """A kill at a chosen point (no cleanup of the tool's runs)."""


@pytest.mark.parametrize("created", [False, True], ids=["before-create", "after-create"])
def test_a_kill_around_creating_the_batch_loses_nothing_and_asks_nothing_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, created: bool
) -> None:
    inbox = make_inbox(tmp_path, 2)
    real_create = BatchAPI.create

    def create_then_die(self: BatchAPI, *args: Any, **kwargs: Any) -> Any:
        if created:
            real_create(self, *args, **kwargs)
        raise Killed()

    with FakeOpenAIServer(batch_mode="manual") as server:
        monkeypatch.setattr(BatchAPI, "create", create_then_die)
        with pytest.raises(Killed):
            run(tmp_path, server, inbox, batch=True)
        monkeypatch.setattr(BatchAPI, "create", real_create)
        assert len(server.files) == 1  # the upload happened
        resumed = run(tmp_path, server, inbox, batch=True)
        assert len(server.batches) == 1, "a second batch over the same requests"
        assert len(server.files) == 1, "the input file uploaded twice"
        assert resumed.counts["batched"] == 2
        server.settle_batch()
        done = run(tmp_path, server, inbox, batch=True)
        assert done.counts["done"] == 2 and done.exit_code == EXIT_OK
        assert len(server.batches) == 1 and server.chat_requests == []


def test_a_kill_during_the_upload_does_not_upload_the_file_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = make_inbox(tmp_path, 2)
    real_upload = BatchAPI.upload

    def upload_then_die(self: BatchAPI, path: Path) -> str:
        real_upload(self, path)
        raise Killed()

    with FakeOpenAIServer(batch_mode="manual") as server:
        monkeypatch.setattr(BatchAPI, "upload", upload_then_die)
        with pytest.raises(Killed):
            run(tmp_path, server, inbox, batch=True)
        monkeypatch.setattr(BatchAPI, "upload", real_upload)
        run(tmp_path, server, inbox, batch=True)
        assert len(server.files) == 1 and len(server.batches) == 1
        server.settle_batch()
        done = run(tmp_path, server, inbox, batch=True)
        assert done.counts["done"] == 2 and server.chat_requests == []


def test_a_kill_while_planning_keeps_what_was_queued(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = make_inbox(tmp_path, 3)
    real_queue = Ledger.queue
    calls = []

    def queue_then_die(self: Ledger, *args: Any, **kwargs: Any) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise Killed()
        return real_queue(self, *args, **kwargs)

    with FakeOpenAIServer(batch_mode="manual") as server:
        monkeypatch.setattr(Ledger, "queue", queue_then_die)
        with pytest.raises(Killed):
            run(tmp_path, server, inbox, batch=True, concurrency=1)
        monkeypatch.setattr(Ledger, "queue", real_queue)
        assert server.request_count == 0
        resumed = run(tmp_path, server, inbox, batch=True)
        assert resumed.counts["batched"] == 3
        assert len(server.batches) == 1 and len(uploaded_lines(server)) == 3


def test_a_kill_while_collecting_loses_nothing_and_the_next_run_collects_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = make_inbox(tmp_path, 3)
    real_lines = BatchAPI.lines

    def lines_then_die(self: BatchAPI, file_id: str) -> Any:
        for i, line in enumerate(real_lines(self, file_id)):
            if i == 2:
                raise Killed()
            yield line

    with FakeOpenAIServer(batch_mode="manual") as server:
        run(tmp_path, server, inbox, batch=True)
        server.settle_batch()
        monkeypatch.setattr(BatchAPI, "lines", lines_then_die)
        with pytest.raises(Killed):
            run(tmp_path, server, inbox, batch=True)
        monkeypatch.setattr(BatchAPI, "lines", real_lines)
        with Ledger(tmp_path / "out") as ledger:
            assert ledger.counts() == {"submitted": 3}
        report = run(tmp_path, server, inbox, batch=True)
        assert report.counts["done"] == 3 and report.exit_code == EXIT_OK
        assert len(server.batches) == 1 and server.chat_requests == []


def test_requests_written_to_a_batch_file_are_not_sent_in_a_batch_too(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 3)
    with FakeOpenAIServer(batch_mode="manual") as server:
        run(tmp_path, server, inbox, batch_file=tmp_path / "r.jsonl")
        with Ledger(tmp_path / "out") as ledger:
            assert ledger.counts() == {"submitted": 3}
        again = run(tmp_path, server, inbox, batch=True)
        assert server.batches == {} and again.counts["batched"] == 3


@pytest.mark.parametrize("ending", ["expired", "cancelled"])
def test_a_batch_that_ended_early_gives_its_unanswered_requests_to_the_next_batch(
    tmp_path: Path, ending: str
) -> None:
    inbox = make_inbox(tmp_path, 3)
    with FakeOpenAIServer(batch_mode="manual") as server:
        run(tmp_path, server, inbox, batch=True)
        server.settle_batch(status=ending, answered=1)
        report = run(tmp_path, server, inbox, batch=True)
        assert report.counts["done"] == 1 and report.counts["batched"] == 2
        assert report.batch is not None and report.batch["ended"] == {ending: 1}
        assert len(server.batches) == 2
        second = list(server.batches.values())[-1]
        assert len(server.files[second["input_file_id"]].splitlines()) == 2
        server.settle_batch()
        final = run(tmp_path, server, inbox, batch=True)
        assert final.counts["done"] == 2 and final.exit_code == EXIT_OK
        assert server.chat_requests == []
    assert len(outputs(tmp_path / "out")) == 3


def test_a_mixed_output_file_answer_reask_and_requeue(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 3)
    # Batch lines in order: a good answer, an answer that is not JSON, a 500.
    with FakeOpenAIServer(Behaviour(script=["ok", "invalid_json", "500"]), batch_mode="manual") as (
        server
    ):
        run(tmp_path, server, inbox, batch=True)
        server.settle_batch()
        report = run(tmp_path, server, inbox, batch=True)
        # The invalid answer took the ordinary path: one online request, answered.
        assert len(server.chat_requests) == 1
        assert report.counts["done"] == 2 and report.counts["batched"] == 1
        assert report.batch is not None and report.batch["errors"] == 1
        assert report.batch["collected"] == 2
        assert len(server.batches) == 2  # the 500 line went into the next batch
        server.settle_batch()
        final = run(tmp_path, server, inbox, batch=True)
        assert final.counts["done"] == 1 and final.exit_code == EXIT_OK
    costs = {s.meta.cost_usd for s in outputs(tmp_path / "out").values()}
    assert len(costs) >= 2  # the re-asked one paid online prices on top


def test_a_request_no_batch_answers_ends_in_the_dead_letters_with_the_reason(
    tmp_path: Path,
) -> None:
    inbox = make_inbox(tmp_path, 1)
    with FakeOpenAIServer(batch_mode="manual") as server:
        run(tmp_path, server, inbox, batch=True)
        for _ in range(MAX_TRIES):
            server.settle_batch(status="failed")
            report = run(tmp_path, server, inbox, batch=True)
        assert report.exit_code == EXIT_DOCUMENT_FAILED
        assert report.counts["failed"] == 1
        assert len(server.batches) == MAX_TRIES
    code = main(["failures", str(tmp_path / "out")])
    assert code == EXIT_OK


def test_a_duplicated_document_is_one_request(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 2)
    (inbox / "copy.txt").write_text((inbox / "doc000.txt").read_text("utf-8"), "utf-8")
    with FakeOpenAIServer(batch_mode="manual") as server:
        run(tmp_path, server, inbox, batch=True)
        assert len(uploaded_lines(server)) == 2
        server.settle_batch()
        report = run(tmp_path, server, inbox)
        assert report.counts["done"] == 2 and report.counts["duplicate"] == 1
        assert report.exit_code == EXIT_OK


def test_a_document_changed_between_submit_and_collect_is_asked_afresh(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 2)
    with FakeOpenAIServer(batch_mode="manual") as server:
        run(tmp_path, server, inbox, batch=True)
        (inbox / "doc000.txt").write_text(TEXT.format(n="A corrected report."), "utf-8")
        server.settle_batch()
        # Without --batch, the new text goes online; the other document comes from the batch.
        report = run(tmp_path, server, inbox)
        assert report.counts["done"] == 2 and report.exit_code == EXIT_OK
        assert len(server.chat_requests) == 1
        assert "A corrected report." in json.dumps(server.chat_requests[0]["json"])
    (changed,) = read_path(inbox / "doc000.txt")
    assert isinstance(changed, Document)
    assert outputs(tmp_path / "out")["doc000"].doc_id == changed.doc_id


def test_the_queue_is_split_at_the_providers_limits(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 5)
    with FakeOpenAIServer(batch_mode="manual") as server:
        report = run(tmp_path, server, inbox, batch=True, batch_max_requests=2)
        assert report.batch is not None and report.batch["batches"] == 3
        sizes = [
            len(server.files[b["input_file_id"]].splitlines()) for b in server.batches.values()
        ]
        assert sorted(sizes) == [1, 2, 2]
        one_line = len(json.dumps(uploaded_lines(server)[0]))
    with FakeOpenAIServer(batch_mode="manual") as server:
        report = run(tmp_path, server, inbox, out="out2", batch=True, batch_max_bytes=one_line * 2)
        assert report.batch is not None and report.batch["batches"] >= 3
        assert all(len(data) <= one_line * 2 + 200 for data in server.files.values())


def test_batch_file_then_collect_an_output_file_made_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = make_inbox(tmp_path, 3)
    requests = tmp_path / "requests.jsonl"
    with FakeOpenAIServer(batch_mode="manual") as server:
        s = settings(tmp_path, server)
        report = run_batch(s, BatchOptions(inbox=inbox, out=tmp_path / "out", batch_file=requests))
        assert report.exit_code == EXIT_RETRY_LATER and server.request_count == 0
        assert len(requests.read_text("utf-8").splitlines()) == 3
        # Another engine runs the file (here: the fake server's batch engine).
        client = BatchAPI(base_url=server.base_url, api_key="k")
        file_id = client.upload(requests)
        batch = client.create(file_id, url="/v1/chat/completions", metadata={})
        server.settle_batch(status="expired", answered=2)
        state = client.retrieve(batch.id)
        assert state.output_file_id is not None
        results = tmp_path / "results.jsonl"
        lines = list(client.lines(state.output_file_id))
        results.write_bytes(b"\n".join(lines) + b"\nnot json\n")
        client.close()
        seen = server.request_count
        done = collect_file(s, tmp_path / "out", results)
        assert server.request_count == seen
    assert done.counts["done"] == 2, done.line()
    assert done.counts["left"] == 0 and done.counts["batched"] == 1
    assert done.exit_code == EXIT_RETRY_LATER
    with Ledger(tmp_path / "out") as ledger:
        assert ledger.counts() == {"answered": 2, "queued": 1}
    # The one left goes out with the next --batch-file.
    again = tmp_path / "again.jsonl"
    code = main(
        ["run", str(inbox), "--out", str(tmp_path / "out"), "--batch-file", str(again),
         "--base-url", s.base_url or "", "--model", "gpt-4o-mini",
         "--cache-dir", str(tmp_path / "cache"), "--no-briefing"]
    )  # fmt: skip
    assert code == EXIT_RETRY_LATER
    assert len(again.read_text("utf-8").splitlines()) == 1
    capsys.readouterr()


def test_collect_rejects_a_file_that_is_no_output_file(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 1)
    with FakeOpenAIServer() as server:
        s = settings(tmp_path, server)
        run_batch(s, BatchOptions(inbox=inbox, out=tmp_path / "out", batch_file=tmp_path / "r"))
        junk = tmp_path / "junk.jsonl"
        junk.write_text("hello\nworld\n", "utf-8")
        code = main(
            ["collect", str(tmp_path / "out"), str(junk), "--base-url", server.base_url,
             "--model", "gpt-4o-mini", "--cache-dir", str(tmp_path / "cache")]
        )  # fmt: skip
    assert code == 2


def test_a_dry_run_estimates_a_batch_at_batch_prices(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 4)
    with FakeOpenAIServer() as server:
        online = run(tmp_path, server, inbox, dry_run=True)
        batched = run(tmp_path, server, inbox, dry_run=True, batch=True)
        assert server.request_count == 0
    assert batched.estimated_cost_usd == pytest.approx(
        online.estimated_cost_usd / 2, rel=1e-3, abs=1e-6
    )
    assert "batch prices" in batched.line()


def test_batch_prices_come_from_the_config_or_are_half(tmp_path: Path) -> None:
    config = tmp_path / "summarizer.toml"
    config.write_text('[prices]\n"m1" = [2.0, 8.0, 1.5, 6.0]\n"m2" = [2.0, 8.0]\n', "utf-8")
    s1 = load_settings({"model": "m1"}, config_file=config)
    s2 = load_settings({"model": "m2"}, config_file=config)
    assert s1.batch_price() == (1.5, 6.0) and s2.batch_price() == (1.0, 4.0)
    assert s1.cost_usd(10**6, 0, batch_prompt_tokens=10**6) == 1.5
    assert s2.cost_usd(2 * 10**6, 10**6, batch_prompt_tokens=10**6) == 2.0 + 1.0 + 8.0


def test_the_embedded_model_has_no_batch_engine(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path, 1)
    s = load_settings({"cache_dir": tmp_path / "cache"})
    assert s.embedded
    with pytest.raises(ConfigError, match="OPENAI_BASE_URL"):
        run_batch(s, BatchOptions(inbox=inbox, out=tmp_path / "out", batch=True))


def test_a_long_document_waits_for_all_its_chunks_and_counts_each_once(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    long_text = "".join(TEXT.format(n=f"Paragraph {i}.") for i in range(700))
    (inbox / "long.txt").write_text(long_text, "utf-8")
    with FakeOpenAIServer(batch_mode="manual") as server:
        run(tmp_path, server, inbox, batch=True)
        chunks = len(uploaded_lines(server))
        assert chunks >= 2
        server.settle_batch(status="expired", answered=1)
        report = run(tmp_path, server, inbox, batch=True)
        assert report.counts["batched"] == 1 and report.counts["done"] == 0
        server.settle_batch()
        report = run(tmp_path, server, inbox, batch=True)
        assert report.counts["done"] == 1 and server.chat_requests == []
        online = run_batch(
            load_settings(
                {"base_url": server.base_url, "cache_dir": tmp_path / "c2", "model": "gpt-4o-mini"}
            ),
            BatchOptions(inbox=inbox, out=tmp_path / "online"),
        )
        assert online.counts["done"] == 1 and len(server.chat_requests) == chunks
    batched = outputs(tmp_path / "out")["long"].meta
    direct = outputs(tmp_path / "online")["long"].meta
    assert (batched.prompt_tokens, batched.completion_tokens) == (
        direct.prompt_tokens,
        direct.completion_tokens,
    )
    assert batched.cost_usd == pytest.approx(direct.cost_usd / 2, rel=1e-3, abs=1e-6)
