"""The command line, in-process with a fake model (and the loopback server for endpoint faults)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel

from summarizer.cli.main import main
from summarizer.core.drafts import ExtractionDraft
from summarizer.model.llm import Completion, Message
from summarizer.pipeline import Summarizer
from summarizer.testing.fakechat import Behaviour
from summarizer.testing.fakeserver import FakeOpenAIServer
from summarizer.testing.schemafill import fill_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "summary.schema.json"

QUOTE = "We must drag [the US] into a long war of attrition"
DRAFT = {
    "summary": "Iraqi militias claimed drone attacks on US bases after strikes on Iran.",
    "actors": [{"name": "Kataib Hezbollah", "kind": "armed_group"}],
    "quotes": [{"speaker": "Kataib Hezbollah", "text": QUOTE}],
}


class FakeModel:
    """Answers the plain draft with DRAFT, any other schema with a minimal valid instance."""

    def __init__(self) -> None:
        self.calls: list[list[Message]] = []

    def complete(
        self, messages: list[Message], response_model: type[BaseModel], *, max_tokens: int
    ) -> Completion[Any]:
        self.calls.append(messages)
        if issubclass(response_model, ExtractionDraft):
            value: Any = ExtractionDraft.model_validate(DRAFT)
        else:
            value = response_model.model_validate(fill_schema(response_model.model_json_schema()))
        return Completion(value=value, prompt_tokens=100, completion_tokens=50)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeModel:
    """Every Summarizer the CLI builds gets this fake: the embedded model is never started."""
    model = FakeModel()
    monkeypatch.setattr(Summarizer, "_get_llm", lambda self: model)
    return model


@pytest.fixture
def good(tmp_path: Path, seed_text: str) -> Path:
    path = tmp_path / "in" / "good.txt"
    path.parent.mkdir()
    path.write_text(seed_text, encoding="utf-8")
    return path


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def assert_valid(data: dict[str, Any]) -> None:
    assert [e.message for e in validator().iter_errors(data)] == []


def error_lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    return [line for line in stderr.splitlines() if line.startswith("summarizer: error:")]


def files_in(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def test_summarize_writes_one_valid_json_per_file(
    fake: FakeModel, good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["summarize", str(good), "--out", str(out)]) == 0
    assert files_in(out) == ["good.json"]
    data = json.loads((out / "good.json").read_text(encoding="utf-8"))
    assert_valid(data)
    assert data["source"]["path"] == str(good)
    assert data["meta"]["cache_hit"] is False
    assert len(fake.calls) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.strip()  # a digest for the analyst


def test_plain_strategy_output_holds_the_verified_quote(
    fake: FakeModel,
    good: Path,
    seed_text: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUMMARIZER_STRATEGY", "plain")
    out = tmp_path / "out"
    assert main(["summarize", str(good), "--out", str(out), "-q"]) == 0
    data = json.loads((out / "good.json").read_text(encoding="utf-8"))
    (quote,) = data["quotes"]
    assert quote["verified"] is True
    assert seed_text[quote["start"] : quote["end"]] == QUOTE


def test_second_run_is_served_from_the_cache(
    fake: FakeModel, good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", str(good), "--out", str(tmp_path / "a"), "-q"]) == 0
    assert main(["summarize", str(good), "--out", str(tmp_path / "b"), "-q"]) == 0
    assert len(fake.calls) == 1
    data = json.loads((tmp_path / "b" / "good.json").read_text(encoding="utf-8"))
    assert data["meta"]["cache_hit"] is True
    assert main(["summarize", str(good), "--no-cache"]) == 0
    assert len(fake.calls) == 2


def test_without_out_prints_json_lines(
    fake: FakeModel, good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "in" / "other.txt"
    other.write_text("date 2026-03-02 Shelling hit the town of Kafr Nabl overnight.\n")
    assert main(["summarize", str(good), str(other)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    for record in records:
        assert_valid(record)
    assert [r["source"]["path"] for r in records] == [str(good), str(other)]
    assert not (tmp_path / "out").exists()


def test_format_md_prints_markdown(
    fake: FakeModel, good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", str(good), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# ")
    assert not out.lstrip().startswith("{")
    with pytest.raises(json.JSONDecodeError):
        json.loads(out.splitlines()[0])


def test_same_stem_in_two_folders_gets_two_files(
    fake: FakeModel, good: Path, tmp_path: Path, seed_text: str
) -> None:
    twin = tmp_path / "other" / "good.txt"
    twin.parent.mkdir()
    twin.write_text(seed_text.replace("Kataib", "Kata'ib"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["summarize", str(good), str(twin), "--out", str(out), "-q"]) == 0
    assert files_in(out) == ["good-2.json", "good.json"]


# --------------------------------------------------------------------------------------------
# Bad input: a one-line error naming the file, the others still written, exit code 1
# --------------------------------------------------------------------------------------------


def make_empty(p: Path) -> Path:
    path = p / "empty.txt"
    path.write_bytes(b"")
    return path


def make_png(p: Path) -> Path:
    path = p / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path


def make_latin1(p: Path) -> Path:
    path = p / "latin1.txt"
    path.write_bytes("Déclaration de l'armée à Alep.".encode("latin-1"))
    return path


def make_huge(p: Path) -> Path:
    path = p / "huge.txt"
    line = b"Shelling hit the town overnight, residents said. " * 20 + b"\n"
    with path.open("wb") as f:
        for _ in range(5_000_000 // len(line) + 1):
            f.write(line)
    assert path.stat().st_size >= 5_000_000
    return path


def make_directory(p: Path) -> Path:
    path = p / "folder.txt"
    path.mkdir()
    return path


def make_missing(p: Path) -> Path:
    return p / "missing.txt"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (make_empty, "empty"),
        (make_png, "binary file (PNG image)"),
        (make_latin1, "not valid UTF-8"),
        (make_huge, "over the"),
        (make_directory, "is a directory"),
        (make_missing, "no such file"),
    ],
    ids=["empty", "png", "invalid-utf8", "5mb", "directory", "missing"],
)
def test_bad_file_is_named_and_the_others_go_on(
    make: Any,
    reason: str,
    fake: FakeModel,
    good: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = make(tmp_path / "in")
    out = tmp_path / "out"
    code = main(["summarize", str(bad), str(good), "--out", str(out), "-q"])
    captured = capsys.readouterr()
    assert code == 1
    (line,) = error_lines(captured.err)
    assert str(bad) in line and reason in line
    assert files_in(out) == ["good.json"]
    assert_valid(json.loads((out / "good.json").read_text(encoding="utf-8")))
    assert len(fake.calls) == 1


def test_jsonl_bad_lines_are_named_and_good_records_written(
    fake: FakeModel, tmp_path: Path, seed_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in" / "batch.jsonl"
    path.parent.mkdir()
    records = [
        json.dumps({"id": "r1", "text": seed_text}),
        '{"id": "r2", "text": "unterminated',
        json.dumps({"id": "r3", "title": "no text here"}),
        json.dumps({"id": "r4", "text": "Shelling hit the town of Kafr Nabl overnight."}),
    ]
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["summarize", str(path), "--out", str(out), "-q"])
    captured = capsys.readouterr()
    assert code == 1
    lines = error_lines(captured.err)
    assert len(lines) == 2
    assert str(path) in lines[0] and "line 2" in lines[0] and "not valid JSON" in lines[0]
    assert str(path) in lines[1] and "line 3" in lines[1] and "'text'" in lines[1]
    assert files_in(out) == ["batch-r1.json", "batch-r4.json"]
    data = json.loads((out / "batch-r1.json").read_text(encoding="utf-8"))
    assert_valid(data)
    assert data["source"]["record_id"] == "r1"


def test_unsupported_suffix_is_a_document_error(
    fake: FakeModel, good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "in" / "report.docx"
    bad.write_bytes(b"PK\x03\x04rest")
    assert main(["summarize", str(bad), str(good)]) == 1
    (line,) = error_lines(capsys.readouterr().err)
    assert str(bad) in line and "unsupported" in line


# --------------------------------------------------------------------------------------------
# Endpoint faults: a clear message, exit code 2, nothing written
# --------------------------------------------------------------------------------------------


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_unreachable_base_url_exits_2_and_writes_nothing(
    good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    out = tmp_path / "out"
    code = main(
        ["summarize", str(good), str(good), "--out", str(out), "--base-url", url]
        + ["--max-retries", "0", "--timeout", "2"]
    )
    captured = capsys.readouterr()
    assert code == 2
    (line,) = error_lines(captured.err)
    assert "cannot reach" in line and url in line
    assert files_in(out) == []
    assert captured.out == ""


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as s:
        yield s


def test_refused_api_key_exits_2_and_writes_nothing(
    server: FakeOpenAIServer,
    good: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.behaviour = Behaviour(default="401")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong-key-123")
    out = tmp_path / "out"
    code = main(["summarize", str(good), "--out", str(out), "--base-url", server.base_url])
    captured = capsys.readouterr()
    assert code == 2
    (line,) = error_lines(captured.err)
    assert "refused the API key" in line and "OPENAI_API_KEY" in line
    assert "sk-wrong-key-123" not in captured.err
    assert files_in(out) == []
    assert len(server.chat_requests) == 1


def test_fake_endpoint_end_to_end(
    server: FakeOpenAIServer, good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    out = tmp_path / "out"
    assert main(["summarize", str(good), "--out", str(out), "-q", "--model", "fake-model"]) == 0
    data = json.loads((out / "good.json").read_text(encoding="utf-8"))
    assert_valid(data)
    assert data["meta"]["backend"] == "openai-compatible"
    assert data["meta"]["model"] == "fake-model"
    assert data["meta"]["prompt_tokens"] > 0
    (request,) = server.chat_requests
    assert request["json"]["model"] == "fake-model"


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["summarize"])
    assert e.value.code == 2


def test_bad_setting_exits_2(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(good), "--base-url", "localhost:1234"]) == 2
    (line,) = error_lines(capsys.readouterr().err)
    assert "http://" in line


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------


def test_schema_command_prints_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == SCHEMA_FILE.read_text(encoding="utf-8")


def _run_module(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env["SUMMARIZER_CACHE_DIR"] = str(tmp_path / "cache")
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )


def test_python_dash_m_schema_and_help(tmp_path: Path) -> None:
    schema = _run_module("schema", tmp_path=tmp_path)
    assert schema.returncode == 0, schema.stderr
    assert schema.stdout == SCHEMA_FILE.read_text(encoding="utf-8")

    helped = _run_module("summarize", "--help", tmp_path=tmp_path)
    assert helped.returncode == 0
    assert "--out" in helped.stdout and "--base-url" in helped.stdout
    assert "exit codes" in helped.stdout
