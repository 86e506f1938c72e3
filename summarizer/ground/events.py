"""Events of the spans strategy: which sentences report something that happened, and who did it.

The model may pick event sentences; the text decides the rest. A sentence whose own words report
violence (or a vote, a withdrawal, a deployment) and that carries a day, a toll or a place is an
event. Its day is decided in `event_dates.py` (the sentence's own, a relative phrase, the event
it refers back to, the day named earlier in its paragraph); its places in `event_places.py`. A
sentence that names several places joined by "and" ("struck Abqaiq and the Khurais oil field")
reports one event per place, as ACLED codes them. A sentence that refers back and only adds a
place fills in the event it refers to instead of repeating it. Names before the event word
carried it out, names after it were hit (`participants.participants`); `roles.sort_roles` then
moves announcers and victims out of the actors.
"""

from __future__ import annotations

import re
from typing import Any

from summarizer.core.fold import fold
from summarizer.core.schemas import (
    Actor,
    Event,
    Evidence,
)
from summarizer.extract.candidates import Finds
from summarizer.extract.name_filter import is_headline
from summarizer.find.reading import lower_same
from summarizer.find.types import Cue
from summarizer.ground.claims import claimed
from summarizer.ground.event_dates import RELATIVE_DAY, own_days, place_days, sentence_day
from summarizer.ground.event_places import (
    Site,
    dateline_city,
    headline_place,
    places_in,
    sites_of,
    toll_of,
)
from summarizer.ground.event_types import STATE_ACTS, sentence_status, sentence_type
from summarizer.ground.participants import Mentions, described_doer, participants
from summarizer.ground.plain import short, sub_event_type
from summarizer.ground.roles import hit_phrases, sort_roles
from summarizer.ground.voice import Voices, first_person_act

