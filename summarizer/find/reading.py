"""A text as the finders read it: its folded copy, the way back to its offsets, its front matter.

Matching runs on a folded copy (zero-width and bidi format characters removed, Unicode's line
and paragraph separators made newlines, each base character composed with its combining marks to
NFC) and every offset is mapped back (`Doc.span`). A leading
YAML front matter block (``---`` ... ``---``) is metadata: every finder starts after it
(``Doc.body``).

A `Doc` is one document's reading, built once and passed down explicitly: every finder takes a
text or its `Doc` (`read`), and the sentences, names and speaker turns that
`sentences.sentences_of`, `names.names_of` and `turns.turns_of` compute once are kept on it. No
reading is looked up by its text: whoever reads a document several times holds its `Doc`.
"""

from __future__ import annotations

import re
import unicodedata

from summarizer.find.types import Cue

_FORMAT_CHARS = (
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)


def _combining_class() -> str:
    """Regex class body with the combining marks (non-zero canonical class) of the BMP."""
    cps = [
        cp
        for block in ((0x300, 0x3100), (0xA640, 0xAB00), (0xFB1E, 0xFB1F), (0xFE20, 0xFE30))
        for cp in range(*block)
        if unicodedata.combining(chr(cp))
    ]
    return "".join(f"\\u{cp:04x}" for cp in cps)


# Unicode's own line breaks, read as newlines: web pages break their paragraphs with U+2028.
_LINE_BREAKS = {"\u2028": "\n", "\u0085": "\n", "\u2029": "\n\n"}
# A format character to drop, a line break, or a base character with the combining marks that
# follow it.
_FOLD_RE = re.compile(f"[{_FORMAT_CHARS}]|[{''.join(_LINE_BREAKS)}]|.[{_combining_class()}]+", re.S)
# Any character _FOLD_RE needs: one class the engine skips to (most texts have none).
_FOLD_ANY_RE = re.compile(f"[{_FORMAT_CHARS}{''.join(_LINE_BREAKS)}{_combining_class()}]")


def fold(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Folded copy of ``text`` and, when it differs, maps from folded index to original span.

    Format characters (zero-width, bidi controls, soft hyphen) are dropped; U+2028 and U+0085
    become a newline, U+2029 a blank line; a base character and its combining marks are composed
    to NFC. ``starts[i]``/``ends[i]`` give the original span of
    folded character ``i`` (a composed character maps to its whole cluster).
    """
    if _FOLD_ANY_RE.search(text) is None or _FOLD_RE.search(text) is None:
        return text, None, None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for m in _FOLD_RE.finditer(text):
        s, e = m.span()
        if s > last:
            out.append(text[last:s])
            starts.extend(range(last, s))
            ends.extend(range(last + 1, s + 1))
        if m.group() in _LINE_BREAKS or e - s > 1:
            piece = _LINE_BREAKS.get(m.group()) or unicodedata.normalize("NFC", m.group())
            out.append(piece)
            starts.extend([s] * len(piece))
            ends.extend([e] * len(piece))
        last = e
    if last < len(text):
        out.append(text[last:])
        starts.extend(range(last, len(text)))
        ends.extend(range(last + 1, len(text) + 1))
    return "".join(out), starts, ends


_FRONT_MATTER_RE = re.compile(
    r"\A[^\S\r\n]*---[^\S\r\n]*\r?\n.*?^---[^\S\r\n]*\r?$\n?", re.S | re.M
)


def _front_matter_end(ft: str) -> int:
    if not ft.lstrip(" \t").startswith("---"):
        return 0
    m = _FRONT_MATTER_RE.match(ft, 0, min(len(ft), 50_000))
    return m.end() if m else 0


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lower_same(text: str) -> str:
    """``text`` lower-cased with every offset kept (ASCII letters only where lower() would
    lengthen a character, as it does "İ").

    A whole document's text is lowered once by whoever holds it (`Doc.lower`, `Finds.low`).
    """
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def _is_wrapped(ft: str, body: int) -> bool:
    """True for hard-wrapped text, where a single newline is not a paragraph break."""
    lengths = sorted(len(line) for line in ft[body:].split("\n") if line.strip())
    if len(lengths) < 4:
        return False
    return lengths[int(len(lengths) * 0.9)] <= 100 and lengths[len(lengths) // 2] >= 40


class Doc:
    """A text with its folded copy, and the shared analyses computed once (folded offsets).

    ``_sents`` and ``_sent_starts``, ``_names`` and ``_turns`` are filled by
    `sentences.sentences_of`, `names.names_of` and `turns.turns_of`, the first time each is asked.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.ft, self._starts, self._ends = fold(text)
        self.body = _front_matter_end(self.ft)
        self.wrapped = _is_wrapped(self.ft, self.body)
        self._sents: list[tuple[int, int]] | None = None
        self._sent_starts: list[int] = []
        self._names: object = None  # a names.Names
        self._lower: str | None = None
        self._turns: list[tuple[int, int, int, int, str]] | None = None

    def span(self, fs: int, fe: int) -> tuple[int, int]:
        """Original offsets of the folded span [fs, fe)."""
        if self._starts is None or self._ends is None:
            return fs, fe
        if fe <= fs:
            p = self._starts[fs] if fs < len(self._starts) else len(self.text)
            return p, p
        return self._starts[fs], self._ends[fe - 1]

    def cue(self, fs: int, fe: int) -> Cue:
        s, e = self.span(fs, fe)
        return Cue(s, e, self.text[s:e])

    @property
    def lower(self) -> str:
        """The folded text with ASCII letters lower-cased: same length, same offsets."""
        if self._lower is None:
            self._lower = lower_same(self.ft)
        return self._lower


def read(text: str | Doc) -> Doc:
    """The reading a finder works on: the `Doc` it was given, or a fresh one of a str."""
    return text if isinstance(text, Doc) else Doc(text)


def trim(ft: str, s: int, e: int) -> tuple[int, int]:
    """Shrink [s, e) past surrounding whitespace."""
    while s < e and ft[s].isspace():
        s += 1
    while e > s and ft[e - 1].isspace():
        e -= 1
    return s, e
