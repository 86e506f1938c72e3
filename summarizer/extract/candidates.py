"""Candidate spans for one chunk, and the per-document schema whose answers must be among them.

The finders (find/) produce sentences, names, places and quotations with offsets. The model is
then asked a question whose JSON Schema only allows those spans (enums): it can pick and type
sentences and places the text holds, but it cannot write one the document does not contain.

Here: every finder's output for a document (`Finds`), which names are only places, and a chunk's
lists (`Candidates`) with the text that shows them to the model. Which found names are real
names is `name_filter`'s answer; the answer model built from a chunk's lists is `answer_model`'s.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from pydantic import BaseModel

from summarizer.extract.answer_model import build_answer_model
from summarizer.extract.name_filter import real_names
from summarizer.find.acronyms import find_acronyms
from summarizer.find.casualties import find_casualties
from summarizer.find.dates import find_dates
from summarizer.find.hedges import find_hedges
from summarizer.find.names import find_names
from summarizer.find.reading import Doc, lower_same
from summarizer.find.sentences import sentences as find_sentences
from summarizer.find.speakers import find_quotes
from summarizer.find.types import CasualtyCue, Cue, DateCue, HedgeCue, NameCue, QuoteCue
from summarizer.find.words import (
    COUNTRIES,
    DATELINE_BRACKETS,
    DATELINE_CITY,
    DIRECTION,
    HSPACE,
    PLACE_OWNED_AFTER,
    RELEASE_DASH,
    ROLE_WORDS,
    ends_with_word,
)

# Sentences that may report an event: violence, strikes, protests, arrests, agreements.
_EVENT_WORDS = (
    r"attack\w*|strik\w*|struck|drone\w*|missile\w*|rocket\w*|shell(?:ed|ing)|bomb\w*|"
    r"explo\w*|kill\w*|dead|died|wound\w*|injur\w*|clash\w*|fight\w*|battle\w*|raid\w*|"
    r"fired|shot|shoot\w*|assassinat\w*|ambush\w*|target\w*|intercept\w*|launch\w*|"
    r"protest\w*|demonstrat\w*|riot\w*|arrest\w*|detain\w*|abduct\w*|kidnap\w*|"
    r"ceasefire|truce|agreement|seiz\w*|captur\w*|withdr\w*|execut\w*"
)
# Both matched on the lower-cased text (`lower_same`).
EVENT_WORDS = re.compile(rf"\b(?:{_EVENT_WORDS})\b")
PLACE_BEFORE = re.compile(
    r"\b(in|near|at|outside|inside|across|over|from|into|around|north of|south of|east of|"
    r"west of|(?:port |border |market |capital )?(?:city|town|village|district|province|"
    r"region|governorate|area|port) of)\s+(the\s+)?$"
)
MAX_PLACES = 60
MAX_SENTENCES = 120
# The sentences at the head of a chunk, shown to the model whatever they hold (a lead).
LEAD_SENTENCES = 3


@dataclass
class Candidates:
    """What the finders found in one chunk [start, end) of a document."""

    text: str
    start: int
    end: int
    ref_date: str | None
    sentences: list[Cue] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    event_sentences: list[int] = field(default_factory=list)

    @cached_property
    def answer_model(self) -> type[BaseModel]:
        """The model this chunk's answer must fit (`response_model`), built once per chunk:
        planning sends it, grounding checks the answer against it again."""
        return response_model(self)

    @cached_property
    def sentence_ids(self) -> list[str]:
        return [f"S{i + 1}" for i in range(len(self.sentences))]

    @cached_property
    def shown(self) -> list[int]:
        """The sentences the model is shown, by index: the first three and those with an event
        word, the only ones an answer can pick. Without the others the prompt is about half as
        long, and the embedded model spends most of a short document's seconds reading it."""
        return sorted(
            set(range(min(LEAD_SENTENCES, len(self.sentences)))).union(self.event_sentences)
        )

    def sentence(self, sid: str) -> Cue | None:
        try:
            return self.sentences[int(sid[1:]) - 1]
        except (ValueError, IndexError):
            return None