# Words that make a sentence report an event (and split its doers from its targets).
_STRONG_WORDS = (
    r"attack(s|ed|ing)?|strikes?|struck|air ?strikes?|airstrikes?|drones?|"
    r"missiles?(?! defen[cs]e)|"
    r"rockets?|shell(ed|ing)|bomb(s|ed|ing)|explosions?|killed|killing|wounded|injured|striking|"
    r"clash(es|ed)?|raid(s|ed)?|ambush(ed)?|protest(s|ed|ers|ors)?|arrest(s|ed)?|detain(s|ed)?|"
    r"abduct(ed|ion)|intercept(ed|ions?)|shot( down)?|assassinat\w+|martyrdom|died|"
    r"gunmen|offensive|invad(ed|ing)|invasion|stormed|storming|(?<=to )storm|assaulted|captured|"
    r"seized|targeted|"
    r"vot(ed|es)|referendum|withdrawal|withdrew|deploy(ed|ing)|entered(?!\s+into\b)|stampede|deaths?|"
    r"funerals?|crash(ed|es)?|sentenced|convicted|found guilty|pleaded( not)? guilty|indicted|"
    r"questioned|interrogated|"
    # Killings, arson, crowd violence and protests in their own words.
    r"murder(?:s|ed)?|beheaded|executed|tortured|lynched|stabbed|looted|torched|burnt|"
    r"set\s+fire\s+to|set\s+on\s+fire|set\s+ablaze|tear\s?gas|firefights?|gunfights?|gunfire|gun\s+battles?|"
    r"marched|marchers|(?<=a )march(?!\s+\d)|demonstrations?|demonstrators|"
    # A rally, not "to rally the international community" nor a campaign's ("a campaign rally",
    # "holding up to five rallies a day").
    r"(?<!to )(?<!campaign )(?<!election )rall(?:y|ies)"
    r"(?!\s+(?:the|behind|around|support|a\s+day)\b)|"
    r"riot(?:s|ed|ing)?|kidnapp(?:ed|ing)|blockad(?:ed|es|e)|"
    # "hit an ambulance", "hit the Indonesian hospital": a place or vehicle hit, not a hard hit.
    r"hit(?=\s+(?:an?|the|several|two|three|four|five)\s+(?:[\w-]+\s+){0,2}?(?:ambulances?|"
    r"hospitals?|schools?|buildings?|houses?|homes?|cars?|vehicles?|convoys?|camps?|shelters?|"
    r"markets?|mosques?|churches|church|clinics?|villages?|towns?|bases?|ports?|stations?|"
    r"facilit(?:y|ies)|plants?|infrastructure|targets?|sites?|positions?|depots?|airfields?|"
    r"airports?|launchers?|radars?|warehouses?|bridges?)\b)|"
    # Atrocities said to be done by someone, not atrocities at large.
    r"atrocit(?:y|ies)(?=\s+(?:committed|perpetrated|carried\s+out)\b)|"
    # Acts of state (sanctions imposed, a border closed, a resolution adopted).
    rf"{STATE_ACTS}"
)
STRONG = re.compile(rf"\b(?:{_STRONG_WORDS})\b")
_EVENT_NOUN_WORDS = (
    r"attacks?|strikes?|air ?strikes?|airstrikes?|bombings?|bombs?|explosions?|blasts?|raids?|"
    r"shootings?|shelling|stampede|assaults?|ambush(?:es)?"
)
# Event words that only refer to an event told elsewhere or name it as a time ("three days after
# the bombing", "Saturday's terror attack", "where the explosions occurred", "These August 15
# attacks") or as a modifier ("the bombing suspects"), or as what the event answers ("follows
# rocket attacks", "in response to attacks on Iran"), or speak of attacks in general ("previous
# terrorist attacks"): they neither make a sentence an event nor give its type.
_REFERENCE_RULES = (
    rf"(?:after|before|since|following)\s+the\s+(?:[\w,-]+\s+){{0,4}}?(?:{_EVENT_NOUN_WORDS})"
    # "since Hariri's assassination": an event named by whom it befell or who did it.
    rf"|(?:after|before|since|following)\s+(?:[\w.’'-]+\s+){{0,3}}?[\w.’'-]+['’]s\s+"
    rf"(?:[\w-]+\s+)?(?:{_EVENT_NOUN_WORDS}|assassination|killing|murder|arrest)"
    rf"|(?:follows|in\s+response\s+to|in\s+retaliation\s+for)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?(?:{_EVENT_NOUN_WORDS})"
    rf"|(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|(?:last\s+)?(?:year|week)|"
    rf"month)['’]s\s+(?:[\w-]+\s+){{0,2}}?(?:{_EVENT_NOUN_WORDS})"
    rf"|(?:where|when)\s+the\s+(?:{_EVENT_NOUN_WORDS})\s+(?:occurred|happened|took\s+place)"
    rf"|(?:these|those)\s+(?:[a-z]+\s+\d{{1,2}}(?:,\s+\d{{4}})?,?\s+)(?:{_EVENT_NOUN_WORDS})"
    rf"|(?:{_EVENT_NOUN_WORDS})\s+(?:suspects?|victims?|survivors?|probe|investigation|trial|case)"
    rf"|(?:previous|past|prior|future|possible|potential|such|similar)\s+(?:[\w-]+\s+)?"
    rf"(?:{_EVENT_NOUN_WORDS})"
    # "The Taliban called it a “revenge attack” for US airstrikes": a name given to an event
    # told before.
    rf"|(?:called|calling|described|describing|termed|dubbed)\s+(?:it|this|that|them)\s+"
    rf"(?:as\s+)?(?:an?\s+)?[“\"]?(?:[\w-]+\s+){{0,2}}?(?:{_EVENT_NOUN_WORDS})"
)
_REFERENCE = re.compile(rf"\b(?:{_REFERENCE_RULES})\b")
# Sentences that deny or only blame: "No Coalition troops were injured", "not reported".
_NOT_AN_EVENT = re.compile(
    r"\b(no(ne)?\b[^.]{0,40}\b(were|was) (killed|injured|wounded|hurt|reported)|"
    r"(are|were|was|is) not reported|blamed)\b"
)
# A commemoration with no toll of its own tells of no new event: "a moment of somber
# reflection for the victims", "The memorial marked 25 years since the death of".
_COMMEMORATION = re.compile(
    r"\b(?:remember(?:ed|ing|s)?|commemorat\w*|anniversary|reflection|honou?r(?:ed|ing|s)?|"
    r"mourn(?:ed|ing|s)?|mark(?:ed|s)? \w+ years)\b"
)
# A link's address, whose words are no part of the sentence ("[killed](https://...)").
_LINK = re.compile(r"\(https?://[^)\s]*\)|https?://\S+")
# Nouns that name an event, so that a later sentence can refer back to it.
_EVENT_NOUNS = (
    r"attacks?|strikes?|air ?strikes?|airstrikes?|bombings?|explosions?|blasts?|raids?|"
    r"shelling|stampede|assault|ambush|shooting"
)
_EVENT_NOUN = re.compile(rf"\b({_EVENT_NOUNS})\b")
# "The attacks occurred at 4 a.m.", "the stampede, which occurred in Kerman": an event already told.
_ANAPHOR = re.compile(
    rf"\b(?:the|this|that|these|those)\s+(?:[a-z][\w-]*\s+){{0,2}}?({_EVENT_NOUNS})\b"
)
_FAMILY = {"air": "strike", "airstrike": "strike", "bombing": "bomb", "explosion": "blast"}
# "in the same area": the place of the event told just before.
_SAME_PLACE = re.compile(r"\bin the same (area|place|town|city|village|district|region|location)\b")


