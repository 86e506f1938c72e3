"""Candidate actor names: runs of capitalised words split into names, titles cut off, one kind
per name, surnames linked to full names.

This module finds the runs, gives each name one kind over all its occurrences, links surnames to
full names and answers the lookups quote attribution asks (`Names`); how one run splits into
names is `name_split`'s work (`RunSplitter`, which `Names` extends).
"""

from __future__ import annotations

import bisect
import re

from summarizer.find.name_kinds import classify
from summarizer.find.name_split import Rec, RunSplitter, TextView, Tok
from summarizer.find.reading import Doc, read, trim
from summarizer.find.sentences import sent_index, sent_starts, sentences_of
from summarizer.find.types import NameCue
from summarizer.find.words import (
    DATELINE_AFTER_CITY,
    DATELINE_BRACKETS,
    DATELINE_CITY,
    HSPACE,
    NEWS_DASH,
    OPENING_DATELINE_END,
    ORG_KEYWORDS,
    STOPWORDS,
    UPPER,
    WORDS_RE,
    WRAP_SEP,
)

# The end of a dateline: "LONDON —", "BAGHDAD (Reuters) -", glued to a heading or not.
# (Its dash is read alone, so a hyphen may be one.)
_DATELINE_END_RE = re.compile(
    rf"{DATELINE_CITY}{DATELINE_AFTER_CITY}{DATELINE_BRACKETS}(?:[—–]|--?)\Z"
)
# What follows a dateline's city, after an all-capitals name: "BAGHDAD (Reuters) —", "NAIROBI,
# August 21 (Xinhua) --".
_DATELINE_AFTER_RE = re.compile(rf"{DATELINE_AFTER_CITY}{DATELINE_BRACKETS}{NEWS_DASH}")
# Or a colon after the day and the outlet: "ISLAMABAD, May 07 (APP):"; after the city alone
# only where it opens the document ("NEW DELHI: Pakistan's ...").
_COLON_DATELINE_AFTER_RE = re.compile(rf"{DATELINE_AFTER_CITY}\([^()\n]{{1,25}}\):")
_COLON_AFTER_RE = re.compile(rf":{HSPACE}")
# A city in brackets after the day, before the dash: "December 25, 2017 (JUBA) - ".
_BRACKETED_CITY_RE = re.compile(rf"\({DATELINE_CITY}\){HSPACE}*(?:[—–]|--?)")
# Or, where it opens the document, a spaced hyphen or a semicolon.
_OPENING_DATELINE_AFTER_RE = re.compile(OPENING_DATELINE_END)


_TITLE_ABBR = (
    r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|Rev|Brig|Cmdr|MR|MRS|MS|DR)\."
)
_CAP = (
    rf"(?:{_TITLE_ABBR}"
    rf"|(?:[{UPPER}]\.){{2,}}"
    rf"|[{UPPER}]\.(?=[^\S\r\n]+[{UPPER}])"
    # "Lashkar-e-Taiba", "Hizb-ut-Tahrir": a short particle between hyphens joins two words.
    rf"|(?:[ae]l-)?[{UPPER}](?:[^\W_]|['’](?=[^\W\d_])|[-‐](?=[{UPPER}\d])"
    rf"|[-‐][a-z]{{1,3}}[-‐](?=[{UPPER}]))*"
    rf"(?:(?<=s)['’](?=[^\S\r\n]+[{UPPER}]))?)"
)
# A later word of a name may go on past a hyphen in lower case, as East Asian given names do
# ("Ban Ki-moon", "Kim Jong-un", "Chiang Kai-shek"); a first word may not ("Two-day",
# "Pro-war", "Iranian-backed"), nor a later one into a word such names never end with
# ("Gaza's Hamas-run"), nor one hyphened word into the next ("Commander-in-Chief").
_LOWER_PART = (
    r"[-‐](?!(?:led|run|era|ran|held|born|made|like|type|wide|war|day|year|old|term|time|"
    r"way|long|fire|up|out|off|on|free|only|area|city|base)\b)[a-z]{1,4}\b(?![-‐])"
)
_CAP_LATER = rf"{_CAP[:-1]}(?:{_LOWER_PART})?)"
_PARTICLES = (
    "al el es bin ibn bint ul de da du del della der den van von le la los las of for in on to the"
)
_PART_WORDS = frozenset(_PARTICLES.split())
_PART = rf"(?:{_PARTICLES.replace(' ', '|')})(?![^\W_])"
# Only a capital or the "a"/"e" of "al-"/"el-" can start _CAP: tested before the look-behind and
# the title alternation.
_CAP_FIRST = rf"(?=[{UPPER}ae])"
_SEQ_RE = re.compile(
    rf"{_CAP_FIRST}(?<![^\W_])(?P<first>{_CAP})"
    rf"(?:{HSPACE}+(?:{_PART}{HSPACE}+){{0,2}}(?:{_CAP_LATER}))*"
)
_SEQ_WRAPPED_RE = re.compile(
    rf"{_CAP_FIRST}(?<![^\W_])(?P<first>{_CAP})"
    rf"(?:{WRAP_SEP}(?:{_PART}{WRAP_SEP}){{0,2}}(?:{_CAP_LATER}))*"
)
_POSSESSIVE = ("'s", "’s")


