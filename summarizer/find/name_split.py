"""From a run of capitalised words to the names in it: `RunSplitter`.

A run is split at separators, possessives and particles that do not join names ("al", "bin",
"de" do; "of", "for", "in" only after an organisation or title word). Titles are cut off: "US
Secretary of State Mike Pompeo" gives "US" (a prefix), "State" (its portfolio, a prefix) and
"Mike Pompeo" (a person). Ordinary words capitalised because they start a sentence are dropped
unless the text writes them capitalised elsewhere, and so are months, weekdays, single letters,
stop words, nationality adjectives and titles with no one after them. Each name gets a first
kind (`name_kinds`); `names` finds the runs, unifies the kinds and links surnames.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from summarizer.find.name_kinds import NAME_VERB_AFTER_RE, classify, context_kind
from summarizer.find.words import (
    ACRONYM_RE,
    ALLCAPS_EXCLUDED,
    CORE_TITLES,
    COUNTRIES,
    DEMONYMS,
    MONTHS,
    OF_KEYWORDS,
    ORG_KEYWORDS,
    PARTICLES_JOIN,
    PARTICLES_ORG,
    STOPWORDS,
    TITLE_MODIFIERS,
    WEEKDAYS,
    of_a_country,
)

_DAY_AFTER_RE = re.compile(r"\.?,?[^\S\r\n]*\d")


class Tok:
    """One word of a run: its span, the word, whether it is capitalised (not a particle), and
    whether a possessive was cut off it."""

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


# Titles that Arabic and Somali names carry as one of their words ("Hassan Sheikh Mohamud").
_NAME_TITLES = frozenset(("Sheikh", "Sheik", "Shaykh"))


def _is_title(w: str) -> bool:
    return w in CORE_TITLES


def _one_word(w: str) -> tuple[str, bool, str | None] | None:
    """What a one-word run is by its word alone: None when it is never a name; else its plain
    lower-case form, whether a sentence start can make it an ordinary word, and its kind when the
    word tells it."""
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
    if w in ("The", "A", "An", "THE") or of_a_country(w) or plain in STOPWORDS:
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


class TextView(NamedTuple):
    """The parts of a `Doc` that the names finder reads."""

    ft: str
    body: int
    wrapped: bool
    lower: str


class RunSplitter:
    """Splits the capitalised runs of one document into names (`Names` extends it with the
    runs themselves, the kinds over all occurrences and the surname links)."""

    def __init__(self, doc: TextView) -> None:
        self.doc = doc
        self._lower_words: dict[str, bool] = {}  # `written_lower`'s answers
        # Capitalised words seen where no sentence starts: names, not sentence-initial words.
        self.noninitial: set[str] = set()

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
            if not self._initial_single_is_name(Tok(s, e, w, True, False)):
                return None
        if kind is None:
            kind = context_kind(self.doc.ft, self.doc.lower, s, e, [w])
        return Rec(s, e, w, kind, False, False)

    # -- splitting a capitalised run into names ----------------------------------------------

    def _split(self, toks: list[Tok], initial: bool) -> list[tuple[list[Tok], bool]]:
        """Split a run at separators, possessives and particles that do not join names."""
        pieces: list[tuple[list[Tok], bool]] = []
        cur: list[Tok] = []
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
                # An acronym or one word is a whole name: "ISIS in Syria", "an attack by Hamas
                # in Rafah" name a group and a place.
                join = join and not (
                    len(caps) == 1 and (first == "in" or ACRONYM_RE.fullmatch(caps[0]))
                )
            else:
                join = False
            if join:
                cur.extend(toks[i:j])
            else:
                flush()
            i = j
        flush()
        return pieces

    def _month_is_name(self, cur: list[Tok], t: Tok) -> bool:
        """ "Theresa May promised": a month word right after a first name, with no day
        number after it, is a surname."""
        if not cur or not cur[-1].cap or cur[-1].poss or cur[-1].w.isupper():
            return False
        if self.doc.ft[cur[-1].e : t.s] != " " or cur[-1].w.lower() in MONTHS:
            return False
        return _DAY_AFTER_RE.match(self.doc.ft, t.e) is None

    def _pieces_to_recs(self, piece: list[Tok], initial: bool) -> list[Rec]:
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
        if (
            chain_end >= 0
            and [t.w for t in piece[chain_end + 1 : chain_end + 3]] == ["in", "Charge"]
            and chain_end + 3 < len(piece)
        ):
            chain_end += 2  # "Special Agent in Charge Hearn": the title goes on
        if chain_start >= 0 and self._surname_title(piece, chain_start, chain_end):
            return self._plain(piece, initial)
        if chain_start >= 0:
            out = self._title_split(piece, chain_start, chain_end, initial)
            if out is not None:
                return out
        return self._plain(piece, initial)

    @staticmethod
    def _surname_title(piece: list[Tok], cs: int, ce: int) -> bool:
        """ "Martin Luther King", "Abdiwahab Sheikh": a title word that ends a run after given
        names is a surname (after one given name, only a name-forming "Sheikh"); a title comes
        before the person it names. "Hassan Sheikh Mohamud": "Sheikh" between names is one."""
        before = piece[:cs]
        named = cs == ce and piece[cs].w in _NAME_TITLES
        return (
            (ce == len(piece) - 1 or named)
            and cs == ce
            and (len(before) >= 2 or (named and len(before) == 1))
            and all(
                t.cap
                and t.w not in COUNTRIES
                and t.w not in DEMONYMS
                and t.w not in TITLE_MODIFIERS
                and t.w not in ORG_KEYWORDS
                and not t.w.isupper()
                for t in before
            )
        )

    def _title_split(self, piece: list[Tok], cs: int, ce: int, initial: bool) -> list[Rec] | None:
        rest = piece[ce + 1 :]
        portfolio: list[Tok] = []
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
        person: list[Tok] = []
        tail: list[Tok] = []
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

    def _plain(self, piece: list[Tok], initial: bool, prefix_only: bool = False) -> list[Rec]:
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
        if all(of_a_country(w) for w in words):
            return []
        if len(words) == 1 and (
            len(words[0]) == 1
            or words[0].lower().replace("’", "'") in STOPWORDS
            # "In November, Chad ...": what is left of "In November" is a month.
            or (words[0].lower() in MONTHS and not words[0].isupper())
            or words[0].lower() in WEEKDAYS
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

    def _initial_single_is_name(self, t: Tok) -> bool:
        """Whether one capitalised word at a sentence start is a name, not an ordinary word."""
        w = t.w
        if w in self.noninitial or ACRONYM_RE.fullmatch(w):
            return True
        if any(c.isupper() for c in w[1:]):  # "McGurk", "al-Walai"
            return True
        return (
            NAME_VERB_AFTER_RE.match(self.doc.ft, t.e, min(len(self.doc.ft), t.e + 40)) is not None
        )

    def _rec(self, toks: list[Tok], kind: str | None, titled: bool = False) -> Rec:
        s, e = toks[0].s, toks[-1].e
        canon = " ".join(self.doc.ft[s:e].split())
        words = [t.w for t in toks if t.cap]
        if kind is None:
            kind = classify(words, canon)
        if kind is None:
            kind = context_kind(self.doc.ft, self.doc.lower, s, e, words)
        return Rec(s, e, canon, kind, False, titled)
