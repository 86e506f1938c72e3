"""Deterministic finders over a document's text.

Each finder returns spans whose offsets are Python code-point indices into the exact text it was
given, so ``text[cue.start:cue.end] == cue.text`` holds for every cue. The text itself is never
normalized: matching runs on a folded copy (zero-width and bidi format characters removed, each
base character composed with its combining marks to NFC) and every offset is mapped back.

Rules chosen where the brief left a choice (callers rely on them):

- A leading YAML front matter block (``---`` ... ``---``) is metadata: no finder reports a span
  inside it, so a quoted ``title:`` is not a quote.
- Quotes are double quotes only: straight, curly (“ ” „), guillemets (« ») and typewriter pairs
  (two backticks ... two apostrophes). Single quotes are kept inside a quote but never open one
  (apostrophes make them ambiguous). A straight mark opens or closes by what surrounds it; nested
  double quotes are part of the outer quote, not separate cues. A quote never crosses a blank line:
  when a paragraph ends inside an open quote it is closed there (``closed=False``), which is also
  how the multi-paragraph convention (the next paragraph re-opens with a mark) becomes one quote
  per paragraph, sharing the speaker. In text that is not hard-wrapped, an unclosed quote ends at
  its first line break; a quote longer than ``QUOTE_CAP`` characters is cut.
- Quotes of at most ``SHORT_QUOTE_WORDS`` words are flagged ``short`` (often scare quotes such as
  "martyred"); they are still quotes, but get a speaker only from an attribution in their own
  sentence, never from a neighbouring sentence or a transcript turn.
- Weekday names resolve to the most recent such day on or before the document date (news reports
  say "on Tuesday" for the day of publication too); "last Tuesday" is strictly before, "next
  Tuesday" strictly after. Vague spans ("last week", "last month", "in 2003", "January 2026") get
  ``iso=None`` and a ``period`` ("2026-W08", "2026-01", "2003") instead of an invented day.
- Casualty figures need an exact number: "dozens", "scores", "hundreds" are skipped; "no one was
  killed" is a count of 0.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from summarizer.find.memo import held_cache

__all__ = [
    "QUOTE_CAP",
    "SHORT_QUOTE_WORDS",
    "CasualtyCue",
    "Cue",
    "DateCue",
    "HedgeCue",
    "NameCue",
    "QuoteCue",
    "TurnCue",
    "find_acronyms",
    "find_casualties",
    "find_dates",
    "find_hedges",
    "find_names",
    "find_quotes",
    "find_speaker_turns",
    "mentions",
    "normalize_date",
    "reading",
    "sentences",
]

QUOTE_CAP = 2000
"""Longest quote in characters; statements quoted whole run to about 1,100 in the sample data."""

SHORT_QUOTE_WORDS = 3
"""Quotes of at most this many words are flagged ``short`` (possible scare quotes)."""


# ---------------------------------------------------------------------------------------------
# Cue types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cue:
    """A span of the document: ``text[start:end] == text`` of the cue."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class QuoteCue(Cue):
    """A direct quotation; ``text`` is the words inside the marks.

    Attributes:
        speaker: Resolved speaker (full name, organisation or phrase such as "the army"), or None.
        speaker_start: Start of the mention the attribution used ("Kaabi", "he", "MR. KIRBY").
        speaker_end: End of that mention.
        closed: False when the closing mark was missing and the quote was cut at a paragraph end.
        short: True for quotes of at most ``SHORT_QUOTE_WORDS`` words.
        attribution: How the speaker was found: "explicit" (same sentence), "adjacent" (a
            neighbouring sentence or quote), "turn" (transcript speaker turn), or None.
    """

    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    closed: bool = True
    short: bool = False
    attribution: str | None = None


@dataclass(frozen=True, slots=True)
class TurnCue(Cue):
    """A transcript speaker turn; ``text`` is what the speaker said, without the label.

    Attributes:
        speaker: The label as written ("MR. KIRBY", "Q", "Dorsa Derakhshani").
        speaker_start: Start of the label.
        speaker_end: End of the label.
        name: Full name the label resolves to in the text ("John Kirby"), or None.
    """

    speaker: str
    speaker_start: int
    speaker_end: int
    name: str | None = None


@dataclass(frozen=True, slots=True)
class HedgeCue(Cue):
    """A hedge or attribution-of-uncertainty phrase.

    Attributes:
        kind: "hedge", "unconfirmed", "attributed", "contested" or "unknown".
        sentence: The sentence that contains the phrase (the evidence).
    """

    kind: str
    sentence: Cue


@dataclass(frozen=True, slots=True)
class DateCue(Cue):
    """A date expression.

    Attributes:
        iso: The day as YYYY-MM-DD, or None when it is not a single known day.
        period: For coarser expressions, "YYYY-MM", "YYYY" or "YYYY-Www"; else None.
        relative: True when resolving needed the document date.
        inferred: True when the document has no date and the year was inferred from the
            latest month the text names with its year (see `find_dates`).
    """

    iso: str | None
    period: str | None = None
    relative: bool = False
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class CasualtyCue(Cue):
    """A casualty figure; ``text`` is the whole phrase ("six PMF fighters were killed").

    Attributes:
        kind: "killed" or "injured".
        count: The number as an integer.
        qualifier: "at least", "more than", ... when the figure is a bound, else None.
        number_start: Start of the number itself.
        number_end: End of the number itself.
    """

    kind: str
    count: int
    qualifier: str | None = None
    number_start: int = 0
    number_end: int = 0


@dataclass(frozen=True, slots=True)
class NameCue(Cue):
    """One occurrence of a candidate actor name.

    Attributes:
        kind_hint: "person", "organization", "state" or None.
        name: The name folded for grouping (NFC, no zero-width characters, single spaces).
    """

    kind_hint: str | None
    name: str = ""


# ---------------------------------------------------------------------------------------------
# Folding and the per-text cache
# ---------------------------------------------------------------------------------------------

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


# A format character to drop, or a base character with the combining marks that follow it.
_FOLD_RE = re.compile(f"[{_FORMAT_CHARS}]|.[{_combining_class()}]+", re.S)
# Any character _FOLD_RE needs: one class the engine skips to (most texts have none).
_FOLD_ANY_RE = re.compile(f"[{_FORMAT_CHARS}{_combining_class()}]")


def _fold(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Folded copy of ``text`` and, when it differs, maps from folded index to original span.

    Format characters (zero-width, bidi controls, soft hyphen) are dropped; a base character and
    its combining marks are composed to NFC. ``starts[i]``/``ends[i]`` give the original span of
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
        if e - s > 1:
            piece = unicodedata.normalize("NFC", m.group())
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
    lengthen a character, as it does "İ")."""
    global _last_lowered
    last = _last_lowered
    if last[0] is text:
        return last[1]
    low = text.lower()
    low = low if len(low) == len(text) else text.translate(_ASCII_LOWER)
    if len(text) > _KEEP_LOWERED_FROM:
        _last_lowered = (text, low)
    return low


# Grounding searches a whole document's text, between offsets, several times a sentence: the
# last long text lowered is kept (one slot, by identity: the same str object, still alive).
_KEEP_LOWERED_FROM = 1000
_last_lowered: tuple[str, str] = ("", "")


def ends_with_word(
    window: str, words: tuple[str, ...], *, comma: bool = False, article: bool = False
) -> bool:
    """Whether `window` ends with white space and, before it, with one of `words` (then a
    comma, when `comma`; then "the", when `article`).

    What the patterns that end "<word>[,][ the] $" need before they can match, told without
    them: most windows before a name end with none of their words.
    """
    if not window[-1:].isspace():
        return False
    rest = window.rstrip()
    if comma and rest.endswith(","):
        rest = rest[:-1].rstrip()
    if rest.endswith(words):
        return True
    return article and rest.endswith("the") and rest[:-3].rstrip().endswith(words)


def _is_wrapped(ft: str, body: int) -> bool:
    """True for hard-wrapped text, where a single newline is not a paragraph break."""
    lengths = sorted(len(line) for line in ft[body:].split("\n") if line.strip())
    if len(lengths) < 4:
        return False
    return lengths[int(len(lengths) * 0.9)] <= 100 and lengths[len(lengths) // 2] >= 40


class _Doc:
    """A text with its folded copy and lazily computed shared analyses (folded offsets)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ft, self._starts, self._ends = _fold(text)
        self.body = _front_matter_end(self.ft)
        self.wrapped = _is_wrapped(self.ft, self.body)
        self._sents: list[tuple[int, int]] | None = None
        self._sent_starts: list[int] = []
        self._names: _Names | None = None
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
    def sents(self) -> list[tuple[int, int]]:
        if self._sents is None:
            self._sents = _sentence_spans(self)
            self._sent_starts = [s for s, _ in self._sents]
        return self._sents

    def sent_index(self, pos: int) -> int:
        """Index of the sentence holding (or last starting before) folded ``pos``; -1 if none."""
        sents = self.sents
        return bisect.bisect_right(self._sent_starts, pos) - 1 if sents else -1

    @property
    def lower(self) -> str:
        """The folded text with ASCII letters lower-cased: same length, same offsets."""
        if self._lower is None:
            self._lower = lower_same(self.ft)
        return self._lower

    @property
    def names(self) -> _Names:
        if self._names is None:
            self._names = _Names(self)
        return self._names

    @property
    def turns(self) -> list[tuple[int, int, int, int, str]]:
        if self._turns is None:
            self._turns = _turn_spans(self)
        return self._turns


# Each document is read when planned and again when grounded: a document in flight holds its
# reading (candidates.Finds does), so it is found however many others pass meanwhile.
@held_cache(maxsize=48)
def _doc(text: str) -> _Doc:
    return _Doc(text)


def reading(text: str) -> object:
    """The finders' shared reading of `text` (its folded copy, sentences, names...), opaque.

    Whoever holds it keeps it cached: every finder called on the same text meanwhile reuses it.
    """
    return _doc(text)


def _trim(ft: str, s: int, e: int) -> tuple[int, int]:
    """Shrink [s, e) past surrounding whitespace."""
    while s < e and ft[s].isspace():
        s += 1
    while e > s and ft[e - 1].isspace():
        e -= 1
    return s, e


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------

# The end of a dateline: "LONDON —", "BAGHDAD (Reuters) -", glued to a heading or not.
_DATELINE_END_RE = re.compile(
    r"[A-Z]{2}[A-Z.,]*(?:[^\S\r\n]+\([A-Za-z ]{1,20}\))?[^\S\r\n]*[—–-]\Z"
)
_DATELINE_AFTER_RE = re.compile(r"(?:[^\S\r\n]+\([A-Za-z ]{1,20}\))?[^\S\r\n]*[—–]")
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


def _sentence_spans(doc: _Doc) -> list[tuple[int, int]]:
    ft = doc.ft
    spans: list[tuple[int, int]] = []
    start = doc.body

    def add(s: int, e: int) -> None:
        s, e = _trim(ft, s, e)
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


def sentences(text: str) -> list[Cue]:
    """Sentence spans of ``text``.

    A sentence ends at ``.``, ``!``, ``?`` (with any closing quotes or brackets) before a word that
    does not start lower-case, unless the period belongs to an abbreviation ("U.S.", "Mr.",
    "Gen.", "Jan.") or an initial. A blank line always ends a sentence; a single newline ends one
    unless the text is hard-wrapped (most lines 40 to 100 characters).
    """
    doc = _doc(text)
    return [doc.cue(s, e) for s, e in doc.sents]


# ---------------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------------


def _upper_class() -> str:
    """Regex class body with the upper-case letters of Latin, Greek and Cyrillic scripts."""
    cps = [
        cp
        for block in ((0x41, 0x5B), (0xC0, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))
        for cp in range(*block)
        if chr(cp).isupper()
    ]
    parts: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        parts.append(chr(cps[i]) if i == j else f"{chr(cps[i])}-{chr(cps[j])}")
        i = j + 1
    return "".join(parts)


_UP = _upper_class()

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_MONTH_FULL = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

