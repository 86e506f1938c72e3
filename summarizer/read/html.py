"""Web pages: the visible text a browser shows, narrowed to the article trafilatura finds."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import trafilatura

from summarizer.core.errors import DocumentError
from summarizer.core.fold import Locator
from summarizer.read.dates import first_line_date, iso_date
from summarizer.read.documents import Document, document_from_text, meta_str, one_line

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
                self.url = meta_str(values.get("href"))
        elif tag not in _HEAD_TAGS:
            self._in_head = False
            if tag == "time" and self.date is None:
                self.date = iso_date(values.get("datetime"))
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
                self.title = meta_str("".join(self._title))
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
            self.date = iso_date(content)
        elif key == "og:url" and self.url is None:
            self.url = meta_str(content)
        elif key == "og:title" and self.title is None:
            self.title = meta_str(content)

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


def html_document(markup: str, shown: str, stem: str) -> Document:
    parser = _VisibleText()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError) as e:  # old html.parser versions assert on bad markup
        raise DocumentError(one_line(f"cannot parse HTML: {e}")) from e
    text = parser.text()
    if not text.strip():
        raise DocumentError("empty document (no visible text in the HTML)")
    start, end = _article_span(markup, text)
    document = document_from_text(
        text[start:end],
        path=shown,
        title=parser.title,
        date=parser.date or first_line_date(text[start:end]),
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
