"""Quotations: the marks that open and close them.

Quotes are double quotes only: straight, curly (“ ” „), guillemets (« ») and typewriter pairs (two
backticks ... two apostrophes). Single quotes are kept inside a quote but never open one
(apostrophes make them ambiguous). A straight mark opens or closes by what surrounds it; nested
double quotes are part of the outer quote, not separate cues. A quote never crosses a blank line:
when a paragraph ends inside an open quote it is closed there (``closed=False``), which is also how
the multi-paragraph convention (the next paragraph re-opens with a mark) becomes one quote per
paragraph, sharing the speaker. A quote opened in one paragraph and closed only at the end of a
later one, with no mark between ("Two men were following me ... / Until then ... / ... as soon
as possible."), goes on through the paragraphs between: each is a quote ``carried`` on from the
one before, whose speaker it shares. In text that is not hard-wrapped, an unclosed quote ends at its
first line break; a quote longer than ``QUOTE_CAP`` characters is cut. Words in quotation marks
that nobody says (a title, a term the text names, words on a sign) are told by `unspoken`; who
said each other one is `speakers`' work.
"""

from __future__ import annotations

import re

from summarizer.find.reading import Doc, read, trim
from summarizer.find.turns import turns_of
from summarizer.find.words import WRITTEN_ON

QUOTE_CAP = 2000
"""Longest quote in characters; statements quoted whole run to about 1,100 in the sample data."""
SHORT_QUOTE_WORDS = 3
"""Quotes of at most this many words are flagged ``short`` (possible scare quotes)."""


_QUOTE_EVENT_RE = re.compile(
    r"(?=[`'\"“”„«»\n])(?:(?P<mark>``|''|[\"“”„«»])|(?P<blank>\n[^\S\n]*\n)|(?P<nl>\n))"
)
# While no quotation is open, line breaks change nothing: only the marks are looked for.
_QUOTE_MARK_RE = re.compile(r"(?=[`'\"“”„«»])(?P<mark>``|''|[\"“”„«»])")
# A link; the names inside its target are not names (read by the name filter too).
URL_RE = re.compile(r"(?:https?|ftp)://[^\s)\]>]+|\]\([^)\s]+\)")
_ATTRIBUTE_VALUE_RE = re.compile(r"=[^\S\r\n]*\"[^\"\n]{0,300}\"")
_OPEN_BEFORE = set("([{—–-/:;,“‘'«")
_CLOSE_AFTER = set(".,;:!?)]}—–-…'’”»")
_NO_OPEN = set(",;:!?)]}")

_OPEN, _CLOSE, _AMBIG = 1, 2, 3


class _Open:
    __slots__ = ("pos", "width", "straight", "soft")

    def __init__(self, pos: int, width: int, straight: bool) -> None:
        self.pos, self.width, self.straight = pos, width, straight
        self.soft: int | None = None  # first single newline crossed, in unwrapped text


class Quote:
    __slots__ = (
        "open",
        "close",
        "s",
        "e",
        "closed",
        "continues",
        "carried",
        "speaker",
        "how",
        "ms",
        "me",
    )

    def __init__(self, open_pos: int, close_pos: int, s: int, e: int, closed: bool) -> None:
        self.open, self.close = open_pos, close_pos  # mark positions: opening, after closing
        self.s, self.e, self.closed = s, e, closed
        self.continues = False  # cut because the next paragraph re-opens the quote
        self.carried = False  # goes on from the paragraph before, which was left open
        self.speaker: str | None = None
        self.how: str | None = None
        self.ms: int | None = None
        self.me: int | None = None


