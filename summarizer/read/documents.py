"""One document to summarize, and the metadata every format reader tidies the same way.

`Document.file_text` is the string every output offset indexes: the file exactly as read (for
.txt and .md, front matter included; for .html the visible text; for a JSONL record its `text`).
It is never normalized: line ends, Unicode forms and odd spaces stay as read. `Document.text` is
what the finders and the model read: the same string without a Markdown file's front matter,
which starts `Document.offset` characters into `file_text`. Only metadata (title, date, url) is
cleaned up.
"""

from __future__ import annotations

import bisect
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from summarizer.core.errors import DocumentError
from summarizer.core.schemas import Source
from summarizer.read.dates import first_line_date


@dataclass(frozen=True)
class Document:
    """One document to summarize.

    Attributes:
        text: The text the finders and the model read (a Markdown file's body).
        source: Where the text came from.
        name: Stem for output files, unique within one input file.
        front_matter: What precedes `text` in the file (a Markdown file's YAML front matter,
            exactly as written; a web page's navigation before its article); never shown to
            the finders or the model.
        tail: What follows `text` (a web page's footer after its article); never shown either.
    """

    text: str = field(repr=False)
    source: Source
    name: str
    front_matter: str = field(default="", repr=False)
    tail: str = field(default="", repr=False)
    # Where each page of a PDF starts in `file_text`; empty for other formats.
    pages: tuple[int, ...] = field(default=(), repr=False)

    def page_of(self, offset: int) -> int | None:
        """The 1-based page of a PDF that holds `offset` of `file_text`, or None."""
        if not self.pages:
            return None
        return bisect.bisect_right(self.pages, offset)

    @property
    def offset(self) -> int:
        """Where `text` starts in `file_text`: add it to an offset into `text`."""
        return len(self.front_matter)

    @property
    def file_text(self) -> str:
        """The string every output offset indexes (what `summarizer text FILE` prints)."""
        return self.front_matter + self.text + self.tail

    @cached_property
    def doc_id(self) -> str:
        """Sha256 hex digest of the UTF-8 `file_text` (computed once: a run asks for it several
        times a document)."""
        return hashlib.sha256(self.file_text.encode("utf-8")).hexdigest()


def document_from_text(
    text: str,
    *,
    path: str | os.PathLike[str] | None = None,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    record_id: str | None = None,
    name: str = "document",
) -> Document:
    """Wrap text given directly (not read from a file) as a Document.

    Args:
        text: The document text, kept exactly as given.
        path: Where it came from, if anywhere.
        title: Title, if known.
        date: YYYY-MM-DD date; when None, a dateline in the first line is used if there is one.
        url: Source URL, if known.
        record_id: Record id, if the text came from a collection.
        name: Stem for output files.

    Raises:
        DocumentError: The text is empty or whitespace only.
    """
    shown = os.fsdecode(path) if path is not None else None
    if not text.strip():
        raise DocumentError("empty document", path=shown)
    source = Source(
        path=shown,
        title=title,
        date=date if date is not None else first_line_date(text),
        url=url,
        record_id=record_id,
    )
    return Document(text=text, source=source, name=name)


def meta_str(value: object) -> str | None:
    """Return a metadata value as one tidy line (titles carry NBSPs and line breaks), or None."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return " ".join(str(value).split()) or None


def first_meta(meta: Mapping[Any, object], keys: tuple[str, ...]) -> object:
    for key in keys:
        if meta.get(key) is not None:
            return meta[key]
    return None


def one_line(message: str, limit: int = 200) -> str:
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
