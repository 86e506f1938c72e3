"""Read report files (txt, md, html, jsonl) into Documents whose text offsets stay exact.

`Document.file_text` is the string every output offset indexes: the file exactly as read (for
.txt and .md, front matter included; for .html the visible text; for a JSONL record its `text`).
It is never normalized: line ends, Unicode forms and odd spaces stay as read. `Document.text` is
what the finders and the model read: the same string without a Markdown file's front matter,
which starts `Document.offset` characters into `file_text`. Only metadata (title, date, url) is
cleaned up.
Bad input never raises out of `read_path`: it comes back as a `DocumentError` value, so one bad
file or JSONL line does not cost the others.
"""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import trafilatura
import yaml

from summarizer.core.errors import DocumentError
from summarizer.core.fold import Locator
from summarizer.core.schemas import Source
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

# A NUL this early means binary, unless a UTF-16/32 BOM said otherwise.
_SNIFF_BYTES = 8192
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive, e.g. .docx"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
)
# UTF-32 first: its little-endian BOM begins with UTF-16's.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# Keeps JSONL-derived names well inside file-name limits once a suffix is added.
_MAX_ID_CHARS = 120

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?![\d])")
_MDY_DATE = re.compile(rf"({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DMY_DATE = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I)
# A dateline: "date 2026-03-01 ...", "Date: March 1, 2026", "Tuesday, January 15, 2019", or a
# line that starts with an ISO date. Only the prefix is read; the text itself is left alone.
_DATELINE = re.compile(
    r"\s*(?:(?:date|dated|published|posted)\b\s*[:=-]?\s*)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?P<date>\d{{4}}[-/]\d{{1,2}}[-/]\d{{1,2}}(?![\d])"
    rf"|(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_RE})\.?,?\s+\d{{4}}\b)",
    re.I,
)

# Front matter opens with '---' at the very start, followed by a non-blank line (so a leading
# Markdown rule followed by a blank line is not taken for YAML), and closes with '---' or '...'.
_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\r?\n(?=[ \t]*\S)")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?(?:\n|\Z)", re.M)
_MD_HEADING = re.compile(r"#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")

_UNSAFE_NAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


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
        date=date if date is not None else _first_line_date(text),
        url=url,
        record_id=record_id,
    )
    return Document(text=text, source=source, name=name)


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
        yield from _read_jsonl(data, shown, p.stem)
        return
    text = _decode(data)
    if not text.strip():
        raise DocumentError("empty document")
    if suffix in (".md", ".markdown"):
        yield _markdown_document(text, shown, p.stem)
    elif suffix in (".html", ".htm"):
        yield _html_document(text, shown, p.stem)
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


