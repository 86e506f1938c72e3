"""The fake server's Files and Batch APIs, driven by the real openai client over loopback."""

from __future__ import annotations

import json
from typing import Any

import httpx
import openai
import pytest
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ConfigDict, Field

from summarizer.testing.fakechat import Behaviour
from summarizer.testing.fakeserver import FakeOpenAIServer
from summarizer.testing.schemafill import DRAFT_ANSWER

CHAT = "/v1/chat/completions"


class Brief(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=3)
    points: list[str] = Field(min_length=2)
    confidence: float = Field(gt=0, le=1)


def client(server: FakeOpenAIServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.base_url, api_key="test", max_retries=0, timeout=5.0)


def line(custom_id: str, content: str = "Summarize: calm.", **body: Any) -> dict[str, Any]:
    messages = [{"role": "user", "content": content}]
    return {
        "custom_id": custom_id,
        "method": "POST",
        "url": CHAT,
        "body": {"model": "m", "messages": messages, **body},
    }


def jsonl(*lines: dict[str, Any] | str) -> bytes:
    return "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines).encode()


def start_batch(c: openai.OpenAI, data: bytes, **kwargs: Any) -> openai.types.Batch:
    upload = c.files.create(file=("in.jsonl", data), purpose="batch")
    return c.batches.create(
        input_file_id=upload.id, endpoint=CHAT, completion_window="24h", **kwargs
    )


def records(c: openai.OpenAI, file_id: str | None) -> list[dict[str, Any]]:
    if file_id is None:
        return []
    return [json.loads(x) for x in c.files.content(file_id).text.splitlines()]


def by_id(rows: list[dict[str, Any]]) -> dict[str | None, dict[str, Any]]:
    return {r["custom_id"]: r for r in rows}


# -- files ---------------------------------------------------------------------------------


def test_file_upload_retrieve_content_list_delete() -> None:
    data = b'{"a": 1}\r\n\xff\xfe binary \r\n--not-a-boundary\n'
    with FakeOpenAIServer() as server:
        c = client(server)
        f = c.files.create(file=("in.jsonl", data), purpose="batch")
        assert f.object == "file" and f.id.startswith("file-") and f.status == "processed"
        assert (f.bytes, f.filename, f.purpose) == (len(data), "in.jsonl", "batch")
        assert c.files.retrieve(f.id) == f
        assert c.files.content(f.id).content == data
        assert server.files == {f.id: data}
        assert [x.id for x in c.files.list()] == [f.id]
        upload = [r for r in server.requests if r["path"] == "/v1/files"][0]
        assert upload["method"] == "POST" and upload["json"] is None
        deleted = c.files.delete(f.id)
        assert (deleted.id, deleted.deleted, deleted.object) == (f.id, True, "file")
        assert server.files == {}
        for call in (c.files.retrieve, c.files.content, c.files.delete):
            with pytest.raises(openai.NotFoundError, match="No such File object"):
                call(f.id)
        with pytest.raises(openai.BadRequestError, match="purpose"):
            c.files.create(file=("x.jsonl", b"{}"), purpose="nonsense")  # type: ignore[arg-type]
        assert server.request_count == 9 and server.chat_requests == []


# -- batches, auto mode --------------------------------------------------------------------


