"""The nightly job's discovery: which files of an inbox a run reads, and in what order.

`discover` lists every file under the inbox (hidden ones and the output folder left out), sorted
so that every run meets the documents in one order; `iter_files` reads them one file at a time
into Documents, or into DocumentErrors for what cannot be read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from summarizer.core.errors import DocumentError
from summarizer.read.documents import Document
from summarizer.read.files import read_path


def discover(inbox: Path, *, out: Path | None = None) -> list[str]:
    """Files under `inbox` (recursively; hidden ones and the `out` folder left out), as sorted
    relative paths.

    Every file is listed, whatever its type: one the reader cannot take becomes an unreadable
    entry with its reason ("PDF input is not supported"), never a silent skip. A single file is
    its own inbox. Sorted by path so every run meets documents in one order (output names
    resolve clashes first come, first served, and that order must not change).
    """
    if inbox.is_file():
        return [inbox.name]
    skip = out.resolve() if out is not None else None
    found: list[str] = []
    for root, dirs, files in os.walk(inbox):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and (Path(root) / d).resolve() != skip
        )
        base = Path(root).relative_to(inbox)
        for name in files:
            if not name.startswith("."):
                found.append((base / name).as_posix())
    return sorted(found)


def iter_files(
    inbox: Path, relative_paths: list[str]
) -> Iterator[tuple[str, list[Document | DocumentError]]]:
    """(relative path, its Documents and DocumentErrors), one file at a time.

    One file's documents are held at once (a file is at most read.files.MAX_BYTES), no more.
    """
    root = inbox.parent if inbox.is_file() else inbox
    for rel in relative_paths:
        yield rel, list(read_path(root / rel))
