"""The README is true: every command and flag it shows exists in that command's `--help`."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from summarizer.cli.main import EXIT_CODES, build_parser

README = Path(__file__).resolve().parent.parent / "README.md"
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
_COMMAND = re.compile(r"^\s*(?:\.venv/bin/)?summarizer\s+([a-z]+)\b(.*)$")


def _help(command: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    return out.getvalue()


def _shown_commands() -> list[tuple[str, str]]:
    """(command, the rest of the line) for every `summarizer CMD ...` line in a code block, the
    continuation lines of a wrapped one included."""
    shown: list[tuple[str, str]] = []
    in_block = False
    current: str | None = None
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_block, current = not in_block, None
            continue
        if not in_block:
            continue
        m = _COMMAND.match(line)
        if m:
            current = m[1]
            shown.append((current, m[2].split("#")[0]))
        elif current is not None and line.startswith(" " * 10) and "[" in line:
            shown.append((current, line))
        else:
            current = None
    return shown


def test_the_readme_shows_commands() -> None:
    commands = {c for c, _ in _shown_commands()}
    assert {"summarize", "run", "digest", "eval", "text", "failures"} <= commands


@pytest.mark.parametrize(("command", "line"), _shown_commands())
def test_every_flag_the_readme_shows_is_in_the_commands_help(command: str, line: str) -> None:
    text = _help(command)
    for flag in _FLAG.findall(line):
        assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text), (command, flag)


def test_every_flag_of_the_configuration_table_is_a_backend_flag() -> None:
    readme = README.read_text(encoding="utf-8")
    table = readme[readme.index("### Configuration") : readme.index("## How a document")]
    flags = set(_FLAG.findall(table)) - {"--config"}
    assert {"--base-url", "--strategy", "--timeout"} <= flags
    for command in ("summarize", "run", "eval"):
        text = _help(command)
        for flag in flags:
            assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text), (command, flag)


def test_every_exit_code_of_the_help_is_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    for code in re.findall(r"^\s+(\d+)\s", EXIT_CODES, re.M):
        assert f"| {code} |" in readme, code
    assert "| 130 |" in readme