def _range(starts: list[int], start: int, end: int) -> tuple[int, int]:
    """The slice of items (sorted by their ``starts``) that start inside [start, end)."""
    return bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)


@dataclass
class Finds:
    """Every finder's output for a whole document, computed once and shared by its chunks.

    Planning computes them (`compute`) and hands them to grounding with the answers
    (`extract.Drafts`); nothing finds them again by their text.
    """

    text: str
    ref_date: str | None
    sentences: list[Cue]
    names: list[NameCue]
    quotes: list[QuoteCue]
    hedges: list[HedgeCue]
    dates: list[DateCue]
    casualties: list[CasualtyCue]
    acronyms: dict[str, str]
    # The finders' reading of the text, for the finders grounding calls again (mentions, quote
    # spans): they read it instead of the text anew.
    reading: Doc = field(repr=False, compare=False)
    _made: dict[tuple[int, int], Candidates] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def compute(cls, text: str, ref_date: str | None) -> Finds:
        """Every finder run on one reading of `text` (each reuses what the others read)."""
        doc = Doc(text)
        sentences = find_sentences(doc)
        return cls(
            reading=doc,
            text=text,
            ref_date=ref_date,
            sentences=sentences,
            names=real_names(text, find_names(doc), sentences),
            quotes=find_quotes(doc),
            hedges=find_hedges(doc),
            dates=find_dates(doc, ref_date),
            casualties=find_casualties(doc),
            acronyms=find_acronyms(doc),
        )

    @cached_property
    def _name_starts(self) -> list[int]:
        return [n.start for n in self.names]

    @cached_property
    def low(self) -> str:
        """The text lower-cased, once: the place, event-word and date tests read slices of it.

        On their patterns (ASCII letters) a slice of it matches as the slice lower-cased would.
        """
        return lower_same(self.text)

    @cached_property
    def _after_place_word(self) -> list[bool]:
        low, before = self.low, PLACE_BEFORE.search
        return [
            ends_with_word(window, _PLACE_BEFORE_LAST, article=True) and bool(before(window))
            for window in (low[max(0, n.start - 20) : n.start] for n in self.names)
        ]

    @cached_property
    def places_only(self) -> frozenset[str]:
        """Countries and organisations the text names only as places, never as actors.

        "deployed to Yemen", "asylum seekers from Pakistan", "the wars in Iraq and
        Afghanistan", "gathered at the Massachusetts Institute of Technology": a place where
        something happens is no actor. One mention as a subject or object ("Iran launched",
        "aggression from the United States") makes it one.
        """
        place: dict[str, bool] = {}
        prev_end, prev_place, prev_name = 0, False, False
        low = self.low
        for n in self.names:
            key = n.name or n.text
            country = key in COUNTRIES
            before = low[max(0, n.start - 60) : n.start]
            if (
                country
                and prev_place
                and _LIST_GAP.fullmatch(self.text[prev_end : n.start]) is not None
            ):
                here = True  # "in Iraq and Afghanistan": a list of countries goes on
            elif country and prev_name and self.text[prev_end : n.start] == ", ":
                here = True  # "Guantanamo Bay, Cuba": a town's country
            elif country:
                here = (
                    ends_with_word(before, _COUNTRY_PLACE_LAST, article=True)
                    and _COUNTRY_PLACE.search(before) is not None
                )
            else:
                here = (
                    ends_with_word(before, _SITE_PLACE_LAST, article=True)
                    and _SITE_PLACE.search(before) is not None
                )
            if country and _HEADING_AFTER.match(self.text, n.end):
                here = True  # "**Cuba.**" heads a section about a place
            if country and self._dateline_or_header(n):
                here = True
            if country and PLACE_OWNED_AFTER.match(self.text, n.end):
                here = True  # "Syria's capital", "in Syria's civil war": a place that owns one
            place[key] = place.get(key, True) and here
            prev_end, prev_place, prev_name = n.end, here and country, not country
        return frozenset(k for k, v in place.items() if v)

    def _dateline_or_header(self, n: NameCue) -> bool:
        """A country that tells where a story or a release was filed ("KABUL, Afghanistan (Sept.
        1) -", "ISAF Joint Command - Afghanistan" on a line of its own) is named as a place."""
        text = self.text
        city = _DATELINE_CITY_BEFORE.search(text, max(0, n.start - 40), n.start)
        if city is not None and _DATELINE_AFTER.match(text, n.end):
            return True
        return (
            _HEADER_DASH_BEFORE.search(text, max(0, n.start - 10), n.start) is not None
            and _LINE_END.match(text, n.end) is not None
        )

    def names_in(self, start: int, end: int) -> list[tuple[NameCue, bool]]:
        """Names that start inside [start, end), each with whether "in/near/at..." precedes it."""
        lo, hi = _range(self._name_starts, start, end)
        return list(zip(self.names[lo:hi], self._after_place_word[lo:hi], strict=True))

    @cached_property
    def _date_starts(self) -> list[int]:
        return [d.start for d in self.dates]

    @cached_property
    def _casualty_starts(self) -> list[int]:
        return [k.start for k in self.casualties]

    def dates_in(self, start: int, end: int) -> list[DateCue]:
        """Dates that start inside [start, end) (the finder gives them in text order)."""
        lo, hi = _range(self._date_starts, start, end)
        return self.dates[lo:hi]

    def casualties_in(self, start: int, end: int) -> list[CasualtyCue]:
        """Casualty figures that start inside [start, end), in text order."""
        lo, hi = _range(self._casualty_starts, start, end)
        return self.casualties[lo:hi]

    def candidates(self, start: int, end: int) -> Candidates:
        """The candidates inside [start, end), made once: planning and grounding share them.

        The same object is returned each time, so callers read it and never change it.
        """
        made = self._made.get((start, end))
        if made is None:
            made = self._made[(start, end)] = self._candidates(start, end)
        return made

    def _candidates(self, start: int, end: int) -> Candidates:
        inside = [s for s in self.sentences if s.start >= start and s.end <= end]
        c = Candidates(text=self.text, start=start, end=end, ref_date=self.ref_date)
        c.sentences = inside[:MAX_SENTENCES]
        counts: dict[str, int] = {}
        for n, after_place_word in self.names_in(start, end):
            if after_place_word and n.end <= end:
                key = n.name or n.text
                counts[key] = counts.get(key, 0) + 1
        # The most mentioned places when there are too many for a compact enum, in text order.
        kept = set(sorted(counts, key=counts.__getitem__, reverse=True)[:MAX_PLACES])
        c.places = [p for p in counts if p in kept]
        c.event_sentences = [i for i, s in enumerate(c.sentences) if self._has_event_word(s)]
        return c

    @cached_property
    def _event_word_starts(self) -> list[int]:
        # Every event word of the text, in one scan. Each match is one whole word (the
        # alternatives are letters only, between word boundaries), so none hides another.
        return [m.start() for m in EVENT_WORDS.finditer(self.low)]

    def _has_event_word(self, s: Cue) -> bool:
        """Whether the sentence, searched on its own, has an event word."""
        low, a, b = self.low, s.start, s.end
        if (a > 0 and _is_word_char(low[a - 1])) or (b < len(low) and _is_word_char(low[b])):
            # Cut inside a word ("SurvivorsBOSTON"): on its own its edges are word boundaries.
            return EVENT_WORDS.search(low[a:b]) is not None
        starts = self._event_word_starts
        i = bisect.bisect_left(starts, a)
        return i < len(starts) and starts[i] < b


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what \w matches