_NUMBER_WORDS = {
    "zero": 0,
    "no": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


def _bars(spec: str) -> list[str]:
    """Entries of a "|"-separated list that may be wrapped over lines."""
    return [w.strip() for w in spec.split("|") if w.strip()]


_COUNTRIES = frozenset(
    _bars(
        """Afghanistan|Albania|Algeria|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahrain|
    Bangladesh|Belarus|Belgium|Bolivia|Bosnia|Brazil|Britain|Great Britain|Bulgaria|Burkina Faso|
    Cambodia|Cameroon|Canada|Chad|Chile|China|Colombia|Congo|Croatia|Cuba|Cyprus|Czech Republic|
    Czechia|Denmark|Djibouti|Egypt|Eritrea|Estonia|Ethiopia|Finland|France|Georgia|Germany|Ghana|
    Greece|Hungary|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Japan|Jordan|Kazakhstan|Kenya|
    Kosovo|Kuwait|Kyrgyzstan|Latvia|Lebanon|Libya|Lithuania|Malaysia|Mali|Mexico|Moldova|Morocco|
    Myanmar|Nepal|Netherlands|New Zealand|Niger|Nigeria|North Korea|South Korea|Korea|Norway|Oman|
    Pakistan|Palestine|Philippines|Poland|Portugal|Qatar|Romania|Russia|Saudi Arabia|Serbia|
    Somalia|South Africa|South Sudan|Spain|Sri Lanka|Sudan|Sweden|Switzerland|Syria|Taiwan|
    Tajikistan|Tanzania|Thailand|Tunisia|Turkey|Türkiye|Turkmenistan|Uganda|Ukraine|
    United Arab Emirates|UAE|United Kingdom|UK|U.K.|United States|United States of America|US|
    U.S.|USA|U.S.A.|America|Uzbekistan|Venezuela|Vietnam|Yemen|Zimbabwe|Islamic Republic|
    Islamic Republic of Iran|Kingdom of Saudi Arabia|Syrian Arab Republic|Russian Federation"""
    )
)

COUNTRIES = _COUNTRIES  # for the event finder: "the Parliament of Iraq" is in Iraq

_DEMONYMS = frozenset(
    _bars(
        """Afghan|American|Arab|Arabian|Australian|Bahraini|British|Canadian|Catholic|Chinese|
    Christian|Egyptian|Emirati|European|French|German|Greek|Indian|Iranian|Iraqi|Irish|Islamic|
    Israeli|Italian|Japanese|Jewish|Jordanian|Kurdish|Kuwaiti|Lebanese|Libyan|Muslim|Omani|
    Pakistani|Palestinian|Persian|Qatari|Russian|Saudi|Shia|Shiite|Shi’ite|Shi'ite|Sunni|Syrian|
    Turkish|Ukrainian|Western|Yemeni|Kurd|Kurds|Arabs|Americans|Iranians|Iraqis|Israelis|
    Palestinians|Syrians|Russians|Shiites|Sunnis|Muslims|Christians|Jews|Europeans"""
    )
)

_ORG_KEYWORDS = frozenset(
    _bars(
        """Forces|Force|Brigades|Brigade|Battalion|Battalions|Resistance|Ministry|Party|Hezbollah|
    Hizballah|Hizbollah|Kataib|Kataeb|Harakat|Saraya|Asaib|Asa'ib|Asa’ib|Movement|Front|Army|Corps|
    Guard|Guards|Council|Command|Committee|Organization|Organisation|Group|Agency|News|Network|
    Association|Union|Coalition|Alliance|Federation|Foundation|Institute|Center|Centre|Department|
    Office|Embassy|Consulate|Parliament|Government|Administration|Commission|Authority|Bureau|
    Service|Services|Police|Navy|Airlines|Airways|University|Company|Corporation|Inc|Ltd|Bank|TV|
    Times|Herald|Post|Press|Media|Channel|Radio|Reuters|Congress|Senate|Assembly|League|
    Mobilization|Mobilisation|Taliban|Hamas|Jihad|Brotherhood|Militia|Militias|Unit|Units|Division|
    Regiment|Fleet|Court|Tribunal|Nations|Cabinet|Board|Houthis|Houthi|Qaeda|Al-Qaeda|ISIS|ISIL|
    Daesh|Cooperation|Communications|Secretariat|Interpol|Parliament|Directorate|Sabereen"""
    )
)

ORG_KEYWORDS = _ORG_KEYWORDS  # for the name filter: "my Administration" is no name

# Words in a name before "of" that make "X of Y" one name ("Islamic Republic of Iran").
_OF_KEYWORDS = _ORG_KEYWORDS | frozenset(
    "Republic Kingdom Region Province Governorate District Gulf Strait Sea Island Islands State "
    "States City Bay Lake River Mount Emirate Sultanate Secretary Minister Ministry Bank".split()
)

_CORE_TITLES = frozenset(
    _bars(
        """President|Minister|Secretary|Secretary-General|Senator|Sen.|Rep.|Representative|Congressman|
    Congresswoman|Ambassador|General|Gen.|Lieutenant|Lt.|Colonel|Col.|Major|Maj.|Captain|Capt.|
    Admiral|Adm.|Commander|Commandant|Chief|Superintendent|Governor|Gov.|Mayor|King|Queen|Prince|
    Princess|Sheikh|Ayatollah|Leader|Speaker|Spokesman|Spokesperson|Spokeswoman|Director|Chairman|
    Chairwoman|Dr.|Mr.|Mrs.|Ms.|Miss|Prof.|Professor|Pope|Judge|Justice|Sergeant|Sgt.|Officer|
    Chancellor|Emir|Envoy|Coordinator|Premier|Commissioner|Marshal|Brigadier|Brig.|Cmdr.|Rev.|
    Reverend|Rabbi|Cardinal|Bishop|Archbishop|Sir|Lord|Lady|Dame|IM|GM|WGM|Senator|Moderator|
    MR.|MS.|MRS.|DR.|MR|MS|MRS|Mr|Mrs|Ms|Dr|PRESIDENT|SECRETARY|SENATOR|GENERAL|LIEUTENANT|ADMIRAL|COLONEL|
    MAJOR|CAPTAIN|AMBASSADOR|GOVERNOR|DIRECTOR|SPEAKER|LEADER|CHIEF|Agent|Attorney"""
    )
)
# Words that belong to a title only when another title word follows ("Prime Minister").
_TITLE_MODIFIERS = frozenset(
    _bars(
        """Vice|Prime|Foreign|Defence|Defense|Interior|Special|Presidential|Former|Acting|Regional|
    Deputy|Supreme|Crown|Press|Attorney|Field|Grand|Woman|International|Executive|Senior|Head|
    Assistant|Lieutenant|Chief|Master|Defence|State|Home|Finance|Health|Justice|National|Security|
    Army|Military|Armed|Top|First|Second|VICE|DEPUTY|PRESS"""
    )
)

_PARTICLES_JOIN = frozenset(
    "al el bin ibn bint ul de da du del della der den van von le la".split()
)
_PARTICLES_ORG = frozenset("for in on to".split())

# Lower-cased words that never start a name when capitalized at a sentence start or in a
# title-case heading.
_STOPWORDS = frozenset(
    """the a an however but on in at as since when while despite after before during some many
    several numerous local another other this these those that it its they we he she i you our
    their his her my if yet so also still then now here there where what who why how all both each
    every no not one two three unlike like following according meanwhile moreover furthermore
    although though because until unless with without from for by to of and or nor amid among
    against under over late early earlier later last next today yesterday tomorrow tonight just
    thanks thank good great yes yeah okay ok well please sir so-called is are was were be been
    has have had do does did will would can could should may might must see also read more new
    said says dear hello hi please let let's we're i'm it's that's there's here's don't
    speaking go sure right look again once even only besides beyond except including instead
    inside outside throughout across toward towards upon within via whether whereas regardless
    alongside nevertheless nonetheless additionally otherwise indeed perhaps maybe why
    i've i'd i'll you're you've you'd you'll we've we'd we'll they're they've they'd he's she's
    isn't aren't wasn't weren't can't couldn't won't wouldn't didn't doesn't oh um uh ah hey wow
    whenever wherever whatever whoever nobody everybody somebody everyone someone anyone nothing
    something everything mr mrs ms dr
    """.split()
)
_ALLCAPS_EXCLUDED = frozenset("EST EDT UTC GMT AM PM A.M. P.M. OK TV Q I A".split())

_ROLE_WORDS = (
    r"spokesman|spokesperson|spokeswoman|leader|commander|minister|official|president|secretary|"
    r"chief|envoy|analyst|director|journalist|photojournalist|reporter|correspondent|colleague|"
    r"producer|aide|adviser|advisor|son|daughter|wife|husband|brother|sister|father|mother|"
    r"cleric|general|governor|mayor|lawmaker|senator|prosecutor|researcher|expert|activist|"
    r"witness|resident|engineer|pilot|officer|candidate|nominee|student|player|specialist|"
    r"founder|head|member|chairman|ambassador|coordinator|deputy|representative|lawyer|"
    r"attorney|judge|agent|defendant|suspect|soldier|contractor|hostage|professor|doctor|friend|"
    r"victim|survivor|widow|woman|man|neighbor|neighbour|relative|cousin|classmate"
)
ROLE_WORDS = _ROLE_WORDS  # for the event finder: "a Texas woman" is no place of an event
# Both matched on the lower-cased copy of the text (`lower_same`).
_ROLE_BEFORE_RE = re.compile(rf"\b(?:{_ROLE_WORDS})[^\S\r\n]*,?[^\S\r\n]+\Z")
_ROLE_LAST = tuple(_ROLE_WORDS.split("|"))  # for `ends_with_word`
_ROLE_APPOS_RE = re.compile(
    rf"[^\S\r\n]*,[^\S\r\n]+(?:(?:the|a|an|its|his|her)[^\S\r\n]+)?(?:[\w\-’']+[^\S\r\n]+){{0,3}}?(?:{_ROLE_WORDS})\b",
)

_ATTR_VERBS = (
    r"said|says|say|stated|states|added|adds|wrote|writes|told|tells|warned|warns|continued|"
    r"continues|explained|explains|noted|notes|remarked|declared|declares|announced|announces|"
    r"insisted|insists|argued|argues|asserted|claimed|claims|alleged|alleges|tweeted|posted|"
    r"replied|responded|exclaimed|acknowledged|admitted|urged|asked|asks|stressed|emphasi[sz]ed|"
    r"recalled|commented|concluded|predicted|vowed|threatened|promised|described|called|"
    r"referred|characteri[sz]ed|demanded|read|reads|saying|adding|stating|writing|warning|"
    r"telling|noting|declaring|calling|describing|insisting|arguing|claiming|urging|explaining|"
    r"demanding|blaming|according\s+to"
)
# Matched on the lower-cased copy (`_attribution_verbs`).
_ATTR = re.compile(rf"\b(?:{_ATTR_VERBS})\b")
_PARTICIPLES = frozenset(
    "saying adding stating writing warning telling noting declaring calling describing insisting "
    "arguing claiming urging explaining demanding blaming".split()
)
_NAME_VERB_AFTER_RE = re.compile(
    r"[^\S\r\n]*,?[^\S\r\n]+(?:also[^\S\r\n]+|later[^\S\r\n]+|further[^\S\r\n]+)?"
    r"(?:said|says|told|stated|added|wrote|warned|explained|exclaimed|tweeted|replied|remarked)\b"
)

_SPEECH_NOUNS = (
    r"army|military|ministry|police|statement|spokesman|spokesperson|spokeswoman|official|"
    r"officials|source|sources|agency|government|group|militia|militias|militants|alliance|"
    r"coalition|movement|organi[sz]ation|company|federation|witness|witnesses|residents|media|"
    r"authorities|rebels|forces|troops|president|minister|commander|leader|prosecutor|"
    r"spokespeople|representatives|report|reports|office|embassy|experts|analysts"
)
_NP_END_RE = re.compile(
    rf"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)[^\S\r\n]+(?:[\w\-’']+[^\S\r\n]+){{0,2}}"
    rf"(?i:{_SPEECH_NOUNS})\Z"
)
_NP_BARE_RE = re.compile(rf"(?:[{_UP}][\w\-’']*[^\S\r\n]+)?(?i:{_SPEECH_NOUNS})")
_CALLED_OBJECT_RE = re.compile(r"[^\S\r\n]+(?:it|this|that|them|him|her|the|his|their|its)\b")
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:was|were|is|are|been|be|being)\s+\Z", re.I)
_OF_BEFORE_RE = re.compile(r"\s+of(?:\s+the)?\s+\Z")
_BY_RE = re.compile(r"\bby\s+")
_SUBJECT_PRONOUN_RE = re.compile(r"(?<![\w’'])(he|she|they|He|She|They)\b")
# What may precede a subject pronoun: a clause boundary, not a verb ("supported it say").
_CLAUSE_END_RE = re.compile(
    r"(?:\A|[,;:—–(\"“”]|\b(?:and|but|or|that|so|then|as|while|because|when|where|though|"
    r"although|yet|now|since|if|which|who|after|before|until|once|mean|And|But|So|Then))\s*\Z"
)
_AND_END_RE = re.compile(r"\b(?:and|but)\s*\Z")
_NP_START_RE = re.compile(
    rf"(?:[Tt]he|[Aa]n?)[^\S\r\n]+(?:[\w\-’']+[^\S\r\n]+){{0,2}}?(?i:{_SPEECH_NOUNS})\b"
)
_PRONOUN_END_RE = re.compile(r"(?<![\w’'])(he|she|they|it|He|She|They|It|I|we|We)\Z")
_PRONOUN_START_RE = re.compile(r"(he|she|they|him|her|them|it)\b")
_TRAIL_WORDS_RE = re.compile(
    r"(?:\s+(?:also|later|further|then|once|again|previously|reportedly|earlier|"
    r"subsequently|repeatedly|just|simply|flatly|publicly|separately|recently|immediately|had|"
    r"has|have|would|will|did|does|do|has also|had also|on[^\S\r\n]+(?:" + _WEEKDAY + r")|"
    r"(?:last|this)[^\S\r\n]+(?:week|month|year)|(?:" + _WEEKDAY + r"))|\s+)+\Z"
)
_APPOS_RE = re.compile(
    r"(?:\s*\([^()]{1,40}\))?"
    r"(?:\s*,\s*(?:an?|the|one|who|which|whose|[a-z][\w’'\-]*)\b[^,;:“”\"«»]{0,140}?)"
    r"{0,3}\s*,\s*"
)
_STATEMENT_BY_RE = re.compile(
    r"(?:released|issued|published|put[^\S\r\n]+out|posted|shared)\s+"
    r"(?:a|an|its|the)\s+(?:[\w\-]+\s+)?statement"
)


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

_TITLE_ABBR = (
    r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|Rev|Brig|Cmdr|MR|MRS|MS|DR)\."
)
_CAP = (
    rf"(?:{_TITLE_ABBR}"
    rf"|(?:[{_UP}]\.){{2,}}"
    rf"|[{_UP}]\.(?=[^\S\r\n]+[{_UP}])"
    rf"|(?:[ae]l-)?[{_UP}](?:[^\W_]|['’](?=[^\W\d_])|[-‐](?=[{_UP}\d]))*"
    rf"(?:(?<=s)['’](?=[^\S\r\n]+[{_UP}]))?)"
)
_PARTICLES = "al el bin ibn bint ul de da du del della der den van von le la of for in on to the"
_PART_WORDS = frozenset(_PARTICLES.split())
_PART = rf"(?:{_PARTICLES.replace(' ', '|')})(?![^\W_])"
_H = r"[^\S\r\n]"  # horizontal white space, no-break space included
_WRAP_SEP = rf"(?:{_H}+|{_H}*\r?\n{_H}*)"
# Only a capital or the "a"/"e" of "al-"/"el-" can start _CAP: tested before the look-behind and
# the title alternation.
_CAP_FIRST = rf"(?=[{_UP}ae])"
_SEQ_RE = re.compile(
    rf"{_CAP_FIRST}(?<![^\W_])(?P<first>{_CAP})(?:{_H}+(?:{_PART}{_H}+){{0,2}}(?:{_CAP}))*"
)
_SEQ_WRAPPED_RE = re.compile(
    rf"{_CAP_FIRST}(?<![^\W_])(?P<first>{_CAP})"
    rf"(?:{_WRAP_SEP}(?:{_PART}{_WRAP_SEP}){{0,2}}(?:{_CAP}))*"
)
_ACRONYM_RE = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][A-Z0-9&\-]*[A-Z0-9]")
ACRONYM_RE = _ACRONYM_RE  # for the name filter
_POSSESSIVE = ("'s", "’s")
_DAY_AFTER_RE = re.compile(r"\.?,?[^\S\r\n]*\d")


class _Tok:
    __slots__ = ("s", "e", "w", "cap", "poss")

    def __init__(self, s: int, e: int, w: str, cap: bool, poss: bool) -> None:
        self.s, self.e, self.w, self.cap, self.poss = s, e, w, cap, poss


class _Rec:
    """One name occurrence in folded offsets."""

    __slots__ = ("s", "e", "canon", "kind", "prefix", "titled")

    def __init__(self, s: int, e: int, canon: str, kind: str | None, prefix: bool, titled: bool):
        self.s, self.e, self.canon, self.kind = s, e, canon, kind
        self.prefix = prefix  # a state or organisation in front of a title ("US" President ...)
        self.titled = titled  # a person named after a title


def _surname_key(word: str) -> str:
    w = word.lower()
    for p in ("al-", "el-"):
        if w.startswith(p):
            w = w[len(p) :]
    return w


def _is_title(w: str) -> bool:
    return w in _CORE_TITLES


def _classify(words: Sequence[str], canon: str) -> str | None:
    if canon in _COUNTRIES:
        return "state"
    for w in words:
        if w in _ORG_KEYWORDS:
            return "organization"
        if "-" in w and any(p in _ORG_KEYWORDS for p in w.split("-")):
            return "organization"
    if len(words) == 1 and _ACRONYM_RE.fullmatch(canon):
        return "organization"
    if canon == "Islamic State":  # the group (ISIS, ISIL, Daesh are keywords)
        return "organization"
    return None


@lru_cache(maxsize=8192)
def _one_word(w: str) -> tuple[str, bool, str | None] | None:
    """What a one-word run is by its word alone (the same words recur in every document): None
    when it is never a name; else its plain lower-case form, whether a sentence start can make
    it an ordinary word, and its kind when the word tells it."""
    low = w.lower()
    # _split: a month, a weekday, a letter, an all-caps stop word is no name. (A month is a
    # surname only after a first name, and nothing comes before here.)
    if (
        (low in _MONTHS and not w.isupper())
        or low in _WEEKDAYS
        or w in _ALLCAPS_EXCLUDED
        or len(w) == 1
        or (w.isupper() and low in _STOPWORDS)
    ):
        return None
    if _is_title(w):  # _title_split: a title with no one after it names no one
        return None
    # _plain
    plain = low.replace("’", "'")
    if w in ("The", "A", "An", "THE") or w in _DEMONYMS or plain in _STOPWORDS:
        return None
    if w in _TITLE_MODIFIERS:
        return None
    return plain, w not in _COUNTRIES and w not in _ORG_KEYWORDS, _classify((w,), w)