def test_auto_mode_moves_one_state_per_retrieve_and_answers_with_the_schema() -> None:
    response_format = {
        "type": "json_schema",
        "json_schema": {"name": "Brief", "schema": Brief.model_json_schema()},
    }
    data = jsonl(*(line(f"r{i}", response_format=response_format) for i in range(3)))
    with FakeOpenAIServer() as server:
        c = client(server)
        batch = start_batch(c, data, metadata={"run": "7"})
        assert batch.object == "batch" and batch.id.startswith("batch_")
        assert batch.status == "validating" and batch.metadata == {"run": "7"}
        assert batch.expires_at == batch.created_at + 24 * 3600
        assert batch.request_counts is not None and batch.request_counts.total == 0
        assert batch.output_file_id is None and batch.errors is None
        seen = [c.batches.retrieve(batch.id) for _ in range(3)]
        assert [b.status for b in seen] == ["in_progress", "finalizing", "completed"]
        done = seen[-1]
        assert c.batches.retrieve(batch.id).status == "completed"  # and there it stays
        rows = records(c, done.output_file_id)
        output = c.files.retrieve(done.output_file_id or "")
        assert server.batches[batch.id]["status"] == "completed"
        assert server.chat_requests == []
    assert done.request_counts is not None
    assert done.request_counts.model_dump() == {"total": 3, "completed": 3, "failed": 0}
    assert done.error_file_id is None and done.model == "m"
    assert done.in_progress_at and done.finalizing_at and done.completed_at
    assert done.usage is not None and done.usage.output_tokens > 0
    assert (output.purpose, output.filename) == ("batch_output", f"{batch.id}_output.jsonl")
    assert [r["custom_id"] for r in rows] == ["r0", "r1", "r2"]
    for row in rows:
        assert row["id"].startswith("batch_req_") and row["error"] is None
        assert row["response"]["status_code"] == 200
        assert row["response"]["request_id"].startswith("req_")
        completion = ChatCompletion.model_validate(row["response"]["body"])
        assert completion.choices[0].finish_reason == "stop"
        Brief.model_validate_json(completion.choices[0].message.content or "")


def test_status_plans_give_error_file_lines_and_chat_plans_apply() -> None:
    behaviour = Behaviour(script=["ok", "500", "truncated", "429:3", "hang", "invalid_json"])
    data = jsonl(*(line(f"r{i}") for i in range(6)))
    with FakeOpenAIServer(behaviour) as server:
        c = client(server)
        batch = start_batch(c, data)
        for _ in range(3):
            done = c.batches.retrieve(batch.id)
        output = by_id(records(c, done.output_file_id))
        errors = by_id(records(c, done.error_file_id))
    assert done.status == "completed" and done.request_counts is not None
    assert done.request_counts.model_dump() == {"total": 6, "completed": 4, "failed": 2}
    assert set(output) == {"r0", "r2", "r4", "r5"} and set(errors) == {"r1", "r3"}
    assert errors["r1"]["error"] is None
    assert errors["r1"]["response"]["status_code"] == 500
    assert errors["r1"]["response"]["body"]["error"]["type"] == "server_error"
    assert errors["r3"]["response"]["body"]["error"]["code"] == "rate_limit_exceeded"

    def choice(custom_id: str) -> Any:
        return ChatCompletion.model_validate(output[custom_id]["response"]["body"]).choices[0]

    assert json.loads(choice("r0").message.content) == DRAFT_ANSWER
    assert choice("r2").finish_reason == "length"
    assert json.loads(choice("r4").message.content) == DRAFT_ANSWER  # hang answers as ok
    with pytest.raises(ValueError):
        json.loads(choice("r5").message.content)


def test_malformed_lines_go_to_the_error_file() -> None:
    no_messages = line("no-messages")
    no_messages["body"] = {"model": "m"}
    data = jsonl(
        line("good"),
        "not json at all",
        "[1, 2]",
        {"method": "POST", "url": CHAT, "body": {"messages": []}},
        {**line("wrong-url"), "url": "/v1/embeddings"},
        {**line("wrong-method"), "method": "GET"},
        no_messages,
        "",  # blank lines are skipped, not counted
    )
    with FakeOpenAIServer() as server:
        c = client(server)
        batch = start_batch(c, data)
        for _ in range(3):
            done = c.batches.retrieve(batch.id)
        output = records(c, done.output_file_id)
        errors = records(c, done.error_file_id)
    assert done.status == "completed" and done.request_counts is not None
    assert done.request_counts.model_dump() == {"total": 7, "completed": 1, "failed": 6}
    assert [r["custom_id"] for r in output] == ["good"]
    assert [r["custom_id"] for r in errors] == [
        None, None, None, "wrong-url", "wrong-method", "no-messages"
    ]  # fmt: skip
    for row in errors:
        assert row["response"] is None and row["id"].startswith("batch_req_")
        assert row["error"]["code"] == "invalid_request" and row["error"]["message"]