_SIDE_TAKEN_RE = re.compile(r"(?<![\w-])(?:pro|anti)-\Z", re.I)
_OF_TAIL = re.compile(r"\s(?:of|in|for)\s+\S+$")


def surname_key(word: str) -> str:
    w = word.lower()
    for p in ("al-", "el-"):
        if w.startswith(p):
            w = w[len(p) :]
    return w


def names_of(doc: Doc) -> Names:
    """The names of `doc`, found once and kept on it."""
    names = doc._names
    if not isinstance(names, Names):
        names = doc._names = Names(doc)
    return names


class Names(RunSplitter):
    """Candidate names of a document, with kind hints and surname links."""

    def __init__(self, doc: Doc) -> None:
        # What it reads of the document, not the document: the document holds its names, and
        # a cycle between the two would outlive the document until a collection found it.
        super().__init__(TextView(doc.ft, doc.body, doc.wrapped, doc.lower))
        ft = doc.ft
        seq_re = _SEQ_WRAPPED_RE if doc.wrapped else _SEQ_RE
        # A run is a list of tokens, or one word (most runs) as (start, end, word).
        raw: list[list[Tok] | tuple[int, int, str]] = []
        initial_flags: list[bool] = []
        noninitial: set[str] = set()
        for m in seq_re.finditer(ft, doc.body):
            if m.end("first") == m.end():  # one word: no need to tokenize
                w = m.group()
                s, e = m.span()
                if _SIDE_TAKEN_RE.search(ft, max(0, s - 5), s):
                    continue  # "pro-Beijing lawmaker Junius Ho": a side taken, not a name
                if w.endswith(_POSSESSIVE) and len(w) > 2:
                    w, e = w[:-2], e - 2
                elif w[-1:] in "'’" and w[:-1] in ORG_KEYWORDS:
                    w, e = w[:-1], e - 1
                initial = self._is_initial(s)
                raw.append((s, e, w))
                initial_flags.append(initial)
                if not initial:
                    noninitial.add(w)
                continue
            # The run's words are its white-space-separated pieces: _SEQ_RE joins capitalised
            # words (_CAP) and particles (_PART) with white space only.
            toks: list[Tok] = []
            e = m.start()
            for w in m.group().split():
                s = ft.index(w, e)
                e = s + len(w)
                cap = w not in _PART_WORDS
                poss = False
                if cap and w.endswith(_POSSESSIVE) and len(w) > 2:
                    w, e, poss = w[:-2], e - 2, True
                elif cap and w[-1:] in "'’" and w[:-1] in ORG_KEYWORDS:
                    w, e, poss = w[:-1], e - 1, True  # "the Guard Corps’ Quds Force": two names
                toks.append(Tok(s, e, w, cap, poss))
            if not toks:
                continue
            initial = self._is_initial(m.start())
            raw.append(toks)
            initial_flags.append(initial)
            for i, t in enumerate(toks):
                if t.cap and (i > 0 or not initial):
                    noninitial.add(t.w)
        self.noninitial = noninitial
        recs: list[Rec] = []
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

    def _unify(self, recs: list[Rec]) -> None:
        """One kind per name, the strongest seen; surnames inherit "person" from full names."""
        kinds: dict[str, set[str]] = {}
        speakers: set[str] = set()
        for r in recs:
            if r.kind == "speaker":
                speakers.add(surname_key(r.canon))
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
            surname_key(c) for c, k in final.items() if k == "person" and " " not in c
        } | {k for k in speakers if not any(surname_key(c) == k for c in final)}
        for r in recs:
            if " " in r.canon and r.canon not in final:
                if surname_key(r.canon.split()[-1]) in single_persons:
                    final[r.canon] = "person"
        self.person_last: dict[str, str] = {}  # surname -> full name of a person
        self.any_last: dict[str, str] = {}  # surname -> full name of a person or untyped name
        for r in recs:
            kind = final.get(r.canon)
            # "the Martyrs of Aleppo": the word after "of" is no surname but a place.
            if " " in r.canon and kind in ("person", None) and not _OF_TAIL.search(r.canon):
                key = surname_key(r.canon.split()[-1])
                self.any_last.setdefault(key, r.canon)
                if kind == "person":
                    self.person_last.setdefault(key, r.canon)
        for r in recs:
            kind = final.get(r.canon)
            if kind is None and " " not in r.canon and surname_key(r.canon) in self.person_last:
                kind = "person"
            r.kind = kind

    # -- lookups used by quote attribution ---------------------------------------------------

    def full_name(self, canon: str) -> str:
        """Full person name for a surname ("Kaabi" -> "Akram al Kaabi"), else ``canon``."""
        words = canon.split()
        if len(words) == 1:
            key = surname_key(words[0])
            return self.person_last.get(key) or self.any_last.get(key) or canon
        return canon

    def first_in_range(self, lo: int, hi: int) -> Rec | None:
        """The first name in [lo, hi) that is not a title prefix."""
        i = bisect.bisect_left(self.starts, lo)
        while i < len(self.recs) and self.recs[i].s < hi:
            r = self.recs[i]
            if r.e <= hi and not r.prefix:
                return r
            i += 1
        return None

    def in_range(self, lo: int, hi: int) -> list[Rec]:
        i = bisect.bisect_left(self.starts, lo)
        out: list[Rec] = []
        while i < len(self.recs) and self.recs[i].s < hi:
            if self.recs[i].e <= hi:
                out.append(self.recs[i])
            i += 1
        return out