_LOWER_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz’'-")


def _written_lower(ft: str, body: int, word: str) -> bool:
    r"""Whether `word` is one of the words the pattern ``(?<![^\W_])[a-z][a-z’'\-]+`` finds in
    `ft` from `body` (the text's lower-case words, as the names finder asks), without finding
    them all.

    Those words start with a letter a to z that no letter or digit precedes, and run
    on over a to z, apostrophes and hyphens. An occurrence of `word` is one of them when it
    starts and ends so, and no word found earlier runs on over it: none starts between it and
    the start of the run of such characters it sits in.
    """
    n = len(word)
    if n < 2 or not ("a" <= word[0] <= "z") or not _LOWER_WORD_CHARS.issuperset(word):
        return False
    chars = _LOWER_WORD_CHARS
    i = ft.find(word, body)
    while i >= 0:
        if (i == 0 or not ft[i - 1].isalnum()) and (i + n == len(ft) or ft[i + n] not in chars):
            k = i - 1
            while k >= body and ft[k] in chars:
                if "a" <= ft[k] <= "z" and (k == 0 or not ft[k - 1].isalnum()):
                    break  # a word starts at k and runs on over this occurrence
                k -= 1
            else:
                return True
        i = ft.find(word, i + 1)
    return False


class _TextView(NamedTuple):
    """The parts of a `_Doc` that the names finder reads."""

    ft: str
    body: int
    wrapped: bool
    lower: str


class _Names:
    """Candidate names of a document, with kind hints and surname links."""

    def __init__(self, doc: _Doc) -> None:
        # What it reads of the document, not the document: the document holds its names, and
        # a cycle between the two would outlive the document until a collection found it.
        self.doc = _TextView(doc.ft, doc.body, doc.wrapped, doc.lower)
        ft = doc.ft
        self._lower_words: dict[str, bool] = {}  # `written_lower`'s answers
        seq_re = _SEQ_WRAPPED_RE if doc.wrapped else _SEQ_RE
        # A run is a list of tokens, or one word (most runs) as (start, end, word).
        raw: list[list[_Tok] | tuple[int, int, str]] = []
        initial_flags: list[bool] = []
        noninitial: set[str] = set()
        for m in seq_re.finditer(ft, doc.body):
            if m.end("first") == m.end():  # one word: no need to tokenize
                w = m.group()
                s, e = m.span()
                if w.endswith(_POSSESSIVE) and len(w) > 2:
                    w, e = w[:-2], e - 2
                elif w[-1:] in "'’" and w[:-1] in _ORG_KEYWORDS:
                    w, e = w[:-1], e - 1
                initial = self._is_initial(s)
                raw.append((s, e, w))
                initial_flags.append(initial)
                if not initial:
                    noninitial.add(w)
                continue
            # The run's words are its white-space-separated pieces: _SEQ_RE joins capitalised
            # words (_CAP) and particles (_PART) with white space only.
            toks: list[_Tok] = []
            e = m.start()
            for w in m.group().split():
                s = ft.index(w, e)
                e = s + len(w)
                cap = w not in _PART_WORDS
                poss = False
                if cap and w.endswith(_POSSESSIVE) and len(w) > 2:
                    w, e, poss = w[:-2], e - 2, True
                elif cap and w[-1:] in "'’" and w[:-1] in _ORG_KEYWORDS:
                    w, e, poss = w[:-1], e - 1, True  # "the Guard Corps’ Quds Force": two names
                toks.append(_Tok(s, e, w, cap, poss))
            if not toks:
                continue
            initial = self._is_initial(m.start())
            raw.append(toks)
            initial_flags.append(initial)
            for i, t in enumerate(toks):
                if t.cap and (i > 0 or not initial):
                    noninitial.add(t.w)
        self.noninitial = noninitial
        recs: list[_Rec] = []
        for run, initial in zip(raw, initial_flags, strict=True):
            if isinstance(run, tuple):
                rec = self._word(*run, initial)
                if rec is not None:
                    recs.append(rec)
                continue
            for piece, piece_initial in self._split(run, initial):
                recs.extend(self._pieces_to_recs(piece, piece_initial))
        recs.sort(key=lambda r: r.s)
        self._unify(recs)
        self.recs = recs
        self.starts = [r.s for r in recs]
        self.by_end = {r.e: r for r in recs}
        self.by_start = {r.s: r for r in recs}

    def written_lower(self, word: str) -> bool:
        """Whether the text writes `word` in lower case (`_written_lower`: one word at a time,
        as a document asks for a few dozen words at most)."""
        known = self._lower_words.get(word)
        if known is None:
            known = self._lower_words[word] = _written_lower(self.doc.ft, self.doc.body, word)
        return known

    def _word(self, s: int, e: int, w: str, initial: bool) -> _Rec | None:
        """The name a one-word run gives, if any: what _split, _pieces_to_recs and _plain
        decide for a single capitalised token, without building the lists they pass around."""
        alone = _one_word(w)
        if alone is None:
            return None
        plain, may_be_ordinary, kind = alone
        if initial and may_be_ordinary:
            if w not in self.noninitial and self.written_lower(plain):
                return None  # an ordinary word capitalised because it starts a sentence
            if not self._initial_single_is_name(_Tok(s, e, w, True, False)):
                return None
        if kind is None:
            kind = self._context_kind(s, e, [w])
        return _Rec(s, e, w, kind, False, False)

    # -- positions ---------------------------------------------------------------------------

    def _is_initial(self, pos: int) -> bool:
        """True when ``pos`` starts a sentence, a line of a paragraph list, or a quote there."""
        doc = self.doc
        ft = doc.ft
        i = pos - 1
        while i >= doc.body:
            c = ft[i]
            if c in "“«":
                return True  # a quotation starts its own sentence
            if c == ")" and i > doc.body and ft[i - 1] == ")":
                return True  # after a "((Name))" turn label
            if c == "Q" and (i == doc.body or ft[i - 1] == "\n"):
                return True  # after a "Q" turn label
            if c in "—–-" and _DATELINE_END_RE.search(ft, max(doc.body, i - 40), i + 1):
                return True  # "LONDON — For the second time": a dateline opens the story
            if c in " \t\r\xa0\"‘'(*[#>•-–—_":
                i -= 1
                continue
            if c == "\n":
                if not doc.wrapped:
                    return True
                j = i - 1
                while j >= doc.body and ft[j] in " \t\r\xa0":
                    j -= 1
                if j < doc.body or ft[j] == "\n":
                    return True
                i = j
                continue
            return c in ".!?:;…؟"
        return True

    # -- splitting a capitalised run into names ----------------------------------------------

    def _split(self, toks: list[_Tok], initial: bool) -> list[tuple[list[_Tok], bool]]:
        """Split a run at separators, possessives and particles that do not join names."""
        pieces: list[tuple[list[_Tok], bool]] = []
        cur: list[_Tok] = []
        cur_initial = initial

        def flush() -> None:
            nonlocal cur, cur_initial
            while cur and not cur[-1].cap:
                cur.pop()
            while cur and not cur[0].cap:
                cur.pop(0)
            if cur:
                pieces.append((cur, cur_initial))
            cur = []
            cur_initial = False

        i = 0
        n = len(toks)
        while i < n:
            t = toks[i]
            if t.cap:
                low = t.w.lower()
                month_name = low in _MONTHS and self._month_is_name(cur, t)
                if not month_name and (
                    (low in _MONTHS and not t.w.isupper())
                    or low in _WEEKDAYS
                    or t.w in _ALLCAPS_EXCLUDED
                    or len(t.w) == 1
                    or (t.w.isupper() and len(t.w) > 1 and low in _STOPWORDS)
                    or (cur and not t.w.isupper() and low in _STOPWORDS and len(t.w) <= 4)
                ):
                    flush()
                    i += 1
                    continue
                cur.append(t)
                i += 1
                if t.poss:
                    flush()
                continue
            # A run of particles between capitalised words.
            j = i
            while j < n and not toks[j].cap:
                j += 1
            parts = [p.w for p in toks[i:j]]
            if not cur or j >= n:
                flush()
                i = j
                continue
            first = parts[0]
            caps = [x.w for x in cur if x.cap]
            has_kw = any(w in _OF_KEYWORDS for w in caps)
            ends_title = _is_title(caps[-1]) or caps[-1] in _TITLE_MODIFIERS
            if all(p in _PARTICLES_JOIN for p in parts):
                join = True
            elif first == "of":
                person_like = len(caps) >= 2 and not has_kw and not any(_is_title(w) for w in caps)
                join = not person_like and parts[1:] in ([], ["the"])
            elif first in _PARTICLES_ORG:
                join = (has_kw or ends_title) and parts[1:] in ([], ["the"])
                # An acronym is a whole name: "ISIS in Syria" is a group and a place.
                join = join and not (len(caps) == 1 and _ACRONYM_RE.fullmatch(caps[0]))
            else:
                join = False
            if join:
                cur.extend(toks[i:j])
            else:
                flush()
            i = j
        flush()
        return pieces

    def _month_is_name(self, cur: list[_Tok], t: _Tok) -> bool:
        """ "Theresa May promised": a month word right after a first name, with no day
        number after it, is a surname."""
        if not cur or not cur[-1].cap or cur[-1].poss or cur[-1].w.isupper():
            return False
        if self.doc.ft[cur[-1].e : t.s] != " " or cur[-1].w.lower() in _MONTHS:
            return False
        return _DAY_AFTER_RE.match(self.doc.ft, t.e) is None

    def _pieces_to_recs(self, piece: list[_Tok], initial: bool) -> list[_Rec]:
        """Apply the title rule and the sentence-start rule to one piece."""
        # Titles: "US Secretary of State Mike Pompeo" -> "US" (prefix) + "Mike Pompeo" (person).
        chain_start = chain_end = -1
        for k, t in enumerate(piece):
            if not t.cap:
                continue
            if _is_title(t.w):
                if chain_start < 0:
                    chain_start = k
                    # Modifiers right before the title belong to it ("Prime Minister").
                    while chain_start > 0 and piece[chain_start - 1].w in _TITLE_MODIFIERS:
                        chain_start -= 1
                chain_end = k
            elif chain_end >= 0 and k == chain_end + 1 and t.w in _TITLE_MODIFIERS:
                continue
            elif chain_start >= 0:
                break
        if chain_start >= 0:
            out = self._title_split(piece, chain_start, chain_end, initial)
            if out is not None:
                return out
        return self._plain(piece, initial)

    def _title_split(self, piece: list[_Tok], cs: int, ce: int, initial: bool) -> list[_Rec] | None:
        rest = piece[ce + 1 :]
        portfolio: list[_Tok] = []
        if rest and not rest[0].cap:  # "of State", "for Iran", "to the United Nations"
            while rest and not rest[0].cap:
                rest = rest[1:]
            rcaps = [t for t in rest if t.cap]
            if not rcaps:
                return None
            cut = 0
            words = [t.w for t in rcaps]
            for size in (3, 2, 1):
                if len(words) > size and " ".join(words[:size]) in _COUNTRIES:
                    cut = size
                    break
            if not cut:
                kw = [i for i, w in enumerate(words[:-1]) if w in _OF_KEYWORDS]
                if kw:
                    cut = kw[-1] + 1
                elif len(words) >= 3:
                    cut = len(words) - 2
                else:
                    cut = len(words)
            portfolio = rcaps[:cut]
            rest = [t for t in rest if t.s >= rcaps[cut - 1].e] if cut < len(rcaps) else []
        out: list[_Rec] = []
        prefix = list(piece[:cs])
        while prefix and not prefix[-1].cap:
            prefix.pop()
        if prefix:
            out.extend(self._plain(prefix, initial, prefix_only=True))
        if portfolio:
            out.extend(self._plain(portfolio, False, prefix_only=True))
        # Persons do not carry "of": "Hassan Rouhani of Iran".
        person: list[_Tok] = []
        tail: list[_Tok] = []
        for idx, t in enumerate(rest):
            if not t.cap and t.w not in _PARTICLES_JOIN:
                tail = rest[idx:]
                break
            person.append(t)
        while person and not person[-1].cap:
            person.pop()
        words = [t.w for t in person]
        if not person:
            return out if (prefix or portfolio) else []
        if (
            len(words) > 4
            or any(w in _ORG_KEYWORDS for w in words)
            or " ".join(words) in _COUNTRIES
        ):
            return None
        out.append(self._rec(person, "person", titled=True))
        tail_caps = [t for t in tail if t.cap]
        if tail_caps:
            start = tail.index(tail_caps[0])
            out.extend(self._plain(tail[start:], False))
        return out

    def _plain(self, piece: list[_Tok], initial: bool, prefix_only: bool = False) -> list[_Rec]:
        toks = list(piece)
        if initial:
            # Ordinary words capitalised because they start a sentence.
            while toks and toks[0].cap:
                w = toks[0].w
                low = w.lower()
                if w in _COUNTRIES or w in _ORG_KEYWORDS:
                    break
                low = low.replace("’", "'")
                common = low in _STOPWORDS or (w not in self.noninitial and self.written_lower(low))
                if not common:
                    if len(toks) == 1 and not self._initial_single_is_name(toks[0]):
                        return []
                    break
                toks.pop(0)
                while toks and not toks[0].cap:
                    toks.pop(0)
        while toks and toks[0].w in ("The", "A", "An", "THE"):
            toks.pop(0)
            while toks and not toks[0].cap:
                toks.pop(0)
        if not toks:
            return []
        words = [t.w for t in toks if t.cap]
        if all(w in _DEMONYMS for w in words):
            return []
        if len(words) == 1 and (
            len(words[0]) == 1 or words[0].lower().replace("’", "'") in _STOPWORDS
        ):
            return []
        if all(_is_title(w) or w in _TITLE_MODIFIERS for w in words):
            return []
        rec = self._rec(toks, None)
        if prefix_only:
            if rec.kind is None:
                return []
            rec.prefix = True
        return [rec]

    def _initial_single_is_name(self, t: _Tok) -> bool:
        """Whether one capitalised word at a sentence start is a name, not an ordinary word."""
        w = t.w
        if w in self.noninitial or _ACRONYM_RE.fullmatch(w):
            return True
        if any(c.isupper() for c in w[1:]):  # "McGurk", "al-Walai"
            return True
        return (
            _NAME_VERB_AFTER_RE.match(self.doc.ft, t.e, min(len(self.doc.ft), t.e + 40)) is not None
        )

    def _rec(self, toks: list[_Tok], kind: str | None, titled: bool = False) -> _Rec:
        s, e = toks[0].s, toks[-1].e
        canon = " ".join(self.doc.ft[s:e].split())
        words = [t.w for t in toks if t.cap]
        if kind is None:
            kind = _classify(words, canon)
        if kind is None:
            kind = self._context_kind(s, e, words)
        return _Rec(s, e, canon, kind, False, titled)

    def _context_kind(self, s: int, e: int, words: list[str]) -> str | None:
        ft, low = self.doc.ft, self.doc.lower
        if ends_with_word(low[max(0, s - 40) : s], _ROLE_LAST, comma=True) and (
            _ROLE_BEFORE_RE.search(low, max(0, s - 40), s)
        ):
            return "person"
        if _ROLE_APPOS_RE.match(low, e, min(len(ft), e + 80)):
            return "person"
        if _NAME_VERB_AFTER_RE.match(ft, e, min(len(ft), e + 40)):
            # One word before "said" may be a surname or a company: decided in _unify.
            return "person" if len(words) >= 2 else "speaker"
        before = ft[max(0, s - 13) : s]
        if len(words) >= 2 and before.endswith(("said ", "says ", "according to ")):
            return "person"
        return _more_context_kind(ft, low, s, e, words)

    def _unify(self, recs: list[_Rec]) -> None:
        """One kind per name, the strongest seen; surnames inherit "person" from full names."""
        kinds: dict[str, set[str]] = {}
        speakers: set[str] = set()
        for r in recs:
            if r.kind == "speaker":
                speakers.add(_surname_key(r.canon))
                r.kind = None
            elif r.kind:
                kinds.setdefault(r.canon, set()).add(r.kind)
        final: dict[str, str] = {}
        for canon, ks in kinds.items():
            for k in ("organization", "state", "person"):
                if k in ks:
                    final[canon] = k
                    break
        # Single-word persons ("KIRBY" after "MR.") make "John Kirby" a person too.
        single_persons = {
            _surname_key(c) for c, k in final.items() if k == "person" and " " not in c
        } | {k for k in speakers if not any(_surname_key(c) == k for c in final)}
        for r in recs:
            if " " in r.canon and r.canon not in final:
                if _surname_key(r.canon.split()[-1]) in single_persons:
                    final[r.canon] = "person"
        self.person_last: dict[str, str] = {}  # surname -> full name of a person
        self.any_last: dict[str, str] = {}  # surname -> full name of a person or untyped name
        for r in recs:
            kind = final.get(r.canon)
            if " " in r.canon and kind in ("person", None):
                key = _surname_key(r.canon.split()[-1])
                self.any_last.setdefault(key, r.canon)
                if kind == "person":
                    self.person_last.setdefault(key, r.canon)
        for r in recs:
            kind = final.get(r.canon)
            if kind is None and " " not in r.canon and _surname_key(r.canon) in self.person_last:
                kind = "person"
            r.kind = kind

    # -- lookups used by quote attribution ---------------------------------------------------

    def full_name(self, canon: str) -> str:
        """Full person name for a surname ("Kaabi" -> "Akram al Kaabi"), else ``canon``."""
        words = canon.split()
        if len(words) == 1:
            key = _surname_key(words[0])
            return self.person_last.get(key) or self.any_last.get(key) or canon
        return canon

    def first_in_range(self, lo: int, hi: int) -> _Rec | None:
        """The first name in [lo, hi) that is not a title prefix."""
        i = bisect.bisect_left(self.starts, lo)
        while i < len(self.recs) and self.recs[i].s < hi:
            r = self.recs[i]
            if r.e <= hi and not r.prefix:
                return r
            i += 1
        return None

    def in_range(self, lo: int, hi: int) -> list[_Rec]:
        i = bisect.bisect_left(self.starts, lo)
        out: list[_Rec] = []
        while i < len(self.recs) and self.recs[i].s < hi:
            if self.recs[i].e <= hi:
                out.append(self.recs[i])
            i += 1
        return out


