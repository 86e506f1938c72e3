"""Read report files (txt, md, html, jsonl, pdf, docx) into Documents; the suffix picks the reader.

Bad input never raises out of `read_path`: it comes back as a `DocumentError` value, so one bad
file or JSONL line does not cost the others.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from summarizer.core.errors import DocumentError
from summarizer.read.documents import Document, document_from_text
from summarizer.read.encodings import decode
from summarizer.read.html import html_document
from summarizer.read.jsonl import read_jsonl
from summarizer.read.markdown import markdown_document
from summarizer.read.office import docx_text, pdf_text

MAX_BYTES = 2_000_000
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".pdf", ".docx")
# Report formats an analyst is likely to drop in an inbox, named in the error.
_UNSUPPORTED_FORMATS = {
    ".doc": "Legacy Word (.doc)",
    ".odt": "OpenDocument",
    ".rtf": "RTF",
    ".epub": "EPUB",
}


def read_path(path: str | os.PathLike[str]) -> Iterator[Document | DocumentError]:
    """Read one file into Documents (one per JSONL record, else one).

    Args:
        path: The file to read; its suffix picks the format.

    Yields:
        A Document for each document, or a DocumentError (with `path` set) for a file or record
        that cannot be read. Never raises for bad input.
    """
    shown = os.fsdecode(path)
    try:
        yield from _read(Path(shown), shown)
    except DocumentError as e:
        yield DocumentError(e.message, path=shown)


def _read(p: Path, shown: str) -> Iterator[Document | DocumentError]:
    data = _read_bytes(p)
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        text, pages = pdf_text(data)
        document = document_from_text(text, path=shown, name=p.stem)
        yield replace(document, pages=pages)
        return
    if suffix == ".docx":
        text, title = docx_text(data)
        yield document_from_text(text, path=shown, title=title, name=p.stem)
        return
    if suffix == ".jsonl":
        yield from read_jsonl(data, shown, p.stem)
        return
    text = decode(data)
    if not text.strip():
        raise DocumentError("empty document")
    if suffix in (".md", ".markdown"):
        yield markdown_document(text, shown, p.stem)
    elif suffix in (".html", ".htm"):
        yield html_document(text, shown, p.stem)
    else:
        yield document_from_text(text, path=shown, name=p.stem)


def _read_bytes(p: Path) -> bytes:
    try:
        st = p.stat()
    except (FileNotFoundError, NotADirectoryError) as e:
        raise DocumentError("no such file") from e
    except PermissionError as e:
        raise DocumentError("permission denied") from e
    except OSError as e:
        raise DocumentError(f"cannot read: {e.strerror or e}") from e
    if stat.S_ISDIR(st.st_mode):
        raise DocumentError("is a directory, not a file (use `summarizer run DIR` for folders)")
    if not stat.S_ISREG(st.st_mode):
        # Reading a FIFO or a device could block or never end.
        raise DocumentError("not a regular file")
    suffix = p.suffix.lower()
    if suffix in _UNSUPPORTED_FORMATS:
        raise DocumentError(
            f"{_UNSUPPORTED_FORMATS[suffix]} input is not supported (save it as .txt or .html)"
        )
    if suffix not in SUPPORTED_SUFFIXES:
        shown_suffix = f"'{suffix}'" if suffix else "(no suffix)"
        raise DocumentError(
            f"unsupported file type {shown_suffix} (expected {', '.join(SUPPORTED_SUFFIXES)})"
        )
    # Checked before reading, so a huge file is never loaded.
    if st.st_size > MAX_BYTES:
        raise DocumentError(_too_big(st.st_size))
    try:
        with p.open("rb") as f:
            # As much as the stat said and one byte more (asking for the limit would allocate
            # it whole); that byte read means the file grew since, so read on to the limit.
            data = f.read(st.st_size + 1)
            if len(data) > st.st_size:
                data += f.read(MAX_BYTES + 1 - len(data))
    except PermissionError as e:
        raise DocumentError("permission denied") from e
    except OSError as e:
        raise DocumentError(f"cannot read: {e.strerror or e}") from e
    if len(data) > MAX_BYTES:  # it grew after the stat
        raise DocumentError(_too_big(len(data)))
    return data


def _too_big(size: int) -> str:
    have, limit = f"{size / 1e6:.1f} MB", f"{MAX_BYTES / 1e6:.1f} MB"
    if have == limit:  # "2.0 MB, over the 2.0 MB limit" would read as nonsense
        have, limit = f"{size:,} bytes", f"{MAX_BYTES:,}-byte"
    return f"file is {have}, over the {limit} limit"
