"""Where a text's paragraphs start and end: the reach of a speaker and of an event's roles."""

from __future__ import annotations

import bisect
import re

# A blank line, or Unicode's paragraph separator (U+2028, the line separator, twice).
_PARAGRAPH = re.compile(r"(?:^|\n\s*\n|\u2028\s*\u2028|\u2029)\s*\S")


class Paragraphs:
    """The paragraphs of one text, found once: a blank line (or U+2029) separates two."""

    def __init__(self, text: str) -> None:
        self._end = len(text)
        self._starts = [m.start() for m in _PARAGRAPH.finditer(text)]

    def start(self, pos: int, *, back: int = 0) -> int:
        """Where the paragraph holding `pos` starts, or the one `back` paragraphs before it."""
        i = bisect.bisect_right(self._starts, pos) - 1 - back
        return self._starts[i] if i >= 0 else 0

    def end(self, pos: int, *, ahead: int = 0) -> int:
        """Where the paragraph after the one holding `pos` starts (the text's end if none), or
        the paragraph after the one `ahead` paragraphs after it."""
        i = bisect.bisect_right(self._starts, pos) + ahead
        return self._starts[i] if i < len(self._starts) else self._end


__all__ = ["Paragraphs"]