# "Jane Roe, 23, faces", "Jane Roe, who lived": an age or "who" after a name is a person's.
_PERSON_AFTER_RE = re.compile(r"[^\S\r\n]*,[^\S\r\n]+(?:\d{1,3}[^\S\r\n]*,|who\b)")
# "killed Jane Roe", "the killing of Jane Roe", "indicted Jane Roe": a full name after these
# verbs is a person's (an organisation's name carries a word such as Forces or Party).
_PERSON_OBJECT_RE = re.compile(
    r"\b(?:killed|killing|killing of|assassinated|assassination of|murdered|murder of|"
    r"indicted|arrested|arrest of|ousted|executed|convicted|sentenced|identified as|named as)"
    r"[^\S\r\n]+\Z"
)
_PERSON_OBJECT_LAST = tuple(
    "killed killing of assassinated murdered indicted arrested ousted executed convicted "
    "sentenced as".split()
)
_CAP_AFTER_RE = re.compile(rf"[^\S\r\n]+[{_UP}]")
_NUMBER_AFTER_RE = re.compile(r"[^\S\r\n]+\d")
# A letter's closing ("Sincerely," then the signer's name on a line of its own).
_SIGNATURE_BEFORE_RE = re.compile(
    r"\b(?:Sincerely|Respectfully|Regards|Faithfully|Yours|Sincerely yours|Yours truly),?"
    r"[^\S\n]*(?:\r?\n[^\S\n]*)+\Z"
)
# "Iranian airline Mahan Air", "state-owned Saudi Aramco": an organisation.
_ORG_BEFORE_WORDS = (
    "airline|carrier|company|firm|militia|newspaper|broadcaster|state-owned|state-run|"
    "conglomerate|insurer|manufacturer|bank|charity|group"
)
_ORG_BEFORE_RE = re.compile(rf"\b(?:{_ORG_BEFORE_WORDS})[^\S\r\n]+\Z")
_ORG_BEFORE_LAST = tuple(_ORG_BEFORE_WORDS.split("|"))

# "operations against al-Shabaab", "the fight against Boko Haram": the enemy is a group.
_FOE_BEFORE_RE = re.compile(
    r"\b(?:operations?|attacks?|strikes?|airstrikes?|campaign|fight|war|offensive|raids?)"
    r"[^\S\r\n]+(?:(?:\w+[^\S\r\n]+){0,3}?)against[^\S\r\n]+(?:the[^\S\r\n]+)?\Z"
)


def _after_line_break(window: str) -> bool:
    """Whether the white space `window` ends with holds a line break (as a closing needs)."""
    return "\n" in window[len(window.rstrip()) :]


def _more_context_kind(ft: str, low: str, s: int, e: int, words: list[str]) -> str | None:
    """Kind hints from the words around a name that _context_kind leaves undecided."""
    if _PERSON_AFTER_RE.match(ft, e, min(len(ft), e + 12)):
        return "person"
    near = low[max(0, s - 40) : s]  # (each pattern is tried only where it could match)
    if (
        len(words) >= 2
        and ends_with_word(near, _PERSON_OBJECT_LAST)
        and _PERSON_OBJECT_RE.search(low, max(0, s - 24), s)
        and not _CAP_AFTER_RE.match(ft, e)  # "killed Abu Dhabi TV photojournalist ..."
    ):
        return "person"
    if len(words) >= 2 and _after_line_break(ft[max(0, s - 160) : s]):
        if _SIGNATURE_BEFORE_RE.search(ft, max(0, s - 160), s):
            return "person"
    if ends_with_word(near, _ORG_BEFORE_LAST) and _ORG_BEFORE_RE.search(low, max(0, s - 24), s):
        return "organization"
    if (
        ends_with_word(near, ("against",), article=True)
        and _FOE_BEFORE_RE.search(low, max(0, s - 40), s)
        and not _NUMBER_AFTER_RE.match(ft, e)
    ):  # (not "against the Tower 22 base": a site's number)
        return "organization"
    return None


def find_names(text: str) -> list[NameCue]:
    """Candidate actor names: every occurrence, in text order.

    Names are runs of capitalised words joined by particles (al, al-, bin, ibn, de, of, the; and
    in/for/on/to after an organisation word, as in "Islamic Resistance in Iraq"), all-caps
    acronyms and dotted ones ("U.S."). Titles are cut off ("US Secretary of State Mike Pompeo"
    gives "US" and "Mike Pompeo"), as are possessives, month and weekday names, sentence-initial
    common words and nationality adjectives. ``kind_hint`` is "organization" for names with words
    such as Forces, Brigades, Hezbollah, Ministry or for acronyms, "state" for countries, "person"
    after a title or role word or before "said", and is unified over all occurrences of a name.
    """
    doc = _doc(text)
    out: list[NameCue] = []
    starts = doc._sent_starts if doc.sents else []
    for r in doc.names.recs:
        i = bisect.bisect_right(starts, r.s)
        if i < len(starts) and starts[i] < r.e:
            # A run glued over a sentence start ("... Questioned in DagestanU.S. investigators")
            # is cut there.
            out.extend(_cut_at(doc, r, [p for p in starts[i:] if p < r.e]))
            continue
        s, e = doc.span(r.s, r.e)
        out.append(NameCue(s, e, text[s:e], _kind_unless_dateline(doc, r.s, r.e, r.kind), r.canon))
    return out


def _kind_unless_dateline(doc: _Doc, s: int, e: int, kind: str | None) -> str | None:
    """No kind for the city of a dateline ("LONDON —" opening a story is a place, not an
    acronym)."""
    ft = doc.ft
    if kind == "organization" and ft[s:e].isupper() and _DATELINE_AFTER_RE.match(ft, e):
        si = doc.sent_index(s)
        if si >= 0 and doc.sents[si][0] == s:
            return None
    return kind


def _cut_at(doc: _Doc, r: _Rec, cuts: list[int]) -> list[NameCue]:
    out: list[NameCue] = []
    for a, b in zip([r.s, *cuts], [*cuts, r.e], strict=True):
        a, b = _trim(doc.ft, a, b)
        words = [w for w in _WORDS_RE.findall(doc.ft, a, b) if w[0].isupper()]
        if not words or (len(words) == 1 and (len(words[0]) == 1 or words[0] in _STOPWORDS)):
            continue
        canon = " ".join(doc.ft[a:b].split())
        s, e = doc.span(a, b)
        kind = _kind_unless_dateline(doc, a, b, _classify(words, canon))
        out.append(NameCue(s, e, doc.text[s:e], kind, canon))
    return out


# ---------------------------------------------------------------------------------------------
# Acronyms and mentions
# ---------------------------------------------------------------------------------------------

_ACR_PAREN_RE = re.compile(r"\(\s*((?:[A-Z]\.){2,}|[A-Z][A-Za-z0-9&\-]{1,9})\s*\)")
# The capital first, then the look-behind: the engine skips to capitals.
_ACR_FIRST_RE = re.compile(r"([A-Z](?<![^\W_][A-Z])[A-Z0-9&\-]{1,9})[^\S\r\n]*\(([^()\n]{3,100})\)")
_WORD_RE = re.compile(r"[^\W_][\w’'\-]*")
_ACR_PARTICLES = frozenset("of the in and for on to al de du la at".split())
# An Arabic article or particle glued to a capitalised name: al-Haq, el-Sisi, bin-Zayed.
_GLUED_PARTICLE_RE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|ibn|bin|abu)[-‐‑](?=[A-Z])")


def _letters_match(letters: str, words: list[str]) -> bool:
    """True when ``letters`` start with the first word's initial and run in order through words."""
    if not words or words[0][0].upper() != letters[0]:
        return False
    joined = "".join(words).upper()
    i = 0
    for ch in letters:
        i = joined.find(ch, i)
        if i < 0:
            return False
        i += 1
    return True


def _acronym_pairs(doc: _Doc) -> list[tuple[str, int, int]]:
    """(acronym, expansion start, expansion end) for each definition, folded offsets."""
    ft = doc.ft
    out: list[tuple[str, int, int]] = []
    for m in _ACR_PAREN_RE.finditer(ft, doc.body):
        acr = m.group(1)
        letters = "".join(c for c in acr if c.isalpha()).upper()
        if sum(c.isupper() for c in acr) < 2 or len(letters) < 2:
            continue
        lo = max(doc.body, m.start() - 160)
        words = [(w.start(), w.end(), w.group()) for w in _WORD_RE.finditer(ft, lo, m.start())]
        caps: list[tuple[int, int, str]] = []
        prev_start = m.start()
        for s, e, w in reversed(words):
            gap = ft[e:prev_start]
            if gap.strip(" \t\r\n'’"):
                break
            glued = _GLUED_PARTICLE_RE.match(w)
            if w[0].isupper():
                caps.append((s, e, w))
            elif glued is not None:
                # "al-Haq" counts by its capital: Asaib Ahl al-Haq (AAH).
                caps.append((s, e, w[glued.end() :]))
            elif w.lower() not in _ACR_PARTICLES:
                break
            prev_start = s
        caps.reverse()
        found = None
        for k in range(1, min(len(caps), 10) + 1):
            cand = caps[-k:]
            if _letters_match(letters, [w for _, _, w in cand]):
                found = cand
                break
        if found is None and len(caps) >= 2:
            found = caps[-min(len(caps), 6) :]
            while len(found) > 1 and found[0][2].lower() in _STOPWORDS:
                found = found[1:]
        if found:
            out.append((acr, found[0][0], found[-1][1]))
    for m in _ACR_FIRST_RE.finditer(ft, doc.body):
        acr, exp = m.group(1), m.group(2)
        letters = "".join(c for c in acr if c.isalpha())
        ws = [w for w in exp.split() if w[:1].isupper()]
        if len(ws) >= 2 and _letters_match(letters, ws):
            s, e = _trim(ft, m.start(2), m.end(2))
            out.append((acr, s, e))
    return out


def find_acronyms(text: str) -> dict[str, str]:
    """Acronyms defined in the text: "Islamic Resistance in Iraq (IRI)" -> {"IRI": "..."}.

    Both "Name (ACR)" and "ACR (Name)" are read; the first definition of an acronym wins. The
    expansion must fit the acronym's letters, except that a run of two or more capitalised words
    right before the parenthesis is accepted as is (acronyms from another language, like PKK).
    """
    doc = _doc(text)
    out: dict[str, str] = {}
    for acr, s, e in sorted(_acronym_pairs(doc), key=lambda p: p[1]):
        out.setdefault(acr, " ".join(doc.ft[s:e].split()))
    return out


@lru_cache(maxsize=256)
def _mention_forms(
    forms: tuple[str, ...],
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], re.Pattern[str] | None]:
    """How to find any of `forms`: (parts of the acronyms, matched as written in the folded
    text; parts of the other ASCII forms, lower-cased, matched in its lower-cased copy; a
    pattern for the rest, which match case-insensitively), longest form first. Apostrophes
    in the parts are written '.
    """
    exact: list[tuple[str, ...]] = []
    lower: list[tuple[str, ...]] = []
    other: list[str] = []
    for form in sorted(set(forms), key=len, reverse=True):
        folded = _fold(form)[0].strip()
        parts = [p for p in re.split(r"[\s\-‐]+", folded) if p]
        if not parts:
            continue
        if _ACRONYM_RE.fullmatch(folded) and folded.upper() == folded:
            exact.append(tuple(p.replace("’", "'") for p in parts))
        elif folded.isascii():
            lower.append(tuple(p.lower().replace("’", "'") for p in parts))
        else:
            other.append(f"(?i:{_mention_body(parts)})")
    # The leading word boundary is checked in code: a look-behind would keep the engine from
    # scanning for the literal.
    pattern = re.compile("(?:" + "|".join(other) + r")(?![^\W_])") if other else None
    return tuple(exact), tuple(lower), pattern


_APOSTROPHE = re.compile("['’]")
_MENTION_SEP = re.compile(r"[\s\-‐]+")