# A country after these words is where something happens ("in", "deployed to", "en route to",
# "near the border with", "asylum seekers from"; "in nations including ..."). This pattern and
# the next are matched on the lower-cased text.
_PERSON_NOUNS = (
    r"seekers?|immigrants?|refugees?|migrants?|students?|citizens?|nationals?|natives?|"
    r"people|men|women|workers?|visitors?|tourists?|pilgrims?|man|woman|families|family"
)
_COUNTRY_PLACE = re.compile(
    r"(?:\b(?:in|at|near|inside|outside|across|into|to|throughout|within|over|border with|"
    # "flow out of Syria", "leaving Syria for Lebanon", "many parts of Syria", "north and east
    # of Syria".
    r"out of|leaving|fled|fleeing|(?:parts|areas|much) of|(?:north|south|east|west) of|"
    rf"(?:{_PERSON_NOUNS}|{ROLE_WORDS})[^\S\r\n]+from)"
    r"|\b(?:in|to|with|from|across)[^\S\r\n]+(?:[\w\-]+[^\S\r\n]+){0,2}?(?:destinations|"
    r"countries|nations|cities|places|locations|states)[^\S\r\n]+(?:including|such as|like))"
    r"[^\S\r\n]+(?:the[^\S\r\n]+)?"
    # "in northern Afghanistan", "into north-eastern Syria", "in north-west Syria".
    rf"(?:{DIRECTION}[^\S\r\n]+)?$"
)
# An organisation after these words is a site: a campus, an embassy, a bank of a river.
_SITE_PLACE = re.compile(r"\b(?:in|at|near|inside|outside)[^\S\r\n]+(?:the[^\S\r\n]+)?$")
# The last word of each pattern's alternatives, before its "(the )$": a window that ends with
# none of them cannot match (`ends_with_word`), and most windows end with none.
_PLACE_BEFORE_LAST = tuple("in near at outside inside across over from into around of".split())
_COUNTRY_PLACE_LAST = tuple(
    "in at near inside outside across into to throughout within over with from including as "
    "like northern southern eastern western central north south east west of leaving fled "
    "fleeing".split()
)
_SITE_PLACE_LAST = tuple("in at near inside outside".split())


