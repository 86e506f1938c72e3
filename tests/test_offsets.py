"""Every verified offset indexes the file the user gave (or, for HTML and JSONL, what
`summarizer text FILE` prints), in every format and encoding the reader takes."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
from test_pipeline import DRAFT, assert_grounded, verified_spans

from summarizer import summarize_file
from summarizer.cli.main import main
from summarizer.core.schemas import Summary
from summarizer.model.llm import Completion, Message
from summarizer.testing.fakes import FakeLLM
from summarizer.testing.schemafill import fill_schema

FRONT_MATTER = (
    "---\n"
    'title: "Militias claim drone attacks"\n'
    "date: 2026-03-01\n"
    "url: https://example.org/report\n"
    "---\n"
)


class SchemaFiller:
    """A StructuredLLM whose answer is the minimal valid value of the schema it is asked for:
    with the spans strategy, the items then come from the finders."""

    def __init__(self) -> None:
        self.calls = 0

    def complete(
        self, messages: list[Message], response_model: type[Any], *, max_tokens: int
    ) -> Completion[Any]:
        self.calls += 1
        value = response_model.model_validate(fill_schema(response_model.model_json_schema()))
        return Completion(value=value, prompt_tokens=10, completion_tokens=5, attempts=1)


def _write(path: Path, text: str, encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        f.write(text)
    return path


def _files(tmp_path: Path, seed: str) -> list[tuple[Path, str]]:
    """(file, the encoding a user opens it with) for every plain-text form of the seed."""
    crlf = seed.replace("\n", "\r\n")
    return [
        (_write(tmp_path / "plain.txt", seed, "utf-8"), "utf-8"),
        (_write(tmp_path / "crlf.txt", crlf, "utf-8"), "utf-8"),
        (_write(tmp_path / "bom.txt", seed, "utf-8-sig"), "utf-8-sig"),
        (_write(tmp_path / "utf16.txt", seed, "utf-16"), "utf-16"),
        (_write(tmp_path / "body-only.md", seed, "utf-8"), "utf-8"),
        (_write(tmp_path / "front.md", FRONT_MATTER + seed, "utf-8"), "utf-8"),
        (_write(tmp_path / "front-crlf.md", (FRONT_MATTER + seed).replace("\n", "\r\n"), "utf-8"),
         "utf-8"),
        (_write(tmp_path / "front-bom.md", FRONT_MATTER + seed, "utf-8-sig"), "utf-8-sig"),
        (_write(tmp_path / "front-utf16.md", FRONT_MATTER + seed, "utf-16"), "utf-16"),
    ]  # fmt: skip


def _assert_indexes(summary: Summary, text: str) -> int:
    """Every verified span and actor mention of `summary` is its slice of `text`; returns how
    many were checked."""
    assert_grounded(summary, text)
    return len(verified_spans(summary)) + sum(len(a.mentions) for a in summary.actors)


def _printed_text(capfd: pytest.CaptureFixture[str], *argv: str) -> str:
    capfd.readouterr()
    assert main(["text", *argv]) == 0
    out = capfd.readouterr().out
    return out


@pytest.mark.parametrize("strategy", ["spans", "plain"])
def test_offsets_index_the_raw_file(
    tmp_path: Path, seed_text: str, strategy: str, capfd: pytest.CaptureFixture[str]
) -> None:
    for path, encoding in _files(tmp_path, seed_text):
        llm = SchemaFiller() if strategy == "spans" else FakeLLM([DRAFT])
        (summary,) = summarize_file(path, llm=llm, strategy=strategy, use_cache=False)
        with path.open(encoding=encoding, newline="") as f:
            raw = f.read()
        checked = _assert_indexes(summary, raw)
        assert checked >= 5, path.name
        assert _printed_text(capfd, str(path)) == raw
        if path.suffix == ".md" and raw.startswith("---"):
            # The front matter is metadata, never read by the finders or the model.
            assert summary.source.title == "Militias claim drone attacks"
            assert all(
                start >= raw.index(seed_text[:40]) for _t, start, _e in verified_spans(summary)
            )


@pytest.mark.parametrize("strategy", ["spans", "plain"])
def test_offsets_index_what_summarizer_text_prints_for_html_and_jsonl(
    tmp_path: Path, seed_text: str, strategy: str, capfd: pytest.CaptureFixture[str]
) -> None:
    paragraphs = [p for p in seed_text.split("\n\n") if p.strip()]
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>Report</title><script>var x = 1;</script></head>"
        "<body><nav>Home | About</nav>"
        + "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
        + "</body></html>",
        encoding="utf-8",
    )
    records = tmp_path / "records.jsonl"
    records.write_text(
        json.dumps({"id": "one", "text": "Shelling hit Kafr Nabl on Monday, residents said."})
        + "\n"
        + json.dumps({"id": "two", "text": seed_text.replace("\n", "\r\n")})
        + "\n",
        encoding="utf-8",
    )
    llm = SchemaFiller() if strategy == "spans" else FakeLLM([DRAFT])
    (from_page,) = summarize_file(page, llm=llm, strategy=strategy, use_cache=False)
    shown = _printed_text(capfd, str(page))
    assert "var x" not in shown and "Kafr" not in shown
    assert _assert_indexes(from_page, shown) >= 5
    summaries = summarize_file(records, llm=llm, strategy=strategy, use_cache=False)
    assert [s.source.record_id for s in summaries] == ["one", "two"]
    shown = _printed_text(capfd, str(records), "--record", "two")
    assert shown == seed_text.replace("\n", "\r\n")
    assert _assert_indexes(summaries[1], shown) >= 5


def test_text_of_a_missing_record_names_the_records(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"id": "one", "text": "Shelling hit the town."}) + "\n")
    assert main(["text", str(records), "--record", "nine"]) == 1
    err = capfd.readouterr().err
    assert "no record 'nine'" in err and "one" in err