def _mark_role(ft: str, p: int, width: int, body: int) -> int:
    mark = ft[p : p + width]
    if mark in ("“", "„", "«", "``"):
        return _OPEN
    if mark in ("”", "»"):
        return _CLOSE
    prev = ft[p - 1] if p > body else " "
    nxt = ft[p + width] if p + width < len(ft) else " "
    # A mark with punctuation right after it ('the regime out ". we') opens nothing; an
    # ellipsis may begin a quotation ('"...and then').
    stop = nxt in _NO_OPEN or (nxt == "." and ft[p + width + 1 : p + width + 2] != ".")
    open_ok = (prev.isspace() or prev in _OPEN_BEFORE) and not (nxt.isspace() or stop)
    close_ok = (nxt.isspace() or nxt in _CLOSE_AFTER) and not prev.isspace()
    if prev == ":" and nxt.isspace():
        # 'added:" No doubt, ..."': a mark glued to the colon that introduces the words, with a
        # space after it, opens them unless a quotation is open.
        return _AMBIG
    if open_ok and not close_ok:
        return _OPEN
    if close_ok and not open_ok:
        return _CLOSE
    return _AMBIG


def scan_quotes(doc: Doc) -> list[Quote]:
    ft = doc.ft
    body = doc.body
    skip: set[int] = set()
    if "=" in ft:
        for m in _ATTRIBUTE_VALUE_RE.finditer(ft, body):
            skip.update((ft.find('"', m.start(), m.end()), m.end() - 1))
    if "://" in ft or "](" in ft:  # marks inside URLs ("#:~:text=...") are not quotes
        for m in URL_RE.finditer(ft, body):
            skip.update(i for i in range(m.start(), m.end()) if ft[i] in '"“”«»')
    stack: list[_Open] = []
    quotes: list[Quote] = []
    left_open = -1  # where the paragraph after one that ended inside a quote starts

    def end_open(o: _Open, at: int, continues: bool = False) -> None:
        """Close an unterminated quote at ``at`` (or its first soft line break)."""
        cut = o.soft if (o.soft is not None and not continues) else at
        cut = min(cut, o.pos + o.width + QUOTE_CAP)
        s, e = trim(ft, o.pos + o.width, cut)
        if e > s:
            q = Quote(o.pos, e, s, e, False)
            q.continues = continues
            quotes.append(q)

    def close_top(o: _Open, p: int, width: int, depth: int) -> None:
        if depth > 0:
            return  # nested quotes belong to the outer one
        if p - o.pos > QUOTE_CAP:
            end_open(o, p)
            return
        s, e = trim(ft, o.pos + o.width, p)
        if e > s:
            quotes.append(Quote(o.pos, p + width, s, e, True))

    pos = body
    while event := (_QUOTE_EVENT_RE if stack else _QUOTE_MARK_RE).search(ft, pos):
        p, pos = event.span()  # never empty
        kind = event.lastgroup
        if kind != "mark":
            if not stack:
                continue
            k = event.end()
            while k < len(ft) and ft[k] in " \t\r\xa0":
                k += 1
            reopen = k < len(ft) and (
                ft[k] in "“„«" or (ft[k] == '"' and k + 1 < len(ft) and not ft[k + 1].isspace())
            )
            if kind == "blank" or reopen:
                end_open(stack[0], p, continues=reopen)  # inner quotes belong to it
                stack.clear()
                left_open = -1 if reopen else event.end()
            elif not doc.wrapped:
                for o in stack:
                    if o.soft is None:
                        o.soft = p
            continue
        if p in skip:
            continue
        width = event.end() - p
        role = _mark_role(ft, p, width, body)
        if role == _AMBIG:
            role = _CLOSE if stack and stack[-1].straight else _OPEN
        if role == _CLOSE:
            if not stack:
                if left_open >= 0 and quotes and not quotes[-1].closed:
                    _carry_on(doc, quotes, left_open, p, width)
                left_open = -1
                continue
            curly = ft[p] in "”»"
            idx = len(stack) - 1
            if curly and stack[idx].straight:
                for j in range(len(stack) - 1, -1, -1):
                    if not stack[j].straight:
                        idx = j
                        break
            o = stack[idx]
            del stack[idx:]
            close_top(o, p, width, idx)
            continue
        left_open = -1
        if stack and not stack[-1].straight and ft[p] in "“„«`":
            # Curly quotes do not nest: the previous one was never closed.
            o = stack.pop()
            if not stack:
                end_open(o, p)
        if len(stack) >= 3:
            o = stack.pop(0)
            end_open(o, p)
        stack.append(_Open(p, width, ft[p] in "\"'"))
    if stack:
        end_open(stack[0], len(ft))
    quotes.sort(key=lambda q: q.s)
    return quotes