def _encoding(data: bytes) -> tuple[str, str, int]:
    """Return (codec, display name, BOM length), or raise DocumentError for binary data."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise DocumentError(f"binary file ({kind}), not a text document")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return codec, label, len(bom)
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise DocumentError(
            "binary file (contains NUL bytes), not a text document; "
            "if it is UTF-16 text without a BOM, re-save it as UTF-8"
        )
    return "utf-8", "UTF-8", 0


def _decode(data: bytes) -> str:
    codec, label, skip = _encoding(data)
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as e:
        bad = data[skip + e.start]
        raise DocumentError(
            f"not valid {label} text (byte 0x{bad:02x} at offset {skip + e.start}); "
            "re-save as UTF-8"
        ) from e


def _first_line_date(text: str) -> str | None:
    """Return the date a first line like "date 2026-03-01 ..." or "Date: March 1, 2026" gives."""
    for line in text.splitlines():
        if line.strip():
            m = _DATELINE.match(line[:300])
            return _iso_date(m.group("date")) if m else None
    return None


def _iso_date(value: object) -> str | None:
    """Return a YYYY-MM-DD string for a date, datetime or date-like string, else None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    s = value.strip()
    if m := _ISO_DATE.match(s):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _MDY_DATE.match(s):
        y, mo, d = int(m[3]), _MONTHS[m[1].lower()], int(m[2])
    elif m := _DMY_DATE.match(s):
        y, mo, d = int(m[3]), _MONTHS[m[2].lower()], int(m[1])
    else:
        return None
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _meta_str(value: object) -> str | None:
    """Return a metadata value as one tidy line (titles carry NBSPs and line breaks), or None."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return " ".join(str(value).split()) or None


def _first_meta(meta: Mapping[Any, object], keys: tuple[str, ...]) -> object:
    for key in keys:
        if meta.get(key) is not None:
            return meta[key]
    return None


def _one_line(message: str, limit: int = 200) -> str:
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _markdown_document(text: str, shown: str, stem: str) -> Document:
    meta, body_start = _front_matter(text)
    front_matter, body = text[:body_start], text[body_start:]
    if not body.strip():
        raise DocumentError("empty document (nothing after the front matter)")
    title = _meta_str(meta.get("title"))
    if title is None:
        first = next((line for line in body.splitlines() if line.strip()), "")
        if m := _MD_HEADING.match(first.strip()):
            title = _meta_str(m[1])
    date = _iso_date(_first_meta(meta, ("date", "published", "published_time")))
    url = _meta_str(_first_meta(meta, ("url", "source_url", "link")))
    document = document_from_text(
        body, path=shown, title=title, date=date or _first_line_date(body), url=url, name=stem
    )
    return replace(document, front_matter=front_matter)


def _front_matter(text: str) -> tuple[dict[object, object], int]:
    """Read YAML front matter; return it and where the body starts (0 when there is none)."""
    opening = _FRONT_MATTER_OPEN.match(text)
    if not opening:
        return {}, 0
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if not closing:
        return {}, 0
    try:
        meta = yaml.safe_load(text[opening.end() : closing.start()])
    except yaml.MarkedYAMLError as e:
        # +2: the YAML starts on the file's second line, and marks count from 0.
        where = f" at line {e.problem_mark.line + 2}" if e.problem_mark else ""
        raise DocumentError(_one_line(f"invalid YAML front matter{where}: {e.problem or e}")) from e
    except yaml.YAMLError as e:
        raise DocumentError(_one_line(f"invalid YAML front matter: {e}")) from e
    except RecursionError as e:
        raise DocumentError("invalid YAML front matter: nested too deeply") from e
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise DocumentError("invalid YAML front matter: not a mapping of keys to values")
    return meta, closing.end()


# Never visible. <head> is handled on its own, as browsers end it at the first body content.
_SKIP_TAGS = frozenset(
    {"script", "style", "template", "noscript", "svg", "math", "iframe", "object", "canvas"}
)
_HEAD_TAGS = frozenset({"title", "meta", "link", "base", "script", "style", "noscript"})
_PARAGRAPH_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl"}
    | {"section", "article", "header", "footer", "aside", "nav", "main", "figure", "form"}
    | {"fieldset", "address", "details", "hr", "hgroup"}
)
_LINE_TAGS = frozenset(
    {"div", "li", "tr", "dt", "dd", "caption", "figcaption", "summary", "legend", "option"}
    | {"body", "html", "thead", "tbody", "tfoot", "center", "dialog", "menu"}
)
_CELL_TAGS = frozenset({"td", "th"})
# HTML's own whitespace; NBSP is visible and is kept.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_META_DATE_KEYS = (
    "date",
    "dc.date",
    "dcterms.date",
    "pubdate",
    "publish-date",
    "article:published_time",
    "og:published_time",
    "datepublished",
)


class _VisibleText(HTMLParser):
    """Collect the text a browser would show, with block elements as line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self.date: str | None = None
        self.url: str | None = None
        self._breaks = 0
        self._space = False
        self._skip = 0
        self._pre = 0
        self._in_head = False
        self._title: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
            return
        if self._skip:
            return
        values = {k.lower(): v for k, v in attrs if v is not None}
        if tag == "head":
            self._in_head = True
        elif tag == "title":
            if self.title is None:
                self._title = []
        elif tag == "meta":
            self._meta(values)
        elif tag == "link":
            if "canonical" in values.get("rel", "").lower().split() and self.url is None:
                self.url = _meta_str(values.get("href"))
        elif tag not in _HEAD_TAGS:
            self._in_head = False
            if tag == "time" and self.date is None:
                self.date = _iso_date(values.get("datetime"))
            if tag == "pre":
                self._pre += 1
            self._block(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(self._skip - 1, 0)
            return
        if self._skip:
            return
        if tag == "head":
            self._in_head = False
        elif tag == "title":
            if self._title is not None:
                self.title = _meta_str("".join(self._title))
                self._title = None
        elif tag not in _HEAD_TAGS:
            if tag == "pre":
                self._pre = max(self._pre - 1, 0)
            self._block(tag)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._title is not None:
            self._title.append(data)
            return
        if self._in_head:
            if not data.strip():
                return
            self._in_head = False  # stray text ends <head> in browsers too
        if self._pre:
            self._flush()
            self.parts.append(data)
            return
        for i, word in enumerate(_HTML_SPACE.split(data)):
            if i:
                self._space = True
            if word:
                self._flush()
                self.parts.append(word)

    def text(self) -> str:
        """Return the visible text collected so far."""
        return "".join(self.parts)

    def _meta(self, values: dict[str, str]) -> None:
        key = (values.get("name") or values.get("property") or values.get("itemprop") or "").lower()
        content = values.get("content")
        if key in _META_DATE_KEYS and self.date is None:
            self.date = _iso_date(content)
        elif key == "og:url" and self.url is None:
            self.url = _meta_str(content)
        elif key == "og:title" and self.title is None:
            self.title = _meta_str(content)

    def _block(self, tag: str) -> None:
        if tag == "br":
            self._breaks = min(self._breaks + 1, 2)
        elif tag in _PARAGRAPH_TAGS:
            self._breaks = 2
        elif tag in _LINE_TAGS:
            self._breaks = max(self._breaks, 1)
        elif tag in _CELL_TAGS:
            self._space = True

    def _flush(self) -> None:
        # Separators wait until the next text, so the result has no leading or trailing gaps.
        if self.parts:
            if self._breaks:
                self.parts.append("\n" * self._breaks)
            elif self._space:
                self.parts.append(" ")
        self._breaks = 0
        self._space = False


def _html_document(markup: str, shown: str, stem: str) -> Document:
    parser = _VisibleText()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError) as e:  # old html.parser versions assert on bad markup
        raise DocumentError(_one_line(f"cannot parse HTML: {e}")) from e
    text = parser.text()
    if not text.strip():
        raise DocumentError("empty document (no visible text in the HTML)")
    start, end = _article_span(markup, text)
    document = document_from_text(
        text[start:end],
        path=shown,
        title=parser.title,
        date=parser.date or _first_line_date(text[start:end]),
        url=parser.url,
        name=stem,
    )
    return replace(document, front_matter=text[:start], tail=text[end:])


