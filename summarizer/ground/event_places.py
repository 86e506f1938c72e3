"""Where an event happened: the places an event sentence names, most specific first.

The most specific place the sentence names ("the port town of Mokha" rather than "the Red Sea",
a town before its country), never the country that carried the event out ("Turkey began an
offensive") nor one that only qualifies a noun ("US troops", "Iran's Quds Force"). Places joined
by "and" ("struck Abqaiq and the Khurais oil field") share a group: one event per place. A base,
an airport or a camp is a place whatever its name says; an armed group or a person never is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.extract.candidates import Finds
from summarizer.find.reading import lower_same
from summarizer.find.types import Cue
from summarizer.find.words import (
    COUNTRIES,
    DATELINE_AFTER_CITY,
    DATELINE_BRACKETS,
    DATELINE_CITY,
    DIRECTION,
    NEWS_DASH,
    RELEASE_DASH,
    ROLE_WORDS,
    country_of,
    of_a_country,
)

ARMED = re.compile(
    r"\b(brigades?|battalions?|militias?|resistance|hezbollah|hizballah|kataib|kata'ib|"
    r"harakat|asaib|asa'ib|saraya|front|army|forces|guards?|mobilization|mobilisation|"
    r"islamic state|isis|isil|daesh|al[- ]qaeda|taliban|houthis?|hamas|jihad)\b"
)

_PLACE_NOUN = (
    r"(?:cit(?:y|ies)|towns?|villages?|districts?|provinces?|regions?|governorates?|areas?|ports?|"
    r"streets|islands?)"
)
# A place follows "in", "near", "into", "entered", "the town of" (a direction may come between:
# "into north-eastern Syria").
_PLACE_WORD = re.compile(
    r"\b(?:in|near|at|outside(?:\s+of)?|inside(?:\s+of)?|in\s+front\s+of|across|over|from|into|"
    r"along|"
    # "on the Greek island Kos", "the village Marayan": the place named right after its noun.
    r"(?<=the )(?:[a-z]+ )?(?:island|town|village)|"
    r"around|entered|entering|toward|"
    rf"towards|(?:north|south|east|west) of|(?:[a-z]+ )?{_PLACE_NOUN} of|"
    # "near the north entrance to Rockefeller Plaza", "at the gates of Aleppo's Old City".
    r"(?:entrance|entrances|gates?|outskirts|edge)\s+(?:to|of)|"
    # "the Ukrainian capital, Kyiv"
    r"capital,)\s+(?:(?:the|an?)\s+)?"
    # "in besieged Mariupol", "into rebel-held Idlib"
    rf"(?:(?:{DIRECTION}|downtown|besieged|embattled|war-torn|occupied|[a-z]+-held)\s+)?\Z"
)
# "Speaking in Geneva, Jeremy Laurence ...": where the speaker is, not where the event was.
_SPEAKING_IN = re.compile(r"\b[Ss]peaking\s+(?:in|from|at)\s+(?:the\s+)?\Z")
# "the Red Sea port town of Mokha": "Red Sea" qualifies the town; the place is what follows.
_QUALIFIES = re.compile(rf"\s+(?:[a-z][\w-]*\s+){{0,2}}{_PLACE_NOUN}\s+of\b")
# "Abqaiq and the Khurais oil field", "Tell Tamer and Ain Issa": places side by side.
_AND_BETWEEN = re.compile(r"\s*,?\s+(?:and|or)\s+(?:the\s+)?\Z")
_POSSESSIVE = re.compile(r"['’]s\s")
_PLACE_NOUN_AFTER = re.compile(rf"\s+{_PLACE_NOUN}\b")
# "US troops", "Iran's Quds Force": a country used to qualify a noun is not where things happen.
_QUALIFIED_NOUN = re.compile(
    r"(?:['’]s\b|\s+(?:troops|forces|bases?|military|embassy|consulate|officials?|air ?strikes?|"
    r"airstrikes?|strikes?|personnel|soldiers|government|president|army|navy|drones?|citizens|"
    r"targets|interests|sanctions|diplomats|warplanes|jets|statement|media|service[- ]?members|"
    r"servicemembers|nationals|allies|partners)\b)"
)
# A sentence that opens on where it is: "In North Darfur, ...", "* In the West Bank, ...".
_SCENE = re.compile(r"[\W_]*(?:In|Across|Inside|Elsewhere in)\s+(?:the\s+)?[A-Z][^,.;:\n]{0,40},")
_ARTICLE_END = re.compile(r"\b(?:a|an|the)\s+\Z")
# "a Jerusalem pizzeria" names where; "the Tsarnaevs of", "a Texas woman", "the Bush
# administration" do not.
_LOWER_NOUN = re.compile(
    rf"\s+(?!(?:of|and|or|in|on|at|to|for|from|with|by|who|which|that|{ROLE_WORDS}|"
    r"administration|government|regime|camp|family|families|campaign|team|"
    # "an Oreshnik intermediate-range ballistic missile": a weapon's name.
    r"missiles?|rockets?|drones?|intermediate-range|long-range|short-range|ballistic|"
    r"hypersonic|cruise|"
    # A verb or an adverb after the name makes it the subject ("The Pentagon announced", "the
    # Ukrainians could", "the Ukrainians clearly aren't"), and "post" what it was posted on.
    r"could|would|will|can|may|might|must|should|did|does|says|is|are|has|have|had|"
    # "a Revolution is underway", "the Nazi invasion of the USSR": the name is what is, or who
    # invades ("the Amirbaksh Chawl was raided" is a place the passive hit).
    r"invasion|occupation|"
    r"said|posts?|accounts?|pages?|[a-z-]+ed|[a-z-]+ly)\b)"
    r"[a-z][a-z-]+\b"
)
# A place in a relative clause about the subject: "who served with the 101st Airborne Division
# at Fort Campbell".
_RELATIVE_PLACE = re.compile(r",\s+(?:who|which)\s+[^,;]{0,80}\b(?:at|in)\s+(?:the\s+)?\Z")
# Names of places whatever precedes them: "ones on Balad Air Base".
_FACILITY = re.compile(
    r"\b(?:Air Base|Airbase|Base|Airport|Airfield|Air Field|Support Center|Camp|Port|Harbou?r|"
    r"Garrison|Outpost)$"
)
# Names of sites that are places where a place word precedes them, whatever else they name ("the
# protest at Civic Center Park", "the protests at Sharif University"); not alone ("Sharif
# University said").
_SITE = re.compile(
    r"\b(?:Park|Square|Plaza|Street|Avenue|Road|Boulevard|Stadium|University|Campus|Hospital|"
    r"Mosque|Church|Cathedral|Temple|Market|Bridge|Station|Prison|Hall|Center|Centre)$"
)
# "a killing that the opposition attributes to Syria": whom the event is laid on, not where.
_LAID_ON = re.compile(
    r"\b(?:attribut(?:e|es|ed|ing)|blam(?:e|es|ed|ing)(?:\s+\w+)?\s+on|accus(?:e|es|ed|ing)|"
    r"link(?:s|ed)?|ties)\s+(?:it\s+|them\s+)?(?:to\s+)?(?:the\s+)?\Z"
)


def laid_on(text: str, lo: int, at: int) -> bool:
    """Whether the name at `at` is whom an event is laid on ("a killing that the opposition
    attributes to Syria", "blamed on Hamas"): neither where it happened nor whom it hit."""
    return _LAID_ON.search(lower_same(text[max(lo, at - 30) : at])) is not None


# "strikes on Iran", "a campaign against Iraq": the country hit is where it happened.
_TARGET_WORD = re.compile(r"\b(?:on|against|targeting|targeted|hit|struck)\s+(?:the\s+)?\Z")
# "the United States Embassy in Baghdad", "the Parliament of Iraq": the place inside a name.
_INNER_PLACE = re.compile(r"\s(in|of)\s+(?:the\s+)?(.+)\Z")


@dataclass
class Site:
    """A place an event sentence names."""

    name: str
    start: int
    end: int
    group: int  # places joined by "and" share a group
    weak: bool = False  # a country named after the event word, not given as a place


def sites_of(
    finds: Finds,
    sentence: Cue,
    pivot: int,
    doc_places: set[str],
    hints: dict[str, str | None],
) -> list[Site]:
    """The places an event sentence names, most specific first.

    Places after "in/near/at/into/entered" (and those joined to them by "and"), then names
    given as places elsewhere in the document, towns before countries; then a place inside a
    name ("the Embassy in Baghdad"); then a country the sentence names after its event word
    (at `pivot`: names before it carried the event out).
    A country that carried the event out ("Turkey began"), or that only qualifies a noun ("US
    troops", "Iran's"), is not a place.
    """
    text = finds.text

    def place_like(name: str) -> bool:
        # Named groups and people are not places, even after "in" or "from"; a base, an
        # airport or a centre is one, whatever its name says ("Baghdad Diplomatic Support
        # Center").
        if _facility(name) or _SITE.search(name):
            return True
        if of_a_country(name.split()[-1]):
            # "the Indonesian hospital in Beit Lahiya", "the UN Palestinian refugee agency": a
            # name that ends in an adjective qualifies what follows; it is no place.
            return False
        return hints.get(name) not in ("organization", "person") and not _armed(name)

    names = [
        (n, n.name or n.text)
        for n, _ in finds.names_in(sentence.start, sentence.end)
        if not adjectival(text, n.end)
    ]
    here: list[Site] = []
    previous: Site | None = None
    owned = False  # the name before was a country that owns this one
    group = 0
    for k, (n, key) in enumerate(names):
        before = text[max(sentence.start, n.start - 40) : n.start]
        joined = previous is not None and bool(_AND_BETWEEN.match(text, previous.end, n.start))
        # "in Afghanistan's capital, Kabul", "eastern Afghanistan's Chamkani district": the
        # country qualifies the place named after it.
        owner = (
            (key in COUNTRIES or hints.get(key) == "state")
            and k + 1 < len(names)
            and names[k + 1][0].start - n.end < 40
            and _POSSESSIVE.match(text, n.end) is not None
        )
        if (
            not place_like(key)
            or owner
            or _QUALIFIES.match(text, n.end)
            or _SPEAKING_IN.search(before)
            # "outside the U.S. embassy in Tanzania": the country qualifies the embassy.
            or (
                key in COUNTRIES
                and _QUALIFIED_NOUN.match(text, n.end)
                and not _POSSESSIVE.match(text, n.end)
            )
        ):
            previous = None
            owned = owner
            continue
        qualifier = (
            hints.get(key) is None
            and _ARTICLE_END.search(lower_same(before)) is not None
            and _LOWER_NOUN.match(text, n.end) is not None
        )  # "blew up a Jerusalem pizzeria"
        # "Mali's capital Bamako", "Afghanistan's Chamkani district" (not "Britain's Daily Mail").
        owned = owned and (
            "capital" in before[-12:] or _PLACE_NOUN_AFTER.match(text, n.end) is not None
        )
        at = _PLACE_WORD.search(lower_same(before)) is not None or owned
        owned = False
        if at or joined or _facility(key) or qualifier:
            if not joined:
                group += 1
            site = Site(key, n.start, n.end, group)
            if key not in [s.name for s in here]:
                here.append(site)
            previous = site
        else:
            previous = None
    group += 1
    known = [
        Site(key, n.start, n.end, group + i)
        for i, (n, key) in enumerate(names)
        if key in doc_places
        and place_like(key)
        and key not in [s.name for s in here]
        and n.start >= pivot
        and not laid_on(text, sentence.start, n.start)
    ]
    # "In North Darfur, drone strikes ... in Ghurair": a place that opens the sentence sets the
    # scene; a place the sentence goes on to name is more specific.
    scene = _SCENE.match(text, sentence.start, sentence.end)
    if scene is not None:
        inside = [s for s in here if s.end <= scene.end()]
        here = [s for s in here if s.end > scene.end()] + inside
    # "Zamora, who served with the 101st Airborne Division at Fort Campbell, was killed in
    # Baghdad": where the subject served is told of him, not of the event.
    told_of = [
        s for s in here if s.start < pivot and _RELATIVE_PLACE.search(text, sentence.start, s.start)
    ]
    here = [s for s in here if s not in told_of] + told_of
    ranked = [s for s in here + known if hints.get(s.name) != "state"]
    ranked += [s for s in here + known if hints.get(s.name) == "state"]
    if ranked:
        return ranked
    for n, key in names:
        inner = _INNER_PLACE.search(key)
        # "in" names a place; "of" only when what follows is a place anyway ("of Iraq"); neither
        # in a group's name ("the Islamic Movement of Uzbekistan", "the Islamic Movement in
        # Nigeria" are no places).
        of_place = inner is not None and (
            inner.group(2) in doc_places or inner.group(2) in COUNTRIES
        )
        if inner and (inner.group(1) == "in" or of_place) and not _movement(key):
            return [Site(inner.group(2), n.start, n.end, group + len(names))]
    weak = [
        Site(key, n.start, n.end, group + len(names), weak=True)
        for n, key in names
        if hints.get(key) == "state"
        and n.start >= pivot
        and _TARGET_WORD.search(text, max(sentence.start, n.start - 20), n.start)
        and not _QUALIFIED_NOUN.match(text, n.end)
    ][:1]
    if weak:
        return weak
    # "spread across Iranian cities": the country whose cities, towns or streets they are.
    for m in _PEOPLES_PLACES.finditer(text, sentence.start, sentence.end):
        country = country_of(m.group(1))
        if country is not None:
            return [Site(country, m.start(), m.end(1), group + len(names) + 1)]
    return []


_PEOPLES_PLACES = re.compile(
    r"\b([A-Z][a-z]+)[^\S\r\n]+(?:cities|towns|villages|provinces|regions|streets|territory|"
    r"soil)\b"
)


def _movement(name: str) -> bool:
    return _armed(name) or _MOVEMENT.search(name) is not None


_MOVEMENT = re.compile(r"\b(?:Movement|Party|Organi[sz]ation|Network|Group)\b")


def _armed(name: str) -> bool:
    return ARMED.search(lower_same(name)) is not None


def _facility(name: str) -> bool:
    return _FACILITY.search(name) is not None


def adjectival(text: str, end: int) -> bool:
    """A name used as a modifier ("Iran-backed", "US-designated") is neither actor nor place."""
    return text[end : end + 1] == "-" and text[end + 1 : end + 2].islower()


def places_in(finds: Finds, span: Cue) -> list[str]:
    """Names inside a span that follow "in", "near", "at" and the like."""
    return [n.name or n.text for n, after in finds.names_in(span.start, span.end) if after]


def headline_place(
    title: str | None, doc_places: set[str], hints: dict[str, str | None]
) -> str | None:
    """The one place of the text (`doc_places`, as `places_in` gives them for the whole text)
    that the headline names ("Syrian regime steps up aerial assault on Douma"): where the story
    is, for an event the text dates but does not place. A name the finders take for a person's
    or an organisation's is none ("Jury Finds Dylann Roof Guilty")."""
    if not title:
        return None
    named = {
        p
        for p in doc_places
        if hints.get(p) not in ("person", "organization")
        and re.search(rf"\b{re.escape(p)}\b", title)
    }
    return named.pop() if len(named) == 1 else None


_CITY_THEN = f"({DATELINE_CITY}){DATELINE_AFTER_CITY}{DATELINE_BRACKETS}"
# A news dateline: "BOSTON —", "WASHINGTON (AP) –", "SEOUL, Aug. 20 (Yonhap) --".
_NEWS_DATELINE = re.compile(_CITY_THEN + NEWS_DASH)
# A release's too: "KABUL, Afghanistan (Sept. 1) -".
_ANY_DATELINE = re.compile(_CITY_THEN + RELEASE_DASH)


def dateline_city(finds: Finds, *, releases: bool = False) -> str | None:
    """The city of a dateline that opens the story ("BOSTON — A citizen of ..."), if any; with
    `releases`, a press release's dateline too ("KABUL, Afghanistan (Sept. 1) - "), which tells
    where the release was filed, not where its events happened."""
    pattern = _ANY_DATELINE if releases else _NEWS_DATELINE
    # A release's header lines may come first ("ISAF Joint Command - Afghanistan",
    # "2010-12-S-122", "For Immediate Release").
    for sentence in finds.sentences[:8]:
        m = pattern.match(sentence.text)
        if m is not None:
            return m.group(1)
    return None


# Two places one event names ("Wan Chai and Causeway Bay areas", "Tulchyn and Teplyk, Vinnytsia
# region"): one event at each, as ACLED codes them and as the finders split "in A and B". Two
# names with nothing after them may be a street corner ("at Huérfanos and Ahumada"): kept whole.
_TWO_PLACES = re.compile(
    r"(?P<a>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)\s+and\s+(?P<b>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*?)"
    r"(?:\s+(?i:areas|regions|districts|provinces|states|governorates|cities|towns|villages)|"
    r",\s*[^,]+)"
)


def two_places(location: str | None) -> list[str | None]:
    """A model's place for an event split into the places it joins, or the place alone."""
    m = _TWO_PLACES.fullmatch(location) if location else None
    return [m.group("a"), m.group("b")] if m else [location]


def toll_of(k: int, toll: tuple[int | None, int | None]) -> tuple[int | None, int | None]:
    """The (fatalities, injuries) of the ``k``-th of the events one passage tells at several
    places or days: the toll told for them all is given once, on the first, not counted twice
    over."""
    return toll if k == 0 else (None, None)


__all__ = [
    "ARMED",
    "Site",
    "adjectival",
    "dateline_city",
    "places_in",
    "sites_of",
    "toll_of",
    "two_places",
]
