"""Candidate actor names: runs of capitalised words split into names, titles cut off, one kind
per name, surnames linked to full names.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from summarizer.find.name_kinds import NAME_VERB_AFTER_RE, classify, context_kind
from summarizer.find.reading import Doc, doc_of, trim
from summarizer.find.sentences import sent_index, sent_starts, sentences_of
from summarizer.find.types import NameCue
from summarizer.find.words import (
    ACRONYM_RE,
    ALLCAPS_EXCLUDED,
    CORE_TITLES,
    COUNTRIES,
    DEMONYMS,
    HSPACE,
    MONTHS,
    OF_KEYWORDS,
    ORG_KEYWORDS,
    PARTICLES_JOIN,
    PARTICLES_ORG,
    STOPWORDS,
    TITLE_MODIFIERS,
    UPPER,
    WEEKDAYS,
    WORDS_RE,
    WRAP_SEP,
)

# The end of a dateline: "LONDON —", "BAGHDAD (Reuters) -", glued to a heading or not.
_DATELINE_END_RE = re.compile(
    r"[A-Z]{2}[A-Z.,]*(?:[^\S\r\n]+\([A-Za-z ]{1,20}\))?[^\S\r\n]*[—–-]\Z"
)
_DATELINE_AFTER_RE = re.compile(r"(?:[^\S\r\n]+\([A-Za-z ]{1,20}\))?[^\S\r\n]*[—–]")


_TITLE_ABBR = (
    r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|Rev|Brig|Cmdr|MR|MRS|MS|DR)\."
)
_CAP = (
    rf"(?:{_TITLE_ABBR}"
    rf"|(?:[{UPPER}]\.){{2,}}"
    rf"|[{UPPER}]\.(?=[^\S\r\n]+[{UPPER}])"
    rf"|(?:[ae]l-)?[{UPPER}](?:[^\W_]|['’](?=[^\W\d_])|[-‐](?=[{UPPER}\d]))*"
    rf"(?:(?<=s)['’](?=[^\S\r\n]+[{UPPER}]))?)"
)
_PARTICLES = "al el bin ibn bint ul de da du del della der den van von le la of for in on to the"
_PART_WORDS = frozenset(_PARTICLES.split())
_PART = rf"(?:{_PARTICLES.replace(' ', '|')})(?![^\W_])"
# Only a capital or the "a"/"e" of "al-"/"el-" can start _CAP: tested before the look-behind and
# the title alternation.
_CAP_FIRST = rf"(?=[{UPPER}ae])"
_SEQ_RE = re.compile(
    rf"{_CAP_FIRST}(?<![^\W_])(?P<first>{_CAP})(?:{HSPACE}+(?:{_PART}{HSPACE}+){{0,2}}(?:{_CAP}))*"
)
_SEQ_WRAPPED_RE = re.compile(
    rf"{_CAP_FIRST}(?<![^\W_])(?P<first>{_CAP})"
    rf"(?:{WRAP_SEP}(?:{_PART}{WRAP_SEP}){{0,2}}(?:{_CAP}))*"
)
_POSSESSIVE = ("'s", "’s")
_DAY_AFTER_RE = re.compile(r"\.?,?[^\S\r\n]*\d")


class _Tok:
    __slots__ = ("s", "e", "w", "cap", "poss")

    def __init__(self, s: int, e: int, w: str, cap: bool, poss: bool) -> None:
        self.s, self.e, self.w, self.cap, self.poss = s, e, w, cap, poss


class Rec:
    """One name occurrence in folded offsets."""

    __slots__ = ("s", "e", "canon", "kind", "prefix", "titled")

    def __init__(self, s: int, e: int, canon: str, kind: str | None, prefix: bool, titled: bool):
        self.s, self.e, self.canon, self.kind = s, e, canon, kind
        self.prefix = prefix  # a state or organisation in front of a title ("US" President ...)
        self.titled = titled  # a person named after a title


def surname_key(word: str) -> str:
    w = word.lower()
    for p in ("al-", "el-"):
        if w.startswith(p):
            w = w[len(p) :]
    return w


def _is_title(w: str) -> bool:
    return w in CORE_TITLES


@lru_cache(maxsize=8192)
def _one_word(w: str) -> tuple[str, bool, str | None] | None:
    """What a one-word run is by its word alone (the same words recur in every document): None
    when it is never a name; else its plain lower-case form, whether a sentence start can make
    it an ordinary word, and its kind when the word tells it."""
    low = w.lower()
    # _split: a month, a weekday, a letter, an all-caps stop word is no name. (A month is a
    # surname only after a first name, and nothing comes before here.)
    if (
        (low in MONTHS and not w.isupper())
        or low in WEEKDAYS
        or w in ALLCAPS_EXCLUDED
        or len(w) == 1
        or (w.isupper() and low in STOPWORDS)
    ):
        return None
    if _is_title(w):  # _title_split: a title with no one after it names no one
        return None
    # _plain
    plain = low.replace("’", "'")
    if w in ("The", "A", "An", "THE") or w in DEMONYMS or plain in STOPWORDS:
        return None
    if w in TITLE_MODIFIERS:
        return None
    return plain, w not in COUNTRIES and w not in ORG_KEYWORDS, classify((w,), w)


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
    """The parts of a `Doc` that the names finder reads."""

    ft: str
    body: int
    wrapped: bool
    lower: str


def names_of(doc: Doc) -> Names:
    """The names of `doc`, found once and kept on it."""
    names = doc._names
    if not isinstance(names, Names):
        names = doc._names = Names(doc)
    return names


class Names:
    """Candidate names of a document, with kind hints and surname links."""

    def __init__(self, doc: Doc) -> None:
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
            toks: list[_Tok] = []
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

    def written_lower(self, word: str) -> bool:
        """Whether the text writes `word` in lower case (`_written_lower`: one word at a time,
        as a document asks for a few dozen words at most)."""
        known = self._lower_words.get(word)
        if known is None:
            known = self._lower_words[word] = _written_lower(self.doc.ft, self.doc.body, word)
        return known

    def _word(self, s: int, e: int, w: str, initial: bool) -> Rec | None:
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
            kind = context_kind(self.doc.ft, self.doc.lower, s, e, [w])
        return Rec(s, e, w, kind, False, False)

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
                month_name = low in MONTHS and self._month_is_name(cur, t)
                if not month_name and (
                    (low in MONTHS and not t.w.isupper())
                    or low in WEEKDAYS
                    or t.w in ALLCAPS_EXCLUDED
                    or len(t.w) == 1
                    or (t.w.isupper() and len(t.w) > 1 and low in STOPWORDS)
                    or (cur and not t.w.isupper() and low in STOPWORDS and len(t.w) <= 4)
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
            has_kw = any(w in OF_KEYWORDS for w in caps)
            ends_title = _is_title(caps[-1]) or caps[-1] in TITLE_MODIFIERS
            if all(p in PARTICLES_JOIN for p in parts):
                join = True
            elif first == "of":
                person_like = len(caps) >= 2 and not has_kw and not any(_is_title(w) for w in caps)
                join = not person_like and parts[1:] in ([], ["the"])
            elif first in PARTICLES_ORG:
                join = (has_kw or ends_title) and parts[1:] in ([], ["the"])
                # An acronym is a whole name: "ISIS in Syria" is a group and a place.
                join = join and not (len(caps) == 1 and ACRONYM_RE.fullmatch(caps[0]))
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
        if self.doc.ft[cur[-1].e : t.s] != " " or cur[-1].w.lower() in MONTHS:
            return False
        return _DAY_AFTER_RE.match(self.doc.ft, t.e) is None

    def _pieces_to_recs(self, piece: list[_Tok], initial: bool) -> list[Rec]:
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
                    while chain_start > 0 and piece[chain_start - 1].w in TITLE_MODIFIERS:
                        chain_start -= 1
                chain_end = k
            elif chain_end >= 0 and k == chain_end + 1 and t.w in TITLE_MODIFIERS:
                continue
            elif chain_start >= 0:
                break
        if chain_start >= 0:
            out = self._title_split(piece, chain_start, chain_end, initial)
            if out is not None:
                return out
        return self._plain(piece, initial)

    def _title_split(self, piece: list[_Tok], cs: int, ce: int, initial: bool) -> list[Rec] | None:
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
                if len(words) > size and " ".join(words[:size]) in COUNTRIES:
                    cut = size
                    break
            if not cut:
                kw = [i for i, w in enumerate(words[:-1]) if w in OF_KEYWORDS]
                if kw:
                    cut = kw[-1] + 1
                elif len(words) >= 3:
                    cut = len(words) - 2
                else:
                    cut = len(words)
            portfolio = rcaps[:cut]
            rest = [t for t in rest if t.s >= rcaps[cut - 1].e] if cut < len(rcaps) else []
        out: list[Rec] = []
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
            if not t.cap and t.w not in PARTICLES_JOIN:
                tail = rest[idx:]
                break
            person.append(t)
        while person and not person[-1].cap:
            person.pop()
        words = [t.w for t in person]
        if not person:
            return out if (prefix or portfolio) else []
        if len(words) > 4 or any(w in ORG_KEYWORDS for w in words) or " ".join(words) in COUNTRIES:
            return None
        out.append(self._rec(person, "person", titled=True))
        tail_caps = [t for t in tail if t.cap]
        if tail_caps:
            start = tail.index(tail_caps[0])
            out.extend(self._plain(tail[start:], False))
        return out

    def _plain(self, piece: list[_Tok], initial: bool, prefix_only: bool = False) -> list[Rec]:
        toks = list(piece)
        if initial:
            # Ordinary words capitalised because they start a sentence.
            while toks and toks[0].cap:
                w = toks[0].w
                low = w.lower()
                if w in COUNTRIES or w in ORG_KEYWORDS:
                    break
                low = low.replace("’", "'")
                common = low in STOPWORDS or (w not in self.noninitial and self.written_lower(low))
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
        if all(w in DEMONYMS for w in words):
            return []
        if len(words) == 1 and (
            len(words[0]) == 1 or words[0].lower().replace("’", "'") in STOPWORDS
        ):
            return []
        if all(_is_title(w) or w in TITLE_MODIFIERS for w in words):
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
        if w in self.noninitial or ACRONYM_RE.fullmatch(w):
            return True
        if any(c.isupper() for c in w[1:]):  # "McGurk", "al-Walai"
            return True
        return (
            NAME_VERB_AFTER_RE.match(self.doc.ft, t.e, min(len(self.doc.ft), t.e + 40)) is not None
        )

    def _rec(self, toks: list[_Tok], kind: str | None, titled: bool = False) -> Rec:
        s, e = toks[0].s, toks[-1].e
        canon = " ".join(self.doc.ft[s:e].split())
        words = [t.w for t in toks if t.cap]
        if kind is None:
            kind = classify(words, canon)
        if kind is None:
            kind = context_kind(self.doc.ft, self.doc.lower, s, e, words)
        return Rec(s, e, canon, kind, False, titled)

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
            if " " in r.canon and kind in ("person", None):
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
    doc = doc_of(text)
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
        out.append(NameCue(s, e, text[s:e], _kind_unless_dateline(doc, r.s, r.e, r.kind), r.canon))
    return out


def _kind_unless_dateline(doc: Doc, s: int, e: int, kind: str | None) -> str | None:
    """No kind for the city of a dateline ("LONDON —" opening a story is a place, not an
    acronym)."""
    ft = doc.ft
    if kind == "organization" and ft[s:e].isupper() and _DATELINE_AFTER_RE.match(ft, e):
        si = sent_index(doc, s)
        if si >= 0 and sentences_of(doc)[si][0] == s:
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