_LIST_GAP = re.compile(r"[^\S\r\n]*(?:,|,?[^\S\r\n]+(?:and|or))[^\S\r\n]+(?:the[^\S\r\n]+)?")
_HEADING_AFTER = re.compile(r"\.?[^\S\r\n]*\*\*")
# A dateline's country after its city, then the day or the outlet in brackets and a dash:
# "KABUL, Afghanistan (Sept. 1) - ", "Kabul, Afghanistan (Sept. 2) - ".
_DATELINE_CITY_BEFORE = re.compile(
    rf"(?<![\w’'.-])(?:{DATELINE_CITY}|[A-Z][\w’'.-]*(?:[ -][A-Z][\w’'.-]*)*),{HSPACE}*\Z"
)
_DATELINE_AFTER = re.compile(rf"{HSPACE}*{DATELINE_BRACKETS}{RELEASE_DASH}")
# A release's header that ends on the country it was issued in: "ISAF Joint Command -
# Afghanistan".
_HEADER_DASH_BEFORE = re.compile(rf"{HSPACE}+[-–—]{HSPACE}+\Z")
_LINE_END = re.compile(r"[^\S\r\n\u2028]*(?:[\r\n\u2028]|\Z)")


def response_model(c: Candidates) -> type[BaseModel]:
    """A pydantic model whose JSON Schema allows only this chunk's spans (Literal enums).

    Built once per chunk (`Candidates.answer_model`), which planning and grounding share.
    """
    event_ids = tuple(c.sentence_ids[i] for i in c.event_sentences)
    sentence_ids = tuple(c.sentence_ids[i] for i in c.shown)
    return build_answer_model(tuple(c.places), sentence_ids, event_ids)


def render_lists(c: Candidates) -> str:
    """The places an event may be placed at, listed after the document."""
    return "Places: " + ("; ".join(c.places) if c.places else "(none)") + "\n"


def numbered(c: Candidates) -> str:
    """The chunk's shown sentences, numbered by their place in the chunk, one per line."""
    return "\n".join(
        f"[{c.sentence_ids[i]}] {' '.join(c.sentences[i].text.split())}" for i in c.shown
    )
