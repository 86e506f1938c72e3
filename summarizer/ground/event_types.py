"""What kind of event a sentence tells, and how sure the text is of it: the finders' ACLED type
from the sentence's own words (a court's act first, then the type words, else the model's, else
one-sided violence where no weapon from afar, attack or armed men hit are named), and its status
("claimed", "alleged", ...). Read by the spans strategy's events (`ground.events`).
"""

from __future__ import annotations

import re

from summarizer.core.schemas import EventStatus, EventType
from summarizer.find.reading import lower_same

# Acts of state that are strategic developments: "is designating", "imposed sanctions", "closed
# the Allenby Bridge crossing", "adopted the resolution", "declared a state of war alert" (not
# "28 schools designated as shelters", "a US-designated group", "exams postponed").
STATE_ACTS = (
    r"(?<![\w-])designat(?:es|ing|ion\s+of)|(?<![\w-])designated\s+(?!as\b)|sanctioned|imposed|"
    r"postponed\s+(?:the\s+)?(?:elections?|votes?|referendum|polls|talks)|demolish(?:ed|es|ing)|"
    r"vetoed|"
    r"reopened|"
    r"adopted\s+(?:\w+\s+){0,3}?resolution|"
    r"declared\s+(?:an?\s+|the\s+)?(?:unilateral\s+)?[“\"]?(?:state\s+of|ceasefire|cease-fire|truce|"
    r"war|curfew|emergency|"
    r"martial\s+law)|"
    r"closed\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:crossings?|borders?|checkpoints?|airports?|"
    r"airspace|ports?|roads?)"
)
# Event types a sentence's own words make plain, most specific first.
_TYPE_RULES: list[tuple[EventType, re.Pattern[str]]] = [
    (
        "Explosions/Remote violence",
        re.compile(
            r"\b(drones?|air ?strikes?|airstrikes?|air raids?|missiles?|rockets?|shell(ing|ed)|"
            r"artillery|mortars?|bomb(s|ing|ed)?|suicide bombers?|explosions?|explosives?|ieds?|"
            r"blasts?|grenades?|shot down|"
            r"blew\s+(up|(him|them)sel(f|ves)\s+up))\b"
        ),
    ),
    (
        "Battles",
        re.compile(
            r"\b(clash(es|ed)?|fighting|battles?|gunfights?|firefights?|shoot-?outs?|"
            r"gun ?battles?)\b"
        ),
    ),
    (
        "Violence against civilians",
        re.compile(
            r"\b(massacre\w*|atrocit\w*|abduct\w*|kidnap\w*|hijack\w*|executed|murder\w*|"
            r"beheaded|tortured|lynched|civilians? (were )?killed)\b"
        ),
    ),
    (
        "Protests",
        re.compile(
            r"\b(protest\w*|demonstrat\w*|rall(y|ies)|marche[rd]s?|(?<=a )march|processions?)\b"
        ),
    ),
    ("Riots", re.compile(r"\b(riot\w*|mob|looted|looting|torched)\b")),
    (
        "Strategic developments",
        re.compile(
            r"\b(arrest\w*|detain\w*|ceasefire|truce|agreement|seiz\w*|withdr\w*|vot(e|ed|es|ing)|"
            r"referendum|deploy\w*|entered|stampede|sentenced|convicted|found guilty|"
            r"pleaded( not)? guilty|indicted|questioned|interrogated)\b"
        ),
    ),
    ("Strategic developments", re.compile(rf"\b(?:{STATE_ACTS})\b")),
    # A crash, an accident, a collapse: no one fought, so no violent type fits.
    ("Strategic developments", re.compile(r"\b(crash(ed|es)?|accidents?|accidental|collaps\w*)\b")),
]
# A court's acts: a sentence that opens with one reports a strategic development.
_COURT = re.compile(
    r"\b(sentenced|convicted|found guilty|pleaded( not)? guilty|pleads( not)? guilty|indicted|"
    r"charged|acquitted)\b"
)
_STATUS_RULES: list[tuple[EventStatus, re.Pattern[str]]] = [
    ("claimed", re.compile(r"\bclaim(ed|ing|s)?\b")),
    ("alleged", re.compile(r"\ballege(d|dly)?\b")),
    ("unclear", re.compile(r"\b(unclear|unconfirmed|unknown|not clear)\b")),
    ("reported", re.compile(r"\b(reported(ly)?|according to|said to|citing)\b")),
]


