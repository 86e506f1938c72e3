"""Find what the model wrote in the source text, and give it exact offsets.

Search is exact first, then over a folded copy of the text (Unicode compatibility decomposition
without combining marks, zero-width characters dropped, whitespace runs folded, curly quotes and
dashes made straight, case folded) whose characters map back to offsets in the original. A found
item's text is replaced by the source's own characters, so `text[start:end] == item text` always
holds for a verified item.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c")
_FOLD_CHARS = {
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032`\u00b4", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
}
_EDGE = " \t\r\n\"'.,;:!?()[]"


def _fold_char(c: str) -> str:
    mapped = _FOLD_CHARS.get(c)
    if mapped is not None:
        return mapped
    if c.isascii():
        return c.lower()
    decomposed = unicodedata.normalize("NFKD", c)
    out = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(_FOLD_CHARS.get(ch, ch) for ch in out).lower()


@dataclass
class FoldedText:
    """A folded copy of a text and, for each folded character, its offset in the original."""

    original: str
    folded: str = ""
    index: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        chars: list[str] = []
        index: list[int] = []
        last_space = True
        for i, c in enumerate(self.original):
            if c in _ZERO_WIDTH:
                continue
            if c.isspace():
                if not last_space:
                    chars.append(" ")
                    index.append(i)
                    last_space = True
                continue
            for ch in _fold_char(c):
                chars.append(ch)
                index.append(i)
            last_space = False
        self.folded = "".join(chars)
        self.index = index

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Original offsets of folded[a:b], widened to whole characters (combining marks kept)."""
        start = self.index[a]
        end = self.index[b - 1] + 1
        text = self.original
        while end < len(text) and (unicodedata.combining(text[end]) or text[end] in _ZERO_WIDTH):
            end += 1
        return start, end


def fold(text: str) -> str:
    """The folded form of a needle, trimmed of surrounding spaces."""
    if text.isascii():
        # What FoldedText does to ASCII, in three calls instead of a loop over characters:
        # whitespace runs become one space, letters lower case, "`" a straight quote.
        return " ".join(text.split()).lower().replace("`", "'")
    return FoldedText(text).folded.strip()


class Locator:
    """Locates needles in one document; build once per document (folding is linear in its size)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: FoldedText | None = None

    @property
    def folded(self) -> FoldedText:
        if self._folded is None:
            self._folded = FoldedText(self.text)
        return self._folded

    def locate(self, needle: str, *, near: int = 0) -> tuple[int, int] | None:
        """Offsets of `needle` in the text, or None.

        Args:
            needle: What the model wrote.
            near: Prefer the first occurrence at or after this offset (chunks, repeated quotes).
        """
        if not needle or not needle.strip():
            return None
        for candidate in dict.fromkeys((needle, needle.strip(), needle.strip(_EDGE))):
            if len(candidate) < 2:
                continue
            pos = self.text.find(candidate, near)
            if pos < 0:
                pos = self.text.find(candidate)
            if pos >= 0:
                return pos, pos + len(candidate)
        ft = self.folded
        for candidate in dict.fromkeys((fold(needle), fold(needle).strip(_EDGE))):
            if len(candidate) < 2:
                continue
            folded_near = _folded_offset(ft, near)
            pos = ft.folded.find(candidate, folded_near)
            if pos < 0:
                pos = ft.folded.find(candidate)
            if pos >= 0:
                return ft.span(pos, pos + len(candidate))
        return None

    def find_all(self, needle: str, *, whole_word: bool = True) -> list[tuple[int, int]]:
        """Every occurrence of `needle` (folded search), as original offsets."""
        ft = self.folded
        target = fold(needle)
        if len(target) < 2:
            return []
        spans: list[tuple[int, int]] = []
        pos = ft.folded.find(target)
        while pos >= 0:
            end = pos + len(target)
            if not whole_word or (
                (pos == 0 or not ft.folded[pos - 1].isalnum())
                and (end == len(ft.folded) or not ft.folded[end].isalnum())
            ):
                spans.append(ft.span(pos, end))
            pos = ft.folded.find(target, pos + 1)
        return spans


def _folded_offset(ft: FoldedText, original_offset: int) -> int:
    """The first folded index whose original offset is >= original_offset."""
    if original_offset <= 0:
        return 0
    lo, hi = 0, len(ft.index)
    while lo < hi:
        mid = (lo + hi) // 2
        if ft.index[mid] < original_offset:
            lo = mid + 1
        else:
            hi = mid
    return lo
