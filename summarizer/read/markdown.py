"""Markdown files: YAML front matter read for metadata and kept out of the text the model reads."""

from __future__ import annotations

import re
from dataclasses import replace

import yaml

from summarizer.core.errors import DocumentError
from summarizer.read.dates import first_line_date, iso_date
from summarizer.read.documents import Document, document_from_text, first_meta, meta_str, one_line

# Front matter opens with '---' at the very start, followed by a non-blank line (so a leading
# Markdown rule followed by a blank line is not taken for YAML), and closes with '---' or '...'.
_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\r?\n(?=[ \t]*\S)")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?(?:\n|\Z)", re.M)
_MD_HEADING = re.compile(r"#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")


def markdown_document(text: str, shown: str, stem: str) -> Document:
    meta, body_start = _front_matter(text)
    front_matter, body = text[:body_start], text[body_start:]
    if not body.strip():
        raise DocumentError("empty document (nothing after the front matter)")
    title = meta_str(meta.get("title"))
    if title is None:
        first = next((line for line in body.splitlines() if line.strip()), "")
        if m := _MD_HEADING.match(first.strip()):
            title = meta_str(m[1])
    date = iso_date(first_meta(meta, ("date", "published", "published_time")))
    url = meta_str(first_meta(meta, ("url", "source_url", "link")))
    document = document_from_text(
        body, path=shown, title=title, date=date or first_line_date(body), url=url, name=stem
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
        raise DocumentError(one_line(f"invalid YAML front matter{where}: {e.problem or e}")) from e
    except yaml.YAMLError as e:
        raise DocumentError(one_line(f"invalid YAML front matter: {e}")) from e
    except RecursionError as e:
        raise DocumentError("invalid YAML front matter: nested too deeply") from e
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise DocumentError("invalid YAML front matter: not a mapping of keys to values")
    return meta, closing.end()
