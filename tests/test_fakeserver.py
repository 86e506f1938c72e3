"""The loopback OpenAI-compatible fake server, driven by the real openai client and httpx."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import httpx
import openai
import pytest
from pydantic import BaseModel, ConfigDict, Field

from summarizer.testing.fakechat import Behaviour
from summarizer.testing.fakeserver import FakeOpenAIServer
from summarizer.testing.replay import RecordingResponder, ReplayResponder, request_key
from summarizer.testing.schemafill import DRAFT_ANSWER, fill_schema

MESSAGES = [{"role": "user", "content": "Summarize: shelling was reported near the river."}]


def client(server: FakeOpenAIServer, **kwargs: object) -> openai.OpenAI:
    options: dict[str, object] = {"max_retries": 0, "timeout": 5.0, **kwargs}
    return openai.OpenAI(base_url=server.base_url, api_key="test", **options)  # type: ignore[arg-type]


def complete(c: openai.OpenAI, **kwargs: object) -> openai.types.chat.ChatCompletion:
    return c.chat.completions.create(model="m", messages=MESSAGES, **kwargs)  # type: ignore[call-overload]


def test_ok_completion_has_openai_shape() -> None:
    with FakeOpenAIServer() as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        r = complete(client(server))
    assert r.object == "chat.completion" and r.model == "m" and r.id
    choice = r.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    assert json.loads(choice.message.content or "") == DRAFT_ANSWER
    assert r.usage is not None
    assert r.usage.prompt_tokens == len(MESSAGES[0]["content"]) // 4
    assert r.usage.completion_tokens == len(choice.message.content or "") // 4
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens


def test_429_retry_after_is_honoured_by_the_client() -> None:
    with FakeOpenAIServer(Behaviour(script=["429:1", "ok"])) as server:
        r = complete(client(server, max_retries=1))
        reqs = server.chat_requests
    assert r.choices[0].finish_reason == "stop"
    assert len(reqs) == 2
    assert reqs[1]["t"] - reqs[0]["t"] >= 0.95


def test_429_body_and_header() -> None:
    with FakeOpenAIServer(Behaviour(script=["429:7"])) as server:
        r = httpx.post(f"{server.base_url}/chat/completions", json={"messages": []})
    assert r.status_code == 429
    assert r.headers["retry-after"] == "7" and "retry-after-ms" not in r.headers
    assert r.json()["error"]["code"] == "rate_limit_exceeded"
    assert set(r.json()["error"]) >= {"message", "type", "code"}


def test_scripted_500_then_default() -> None:
    with FakeOpenAIServer(Behaviour(script=["500"])) as server:
        c = client(server)
        with pytest.raises(openai.InternalServerError) as e:
            complete(c)
        assert e.value.status_code == 500
        assert complete(c).choices[0].finish_reason == "stop"
        assert len(server.chat_requests) == 2


def test_401_is_authentication_error() -> None:
    with FakeOpenAIServer(Behaviour(script=["401"])) as server:
        with pytest.raises(openai.AuthenticationError):
            complete(client(server, max_retries=2))
        assert len(server.chat_requests) == 1


def test_api_key_is_checked_when_set() -> None:
    with FakeOpenAIServer(api_key="right") as server:
        with pytest.raises(openai.AuthenticationError):
            complete(client(server))
        good = openai.OpenAI(base_url=server.base_url, api_key="right", max_retries=0)
        assert complete(good).choices[0].message.content


def test_hang_times_out_and_server_keeps_serving() -> None:
    with FakeOpenAIServer(Behaviour(script=["hang"])) as server:
        t0 = time.monotonic()
        with pytest.raises(openai.APITimeoutError):
            complete(client(server, timeout=0.5))
        assert time.monotonic() - t0 < 3
        assert complete(client(server)).choices[0].finish_reason == "stop"


def test_invalid_json_and_truncated_contents() -> None:
    with FakeOpenAIServer(Behaviour(script=["invalid_json", "truncated"])) as server:
        c = client(server)
        bad, cut = complete(c), complete(c)
    assert bad.choices[0].finish_reason == "stop"
    with pytest.raises(ValueError):
        json.loads(bad.choices[0].message.content or "")
    assert cut.choices[0].finish_reason == "length"
    content = cut.choices[0].message.content or ""
    assert content and json.dumps(DRAFT_ANSWER).startswith(content)
    with pytest.raises(ValueError):
        json.loads(content)


def test_close_drops_the_connection() -> None:
    with FakeOpenAIServer(Behaviour(script=["close"])) as server:
        c = client(server)
        with pytest.raises(openai.APIConnectionError):
            complete(c)
        assert complete(c).choices[0].finish_reason == "stop"


def test_concurrent_requests_overlap() -> None:
    async def run(url: str) -> list[int]:
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        async with httpx.AsyncClient(limits=limits, timeout=10) as http:
            body = {"model": "m", "messages": MESSAGES}
            rs = await asyncio.gather(*(http.post(url, json=body) for _ in range(50)))
        return [r.status_code for r in rs]

    with FakeOpenAIServer(Behaviour(latency_s=0.5)) as server:
        t0 = time.monotonic()
        statuses = asyncio.run(run(f"{server.base_url}/chat/completions"))
        elapsed = time.monotonic() - t0
        assert server.request_count == 50
    assert statuses == [200] * 50
    assert elapsed < 3.0  # sequential would take 25 s


def test_keep_alive_reuses_one_connection() -> None:
    with FakeOpenAIServer() as server, httpx.Client() as http:
        for _ in range(3):
            r = http.post(f"{server.base_url}/chat/completions", json={"messages": MESSAGES})
            assert r.status_code == 200 and r.headers["connection"] == "keep-alive"
        assert server.connection_count == 1


def test_tokens_per_s_adds_delay() -> None:
    with FakeOpenAIServer(Behaviour(tokens_per_s=100)) as server:
        t0 = time.monotonic()
        r = complete(client(server))
        elapsed = time.monotonic() - t0
    assert r.usage is not None
    assert elapsed >= r.usage.completion_tokens / 100 * 0.9


def test_error_rate_is_seeded_and_repeatable() -> None:
    def statuses() -> list[int]:
        behaviour = Behaviour(error_rate=0.5, error_status=503, seed=7)
        with FakeOpenAIServer(behaviour) as server, httpx.Client() as http:
            url = f"{server.base_url}/chat/completions"
            return [http.post(url, json={"messages": []}).status_code for _ in range(20)]

    first = statuses()
    assert first == statuses()
    assert set(first) == {200, 503}


def test_behaviour_can_be_swapped_while_running() -> None:
    with FakeOpenAIServer() as server:
        c = client(server)
        assert complete(c).choices[0].finish_reason == "stop"
        server.behaviour = Behaviour(script=["503"], default="truncated")
        with pytest.raises(openai.InternalServerError):
            complete(c)
        assert complete(c).choices[0].finish_reason == "length"


def test_unknown_plan_is_rejected() -> None:
    with pytest.raises(ValueError):
        Behaviour(script=["429:soon"])
    with pytest.raises(ValueError):
        Behaviour(default="200")


def test_models_health_and_unknown_path() -> None:
    with FakeOpenAIServer() as server, httpx.Client() as http:
        assert http.get(f"{server.url}/health").json() == {"status": "ok"}
        assert [m.id for m in client(server).models.list()] == ["fake-model"]
        missing = http.get(f"{server.base_url}/nowhere")
        assert missing.status_code == 404 and "error" in missing.json()
        assert http.post(f"{server.base_url}/chat/completions", content=b"{").status_code == 400
        assert [r["path"] for r in server.requests][:2] == ["/health", "/v1/models"]


def test_authorization_is_redacted() -> None:
    with FakeOpenAIServer() as server:
        complete(client(server))
        (req,) = server.requests
    assert req["headers"]["authorization"] == "<redacted>"
    assert "test" not in json.dumps(req["headers"])
    assert req["method"] == "POST" and req["json"]["messages"] == MESSAGES


def test_keep_requests_bounds_memory() -> None:
    with FakeOpenAIServer(keep_requests=2) as server, httpx.Client() as http:
        for _ in range(5):
            http.get(f"{server.url}/health")
        assert len(server.requests) == 2 and server.request_count == 5


def test_stop_with_hanging_request_returns_quickly() -> None:
    server = FakeOpenAIServer(Behaviour(default="hang")).start()
    errors: list[BaseException] = []

    def call() -> None:
        try:
            httpx.post(f"{server.base_url}/chat/completions", json={}, timeout=10)
        except BaseException as e:  # noqa: B036 - recorded for the assertion below
            errors.append(e)

    caller = threading.Thread(target=call)
    caller.start()
    deadline = time.monotonic() + 2
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    t0 = time.monotonic()
    server.stop()
    assert time.monotonic() - t0 < 3
    caller.join(3)
    assert not caller.is_alive()
    assert errors and isinstance(errors[0], httpx.TransportError)


class Kind(StrEnum):
    STATE = "state"
    GROUP = "group"


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=12, max_length=40)
    kind: Kind
    status: Literal["confirmed", "claimed"]
    count: int | None
    score: float = Field(gt=0, le=1)
    tags: list[str] = Field(min_length=2)
    code: str = Field(max_length=3)


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=3)
    day: str = Field(json_schema_extra={"format": "date"})
    items: list[Item] = Field(min_length=1, max_length=5)
    lead: Item
    parent: Report | None
    note: str | None = None
    flags: list[bool] = Field(default_factory=list)


def test_fill_schema_validates_against_pydantic() -> None:
    value = fill_schema(Report.model_json_schema())
    report = Report.model_validate_json(json.dumps(value))
    assert report.items[0].name == "example exam" and report.parent is None


def test_default_responder_fills_response_format_schema() -> None:
    response_format = {
        "type": "json_schema",
        "json_schema": {"name": "Report", "schema": Report.model_json_schema()},
    }
    with FakeOpenAIServer() as server:
        r = complete(client(server), response_format=response_format)
    Report.model_validate_json(r.choices[0].message.content or "")


def test_forced_tool_call_gets_arguments() -> None:
    tool = {
        "type": "function",
        "function": {"name": "Report", "parameters": Report.model_json_schema()},
    }
    choice = {"type": "function", "function": {"name": "Report"}}
    with FakeOpenAIServer() as server:
        r = complete(client(server), tools=[tool], tool_choice=choice)
    (call,) = r.choices[0].message.tool_calls or []
    assert call.function.name == "Report"  # type: ignore[union-attr]
    Report.model_validate_json(call.function.arguments)  # type: ignore[union-attr]


def test_custom_responder_and_its_failure() -> None:
    def responder(request: dict) -> dict | str:
        if request["messages"][0]["content"] == "boom":
            raise RuntimeError("boom")
        return {"echo": request["messages"][0]["content"]}

    with FakeOpenAIServer(responder=responder) as server:
        c = client(server)
        assert json.loads(complete(c).choices[0].message.content or "") == {
            "echo": MESSAGES[0]["content"]
        }
        with pytest.raises(openai.InternalServerError, match="boom"):
            c.chat.completions.create(model="m", messages=[{"role": "user", "content": "boom"}])


def test_cli_serves_until_sigterm() -> None:
    cmd = [
        sys.executable,
        "-m",
        "summarizer.testing.fakecli",
        "--latency",
        "0",
        "--script",
        "503",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as proc:
        try:
            assert proc.stdout is not None
            base_url = proc.stdout.readline().strip()
            assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1")
            url = f"{base_url}/chat/completions"
            assert httpx.post(url, json={"messages": []}, timeout=5).status_code == 503
            assert httpx.post(url, json={"messages": []}, timeout=5).status_code == 200
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=5)
            assert proc.returncode == 0 and "served 2 requests" in err
        finally:
            if proc.poll() is None:
                proc.kill()


def _post(server: FakeOpenAIServer, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    r = httpx.post(f"{server.base_url}/chat/completions", json=body, timeout=10)
    return r.status_code, r.json()


def test_record_then_replay_answers_each_request_with_its_saved_answer(tmp_path: Path) -> None:
    request = {
        "model": "m",
        "messages": [{"role": "user", "content": "Name the actors."}],
        "response_format": {"type": "json_schema", "json_schema": {"name": "A", "schema": {
            "type": "object", "properties": {"actors": {"type": "array"}},
            "required": ["actors"]}}},
    }  # fmt: skip
    with FakeOpenAIServer(responder=RecordingResponder(tmp_path)) as server:
        _post(server, request)
    key = request_key(request)
    saved = json.loads((tmp_path / f"{key}.request.json").read_text(encoding="utf-8"))
    assert saved["messages"] == request["messages"]
    # The answer written offline is what the replay sends back; the model name is no part of
    # the key.
    (tmp_path / f"{key}.answer.json").write_text('{"actors": ["Hamas"]}', encoding="utf-8")
    with FakeOpenAIServer(responder=ReplayResponder(tmp_path)) as server:
        status, body = _post(server, {**request, "model": "other"})
        assert status == 200
        assert json.loads(body["choices"][0]["message"]["content"]) == {"actors": ["Hamas"]}
        other = {**request, "messages": [{"role": "user", "content": "Something else."}]}
        status, body = _post(server, other)
        assert status == 500 and "no recorded answer" in body["error"]["message"]