def build_events(
    finds: Finds,
    picked: list[tuple[Cue, Any]],
    actors: list[Actor],
    hints: dict[str, str | None],
    title: str | None = None,
) -> list[Event]:
    """The events of a document, from the model's picked sentences and the finders; `title`
    is the document's headline, if known."""
    text = finds.text
    index = Mentions(actors)
    # Each sentence read once for every test below (picks are sentences of the finds): its
    # words with references to other events blanked, and where its first event word starts.
    plains = {s.start: _plain(s.text) for s in finds.sentences}
    verbs = {start: _event_word(plain) for start, plain in plains.items()}
    picks: dict[int, Any] = {}
    for sentence, pick in picked:
        picks.setdefault(sentence.start, pick)
    doc_places = set(places_in(finds, Cue(0, len(text), text)))
    found: dict[int, list[Site]] = {}  # each sentence's places, worked out once
    chosen: dict[int, tuple[Cue, Any]] = {}
    for sentence in finds.sentences:
        # A sentence whose own words report an event is an event, the model's pick or not (the
        # pick then gives what the words leave open); a quotation-only or question sentence is
        # not.
        if verbs[sentence.start] is None:
            continue
        if sentence.text.rstrip().endswith("?") or _NOT_AN_EVENT.search(lower_same(sentence.text)):
            continue
        if is_headline(sentence.text):
            continue  # a headline announces the story; its sentences report the events
        if _TABLE_ROW.fullmatch(sentence.text.strip()):
            continue  # "Total reported killed: 294 - 673": a table's figure, not an event
        has_toll = bool(finds.casualties_in(sentence.start, sentence.end))
        if not has_toll and _COMMEMORATION.search(_LINK.sub(" ", lower_same(sentence.text))):
            continue
        # Without a day, a toll or a place a sentence is commentary ("proxies have responded
        # with attacks"), not a reportable event.
        has_date = bool(own_days(finds, sentence, plains[sentence.start]))
        has_date = has_date or bool(RELATIVE_DAY.search(lower_same(sentence.text)))
        if not has_date and not has_toll:
            pivot = _pivot(sentence, verbs[sentence.start])
            found[sentence.start] = sites_of(finds, sentence, pivot, doc_places, hints)
        if not (has_date or has_toll or found[sentence.start]):
            continue
        chosen[sentence.start] = (sentence, picks.get(sentence.start))

    told: list[Event] = []
    last_iso: str | None = None
    dateline = dateline_city(finds)
    headline = headline_place(title, doc_places, hints)
    voices = Voices(finds, actors)
    for start in sorted(chosen):
        sentence, pick = chosen[start]
        inside, plain = sentence.text, plains[start]
        dates = own_days(finds, sentence, plain)
        antecedent = _antecedent(inside, told) if not dates else None
        if antecedent is None and told and _IT_WAS.match(inside):
            # "It was the second bloody terrorist attack to hit Volgograd in as many days": the
            # event told just before, told again.
            antecedent = len(told) - 1
        before = told[antecedent] if antecedent is not None else None
        iso, date_text = sentence_day(
            finds, sentence, dates, last_iso, (before.date, before.date_text) if before else None
        )
        if iso is None and told and told[-1].date == finds.ref_date and _BULLET.match(inside):
            # A flash update's list: "* At around 10:45, Israeli forces began striking ...
            # * During airstrikes, Israeli forces hit the Indonesian hospital": an undated item
            # of a list whose item before is on the report's day is on that day too (not an
            # item of a timeline, whose items each have their own day).
            if "\n\n" not in text[told[-1].evidence.end or 0 : sentence.start]:
                iso, date_text = told[-1].date, told[-1].date_text
        last_iso = iso or last_iso

        sites = found.get(sentence.start)
        if sites is None:
            sites = sites_of(finds, sentence, _pivot(sentence, verbs[start]), doc_places, hints)
        model_place = getattr(pick, "location", None) if pick is not None else None
        if before is not None and all(s.weak for s in sites):
            # "The attack wounded three U.S. service members": no place of its own.
            sites = []
            if before.location and before.date == iso:
                sites = [Site(before.location, 0, 0, 0)]
        places: list[str | None]
        own_place = True  # the place is the sentence's own, or the model's
        if sites:
            # The text's own place first: the model may only pick a name, not a better one.
            first = sites[0]
            side_by_side = [
                s.name for s in sites if s.group == first.group and hints.get(s.name) != "state"
            ]
            places = list(side_by_side) if len(side_by_side) > 1 else [first.name]
        elif model_place is not None:
            places = [model_place]
        elif _SAME_PLACE.search(inside) and told:
            places = [told[-1].location]
        elif dateline is not None and (iso is not None or date_text is not None):
            places = [dateline]  # "BOSTON — ... the April 15, 2013, attack": where it is told
        elif headline is not None and (iso is not None or date_text is not None):
            places = [headline]  # dated, placed nowhere in its sentence: where the story is
            # Nor does it keep a party the sentence names from having done it ("Fars reported
            # Iran issued arrest warrants" under the headline "Iran issues arrest warrants").
            own_place = False
        else:
            places = [None]

        tolls = finds.casualties_in(sentence.start, sentence.end)
        killed = [k.count for k in tolls if k.kind == "killed"]
        injured = [k.count for k in tolls if k.kind == "injured"]
        fatalities = max(killed) if killed else None
        injuries = max(injured) if injured else None
        toll = (fatalities, injuries)
        pairs = place_days([d for d in dates if d.iso], sites)
        if len(pairs) > 1:
            # "attacks on Balad Air Base on April 4 and May 3, Al-Asad Air Base on May 4":
            # one event per place and day, each day with the place named before it.
            told += [
                _event(
                    sentence, plain, verbs[start], pick, index, p, (d.iso, d.text),
                    toll_of(k, toll), voices, clause=_clause_of(sentence, d.start),
                )
                for k, (p, d) in enumerate(pairs)
            ]  # fmt: skip
            last_iso = pairs[-1][1].iso or last_iso
            continue

        if antecedent is not None and before is not None and len(places) == 1:
            # A sentence that refers back and adds a place or a toll completes that event.
            if before.date == iso and (before.location is None or before.location == places[0]):
                told[antecedent] = before.model_copy(
                    update={
                        "location": before.location or places[0],
                        "fatalities": before.fatalities
                        if before.fatalities is not None
                        else fatalities,
                        "injuries": before.injuries if before.injuries is not None else injuries,
                    }
                )
                continue
        if antecedent is not None and _retold(plain):
            continue  # "The attack was claimed by ...": the event told before, told again

        new = [
            _event(
                sentence, plain, verbs[start], pick, index, p, (iso, date_text),
                toll_of(k, toll), voices, own_place=own_place,
            )
            for k, p in enumerate(places)
        ]  # fmt: skip
        if told and told[-1].actors and _INCLUDED.match(inside):
            # "Russian forces launched 1,100 drones ... This includes an Oreshnik missile that
            # targeted Lviv": a part of the attack told before, by the same hands.
            new = [
                e.model_copy(update={"actors": told[-1].actors, "actor_unknown": False})
                if not e.actors
                else e
                for e in new
            ]
        told += new
    return claimed(finds, told, index)[0]


