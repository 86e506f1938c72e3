"""JSONL collections: one Document per record with a `text` field; a bad line costs only itself."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from summarizer.core.errors import DocumentError
from summarizer.read.dates import date_in_id, first_line_date, iso_date
from summarizer.read.documents import Document, document_from_text, first_meta, meta_str, one_line
from summarizer.read.encodings import decode, encoding

# Keeps JSONL-derived names well inside file-name limits once a suffix is added.
_MAX_ID_CHARS = 120
_UNSAFE_NAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def read_jsonl(data: bytes, shown: str, stem: str) -> Iterator[Document | DocumentError]:
    codec, _, skip = encoding(data)
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
        lines = list(enumerate(decode(data).split("\n"), start=1))
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
        raise DocumentError(one_line(f"not valid JSON ({e})")) from e
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
    raw_id = first_meta(record, ("id", "doc_id"))
    record_id = raw_id if isinstance(raw_id, str) else None
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        record_id = str(raw_id)
    safe_id = _UNSAFE_NAME_CHARS.sub("_", record_id or "").strip("._-")[:_MAX_ID_CHARS]
    name = _unique(f"{stem}-{safe_id or n}", taken)
    date = iso_date(first_meta(record, ("date", "published")))
    return document_from_text(
        text,
        path=shown,
        title=meta_str(record.get("title")),
        date=date or first_line_date(text) or date_in_id(record_id),
        url=meta_str(first_meta(record, ("url", "source_url", "link"))),
        record_id=record_id,
        name=name,
    )


def _unique(name: str, taken: set[str]) -> str:
    """Return `name`, or `name-2`, `name-3`, ... if taken; case-blind for macOS and Windows."""
    candidate, k = name, 1
    while candidate.lower() in taken:
        k += 1
        candidate = f"{name}-{k}"
    taken.add(candidate.lower())
    return candidate
