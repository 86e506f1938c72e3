"""OpenAILLM against the loopback fake server: token counts, re-asks, and the two retry layers."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from summarizer.core.drafts import ExtractionDraft
from summarizer.core.errors import EXIT_USAGE, BackendError, ExtractionError
from summarizer.model.client import OpenAILLM
from summarizer.testing.fakechat import Behaviour
from summarizer.testing.fakeserver import FakeOpenAIServer

MESSAGES = [{"role": "user", "content": "Summarize: shelling was reported near the river."}]
VALID = {
    "summary": "Shelling was reported near the river.",
    "actors": [],
    "events": [],
    "quotes": [{"speaker": None, "text": "shelling was reported"}],
    "uncertainty": [],
}
INVALID = {"summary": 5}


class Scripted:
    """A responder that answers from a list (the last repeats) and records what it sent."""

    def __init__(self, *answers: dict[str, Any] | str) -> None:
        self.answers = list(answers)
        self.sent: list[str] = []

    def __call__(self, request: dict[str, Any]) -> str:
        answer = self.answers[min(len(self.sent), len(self.answers) - 1)]
        content = answer if isinstance(answer, str) else json.dumps(answer)
        self.sent.append(content)
        return content


def usage_of(request_body: dict[str, Any], content: str) -> tuple[int, int]:
    """The usage the fake server reports for one request and the content it answered."""
    chars = sum(len(m.get("content") or "") for m in request_body["messages"])
    return max(1, chars // 4), max(1, len(content) // 4)


def make_llm(base_url: str, **kwargs: Any) -> OpenAILLM:
    options: dict[str, Any] = {
        "api_key": "test-key",
        "model": "fake-model",
        "mode": "json_schema",
        "timeout_s": 5.0,
        "max_retries": 0,
        "reasks": 2,
        **kwargs,
    }
    return OpenAILLM(base_url=base_url, **options)


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as s:
        yield s


def bodies(server: FakeOpenAIServer) -> list[dict[str, Any]]:
    return [r["json"] for r in server.chat_requests]


def test_valid_answer_in_one_attempt(server: FakeOpenAIServer) -> None:
    server.responder = Scripted(VALID)
    llm = make_llm(server.base_url)
    result = llm.complete(MESSAGES, ExtractionDraft, max_tokens=256)
    assert isinstance(result.value, ExtractionDraft)
    assert result.value.summary == VALID["summary"]
    assert result.attempts == 1
    (body,) = bodies(server)
    assert (result.prompt_tokens, result.completion_tokens) == usage_of(
        body, server.responder.sent[0]
    )
    assert body["max_tokens"] == 256 and body["temperature"] == 0.0 and body["seed"] == 42
    assert body["response_format"]["type"] == "json_schema"


def test_tokens_are_counted_over_every_attempt(server: FakeOpenAIServer) -> None:
    responder = Scripted(INVALID, VALID)
    server.responder = responder
    result = make_llm(server.base_url).complete(MESSAGES, ExtractionDraft, max_tokens=256)
    assert result.attempts == 2
    sent = bodies(server)
    assert len(sent) == 2
    # The re-ask carries the error back to the model, so it is a longer prompt.
    assert len(sent[1]["messages"]) > len(sent[0]["messages"])
    usages = [usage_of(b, c) for b, c in zip(sent, responder.sent, strict=True)]
    assert result.prompt_tokens == sum(u[0] for u in usages)
    assert result.completion_tokens == sum(u[1] for u in usages)
    assert result.prompt_tokens > usages[1][0]


def test_reasks_stop_after_reasks_plus_one_attempts(server: FakeOpenAIServer) -> None:
    responder = Scripted(INVALID)
    server.responder = responder
    with pytest.raises(ExtractionError) as e:
        make_llm(server.base_url, reasks=1).complete(MESSAGES, ExtractionDraft, max_tokens=256)
    sent = bodies(server)
    assert len(sent) == 2
    usages = [usage_of(b, c) for b, c in zip(sent, responder.sent, strict=True)]
    assert e.value.prompt_tokens == sum(u[0] for u in usages)
    assert e.value.completion_tokens == sum(u[1] for u in usages)
    assert "invalid after 2 attempt" in e.value.message
    assert e.value.exit_code == 1


def test_zero_reasks_means_one_attempt(server: FakeOpenAIServer) -> None:
    server.responder = Scripted(INVALID)
    with pytest.raises(ExtractionError):
        make_llm(server.base_url, reasks=0).complete(MESSAGES, ExtractionDraft, max_tokens=256)
    assert len(server.chat_requests) == 1


def test_invalid_json_is_reasked(server: FakeOpenAIServer) -> None:
    server.responder = Scripted(VALID)
    server.behaviour = Behaviour(script=["invalid_json", "ok"])
    result = make_llm(server.base_url).complete(MESSAGES, ExtractionDraft, max_tokens=256)
    assert result.attempts == 2
    assert len(server.chat_requests) == 2


def test_server_errors_are_retried_by_the_client_only(server: FakeOpenAIServer) -> None:
    server.behaviour = Behaviour(default="500")
    llm = make_llm(server.base_url, max_retries=1, reasks=2)
    with pytest.raises(ExtractionError, match="500"):
        llm.complete(MESSAGES, ExtractionDraft, max_tokens=256)
    # One request plus the client's one retry; instructor does not re-ask on API errors.
    assert len(server.chat_requests) == 2


def test_401_is_a_backend_error_after_one_request(server: FakeOpenAIServer) -> None:
    server.behaviour = Behaviour(default="401")
    llm = make_llm(server.base_url, max_retries=2, reasks=2)
    with pytest.raises(BackendError) as e:
        llm.complete(MESSAGES, ExtractionDraft, max_tokens=256)
    assert e.value.exit_code == EXIT_USAGE == 2
    assert "OPENAI_API_KEY" in e.value.message
    assert len(server.chat_requests) == 1


def test_api_key_is_sent_as_bearer_and_checked() -> None:
    with FakeOpenAIServer(api_key="right-key") as s:
        s.responder = Scripted(VALID)
        assert make_llm(s.base_url, api_key="right-key").complete(
            MESSAGES, ExtractionDraft, max_tokens=64
        )
        with pytest.raises(BackendError):
            make_llm(s.base_url, api_key="wrong-key").complete(
                MESSAGES, ExtractionDraft, max_tokens=64
            )


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_unreachable_endpoint_is_a_backend_error() -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    with pytest.raises(BackendError) as e:
        make_llm(url).complete(MESSAGES, ExtractionDraft, max_tokens=64)
    assert "cannot reach" in e.value.message and url in e.value.message
    assert e.value.exit_code == 2


def test_hang_times_out_as_an_extraction_error(server: FakeOpenAIServer) -> None:
    server.behaviour = Behaviour(default="hang")
    t0 = time.monotonic()
    with pytest.raises(ExtractionError, match="time"):
        make_llm(server.base_url, timeout_s=0.5, max_retries=0).complete(
            MESSAGES, ExtractionDraft, max_tokens=64
        )
    assert time.monotonic() - t0 < 5
    assert len(server.chat_requests) == 1


def test_429_with_retry_after_then_ok_succeeds(server: FakeOpenAIServer) -> None:
    server.responder = Scripted(VALID)
    server.behaviour = Behaviour(script=["429:0.3", "ok"])
    result = make_llm(server.base_url, max_retries=1).complete(
        MESSAGES, ExtractionDraft, max_tokens=64
    )
    assert result.value.summary == VALID["summary"]
    reqs = server.chat_requests
    assert len(reqs) == 2
    assert reqs[1]["t"] - reqs[0]["t"] >= 0.25  # the client waited as told
    assert result.attempts == 1  # the 429 carried no answer and no tokens


def test_truncated_output_is_an_extraction_error_naming_max_tokens(
    server: FakeOpenAIServer,
) -> None:
    server.responder = Scripted(VALID)
    server.behaviour = Behaviour(default="truncated")
    with pytest.raises(ExtractionError, match="max_tokens"):
        make_llm(server.base_url).complete(MESSAGES, ExtractionDraft, max_tokens=64)


def test_tools_mode_sends_a_tool_and_reads_the_call(server: FakeOpenAIServer) -> None:
    server.responder = Scripted(VALID)
    result = make_llm(server.base_url, mode="tools").complete(
        MESSAGES, ExtractionDraft, max_tokens=64
    )
    assert result.value.summary == VALID["summary"]
    (body,) = bodies(server)
    assert body["tools"] and "response_format" not in body


def test_extra_body_fields_reach_the_server(server: FakeOpenAIServer) -> None:
    server.responder = Scripted(VALID)
    llm = make_llm(server.base_url, extra_body={"cache_prompt": False, "top_k": 1})
    llm.complete(MESSAGES, ExtractionDraft, max_tokens=64)
    (body,) = bodies(server)
    assert body["cache_prompt"] is False and body["top_k"] == 1


def test_invalid_data_is_reasked_then_accepted(server: FakeOpenAIServer) -> None:
    server.responder = Scripted(INVALID, VALID)
    result = make_llm(server.base_url).complete(MESSAGES, ExtractionDraft, max_tokens=256)
    assert result.attempts == 2
    assert result.value.summary == VALID["summary"]


def test_a_spans_answer_outside_its_lists_is_reasked(server: FakeOpenAIServer) -> None:
    # A backend that ignores the schema answers with a place the document does not have: the
    # answer is re-asked, saying what is wrong, and the next one is taken.
    from summarizer.extract.candidates import Finds, response_model

    text = "Shelling hit the city of Kharkiv on Monday, officials said. Repairs began."
    model = response_model(Finds.compute(text, None).candidates(0, len(text)))
    bad = {"events": [{"sentence": "S1", "event_type": "Battles", "location": "Lviv"}]}
    good = {"events": [{"sentence": "S1", "event_type": "Battles", "location": "Kharkiv"}]}
    server.responder = Scripted({**bad, "summary": ["S1"]}, {**good, "summary": ["S1"]})
    result = make_llm(server.base_url).complete(MESSAGES, model, max_tokens=256)
    assert result.attempts == 2
    assert result.value.model_dump()["events"] == good["events"]
    reask = json.dumps(bodies(server)[1]["messages"])
    assert "Lviv" in reask and "events.0.location" in reask


def test_a_grammar_function_sends_the_schema_as_the_servers_grammar(
    server: FakeOpenAIServer,
) -> None:
    """The embedded path: the answer's JSON Schema goes out as llama.cpp's `grammar`, in place
    of `response_format`, and the answer is parsed as before."""
    seen: list[dict[str, Any]] = []

    def grammar(schema: dict[str, Any]) -> str:
        seen.append(schema)
        return "root ::= " + json.dumps(sorted(schema["properties"]))

    server.responder = Scripted(VALID)
    result = make_llm(server.base_url, grammar=grammar).complete(
        MESSAGES, ExtractionDraft, max_tokens=256
    )
    assert result.value.summary == VALID["summary"]
    (body,) = bodies(server)
    assert "response_format" not in body
    assert body["grammar"] == "root ::= " + json.dumps(sorted(ExtractionDraft.model_fields))
    assert seen[0]["properties"].keys() == ExtractionDraft.model_json_schema()["properties"].keys()
    assert body["messages"] == MESSAGES and body["max_tokens"] == 256


def test_the_embedded_grammar_fixes_jsons_separators() -> None:
    """llama.cpp's llguidance grammar of the schema, with the "x-guidance" options that leave the
    model no choice of whitespace (Gemma 270M otherwise indents, at a token a line)."""
    from summarizer.model.local import llama_grammar

    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    grammar = llama_grammar(schema)
    assert grammar.startswith("%llguidance")
    options = json.loads(grammar[grammar.index("{", grammar.index("%json")) :])["x-guidance"]
    assert options == {"whitespace_flexible": False, "item_separator": ", ", "key_separator": ": "}
    assert "x-guidance" not in schema  # the caller's schema is not changed