_BLANK_RE = re.compile(r"\n[^\S\n]*\n")


def _carry_on(doc: Doc, quotes: list[Quote], start: int, p: int, width: int) -> None:
    """The paragraphs from ``start`` to a closing mark at ``p`` that nothing opened, when that
    mark ends its paragraph: the quote left open before them goes on through them, a quote a
    paragraph, each carried on from the one before. Not across a transcript's turn: there the
    quote was interrupted ("MR. KIRBY:  Yeah.")."""
    ft = doc.ft
    if any(start <= label < p for _, _, label, _, _ in turns_of(doc)):
        return
    line_end = ft.find("\n", p + width)
    if ft[p + width : len(ft) if line_end < 0 else line_end].strip():
        return  # a stray mark inside a paragraph closes nothing
    if p - start > QUOTE_CAP:
        return
    blanks = list(_BLANK_RE.finditer(ft, start, p))
    cuts = [start] + [m.end() for m in blanks]
    ends = [m.start() for m in blanks] + [p]
    for a, b in zip(cuts, ends, strict=True):
        s, e = trim(ft, a, b)
        if e <= s:
            continue
        q = Quote(s, p + width if b == p else e, s, e, b == p)
        q.carried = True
        quotes.append(q)


def quote_spans(text: str | Doc) -> list[tuple[int, int]]:
    """The (start, end) of every quotation `find_quotes` finds, without finding speakers.

    For a caller that only needs to know what is quoted: attribution reads the names of the
    whole text, which finding the quotation marks does not need.
    """
    doc = read(text)
    return [doc.span(q.s, q.e) for q in scan_quotes(doc)]


# Words right after a verb of speech are said, even in capitals ("screamed “Allah Akbar”").
_SPOKEN_BEFORE = re.compile(
    r"\b(?:said|says|screamed|shouted|yelled|chanted|cried|exclaimed)[^\S\n]*[:,]?[^\S\n]*\Z"
)
# "so-called “less lethal” rounds", "searched for the phrase "black on white crime"": a term
# the text names, not words anyone says.
_SO_CALLED_RE = re.compile(
    r"\b(?:so[- ]called|the\s+(?:phrases?|terms?|words?|slogans?|hashtags?|headlines?|"
    r"banners?|label)"
    # "the practice of labelling protesters as “terrorists”": a name put on someone, by no one
    # in particular (who "branded them as" it is found in `speakers`).
    r"|(?:labell?ing|branding|dubbing)\s+(?:[\w’'-]+\s+){0,3}as)\s*\Z"
)
# The small words a title leaves lower-case ("Back to Learning", "Operation Cast Lead").
_TITLE_SMALL = frozenset("a an and at for in of on or the to".split())


def _quoted_title(text: str) -> bool:
    """Whether a quotation is a name or a title in quotation marks: two or three words
    (SHORT_QUOTE_WORDS at most), each capitalized but the small words, and no sentence mark."""
    words = text.strip().split()
    if not 2 <= len(words) <= SHORT_QUOTE_WORDS or any(c in text for c in ".,;:!?"):
        return False
    return all(w[:1].isupper() or w in _TITLE_SMALL for w in words) and words[0][:1].isupper()


def unspoken(doc: Doc, q: Quote) -> bool:
    """Whether nobody says a quotation's words: a name or a title in quotation marks ("Yellow
    Line") with no verb of speech right before it, a term the text names ("these so-called
    “less lethal” rounds"), or words on a sign ("holding signs that read “...”")."""
    if _quoted_title(doc.text[q.s : q.e]) and not _SPOKEN_BEFORE.search(
        doc.ft, max(0, q.open - 30), q.open
    ):
        return True
    if _SO_CALLED_RE.search(doc.lower, max(0, q.open - 60), q.open):
        return True
    return WRITTEN_ON.search(doc.ft, max(0, q.open - 250), q.open) is not None
