"""Fault tests of issue 18 against real loopback servers and a real small filesystem: a deadline
per request, a run deadline, a circuit breaker, a full disk, echoed secrets, a tampered cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.cli import main
from summarizer.errors import scrub
from summarizer.fakeserver import Behaviour, FakeOpenAIServer

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