# A label and its figures alone on a line: a row of a table of totals.
_TABLE_ROW = re.compile(r"[A-Z][\w ,()'’-]{0,60}:\s*[\d,.]+(?:\s*[-–]\s*[\d,.]+)?\s*\+?")
_IT_WAS = re.compile(r"[\W_]*(?:It|This|That)\s+(?:was|is)\s+(?:the|a|an)\s")
# An item of a list: "* ", "- ", "• " at the start of its line.
_BULLET = re.compile(r"[*•-][^\S\r\n]+\S")
# A sentence that goes on with a part of what the sentence before told.
_INCLUDED = re.compile(r"[\W_]*(?:This|It|These|That)\s+(?:also\s+)?(?:includes?|included)\b")


def _event(
    sentence: Cue,
    plain: str,
    verb: int | None,
    pick: Any,
    actors: Mentions,
    place: str | None,
    day: tuple[str | None, str | None],
    toll: tuple[int | None, int | None],
    voices: Voices,
    *,
    clause: Cue | None = None,
    own_place: bool = True,
) -> Event:
    """One event of a sentence: its type and status from its words, who did it and to whom.
    `plain` is the sentence with its references to other events blanked out (`_plain`), `verb`
    where its first event word starts (`_event_word`). Where the sentence tells each of its
    events in a clause of its own, `clause` is this one's: who did it and to whom are read
    there."""
    event_type = sentence_type(plain, getattr(pick, "event_type", None), day[1])
    told = sentence  # where who did it and to whom are read
    if clause is not None and clause != sentence:
        clause_verb = _event_word(_plain(clause.text))
        if clause_verb is not None:
            told, verb = clause, clause_verb
    inside = told.text
    pivot = _pivot(told, verb)
    doers, hit = participants(told, actors, place if own_place else None, pivot)
    # Never the party that only announced it, never the one it hit.
    roles = sort_roles(
        doers,
        [t for t in hit if t not in doers],
        inside,
        battle=event_type == "Battles",
        forms={a.name: [a.name, *a.aliases] for a in actors.actors if a.name in doers},
    )
    doers, hit = roles.actors, roles.targets
    sides = _sides(told, pivot, actors)
    if sides:
        # "clashes between pro-democracy protesters and security forces": both sides fought.
        doers, hit = sides, [t for t in hit if t not in sides]
    if not doers and first_person_act(told, pivot):
        # "we have imposed restrictions": the party the words speak for did it.
        party = voices.at(pivot)
        if party is not None:
            doers, hit = [party], [t for t in hit if t != party]
    if not doers:
        # "Gunmen killed at least 27 people": a body the text describes, not names, did it.
        body = described_doer(told, pivot)
        if body is not None:
            # Nor the party the body belongs to ("NYPD officers": not the NYPD).
            own = {fold(body), *fold(body).split()}
            doers, hit = [body], [t for t in hit if fold(t) not in own]
    # What was hit as the sentence words it, where no party it names says so already.
    named = [fold(n) for n in [*doers, *hit, *roles.announcers, *roles.victims]]
    for phrase in hit_phrases(inside):
        key = fold(phrase)
        if not any(key in n or n in key for n in named):
            hit.append(phrase)
            named.append(key)
    return Event(
        date=day[0],
        date_text=day[1],
        location=place,
        event_type=event_type,
        sub_event_type=sub_event_type(event_type, sentence.text),
        description=short(sentence.text),
        actors=doers[:4],
        # "an unknown party conducted an airstrike", "no group has claimed": who did it is not
        # known, and no one is named for it.
        actor_unknown=not doers and _UNKNOWN_DOER.search(inside) is not None,
        targets=hit[:4],
        fatalities=toll[0],
        injuries=toll[1],
        status=sentence_status(sentence.text),
        evidence=Evidence(
            text=sentence.text, start=sentence.start, end=sentence.end, verified=True
        ),
    )