def test_cancel_ends_with_the_lines_answered_so_far() -> None:
    data = jsonl(line("a"), line("b"))
    with FakeOpenAIServer() as server:
        c = client(server)
        early = start_batch(c, data)
        assert c.batches.retrieve(early.id).status == "in_progress"
        cancelling = c.batches.cancel(early.id)
        assert cancelling.status == "cancelling" and cancelling.cancelling_at
        cancelled = c.batches.retrieve(early.id)
        late = start_batch(c, data)
        c.batches.retrieve(late.id)
        assert c.batches.retrieve(late.id).status == "finalizing"  # every line answered
        assert c.batches.cancel(late.id).status == "cancelling"
        late_done = c.batches.retrieve(late.id)
        answered = records(c, late_done.output_file_id)
        with pytest.raises(openai.ConflictError, match="cancelled"):
            c.batches.cancel(early.id)
    assert cancelled.status == "cancelled" and cancelled.cancelled_at
    assert cancelled.output_file_id is None and cancelled.error_file_id is None
    assert cancelled.request_counts is not None
    assert cancelled.request_counts.model_dump() == {"total": 2, "completed": 0, "failed": 0}
    assert late_done.status == "cancelled"
    assert [r["custom_id"] for r in answered] == ["a", "b"]


# -- batches, manual mode ------------------------------------------------------------------


def test_manual_mode_waits_in_progress_until_settled_completed() -> None:
    with FakeOpenAIServer(batch_mode="manual") as server:
        c = client(server)
        batch = start_batch(c, jsonl(line("a"), line("b")))
        assert [c.batches.retrieve(batch.id).status for _ in range(3)] == ["in_progress"] * 3
        (settled,) = server.settle_batch(batch.id)
        assert settled["status"] == "completed"
        done = c.batches.retrieve(batch.id)
        rows = records(c, done.output_file_id)
        with pytest.raises(ValueError, match="has ended"):
            server.settle_batch(batch.id, "expired")
    assert done.status == "completed" and done.completed_at and done.finalizing_at
    assert [r["custom_id"] for r in rows] == ["a", "b"] and done.error_file_id is None


def test_manual_expired_answers_the_first_lines_and_expires_the_rest() -> None:
    with FakeOpenAIServer(batch_mode="manual") as server:
        c = client(server)
        batch = start_batch(c, jsonl(*(line(f"r{i}") for i in range(4))))
        server.settle_batch(batch.id, "expired", answered=1)  # validated on the way
        done = c.batches.retrieve(batch.id)
        output = records(c, done.output_file_id)
        errors = records(c, done.error_file_id)
    assert done.status == "expired" and done.expired_at and done.completed_at is None
    assert done.request_counts is not None
    assert done.request_counts.model_dump() == {"total": 4, "completed": 1, "failed": 3}
    assert [r["custom_id"] for r in output] == ["r0"]
    assert [r["custom_id"] for r in errors] == ["r1", "r2", "r3"]
    for row in errors:
        assert row["response"] is None
        assert row["error"] == {
            "code": "batch_expired",
            "message": "This request could not be executed before the completion window expired.",
        }


def test_manual_cancelled_and_failed() -> None:
    with FakeOpenAIServer(batch_mode="manual") as server:
        c = client(server)
        data = jsonl(*(line(f"r{i}") for i in range(3)))
        cancel, fail = start_batch(c, data), start_batch(c, data)
        c.batches.retrieve(cancel.id)
        server.settle_batch(cancel.id, "cancelled", answered=2)
        cancelled = c.batches.retrieve(cancel.id)
        output = records(c, cancelled.output_file_id)
        server.settle_batch(fail.id, "failed")
        failed = c.batches.retrieve(fail.id)
    assert cancelled.status == "cancelled" and cancelled.cancelling_at and cancelled.cancelled_at
    assert [r["custom_id"] for r in output] == ["r0", "r1"]
    assert cancelled.error_file_id is None  # the unanswered line is simply absent
    assert cancelled.request_counts is not None
    assert cancelled.request_counts.model_dump() == {"total": 3, "completed": 2, "failed": 0}
    assert failed.status == "failed" and failed.failed_at
    assert failed.output_file_id is None and failed.error_file_id is None
    assert failed.errors is not None and failed.errors.object == "list"
    (error,) = failed.errors.data or []
    assert error.code and error.message and error.line is None and error.param is None


