"""Who a mention stands for, read from the text around it: `Referents`.

A surname resolves to the full name met in the text ("Kaabi" -> "Akram al Kaabi"); he/she to
the person named before it whose gender does not conflict (the first such person of that
sentence, its subject), or to the unnamed person ("The friend said") whose words the sentence
before reports; a sentence-opening "They" to the counted people of the sentence before ("24
people"); they/it to the last organisation named; I/we to the transcript turn it sits in. Names
inside quotations are never antecedents. Which mention attributes a quote is `speakers`' work;
this module only says whom a mention names.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from summarizer.find.name_split import Rec
from summarizer.find.names import names_of
from summarizer.find.quotes import Quote
from summarizer.find.reading import Doc
from summarizer.find.sentences import sent_index, sentences_of
from summarizer.find.turns import turn_name, turns_of
from summarizer.find.words import ATTR_VERBS, ROLE_WORDS, WHERE_AFTER, of_a_country

_OF_BEFORE_RE = re.compile(r"\s+of(?:\s+the)?\s+\Z")

_GENDER_WORD_RE = re.compile(
    r"\b(?:(?P<f>mother|wife|daughter|sister|woman|girl|grandmother|aunt|widow|Mrs|Ms|Miss|"
    r"Queen|Princess|Lady|spokeswoman|chairwoman|congresswoman|businesswoman)|"
    r"(?P<m>father|husband|son|brother|man|boy|grandfather|uncle|widower|Mr|King|Prince|"
    r"spokesman|chairman|congressman|businessman))\b"
)
_TITLE_END_RE = re.compile(r"\b(?:Mrs|Ms|Miss|Mr|Dr)\.?\s*\Z")
_DESCRIPTOR_BEFORE_RE = re.compile(r"\bthe\s+(?:[a-z0-9][\w-]*\s+){1,3}\Z")
# "The friend said", "A police officer told": an unnamed person who opens a sentence by speaking.
_ROLE_SUBJECT_RE = re.compile(
    rf"(?:The|A|An)(?:[^\S\r\n]+[\w\-’']+){{0,3}}?[^\S\r\n]+(?:{ROLE_WORDS})"
    r"(?:[^\S\r\n]+of[^\S\r\n]+(?:the[^\S\r\n]+)?[a-z][\w\-’']*)?"
    # "A Western security official, who spoke on condition of anonymity, said".
    r"(?=(?:,[^\S\r\n]+(?:who|speaking|declining)\b[^,.;:\n]{1,80},)?"
    rf"[^\S\r\n]+(?:also[^\S\r\n]+|later[^\S\r\n]+)?(?:{ATTR_VERBS})\b)"
)
# A paper that opens a sentence telling its words: "A document compiled in September for UN
# agencies and other aid groups, seen by Reuters, said".
_PAPER_SUBJECT_RE = re.compile(
    r"[\W_]*(?P<np>(?:The|A|An)(?:[^\S\r\n]+[\w\-’']+){0,2}?[^\S\r\n]+(?:document|statement|"
    r"report|memo|letter|communiqu[eé]|release|study|assessment|cable)"
    r"(?:[^\S\r\n]+(?:compiled|issued|released|written|prepared|sent|published|dated|from|by|"
    r"of|for|in|on)\b[^,.;:\n\"“]{0,80}?)?)"
    r"(?:,[^,.;:\n]{1,60},)?[^\S\r\n]+(?:also[^\S\r\n]+)?(?:said|says|stated|states|added|"
    r"noted|warned|concluded|found)\b"
)
# A unit named by a plural and what completes it: "Martyrs of Aleppo", "Sons of Iraq".
_GROUP_NAME_RE = re.compile(r"[A-Z][a-z]+s\s+of\s")
# A place's preposition right before a name ("in Kaduna").
_IN = r"\b(?:in|near|outside|inside|from|between)[^\S\n]+"
_IN_PLACE_RE = re.compile(_IN + r"\Z")
_IN_RE = re.compile(r"\b(?:in|near)[^\S\n]+\Z")
# A name in a list of names after "in": "in Sokoto, Kano, Kaduna", "in Katsina and Kano". Not the
# name after a place opening a sentence ("In Geneva, Jeremy Laurence said").
_IN_LIST_RE = re.compile(
    _IN
    + r"(?:[A-Z][\w’'-]*(?:[^\S\n]+[A-Z][\w’'-]*){0,2},?[^\S\n]+(?:and[^\S\n]+|or[^\S\n]+)?){1,8}\Z"
)
_LIST_END_RE = re.compile(r"(?:and|or)[^\S\n]+\Z")
_LIST_GOES_ON_RE = re.compile(r",[^\S\n]*(?:and[^\S\n]+|or[^\S\n]+)?[A-Z]")
# An acronym in brackets right after a name: " (WFP)".
_ACRONYM_AFTER_RE = re.compile(r"[^\S\n]*\([A-Z][A-Za-z]*[A-Z]\)")
# The last word of the name of a day, a war, a meeting or an accord.
_OCCASION_RE = re.compile(
    r"\b(?:Day|Week|Year|War|Conference|Summit|Agreement|Accords?|Act|Resolution|Convention|"
    r"Treaty|Declaration|Festival|Games)\Z"
)
# A plural of people right after a name: " communities", " families".
_PEOPLE_AFTER_RE = re.compile(
    r"(?:[^\S\n]+and[^\S\n]+[A-Z][\w’'-]*)?[^\S\n]+"
    r"(?:communities|families|people|peoples|refugees|civilians|villagers|tribes|minorities|"
    r"groups)\b"
)
_QUALIFIES_PERSON_RE = re.compile(rf"[^\S\n]+(?:{ROLE_WORDS}|housewife)\b")
_PREPOSITION_BEFORE_RE = re.compile(
    r"\b(?:to|with|for|from|against|by|about)[^\S\n]+"
    r"(?:(?:Mr|Mrs|Ms|Dr|Gen|Col|Sen|Rep)\.?[^\S\n]+)?\Z"
)
# "told CBC News in an interview by Zoom", "via WhatsApp": a name the words went through names
# a medium, which no he/she stands for.
_MEDIUM_BEFORE_RE = re.compile(
    r"(?:\bvia|\b(?:interviews?|calls?|messages?|video|conferences?|chats?)[^\S\n]+(?:by|over|on))"
    r"[^\S\n]+\Z"
)
# "to Kansuk, Lokbere and Koch, three areas where": a name that such words set off are places.
_PLACES_AFTER_RE = re.compile(
    r",[^\S\n]+(?:[\w-]+[^\S\n]+)?(?:areas|towns|villages|cities|districts|regions|provinces|"
    r"locations|sites|neighbou?rhoods)\b"
)
# "an Israeli-made Heron drone", "Rafale jets": a name that a machine's noun follows names
# the machine, which no he/she stands for.
_MACHINE_AFTER_RE = re.compile(
    r"[^\S\n]+(?:drones?|jets?|aircraft|planes?|helicopters?|missiles?|rockets?|tanks?|"
    r"launchers?|rifles?|ships?|vessels?|submarines?|systems?)\b"
)
# A party or creed as one word: what someone votes or is, not who they are.
_AFFILIATIONS = frozenset(
    "Republican Republicans Democrat Democrats Democratic Conservative Conservatives Labour "
    "Liberal Liberals Socialist Socialists Communist Communists Tory Tories".split()
)
_GENDER_PRONOUN_RE = re.compile(r"\b(he|she|his|her|him|He|She|His|Her)\b")
# "Dali Mpofu referred to as police “spying” on her": an object pronoun ("him", a "her" that
# ends its clause) is someone other than the one its clause tells of.
_OBJECT_PRONOUN_RE = re.compile(r"him\b|her(?=[^\S\n]*[.,;:!?)])")


# "24 people", "dozens of relatives": a counted group that a following "They" stands for.
_CROWD_RE = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens of|hundreds of|several|many)"
    r"[^\S\r\n]+(?:[a-z]+[^\S\r\n]+)?(?:people|victims|survivors|relatives|residents|"
    r"witnesses|protesters|families|parents|students|workers)\b"
)

# A body of people as a clause's subject, then its verb ("The marchers turned", "the crowd was
# encouraged", "the crowd below shouted"); read at a sentence's start and after its commas.
_GROUP_SUBJECT_RE = re.compile(
    r"[\s“\"]*(?P<np>(?:(?:[Tt]he|[Ss]ome|[Mm]any)[^\S\r\n]+)?(?:[a-z-]+[^\S\r\n]+)?"
    r"(?:crowds?|marchers|protesters|protestors|demonstrators|activists|students|workers|"
    r"residents|villagers|mourners|supporters))"
    rf"(?:[^\S\r\n]+(?:{WHERE_AFTER}))?"
    r"[^\S\r\n]+(?:[a-z]+ly[^\S\r\n]+)?(?:was|were|had|have|[a-z]+ed)\b"
)

# Where a clause opens inside a sentence: after a comma, or a conjunction ("as protesters have
# taken to the streets").
_CLAUSE_OPENS_RE = re.compile(r",[^\S\r\n]+|\b(?:as|when|while|after|because|and)[^\S\r\n]+")


class Referents:
    """The people, groups and turns the mentions of a document stand for, with the
    document's quotations (names inside them are never antecedents)."""

    def __init__(self, doc: Doc, quotes: list[Quote]) -> None:
        self.doc = doc
        self.ft = doc.ft
        self.names = names_of(doc)
        self.quotes = quotes
        self.turns = turns_of(doc)
        self.turn_starts = [t[0] for t in self.turns]
        self.quote_starts = [q.s for q in quotes]
        self._genders: dict[str, str | None] = {}
        self._by_person: dict[str, list[Rec]] | None = None

    # -- mention helpers ---------------------------------------------------------------------

    def name_ending(self, e: int, lo: int) -> Rec | None:
        """The name that ends at ``e`` and starts at or after ``lo``."""
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

    def resolve_rec(self, r: Rec) -> str:
        """Whom a name stands for: a person's full name, else the name as written."""
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

    def inside_quote(self, r: Rec) -> bool:
        """Whether the name is part of a quotation's words."""
        i = bisect.bisect_right(self.quote_starts, r.s) - 1
        return i >= 0 and r.e <= self.quotes[i].e

    def _quoted_at(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and pos < self.quotes[i].e

    def _last_before(self, pos: int, accept: Callable[[Rec], bool]) -> tuple[int, Rec] | None:
        """The last name before ``pos`` outside quotations that ``accept`` takes (a pronoun's
        antecedent), with its index in the document's names."""
        names = self.names
        i = bisect.bisect_left(names.starts, pos) - 1
        while i >= 0:
            r = names.recs[i]
            if r.e <= pos and not r.prefix and not self.inside_quote(r) and accept(r):
                return i, r
            i -= 1
        return None

    def _mentions_of(self, key: str) -> list[Rec]:
        """Every mention of a person (or an untyped name) whose full name is ``key``."""
        if self._by_person is None:
            self._by_person = {}
            for r in self.names.recs:
                if r.kind in ("person", None):
                    self._by_person.setdefault(self.names.full_name(r.canon), []).append(r)
        return self._by_person.get(key, [])

    def _gender(self, r: Rec) -> str | None:
        """ "f" or "m" when the text says so near a mention: "Patricia Campbell, the mother of",
        "a Texas woman", "Mrs.", or the first he/she that follows before anyone else is named."""
        key = self.names.full_name(r.canon)
        cached = self._genders.get(key, "?")
        if cached != "?":
            return cached
        found: str | None = None
        mentions = self._mentions_of(key)
        if self._a_group(r) or self._acronymed(r) or any(c.isdigit() for c in key):
            # "the World Food Programme (WFP). One of his tasks": a name with its acronym is an
            # organisation, whatever pronoun follows it; a name with a figure in it ("Sarlia-1",
            # "Camp 22") is no one's.
            self._genders[key] = None
            return None
        if r.kind is None and any(
            self._in_place(o)
            or self._after_the(o)
            or _MACHINE_AFTER_RE.match(self.ft, o.e)
            or _PLACES_AFTER_RE.match(self.ft, o.e)
            or _MEDIUM_BEFORE_RE.search(self.ft, max(0, o.s - 20), o.s)
            for o in mentions
        ):
            # "a press conference in Kaduna. He said": a name the text puts a thing in is a
            # place, which no he/she stands for; nor is a name of unknown kind after "the"
            # ("terrorists fleeing from the North East"), nor a machine's ("Heron drone") or a
            # medium's ("an interview by Zoom").
            self._genders[key] = None
            return None
        for other in mentions:
            # After the mention, but not the title of a name after it ("the Convention on
            # Maritime Search and Rescue, Mr. Herath said": the "Mr." is Herath's).
            hi = other.e + 40
            for nxt in self.names.in_range(other.e, hi + 60):
                if nxt.s >= hi:
                    break
                title = _TITLE_END_RE.search(self.ft, max(other.e, nxt.s - 6), nxt.s)
                if title is not None:
                    hi = title.start()
                    break
            after = self.ft[other.e : hi]
            around = self.ft[max(0, other.s - 30) : other.s] + " " + after
            m = _GENDER_WORD_RE.search(around)
            if m is not None:
                found = "f" if m.group("f") else "m"
                break
            # Up to the next name that may be a person: "Jeremy Laurence from the UN human rights
            # office, OHCHR, said ... He noted": an organisation, a state, a people ("the
            # Rohingya") or a place ("reporting from a town in Cabo Delgado") named between is
            # not anyone else a he/she could stand for.
            recs = self.names.recs
            i = bisect.bisect_right(self.names.starts, other.e)
            while i < len(recs) and (
                recs[i].kind in ("organization", "state")
                or (
                    " " in key
                    and recs[i].kind is None
                    and _IN_RE.search(self.ft, max(0, recs[i].s - 8), recs[i].s) is not None
                    and sent_index(self.doc, recs[i].s) == sent_index(self.doc, other.s)
                )
                or self._acronymed(recs[i])
                or self._a_people(recs[i])
                or self._a_group(recs[i])
            ):
                i += 1
            hi = recs[i].s if i < len(recs) else len(self.ft)
            # Not a pronoun the person's own quoted words use for someone else ("Stephan said.
            # “... restraining her legs so she couldn't get up.”").
            pm = next(
                (
                    m
                    for m in _GENDER_PRONOUN_RE.finditer(self.ft, other.e, min(hi, other.e + 250))
                    if not self._quoted_at(m.start())
                    and not _OBJECT_PRONOUN_RE.match(self.ft, m.start())
                ),
                None,
            )
            if pm is not None:
                found = "f" if pm.group(1).lower() in ("she", "her") else "m"
                break
        self._genders[key] = found
        return found

    def _a_group(self, r: Rec) -> bool:
        """ "the Martyrs of Aleppo", "Sons of Iraq": a plural that a place or people completes
        names a unit, not a person a he/she could stand for; nor does the name of a day, a war
        or an accord ("Holocaust Remembrance Day")."""
        return (
            _GROUP_NAME_RE.match(self.ft, r.s, r.e) is not None
            or _OCCASION_RE.search(self.ft, r.s, r.e) is not None
        )

    def _acronymed(self, r: Rec) -> bool:
        """A name its acronym follows: "the World Food Programme (WFP)"."""
        return _ACRONYM_AFTER_RE.match(self.ft, r.e) is not None

    def _in_place(self, r: Rec) -> bool:
        """A mention after "in", "near", "outside" or "inside" ("in Kaduna"), not a possessive
        ("in Smith's view")."""
        if self.ft.startswith(("'s", "’s"), r.e):
            return False
        if _IN_PLACE_RE.search(self.ft, max(0, r.s - 8), r.s) is not None:
            return True
        listed = _IN_LIST_RE.search(self.ft, max(0, r.s - 160), r.s) is not None
        return listed and (
            _LIST_END_RE.search(self.ft, max(0, r.s - 8), r.s) is not None
            or _LIST_GOES_ON_RE.match(self.ft, r.e) is not None
        )

    def _after_the(self, r: Rec) -> bool:
        return self.ft[max(0, r.s - 4) : r.s].lower() == "the "

    def _antecedent(self, pos: int, gender: str) -> Rec | None:
        """The person a he/she at ``pos`` stands for: the last person before it whose gender
        does not conflict, preferring the first such person of that sentence (its subject:
        "Patricia Campbell, the mother of Krystle Campbell, ... She looked")."""
        names = self.names
        found = self._last_before(
            pos,
            lambda r: (
                (r.kind == "person" or (r.kind is None and self._gender(r) == gender))
                and self._gender(r) in (None, gender)
                and not self._a_people(r)
                and not self._a_group(r)
                and not self._agent_before(r, pos)
                and not self._owned_after_subject(r)
            ),
        )
        if found is None:
            return None
        i, last = found
        si = sent_index(self.doc, last.s)
        lo = sentences_of(self.doc)[si][0] if si >= 0 else last.s
        j = bisect.bisect_left(names.starts, lo)
        while j <= i:
            r = names.recs[j]
            if (
                r.kind in ("person", None)
                and not r.prefix
                and not self.inside_quote(r)
                and self._gender(r) == gender
                and not self._a_people(r)
                and not self._a_group(r)
                and not self.ft.startswith(("'s", "’s"), r.e)  # "Krystle's best friend"
                # "In his resignation letter to Mr. Mansour, ElBaradei wrote": not a name a
                # preposition governs.
                and _PREPOSITION_BEFORE_RE.search(self.ft, max(0, r.s - 20), r.s) is None
            ):
                return r  # the sentence's first person of the right gender
            j += 1
        return last

    def _owned_after_subject(self, r: Rec) -> bool:
        """ "Vice President Mike Pence ... repeated Trump's claim of victory. “...,” he said": a
        possessive later in a sentence whose subject is a person owns a thing; he/she is the
        subject."""
        if not self.ft.startswith(("'s", "’s"), r.e):
            return False
        si = sent_index(self.doc, r.s)
        lo = sentences_of(self.doc)[si][0] if si >= 0 else r.s
        first = self.names.first_in_range(lo, r.s)
        return first is not None and first.kind == "person" and not self.inside_quote(first)

    def _agent_before(self, r: Rec, pos: int) -> bool:
        """ "under cross-examination by Mpofu, he said": whom an act is done by, named before
        the pronoun in its own sentence, is not the pronoun's one, on whom it was done."""
        return self.ft[max(0, r.s - 3) : r.s] == "by " and sent_index(self.doc, r.s) == sent_index(
            self.doc, pos
        )

    def _a_people(self, r: Rec) -> bool:
        """ "the Rohingya", "the Houthis", "Sinti communities": one word after "the" or before a
        plural of people names a people, not a person a he/she could stand for."""
        word = self.ft[r.s : r.e].strip()
        one_word = " " not in word
        # "Roma and Sinti communities": a name that qualifies a plural of people is a people;
        # "a 26-year-old Deal housewife": one that qualifies a person is where she lives;
        # "who was African-American": an origin, no one; "motivated to vote Republican": a
        # party, no one.
        return one_word and (
            self.ft[max(0, r.s - 4) : r.s].lower() == "the "
            or word in _AFFILIATIONS
            or _PEOPLE_AFTER_RE.match(self.ft, r.e) is not None
            or _QUALIFIES_PERSON_RE.match(self.ft, r.e) is not None
            or all(of_a_country(part) for part in word.split("-"))
        )

    def _unnamed_speaker_before(self, pos: int, gender: str) -> str | None:
        """ "The friend said the man was radicalized. “...,” he told the BBC": he/she is the
        unnamed person whose words the sentence before reports, when no one is named between."""
        si = self._told_in(pos)
        if si <= 0:
            return None
        sents = sentences_of(self.doc)
        ps, pe = sents[si - 1]
        m = _ROLE_SUBJECT_RE.match(self.ft, ps, pe)
        if m is None or self.names.first_in_range(ps, m.end()) is not None:
            return None
        between = self.names.in_range(sents[si][0], pos)
        if any(not r.prefix and not self.inside_quote(r) for r in between):
            return None
        g = _GENDER_WORD_RE.search(m.group())
        if g is not None and ("f" if g.group("f") else "m") != gender:
            return None
        return m.group()

    @staticmethod
    def gender_of(words: str) -> str | None:
        """ "f" or "m" when a description says ("an elderly woman"), else None."""
        g = _GENDER_WORD_RE.search(words)
        return None if g is None else ("f" if g.group("f") else "m")

    def resolve_pronoun(self, word: str, pos: int) -> str | None:
        """Whom the pronoun ``word`` at ``pos`` stands for, or None."""
        w = word.lower()
        if w in ("he", "she", "him", "her"):
            gender = "f" if w in ("she", "her") else "m"
            unnamed = self._unnamed_speaker_before(pos, gender)
            if unnamed is not None:
                return unnamed
            r = self._antecedent(pos, gender)
            return self.resolve_rec(r) if r else None
        if w in ("they", "them") and word[0].isupper():
            crowd = self._crowd_before(pos)
            if crowd is not None:
                return crowd
        if w == "it":
            paper = self._paper_before(pos)
            if paper is not None:
                return paper
        if w in ("they", "them", "it"):
            org = self._last_before(pos, lambda r: r.kind == "organization")
            group = self._group_before(pos) if w != "it" else None
            # A body of people the subject of a later sentence than the organisation, or of the
            # same one that names the organisation further on ("The marchers ... headed back
            # toward City Hall").
            if group is not None and (
                org is None or sent_index(self.doc, org[1].s) <= sent_index(self.doc, group[0])
            ):
                return group[1]
            return org[1].canon if org else None
        if w in ("i", "we"):
            t = self.turn_at(pos)
            return t if t else None
        return None

    def _paper_before(self, pos: int) -> str | None:
        """ "A document compiled in September for UN agencies, seen by Reuters, said ...
        “...,” it added": "it" is the paper whose words the sentence before reports, when it
        opens that sentence."""
        si = self._told_in(pos)
        if si <= 0:
            return None
        m = _PAPER_SUBJECT_RE.match(self.ft, *sentences_of(self.doc)[si - 1])
        return " ".join(m.group("np").split()) if m is not None else None

    def _told_in(self, pos: int) -> int:
        """The index of the sentence ``pos`` is told in. A quotation of several sentences
        ("“First there was ... explosion ... Then there was gunfire,” he said") is one sentence
        of the text: its first, so that the sentence before it is before its start."""
        si = sent_index(self.doc, pos)
        sents = sentences_of(self.doc)
        while si > 0 and self._quoted_at(sents[si - 1][0] + 1):
            si -= 1
        return si

    def _group_before(self, pos: int) -> tuple[int, str] | None:
        """ "The marchers turned around ... “Whose streets?” they shouted": the last body of
        people that is a clause's subject in the pronoun's sentence or the two before (a
        quotation may be sentences of its own), as (where it starts, its words)."""
        si = sent_index(self.doc, pos)
        sents = sentences_of(self.doc)
        found = None
        for k in (si - 2, si - 1, si):
            if k < 0:
                continue
            ps, pe = sents[k]
            end = min(pe, pos)
            starts = [ps] + [c.end() for c in _CLAUSE_OPENS_RE.finditer(self.ft, ps, end)]
            for at in starts:
                m = _GROUP_SUBJECT_RE.match(self.ft, at, end)
                if m is not None:
                    found = (m.start("np"), " ".join(m.group("np").split()))
        return found

    def _crowd_before(self, pos: int) -> str | None:
        """ "... as 24 people gave statements. They lashed out": a sentence-opening "They" is
        the counted people of the sentence before, when that sentence names no one."""
        si = sent_index(self.doc, pos)
        if si <= 0:
            return None
        ps, pe = sentences_of(self.doc)[si - 1]
        m = _CROWD_RE.search(self.ft, ps, pe)
        if m is None:
            return None
        if any(r.kind == "person" and not r.prefix for r in self.names.in_range(m.end(), pe)):
            return None
        return " ".join(m.group().split())

    def turn_at(self, pos: int) -> str | None:
        """The speaker of the transcript turn ``pos`` is in: its label's full name, else the
        label."""
        i = bisect.bisect_right(self.turn_starts, pos) - 1
        if i < 0:
            return None
        s, e, _, _, label = self.turns[i]
        if not s <= pos <= e:
            return None
        return turn_name(self.doc, label) or label
