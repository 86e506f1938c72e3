"""Who an event sentence names as its doers and whom as hit: names before its first event word
carried it out, names after it were hit, with the exceptions this module reads from the words
around each name (the agent of a passive, a nation's attack named by its adjective, a teller of
the news, a relative clause about the subject, what a struck place houses). `roles.sort_roles`
then moves announcers and victims out of the doers.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from summarizer.core.schemas import Actor
from summarizer.find.types import Cue
from summarizer.find.words import DATELINE, HSPACE, PLACE_OWNED_AFTER
from summarizer.ground.event_places import adjectival, laid_on
from summarizer.ground.roles import OWN_ACT, TOLD_DAY, harmed_after

# "URUZGAN, Afghanistan (July 29, 2011) – ", "KABUL, Afghanistan (Sept. 2) - ", a release's
# header before it ("ISAF Joint Command - Afghanistan 2010-08-CA-042 For Immediate Release"),
# "BOSTON — ": a dateline at a sentence's start.
_DATELINE_HEAD = re.compile(
    r"[^\n]{0,120}?\b[A-Z][\w’'.-]*(?:[ -][A-Z][\w’'.-]*)*,[^\S\r\n]*[A-Z][\w.]*"
    # "ISLAMABAD, May 07 (APP):": the day's number, and a colon for the dash.
    r"(?:[^\S\r\n]+\d{1,2}\b)?[^\S\r\n]*\([^()\n]{1,25}\)[^\S\r\n]*[—–:-][^\S\r\n]*"
    # "BOSTON —", "KABUL (AFP) —": the outlet in brackets filed it and did nothing.
    rf"|{DATELINE}{HSPACE}*"
    # "Ukraine: Thousands of Kyiv apartments lose power": a topic label names what the item is
    # about, not who acted.
    r"|[A-Z][\w’'.-]*(?:[^\S\r\n]+[A-Z][\w’'.-]*){0,3}:[^\S\r\n]+"
)


class Mentions:
    """Every actor mention of a document in text order, for looking up a sentence's by bisection
    (a scan of all mentions per sentence cost milliseconds a document)."""

    def __init__(self, actors: list[Actor]) -> None:
        self.actors = actors
        rows = sorted((m.start, m.end, i) for i, a in enumerate(actors) for m in a.mentions)
        self.rows = rows
        self.starts = [r[0] for r in rows]

    def within(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(start, end, actor index) of the mentions that start in [start, end), in order."""
        return self.rows[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


# The agent of a passive event word or an event noun: "killed by", "injured by either", "an
# attack by Hamas", "at the hands of".
_AGENT = re.compile(
    r"\b(?:killed|wounded|injured|hit|struck|targeted|attacked|shot|shelled|bombed|abducted|"
    r"kidnapped|arrested|detained|carried out|launched|fired|committed|perpetrated|"
    r"attacks?|strikes?|air ?strikes?|raids?|assaults?|offensive|shelling|ambush|killings?|"
    r"massacres?|executions?|shootings?)"
    # "killed in 1995 by the Taliban", "killed last night by": a short phrase of when or where
    # may come between.
    r"(?:\s+(?:in|on|during)\s+[^,;:.]{1,25}?|\s+(?:last|this|early|late|earlier|overnight|"
    r"yesterday)\b[^,;:.]{0,15}?)?"
    r"\s+by\s+(?:either\s+|the\s+|an?\s+)?\Z"
    # "at the hands of armed groups including the National Liberation Front".
    r"|\bat\s+the\s+hands\s+of\s+(?:[\w-]+\s+){0,3}?(?:including\s+)?(?:the\s+)?\Z",
    re.I,
)


# A verb of saying: what follows it is what the speaker told.
_SPEECH = re.compile(
    r"\b(?:said|says|saying|told|telling|noted|noting|warned|warning|added|adding|stated|"
    r"stating|reported|reporting|announced|announcing|explained|stressed|stressing|"
    # "The Association of Muslim Scholars forbade Iraqis to participate in the attack".
    r"forbade|forbidding|urged|urging|condemned|condemning|denounced|denouncing|"
    # "The Taliban called it a “revenge attack” for US airstrikes"; not "called in airstrikes".
    r"called(?!\s+(?:in|off|up)\b)|described|"
    # "Rice and Barnier reiterated calls for an investigation into the assassination".
    r"investigations?\s+(?:into|of)|inquir(?:y|ies)\s+(?:into|of)|probes?\s+(?:into|of))\b"
)


# "a Russian drone attack", "the Israeli strikes": a nation's attack named by its adjective.
ADJECTIVE_ATTACK = re.compile(
    r"\b(?P<adj>[A-Z][a-z]+)[^\S\r\n]+(?:(?:drone|missile|air|rocket|artillery|naval|militant|"
    r"insurgent|suicide)"
    r"[^\S\r\n]+)?(?:attacks?|strikes?|air ?strikes?|airstrikes?|shelling|bombardments?|"
    r"offensives?|raids?)\b"
    # Not a weapon or a unit named for what it does ("Russian attack aircraft").
    r"(?![^\S\r\n]+(?:aircrafts?|helicopters?|planes?|jets?|submarines?|groups?|forces?|"
    r"teams?|units?|drones?|boats?|ships?|vessels?))"
)


# A party's attack named by its possessive, right after the name ("killed in Indian forces'
# missile attacks", "Russia's strikes").
_POSSESSIVE_ATTACK = re.compile(
    r"(?:['’]s?)[^\S\r\n]+(?:[\w-]+[^\S\r\n]+){0,2}?(?:attacks?|strikes?|air ?strikes?|"
    r"airstrikes?|shelling|bombardments?|raids?|offensives?)\b"
)
# The people a name owns ("Mr. Morsi’s supporters who want him reinstated"): they act, not he.
_POSSESSED_PEOPLE = re.compile(
    r"['’]s?[^\S\r\n]+(?:supporters|followers|backers|loyalists|sympathi[sz]ers|family|"
    r"families|relatives|wife|husband|sons?|daughters?|children|parents|brothers?|sisters?)\b"
)
# What an event follows or answers, just before an attack named by its nation's adjective.
_ANSWERS = re.compile(
    r"\b(?:following|after|before|since|amid|in response to|in retaliation for)\s+"
    r"(?:[\w-]+\s+){0,3}\Z"
)


# A killing or a seizure "of" a list of names, right before a name ("the murders of Rajeeb
# Haider, Avijit Roy, and Ananta Bijoy Das").
_KILLING_OF = re.compile(
    r"\b(?i:murders?|killings?|deaths?|assassinations?|executions?|abductions?|kidnappings?|"
    r"arrests?|detentions?|torture)\s+of\s+(?:the\s+)?"
    # "the murder of journalist Avaz Shikhmammadov": what the victim was may come first.
    r"(?:[a-z][\w-]*\s+){0,2}?(?:(?:[A-Z][\w’'.-]*|and)\s*,?\s*)*\Z"
)
# An act an earlier event named, right before what it hit ("wanted in connection with forcible
# entry to the Presidential Secretariat", "the attack on the embassy"): hit, not a doer.
_ACT_ON = re.compile(
    r"\b(?:attacks?|assaults?|raids?|entry|storming|arson\s+attacks?|damage)[^\S\r\n]+"
    r"(?:on|to|of|at|against|into)[^\S\r\n]+(?:the[^\S\r\n]+)?\Z",
    re.I,
)
# An open relative clause about the subject, right before a name ("Zamora, 24, who served with
# the").
_RELATIVE_OPEN = re.compile(r",\s+(?:who|which)\s+[^,;:]{0,80}\Z")
# Who only learned of an event: "it has come to the attention of the Bangsamoro Parliament".
_INFORMED = re.compile(r"\b(?:attention|knowledge|notice)\s+of\s+(?:the\s+)?\Z", re.I)
# A nation named for its mission: "at the U.S. embassy".
_MISSION_AFTER = re.compile(r"[^\S\r\n]+(?:embass(?:y|ies)|consulates?)\b", re.I)
# What an attack was aimed at, before the event word ("One such attack, aimed at a Hamas
# operative in his home, killed six children"): it was hit.
_AIMED_AT = re.compile(
    r"\b(?:aimed|directed)[^\S\r\n]+at[^\S\r\n]+(?:an?[^\S\r\n]+|the[^\S\r\n]+)?\Z"
    r"|\btargeting[^\S\r\n]+(?:an?[^\S\r\n]+|the[^\S\r\n]+)?\Z"
)
# The act of the clause an event followed or was ("killed since Israel assassinated the head of
# Hamas's armed wing", "killed after terrorists ambushed a convoy"): its subject did it.
_CAUSE_BEFORE = r"\b(?:after|when|as|where|since)[^\S\r\n]+(?:the[^\S\r\n]+)?"
_CAUSE_ACT = (
    r"[^\S\r\n]+(?:ambushed|attacked|stormed|raided|opened[^\S\r\n]+fire|fired|shelled|"
    r"bombed|struck|targeted|shot|assassinated|invaded)\b"
)
_CAUSE_OPEN = re.compile(rf"{_CAUSE_BEFORE}\Z")
_CAUSE_VERB = re.compile(_CAUSE_ACT)
# One who survived or escaped the event, named before it ("Nicolás Maduro survived an alleged
# assassination attempt"): hit, not a doer.
_SURVIVED = re.compile(
    r"[^\S\r\n]+(?:(?:has|had|narrowly|barely)[^\S\r\n]+)*(?:survived|escaped)\b"
)
# The sides of a clash or of a truce, both of which carried it out: "armed clashes between
# government security forces and armed groups", "a ceasefire between Israel and Hamas".
_SIDES = r"\b(?:clash(?:es)?|fighting|battles?|skirmish(?:es)?|ceasefire|truce|hostilities)"
_SIDE_BEFORE = re.compile(
    rf"{_SIDES}[^\S\r\n]+between[^\S\r\n]+(?:the[^\S\r\n]+)?"
    r"(?:[^,;:.()\n]{1,60}?[^\S\r\n]+and[^\S\r\n]+(?:the[^\S\r\n]+)?)?\Z",
    re.I,
)
# Went through the event, named before it: "Bangladesh experienced its deadliest terror attack".
_SUFFERED = re.compile(
    # "U.S. forces in Syria sustained their deadliest attack".
    r"(?:[^\S\r\n]+(?:forces|troops|soldiers|personnel)(?:[^\S\r\n]+in[^\S\r\n]+[A-Z][\w’'-]*)?)?"
    r"[^\S\r\n]+(?:(?:has|had|have|also)[^\S\r\n]+)*"
    r"(?:experienced|suffered|sustained|witnessed|endured|faced|came\s+under|"
    r"(?<=has\s)seen|(?<=have\s)seen|(?<=had\s)seen)\b"
)
# A participle that makes a name part of a place's description ("bases housing Iraqi forces").
_HOUSING = re.compile(r"\b(?:housing|hosting|sheltering)\s+(?:the\s+)?\Z")


def participants(
    sentence: Cue,
    actors: list[Actor] | Mentions,
    location: str | None,
    pivot: int,
) -> tuple[list[str], list[str]]:
    """Actors named in an event sentence: before its first event word (at `pivot`, an offset in
    the document) they did it, after it they were hit ("Iraqi militias claimed 16 drone
    attacks against ... bases"), unless they are its agent ("injured by Israeli forces"); one
    who only tells of it before its word ("X warned ..., noting that 30 were killed") did
    neither."""
    index = actors if isinstance(actors, Mentions) else Mentions(actors)
    # A dateline that opens the sentence names where the story was filed, not who acted.
    head = _DATELINE_HEAD.match(sentence.text)
    start = sentence.start + (head.end() if head else 0)
    inside = index.within(start, sentence.end)
    spans = [(s, e) for s, e, _ in inside]

    def nested(start: int, end: int) -> bool:
        # "Iraq" inside "Islamic Resistance in Iraq" is part of a longer name, not an actor.
        return any(a <= start and end <= b and (b - a) > (end - start) for a, b in spans)

    first: dict[int, int] = {}  # actor index -> its first mention that counts
    ends: dict[int, int] = {}  # a mention's start -> its end
    for s, e, i in inside:
        if i in first:
            continue
        a = index.actors[i]
        if a.kind in ("media", "other") or a.name == location:
            continue
        if not nested(s, e) and not adjectival(sentence.text, e - sentence.start):
            first[i], ends[s] = s, e
    found = sorted((p, index.actors[i].name) for i, p in first.items())

    def by(p: int) -> bool:
        # "23 Palestinians injured by Israeli forces": the agent of the event word did it.
        at = p - sentence.start
        return _AGENT.search(sentence.text, max(0, at - 60), at) is not None

    def caused(p: int) -> bool:
        # "66 people have been killed since Israel assassinated the head of Hamas's armed
        # wing": the subject of the act the event followed did it.
        at = p - sentence.start
        return (
            _CAUSE_OPEN.search(sentence.text, max(0, at - 15), at) is not None
            and _CAUSE_VERB.match(sentence.text, ends[p] - sentence.start) is not None
        )

    def side(p: int) -> bool:
        # "a ceasefire between Israel and Hamas": each side named carried it out.
        at = p - sentence.start
        return _SIDE_BEFORE.search(sentence.text, max(0, at - 90), at) is not None

    def agent(p: int) -> bool:
        # So did the nation whose attack it names ("killed in Israeli strikes").
        at = p - sentence.start
        return (
            by(p)
            or caused(p)
            or side(p)
            or ADJECTIVE_ATTACK.match(sentence.text, at) is not None
            or _POSSESSIVE_ATTACK.match(sentence.text, ends[p] - sentence.start) is not None
        )

    def answered(p: int) -> bool:
        # An attack the event follows or answers: "... following American and Israeli
        # airstrikes" names neither who did the event nor whom it hit.
        at = p - sentence.start
        own = ADJECTIVE_ATTACK.match(sentence.text, at) is not None
        return own and _ANSWERS.search(sentence.text, max(0, at - 50), at) is not None

    def speaks(p: int) -> bool:
        # "Sam Rose warned of ..., noting that 30 Palestinians were killed": who tells of the
        # event before its word did not do it, unless it tells of its own act ("spokesperson
        # Yahya Sarea said it had carried out the attack"); nor did who only learned of it ("it
        # has come to the attention of the Bangsamoro Parliament that a raid ...").
        at, word = p - sentence.start, pivot - sentence.start
        if _INFORMED.search(sentence.text, max(0, at - 25), at):
            return True
        told = _SPEECH.search(sentence.text, at, word)
        return told is not None and not OWN_ACT.search(sentence.text, told.end(), word + 30)

    def suffered(p: int) -> bool:
        # "Bangladesh experienced its deadliest terror attack": who went through it was hit.
        return _SUFFERED.match(sentence.text, ends[p] - sentence.start) is not None

    def housed(p: int) -> bool:
        # "At least two bases housing Iraqi security forces were hit": who a place houses was
        # hit with it; so was the nation whose mission it is ("a grenade at security guards at
        # the U.S. embassy"), whom the attack was aimed at, and who survived it.
        at = p - sentence.start
        return (
            suffered(p)
            or _HOUSING.search(sentence.text, max(0, at - 25), at) is not None
            or _AIMED_AT.search(sentence.text, max(0, at - 25), at) is not None
            or _MISSION_AFTER.match(sentence.text, ends[p] - sentence.start) is not None
            or _SURVIVED.match(sentence.text, ends[p] - sentence.start) is not None
        )

    def victim_of(p: int) -> bool:
        # "Following the murders of Rajeeb Haider, Avijit Roy and Ananta Bijoy Das, the group
        # condemned ...": whom an earlier killing named was hit by it, not a doer of this one.
        at = p - sentence.start
        return (
            _KILLING_OF.search(sentence.text, max(0, at - 120), at) is not None
            or _ACT_ON.search(sentence.text, max(0, at - 40), at) is not None
        )

    def owner(p: int) -> bool:
        at = ends[p] - sentence.start
        return (
            _POSSESSED_PEOPLE.match(sentence.text, at) is not None
            or PLACE_OWNED_AFTER.match(sentence.text, at) is not None
        )

    def told_of(p: int) -> bool:
        # "Zamora, who served with the 101st Airborne Division, was killed": a name in a
        # relative clause about the subject neither did the event nor was hit by it.
        at = p - sentence.start
        return _RELATIVE_OPEN.search(sentence.text, max(0, at - 90), at) is not None

    found = [(p, n) for p, n in found if not answered(p)]  # before `agent` reads them
    if any(p >= pivot and (by(p) or caused(p)) for p, _ in found):
        # The agent named after the event word is who did it, not the subject of the clause
        # around it ("We, the G7 ..., condemn the atrocities committed by the Russian armed
        # forces").
        doers = [n for p, n in found if agent(p)]
    else:
        doers = [
            n
            for p, n in found
            if (
                p < pivot
                and not speaks(p)
                and not housed(p)
                and not told_of(p)
                and not victim_of(p)
                and not owner(p)
            )
            or agent(p)
        ]
    housed_here = [n for p, n in found if p < pivot and housed(p) and n not in doers]
    hit = [
        n
        for p, n in found
        if p >= pivot and n not in doers and not laid_on(sentence.text, 0, p - sentence.start)
    ]
    return doers, housed_here + hit


# Bodies of people the text describes rather than names, who carry out attacks, raids and
# crackdowns ("Gunmen killed at least 27 people", "abducted by gunmen wearing military
# uniforms", "an insurgent attack").
_DOERS = (
    r"(?i:gunmen|militants|insurgents|rebels|fighters|soldiers|troops|forces|police|policemen|"
    r"army|military|navy|"
    r"attackers|assailants|protesters|protestors|demonstrators|rioters|militiamen|militias|"
    r"terrorists|"
    r"jihadists|bombers|raiders|pirates|extremists|separatists|settlers|armed\s+groups|"
    r"bandits|thugs|kidnappers|abductors|vigilantes|looters|arsonists|hijackers|"
    r"armed\s+men|law\s+enforcement|authorities|youths|mobs?|segregationists|supremacists|"
    r"nationalists|loyalists|islamists|anarchists|paramilitar(?:y|ies)|supporters|"
    # "a group of white-clad men", "a group of people": who they are is how they looked.
    r"group[^\S\r\n]+of[^\S\r\n]+(?:[a-z][\w’'-]*[^\S\r\n]+)?(?:people|men|youths)|"
    # A people as the subject: "Two days ago, Russians killed the principal".
    r"Russians|Ukrainians|Israelis|Palestinians|Americans|Iranians|Iraqis|Syrians|Afghans|Turks|"
    r"Kurds|Saudis)"
)
# What may stand before such a body and belongs to its description ("riot police", "Government
# soldiers", "military forces").
_DOER_MODIFIERS = (
    # Not a word that opens a clause ("When law enforcement arrested him").
    r"(?:(?:(?!(?:When|After|Before|As|If|Since|While|Then|But|And|Or|So|Yet|Once|Until|"
    r"Where|Because|Although|Though|Now|Later|Meanwhile|Also)\b)[A-Z][\w’'-]*"
    r"|(?i:riot|security|military|government|coalition|armed|masked|"
    r"rebel|militia|islamist|foreign|enemy|opposition|pro-government|alleged|suspected|"
    # "government-affiliated paramilitaries", "state-backed militias".
    r"[a-z]+-(?:affiliated|backed|allied|linked|aligned|led|run|sponsored)))"
    r"[^\S\r\n]+){0,2}"
)
# Where a body is or comes from, a name of up to three words: "in Gaza", "from Temple Trees".
_BODY_FROM = r"(?:in|from)[^\S\r\n]+[A-Z][\w’'-]*(?:[^\S\r\n]+[A-Z][\w’'-]*){0,2}"
# The body as the subject right before the event word, with at most two words between that
# are no part of a passive ("Troops began occupying", "soldiers had fired"). Not after a
# preposition ("trucks filled with soldiers", "attacks on soldiers").
_SUBJECT_DOER = re.compile(
    rf"(?<![\w’'-])(?P<np>{_DOER_MODIFIERS}(?:{_DOERS}))"
    # What they looked like may come between: "Four alleged terrorists, all wearing ski masks,
    # murdered", "a group of men armed with sticks and clubs attacked".
    r"(?:,(?:(?!\b(?:was|were|been|being)\b)[^,;:.\n]){1,40},"
    r"|[^\S\r\n]+(?:armed|wearing|carrying)[^\S\r\n]+(?:with[^\S\r\n]+)?"
    r"(?:[\w’'-]+[^\S\r\n]+){0,4}?[\w’'-]+(?=[^\S\r\n]))?"
    # Where the body is may come between: "Palestinian armed groups in Gaza launched".
    rf"[^\S\r\n]+(?:{_BODY_FROM}[^\S\r\n]+)?"
    # The body may tell of its own act: "The army said on Monday it shelled".
    rf"(?:(?:said|says|announced|confirmed)[^\S\r\n]+(?:{TOLD_DAY}[^\S\r\n]+)?"
    r"(?:that[^\S\r\n]+)?(?:it|they)[^\S\r\n]+)?"
    r"(?:(?:had|have|has|also|then|reportedly|allegedly|later|again|began|"
    r"started|continued|repeatedly|attempted|tried|to)[^\S\r\n]+){0,2}"
    # A verb of doing before the event noun: "launched thousands of rockets", "fired rockets".
    r"(?:(?:launched|fired|carried[^\S\r\n]+out|conducted|staged|mounted|opened|"
    r"detonated|planted|set[^\S\r\n]+off|to[^\S\r\n]+fire)[^\S\r\n]+"
    r"(?:[\w-]+[^\S\r\n]+){0,3})?\Z"
)
_NOT_SUBJECT = re.compile(
    # "Members of armed groups entered", "a large number of suspected terrorists invaded": the
    # members are the body's.
    r"\b(?:(?<!members )(?<!Members )(?<!number )of|by|on|against|at|with|from|to|for|in|into|"
    r"among|between)[^\S\r\n]+\Z",
    re.I,
)
_PASSIVE_ARREST = re.compile(
    r"\b(?:was|were|been|being|is|are)[^\S\r\n]+(?:[a-z]+ly[^\S\r\n]+)?"
    r"(?:arrested|detained|picked[^\S\r\n]+up|taken[^\S\r\n]+into[^\S\r\n]+custody)\b"
)
_POLICE = re.compile(r"\b(?:[A-Z][\w-]*[^\S\r\n]+)?(?:police(?:men)?|officers)\b|\bNYPD\b")
# "Unidentified gunmen", "unknown assailants": who they are is not known, and no one is named.
_UNKNOWN_BEFORE = re.compile(
    rf"\b(?:unidentified|unknown)[^\S\r\n]+(?:[\w’'-]+[^\S\r\n]+){{0,2}}(?:{_DOERS})\Z", re.I
)
# A reduced passive after the body ("Two soldiers killed in the blast"): it was hit.
_REDUCED_PASSIVE = re.compile(r"\w+[^\S\r\n]+(?:in|on|during|when|while|by|as|after)\b")
# The body as the agent of the event word ("abducted by gunmen wearing military uniforms").
_AGENT_DOER = re.compile(
    r"\w+(?:[^\S\r\n]+(?:in|on|during)[^\S\r\n]+[^,;:.]{1,25}?)?"
    # "the atrocities committed by rebels": an event noun and the participle of doing it.
    r"(?:[^\S\r\n]+(?:committed|perpetrated|carried[^\S\r\n]+out|launched|conducted))?"
    r"[^\S\r\n]+by[^\S\r\n]+"
    # "attacked by a Hindu mob armed with swords".
    rf"(?:(?:the|an?)[^\S\r\n]+)?(?P<np>{_DOER_MODIFIERS}(?:{_DOERS})"
    # "assaulted by over 150 people": a counted crowd is a body that did it.
    r"|(?:(?:over|more[^\S\r\n]+than|about|around|some|nearly|at[^\S\r\n]+least)[^\S\r\n]+)?"
    r"\d[\d,]*[^\S\r\n]+(?:people|men|persons|youths))\b"
)
# The body whose attack the event followed or was ("four soldiers were killed after terrorists
# ambushed an army convoy", "died when gunmen opened fire on a bus", "The attack took place in
# the Machedi area, where the assailants targeted the convoy").
_CAUSE_DOER = re.compile(
    rf"{_CAUSE_BEFORE}(?:some[^\S\r\n]+)?(?P<np>{_DOER_MODIFIERS}(?:{_DOERS}))"
    rf"(?:[^\S\r\n]+{_BODY_FROM})?{_CAUSE_ACT}"
)
# A body named by the adjective of its attack ("an insurgent attack", "militant raids", "a
# military crackdown", "a police raid").
_ADJECTIVE_DOER = re.compile(
    r"\b(?:(?P<adj>insurgent|militant|rebel|terrorist|jihadist|separatist)"
    r"|(?P<body>military|police|army))[^\S\r\n]+"
    r"(?:attacks?|ambush(?:es)?|raids?|assaults?|offensives?|crackdowns?)\b",
    re.I,
)
_BODY = re.compile(rf"{_DOER_MODIFIERS}(?:{_DOERS})")
# A body on one side of a clash: "armed clashes between government security forces and".
_SIDES_DOER = re.compile(
    rf"(?i:{_SIDES})[^\S\r\n]+between[^\S\r\n]+(?:the[^\S\r\n]+)?"
    rf"(?P<np>{_DOER_MODIFIERS}(?:{_DOERS}))\b"
)
# A participle after a comma as the event word ("..., killing and capturing").
_PARTICIPLE_AFTER_COMMA = re.compile(r"[a-z]+ing\b")
_COMMA_BEFORE = re.compile(r",[^\S\r\n]*\Z")
# A body that opens the sentence as the subject of its first verb ("Members of armed groups
# entered", "Soldiers opened fire").
_OPENING_DOER = re.compile(
    # An opening phrase of when or where may come first ("On Saturday, ").
    r"\W*(?:(?i:on|in|at|during|late|early)[^\S\r\n]+[^,.;:\n]{1,30},[^\S\r\n]*)?"
    rf"(?:(?i:the|some|several)[^\S\r\n]+)?(?:(?i:members)[^\S\r\n]+of[^\S\r\n]+)?"
    rf"(?P<np>{_DOER_MODIFIERS}(?:{_DOERS}))[^\S\r\n]+(?:(?:had|have|also)[^\S\r\n]+)?"
    r"[a-z]+ed\b"
)
_BODY_WORD = re.compile(rf"(?:{_DOERS})[^\S\r\n]+")
# "by" and what describes the body right before it, where the body is the event word ("by
# unidentified gunmen" is not: "unidentified" is no word of a description).
_BY_BODY = re.compile(
    rf"\b(?i:by)[^\S\r\n]+(?:(?i:the|an?)[^\S\r\n]+)?(?P<mods>{_DOER_MODIFIERS})\Z"
)
_DETERMINER = re.compile(
    r"^(?:the|some|several|other|two|three|four|five|six|seven|eight|nine|ten|dozens of|\d+)"
    r"[^\S\r\n]+",
    re.I,
)


def is_body(name: str) -> bool:
    """Whether an event's actor is a body `described_doer` gives ("terrorists", "riot police")
    rather than a party's name."""
    return _BODY.fullmatch(name) is not None


def described_doer(sentence: Cue, pivot: int, *, arrests: bool = True) -> str | None:
    """The body of people a sentence describes as having done its event, where it names no
    party: the subject of the event word, the agent of its passive, or the adjective of its
    attack; with `arrests`, the police the sentence names where someone was arrested. As the
    text words it, without a leading article ("Gunmen", "riot police", "insurgents" for "an
    insurgent attack")."""
    text = sentence.text
    head = _DATELINE_HEAD.match(text)
    start, event_at = (head.end() if head else 0), pivot - sentence.start
    # The body may itself be the sentence's first event word ("Gunmen killed ...").
    word = _BODY_WORD.match(text, event_at)
    at = word.end() if word else event_at
    by = _BY_BODY.search(text, max(start, event_at - 60), event_at) if word else None
    if word is not None and by is not None:
        # "56 private buses were set on fire by protesters": the agent of a passive.
        return (by.group("mods") + word.group()).strip()
    subject = _SUBJECT_DOER.search(text, max(start, at - 80), at)
    if (
        subject is not None
        and subject.start() >= start
        and not _NOT_SUBJECT.search(text, max(0, subject.start() - 15), subject.start())
        and not _UNKNOWN_BEFORE.search(text, max(0, subject.start() - 15), subject.end("np"))
        # A participle right after the body is a reduced passive ("Two soldiers killed in the
        # blast"); after a verb of its own it is no such thing ("troops had fired on").
        and not (not text[subject.end("np") : at].strip() and _REDUCED_PASSIVE.match(text, at))
        # Not who died doing it: "8 protesters died this morning while trying to storm".
        and not harmed_after(text[subject.end("np") :])
    ):
        return _DETERMINER.sub("", subject.group("np"))
    if _PARTICIPLE_AFTER_COMMA.match(text, event_at) and _COMMA_BEFORE.search(
        text, max(0, event_at - 3), event_at
    ):
        # "Members of armed groups entered into Israeli towns ..., killing and capturing Israeli
        # forces": the subject of the clause the participle hangs on did it.
        opening = _OPENING_DOER.match(text, start)
        if opening is not None and not _UNKNOWN_BEFORE.search(text, 0, opening.end("np")):
            return _DETERMINER.sub("", opening.group("np"))
    agent = _AGENT_DOER.match(text, at)
    if agent is not None and not _UNKNOWN_BEFORE.search(text, 0, agent.end("np")):
        return _DETERMINER.sub("", agent.group("np"))
    cause = _CAUSE_DOER.search(text, at)
    if cause is not None and not _UNKNOWN_BEFORE.search(text, 0, cause.end("np")):
        return _DETERMINER.sub("", cause.group("np"))
    sides = _SIDES_DOER.search(text, start)
    if sides is not None:
        return _DETERMINER.sub("", sides.group("np"))
    adjective = _ADJECTIVE_DOER.search(text, start)
    if adjective is not None:
        if adjective.group("body"):
            return adjective.group("body").lower()
        return adjective.group("adj").lower() + "s"
    if arrests and _PASSIVE_ARREST.search(text, start) is not None:
        # "All five were arrested and held in police cells", "were arrested ..., after NYPD
        # officers erected barricades": who arrests, where the sentence names the police.
        police = _POLICE.search(text, start)
        if police is not None:
            return police.group()
    return None


__all__ = ["ADJECTIVE_ATTACK", "Mentions", "described_doer", "is_body", "participants"]
