"""Sentences: where one ends, and a document's sentence spans computed once."""

from __future__ import annotations

import bisect
import re

from summarizer.find.reading import Doc, read, trim
from summarizer.find.types import Cue

_SENT_BREAK = (
    # Only these characters can start a break: tested first, before the alternatives.
    r"(?=[.!?…؟\n“\"A-Z])"
    r"(?:(?P<term>[.!?…؟]+)[\"'”’»)\]]*(?=\s|\Z)"
    r"|(?P<blank>\n[^\S\n]*\n\s*)"
    r"|(?P<nl>\n)"
    # Paragraphs glued when a page lost its line breaks: "... tourism industry.Police said",
    # "... scheduled for October 16.Twin bombs".
    # (What is cheap to test comes first: the lookbehinds only where the rest matches.)
    # A caption or dateline glued on: "... a high-risk militant.FILE - A police officer".
    r"|(?P<glued>\.(?<=[a-z]{3}\.)(?=[A-Z][a-z]|[A-Z]{2,}[^\S\r\n]*[-—–][^\S\r\n])"
    r"|\.(?<=\d\.)(?=[A-Z][a-z]*[^\S\r\n])"
    r"|(?=[A-Z][a-z])(?<=[a-z][.!?][”\"])|(?=[“\"][A-Z])(?<=[a-z]{3}\.))"
    # A heading glued to what follows: "... to SurvivorsBOSTON —", "Pending chargesProsecutors
    # said" (checked by _is_glued_heading: "WikiLeaks" is one word).
    r"|(?P<camel>(?=[A-Z])(?<=[a-z]{3})))"
)
_SENT_BREAK_RE = re.compile(_SENT_BREAK)
# In hard-wrapped text a single line break is no break: its pattern does not stop there.
_SENT_BREAK_WRAPPED_RE = re.compile(_SENT_BREAK.replace(r"|(?P<nl>\n)", ""))


_GLUED_WORD_RE = re.compile(r"[A-Z][\w.’'\-]*")
_LIST_ITEM_RE = re.compile(r"(?:[-*•+]|\d{1,3}[.)])\s")

# Lower-cased tokens that end with a period without ending a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt adm cmdr cdr gov sen rep rev st jr sr pres brig "
    "hon amb insp supt fr messrs mt ft vs inc corp co ltd jan feb mar apr jun jul aug sep sept "
    "oct nov dec approx est dept univ al cpl pvt gens lieut".split()
)


def _is_sentence_end(ft: str, m: re.Match[str], body: int) -> bool:
    ts, te = m.span("term")
    k = m.end()
    n = len(ft)
    while k < n and ft[k].isspace():
        k += 1
    if k >= n:
        return True
    c = ft[k]
    if c.islower() and not ft.startswith(("al-", "el-"), k):
        return False
    if ts > 0 and ft[ts - 1] == "[":  # "[...]" marks an elision inside a quote
        return False
    if ft[ts:te] != ".":
        return True
    before = ft[max(body, ts - 25) : ts]  # the token before the period, if one ends there
    if not before or before[-1].isspace():
        return True
    tok = before.rsplit(None, 1)[-1].lstrip("([\"“‘'*")
    low = tok.lower()
    if low in _ABBREVIATIONS:
        return False
    if tok == "No" and c.isdigit():
        return False
    if len(tok) == 1 and tok.isupper():  # an initial: "Donald J. Trump"
        return False
    if "." in tok:  # dotted abbreviation: "U.S", "e.g", "a.m"
        if low in ("a.m", "p.m"):
            return c in '"“«' or c.isupper()
        return False
    return True


def _is_glued_heading(ft: str, p: int) -> bool:
    """Whether the capital at ``p``, glued to a lower-case word, starts a new paragraph: an
    all-caps word ("SuspectA court", "DagestanU.S. investigators", "PrioritiesLONDON —") or a
    word the text also writes on its own ("chargesProsecutors said"), not "WikiLeaks"."""
    m = _GLUED_WORD_RE.match(ft, p)
    if m is None:
        return False
    word = m.group().rstrip(".’'-")
    if not any(c.islower() for c in word):
        return True
    return _has_word(ft, word)


def _has_word(ft: str, word: str) -> bool:
    """Whether ``word`` stands in ``ft`` as a whole word."""
    # The look-behind after the word, not before it: the engine then scans for the literal
    # instead of trying a look-behind at every position.
    w = re.escape(word)
    return re.search(rf"{w}(?<![^\W_]{w})(?![^\W_])", ft) is not None


def sentences_of(doc: Doc) -> list[tuple[int, int]]:
    """The sentence spans of `doc` (folded offsets), computed once and kept on it."""
    if doc._sents is None:
        doc._sents = _sentence_spans(doc)
        doc._sent_starts = [s for s, _ in doc._sents]
    return doc._sents


def sent_starts(doc: Doc) -> list[int]:
    """Where each sentence of `doc` starts (folded offsets)."""
    sentences_of(doc)
    return doc._sent_starts


def sent_index(doc: Doc, pos: int) -> int:
    """Index of the sentence holding (or last starting before) folded ``pos``; -1 if none."""
    sents = sentences_of(doc)
    return bisect.bisect_right(doc._sent_starts, pos) - 1 if sents else -1


def _sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    ft = doc.ft
    spans: list[tuple[int, int]] = []
    start = doc.body

    def add(s: int, e: int) -> None:
        s, e = trim(ft, s, e)
        if e > s:
            spans.append((s, e))

    breaks = _SENT_BREAK_WRAPPED_RE if doc.wrapped else _SENT_BREAK_RE
    for m in breaks.finditer(ft, doc.body):
        kind = m.lastgroup
        if kind == "term":
            if not _is_sentence_end(ft, m, doc.body):
                continue
            add(start, m.end())
            start = m.end()
        elif kind == "blank":
            add(start, m.start())
            start = m.end()
        elif kind == "glued":
            add(start, m.end())
            start = m.end()
        elif kind == "camel":
            if _is_glued_heading(ft, m.end()):
                add(start, m.end())
                start = m.end()
        elif not doc.wrapped:
            k = m.end()
            while k < len(ft) and ft[k] in " \t\r\xa0":
                k += 1
            if k < len(ft) and (ft[k].islower() or ft[k] in "[("):
                continue  # a line broken inside a sentence (or before a Markdown link)
            if k - m.end() >= 2 and k < len(ft) and not _LIST_ITEM_RE.match(ft, k):
                continue  # an indented line goes on with the list item above it
            add(start, m.start())
            start = m.end()
    add(start, len(ft))
    return spans


def sentences(text: str | Doc) -> list[Cue]:
    """Sentence spans of ``text``.

    A sentence ends at ``.``, ``!``, ``?`` (with any closing quotes or brackets) before a word that
    does not start lower-case, unless the period belongs to an abbreviation ("U.S.", "Mr.",
    "Gen.", "Jan.") or an initial. A blank line always ends a sentence; a single newline ends one
    unless the text is hard-wrapped (most lines 40 to 100 characters).
    """
    doc = read(text)
    return [doc.cue(s, e) for s, e in sentences_of(doc)]