# "clashes between the residents of the area and members of the police", "fighting between
# government forces and Rwanda-backed M23 militia": the two sides of a fight.
_BETWEEN_SIDES = re.compile(
    r"(?:clash(?:es|ed)?|fighting|battles?|skirmish(?:es)?|confrontations?|gun\s?battles?|"
    r"firefights?)\s+(?:[\w-]+\s+){0,3}?between\s+(?P<a>[^,.;:\n]{2,60}?)\s+and\s+"
    r"(?P<b>[^,.;:\n]{2,60}?)(?=[,.;:]|\s+(?:in|on|at|that|which|who|over|near|after|following|"
    r"since|shook|broke|erupted|left|killed|have|has|had|was|were)\b|\s*\Z)"
)
_SIDE_HEAD = re.compile(r"\A(?:the\s+)?(?:members\s+of\s+(?:the\s+)?)?")
# "clashes between police and refugees": a fight the text tells as one, whose weaker side the
# readers take for its victims; left to the other rules.
_HARMED_SIDE = re.compile(
    r"\b(?:refugees|migrants|asylum\s+seekers|civilians|children|women|worshippers|detainees|"
    r"prisoners|inmates|patients)\b",
    re.I,
)


def _sides(told: Cue, pivot: int, actors: Mentions) -> list[str]:
    """The two sides of a fight the event word names ("clashes between A and B"): the parties
    the text names in each, or each as the text describes it."""
    m = _BETWEEN_SIDES.match(told.text, max(0, pivot - told.start))
    if m is None or _HARMED_SIDE.search(m.group("a")) or _HARMED_SIDE.search(m.group("b")):
        return []
    sides: list[str] = []
    for group in ("a", "b"):
        lo, hi = told.start + m.start(group), told.start + m.end(group)
        named = [actors.actors[a].name for _, _, a in actors.within(lo, hi)]
        if named:
            sides += [n for n in named if n not in sides]
            continue
        words = _SIDE_HEAD.sub("", m.group(group), count=1).split(" of ")[0].strip()
        if words and words not in sides:
            sides.append(words)
    return sides