def _mention_body(parts: list[str]) -> str:
    # One pass: replacing ' and then ’ in turn would rewrite the ’ inside the first class.
    return r"[\s\-‐]+".join(_APOSTROPHE.sub("['’]", re.escape(p)) for p in parts)


def _form_spans(subject: str, parts: tuple[str, ...], pos: int, out: list[tuple[int, int]]) -> None:
    """Where `parts` occur in `subject` from `pos`, any run of whitespace or hyphens between
    them, and no letter or digit right after: what a compiled pattern of the form would match
    (compiling one per name cost more than the search)."""
    first, rest = parts[0], parts[1:]
    n = len(subject)
    i = subject.find(first, pos)
    while i >= 0:
        j = i + len(first)
        for part in rest:
            gap = _MENTION_SEP.match(subject, j)
            if gap is None or not subject.startswith(part, gap.end()):
                break
            j = gap.end() + len(part)
        else:
            if j >= n or not subject[j].isalnum():
                out.append((i, j))
        i = subject.find(first, i + 1)


def mentions(text: str, name: str, aliases: Iterable[str] = ()) -> list[tuple[int, int]]:
    """All whole-word occurrences of ``name`` or any alias, as (start, end) offsets in text order.

    Acronyms (all capitals) match case-sensitively, other forms case-insensitively; any run of
    whitespace or hyphens in a form matches any such run in the text, and ' matches ’.
    """
    exact, lower, pattern = _mention_forms((name, *aliases))
    if not exact and not lower and pattern is None:
        return []
    doc = _doc(text)
    ft = doc.ft
    spans: list[tuple[int, int]] = []
    for forms, subject in ((exact, ft), (lower, doc.lower if lower else ft)):
        if not forms:
            continue
        if any("'" in part for parts in forms for part in parts):
            subject = subject.replace("’", "'")  # same length: offsets hold
        for parts in forms:
            _form_spans(subject, parts, doc.body, spans)
    if pattern is not None:
        spans.extend(m.span() for m in pattern.finditer(ft, doc.body))
    spans = [(s, e) for s, e in spans if s == 0 or not ft[s - 1].isalnum()]
    spans.sort(key=lambda p: (p[0], -p[1]))
    out: list[tuple[int, int]] = []
    last = -1
    for s, e in spans:
        if s >= last:
            out.append(doc.span(s, e))
            last = e
    return out


# ---------------------------------------------------------------------------------------------
# Speaker turns
# ---------------------------------------------------------------------------------------------

_TURN_RE = re.compile(
    r"^[^\S\r\n]*(?:"
    r"(?P<caps>(?:[A-Z][A-Z.'’\-]*[^\S\r\n]+){0,4}[A-Z][A-Z.'’\-]*[A-Z.])[^\S\r\n]*:(?=[^\S\r\n]|\r?$)"
    r"|(?P<q>Q)(?:[^\S\r\n]*:|[^\S\r\n]+(?=\S))"
    r"|\(\((?P<paren>[^()\n]{1,60})\)\)(?=[^\S\r\n])"
    r")",
    re.M,
)
# The same after a line break, which it takes in: the engine then skips from one line break to
# the next instead of trying every position (a turn starts a line and ends in it).
_TURN_AFTER_BREAK_RE = re.compile("\n" + _TURN_RE.pattern.removeprefix("^"), re.M)


def _turn_spans(doc: _Doc) -> list[tuple[int, int, int, int, str]]:
    """(text start, text end, label start, label end, label) per turn, folded offsets."""
    ft = doc.ft
    marks: list[tuple[int, int, int, int, str]] = []
    body = doc.body
    first = _TURN_RE.match(ft, body) if body == 0 or ft[body - 1] == "\n" else None
    for m in itertools.chain((first,) if first else (), _TURN_AFTER_BREAK_RE.finditer(ft, body)):
        group = m.lastgroup or ""
        ls, le = m.span(group)
        label = m.group(group).strip()
        if group == "caps" and (label.lower() in _MONTHS or label.lower() in _WEEKDAYS):
            continue
        start = m.start() if m is first else m.start() + 1  # the line, after its break
        marks.append((start, m.end(), ls, le, label))
    out: list[tuple[int, int, int, int, str]] = []
    for i, (_, body_start, ls, le, label) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(ft)
        s, e = _trim(ft, body_start, end)
        out.append((s, e, ls, le, label))
    return out


def _turn_name(doc: _Doc, label: str) -> str | None:
    words = [w for w in re.split(r"[\s.]+", label) if w]
    if not words:
        return None
    if len(words) >= 2 and not label.isupper():
        return " ".join(words)
    key = _surname_key(words[-1])
    return doc.names.person_last.get(key) or doc.names.any_last.get(key)


def find_speaker_turns(text: str) -> list[TurnCue]:
    """Transcript speaker turns.

    A turn starts at a line that begins with an all-caps label and a colon ("MR. KIRBY:",
    "SECRETARY AUSTIN:", "MODERATOR:"), with "Q" ("Q:", "Q    Thanks") or with a Wikinews-style
    "((Name))" label, and runs to the next such line. ``text`` is the turn without its label;
    ``name`` is the full name the label's last word resolves to, when the text has one.
    """
    doc = _doc(text)
    out: list[TurnCue] = []
    for fs, fe, ls, le, label in doc.turns:
        s, e = doc.span(fs, fe)
        lss, lse = doc.span(ls, le)
        out.append(TurnCue(s, e, text[s:e], label, lss, lse, _turn_name(doc, label)))
    return out


# ---------------------------------------------------------------------------------------------
# Quotes
# ---------------------------------------------------------------------------------------------

_QUOTE_EVENT_RE = re.compile(
    r"(?=[`'\"“”„«»\n])(?:(?P<mark>``|''|[\"“”„«»])|(?P<blank>\n[^\S\n]*\n)|(?P<nl>\n))"
)
# While no quotation is open, line breaks change nothing: only the marks are looked for.
_QUOTE_MARK_RE = re.compile(r"(?=[`'\"“”„«»])(?P<mark>``|''|[\"“”„«»])")
_URL_RE = re.compile(r"(?:https?|ftp)://[^\s)\]>]+|\]\([^)\s]+\)")
URL_RE = _URL_RE  # names inside a link target are not names
_ATTRIBUTE_VALUE_RE = re.compile(r"=[^\S\r\n]*\"[^\"\n]{0,300}\"")
_OPEN_BEFORE = set("([{—–-/:;,“‘'«")
_CLOSE_AFTER = set(".,;:!?)]}—–-…'’”»")
_PUNCT_ONLY_RE = re.compile(r"[\s,.;:!?—–\-]*\Z")
_WORDS_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")

_OPEN, _CLOSE, _AMBIG = 1, 2, 3


class _Open:
    __slots__ = ("pos", "width", "straight", "soft")

    def __init__(self, pos: int, width: int, straight: bool) -> None:
        self.pos, self.width, self.straight = pos, width, straight
        self.soft: int | None = None  # first single newline crossed, in unwrapped text


class _Quote:
    __slots__ = ("open", "close", "s", "e", "closed", "continues", "speaker", "how", "ms", "me")

    def __init__(self, open_pos: int, close_pos: int, s: int, e: int, closed: bool) -> None:
        self.open, self.close = open_pos, close_pos  # mark positions: opening, after closing
        self.s, self.e, self.closed = s, e, closed
        self.continues = False  # cut because the next paragraph re-opens the quote
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
    open_ok = (prev.isspace() or prev in _OPEN_BEFORE) and not nxt.isspace()
    close_ok = (nxt.isspace() or nxt in _CLOSE_AFTER) and not prev.isspace()
    if open_ok and not close_ok:
        return _OPEN
    if close_ok and not open_ok:
        return _CLOSE
    return _AMBIG


def _scan_quotes(doc: _Doc) -> list[_Quote]:
    ft = doc.ft
    body = doc.body
    skip: set[int] = set()
    if "=" in ft:
        for m in _ATTRIBUTE_VALUE_RE.finditer(ft, body):
            skip.update((ft.find('"', m.start(), m.end()), m.end() - 1))
    if "://" in ft or "](" in ft:  # marks inside URLs ("#:~:text=...") are not quotes
        for m in _URL_RE.finditer(ft, body):
            skip.update(i for i in range(m.start(), m.end()) if ft[i] in '"“”«»')
    stack: list[_Open] = []
    quotes: list[_Quote] = []

    def end_open(o: _Open, at: int, continues: bool = False) -> None:
        """Close an unterminated quote at ``at`` (or its first soft line break)."""
        cut = o.soft if (o.soft is not None and not continues) else at
        cut = min(cut, o.pos + o.width + QUOTE_CAP)
        s, e = _trim(ft, o.pos + o.width, cut)
        if e > s:
            q = _Quote(o.pos, e, s, e, False)
            q.continues = continues
            quotes.append(q)

    def close_top(o: _Open, p: int, width: int, depth: int) -> None:
        if depth > 0:
            return  # nested quotes belong to the outer one
        if p - o.pos > QUOTE_CAP:
            end_open(o, p)
            return
        s, e = _trim(ft, o.pos + o.width, p)
        if e > s:
            quotes.append(_Quote(o.pos, p + width, s, e, True))

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


_GENDER_WORD_RE = re.compile(
    r"\b(?:(?P<f>mother|wife|daughter|sister|woman|girl|grandmother|aunt|widow|Mrs|Ms|Miss|"
    r"Queen|Princess|Lady|spokeswoman|chairwoman|congresswoman|businesswoman)|"
    r"(?P<m>father|husband|son|brother|man|boy|grandfather|uncle|widower|Mr|King|Prince|"
    r"spokesman|chairman|congressman|businessman))\b"
)
_DESCRIPTOR_BEFORE_RE = re.compile(r"\bthe\s+(?:[a-z0-9][\w-]*\s+){1,3}\Z")
# "The friend said", "A police officer told": an unnamed person who opens a sentence by speaking.
_ROLE_SUBJECT_RE = re.compile(
    rf"(?:The|A|An)(?:[^\S\r\n]+[\w\-’']+){{0,3}}?[^\S\r\n]+(?:{_ROLE_WORDS})"
    r"(?:[^\S\r\n]+of[^\S\r\n]+(?:the[^\S\r\n]+)?[a-z][\w\-’']*)?"
    rf"(?=[^\S\r\n]+(?:also[^\S\r\n]+|later[^\S\r\n]+)?(?:{_ATTR_VERBS})\b)"
)
_GENDER_PRONOUN_RE = re.compile(r"\b(he|she|his|her|him|He|She|His|Her)\b")


_SUBORDINATOR_RE = re.compile(
    r"\b(?:after|when|because|before|while|since|until|once|whereas)[^\S\r\n]+"
)
# "her two children came": a possessive or article, up to three words, then a verb in the past.
_CLAUSE_NP_RE = re.compile(
    r"((?:her|his|their|the|its|my|our)[^\S\r\n]+(?:[\w\-’']+[^\S\r\n]+){0,2}?[\w\-’']+)"
    r"(?=[^\S\r\n]+(?:[a-z]+ed|came|went|got|ran|took|gave|made|left|saw|sat|stood|found|"
    r"became|began|heard|knew|met|brought|thought|spoke|fled|fell|held|kept|led|lost|ran|"
    r"returned|woke|wrote)\b)"
)
# “cowardly” and “disgusting”: quotations in one list share their speaker.
_QUOTE_LIST_GAP_RE = re.compile(r"[\s,]*(?:(?:and|or|nor)\s+)?")


# "24 people", "dozens of relatives": a counted group that a following "They" stands for.
_CROWD_RE = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens of|hundreds of|several|many)"
    r"[^\S\r\n]+(?:[a-z]+[^\S\r\n]+)?(?:people|victims|survivors|relatives|residents|"
    r"witnesses|protesters|families|parents|students|workers)\b"
)
# Verbs of scorn: "They lashed out at him for his “cowardly” acts" quotes their word.
_SCORN_RE = re.compile(
    r"\b(?:lashed out|condemned|denounced|decried|critici[sz]ed|slammed|blasted|derided|"
    r"mocked|ridiculed)\b"
)


def _listed_after(ft: str, prev: _Quote, q: _Quote) -> bool:
    """Whether ``q`` is the next item of a list of quotations that ``prev`` opens."""
    if prev.speaker is None or prev.ms is None:
        return False
    gap = ft[prev.close : q.open]
    return len(gap) <= 8 and _QUOTE_LIST_GAP_RE.fullmatch(gap) is not None