def sentence_type(
    plain: str, model_type: EventType | None, day_text: str | None = None
) -> EventType:
    """The type a sentence's words (as `events._plain` gives them) tell, else the model's."""
    low = lower_same(plain)
    if _court_first(low, day_text):
        return "Strategic developments"
    for event_type, pattern in _TYPE_RULES:
        if pattern.search(low):
            return event_type
    if model_type is not None:
        return model_type
    hit = _ONE_SIDED.search(low)
    if hit and not _ATTACK.search(low) and not _armed_hit(low, hit):
        return "Violence against civilians"
    return "Explosions/Remote violence"


def _armed_hit(low: str, hit: re.Match[str]) -> bool:
    """Whether armed men were hit: the object of the verb ("killed two soldiers"), the subject
    of its passive ("Two soldiers were killed"), or of a reduced one ("American troops killed
    at a base")."""
    if _ARMED_HIT.search(low, hit.end()) or _ARMED_HIT_PASSIVE.search(low, 0, hit.end()):
        return True
    before = _ARMED_BEFORE.search(low, max(0, hit.start() - 40), hit.start())
    return before is not None and _NO_OBJECT.match(low, hit.end()) is not None


# Violence done to people by hand or gun, with no weapon from afar named ("Gunmen killed at
# least 27 people", "soldiers beat and dragged protesters"): one-sided violence, unless armed
# men were hit.
_ONE_SIDED = re.compile(
    r"\b(?:killed|killing|shot|shooting|murdered|beat|beaten|beating|tortured|raped|"
    r"executed|abducted|kidnapped|wounded|injured|hacked|stabbed|beheaded|lynched|"
    r"slaughtered|hanged)\b"
)
# Armed men: hit, they make the violence no longer one-sided.
_ARMED = (
    r"\b(?:soldiers?|troops|servicemen|service members|fighters|militants|insurgents|rebels|"
    r"policemen|police officers|officers|gunmen|militiamen|combatants)"
)
_ARMED_HIT = re.compile(rf"{_ARMED}\b")
# Armed men as the subject of a passive: "Two soldiers were killed".
_ARMED_HIT_PASSIVE = re.compile(
    rf"{_ARMED}\b(?:\s+\w+){{0,3}}?\s+(?:were|was|had been|have been|has been|being)\s+"
    r"(?:\w+\s+)?\w+\Z"
)
# Or of a reduced one, where no object follows the verb: "American troops killed at a base".
_ARMED_BEFORE = re.compile(rf"{_ARMED}\s+\Z")
_NO_OBJECT = re.compile(
    r"\s+(?:at(?!\s+(?:least|most)\b)|in|on|by|during|near|when|while|as|after)\b|\s*(?:[,.;]|\Z)"
)
# An attack or a campaign may be waged from afar: the words leave the type open.
_ATTACK = re.compile(r"\b(?:attack\w*|campaigns?|offensives?|strikes?|struck)\b")


def _court_first(low: str, day_text: str | None) -> bool:
    """Whether a sentence (`low`: lower-cased as `lower_same` does) reports a court's act: its
    first event word is a plea, verdict, sentence or charge ("on Wednesday pleaded not guilty to
    ... the bombing"), and no day is named after it that would date the violence it tells of
    ("found guilty of ... the April 15, 2013, bombing")."""
    court = _COURT.search(low)
    if court is None:
        return False
    violent = [
        m.start() for t, p in _TYPE_RULES if t != "Strategic developments" and (m := p.search(low))
    ]
    if violent and min(violent) < court.start():
        return False
    day = low.find(day_text.lower()) if day_text else -1
    return day < court.start()


def sentence_status(sentence: str) -> EventStatus:
    low = lower_same(sentence)
    for status, pattern in _STATUS_RULES:
        if pattern.search(low):
            return status
    return "reported"


__all__ = ["STATE_ACTS", "sentence_status", "sentence_type"]