# Lines of the article shorter than this are not looked for (a "Share" button's text).
_MIN_ARTICLE_LINE = 20


def _article_span(markup: str, visible: str) -> tuple[int, int]:
    """Where the article's main text lies in a page's visible text: from its first line to its
    last, as trafilatura finds the article, located in the visible text so that offsets stay
    exact. The whole text when the extractor finds nothing or its lines cannot be located."""
    try:
        main = trafilatura.extract(markup, include_comments=False, include_tables=True)
    except Exception:  # an extractor's failure costs only the narrowing, never the document
        return 0, len(visible)
    lines = [ln.strip() for ln in (main or "").splitlines() if len(ln.strip()) >= _MIN_ARTICLE_LINE]
    if not lines:
        return 0, len(visible)
    loc = Locator(visible)
    first = loc.locate(lines[0])
    last = loc.locate(lines[-1], near=first[0]) if first is not None else None
    if first is None or last is None or last[1] <= first[0]:
        return 0, len(visible)
    # The whole lines the article starts and ends in (a headline glued to the nav stays out).
    start = visible.rfind("\n", 0, first[0]) + 1
    end = visible.find("\n", last[1])
    return start, len(visible) if end < 0 else end


def _read_jsonl(data: bytes, shown: str, stem: str) -> Iterator[Document | DocumentError]:
    codec, _, skip = _encoding(data)
    if codec == "utf-8":
        # Decoded line by line, so one bad byte costs only its own record.
        lines: list[tuple[int, str | DocumentError]] = []
        for n, raw in enumerate(data[skip:].split(b"\n"), start=1):
            try:
                lines.append((n, raw.decode("utf-8")))
            except UnicodeDecodeError as e:
                message = (
                    f"line {n}: not valid UTF-8 (byte 0x{raw[e.start]:02x} at column "
                    f"{e.start + 1}); re-save as UTF-8"
                )
                lines.append((n, DocumentError(message, path=shown)))
    else:
        # Split on "\n" only: str.splitlines would also split inside JSON strings at U+2028.
        lines = list(enumerate(_decode(data).split("\n"), start=1))
    taken: set[str] = set()
    found = False
    for n, line in lines:
        if isinstance(line, DocumentError):
            found = True
            yield line
            continue
        if not line.strip():
            continue
        found = True
        try:
            yield _jsonl_record(line, n, shown, stem, taken)
        except DocumentError as e:
            yield DocumentError(f"line {n}: {e.message}", path=shown)
    if not found:
        raise DocumentError("empty document")


