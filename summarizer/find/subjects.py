"""Who the subject of a verb of saying is: `Subjects`, the noun phrases and names before or
after a verb that `speakers` finds ("Col. William Maxwell said", "said the statement", "according
to a UN agency"), resolved through `Referents` (a pronoun, a surname) and, for a statement or a
letter, to whoever issued or wrote it."""

from __future__ import annotations

import re

from summarizer.find.quotes import Quote
from summarizer.find.reading import Doc
from summarizer.find.referents import Referents
from summarizer.find.sentences import sent_index, sentences_of
from summarizer.find.words import (
    AFTER_COMMA_RE,
    CORE_TITLES,
    DATELINE,
    DATELINE_CITY,
    HSPACE,
    MONTH_FULL,
    OPENING_DATELINE_END,
    ROLE_WORDS,
    STOPWORDS,
    TITLE_MODIFIERS,
    UPPER,
    WEEKDAY,
    WHERE_AFTER,
)

_SPEECH_NOUNS = (
    r"army|military|ministry|police|statement|spokesman|spokesperson|spokeswoman|official|"
    r"officials|source|sources|agency|government|group|militia|militias|militants|alliance|"
    r"coalition|movement|organi[sz]ation|company|federation|witness|witnesses|residents|media|"
    r"authorities|rebels|forces|troops|president|minister|commander|leader|prosecutor|"
    r"spokespeople|representatives?|report|reports|office|embassy|experts|analysts|mission|"
    r"investigators|envoy|director|diplomats?|monitors|observers|letter|officers?|crowds?|chief|"
    r"protesters|demonstrators|workers?|doctors?|nurses?|medics?|members?|residents?|"
    r"survivors?|relatives?|activists?|journalists?|analyst|experts?|observer|commentators?|"
    r"users?|critics?|bloggers?|eyewitness(?:es)?|reporters?|correspondents?|body|chamber|"
    # People the text describes: "one man told", "said an elderly woman".
    r"man|men|woman|women|mother|father|girl|boy|villagers?|refugees?|farmers?|teachers?|"
    r"students?|soldiers?|fighters?|neighbou?rs?|friends?|passers?-by|organi[sz]ers?|lawyers?|"
    r"attorneys?"
)
# Up to three words before the noun: "a senior Foreign Ministry official", "a senior U.S.
# defense official" (an initialism's points are no sentence end).
_NP_WORD = r"(?:[\w\-’']+|(?:[A-Z]\.){2,})[^\S\r\n]+"
# "A tourist from Virginia", "one resident of Gaza": someone described by where they are from.
_ONE_FROM_RE = re.compile(
    r"(?:^|(?<=[\s\"“,]))(?P<np>(?:[Aa]n?|[Oo]ne|[Aa]nother)[^\S\r\n]+[a-z][\w-]*"
    r"(?:[^\S\r\n]+[a-z][\w-]*)?)[^\S\r\n]+(?:from|of|in)[^\S\r\n]+\Z"
)
_NP_END_RE = re.compile(
    # "Norway's foreign minister promised": a name's possessive stands for the article.
    rf"(?:\b(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)|\b[{UPPER}][\w-]*['’]s)"
    rf"[^\S\r\n]+(?:{_NP_WORD}){{0,3}}"
    # Where they stand may follow ("the crowd below shouted"), or what they wear ("one man
    # with a kerchief around his face told").
    rf"(?i:{_SPEECH_NOUNS})(?:[^\S\r\n]+(?:{WHERE_AFTER})"
    r"|[^\S\r\n]+with[^\S\r\n]+(?:an?|his|her|their)[^\S\r\n]+(?:[\w’'-]+[^\S\r\n]+){0,4}[\w’'-]+)?"
    r"\Z"
)
# A bare plural or office, perhaps after one capitalized word: "Iraqi militias", "US officials".
_NP_BARE = rf"(?:[{UPPER}][\w\-’']*[^\S\r\n]+)?(?i:{_SPEECH_NOUNS})"
_NP_BARE_RE = re.compile(_NP_BARE)
_NP_BARE_WORD_RE = re.compile(rf"{_NP_BARE}\b")
# "CNN confirmed the reporting, and US officials told": the bare subject of a clause that a
# conjunction opens.
_CLAUSE_NP_BARE_RE = re.compile(rf"(?:,|;|\band|\bbut)[^\S\r\n]+({_NP_BARE})\Z")
# A definite description of an organisation: "the industry body", "The chamber".
_THE_BODY_RE = re.compile(
    r"[Tt]he[^\S\r\n]+(?:[a-z][\w-]*[^\S\r\n]+)?(?:body|chamber|group|organi[sz]ation|"
    r"association|federation|agency|coalition|alliance|movement)"
)
_BY_RE = re.compile(r"\bby\s+")
_TITLE_WORD = re.compile(r"([A-Z][\w-]*\.?)[^\S\r\n]+")
_TITLES = CORE_TITLES | TITLE_MODIFIERS
_PLACE_BEFORE = re.compile(
    r"\b(?:[Ii]n|[Ff]rom|[Aa]t|[Nn]ear|into|to)[^\S\r\n]+(?:the[^\S\r\n]+)?\Z"
)
# Where a subject's words are about, right before a place: "the violence on Kos".
# Not "in" or "from": "representatives from Iran acknowledged", "officials in Kabul said" say
# whose the speakers are.
_ON_PLACE_BEFORE = re.compile(r"\b(?:on|at|near)[^\S\r\n]+(?:the[^\S\r\n]+)?\Z")
# Where, never who: "In Yangon on September 28, for example, witnesses said".
_WHERE_BEFORE = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Ii]nside|[Oo]utside|"
    # "marching down Main Street shouting": where they went, never who.
    r"down|along|through|past)[^\S\r\n]+(?:the[^\S\r\n]+)?\Z"
)
# A dateline that opens a story: "SEOUL, Aug. 20 (Yonhap) --", "KABUL (AFP) —".
_DATELINE_HEAD = re.compile(rf"\s*{DATELINE}{HSPACE}*")
# Or, where it opens the document, one that ends on a spaced hyphen or a semicolon.
_OPENING_DATELINE_HEAD = re.compile(rf"\s*{DATELINE_CITY}{OPENING_DATELINE_END}{HSPACE}*")
_DAY_WORDS = frozenset(f"{MONTH_FULL}|{WEEKDAY}".split("|"))
# Between a body and the person who holds a post in it: "UN chief Ban Ki-moon", "Hamas
# political leader Ismail Haniyeh".
_POST_BETWEEN = re.compile(
    rf"(?:['’]s)?[^\S\r\n]+(?:[a-z]+[^\S\r\n]+){{0,2}}?(?:{ROLE_WORDS}),?[^\S\r\n]+\Z"
)
_SUBJECT_PRONOUN_RE = re.compile(r"(?<![\w’'])(he|she|they|He|She|They)\b")
# What may precede a subject pronoun: a clause boundary, not a verb ("supported it say").
_CLAUSE_END_RE = re.compile(
    r"(?:\A|[,;:—–(\"“”]|\b(?:and|but|or|that|so|then|as|while|because|when|where|though|"
    r"although|yet|now|since|if|which|who|after|before|until|once|mean|And|But|So|Then))\s*\Z"
)
# After the verb, up to three words before the noun, the most that still end on one ("said a
# former senior CIA official", "a U.S. government official"), none of them a function word
# ("the photo of a man") or a name's ("the semiofficial Tasnim News Agency").
_NP_START_WORD = (
    r"(?:(?!(?:of|the|a|an|for|in|on|at|to|and|with|from|who|that)\b)[a-z][\w\-’']*|[A-Z]{2,6}"
    r"|(?:[A-Z]\.){2,})"
    r"[^\S\r\n]+"
)
_NP_START_RE = re.compile(
    rf"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)[^\S\r\n]+"
    # The first may be a nation's ("The Iraqi government").
    rf"(?:(?:{_NP_START_WORD}|[A-Z][a-z]+[^\S\r\n]+)(?:{_NP_START_WORD}){{0,2}})?"
    rf"(?i:{_SPEECH_NOUNS})\b"
)
# Up to three words in lower case before a name: "pensioner ", "human rights activist ".
# An acronym may be among them after the first: "former CIA official ".
_DESCRIBED_RE = re.compile(
    r"[a-z][a-z\-]+[^\S\r\n]+(?:(?:[a-z][a-z\-]+|[A-Z]{2,6})[^\S\r\n]+){0,2}"
)
_NAMED_AFTER_RE = re.compile(rf"[^\S\r\n]+(?:of[^\S\r\n]+(?:the[^\S\r\n]+)?)?[{UPPER}]")
_PRONOUN_END_RE = re.compile(r"(?<![\w’'])(he|she|they|it|He|She|They|It|I|we|We)\Z")
_PRONOUN_START_RE = re.compile(r"(he|she|they|him|her|them|it)\b")
_TRAIL_WORDS_RE = re.compile(
    r"(?:\s+(?:also|later|further|then|once|again|previously|reportedly|allegedly|earlier|"
    r"subsequently|repeatedly|just|simply|flatly|publicly|separately|recently|immediately|had|"
    r"likewise|similarly|openly|already|even|"
    r"went[^\S\r\n]+on[^\S\r\n]+to|"
    # "a response from the government that called it": the relative clause's antecedent.
    r"that|which|who|"
    r"has|have|would|will|did|does|do|has also|had also|on[^\S\r\n]+(?:" + WEEKDAY + r")|"
    # "the UN Human Rights Council on 28 March expressed", "Garba Shehu today said".
    r"today|yesterday|tonight|on[^\S\r\n]+\d{1,2}[^\S\r\n]+(?:" + MONTH_FULL + r")|"
    r"on[^\S\r\n]+(?:" + MONTH_FULL + r")[^\S\r\n]+\d{1,2}|"
    r"(?:last|this)[^\S\r\n]+(?:week|month|year)|(?:" + WEEKDAY + r"))|\s+"
    # "Norway's foreign minister, though, promised": a word set off by commas.
    r"|,[^\S\r\n]*(?:however|though|meanwhile|too|instead|in turn),)+\Z"
)
_APPOS_RE = re.compile(
    r"(?:\s*\([^()]{1,40}\))?"
    # ", WFP’s acting country director,": a possessive name opens one too.
    r"(?:\s*,\s*(?:an?|the|one|who|which|whose|[a-z][\w’'\-]*|[\w\-]+[’']s)\b[^,;:“”\"«»]{0,140}?"
    # ", at All Souls College, Oxford,": a place after a description, set off too.
    r"(?:\s*,\s*[A-Z][\w’'.-]*)?)"
    r"{0,3}\s*,\s*"
)
_STATEMENT_BY_RE = re.compile(
    r"(?:released|issued|published|put[^\S\r\n]+out|posted|shared)\s+"
    r"(?:a|an|its|the)\s+(?:[\w\-]+\s+)?statement"
)
# "A statement from the defence ministry said": whom the statement is from.
_STATEMENT_FROM_RE = re.compile(
    r"\b[Ss]tatement\s+(?:from|by)\s+(?P<who>(?:the\s+)?(?:[\w’'-]+\s+){0,5}?[\w’'-]+)"
    r"(?=\s+(?:said|says|added|stated|read|reads)\b)"
)
# "Snowe wrote in a letter to the Secretary of State": who wrote the letter a quote is from.
_LETTER_BY_RE = re.compile(
    r"(?:wrote|sent|signed|addressed)\s+(?:in\s+)?(?:a|an|his|her|their|its|the)\s+"
    r"(?:[\w\-]+\s+)?letter"
)
_PAREN_END_RE = re.compile(r"[^\S\r\n]*\([^()\n]{1,40}\)\Z")
# "a senior gendarme officer, who asked not to be named, said": the clause between a subject and
# its verb.
_RELATIVE_END_RE = re.compile(
    r"(?:,[^\S\r\n]+(?:who|which)\b[^,\n]{1,80},"
    # "Another witness who was present during the attack stated": no commas around it.
    r"|[^\S\r\n]+who[^\S\r\n][^,.;:\n“”\"]{1,60})[^\S\r\n]*\Z"
)
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