class _Attributor:
    """Finds the speaker of each quote from the text around it."""

    def __init__(self, doc: _Doc, quotes: list[_Quote]) -> None:
        self.doc = doc
        self.ft = doc.ft
        self.names = doc.names
        self.quotes = quotes
        self.turns = doc.turns
        self.turn_starts = [t[0] for t in self.turns]
        self.quote_starts = [q.s for q in quotes]
        self.quote_opens = [q.open for q in quotes]
        self._genders: dict[str, str | None] = {}
        self._by_person: dict[str, list[_Rec]] | None = None

    # -- mention helpers ---------------------------------------------------------------------

    def _name_ending(self, e: int, lo: int) -> _Rec | None:
        r = self.names.by_end.get(e)
        if r is None or r.s < lo:
            return None
        # "President Hassan Rouhani of Iran said": the person, not the country.
        m = _OF_BEFORE_RE.search(self.ft, max(lo, r.s - 12), r.s)
        if m is not None:
            prev = self.names.by_end.get(m.start())
            if prev is not None and prev.kind == "person" and prev.s >= lo:
                return prev
        return r

    def _resolve_rec(self, r: _Rec) -> str:
        if (
            r.kind is None
            and " " not in r.canon
            and _DESCRIPTOR_BEFORE_RE.search(self.ft, max(0, r.s - 40), r.s)
        ):
            # "the 21-year-old ethnic Chechen said": a description of someone named before.
            prev = self._antecedent(r.s, "m") or self._antecedent(r.s, "f")
            if prev is not None:
                return self.names.full_name(prev.canon)
        if r.kind in (None, "person"):
            return self.names.full_name(r.canon)
        return r.canon

    def _inside_quote(self, r: _Rec) -> bool:
        i = bisect.bisect_right(self.quote_starts, r.s) - 1
        return i >= 0 and r.e <= self.quotes[i].e

    def _last_before(self, pos: int, accept: Callable[[_Rec], bool]) -> tuple[int, _Rec] | None:
        """The last name before ``pos`` outside quotations that ``accept`` takes (a pronoun's
        antecedent), with its index in the document's names."""
        names = self.names
        i = bisect.bisect_left(names.starts, pos) - 1
        while i >= 0:
            r = names.recs[i]
            if r.e <= pos and not r.prefix and not self._inside_quote(r) and accept(r):
                return i, r
            i -= 1
        return None

    def _mentions_of(self, key: str) -> list[_Rec]:
        """Every mention of a person (or an untyped name) whose full name is ``key``."""
        if self._by_person is None:
            self._by_person = {}
            for r in self.names.recs:
                if r.kind in ("person", None):
                    self._by_person.setdefault(self.names.full_name(r.canon), []).append(r)
        return self._by_person.get(key, [])

    def _gender(self, r: _Rec) -> str | None:
        """ "f" or "m" when the text says so near a mention: "Patricia Campbell, the mother of",
        "a Texas woman", "Mrs.", or the first he/she that follows before anyone else is named."""
        key = self.names.full_name(r.canon)
        cached = self._genders.get(key, "?")
        if cached != "?":
            return cached
        found: str | None = None
        for other in self._mentions_of(key):
            around = self.ft[max(0, other.s - 30) : other.s] + " " + self.ft[other.e : other.e + 40]
            m = _GENDER_WORD_RE.search(around)
            if m is not None:
                found = "f" if m.group("f") else "m"
                break
            i = bisect.bisect_right(self.names.starts, other.e)
            hi = self.names.recs[i].s if i < len(self.names.recs) else len(self.ft)
            pm = _GENDER_PRONOUN_RE.search(self.ft, other.e, min(hi, other.e + 250))
            if pm is not None:
                found = "f" if pm.group(1).lower() in ("she", "her") else "m"
                break
        self._genders[key] = found
        return found

    def _antecedent(self, pos: int, gender: str) -> _Rec | None:
        """The person a he/she at ``pos`` stands for: the last person before it whose gender
        does not conflict, preferring the first such person of that sentence (its subject:
        "Patricia Campbell, the mother of Krystle Campbell, ... She looked")."""
        names = self.names
        found = self._last_before(
            pos,
            lambda r: (
                (r.kind == "person" or (r.kind is None and self._gender(r) == gender))
                and self._gender(r) in (None, gender)
            ),
        )
        if found is None:
            return None
        i, last = found
        si = self.doc.sent_index(last.s)
        lo = self.doc.sents[si][0] if si >= 0 else last.s
        j = bisect.bisect_left(names.starts, lo)
        while j <= i:
            r = names.recs[j]
            if (
                r.kind in ("person", None)
                and not r.prefix
                and not self._inside_quote(r)
                and self._gender(r) == gender
                and not self.ft.startswith(("'s", "’s"), r.e)  # "Krystle's best friend"
            ):
                return r  # the sentence's first person of the right gender
            j += 1
        return last

    def _unnamed_speaker_before(self, pos: int, gender: str) -> str | None:
        """ "The friend said the man was radicalized. “...,” he told the BBC": he/she is the
        unnamed person whose words the sentence before reports, when no one is named between."""
        si = self.doc.sent_index(pos)
        if si <= 0:
            return None
        ps, pe = self.doc.sents[si - 1]
        m = _ROLE_SUBJECT_RE.match(self.ft, ps, pe)
        if m is None or self.names.first_in_range(ps, m.end()) is not None:
            return None
        between = self.names.in_range(self.doc.sents[si][0], pos)
        if any(not r.prefix and not self._inside_quote(r) for r in between):
            return None
        g = _GENDER_WORD_RE.search(m.group())
        if g is not None and ("f" if g.group("f") else "m") != gender:
            return None
        return m.group()

    def _resolve_pronoun(self, word: str, pos: int) -> str | None:
        w = word.lower()
        if w in ("he", "she", "him", "her"):
            gender = "f" if w in ("she", "her") else "m"
            unnamed = self._unnamed_speaker_before(pos, gender)
            if unnamed is not None:
                return unnamed
            r = self._antecedent(pos, gender)
            return self._resolve_rec(r) if r else None
        if w in ("they", "them") and word[0].isupper():
            crowd = self._crowd_before(pos)
            if crowd is not None:
                return crowd
        if w in ("they", "them", "it"):
            org = self._last_before(pos, lambda r: r.kind == "organization")
            return org[1].canon if org else None
        if w in ("i", "we"):
            t = self._turn_at(pos)
            return t if t else None
        return None

    def _crowd_before(self, pos: int) -> str | None:
        """ "... as 24 people gave statements. They lashed out": a sentence-opening "They" is
        the counted people of the sentence before, when that sentence names no one."""
        si = self.doc.sent_index(pos)
        if si <= 0:
            return None
        ps, pe = self.doc.sents[si - 1]
        m = _CROWD_RE.search(self.ft, ps, pe)
        if m is None:
            return None
        if any(r.kind == "person" and not r.prefix for r in self.names.in_range(m.end(), pe)):
            return None
        return " ".join(m.group().split())

    def _resolve_np(self, s: int, e: int) -> str:
        np = " ".join(self.ft[s:e].split())
        if np.lower().endswith("statement"):
            author = self._statement_author(s)
            if author:
                return author
        return np

    def _statement_author(self, pos: int) -> str | None:
        lo = max(self.doc.body, pos - 3000)
        last = None
        for m in _STATEMENT_BY_RE.finditer(self.ft, lo, pos):
            last = m
        if last is None:
            return None
        si = self.doc.sent_index(last.start())
        slo = self.doc.sents[si][0] if si >= 0 else lo
        subj = self._sentence_subject(slo, last.start())
        return subj[0] if subj else None

    def _turn_at(self, pos: int) -> str | None:
        i = bisect.bisect_right(self.turn_starts, pos) - 1
        if i < 0:
            return None
        s, e, _, _, label = self.turns[i]
        if not s <= pos <= e:
            return None
        return _turn_name(self.doc, label) or label

    # -- subject finders: each returns (speaker, mention start, mention end) -----------------

    def _subject_before(self, lo: int, hi: int) -> tuple[str | None, int, int] | None:
        ft = self.ft
        base = max(lo, hi - 400)
        tm = _TRAIL_WORDS_RE.search(ft, base, hi)
        e = tm.start() if tm else hi
        if e <= base:
            return None
        pm = _PRONOUN_END_RE.search(ft, base, e)
        if pm and (not ft[lo : pm.start()].strip() or _CLAUSE_END_RE.search(ft, base, pm.start())):
            return self._resolve_pronoun(pm.group(1), pm.start()), pm.start(), pm.end()
        if pm:
            return None  # an object pronoun: "those who supported it say"
        r = self._name_ending(e, lo)
        if r is not None:
            return self._resolve_rec(r), r.s, r.e
        nm = _NP_END_RE.search(ft, base, e)
        if nm:
            return self._resolve_np(nm.start(), nm.end()), nm.start(), nm.end()
        s0 = lo
        while s0 < e and ft[s0] in ' \t\r\n"“”,':
            s0 += 1
        if _NP_BARE_RE.fullmatch(ft, s0, e):  # "Iraqi militias claimed ..."
            return self._resolve_np(s0, e), s0, e
        if ft[e - 1] == ",":
            for r in self.names.in_range(max(lo, e - 400), e):
                if r.prefix:
                    continue
                if _APPOS_RE.fullmatch(ft, r.e, e):
                    return self._resolve_rec(r), r.s, r.e
        return None

    def _subject_after(self, p: int, hi: int) -> tuple[str | None, int, int] | None:
        ft = self.ft
        while p < hi and ft[p].isspace():
            p += 1
        pm = _PRONOUN_START_RE.match(ft, p, hi)
        if pm and pm.group(1) in ("he", "she", "they"):
            return self._resolve_pronoun(pm.group(1), p), pm.start(), pm.end()
        q = p + 4 if ft.startswith(("the ", "The "), p) else p
        r = self.names.by_start.get(q)
        if r is not None and r.e <= hi:
            if r.prefix:
                nxt = self.names.in_range(r.e, min(hi, r.e + 60))
                persons = [x for x in nxt if x.kind == "person"]
                if persons:
                    r = persons[0]
            return self._resolve_rec(r), r.s, r.e
        nm = _NP_START_RE.match(ft, p, hi)
        if nm:
            return self._resolve_np(nm.start(), nm.end()), nm.start(), nm.end()
        return None

    def _object_after(self, p: int, hi: int) -> tuple[str | None, int, int] | None:
        """The source after "according to"."""
        ft = self.ft
        hi = min(hi, p + 160)
        semi = ft.find(";", p, hi)
        if semi >= 0:
            hi = semi
        while p < hi and ft[p].isspace():
            p += 1
        pm = _PRONOUN_START_RE.match(ft, p, hi)
        if pm:
            return self._resolve_pronoun(pm.group(1), p), pm.start(), pm.end()
        direct = self._subject_after(p, hi)
        rec = self.names.by_start.get(direct[1]) if direct is not None else None
        if direct is not None and rec is not None and not rec.prefix:
            return direct
        by = _BY_RE.search(ft, p, hi)
        window = self.names.in_range(by.end() if by else p, hi)
        window = [r for r in window if not r.prefix] or window
        persons = [r for r in window if r.kind == "person"]
        pick = persons[0] if persons else (window[0] if window and (by or not direct) else None)
        if pick is not None:
            return self._resolve_rec(pick), pick.s, pick.e
        return direct

    def _sentence_subject(self, lo: int, hi: int) -> tuple[str | None, int, int] | None:
        """The first name or subject pronoun of a clause (for "..., saying" and "X: ...")."""
        ft = self.ft
        pm = _SUBJECT_PRONOUN_RE.search(ft, lo, hi)
        first = self.names.first_in_range(lo, hi)
        if pm and (first is None or pm.start() < first.s):
            return self._resolve_pronoun(pm.group(1), pm.start()), pm.start(), pm.end()
        if first is not None:
            return self._resolve_rec(first), first.s, first.e
        nm = _NP_START_RE.search(ft, lo, hi)
        if nm:
            return self._resolve_np(nm.start(), nm.end()), nm.start(), nm.end()
        return None

    # -- the rules ---------------------------------------------------------------------------

    def _clause_subject(self, lo: int, hi: int) -> tuple[str | None, int, int] | None:
        """The subject of a clause that a subordinator opens ("after her two children came
        home and"), when one does between ``lo`` and ``hi``."""
        last = None
        for m in _SUBORDINATOR_RE.finditer(self.ft, lo, hi):
            last = m
        if last is None:
            return None
        got = self._sentence_subject(last.end(), hi)
        if got is not None and got[1] == last.end():
            return got
        nm = _CLAUSE_NP_RE.match(self.ft, last.end(), hi)
        if nm is not None:
            return " ".join(nm.group(1).split()), nm.start(1), nm.end(1)
        return None

    def _attribution_verbs(self, lo: int, hi: int) -> Iterator[re.Match[str]]:
        """The attribution verbs in [lo, hi): matches in the lower-cased text (their group()
        is lower-cased; the text's own letters are at their span in ``self.ft``)."""
        return _ATTR.finditer(self.doc.lower, lo, hi)

    def _verb_ok(self, m: re.Match[str], lo: int) -> bool:
        ft = self.ft
        s = m.start()
        w = ft[s : m.end()]
        if w[0].isupper():
            # "States" in "United States", "Said" as a name; fine at a sentence start.
            k = s - 1
            while k >= lo and ft[k] in ' \t\r\n"“':
                k -= 1
            if k >= lo and ft[k] not in ".!?":
                return False
        if s > 0 and ft[s - 1] == "-":  # "so-called"
            return False
        if _PASSIVE_BEFORE_RE.search(ft, max(0, s - 8), s):  # "was said to"
            return False
        low = w.lower()
        if low in ("called", "calling"):
            # "called it ..." reports words; "a group called ..." only names something.
            return _CALLED_OBJECT_RE.match(ft, m.end()) is not None
        return True

    def _attribute_right(self, rlo: int, rhi: int) -> tuple[str | None, int, int] | None:
        for vm in self._attribution_verbs(rlo, rhi):
            if vm.start() - rlo > 90:
                break
            if not self._verb_ok(vm, rlo):
                continue
            low = vm.group().lower()
            if low in _PARTICIPLES:
                continue  # "..., blaming X" after a quote is about the sentence, not the quote
            if low.startswith("according"):
                return self._object_after(vm.end(), rhi)
            between = self.ft[rlo : vm.start()]
            if _PUNCT_ONLY_RE.match(between):
                return self._subject_after(vm.end(), rhi)
            return self._subject_before(rlo, vm.start()) or self._subject_after(vm.end(), rhi)
        return None

    def _attribute_left(self, lo: int, hi: int, sent_lo: int) -> tuple[str | None, int, int] | None:
        verbs = [vm for vm in self._attribution_verbs(lo, hi) if self._verb_ok(vm, lo)]
        for vm in reversed(verbs):
            if hi - vm.end() > 200:
                break
            low = vm.group().lower()
            if low.startswith("according"):
                got = self._object_after(vm.end(), hi)
            elif low in _PARTICIPLES:
                got = self._sentence_subject(sent_lo, vm.start())
            else:
                got = self._subject_before(lo, vm.start())
                if got is None and _AND_END_RE.search(self.ft, lo, vm.start()):
                    # "... after her children came home and said": the subject of the clause
                    # that "and said" goes on, not of the sentence.
                    got = self._clause_subject(lo, vm.start()) or self._sentence_subject(
                        lo, vm.start()
                    )
                if got is None:
                    got = self._subject_after(vm.end(), hi)
            if got is not None and got[0]:
                return got
        scorn = max(_SCORN_RE.finditer(self.ft, lo, hi), key=lambda m: m.start(), default=None)
        if scorn is not None and hi - scorn.end() <= 80:
            got = self._subject_before(lo, scorn.start())
            if got is not None and got[0]:
                return got
        intro = self.ft[lo:hi].rstrip(" \t\r\n")
        if intro.endswith(":") or intro.endswith(","):
            got = self._sentence_subject(sent_lo if intro.endswith(":") else lo, hi)
            if got is not None and got[0]:
                if intro.endswith(":"):
                    return got
                r = self.names.by_start.get(got[1])
                if r is None or r.kind in ("person", "organization", "state"):
                    return got
        return None

    def run(self) -> None:
        doc = self.doc
        quotes = self.quotes
        sents = doc.sents
        prev: _Quote | None = None
        for idx, q in enumerate(quotes):
            si = doc.sent_index(q.open)
            sj = doc.sent_index(max(q.open, q.close - 1))
            lo = sents[si][0] if si >= 0 else doc.body
            if prev is not None and prev.close > lo:
                lo = prev.close
            rlo = q.close
            rhi = sents[sj][1] if sj >= 0 else len(doc.ft)
            if idx + 1 < len(quotes) and quotes[idx + 1].open < rhi:
                rhi = max(rlo, quotes[idx + 1].open)
            got = None
            if q.closed:
                got = self._attribute_right(rlo, rhi)
            if got is None or not got[0]:
                got = self._attribute_left(lo, q.open, sents[si][0] if si >= 0 else lo)
            how = "explicit"
            if (got is None or not got[0]) and prev is not None and _listed_after(doc.ft, prev, q):
                assert prev.ms is not None
                got = (prev.speaker, prev.ms, prev.me or prev.ms)
            short = len(_WORDS_RE.findall(doc.ft, q.s, q.e)) <= SHORT_QUOTE_WORDS
            if (got is None or not got[0]) and not short:
                got = self._adjacent(q, prev, si, lo)
                how = "adjacent"
            if (got is None or not got[0]) and not short:
                label = self._turn_at(q.open)
                if label:
                    i = bisect.bisect_right(self.turn_starts, q.open) - 1
                    _, _, ls, le, _ = self.turns[i]
                    got = (label, ls, le)
                    how = "turn"
            if got is not None and got[0] and prev is not None:
                got = self._same_pronoun(got, q, prev)
            if got is not None and got[0]:
                q.speaker, q.ms, q.me, q.how = got[0], got[1], got[2], how
            prev = q
        # A paragraph cut because the next one re-opens the quote shares the next one's speaker.
        for i in range(len(quotes) - 2, -1, -1):
            q, nxt = quotes[i], quotes[i + 1]
            if q.continues and q.speaker is None and nxt.speaker is not None:
                q.speaker, q.ms, q.me, q.how = nxt.speaker, nxt.ms, nxt.me, "adjacent"

    def _same_pronoun(
        self, got: tuple[str | None, int, int], q: _Quote, prev: _Quote
    ) -> tuple[str | None, int, int]:
        """ "“...,” he told the BBC. “...,” he added": the same pronoun attributing the quote
        right after, with no one named between, is the same speaker."""
        ft = self.ft
        word = ft[got[1] : got[2]].lower()
        if word not in ("he", "she") or prev.speaker is None or prev.ms is None:
            return got
        if prev.me is None or ft[prev.ms : prev.me].lower() != word or prev.ms > got[1]:
            return got
        psi = self.doc.sent_index(prev.ms)
        if psi < 0 or self.doc.sent_index(q.open) - psi > 1:
            return got
        # Whom the first "he" told ("the BBC") is in its own sentence, not between.
        between = self.names.in_range(self.doc.sents[psi][1], got[1])
        if any(
            r.kind in ("person", None) and not r.prefix and not self._inside_quote(r)
            for r in between
        ):
            return got
        return prev.speaker, got[1], got[2]

    def _adjacent(
        self, q: _Quote, prev: _Quote | None, si: int, lo: int
    ) -> tuple[str | None, int, int] | None:
        doc = self.doc
        if prev is not None and prev.speaker is not None and prev.ms is not None:
            psi = doc.sent_index(max(prev.open, prev.close - 1))
            if psi >= si - 1:
                return prev.speaker, prev.ms, prev.me or prev.ms
        lead = doc.ft[lo : q.open]
        if not _PUNCT_ONLY_RE.match(lead) or si <= 0:
            return None
        ps, pe = doc.sents[si - 1]
        i = bisect.bisect_left(self.quote_opens, ps)
        if i < len(self.quote_opens) and self.quote_opens[i] < pe:
            return None  # the sentence before has quotes of its own
        if doc.ft[ps:pe].rstrip().endswith(":"):
            return self._sentence_subject(ps, pe)
        # "X criticized the decision. “...”": the subject of the sentence that leads in.
        got = self._sentence_subject(ps, pe)
        if got is not None:
            r = self.names.by_start.get(got[1])
            if r is not None and r.kind != "state":
                return got
        return None