def _clause_of(sentence: Cue, at: int) -> Cue:
    """The clause of a sentence that holds offset `at`, between semicolons ("On July 8, ...
    killed in a military crackdown; and on July 27, ... killed by police"): the whole sentence
    when it has none."""
    rel = at - sentence.start
    lo = sentence.text.rfind(";", 0, rel) + 1
    hi = sentence.text.find(";", rel)
    hi = len(sentence.text) if hi < 0 else hi
    return Cue(sentence.start + lo, sentence.start + hi, sentence.text[lo:hi])


def _antecedent(sentence: str, told: list[Event]) -> int | None:
    """The index of the event a sentence refers back to ("the attacks", "the stampede"), if any.

    The latest event told with a word of the same family wins ("the airstrike" refers to
    "killed ... in an airstrike", not to "the December 31 attack" told in between); else the
    latest dated event.
    """
    m = _ANAPHOR.search(lower_same(sentence))
    if m is None or not told:
        return None
    family = _family(m.group(1))
    for i in range(len(told) - 1, -1, -1):
        said = told[i].evidence.text  # the sentence that told it
        if any(_family(w.group(1)) == family for w in _EVENT_NOUN.finditer(lower_same(said))):
            return i
    return next((i for i in range(len(told) - 1, -1, -1) if told[i].date), None)


