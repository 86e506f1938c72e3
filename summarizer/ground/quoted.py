"""Where a quotation a model copied stands in the text: inside which quotation marks, and in
how many pieces (the judge's quotes, `ground/judge.py`).

A capable model copies most quotations whole. A less careful one leaves words out ("...",
"…", "[...]"), joins two quotations the text tells apart, gives a quotation carried on through
paragraphs in one piece, or copies its attribution with it. Each is found here as the text's
own quotations, or not at all: a quote is never kept outside quotation marks.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from summarizer.core.fold import Locator

Span = tuple[int, int]
# A piece of a quote and the quotation (inside its marks) it stands in.
Piece = tuple[Span, Span]

# Where a model left words out of a quotation ("...", "…", "[...]"), or may have joined two:
# after a sentence's or a clause's end ("We lost everything, We have nothing").
_PIECE_SPLIT = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\.\.\.|…)\s*|(?<=[.?!,;:])\s+")
# How far apart, in characters, two pieces of one quote may lie: an attribution between them.
_PIECES_APART = 200
_QUOTE_EDGE = " \t\r\n\"'.,;:!?\u201c\u201d\u2018\u2019"


class Quotations:
    """The quotations of one text, and where a model's copy of one stands among them.

    Args:
        text: The document.
        loc: Its locator.
        quoted: Where its quotations are: the text inside each pair of marks.
        count: Records a change: (kind, warning).
    """

    def __init__(
        self, text: str, loc: Locator, quoted: list[Span], count: Callable[[str, str], None]
    ) -> None:
        self.text = text
        self.loc = loc
        self.quoted = quoted
        self._count = count

    def place(self, words: str, offset: int) -> tuple[Span | None, list[Piece]]:
        """Where the model's quotation `words` (its answer's part at `offset`) is: its span in
        the text, or None; and its pieces with their quotations, none when it is not inside
        quotation marks."""
        span = self.loc.locate(words, near=offset)
        if span is None:
            pieces = self._in_pieces(words, offset)
            return ((pieces[0][0][0], pieces[-1][0][1]) if pieces else None), pieces
        region = self._quoted_region(span)
        if region is not None and not self._whole(span, region):
            # "bandits" inside “... easy for bandits to operate”, where the text also quotes
            # “bandits” alone: the model's quotation is the one it is whole in.
            other = self._quoted_occurrence(words, offset)
            if other is not None and self._whole(*other):
                return other[0], [other]
        if region is not None:
            return span, [(span, region)]
        # The quotations the span overlaps: a quotation carried on through paragraphs, given
        # whole, is one quote for each paragraph it is quoted in, as the finders give it; one
        # copied with its attribution is the quotation.
        inside = [(a, b) for a, b in self.quoted if a < span[1] and span[0] < b]
        pieces = self._carried_pieces(span, inside) or self._with_attribution(span, inside)
        if not pieces:
            # The same words quoted elsewhere: a headline's ‘Muslim dogs’ (single marks) told
            # again in the body as “Muslim dogs”.
            found = self._quoted_occurrence(words, offset)
            pieces = [found] if found is not None else []
        return span, pieces

    def _in_pieces(self, words: str, offset: int) -> list[Piece]:
        """Where a quotation is that the model copied with words left out ("we will respond
        ... with force"), or joined to the next one the text quotes apart ("We lost everything.
        We have nothing." around "one man said"): its pieces found in order, each inside
        quotation marks and none far from the one before. One quote for each quotation they
        fall in, from its first piece to its last, so with the text's own words, those left out
        included; none where a piece is not found so."""
        pieces = [p for p in _PIECE_SPLIT.split(words) if p.strip(_QUOTE_EDGE)]
        if len(pieces) < 2:
            return []
        found: list[Span] = []
        for piece in pieces:
            span = self.loc.locate(piece, near=found[-1][1] if found else offset)
            if span is None or (found and not 0 <= span[0] - found[-1][1] <= _PIECES_APART):
                return []
            found.append(span)
        joined: dict[Span, Span] = {}
        for span in found:
            region = self._quoted_region(span)
            if region is None:
                return []
            first = joined.get(region, span)
            joined[region] = (first[0], span[1])
        self._count("quotes_pieced", f"quote {words[:60]!r} found in {len(found)} pieces")
        return [(span, region) for region, span in joined.items()]

    def _quoted_occurrence(self, words: str, offset: int) -> Piece | None:
        """The occurrence of `words` inside quotation marks nearest `offset`, with its region;
        one that is a whole quotation first."""
        found = []
        for span in self.loc.find_all(words):
            region = self._quoted_region(span)
            if region is not None:
                found.append((not self._whole(span, region), abs(span[0] - offset), span, region))
        return min(found)[2:] if found else None

    def _whole(self, span: Span, region: Span) -> bool:
        """Whether ``span`` is all of the quotation ``region``, but for marks and stops."""
        return not (
            self.text[region[0] : span[0]].strip(_QUOTE_EDGE)
            or self.text[span[1] : region[1]].strip(_QUOTE_EDGE)
        )

    def _carried_pieces(self, span: Span, inside: list[Span]) -> list[Piece]:
        """The parts of ``span`` in each quotation it runs through (`inside`), with those
        quotations, when nothing but white space and quotation marks lies between them (one
        quotation carried on through paragraphs); else none."""
        if len(inside) < 2 or span[0] < inside[0][0] or span[1] > inside[-1][1]:
            return []
        for (_, end), (start, _) in itertools.pairwise(inside):
            if self.text[end:start].strip(' \t\r\n\u00a0"“”'):
                return []
        return [((max(a, span[0]), min(b, span[1])), (a, b)) for a, b in inside]

    def _with_attribution(self, span: Span, inside: list[Span]) -> list[Piece]:
        """The quotation inside ``span`` where the model copied its attribution with it
        ("We lost everything," one man told ...): the one quotation it overlaps (`inside`),
        from the span's start or to its end; else none."""
        if len(inside) != 1:
            return []
        a, b = inside[0]
        if not (a <= span[0] or span[1] <= b):
            return []
        self._count("quotes_trimmed", f"quote at {span[0]}: its attribution left out")
        return [((max(a, span[0]), min(b, span[1])), (a, b))]

    def _quoted_region(self, span: Span) -> Span | None:
        for a, b in self.quoted:
            if a <= span[0] and span[1] <= b:
                return (a, b)
        return None


__all__ = ["Piece", "Quotations"]