def find_quotes(text: str) -> list[QuoteCue]:
    """Direct quotations with their speakers, in text order.

    Attribution is read in the quote's own sentence first: "..., X said", "said X", "X stated",
    "X told Reuters", "according to X", "X, a spokesman for Y, said", "the PMF stated",
    "..., saying" (the sentence subject) and "X: ...". Surnames resolve to the full name met in
    the text ("Kaabi" -> "Akram al Kaabi"), he/she to the last person named, "the statement" to
    the name that released one. A quote with no attribution of its own (and not ``short``) takes
    the speaker of a quote in the previous sentence, or the subject of a previous sentence that
    introduces it, or the transcript turn it sits in.
    """
    doc = _doc(text)
    quotes = _scan_quotes(doc)
    if not quotes:
        return []
    _Attributor(doc, quotes).run()
    out: list[QuoteCue] = []
    for q in quotes:
        s, e = doc.span(q.s, q.e)
        ss = se = None
        if q.ms is not None and q.me is not None:
            ss, se = doc.span(q.ms, q.me)
        short = len(_WORDS_RE.findall(doc.ft, q.s, q.e)) <= SHORT_QUOTE_WORDS
        out.append(QuoteCue(s, e, text[s:e], q.speaker, ss, se, q.closed, short, q.how))
    return out


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every quotation `find_quotes` finds, without finding speakers.

    For a caller that only needs to know what is quoted: attribution reads the names of the
    whole text, which finding the quotation marks does not need.
    """
    doc = _doc(text)
    return [doc.span(q.s, q.e) for q in _scan_quotes(doc)]


# ---------------------------------------------------------------------------------------------
# Hedges
# ---------------------------------------------------------------------------------------------

_W = r"\s+"
_HEDGE_RULES: dict[str, list[str]] = {
    "unconfirmed": [
        r"unconfirmed",
        r"unverified",
        r"not(?:{w}yet)?(?:{w}been)?(?:{w}independently)?{w}(?:confirmed|verified)",
        r"(?:could|can)(?:not|{w}not|n't)(?:{w}be)?(?:{w}independently)?{w}(?:confirm(?:ed)?|verif(?:y|ied))",
        r"(?:has|have|had){w}not{w}been{w}claimed",
        r"yet{w}to{w}be{w}(?:confirmed|verified|claimed)",
        r"not{w}(?:yet{w}|immediately{w})?claimed",
        r"unclaimed",
        r"no{w}(?:one|group|organi[sz]ation|party){w}(?:has{w}|had{w})?(?:immediately{w})?claimed",
        r"no{w}(?:immediate{w})?claims?{w}of{w}responsibility",
        r"(?:did|does|has|have){w}not{w}claim(?:ed)?",
        r"no{w}evidence",
    ],
    "unknown": [
        r"it{w}(?:was|is|remains|remained)(?:{w}still)?{w}(?:unclear|not{w}clear|unknown|not{w}known)",
        r"(?:remains?|remained){w}unclear",
        r"unclear",
        r"unknown",
        r"not{w}known",
        r"without{w}(?:providing|giving|offering|specifying|disclosing){w}(?:any{w}|further{w})?details",
        r"without{w}elaborating",
        r"questions{w}(?:remain|remains|remained|linger|lingered)",
        r"did{w}not{w}(?:identify|specify|elaborate|disclose|name|mention|say{w}(?:who|how|what|when|where|whether))",
        r"did(?:{w}not|n't){w}(?:provide|give|release|disclose|offer)(?:{w}(?:any|specific|further|more))*{w}(?:details|information)",
        r"didn't{w}(?:identify|specify|elaborate|disclose|name)",
        r"declined{w}to{w}(?:comment|identify|name|say|elaborate)",
        r"(?:was|were){w}not{w}identified",
        r"unidentified",
        r"no{w}(?:further{w})?details",
        r"(?:is|are|was|were){w}not{w}naming",
        r"withh[eo]ld(?:ing)?{w}(?:[a-z’'\-]+{w}){{0,2}}?(?:names?|identit(?:y|ies))",
        r"found{w}nothing",
        r"(?:was|were|is|are){w}not{w}aware",
    ],
    "contested": [
        r"denied",
        r"denies",
        r"denial",
        r"disputed",
        r"rejected{w}(?:the{w}|these{w}|those{w}|such{w})?(?:claims?|allegations?|accusations?|reports?|account)",
        r"refuted",
        r"dismissed{w}(?:the{w}|these{w}|such{w})?(?:claims?|allegations?|accusations?|reports?)",
        r"contradict(?:ed|s)?",
        r"rejects?{w}any",
        r"skepticism",
        r"scepticism",
        r"doubts?{w}(?:about|over|remain)",
        r"plead(?:ed|s)?{w}not{w}guilty",
        r"(?:a|the|biggest|big|outright){w}lie",
        r"lying",
        r"falsely",
        r"brushed{w}off",
        r"false{w}(?:claims?|reports?|information|allegations?)",
    ],
    "attributed": [
        r"reportedly",
        r"according{w}to",
        # Not "claimed the lives of 12" nor "claiming more than 500 lives": a toll, not a claim.
        r"claim(?:ed|ing|s)?(?!(?:{w}[\w,.-]+){{0,4}}?{w}li(?:fe|ves)\b)",
        r"citing(?:{w}(?:anonymous|unnamed|unidentified))?{w}(?:sources?|officials?)",
        r"(?:is|are|was|were){w}said{w}to",
        r"allegedly",
        r"alleged",
        r"alleges",
        r"purportedly",
        r"purported",
        r"(?:anonymous|unnamed){w}(?:sources?|officials?)",
        r"sources{w}(?:said|say|told)",
        r"(?:is|are|was|were|has{w}been|have{w}been){w}reported",
        # "As I have reported previously" is a letter's own report, not an attribution.
        r"(?<!\bi )(?<!\bwe )(?<!\bi have )(?<!\bwe have )reported",
        r"reports{w}(?:said|say|suggested|suggest|emerged|indicated)",
        r"(?:experts|analysts|observers|officials|witnesses|authorities|prosecutors|"
        r"investigators|police)(?:{w}(?:also|have|had|later))?{w}(?:say|says|said|saying)",
        r"accus(?:ed|es|ing)",
        r"(?:is|are|was|were){w}described{w}as",
        r"intelligence{w}(?:indicated|suggested|showed)",
        r"blamed",
        r"blaming",
        # "Fars News said", "state media reported", "the industry publication stated": a claim
        # that rests on an outlet ("press secretary" is a person, not an outlet).
        r"(?:media|press|television|tv|news|newspaper|agency|outlet|publication|herald|radio|"
        r"channel|database)(?:{w}(?!secretary|conference|release|briefing)[a-z’'\-]+)?{w}"
        r"(?:said|says|stated|states|reported|reports|quoted)",
        r"by{w}varying{w}reports",
        r"(?:initial|early|earlier|first|preliminary){w}reports",
        # What a statement said, told again: "The statement also said US troops had ...".
        r"the{w}statement(?:{w}also)?{w}(?:said|says|claimed|added)",
        # An unnamed source: "One community worker said", "A senior official told VOA".
        r"(?<![\w-])(?:a|an|one){w}(?:[a-z’'\-]+{w}){{0,3}}?(?:official|source|worker|friend|"
        r"witness|resident|neighbou?r|diplomat|officer|aide|relative|insider){w}"
        r"(?:of{w}(?:the{w}|his{w}|her{w})?[a-z’'\-]+{w})?(?:also{w})?(?:said|says|told)",
    ],
    "hedge": [
        r"likely",
        r"unlikely",
        r"possibly",
        r"possible",
        r"probably",
        r"perhaps",
        r"apparently",
        r"presumably",
        r"suspected",
        r"suggests",
        r"apparent",
        r"(?:appears|appeared)(?:{w}[a-z]+){{0,2}}?{w}to",
        r"suggested",
        r"suggesting",
        r"(?:may|might|could){w}have",
        r"(?:may|might){w}be",
        r"(?:is|are|was|were){w}believed",
        r"believed{w}to",
        r"thought{w}to",
        r"appear(?:s|ed)?{w}to",
        r"seem(?:s|ed)?{w}to",
        r"potentially",
        r"uncertain",
        r"either{w}by",
    ],
}
# Matched against an ASCII-lower-cased copy (same length); one named group per kind, the
# rules of a kind in order.
_HEDGE_RE = re.compile(
    r"\b(?:"
    + "|".join(
        f"(?P<{kind}>" + "|".join(p.format(w=_W) for p in pats) + ")"
        for kind, pats in _HEDGE_RULES.items()
    )
    + r")\b"
)


def find_hedges(text: str) -> list[HedgeCue]:
    """Hedges and attributions of uncertainty, each with its sentence as evidence.

    Kinds: "hedge" (likely, possibly, may have, believed to, suspected), "unconfirmed"
    (unconfirmed, could not be verified, has not been claimed, no group claimed), "attributed"
    (reportedly, according to, claimed, citing anonymous sources, said to, "state media reported",
    "Fars News said"), "contested" (denied, disputed, rejected the claim, "the biggest lie") and
    "unknown" (it was unclear, unknown, without providing details, did not identify, did not
    release any information). The longest phrase wins where several overlap.
    """
    doc = _doc(text)
    sents = doc.sents
    out: list[HedgeCue] = []
    for m in _HEDGE_RE.finditer(doc.lower, doc.body):
        kind = m.lastgroup or ""
        si = doc.sent_index(m.start())
        if si >= 0 and sents[si][0] <= m.start() < sents[si][1]:
            sentence = doc.cue(*sents[si])
        else:
            sentence = doc.cue(m.start(), m.end())
        s, e = doc.span(m.start(), m.end())
        out.append(HedgeCue(s, e, text[s:e], kind, sentence))
    return out


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?)"
# Searched in the ASCII-lower-cased text.
_DATE_ANCHOR_WORDS = (
    f"{_MONTH_FULL}|{_MONTH_ABBR}|{_WEEKDAY}|yesterday|today|tonight|tomorrow|week|"
    "month|year|morning|afternoon|evening|night|ago"
).lower()
_DATE_ANCHOR_RE = re.compile(rf"\d+|\b(?:{_DATE_ANCHOR_WORDS})\b")
_SMALL_NUM = "one|two|three|four|five|six|seven|eight|nine|ten"
# The kinds of date expression, in the order they are tried.
_DATE_ALTERNATIVES = (
    (
        "md",
        rf"(?:(?P<md_wd>{_WEEKDAY}),?[^\S\r\n]+)?(?P<md_m>{_MONTH_ANY}){_WRAP_SEP}(?P<md_d>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?(?![\d:])(?:,?{_WRAP_SEP}(?P<md_y>\d{{4}})(?!\d))?",
    ),
    (
        "dm",
        rf"(?:(?P<dm_wd>{_WEEKDAY}),?[^\S\r\n]+)?(?P<dm_d>\d{{1,2}})(?:st|nd|rd|th)?[^\S\r\n]+"
        rf"(?:of[^\S\r\n]+)?(?P<dm_m>{_MONTH_ANY})(?![^\W_])(?:,?[^\S\r\n]+(?P<dm_y>\d{{4}})(?!\d))?",
    ),
    ("iso", r"(?<![\d\-])(?P<iso_y>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})(?!\d)"),
    ("my", rf"(?P<my_m>{_MONTH_FULL}),?[^\S\r\n]+(?P<my_y>(?:19|20)\d{{2}})(?!\d)"),
    (
        "ago",
        rf"(?P<ago_n>\d{{1,2}}|(?i:{_SMALL_NUM}|a))[^\S\r\n]+(?P<ago_u>days?|weeks?)[^\S\r\n]+ago",
    ),
    (
        "rel",
        r"(?i:the[^\S\r\n]+day[^\S\r\n]+before[^\S\r\n]+yesterday|yesterday|today|tonight|tomorrow|"
        r"this[^\S\r\n]+(?:morning|afternoon|evening)|last[^\S\r\n]+night|earlier[^\S\r\n]+today|"
        r"(?:earlier[^\S\r\n]+)?this[^\S\r\n]+week|last[^\S\r\n]+week|next[^\S\r\n]+week|last[^\S\r\n]+month|"
        r"this[^\S\r\n]+month|next[^\S\r\n]+month|last[^\S\r\n]+year|this[^\S\r\n]+year|next[^\S\r\n]+year)",
    ),
    (
        "wd",
        rf"(?:(?P<wd_mod>[Ll]ast|[Nn]ext|[Tt]his)[^\S\r\n]+)?(?P<wd_d>{_WEEKDAY})"
        r"(?:[^\S\r\n]+(?:morning|afternoon|evening|night))?",
    ),
    ("lm", rf"[Ll]ast[^\S\r\n]+(?P<lm_m>{_MONTH_FULL})"),
    (
        "ym",
        r"(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ff]rom|[Ee]arly|[Ll]ate|[Mm]id-?)"
        rf"[^\S\r\n]+(?P<ym_m>{_MONTH_FULL})(?![^\S\r\n]*\d)",
    ),
    (
        "yr",
        r"(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ff]rom|[Oo]f|[Tt]he)[^\S\r\n]+"
        r"(?P<yr_y>(?:19|20)\d{2})(?![\d,.]\d|-\d|[^\W_])",
    ),
)
_DATE_RE = re.compile(
    r"(?<![^\W_])(?:"
    + "|".join(f"(?P<{kind}>{body})" for kind, body in _DATE_ALTERNATIVES)
    + r")(?![^\W_])"
)


def _date_matches(doc: _Doc) -> list[re.Match[str]]:
    """Matches of the date pattern, tried only around digits, month, weekday and time words.

    Every date expression holds one of those anchors and is shorter than the margin, so the
    result equals a full scan.
    """
    ft, body = doc.ft, doc.body
    windows: list[list[int]] = []
    for a in _DATE_ANCHOR_RE.finditer(doc.lower, body):
        lo, hi = max(body, a.start() - 40), min(len(ft), a.end() + 40)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    return [m for lo, hi in windows for m in _DATE_RE.finditer(ft, lo, hi)]


def _parse_ref(ref_date: str | date | None) -> date | None:
    if ref_date is None:
        return None
    if isinstance(ref_date, date):
        return ref_date
    try:
        return date.fromisoformat(str(ref_date).strip()[:10])
    except ValueError:
        return None


def _ymd(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _infer_year(month: int, ref: date | None) -> int | None:
    if ref is None:
        return None
    return ref.year - 1 if month > ref.month else ref.year


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _resolve_date(
    m: re.Match[str], ref: date | None
) -> tuple[int, int, str | None, str | None, bool]:
    """(span start, span end, iso, period, relative) for one match, folded offsets."""
    g = m.group
    kind = m.lastgroup
    if kind in ("md", "dm"):
        month = _MONTHS[g(f"{kind}_m").rstrip(".").lower()]
        day = int(g(f"{kind}_d"))
        year_s = g(f"{kind}_y")
        relative = year_s is None
        year = int(year_s) if year_s else _infer_year(month, ref)
        iso = _ymd(year, month, day) if year else None
        return m.start(), m.end(), iso, None, relative
    if kind == "iso":
        return (
            m.start(),
            m.end(),
            _ymd(int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))),
            None,
            False,
        )
    if kind == "my":
        return (
            m.start(),
            m.end(),
            None,
            f"{int(g('my_y')):04d}-{_MONTHS[g('my_m').lower()]:02d}",
            False,
        )
    if kind == "ago":
        n_s = g("ago_n").lower()
        n = 1 if n_s == "a" else int(n_s) if n_s.isdigit() else _NUMBER_WORDS[n_s]
        days = n * (7 if g("ago_u").lower().startswith("week") else 1)
        iso = (ref - timedelta(days=days)).isoformat() if ref else None
        return m.start(), m.end(), iso, None, True
    if kind == "rel":
        phrase = " ".join(g("rel").lower().split())
        if ref is None:
            return m.start(), m.end(), None, None, True
        offsets = {"yesterday": -1, "last night": -1, "the day before yesterday": -2, "tomorrow": 1}
        if phrase in offsets:
            return (
                m.start(),
                m.end(),
                (ref + timedelta(days=offsets[phrase])).isoformat(),
                None,
                True,
            )
        if phrase.endswith("week"):
            shift = {"last": -7, "next": 7}.get(phrase.split()[0], 0)
            return m.start(), m.end(), None, _week(ref + timedelta(days=shift)), True
        if phrase.endswith("month"):
            y, mo = ref.year, ref.month + {"last": -1, "next": 1}.get(phrase.split()[0], 0)
            y, mo = (y - 1, 12) if mo == 0 else (y + 1, 1) if mo == 13 else (y, mo)
            return m.start(), m.end(), None, f"{y:04d}-{mo:02d}", True
        if phrase.endswith("year"):
            y = ref.year + {"last": -1, "next": 1}.get(phrase.split()[0], 0)
            return m.start(), m.end(), None, f"{y:04d}", True
        return m.start(), m.end(), ref.isoformat(), None, True  # today, tonight, this morning
    if kind == "wd":
        if ref is None:
            return m.start(), m.end(), None, None, True
        wd = _WEEKDAYS[g("wd_d").lower()]
        mod = (g("wd_mod") or "").lower()
        if mod == "next":
            delta = (wd - ref.weekday()) % 7 or 7
            return m.start(), m.end(), (ref + timedelta(days=delta)).isoformat(), None, True
        delta = (ref.weekday() - wd) % 7
        if mod == "last" and delta == 0:
            delta = 7
        return m.start(), m.end(), (ref - timedelta(days=delta)).isoformat(), None, True
    if kind == "lm":
        if ref is None:
            return m.start(), m.end(), None, None, True
        month = _MONTHS[g("lm_m").lower()]
        year = ref.year if month < ref.month else ref.year - 1
        return m.start(), m.end(), None, f"{year:04d}-{month:02d}", True
    if kind == "ym":
        month = _MONTHS[g("ym_m").lower()]
        year = _infer_year(month, ref)
        period = f"{year:04d}-{month:02d}" if year else None
        return m.start("ym_m"), m.end("ym_m"), None, period, True
    # kind == "yr"
    return m.start("yr_y"), m.end("yr_y"), None, g("yr_y"), False


def find_dates(text: str, ref_date: str | None = None) -> list[DateCue]:
    """Date expressions, resolved against ``ref_date`` (the document date, YYYY-MM-DD) if given.

    Reads "February 28", "Feb. 28", "28 February 2026", "March 1, 2026", "Tuesday, January 15,
    2019", "2026-03-01", weekdays, "yesterday", "today", "this morning", "last night", "three days
    ago", "last week/month/year", "last June", "in March", "in 2003" and "January 2026". A date
    without a year takes the document's year, or the year before when its month is later than the
    document's month. Without ``ref_date``, a date without a year takes the year that puts it on
    or after the latest month the text names with its year ("in June 2025 ... on March 16" is
    2026-03-16, marked ``inferred``); weekdays and "yesterday" stay unresolved.
    """
    doc = _doc(text)
    ref = _parse_ref(ref_date)
    matches = _date_matches(doc)
    latest = _latest_dated_month(matches) if ref is None else None
    out: list[DateCue] = []
    for m in matches:
        fs, fe, iso, period, relative = _resolve_date(m, ref)
        inferred = False
        if iso is None and latest is not None and m.lastgroup in ("md", "dm"):
            iso = _after_month(m, latest)
            inferred = iso is not None
        s, e = doc.span(fs, fe)
        out.append(DateCue(s, e, text[s:e], iso, period, relative, inferred))
    return out


def _latest_dated_month(matches: list[re.Match[str]]) -> tuple[int, int] | None:
    """The latest (year, month) the text names with its year: "June 2025", "March 1, 2026"."""
    seen: list[tuple[int, int]] = []
    for m in matches:
        g, kind = m.group, m.lastgroup
        if kind in ("md", "dm") and g(f"{kind}_y"):
            seen.append((int(g(f"{kind}_y")), _MONTHS[g(f"{kind}_m").rstrip(".").lower()]))
        elif kind == "iso":
            seen.append((int(g("iso_y")), int(g("iso_m"))))
        elif kind == "my":
            seen.append((int(g("my_y")), _MONTHS[g("my_m").lower()]))
    return max(seen) if seen else None


def _after_month(m: re.Match[str], latest: tuple[int, int]) -> str | None:
    """An undated report's "March 16": the first March 16 on or after the latest dated month.

    News tells what is new without a year and what is past with one ("the war in June 2025 ...
    on March 16"): the yearless days are the latest ones.
    """
    kind = m.lastgroup
    month = _MONTHS[m.group(f"{kind}_m").rstrip(".").lower()]
    year = latest[0] if month >= latest[1] else latest[0] + 1
    return _ymd(year, month, int(m.group(f"{kind}_d")))


def normalize_date(date_text: str, ref_date: str | None = None) -> str | None:
    """The ISO day a bare date phrase means ("Feb 28", "on Thursday", "yesterday"), or None."""
    phrase = " ".join((date_text or "").split())
    if not phrase:
        return None
    ref = _parse_ref(ref_date)
    for m in _DATE_RE.finditer(phrase):
        iso = _resolve_date(m, ref)[2]
        if iso:
            return iso
    # A model may write "Feb 28" or "28 Feb" without the period of an abbreviation.
    m2 = re.fullmatch(r"(?:on\s+)?(\d{1,2})/(\d{1,2})/(\d{4})", phrase)
    if m2:  # day/month/year is ambiguous with month/day/year: accept only when unambiguous
        a, b, y = int(m2.group(1)), int(m2.group(2)), int(m2.group(3))
        if a > 12 >= b:
            return _ymd(y, b, a)
        if b > 12 >= a:
            return _ymd(y, a, b)
    return None


# ---------------------------------------------------------------------------------------------
# Casualties
# ---------------------------------------------------------------------------------------------

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUM_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-‐ ](?:" + _UNITS + r"))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|"
    + _UNITS
    + r")(?:[^\S\r\n]+(?:hundred|thousand))?|(?:a|one)[^\S\r\n]+hundred"
)
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_NUM_WORD})"
_QUAL = (
    r"(?:at[^\S\r\n]+least|more[^\S\r\n]+than|over|about|around|nearly|almost|some|up[^\S\r\n]+to|"
    r"as[^\S\r\n]+many[^\S\r\n]+as|at[^\S\r\n]+most|fewer[^\S\r\n]+than|less[^\S\r\n]+than|approximately|roughly|"
    r"an[^\S\r\n]+estimated)"
)
_TIME_WORDS = (
    r"after|before|since|when|while|because|days?|years?|weeks?|months?|hours?|minutes?|ago|"
    r"later|earlier|times|percent|per|than|and|or|" + _NUM_WORD.replace("(?:a|one)", "(?:one)")
)
_KILL_WORDS = (
    "kill|kills|killed|killing|killings|dead|died|die|death|deaths|martyred|martyrdom|murder|"
    "fatalities|toll"
)


# Matched against the lower-cased text (same offsets).
_CASUALTY_RES = (
    # "killing two", "wounded 3", "killed at least 12 people"
    re.compile(
        r"\b(?P<v>kill(?:s|ed|ing)?|wound(?:s|ed|ing)|injur(?:es|ed|ing)|martyr(?:ed|ing))"
        rf"\s+(?:(?P<q>{_QUAL})\s+)?(?P<n>{_NUM})\b"
        r"(?![^\S\r\n]*(?:%|percent|years?|days?|months?|weeks?|hours?|minutes?|times|km|miles|"
        r"kilometres?|kilometers?|metres?|meters?|a\.m|p\.m|am\b|pm\b)|:\d|[.,]\d)",
    ),
    # "six PMF fighters were killed", "at least 12 people died", "27 dead"
    re.compile(
        rf"\b(?:(?P<q>{_QUAL})\s+)?(?P<n>{_NUM}|[Nn]o(?:[^\S\r\n]+one)?)\s+"
        rf"(?:(?!(?:{_TIME_WORDS})\b)[^\W\d][\w'’\-]*\s+){{0,6}}?"
        r"(?P<v>killed|dead|died|wounded|injured|hurt|martyred)\b",
    ),
    # "the injury of three others", "the martyrdom of two individuals", "the deaths of six"
    re.compile(
        r"\b(?P<v>injury|injuries|wounding|death|deaths|killing|killings|martyrdom|murder)"
        rf"\s+of\s+(?:(?P<q>{_QUAL})\s+)?(?P<n>{_NUM})\b",
    ),
    # "at least 56 deaths", "200 injuries"
    re.compile(
        rf"\b(?:(?P<q>{_QUAL})\s+)?(?P<n>{_NUM}|[Nn]o)\s+"
        r"(?P<v>deaths|fatalities|injuries)\b",
    ),
    # "death toll of 27", "the toll rose to 40"
    re.compile(
        r"\b(?:death[^\S\r\n]+)?(?P<v>toll)\s+(?:(?:has[^\S\r\n]+)?(?:rose|risen|climbed|reached|"
        r"stands?|stood)\s+(?:to|at)?\s*|of\s+|at\s+)"
        rf"(?:(?P<q>{_QUAL})\s+)?(?P<n>{_NUM})\b",
    ),
)
_CASUALTY_WORD_RE = re.compile(r"\b(?:kill|dead|die|death|wound|injur|hurt|martyr|fatalit|toll)")
# A number right after a month name is a day ("March 16 six fighters were killed").
_DAY_CONTEXT_RE = re.compile(rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})\.?[^\S\r\n]+\Z")


def _parse_number(s: str) -> int | None:
    t = " ".join(s.lower().replace("‐", "-").split())
    if t in ("no", "no one"):
        return 0
    if t[0].isdigit():
        return int(t.replace(",", ""))
    mult = 1
    for unit, factor in ((" hundred", 100), (" thousand", 1000)):
        if t.endswith(unit):
            t, mult = t[: -len(unit)], factor
            break
    if t in ("a", "one") and mult > 1:
        return mult
    total = 0
    for part in re.split(r"[- ]", t):
        if part not in _NUMBER_WORDS:
            return None
        total += _NUMBER_WORDS[part]
    return total * mult


def find_casualties(text: str) -> list[CasualtyCue]:
    """Casualty figures with an exact number: killed or injured, as integers.

    Reads "killing two", "wounding 3", "six PMF fighters were killed", "two soldiers were wounded",
    "at least 12 people died", "one killed", "the injury of three others", "the death of four",
    "56 deaths", "death toll of 27" and "No Coalition troops were injured" (0). Numbers are digits
    ("1,200") or words up to "ninety-nine" and "a hundred"; "dozens" and the like are skipped.
    Where matches overlap, the earlier (then longer) one is kept.
    """
    doc = _doc(text)
    ft = doc.ft
    found: list[tuple[int, int, re.Match[str]]] = []
    # The patterns are costly to try at every position: run them only near a casualty word.
    low = doc.lower
    windows: list[list[int]] = []
    for km in _CASUALTY_WORD_RE.finditer(low, doc.body):
        # The widest pattern puts a number and up to six words before the keyword.
        lo, hi = max(doc.body, km.start() - 140), min(len(ft), km.end() + 60)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for pattern in _CASUALTY_RES:
        for lo, hi in windows:
            found.extend((m.start(), m.end(), m) for m in pattern.finditer(low, lo, hi))
    kept: list[tuple[int, int, re.Match[str]]] = []
    for fs, fe, m in found:
        n = m.group("n")
        if n[0].isdigit() and "," not in n:
            if _DAY_CONTEXT_RE.search(ft, max(0, m.start("n") - 12), m.start("n")):
                continue
            if len(n) == 4 and n[:2] in ("19", "20"):  # a year: "in 2019 he survived ..."
                continue
        kept.append((fs, fe, m))
    found = sorted(kept, key=lambda t: (t[0], -t[1]))
    out: list[CasualtyCue] = []
    last_end = -1
    for fs, fe, m in found:
        if fs < last_end:
            continue
        count = _parse_number(m.group("n"))
        if count is None:
            continue
        verb = m.group("v").lower()
        kind = "killed" if any(verb.startswith(k) for k in _KILL_WORDS.split("|")) else "injured"
        qual = m.group("q")
        s, e = doc.span(fs, fe)
        ns, ne = doc.span(m.start("n"), m.end("n"))
        qual_text = " ".join(qual.lower().split()) if qual else None
        out.append(CasualtyCue(s, e, text[s:e], kind, count, qual_text, ns, ne))
        last_end = fe
    return out