def _retold(plain: str) -> bool:
    """Whether a sentence's only event words refer back to an event already told ("The attack
    was claimed by the Houthis in Yemen", "we will not be deterred by these attacks"): with
    those blanked, no word of its own reports an event. `plain` is the sentence as `_plain`
    gives it."""
    own = _ANAPHOR.sub(lambda m: " " * len(m.group()), lower_same(plain))
    return STRONG.search(own) is None


def _family(noun: str) -> str:
    word = noun.lower().replace(" ", "")
    word = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    return _FAMILY.get(word, word)


def _pivot(sentence: Cue, verb: int | None) -> int:
    """Where a sentence's first event word starts (its end when it has none; `verb` is
    `_event_word`'s answer): names before it carried the event out, names after it were hit."""
    return sentence.start + (verb if verb is not None else len(sentence.text))


# "During airstrikes, ", "Amid the shelling, ": a phrase that opens a sentence, and the verbs
# that tell the act after it (both matched on the lower-cased text).
_OPENING_PHRASE = re.compile(
    r"\W*(?:during|amid|amidst|in|after|following|despite)\b[^,.;:]{1,60},"
)
_ACT_AFTER_OPENING = re.compile(rf"\b(?:{_STRONG_WORDS}|hit|hits|fired|launched|began)\b")


def event_pivot(sentence: Cue) -> int:
    """Where the first word of a sentence that reports an event starts (the sentence's end when
    it has none): what comes before it did the event, what follows was hit."""
    return _pivot(sentence, _event_word(_plain(sentence.text)))


def _event_word(plain: str) -> int | None:
    """Where a sentence's first event word starts, if it has one (`plain`: as `_plain` gives
    the sentence). One in an opening phrase ("During airstrikes, Israeli forces hit ...") only
    sets the scene: the first after that phrase counts, when there is one."""
    low = lower_same(plain)
    opening = _OPENING_PHRASE.match(low)
    verb = _ACT_AFTER_OPENING.search(low, opening.end()) if opening else None
    verb = verb or next((m for m in STRONG.finditer(low) if not _in_a_name(plain, m)), None)
    return verb.start() if verb else None


# A capitalised word inside a run of them, mid-sentence: part of a name ("the recent “Drone
# Summit” held in Washington"), not a word that reports an event.
_NAME_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)+")


def _in_a_name(plain: str, m: re.Match[str]) -> bool:
    if not plain[m.start()].isupper() or not plain[: m.start()].strip(' \t"“*•-'):
        return False
    return any(r.start() <= m.start() and m.end() <= r.end() for r in _NAME_RUN.finditer(plain))


def _plain(sentence: str) -> str:
    """A sentence with its references to other events blanked out (offsets and case kept)."""
    low = lower_same(sentence)
    if _REFERENCE.search(low) is None:
        return sentence
    out = sentence
    for m in _REFERENCE.finditer(low):
        out = out[: m.start()] + " " * (m.end() - m.start()) + out[m.end() :]
    return out


# The text says who did it is not known.
_UNKNOWN_DOER = re.compile(
    r"\b(?:unknown|unidentified)\s+(?:party|parties|attackers?|assailants?|gunmen|"
    r"perpetrators?|group|drones?|aircraft|planes?|jets?)\b"
    r"|\bno\s+(?:group|one|party)\s+(?:has\s+|had\s+)?(?:yet\s+|immediately\s+)?claimed\b"
    r"|\bnot\s+(?:immediately\s+)?clear\s+who\b",
    re.I,
)


def hints_of(finds: Finds) -> dict[str, str | None]:
    """Each name's kind hint (the first one given)."""
    hints: dict[str, str | None] = {}
    for n in finds.names:
        key = n.name or n.text
        if hints.get(key) is None:
            hints[key] = n.kind_hint
    return hints


__all__ = ["STRONG", "build_events", "event_pivot", "hints_of"]
