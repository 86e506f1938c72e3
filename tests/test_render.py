"""Tests of the output writers: atomic writes, JSON, hostile-text-safe Markdown, terminal digest."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from summarizer.core.schemas import (
    Actor,
    Event,
    Evidence,
    Meta,
    Quote,
    Source,
    Span,
    Summary,
    Uncertainty,
)
from summarizer.render.outputs import (
    atomic_write_text,
    md_escape,
    summaries_markdown,
    summary_json,
    summary_jsonl,
    summary_markdown,
    terminal_digest,
)

HOSTILE = [
    "<script>alert(1)</script>",
    "![x](http://evil/x.png)",
    "a | b || c",
    "line one\n# Heading\n- item\n\n> quote",
    "`code` *bold* _em_ [link](http://evil) \\ ~~strike~~",
    "<img src=x onerror=alert(1)>",
    "&lt;script&gt; and &#60;b&#62;",
    "\x1b[31mred\x1b[0m and \u202eevil",
]


def make_summary(hostile: bool = False, **meta: object) -> Summary:
    h = HOSTILE if hostile else ["plain"] * len(HOSTILE)
    return Summary(
        doc_id="ab" * 32,
        source=Source(
            path="seeds/kharkiv.txt",
            title=h[0] if hostile else None,
            date="2026-03-01",
            url="https://example.org/a" if not hostile else h[1],
        ),
        summary=(" ".join(h) if hostile else "The army shelled Kharkiv. " * 20),
        actors=[
            Actor(
                name=h[2] if hostile else "Army",
                kind="military",
                aliases=[h[1]] if hostile else [],
                affiliation=h[3] if hostile else "Russia",
                mentions=[Span(start=16, end=20), Span(start=30, end=34)],
            ),
            Actor(name=h[0] if hostile else "Mayor", kind="person", affiliation=h[6]),
        ],
        events=[
            Event(
                date="2026-02-28",
                date_text="February 28" if not hostile else h[4],
                location=h[5] if hostile else "Kharkiv",
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                description=h[1] if hostile else f"The army shelled Kharkiv ({i}).",
                actors=[h[2] if hostile else "Army"],
                targets=[h[0] if hostile else "Kharkiv"],
                fatalities=3,
                injuries=12,
                status="reported",
                evidence=Evidence(
                    text=h[3] if hostile else "The army shelled Kharkiv on February 28.",
                    start=16,
                    end=56,
                    verified=i % 2 == 0,
                ),
            )
            for i in range(5)
        ],
        quotes=[
            Quote(speaker="the mayor", text="We will hold,", start=58, end=71, verified=True),
            Quote(speaker=h[7] if hostile else None, text=h[1] if hostile else "x" * 300),
            Quote(speaker="third", text="never shown in the digest"),
        ],
        uncertainty=[
            Uncertainty(
                claim=h[4] if hostile else "Casualty figures are unconfirmed.",
                kind="unconfirmed",
                evidence=Evidence(text=h[0] if hostile else "reportedly"),
            )
        ],
        meta=Meta(
            model="gemma3-270m",
            backend="embedded",
            prompt_version="summarize@abc123",
            schema_version="1.0",
            prompt_tokens=500,
            completion_tokens=120,
            elapsed_s=8.25,
            warnings=[h[0] if hostile else "quote 2 not found in the text"],
            **meta,  # type: ignore[arg-type]
        ),
    )


# --------------------------------------------------------------------------------------------
# Atomic writes
# --------------------------------------------------------------------------------------------


def test_atomic_write_creates_parents_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out" / "nested" / "a.json"
    atomic_write_text(target, "first\n")
    assert target.read_text(encoding="utf-8") == "first\n"
    atomic_write_text(target, "second – ünïcode\r\n")
    assert target.read_bytes() == "second – ünïcode\r\n".encode()
    assert list(target.parent.glob("*.tmp")) == []
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.json"]


def test_atomic_write_failure_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.json"
    atomic_write_text(target, "old\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        atomic_write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_atomic_write_failure_while_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.json"
    atomic_write_text(target, "old\n")

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="I/O error"):
        atomic_write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_atomic_write_modes(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    atomic_write_text(target, "x")
    # Not mkstemp's 0600: outputs are as readable as files the user makes otherwise.
    old = os.umask(0o022)
    os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~old
    os.chmod(target, 0o640)
    atomic_write_text(target, "y")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", [False, True])
def test_json_round_trips(hostile: bool) -> None:
    s = make_summary(hostile)
    text = summary_json(s)
    assert text.endswith("}\n")
    assert Summary.model_validate_json(text) == s
    # Field order follows the model, so diffs between runs stay readable.
    assert list(Summary.model_validate_json(text).model_dump()) == list(Summary.model_fields)
    line = summary_jsonl(s)
    assert line.count("\n") == 1 and line.endswith("\n")
    assert Summary.model_validate_json(line) == s


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------


def _table_rows(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("|")]


def _cells(row: str) -> list[str]:
    # Split on pipes not preceded by an odd number of backslashes.
    return re.split(r"(?<!\\)(?:\\\\)*\|", row)


def test_markdown_plain_has_all_sections() -> None:
    md = summary_markdown(make_summary())
    assert md.startswith("# kharkiv.txt\n")
    for heading in ("## Actors", "## Events", "## Quotes", "## Uncertainty", "## Meta"):
        assert f"\n{heading}\n" in md
    assert "seeds/kharkiv.txt · 2026-03-01 · https://example.org/a" in md
    assert "| Army | military | Russia | 2 |" in md
    assert "2026-02-28 (February 28)" in md
    assert "Shelling/artillery/missile attack" in md
    assert "3 killed, 12 injured" in md
    assert "[16–56]" in md
    assert "(unverified)" in md
    assert "> “We will hold,” — the mayor [58–71]\n" in md
    assert "unattributed" in md
    assert "**unconfirmed**" in md
    assert "gemma3-270m" in md and "500 + 120" in md and "8.2 s" in md
    assert "quote 2 not found in the text" in md


def test_markdown_marks_an_inferred_doer() -> None:
    s = make_summary()
    assert "  - Actors: Army → targets: Kharkiv\n" in summary_markdown(s)
    s.events[0].inferred = ["Army"]
    assert "  - Actors: Army (inferred) → targets: Kharkiv\n" in summary_markdown(s)


def test_markdown_empty_summary() -> None:
    s = make_summary().model_copy(
        update={"actors": [], "events": [], "quotes": [], "uncertainty": [], "summary": ""}
    )
    md = summary_markdown(s)
    assert md.count("_None._") == 4
    assert "_No summary._" in md


def test_markdown_escapes_hostile_text() -> None:
    md = summary_markdown(make_summary(hostile=True))
    assert "<script" not in md.lower()
    assert "<img" not in md.lower()
    assert "![" not in md
    assert not re.search(r"(?<!\\)\]\(", md)  # no link or image target survives
    assert "\x1b" not in md and "\u202e" not in md
    # Entities in the document must show as written, not decode into tags.
    assert "&amp;lt;script&amp;gt;" in md
    # No structure from the document: every heading and every table row is ours.
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == [
        headings[0],
        "## Actors",
        "## Events",
        "## Quotes",
        "## Uncertainty",
        "## Meta",
    ]
    assert headings[0].startswith("# &lt;script&gt;")
    rows = _table_rows(md)
    assert len(rows) == 2 + 2
    for row in rows:
        assert len(_cells(row)) == 6, row  # 4 cells between 5 pipes
    # Newlines inside names and quotes are collapsed: no line starts with document text.
    for line in md.splitlines():
        assert not line.startswith(("- item", "> quote", "line one"))


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escape_is_one_inert_line(text: str) -> None:
    out = md_escape(text)
    assert "\n" not in out
    assert not re.search(r"(?<!\\)[<>\[\]!|`*_#]", out.replace("\\\\", ""))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- not a list", "\\- not a list"),
        ("1986. A year", "1986\\. A year"),
        ("+ plus", "\\+ plus"),
        ("a\\b", "a\\\\b"),
        ("---", "\\---"),
        ("1.0 and -5", "1.0 and -5"),
        (None, ""),
    ],
)
def test_md_escape_line_starts(text: str | None, expected: str) -> None:
    assert md_escape(text) == expected


def test_many_summaries_markdown() -> None:
    md = summaries_markdown([make_summary(), make_summary(hostile=True)])
    assert md.count("\n---\n") == 1
    assert md.count("## Meta") == 2


# --------------------------------------------------------------------------------------------
# Terminal digest
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", [False, True])
@pytest.mark.parametrize("cache_hit", [False, True])
def test_digest_is_short_and_plain(hostile: bool, cache_hit: bool) -> None:
    digest = terminal_digest(make_summary(hostile, cache_hit=cache_hit))
    lines = digest.splitlines()
    assert 5 <= len(lines) <= 15
    assert all(len(line) <= 100 for line in lines), max(lines, key=len)
    assert "\x1b" not in digest and "\u202e" not in digest and "[31m" not in digest
    assert lines[0].startswith("kharkiv.txt · 2026-03-01")
    assert "2 actors · 5 events · 3 quotes · 1 uncertain · 4/9 verified (44%)" in lines[1]
    assert "… 2 more events" in digest
    assert "never shown" not in digest
    assert lines[-1].startswith("cached" if cache_hit else "fresh")
    assert "620 tokens" in lines[-1] and "8.2 s" in lines[-1]


def test_digest_wraps_summary_and_truncates_quotes() -> None:
    digest = terminal_digest(make_summary())
    lines = digest.splitlines()
    summary_lines = lines[2 : next(i for i, line in enumerate(lines) if line.startswith("  - "))]
    assert len(summary_lines) == 4  # 20 sentences, cut to four lines
    assert summary_lines[0].startswith("The army") and summary_lines[-1].endswith(" …")
    quote_line = next(line for line in lines if "xxxx" in line)
    assert "…" in quote_line and "unattributed" in quote_line and "(unverified)" in quote_line


def test_digest_of_empty_summary() -> None:
    s = make_summary().model_copy(
        update={"actors": [], "events": [], "quotes": [], "uncertainty": [], "summary": ""}
    )
    digest = terminal_digest(s)
    assert "0/0 verified" in digest
    assert "(no summary)" in digest
    assert len(digest.splitlines()) == 4