def _jsonl_record(line: str, n: int, shown: str, stem: str, taken: set[str]) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise DocumentError(f"not valid JSON ({e.msg} at column {e.colno})") from e
    except (ValueError, RecursionError) as e:
        raise DocumentError(_one_line(f"not valid JSON ({e})")) from e
    if not isinstance(record, dict):
        raise DocumentError(f"not a JSON object but {type(record).__name__}")
    if "text" not in record:
        raise DocumentError("no 'text' field")
    text = record["text"]
    if not isinstance(text, str):
        raise DocumentError(f"'text' is not a string but {type(text).__name__}")
    if not text.strip():
        raise DocumentError("empty 'text' field")
    # WikiEvents records (voa.jsonl) call their id `doc_id`.
    raw_id = _first_meta(record, ("id", "doc_id"))
    record_id = raw_id if isinstance(raw_id, str) else None
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        record_id = str(raw_id)
    safe_id = _UNSAFE_NAME_CHARS.sub("_", record_id or "").strip("._-")[:_MAX_ID_CHARS]
    name = _unique(f"{stem}-{safe_id or n}", taken)
    date = _iso_date(_first_meta(record, ("date", "published")))
    return document_from_text(
        text,
        path=shown,
        title=_meta_str(record.get("title")),
        date=date or _first_line_date(text) or _date_in_id(record_id),
        url=_meta_str(_first_meta(record, ("url", "source_url", "link"))),
        record_id=record_id,
        name=name,
    )


# Corpus record ids often carry the day of publication: VOA's "64_VOA_EN_NW_2017.06.05.3887168",
# newswire's "AFP_ENG_20030304.0250". Four-digit year first, then month and day.
_ID_DATE = re.compile(r"(?<![^\W_])((?:19|20)\d{2})([._-]?)(\d{2})\2(\d{2})(?!\d)")


def _date_in_id(record_id: str | None) -> str | None:
    """The publication day a record's id carries, when the record gives no date itself."""
    for m in _ID_DATE.finditer(record_id or ""):
        try:
            return dt.date(int(m[1]), int(m[3]), int(m[4])).isoformat()
        except ValueError:
            continue
    return None


def _unique(name: str, taken: set[str]) -> str:
    """Return `name`, or `name-2`, `name-3`, ... if taken; case-blind for macOS and Windows."""
    candidate, k = name, 1
    while candidate.lower() in taken:
        k += 1
        candidate = f"{name}-{k}"
    taken.add(candidate.lower())
    return candidate
