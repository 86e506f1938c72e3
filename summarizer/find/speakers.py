"""Who said each quotation: `find_quotes`.

Every rule that finds where the text names a quote's speaker is here: the attribution in the
quote's own sentence, then a neighbouring sentence or quote, then the transcript turn. Who the
subject or object of a verb of saying is, is `subjects`' answer, and whom that mention stands
for (a surname, a pronoun) `referents`'; the quotation marks are `quotes`' work; the speech
verbs are shared in `words`.

Quotes of at most ``SHORT_QUOTE_WORDS`` words are flagged ``short`` (often scare quotes such as
"martyred"); they are still quotes, but get a speaker only from an attribution in their own
sentence, never from a neighbouring sentence or a transcript turn.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from summarizer.find.quotes import SHORT_QUOTE_WORDS, Quote, scan_quotes, unspoken
from summarizer.find.reading import Doc, read
from summarizer.find.sentences import sent_index, sentences_of
from summarizer.find.subjects import Subjects
from summarizer.find.types import QuoteCue
from summarizer.find.words import ATTR_VERBS, DIRECTION, ROLE_WORDS, WORDS_RE

# Matched on the lower-cased copy (`_attribution_verbs`).
_ATTR = re.compile(rf"\b(?:{ATTR_VERBS})\b")
# Every verb of saying in its -ing form ("..., pledging a full investigation" after a quote is
# about the sentence's subject, not said by a name before it).
_PARTICIPLES = frozenset(
    w.replace("[sz]", z) for w in ATTR_VERBS.split("|") for z in "sz" if w.endswith("ing")
)

# After a quote, the words that open another clause: "“...,” while expert Mona Rishmawi warned".
_NEW_CLAUSE_RE = re.compile(r"[\s,;—–\-]*(?:while|whereas|but|although|though)\s", re.I)
# "asked not to be named", "asked for anonymity", "asked that his name not be used".
_ANONYMITY_RE = re.compile(
    r"[^\S\r\n]+(?:not[^\S\r\n]+to[^\S\r\n]+be|for[^\S\r\n]+anonymity|"
    r"that[^\S\r\n]+(?:his|her|their)[^\S\r\n]+names?)"
)
# "called it ...", "called Bolivia a “...”", "called a “ploy” the assertion": words said of
# something, not the name of something ("a group called ...").
_CALLED_OBJECT_RE = re.compile(
    # "called on “all concerned parties to exercise restraint”": an appeal, in its words.
    r"[^\S\r\n]+(?:on|upon|it|this|that|them|him|her|the|his|their|its|an?(?=[^\S\r\n]+[“\"])|"
    # "called Friday’s acknowledgement an “important step forward”": what it called so, in any
    # case, then the article of the quoted label.
    r"(?:[\w’'-]+[^\S\r\n]+){1,3}an?(?=[^\S\r\n]+[“\"]))\b"
    # "called Maduro’s charges “absurd”": a label with no article.
    r"|[^\S\r\n]+(?:[\w.’'-]+[^\S\r\n]+){1,3}(?=[“\"])"
)
# A verb of saying right after a quotation's closing mark, no punctuation between.
_INSIDE_THE_VERB = re.compile(rf"[^\S\r\n]+(?:{ATTR_VERBS})\b")
# Verbs of judging: who does it speaks, before the verb; the name after it is whom it judged
# ("Maduro blamed the “far right”", "Several victims condemned Tsarnaev").
_JUDGING_VERBS = frozenset({"blamed", "condemned", "condemns"})
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:was|were|is|are|been|be|being)\s+\Z", re.I)
_AND_END_RE = re.compile(r"\b(?:and|but)\s*\Z")
_PUNCT_ONLY_RE = re.compile(r"[\s,.;:!?—–\-]*\Z")


# “cowardly” and “disgusting”: quotations in one list share their speaker.
_QUOTE_LIST_GAP_RE = re.compile(r"[\s,]*(?:(?:and|or|nor)\s+)?")

# A paper no one is named for ("a statement that expressed “shock”"): its author is whom an
# earlier verb has speak ("it said in a statement that expressed").
_PAPER_RE = re.compile(r"(?:[Aa]n?|[Tt]he)\s+(?:[\w-]+\s+)?(?:statement|report|letter)")

# Verbs of scorn: "They lashed out at him for his “cowardly” acts" quotes their word.
_SCORN_RE = re.compile(
    r"\b(?:lashed out|condemned|denounced|decried|critici[sz]ed|slammed|blasted|derided|"
    r"mocked|ridiculed)\b"
)


# The quotative "like" of speech: "I was like, “", "who are like, “".
_LIKE_RE = re.compile(r"\b(?:was|were|is|are|am|['’]m|['’]re)[^\S\r\n]+like,?[^\S\r\n]*[“\"]?\Z")
# Verbs of labelling, up to the quotation: "the police regards the march as an “", "it also
# blamed the AFP as “": the subject's word for it.
_LABELS_AS_RE = re.compile(
    r"\b(?:regards?|regarded|considers?|considered|views?|viewed|treats?|treated|blamed|"
    r"branded|brands|labell?ed|labels|dubbed|dubs|dismissed|dismisses|denounced|denounces)"
    r"[^\S\r\n]+[^.;:!?“”\"]{1,80}?[^\S\r\n]+as(?:[^\S\r\n]+(?:an?|the|being))?[^\S\r\n]*[“\"]?\Z"
    # "Putin and Russian propaganda call Russia's war against Ukraine a “".
    r"|\bcalls?[^\S\r\n]+[^.;:!?“”\"]{1,160}?[^\S\r\n]+an?[^\S\r\n]*[“\"]?\Z"
)


def _listed_after(ft: str, prev: Quote, q: Quote) -> bool:
    """Whether ``q`` is the next item of a list of quotations that ``prev`` opens."""
    if prev.speaker is None or prev.ms is None:
        return False
    gap = ft[prev.close : q.open]
    return len(gap) <= 8 and _QUOTE_LIST_GAP_RE.fullmatch(gap) is not None


# A verb of labelling in the passive, its agent, and the words it is labelled as, up to the
# quotation: "dismissed by police commissioner Hussein Ali as being “".
_LABELLED_BY_RE = re.compile(
    r"\b(?:dismissed|described|branded|labell?ed|characteri[sz]ed|denounced|condemned|"
    r"criticized|criticised|rejected|called)\s+by\s+(?P<who>[^.;:“”\"]{2,80}?)"
    r"(?P<as>\s+as(?:\s+being)?)\s*[“\"]?\Z"
    # "praised highly by President Barack Obama for his “": the words of whom it was praised by.
    r"|\b(?:praised|lauded|commended|hailed|thanked|criticized|criticised|condemned|faulted|"
    r"blamed)\s+(?:[a-z]+ly\s+)?by\s+(?P<who2>[^.;:“”\"]{2,80}?)\s+for\s+"
    r"(?:his|her|its|their)\s*[“\"]?\Z"
)
# Words of someone's before a that-clause that quotes them: "warnings from a senior official
# that access to his case must be “".
_WORDS_FROM_RE = re.compile(
    r"\b(?:warnings?|claims?|comments?|remarks?|assurances?|calls?|demands?|messages?|requests?|"
    r"appeals?|pleas?)\s+"
    r"(?:from|by)\s+(?P<who>[^.;:“”\"]{2,80}?)\s+that\b[^.;:“”\"]{0,150}[“\"]?\Z"
)
# A person the text describes, not names: "a member of his political group", "one man", "the
# President".
_DESCRIBED_SPEAKER_RE = re.compile(
    r"(?:[Aa]n?|[Oo]ne|[Aa]nother)[^\S\r\n]+[a-z]"
    rf"|[Tt]he[^\S\r\n]+(?:[\w\-]+[^\S\r\n]+)?(?i:{ROLE_WORDS})\b"
)
# "the statement quoted Director General Rafael Grossi as saying", "CNN reported Obama
# stating": whom the words are of, between the verb that passes them on and the participle.
# Read back from the participle, and ahead from the verb so that the verb lets it decide.
_QUOTING_VERBS = ("quoted", "quotes", "reported", "cited")
_QUOTED_WHO = r"[^\S\r\n]+(?P<who>[^.;:“”\"]{2,80}?)[^\S\r\n]+(?:as[^\S\r\n]+)?"
_QUOTED_AS_RE = re.compile(rf"\b(?:{'|'.join(_QUOTING_VERBS)}){_QUOTED_WHO}\Z")
_WAS_QUOTED_RE = re.compile(
    r"[^\S\r\n]+(?:was|were|is|are|has[^\S\r\n]+been|had[^\S\r\n]+been)[^\S\r\n]+quoted"
    r"[^\S\r\n]+as[^\S\r\n]+\Z"
)
_QUOTING_AHEAD_RE = re.compile(rf"{_QUOTED_WHO}(?:saying|stating)\b")
# A place's preposition right before a name ("first in the Gaza Strip"), and a comma that
# closes what comes between a quote and its verb.
_PLACE_IN_RE = re.compile(
    r"\b(?:in|on|at|near|inside|outside)[^\S\r\n]+(?:the[^\S\r\n]+)?"
    rf"(?:(?i:{DIRECTION})[^\S\r\n]+)?\Z"
)
_COMMA_END_RE = re.compile(r",[^\S\r\n]*\Z")
# A sentence that opens on an attribution: "Trump said.", "the official added.", "Panfilova
# explained, criticizing the rally's organizers"; not one that opens the next quotation ("Lisa
# Davis continued, “We believe ...").
_ATTRIBUTION_ONLY_RE = re.compile(
    r"[^\S\r\n]*(?:[\w’'.-]+[^\S\r\n]+){1,4}(?:said|says|asked|asks|added|adds|wrote|"
    r"tweeted|replied|continued|explained|insisted)"
    r"(?:,(?![^\S\r\n]*[\"“])|[.!]?[^\S\r\n]*\Z)"
)
# "PAF, he said, could have": a pronoun's verb of saying set off by commas inside a sentence.
_SAID_ASIDE_RE = re.compile(r",[^\S\r\n]+(?:he|she)[^\S\r\n]+(?:said|added|says),", re.I)
# A sentence that opens on its source: "Citing a US official, ABC News reported".
_CITING_RE = re.compile(r"[\s\"“]*(?:Citing|Quoting)[^\S\r\n]+(?=[^,]{1,80},)")
# A sentence a pronoun tells, closing on its verb of saying: ", he said."
_TOLD_BY_RE = re.compile(r",[^\S\r\n]+(he|she)[^\S\r\n]+(?:said|added|says)\W*\Z", re.I)


class _Attributor(Subjects):
    """Finds the speaker of each quote from the text around it (who the subject of a verb of
    saying is, is `Subjects`' answer; whom a mention stands for, `Referents`')."""

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
        if low in ("asked", "asks") and _ANONYMITY_RE.match(ft, m.end()):
            return False  # "an officer, who asked not to be named, said": no words of theirs
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
            if low in _JUDGING_VERBS:
                continue  # "“...” Several victims condemned Tsarnaev": no inverted attribution
            if low in _QUOTING_VERBS and _QUOTING_AHEAD_RE.match(self.ft, vm.end(), rhi):
                continue  # "CNN reported Obama stating": the participle says whose words
            if low in ("saying", "stating"):
                was_quoted = _WAS_QUOTED_RE.search(self.ft, rlo, vm.start())
                if was_quoted is not None:
                    # "“...,” an unnamed police source was quoted as saying by AFP": the subject.
                    return self._subject_before(rlo, was_quoted.start() + 1)
                quoted_as = _QUOTED_AS_RE.search(self.ft, rlo, vm.start())
                if quoted_as is not None:
                    # "“...,” the statement quoted Director General Rafael Grossi as saying",
                    # "CNN reported Obama stating": whom it quoted said the words.
                    return self._subject_after(quoted_as.start("who"), quoted_as.end("who"))
            if low in _PARTICIPLES:
                continue  # "..., blaming X" after a quote is about the sentence, not the quote
            if low.startswith("according"):
                return self._object_after(vm.end(), rhi)
            between = self.ft[rlo : vm.start()]
            if _PUNCT_ONLY_RE.match(between):
                return self._subject_after(vm.end(), rhi)
            got = self._subject_before(rlo, vm.start())
            if (
                got is not None
                and _PLACE_IN_RE.search(self.ft, max(rlo, got[1] - 12), got[1])
                and _COMMA_END_RE.search(between)
            ):
                # "“...,” first in the Gaza Strip, then on the West Bank, said an administration
                # official": the words go on through a place, and the speaker follows the verb.
                got = self._subject_after(vm.end(), rhi) or got
            if got is None and low not in ("told", "tells", "tell", "asked", "asks", "ask"):
                # Not after "told" or "asked": whom the words were told to ("... tells Danger
                # Room"), whom a question was put to ("... a reporter asked Col. Steve Warren").
                got = self._subject_after(vm.end(), rhi)
            return got
        return None

    def _attribute_left(self, lo: int, hi: int, sent_lo: int) -> tuple[str | None, int, int] | None:
        cite = _CITING_RE.match(self.ft, sent_lo)
        if cite is not None and cite.end() <= hi:
            # "Citing a US official, ABC News reported that Iran “painted ...”": the words are
            # the cited one's, passed on by the outlet.
            got = self._subject_after(cite.end(), cite.end() + 80)
            if got is not None and got[0]:
                return got
        verbs = [vm for vm in self._attribution_verbs(lo, hi) if self._verb_ok(vm, lo)]
        paper: tuple[str | None, int, int] | None = None
        for vm in reversed(verbs):
            if hi - vm.end() > 200:
                break
            low = vm.group().lower()
            if low.startswith("according"):
                got = self._object_after(vm.end(), hi)
            elif low in _PARTICIPLES:
                got = self._sentence_subject(sent_lo, vm.start())
                k = vm.start()
                while k > lo and self.ft[k - 1] in " \t":
                    k -= 1
                r = self.names.by_end.get(k)
                if r is not None and r.s >= lo and r.kind == "person":
                    # "with President Recep Tayyip Erdogan pledging to bring terrorism “to its
                    # knees”": the person right before the participle is its subject.
                    got = (self.resolve_rec(r), r.s, r.e)
                elif r is None:
                    # "found with a Taliban night letter stating": so is a description.
                    got = self._described_right_before(max(lo, k - 80), k) or got
            else:
                got = self._subject_before(lo, vm.start())
                if got is None and _AND_END_RE.search(self.ft, lo, vm.start()):
                    # "... after her children came home and said": the subject of the clause
                    # that "and said" goes on, not of the sentence.
                    got = self._clause_subject(lo, vm.start()) or self._sentence_subject(
                        lo, vm.start()
                    )
                if got is None and low not in _JUDGING_VERBS:
                    got = self._subject_after(vm.end(), hi)
            if got is not None and got[0]:
                if not _PAPER_RE.fullmatch(got[0]):
                    return got
                paper = paper or got
        if paper is not None:
            return paper
        scorn = max(_SCORN_RE.finditer(self.ft, lo, hi), key=lambda m: m.start(), default=None)
        if scorn is not None and hi - scorn.end() <= 80:
            got = self._subject_before(lo, scorn.start())
            if got is not None and got[0]:
                return got
        like = _LIKE_RE.search(self.ft, max(lo, hi - 40), hi)
        if like is not None:
            # "I was like, “...”", "friends who are like, “...”": the quotative "like". Not
            # "they were like": chatting, "they" are people, not the body named last.
            got = self._subject_before(lo, like.start())
            if got is not None and got[0] and self.ft[got[1] : got[2]].lower() != "they":
                return got
        label = _LABELS_AS_RE.search(self.ft, max(lo, hi - 200), hi)
        if label is not None and not _PASSIVE_BEFORE_RE.search(
            self.ft, max(0, label.start() - 8), label.start()
        ):
            # Not "the march was regarded as “...”": whom it was regarded so by is unsaid.
            got = self._subject_before(lo, label.start()) or self._sentence_subject(
                lo, label.start()
            )
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
        sents = sentences_of(doc)
        prev: Quote | None = None
        for idx, q in enumerate(quotes):
            si = sent_index(doc, q.open)
            sj = sent_index(doc, max(q.open, q.close - 1))
            lo = sents[si][0] if si >= 0 else doc.body
            if prev is not None and prev.close > lo:
                lo = prev.close
            rlo = q.close
            rhi = sents[sj][1] if sj >= 0 else len(doc.ft)
            if (
                0 <= sj < len(sents) - 1
                and _PUNCT_ONLY_RE.match(doc.ft, rlo, rhi)
                and _ATTRIBUTION_ONLY_RE.match(doc.ft, sents[sj + 1][0], sents[sj + 1][1])
            ):
                # "“... more than me?” Trump said.": a question or an exclamation ends the
                # sentence, and the attribution after it is a sentence of its own.
                rhi = sents[sj + 1][1]
            if idx + 1 < len(quotes) and quotes[idx + 1].open < rhi:
                rhi = max(rlo, quotes[idx + 1].open)
            got = None
            if q.carried:
                # A paragraph the quote goes on through: its speaker is the quote's, unless the
                # words after its closing mark name one ("... as possible," he wrote).
                got = self._attribute_right(rlo, rhi) if q.closed else None
                if got is not None and got[0]:
                    q.speaker, q.ms, q.me, q.how = got[0], got[1], got[2], "explicit"
                prev = q
                continue
            if unspoken(doc, q):
                prev = q  # a title, a term the text names, words on a sign: nobody says them
                continue
            if (
                q.closed
                and _INSIDE_THE_VERB.match(doc.ft, q.close)
                and doc.ft[q.e - 1] not in ",.!?"
            ):
                # "The U.S. “strongly” condemned the attack": words inside the clause, whose
                # subject comes before them; no inverted attribution ("“...,” said X").
                got = self._subject_before(lo, q.open)
            if q.closed and (got is None or not got[0]):
                got = self._attribute_right(rlo, rhi)
                if got is not None and got[0] and _NEW_CLAUSE_RE.match(doc.ft, rlo, rhi):
                    # "X said it bore “...,” while Y warned": Y speaks in the next clause, so
                    # a speaker before the quote goes first.
                    left = self._attribute_left(lo, q.open, sents[si][0] if si >= 0 else lo)
                    got = left if left is not None and left[0] else got
            if got is None or not got[0]:
                got = self._attribute_left(lo, q.open, sents[si][0] if si >= 0 else lo)
            if got is None or not got[0]:
                got = self._labelled_by(lo, q.open) or got
            if (got is None or not got[0]) and _TOLD_BY_RE.search(doc.ft, q.s, q.e):
                # The attribution inside the quote's own paragraph, the closing mark left out or
                # set after it: "... Cameroonian facilities, he said."
                got = self._teller(q.s, q.e) or got
            how = "explicit"
            if (got is None or not got[0]) and prev is not None and _listed_after(doc.ft, prev, q):
                assert prev.ms is not None
                got = (prev.speaker, prev.ms, prev.me or prev.ms)
            if (got is None or not got[0]) and self._same_sentence_after(prev, q, si):
                # "He described the activities of “inimical” forces as a form of “digital
                # terrorism” aimed at ... spreading “lies and fake news”": the words the same
                # sentence goes on quoting, no one else named between, are the same speaker's.
                assert prev is not None and prev.ms is not None
                got = (prev.speaker, prev.ms, prev.me or prev.ms)
            short = len(WORDS_RE.findall(doc.ft, q.s, q.e)) <= SHORT_QUOTE_WORDS
            if (got is None or not got[0]) and not short:
                got = self._adjacent(q, prev, si, lo)
                how = "adjacent"
            if (got is None or not got[0]) and not short:
                label = self.turn_at(q.open)
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
        # A paragraph the quote was carried on into shares the speaker of the one before.
        for q, nxt in itertools.pairwise(quotes):
            if nxt.carried and nxt.speaker is None and q.speaker is not None:
                nxt.speaker, nxt.ms, nxt.me, nxt.how = q.speaker, q.ms, q.me, q.how
        # A paragraph cut because the next one re-opens the quote shares the next one's speaker.
        for i in range(len(quotes) - 2, -1, -1):
            q, nxt = quotes[i], quotes[i + 1]
            if q.continues and q.speaker is None and nxt.speaker is not None:
                q.speaker, q.ms, q.me, q.how = nxt.speaker, nxt.ms, nxt.me, "adjacent"

    def _same_sentence_after(self, prev: Quote | None, q: Quote, si: int) -> bool:
        """Whether `q` goes on the sentence of `prev`, a quote with a speaker, and no name
        outside quotes comes between them."""
        if prev is None or prev.speaker is None or prev.ms is None or si < 0:
            return False
        if sent_index(self.doc, prev.open) != si or prev.carried:
            return False
        between = self.names.in_range(prev.close, q.open)
        return not any(not r.prefix and not self.inside_quote(r) for r in between)

    def _same_pronoun(
        self, got: tuple[str | None, int, int], q: Quote, prev: Quote
    ) -> tuple[str | None, int, int]:
        """ "“...,” he told the BBC. “...,” he added": the same pronoun attributing the quote
        right after, with no one named between, is the same speaker; so is "it" after any
        speaker ("“...,” the report said. “...,” it added")."""
        ft = self.ft
        word = ft[got[1] : got[2]].lower()
        if word == "it" and prev.speaker is not None and prev.me is not None:
            # "“...,” the report said. “...,” it added": the body that spoke last, unless a
            # name comes between outside the quotes.
            between = self.names.in_range(prev.me, got[1])
            near = sent_index(self.doc, q.open) - sent_index(self.doc, prev.me) <= 2
            if near and not any(not self.inside_quote(r) for r in between):
                return prev.speaker, got[1], got[2]
            return got
        if word not in ("he", "she") or prev.speaker is None or prev.ms is None:
            return got
        described = self._described_before(word, q, prev)
        if described is not None:
            return described, got[1], got[2]
        if prev.me is None or ft[prev.ms : prev.me].lower() != word or prev.ms > got[1]:
            return got
        psi = sent_index(self.doc, prev.ms)
        qsi = sent_index(self.doc, q.open)
        if psi < 0 or qsi - psi > 3:
            return got
        sents = sentences_of(self.doc)
        # A sentence between that the same pronoun tells ("Forces loyal to President Assad were
        # shelling the countryside, he said.") is the same speaker's account: the names in it
        # are what he told, not someone new to speak.
        told = [
            (a, b)
            for a, b in sents[psi + 1 : qsi]
            if (m := _TOLD_BY_RE.search(ft, a, b)) is not None and m.group(1).lower() == word
        ]
        if len(told) < qsi - psi - 1:
            return got
        # Whom the first "he" told ("the BBC") is in its own sentence, not between.
        between = self.names.in_range(sents[psi][1], got[1])
        if any(
            r.kind in ("person", None)
            and not r.prefix
            and not self.inside_quote(r)
            and not any(a <= r.s < b for a, b in told)
            for r in between
        ):
            return got
        return prev.speaker, got[1], got[2]

    def _described_before(self, word: str, q: Quote, prev: Quote) -> str | None:
        """ "“...,” explained a member of his political group. “...,” she adds": he or she right
        after a quote whose speaker the text only describes is that speaker, when no one who
        could be a he or she is named between and the description does not say the other
        sex."""
        ft = self.ft
        if prev.ms is None or prev.me is None or not _DESCRIBED_SPEAKER_RE.match(ft, prev.ms):
            return None
        # Right after the quote's end (a quotation of several sentences is as long as it is).
        if sent_index(self.doc, q.open) - sent_index(self.doc, max(prev.me, prev.close - 1)) > 1:
            return None
        if self.gender_of(ft[prev.ms : prev.me]) not in (None, "f" if word == "she" else "m"):
            return None
        # A name between that no he/she could stand for (an organisation, a state, a place:
        # "the PLO moved its base of operations to Beirut") brings in no one else.
        if any(
            not r.prefix
            and not self.inside_quote(r)
            and (r.kind == "person" or (r.kind is None and self._gender(r) is not None))
            for r in self.names.in_range(prev.me, q.open)
        ):
            return None
        return prev.speaker

    def _labelled_by(self, lo: int, hi: int) -> tuple[str | None, int, int] | None:
        """ "its findings were dismissed by police commissioner Major-General Hussein Ali as
        being “rather infantile”": the agent of a verb of labelling is who called it so; and
        "warnings from a senior official that access must be “severely restricted”": whose
        words they are."""
        m = _LABELLED_BY_RE.search(self.ft, max(lo, hi - 200), hi)
        m = m or _WORDS_FROM_RE.search(self.ft, max(lo, hi - 250), hi)
        if m is None:
            return None
        group = "who" if m.start("who") >= 0 else "who2"
        s, e = m.start(group), m.end(group)
        got = self._subject_after(s, e)
        if got is not None and got[0]:
            return got
        # "by police commissioner Major-General Hussein Ali": the name after a role in lower case.
        names = [r for r in self.names.in_range(s, e) if not r.prefix]
        named = [r for r in names if r.kind == "person"] or names
        return (self.resolve_rec(named[0]), named[0].s, named[0].e) if named else None

    def _teller(self, lo: int, hi: int) -> tuple[str | None, int, int] | None:
        """Who the last verb of saying in [lo, hi) has speak ("..., he reminded journalists")."""
        verbs = [vm for vm in self._attribution_verbs(lo, hi) if self._verb_ok(vm, lo)]
        for vm in reversed(verbs):
            got = self._subject_before(lo, vm.start())
            if got is not None and got[0]:
                return got
        return None

    def _adjacent(
        self, q: Quote, prev: Quote | None, si: int, lo: int
    ) -> tuple[str | None, int, int] | None:
        doc = self.doc
        if prev is not None and prev.speaker is not None and prev.ms is not None:
            psi = sent_index(doc, max(prev.open, prev.close - 1))
            if psi >= si - 1:
                return prev.speaker, prev.ms, prev.me or prev.ms
        lead = doc.ft[lo : q.open]
        if not _PUNCT_ONLY_RE.match(lead) or si <= 0:
            return None
        ps, pe = sentences_of(doc)[si - 1]
        if doc.ft[ps:pe].strip() == "CUT" and si >= 2:
            # A broadcast script: "..., he reminded journalists at Tuesday's briefing.\n\nCUT\n\n
            # “Today, that legacy is very much under attack.”": the words after the cut are
            # those of whom the paragraph before it tells speaking.
            return self._teller(*sentences_of(doc)[si - 2])
        i = bisect.bisect_left(self.quote_opens, ps)
        if i < len(self.quote_opens) and self.quote_opens[i] < pe:
            return None  # the sentence before has quotes of its own
        if doc.ft[ps:pe].rstrip().endswith(":"):
            return self._sentence_subject(ps, pe)
        aside = _SAID_ASIDE_RE.search(doc.ft, ps, pe)
        told = self._teller(ps, aside.end()) if aside is not None else None
        if told is not None:
            # "PAF, he said, could have shot down more. “Not a single ...”": whom the sentence
            # that leads in has speak goes on speaking, not that sentence's subject.
            return told
        # "X criticized the decision. “...”": the subject of the sentence that leads in.
        got = self._sentence_subject(ps, pe)
        if got is not None:
            r = self.names.by_start.get(got[1])
            if r is not None and r.kind != "state":
                return got
            if r is None and doc.ft[got[1] : got[2]] in ("He", "She") and got[0]:
                # "Ortiz said this morning. She was on her way to the emergency room. “They
                # grabbed me ...”": whom the pronoun that opens the sentence stands for.
                return got
        return None


def find_quotes(text: str | Doc) -> list[QuoteCue]:
    """Direct quotations with their speakers, in text order.

    Attribution is read in the quote's own sentence first: "..., X said", "said X", "X stated",
    "X told Reuters", "according to X", "X, a spokesman for Y, said", "the PMF stated",
    "..., saying" (the sentence subject) and "X: ...". Surnames resolve to the full name met in
    the text ("Kaabi" -> "Akram al Kaabi"), he/she to the last person named, "the statement" to
    the name that released one. A quote with no attribution of its own (and not ``short``) takes
    the speaker of a quote in the previous sentence, or the subject of a previous sentence that
    introduces it, or the transcript turn it sits in.
    """
    doc = read(text)
    quotes = scan_quotes(doc)
    if not quotes:
        return []
    _Attributor(doc, quotes).run()
    out: list[QuoteCue] = []
    for q in quotes:
        s, e = doc.span(q.s, q.e)
        ss = se = None
        if q.ms is not None and q.me is not None:
            ss, se = doc.span(q.ms, q.me)
        short = len(WORDS_RE.findall(doc.ft, q.s, q.e)) <= SHORT_QUOTE_WORDS
        out.append(QuoteCue(s, e, doc.text[s:e], q.speaker, ss, se, q.closed, short, q.how))
    return out