def find_names(text: str | Doc) -> list[NameCue]:
    """Candidate actor names: every occurrence, in text order.

    Names are runs of capitalised words joined by particles (al, al-, bin, ibn, de, of, the; and
    in/for/on/to after an organisation word, as in "Islamic Resistance in Iraq"), all-caps
    acronyms and dotted ones ("U.S."). Titles are cut off ("US Secretary of State Mike Pompeo"
    gives "US" and "Mike Pompeo"), as are possessives, month and weekday names, sentence-initial
    common words and nationality adjectives. ``kind_hint`` is "organization" for names with words
    such as Forces, Brigades, Hezbollah, Ministry or for acronyms, "state" for countries, "person"
    after a title or role word or before "said", and is unified over all occurrences of a name.
    """
    doc = read(text)
    out: list[NameCue] = []
    starts = sent_starts(doc)
    for r in names_of(doc).recs:
        i = bisect.bisect_right(starts, r.s)
        if i < len(starts) and starts[i] < r.e:
            # A run glued over a sentence start ("... Questioned in DagestanU.S. investigators")
            # is cut there.
            out.extend(_cut_at(doc, r, [p for p in starts[i:] if p < r.e]))
            continue
        s, e = doc.span(r.s, r.e)
        out.append(
            NameCue(s, e, doc.text[s:e], _kind_unless_dateline(doc, r.s, r.e, r.kind), r.canon)
        )
    return out


def _kind_unless_dateline(doc: Doc, s: int, e: int, kind: str | None) -> str | None:
    """No kind for the city of a dateline ("LONDON —" opening a story is a place, not an
    acronym; so are "ISLAMABAD, May 07 (APP):" and "NEW DELHI:" opening the document)."""
    ft = doc.ft
    if kind != "organization" or not ft[s:e].isupper():
        return kind
    si = sent_index(doc, s)
    if si == 0 and _BRACKETED_CITY_RE.match(ft, s - 1):
        return None  # "December 25, 2017 (JUBA) - South Sudanese government army ..."
    before = ft[sentences_of(doc)[si][0] : s] if si >= 0 else ""
    if si < 0 or (before and not before.isupper()):
        return kind  # not at its sentence's start, nor after capitals only ("NEW DELHI")
    if _DATELINE_AFTER_RE.match(ft, e) or _COLON_DATELINE_AFTER_RE.match(ft, e):
        return None
    if si == 0 and (_COLON_AFTER_RE.match(ft, e) or _OPENING_DATELINE_AFTER_RE.match(ft, e)):
        return None
    return kind


def _cut_at(doc: Doc, r: Rec, cuts: list[int]) -> list[NameCue]:
    out: list[NameCue] = []
    for a, b in zip([r.s, *cuts], [*cuts, r.e], strict=True):
        a, b = trim(doc.ft, a, b)
        words = [w for w in WORDS_RE.findall(doc.ft, a, b) if w[0].isupper()]
        if not words or (len(words) == 1 and (len(words[0]) == 1 or words[0] in STOPWORDS)):
            continue
        canon = " ".join(doc.ft[a:b].split())
        s, e = doc.span(a, b)
        kind = _kind_unless_dateline(doc, a, b, classify(words, canon))
        out.append(NameCue(s, e, doc.text[s:e], kind, canon))
    return out