class Subjects(Referents):
    """The subjects and objects of verbs of saying, over one document and its quotations."""

    def __init__(self, doc: Doc, quotes: list[Quote]) -> None:
        super().__init__(doc, quotes)
        self.quote_opens = [q.open for q in quotes]
        self.quote_closes = [q.close for q in quotes]

    # -- noun phrases: "the statement" is the name that released one -------------------------

    def _resolve_np(self, s: int, e: int) -> str:
        np = " ".join(self.ft[s:e].split())
        if np.lower().endswith(("statement", "letter")):
            author = self._statement_author(s, np.lower().endswith("letter"))
            if author:
                return author
        if np.lower().startswith("its "):
            # "Ukraine opposed the move. “...,” its representative told the Assembly": whose
            # representative is the state or organisation named last, at most 300 characters
            # before.
            owner = self._last_before(s, lambda r: r.kind in ("state", "organization"))
            if owner is not None and s - owner[1].e <= 300:
                return f"{owner[1].canon}’s {np[4:]}"
        body = _THE_BODY_RE.fullmatch(np)
        if body is not None:
            # "Assocham said. ... The industry body further said", "the chamber said": the
            # organisation named last, at most 600 characters before.
            owner = self._last_before(s, lambda r: r.kind == "organization")
            if owner is not None and s - owner[1].e <= 600:
                return owner[1].canon
        return np

    def _statement_author(self, pos: int, letter: bool = False) -> str | None:
        """Who issued the statement (or wrote the letter) told of last before `pos`."""
        lo = max(self.doc.body, pos - 3000)
        last = None
        for m in (_LETTER_BY_RE if letter else _STATEMENT_BY_RE).finditer(self.ft, lo, pos):
            last = m
        source = None
        if not letter:
            for m in _STATEMENT_FROM_RE.finditer(self.ft, lo, pos):
                source = m
        if source is not None and (last is None or source.start() > last.start()):
            # "A statement from the defence ministry said ...": whom it is from.
            return " ".join(source.group("who").split())
        if last is None:
            return None
        si = sent_index(self.doc, last.start())
        slo = sentences_of(self.doc)[si][0] if si >= 0 else lo
        if letter:
            # "“...,” Snowe wrote in a letter": the name right before the verb wrote it.
            slo = max([slo, *(c for c in self.quote_closes if c <= last.start())])
            subj = self._subject_before(slo, last.start())
        else:
            subj = self._sentence_subject(slo, last.start())
        return subj[0] if subj else None

    # -- subject finders: each returns (speaker, mention start, mention end) -----------------

    def _described_right_before(self, lo: int, hi: int) -> tuple[str | None, int, int] | None:
        """A description in [lo, hi) that ends at ``hi`` ("a Taliban night letter" before
        "stating")."""
        nm = _NP_END_RE.search(self.ft, lo, hi)
        if nm is None:
            return None
        return self._resolve_np(nm.start(), nm.end()), nm.start(), nm.end()

    def _subject_before(self, lo: int, hi: int) -> tuple[str | None, int, int] | None:
        ft = self.ft
        base = max(lo, hi - 400)
        tm = _TRAIL_WORDS_RE.search(ft, base, hi)
        e = tm.start() if tm else hi
        rel = _RELATIVE_END_RE.search(ft, base, e)
        if rel is not None:
            e = rel.start()
        # "The UN World Food Programme (WFP) alerted": the name before its acronym.
        paren = _PAREN_END_RE.search(ft, base, e)
        if paren is not None:
            e = paren.start()
        if e <= base:
            return None
        pm = _PRONOUN_END_RE.search(ft, base, e)
        if pm and (not ft[lo : pm.start()].strip() or _CLAUSE_END_RE.search(ft, base, pm.start())):
            return self.resolve_pronoun(pm.group(1), pm.start()), pm.start(), pm.end()
        if pm:
            return None  # an object pronoun: "those who supported it say"
        r = self.name_ending(e, lo)
        if r is not None and r.kind != "person" and " " not in r.canon and ft[e - 1] == ",":
            # "Stefan Talmon, a professor ... at All Souls College, Oxford, told": the place
            # ends the apposition of the person who speaks.
            person = next(
                (
                    p
                    for p in self.names.in_range(max(lo, e - 400), r.s)
                    if p.kind == "person" and not p.prefix and _APPOS_RE.fullmatch(ft, p.e, e)
                ),
                None,
            )
            r = person or r
        if (
            r is not None
            and r.kind != "person"
            and _ON_PLACE_BEFORE.search(ft, max(lo, r.s - 12), r.s) is not None
        ):
            # "An Amnesty International report on the violence on Kos called on": where the
            # subject's words are about, not who speaks; the subject is the clause's first name.
            return self._sentence_subject(lo, r.s)
        if r is not None:
            who = _ONE_FROM_RE.search(ft, max(lo, r.s - 40), r.s)
            if who is not None and r.kind != "person":
                # "A tourist from Virginia said": the one described, not the place.
                return " ".join(ft[who.start("np") : r.e].split()), who.start("np"), r.e
            return self.resolve_rec(r), r.s, r.e
        described = self._described_right_before(base, e)
        if described is not None:
            return described
        s0 = lo
        while s0 < e and ft[s0] in ' \t\r\n"“”,':
            s0 += 1
        if _NP_BARE_RE.fullmatch(ft, s0, e):  # "Iraqi militias claimed ..."
            return self._resolve_np(s0, e), s0, e
        cm = _CLAUSE_NP_BARE_RE.search(ft, max(s0, e - 80), e)
        if cm is not None:
            return self._resolve_np(cm.start(1), cm.end(1)), cm.start(1), cm.end(1)
        if ft[e - 1] == ",":
            for r in self.names.in_range(max(lo, e - 400), e):
                if r.prefix:
                    continue
                if _APPOS_RE.fullmatch(ft, r.e, e):
                    return self.resolve_rec(r), r.s, r.e
        return None

    def _subject_after(self, p: int, hi: int) -> tuple[str | None, int, int] | None:
        ft = self.ft
        while p < hi and ft[p].isspace():
            p += 1
        pm = _PRONOUN_START_RE.match(ft, p, hi)
        if pm and pm.group(1) in ("he", "she", "they"):
            return self.resolve_pronoun(pm.group(1), p), pm.start(), pm.end()
        q = p + 4 if ft.startswith(("the ", "The "), p) else p
        # "said Col. William Maxwell", "said Major Safiulla Nijrabi": the name after its title.
        for _ in range(3):
            if q in self.names.by_start:
                break
            title = _TITLE_WORD.match(ft, q, hi)
            if title is None or title.group(1) not in _TITLES:
                break
            q = title.end()
        r = self.names.by_start.get(q)
        if r is not None and r.e <= hi:
            if r.prefix:
                nxt = self.names.in_range(r.e, min(hi, r.e + 60))
                persons = [x for x in nxt if x.kind == "person"]
                if persons:
                    r = persons[0]
            return self.resolve_rec(r), r.s, r.e
        nm = _NP_START_RE.match(ft, p, hi)
        if nm:
            # "said a spokesman, Ahmed Saleh,": the person the description names right after.
            named = AFTER_COMMA_RE.match(ft, nm.end(), hi)
            r = self.names.by_start.get(named.end()) if named else None
            if r is not None and r.e <= hi and r.kind == "person" and not r.prefix:
                return self.resolve_rec(r), r.s, r.e
            return self._resolve_np(nm.start(), nm.end()), nm.start(), nm.end()
        # "said pensioner Arcadiy Volenchuk", "says feminist Francisca Fernández": a person's
        # name after the words in lower case that say what they are.
        dm = _DESCRIBED_RE.match(ft, p, hi)
        if dm and not any(w.lower() in STOPWORDS for w in dm.group(0).split()):
            r = self.names.by_start.get(dm.end())
            if r is not None and r.e <= hi and r.kind in ("person", None) and not r.prefix:
                return self.resolve_rec(r), r.s, r.e
        # "said residents of the town", "chanted protesters who opposed": a bare plural.
        bare = _NP_BARE_WORD_RE.match(ft, p, hi)
        if bare is not None:
            return self._resolve_np(bare.start(), bare.end()), bare.start(), bare.end()
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
            return self.resolve_pronoun(pm.group(1), p), pm.start(), pm.end()
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
            return self.resolve_rec(pick), pick.s, pick.e
        return direct

    def _sentence_subject(self, lo: int, hi: int) -> tuple[str | None, int, int] | None:
        """The first name or subject pronoun of a clause (for "..., saying" and "X: ...")."""
        ft = self.ft
        # Not the city or the outlet of a dateline: "SEOUL, Aug. 20 (Yonhap) -- North Korea's
        # official newspaper blasted ...".
        head = _DATELINE_HEAD.match(ft, lo, hi)
        if head is None and lo == self.doc.body:
            head = _OPENING_DATELINE_HEAD.match(ft, lo, hi)
        lo = head.end() if head else lo
        pm = _SUBJECT_PRONOUN_RE.search(ft, lo, hi)
        # Not a day, nor a place when a name follows it: "Last July, the U.S. withdrew ...,
        # saying", "Speaking from Gaza City, spokesperson James Elder said" (but "representatives
        # from Iran acknowledged" keeps Iran).
        names = [r for r in self.names.in_range(lo, hi) if not r.prefix]
        names = [r for r in names if ft[r.s : r.e] not in _DAY_WORDS]
        names = [r for r in names if not _WHERE_BEFORE.search(ft, max(lo, r.s - 12), r.s)]
        first = next(
            (r for r in names if not _PLACE_BEFORE.search(ft, max(lo, r.s - 12), r.s)),
            names[0] if names else None,
        )
        # A name inside quoted words before the pronoun is not the subject: "“... [President
        # Donald] Trump himself,” he added, ..., calling".
        quoted_first = (
            first is not None
            and pm is not None
            and self.inside_quote(first)
            and not any(r.s < pm.start() and not self.inside_quote(r) for r in names)
        )
        if pm and (first is None or pm.start() < first.s or quoted_first):
            return self.resolve_pronoun(pm.group(1), pm.start()), pm.start(), pm.end()
        # "Family members of nine victims sued Twitter ..., claiming": the people the clause
        # opens on, described, before any name.
        start = lo + len(ft[lo:hi]) - len(ft[lo:hi].lstrip())
        opening = _NP_START_RE.match(ft, start, hi) or _NP_BARE_RE.match(ft, start, hi)
        if (
            opening is not None
            and (first is None or opening.end() <= first.s)
            and self.names.by_start.get(opening.start()) is None
            # Not a title before its holder ("Prime Minister Ahmet Davutoglu") nor a post of a
            # body ("The leader of Ennahda").
            and _NAMED_AFTER_RE.match(ft, opening.end(), hi) is None
        ):
            return self._resolve_np(opening.start(), opening.end()), opening.start(), opening.end()
        if first is not None:
            after = next((r for r in names if r.s > first.e), None)
            if after is not None and _POST_BETWEEN.match(ft, first.e, after.s):
                first = after  # the person, not the body whose post they hold
            return self.resolve_rec(first), first.s, first.e
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


__all__ = ["Subjects"]