def test_settle_without_an_id_ends_every_open_batch_and_checks_its_arguments() -> None:
    with FakeOpenAIServer(batch_mode="manual") as server:
        c = client(server)
        ids = [start_batch(c, jsonl(line("a"))).id for _ in range(2)]
        settled = server.settle_batch()
        assert sorted(b["id"] for b in settled) == sorted(ids)
        assert {b["status"] for b in server.batches.values()} == {"completed"}
        assert server.settle_batch() == []
        with pytest.raises(KeyError):
            server.settle_batch("batch_missing")
        with pytest.raises(ValueError):
            server.settle_batch(status="finalizing")
        with pytest.raises(ValueError):
            server.settle_batch(status="completed", answered=1)
    with pytest.raises(ValueError):
        FakeOpenAIServer(batch_mode="slow")


# -- validation ----------------------------------------------------------------------------


def test_validation_failures() -> None:
    with FakeOpenAIServer() as server:
        server.batch_max_requests = 2
        c = client(server)
        failed: dict[str, openai.types.Batch] = {}
        # The limits are read when a batch is validated: at its first retrieve.
        for name, data in [
            ("many", jsonl(line("a"), line("b"), line("c"))),
            ("dup", jsonl(line("a"), line("a"))),
            ("empty", b"\n\n"),
        ]:
            failed[name] = c.batches.retrieve(start_batch(c, data).id)
        server.batch_max_bytes = 10
        failed["big"] = c.batches.retrieve(start_batch(c, jsonl(line("a"))).id)
        assert all(c.batches.retrieve(b.id).status == "failed" for b in failed.values())
    codes = {}
    for name, b in failed.items():
        assert b.status == "failed" and b.failed_at and b.output_file_id is None
        assert b.errors is not None and b.errors.data
        codes[name] = b.errors.data[0].code
    assert codes == {
        "many": "too_many_tasks",
        "dup": "duplicate_custom_id",
        "empty": "empty_file",
        "big": "file_too_large",
    }
    assert failed["dup"].errors is not None and failed["dup"].errors.data is not None
    assert failed["dup"].errors.data[0].line == 2


def test_create_rejects_bad_arguments_and_unknown_ids_are_404() -> None:
    with FakeOpenAIServer() as server:
        c = client(server)
        good = c.files.create(file=("in.jsonl", jsonl(line("a"))), purpose="batch")
        other = c.files.create(file=("in.jsonl", jsonl(line("a"))), purpose="user_data")
        cases: list[dict[str, Any]] = [
            {"input_file_id": "file-missing"},
            {"input_file_id": other.id},
            {"input_file_id": good.id, "endpoint": "/v1/embeddings"},
            {"input_file_id": good.id, "completion_window": "1h"},
        ]
        for case in cases:
            args = {"endpoint": CHAT, "completion_window": "24h", **case}
            with pytest.raises(openai.BadRequestError):
                c.batches.create(**args)
        assert server.batches == {}
        with pytest.raises(openai.NotFoundError):
            c.batches.retrieve("batch_missing")
        with pytest.raises(openai.NotFoundError):
            c.batches.cancel("batch_missing")


def test_list_is_newest_first_with_limit_and_after() -> None:
    with FakeOpenAIServer() as server:
        c = client(server)
        ids = [start_batch(c, jsonl(line("a"))).id for _ in range(3)]
        newest_first = ids[::-1]
        first = c.batches.list(limit=2)
        assert [b.id for b in first.data] == newest_first[:2] and first.has_more
        rest = c.batches.list(limit=2, after=newest_first[1])
        assert [b.id for b in rest.data] == newest_first[2:] and not rest.has_more
        assert [b.id for b in c.batches.list(limit=1)] == newest_first  # auto-pagination
        raw = httpx.get(f"{server.base_url}/batches", params={"limit": 2}).json()
        assert raw["object"] == "list" and raw["has_more"] is True
        assert (raw["first_id"], raw["last_id"]) == tuple(newest_first[:2])
        assert all(b["status"] == "validating" for b in raw["data"])  # listing moves nothing
        bad = httpx.get(f"{server.base_url}/batches", params={"limit": 0})
        assert bad.status_code == 400 and bad.json()["error"]["param"] == "limit"
