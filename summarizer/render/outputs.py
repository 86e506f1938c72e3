"""Output writers: JSON, Markdown and a short terminal digest of summaries, and atomic file writes.

Everything that comes from a document or from the model is untrusted: Markdown output escapes it
so it cannot add images, HTML, links or structure, and the terminal digest drops control
characters so a document cannot send escape sequences to the analyst's terminal.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import textwrap
from collections.abc import Iterable
from pathlib import Path

from summarizer.core.schemas import INFERRED_MARK, Event, Evidence, Quote, Summary

# ---------------------------------------------------------------------------------------------
# Atomic writes
# ---------------------------------------------------------------------------------------------


# As mkstemp opens a temp file (write-only here): never through a link, not inherited by
# child processes.
_TEMP_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _open_temp(path: Path, mode: int) -> tuple[int, str]:
    """A new temp file beside `path` (named as mkstemp names them: ".<name>.<random>.tmp"),
    created with `mode`, from which the kernel takes the umask away as for any new file."""
    for _ in range(100):
        name = os.path.join(
            os.path.dirname(path), f".{os.path.basename(path)}.{secrets.token_hex(4)}.tmp"
        )
        try:
            return os.open(name, _TEMP_FLAGS, mode), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp file name beside {path}")


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not possible on every platform (Windows), hence best effort.
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` (UTF-8, line ends as given) to `path` so readers see the old or the new file.

    The text goes to a temp file in the same folder, is flushed and fsynced, then renamed over
    `path`. On any error the temp file is removed and the error re-raised; `path` is untouched.
    The new file keeps the old file's permissions, or gets the usual 0666 minus the umask.

    Args:
        path: Destination file; missing parent folders are created.
        text: The full contents.
    """
    path = Path(path)
    try:
        mode: int | None = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = None
        path.parent.mkdir(parents=True, exist_ok=True)
    # A new file gets 0666 less the umask, as any file the user makes; a replaced one its mode.
    fd, tmp_name = _open_temp(path, 0o666 if mode is None else 0o600)
    try:
        if mode is not None:
            with contextlib.suppress(OSError, AttributeError):
                os.fchmod(fd, mode)
        with open(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


# ---------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------


def summary_json(summary: Summary) -> str:
    """The summary as indented JSON (field order as in the model), with a trailing newline."""
    return summary.model_dump_json(indent=2) + "\n"


def summary_jsonl(summary: Summary) -> str:
    """The summary as one JSON Lines record (compact, newline-terminated)."""
    return summary.model_dump_json() + "\n"


# ---------------------------------------------------------------------------------------------
# Text cleaning shared by Markdown and the digest
# ---------------------------------------------------------------------------------------------

# Whole ANSI CSI/OSC sequences go first, then any C0/C1 control left, so a document cannot drive
# the terminal; bidi overrides/isolates go too, as they make text read unlike what it is.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")


def _one_line(text: str | None) -> str:
    """Drop control characters and fold all whitespace (newlines included) into single spaces."""
    if not text:
        return ""
    return _SPACE.sub(" ", _CONTROL.sub("", _ANSI.sub("", text))).strip()


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------

# Backslash first, so the escapes added below are not themselves escaped. `<`, `>` and `&` become
# entities rather than `\<`: no raw "<script" survives even for renderers that ignore backslashes.
_MD_ESCAPES = {
    "\\": "\\\\",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "!": "\\!",
    "|": "\\|",
    "#": "\\#",
    "~": "\\~",
    "$": "\\$",
}
_MD_TRANSLATION = str.maketrans(_MD_ESCAPES)


def md_escape(text: str | None) -> str:
    """Escape untrusted text for Markdown inline use: one line, no markup, no HTML, no images."""
    escaped = _one_line(text).translate(_MD_TRANSLATION)
    # Where the text starts a line (the summary paragraph, a list item) it must not open a list,
    # a rule or a setext heading: "- x", "+ x", "---", "===", "1986. The war began".
    escaped = re.sub(r"^([-+=])(?=[\s\-+=]|$)", r"\\\1", escaped)
    return re.sub(r"^(\d{1,9})([.)])(?=\s|$)", r"\1\\\2", escaped)


def _offsets(start: int | None, end: int | None) -> str:
    return f" [{start}–{end}]" if start is not None and end is not None else ""


def _evidence_md(ev: Evidence) -> str:
    mark = "" if ev.verified else " (unverified)"
    return f"“{md_escape(ev.text)}”{_offsets(ev.start, ev.end)}{mark}"


def _quote_md(q: Quote) -> str:
    speaker = md_escape(q.speaker) if q.speaker else "unattributed"
    mark = "" if q.verified else " (unverified)"
    return f"> “{md_escape(q.text)}” — {speaker}{_offsets(q.start, q.end)}{mark}"


def _title(summary: Summary) -> str:
    src = summary.source
    if src.title and src.title.strip():
        return src.title
    if src.path:
        name = Path(src.path).name
        return f"{name} ({src.record_id})" if src.record_id else name
    return f"Document {summary.doc_id[:12]}"


def _cell(text: str | None) -> str:
    return md_escape(text) or "—"


def _party(name: str, event: Event) -> str:
    """An event's actor or target, marked where the text does not name it at the event."""
    return md_escape(name) + (f" {INFERRED_MARK}" if name in event.inferred else "")


def summary_markdown(summary: Summary) -> str:
    """A readable Markdown rendering of one summary, safe to render whatever the document held.

    Args:
        summary: The summary to render.

    Returns:
        Markdown text ending in a newline.
    """
    out: list[str] = [f"# {md_escape(_title(summary))}", ""]

    src = summary.source
    source_bits = [md_escape(x) for x in (src.path, src.date, src.url) if x]
    if src.record_id:
        source_bits.append(f"record {md_escape(src.record_id)}")
    out += [f"Source: {' · '.join(source_bits) if source_bits else 'unknown'}", ""]

    out += [md_escape(summary.summary) or "_No summary._", ""]

    out += ["## Actors", ""]
    if summary.actors:
        out += ["| Name | Kind | Affiliation | Mentions |", "| --- | --- | --- | ---: |"]
        for a in summary.actors:
            name = _cell(a.name)
            if a.aliases:
                name += f" (also: {', '.join(md_escape(x) for x in a.aliases)})"
            out.append(f"| {name} | {_cell(a.kind)} | {_cell(a.affiliation)} | {len(a.mentions)} |")
    else:
        out.append("_None._")
    out.append("")

    out += ["## Events", ""]
    for e in summary.events:
        if e.date and e.date_text and e.date_text != e.date:
            when = f"{md_escape(e.date)} ({md_escape(e.date_text)})"
        else:
            when = md_escape(e.date or e.date_text) or "date unknown"
        kind = md_escape(e.event_type)
        if e.sub_event_type:
            kind += f" / {md_escape(e.sub_event_type)}"
        head = f"- **{when}** · {kind}"
        if e.location:
            head += f" · {md_escape(e.location)}"
        head += f" — {md_escape(e.description)}"
        out.append(head)
        if e.actors or e.targets:
            who = ", ".join(_party(x, e) for x in e.actors) or "unknown"
            whom = ", ".join(_party(x, e) for x in e.targets) or "unknown"
            out.append(f"  - Actors: {who} → targets: {whom}")
        toll = []
        if e.fatalities is not None:
            toll.append(f"{e.fatalities} killed")
        if e.injuries is not None:
            toll.append(f"{e.injuries} injured")
        status = f"Status: {md_escape(e.status)}"
        out.append(f"  - {status}" + (f" · {', '.join(toll)}" if toll else ""))
        out.append(f"  - Evidence: {_evidence_md(e.evidence)}")
    if not summary.events:
        out.append("_None._")
    out.append("")

    out += ["## Quotes", ""]
    for q in summary.quotes:
        # A blank line between quotes keeps each its own blockquote instead of one merged paragraph.
        out += [_quote_md(q), ""]
    if not summary.quotes:
        out += ["_None._", ""]

    out += ["## Uncertainty", ""]
    for u in summary.uncertainty:
        out.append(f"- **{md_escape(u.kind)}**: {md_escape(u.claim)} — {_evidence_md(u.evidence)}")
    if not summary.uncertainty:
        out.append("_None._")
    out.append("")

    m = summary.meta
    out += [
        "## Meta",
        "",
        f"Model {md_escape(m.model)} · backend {md_escape(m.backend)} · "
        f"prompt {md_escape(m.prompt_version)} · schema {md_escape(m.schema_version)} · "
        f"tokens {m.prompt_tokens} + {m.completion_tokens} · "
        f"cache hit {'yes' if m.cache_hit else 'no'} · {m.elapsed_s:.1f} s",
    ]
    if m.warnings:
        out += ["", "Warnings:", ""]
        out += [f"- {md_escape(w)}" for w in m.warnings]
    out.append("")
    return "\n".join(out)


def summaries_markdown(summaries: Iterable[Summary]) -> str:
    """Several summaries in one Markdown document, separated by horizontal rules."""
    return "\n---\n\n".join(summary_markdown(s) for s in summaries)


# ---------------------------------------------------------------------------------------------
# Terminal digest
# ---------------------------------------------------------------------------------------------

DIGEST_WIDTH = 100
_SUMMARY_LINES = 4


def _verified_share(summary: Summary) -> tuple[int, int]:
    flags = [e.evidence.verified for e in summary.events]
    flags += [q.verified for q in summary.quotes]
    flags += [u.evidence.verified for u in summary.uncertainty]
    return sum(flags), len(flags)


def terminal_digest(summary: Summary) -> str:
    """A short plain-text digest for the terminal (at most 15 lines of at most 100 columns).

    No ANSI codes are added and control characters from the document are removed, so callers
    may color the result and print it safely.
    """
    src = summary.source
    name = _one_line(Path(src.path).name if src.path else _title(summary))
    if src.record_id:
        name += f" #{_one_line(src.record_id)}"
    lines = [_truncate(f"{name} · {_one_line(src.date) or 'no date'}", DIGEST_WIDTH)]

    ok, total = _verified_share(summary)
    share = f"{ok}/{total} verified" + (f" ({100 * ok // total}%)" if total else "")
    lines.append(
        f"{len(summary.actors)} actors · {len(summary.events)} events · "
        f"{len(summary.quotes)} quotes · {len(summary.uncertainty)} uncertain · {share}"
    )

    wrapper = textwrap.TextWrapper(
        width=DIGEST_WIDTH, max_lines=_SUMMARY_LINES, placeholder=" …", break_long_words=True
    )
    lines += wrapper.wrap(_one_line(summary.summary)) or ["(no summary)"]

    for e in summary.events[:3]:
        when = _one_line(e.date or e.date_text) or "?"
        where = f", {_one_line(e.location)}" if e.location else ""
        mark = "" if e.evidence.verified else " (unverified)"
        text = f"  - {when} {e.event_type}{where}: {_one_line(e.description)}"
        lines.append(_truncate(text, DIGEST_WIDTH - len(mark)) + mark)
    if len(summary.events) > 3:
        lines.append(f"  … {len(summary.events) - 3} more events")

    for q in summary.quotes[:2]:
        who = _one_line(q.speaker) or "unattributed"
        mark = "" if q.verified else " (unverified)"
        tail = f" — {_truncate(who, 30)}{mark}"
        body = _truncate(_one_line(q.text), max(DIGEST_WIDTH - 6 - len(tail), 20))
        lines.append(_truncate(f"  “{body}”{tail}", DIGEST_WIDTH))

    m = summary.meta
    tokens = m.prompt_tokens + m.completion_tokens
    lines.append(
        f"{'cached' if m.cache_hit else 'fresh'} · {tokens} tokens · {m.elapsed_s:.1f} s"
        + (f" · {len(m.warnings)} warnings" if m.warnings else "")
    )
    return "\n".join(lines)
