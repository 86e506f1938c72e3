"""Who did it: the actors of an event, told from the parties that only announced it and from
the ones it hit. One place for the rule, used by every strategy's events.

"Six PMF fighters were killed in a drone strike, the group said": the PMF was hit and the group
only announced it, so neither carried it out. A party that claimed responsibility did.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from summarizer.core.fold import Locator, fold
from summarizer.find.words import MONTHS, NATION_FORCES, ROLE_WORDS, WEEKDAYS, of_a_country

# A name followed by one of these only reports the event ("the group said"; "the Ministry of
# Health (MoH) in Gaza reported that ...", where "MoH)" is followed so too).
_REPORTS_AFTER = re.compile(
    r"^\.?\)?(?:\s*\([^()\n]{1,20}\))?(?:\s+in\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?"
    # The teller's name in apposition after the body of their title ("Chief of Defence Staff,
    # General Andrew Azazi, insisted").
    r"(?:,\s+(?-i:[A-Z][\w.’'-]*)(?:\s+(?-i:[A-Z][\w.’'-]*)){1,4},)?,?"
    # "General Andrew Azazi, insisted yesterday that", "Sen. Pete Domenici today issued the
    # following statement regarding the death": when it was told may come between; so may a
    # spokesperson's name ("the SPLA spokesperson Brig Gen Lulu Ruai Koang issued").
    r"(?:\s+(?:officials?|spokes\w+(?:\s+(?-i:[A-Z][\w.’'-]*)){0,5}|also|later|has|have|had|"
    r"today|yesterday|on\s+\w+day))*"
    r"\s+(?:said|says|say|announced|reported|confirmed|stated|told|added|noted|insisted|denied|"
    # "reports from AP are claiming that", "Christopher Miller is also reporting that".
    r"(?:is|are|was|were)\s+(?:also\s+)?(?:claiming|reporting|saying)|"
    r"issued\s+(?:a|an|the)\s+(?:following\s+)?statement|"
    r"claimed(?!\s+responsibility)|alleged|accused|"
    # Who condemns an attack is not who carried it out ("Foreign Minister Bob Carr today
    # condemned twin rocket strikes into Beirut").
    r"condemned|condemns|denounced|deplored|mourned)\b",
    re.I,
)
# "..., with President Recep Tayyip Erdogan pledging to bring terrorism to its knees": the name
# right before the participle speaks (after a comma it would be the subject's: "the U.S.
# withdrew from UNESCO, saying").
_SAYING_AFTER = re.compile(r"[^\S\r\n]+(?:saying|pledging|vowing|promising|warning)\b")
# A name after one of these gave the news ("said UN Spokesperson Stéphane Dujarric", ",
# reported the UN Human Rights Monitoring Mission"): a title or the body it speaks for may come
# between. The name (the rest of a longer one aside: "UN Human Rights ...") ends the clause
# (`_CLAUSE_END`): "Hamas said Israeli forces killed" names the forces as doers.
_REPORTS_BEFORE = re.compile(
    r"(?:\b(?:according to|said|told|citing|cited|quoted|reported by|statement from|"
    r"statement by)|,\s*(?:reported|announced|stated|added|noted|warned))"
    rf"\s+(?:the\s+)?(?:(?-i:[A-Z][\w.’'-]*\s+){{0,3}}(?:{ROLE_WORDS})\s+|"
    r"(?-i:[A-Z][\w.’'-]*\s+){1,2})?$",
    re.I,
)
_CLAUSE_END = re.compile(
    r"(?:\s+[A-Z][\w.’'-]*)*\s*(?:\([^()\n]{1,30}\))?\s*"
    # "Witnesses have told Human Rights Watch that ...": whom the news was told to.
    r"(?:[,.;:!?”\"]|$|(?:on|in|late|earlier|briefing|told|that)\b)"
)
# A name this close before one of these was hit, not the one who hit.
# The name is the subject of the passive itself ("Six PMF fighters were killed"), at most two
# words of its noun phrase between: not a clause further on ("... or settlers and a child was
# critically injured").
# What was done to someone or something hit ("was killed", "were captured", "shelled by").
_HIT_PARTICIPLES = (
    r"killed|wounded|injured|hit|targeted|attacked|struck|shot|abducted|kidnapped|arrested|"
    r"detained|shelled|bombed|captured|seized|destroyed|demolished|"
    # What was done to someone held or harmed: "She was stopped ... by Sheriff's deputies".
    r"stopped|charged|jailed|imprisoned|sentenced|convicted|executed|beheaded|murdered|"
    r"tortured|beaten|stabbed|hacked|lynched|ambushed|chased|threatened|harassed|dragged|"
    r"deported|expelled|rescued|freed"
)
# The same after "was", "had been": not bare, where "followed by", "released by" and "held by"
# tell of order, issue and control ("airstrikes followed by a ground invasion", "a statement
# released by", "the town held by rebels").
_DONE_TO = rf"{_HIT_PARTICIPLES}|followed|released|held"
_VICTIM_AFTER = re.compile(
    # An age and a relative clause may stand between ("Zamora, 24, who served with the 101st
    # Airborne Division at Fort Campbell, Ky., was killed").
    r"^\.?(?:,[ \t]*\d{1,3},?)?(?:,?[ \t]+who[ \t]+[^;:\n]{1,120}?,)?"
    # So may a description of where one is from or belongs, in apposition ("Priyantha Kumara,
    # a resident of Yatiyana, Minuwangoda was killed"), not the clause after a source's comma
    # ("According to ... UNRWA, a staff member was killed").
    r"(?:,[ \t]+(?:an?|the)[ \t]+[^;:,\n]{0,40}?\b(?:of|from)[ \t]+[^;:,\n]{1,40}"
    r"(?:,[ \t]*[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?)?"
    r",?(?=[ \t]+(?:was|were|had[ \t]+been|has[ \t]+been|have[ \t]+been)\b))?"
    r"(?:[ \t]+[\w'’-]+){0,2}?,?[ \t]+(?:who[ \t]+)?(?:(?:was|were|had been|have been|has been|"
    r"being)\s+(?:\w+\s+){0,2}?"
    rf"(?:{_DONE_TO})"
    # Who died is who was hit ("8 protesters died this morning while trying to storm").
    r"|died|(?:was|were)\s+dead|lost\s+(?:their|his|her)\s+lives?)\b",
    re.I,
)


# What the one hit went on to do, in the same clause ("a group traveling in a bus was stopped in
# Kollupitiya on May 9th and had assaulted an Ambalangoda Pradeshiya Sabha member").
_THEN_DID = re.compile(
    r"[^.;:\n]{0,60}?\band\s+(?:had\s+|then\s+|later\s+)?(?:assaulted|attacked|beat|shot|"
    r"stabbed|killed|fired\s+on|opened\s+fire)\b",
    re.I,
)


def harmed_after(after: str) -> bool:
    """Whether the words right after a name tell that it was hit ("... died this morning", ",
    24, was killed"): a victim, no doer, unless it went on to do harm itself."""
    hit = _VICTIM_AFTER.search(after)
    return hit is not None and _THEN_DID.match(after, hit.end()) is None


# The source an "according to" names, with its name in apposition after a description ("according
# to the UN agency for Palestinian refugees, UNRWA, a staff member was killed"): every name in
# it gave the news.
_ACCORDING = re.compile(
    r"\baccording\s+to\s+(?:[^,.;:\n]{0,80}?(?-i:[a-z]),\s*"
    r"(?-i:[A-Z][\w.’'-]*)(?:\s+(?-i:[A-Z][\w.’'-]*)){0,3}(?=\s*,)|[^,.;:\n]{0,80})",
    re.I,
)
# A party's own act, told by the party: "said it had carried out the attack", "confirmed it had
# arrested", "announced they launched": the teller did it.
OWN_ACT = re.compile(
    r"\b(?:it|we|they|the group|the movement|"
    # "The U.S. military said its forces struck": the teller's own forces did it.
    r"(?:its|our|their)\s+(?:forces|troops|aircraft|jets|warplanes|fighters|units|soldiers))"
    r"\s+(?:had\s+|has\s+|have\s+)?"
    r"(?:carried out|launched|conducted|fired|attacked|targeted|struck|hit|shot down|killed|"
    # "Police said they used pepper spray and blast balls to disperse crowds".
    r"arrested|detained|captured|seized|raided|shelled|bombed|opened fire|used|deployed)\b"
)
# The day a party told of something, between its verb of telling and what it told ("said on
# Wednesday they had arrested", "said yesterday it shelled").
TOLD_DAY = r"(?:on\s+)?(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today)"
# The own act right after a verb of telling: "confirmed it had arrested", "said that they fired";
# the day it was told may come between.
_OWN_ACT_AFTER = re.compile(rf"(?:\s+{TOLD_DAY})?\s+(?:that\s+)?(?=" + OWN_ACT.pattern + ")")
# A decision the teller announces is its own act: "the United States announced that it would
# freeze the assets", "announced through the media its ... decision to declare its own
# ceasefire".
_OWN_DECISION_AFTER = re.compile(
    r"\s+(?:that\s+)?(?:it|we|they)\s+(?:would|will)\b"
    r"|(?:\s+[\w’'-]+){0,4}?\s+its\s+(?:[\w’'-]+\s+){0,6}?decision\s+to\b"
    # "the ICC Office of the Prosecutor (OTP) announced a preliminary examination", "announced
    # new sanctions": an inquiry or a measure the teller announces is its own.
    r"|\s+(?:the\s+opening\s+of\s+)?(?:an?|its|the|new)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:examination|investigation|inquiry|probe|sanctions|curfew|law|legislation|ban|"
    r"restrictions|lockdown|state\s+of\s+emergency|ceasefire|truce|mobili[sz]ation)\b"
    # "announced that the terror threat was being raised to its maximum level": a measure told
    # in the passive, taken by the one who announces it.
    r"|\s+that\s+(?:the\s+)?(?:[\w’'-]+\s+){1,3}(?:was|were|is|are|would\s+be|will\s+be)\s+"
    r"(?:being\s+)?(?:raised|lowered|extended|imposed|lifted|suspended|closed|banned|declared)\b"
)
# A role word right before a name: the name is a person's ("spokesperson Yahya Sarea").
_TITLED = re.compile(rf"\b(?:{ROLE_WORDS})\s+\Z", re.I)
# A claim of responsibility, in the words the judge and the finders read it by ("ISIS claimed
# responsibility", "a statement claiming responsibility").
CLAIM_RESPONSIBILITY = r"(?:claimed|claiming|claims)\s+responsibility"
_CLAIMED = re.compile(r"\bclaim(?:ed|s)?\s+responsibility|\bclaimed\s+(?:the|an|a)\s+attack", re.I)


@dataclass
class Roles:
    """An event's actors after the check, and what was moved out of them."""

    actors: list[str]
    targets: list[str]
    victims: list[str] = field(default_factory=list)
    announcers: list[str] = field(default_factory=list)


def role_forms(name: str, aliases: list[str], kind: str | None) -> list[str]:
    """The forms that find an actor at an event's evidence: its name and aliases, a person's
    surname ("Blinken"), and a nation's adjective for its forces ("Russian attacks", "an
    Israeli strike")."""
    forms = [name, *aliases]
    if kind == "person" and len(name.split()) > 1:
        forms.append(name.split()[-1])
    if NATION_FORCES.fullmatch(name):
        forms.append(name.split()[0])
    return forms


def sort_roles(
    actors: list[str],
    targets: list[str],
    evidence: str,
    *,
    battle: bool = False,
    forms: Mapping[str, Sequence[str]] | None = None,
) -> Roles:
    """Check an event's actors against its evidence sentence.

    Args:
        actors: Who is said to have carried the event out.
        targets: Who or what is said to have been hit.
        evidence: The sentence that tells the event.
        battle: A clash, where each side is actor and target both: no one is a mere victim.
        forms: The forms each actor may take at the evidence (its aliases: "PRCS also
            reported" for the Palestine Red Crescent Society); its name alone by default.

    Returns:
        The actors that stand; a victim moves to the targets, an announcer goes.
    """
    claimed = _CLAIMED.search(evidence) is not None
    locator = Locator(evidence)

    def hits_of(name: str) -> list[tuple[int, int]]:
        return sorted({h for f in (forms or {}).get(name, [name]) for h in locator.find_all(f)})

    sources = [m.span() for m in _ACCORDING.finditer(evidence)]

    def tells(s: int, e: int) -> bool:
        # "The Nigerian Army yesterday confirmed it had arrested": a body that tells of its own
        # act did it; its spokesperson ("spokesperson Yahya Sarea said it had carried out")
        # did not.
        if _SAYING_AFTER.match(evidence, e):
            return True
        told = _REPORTS_AFTER.search(evidence[e:])
        if told is None:
            return False
        after = e + told.end()
        own = bool(
            _OWN_ACT_AFTER.match(evidence, after) or _OWN_DECISION_AFTER.match(evidence, after)
        )
        return not own or _TITLED.search(evidence, max(0, s - 40), s) is not None

    def announces(hits: list[tuple[int, int]]) -> bool:
        return bool(hits) and all(
            tells(s, e)
            or (_REPORTS_BEFORE.search(evidence[:s]) and _CLAUSE_END.match(evidence[e:]))
            or any(a <= s and e <= b for a, b in sources)
            for s, e in hits
        )

    # A party named after the event word only because it gave the news was not hit by it.
    kept = [t for t in targets if not announces(hits_of(t))]
    roles = Roles(actors=[], targets=kept, announcers=[t for t in targets if t not in kept])
    found = {name: hits_of(name) for name in actors}
    first_hit = {name: min((s for s, _ in hits), default=None) for name, hits in found.items()}
    for name in actors:
        hits = found[name]
        if battle and _engaged(name, hits, first_hit, evidence):
            # "Syrian rebels fought government troops": the side engaged is what the battle
            # was fought against, not a second doer (nor a mere victim).
            if not any(fold(name) == fold(t) for t in roles.targets):
                roles.targets.append(name)
            continue
        harmed = bool(hits) and all(harmed_after(evidence[e:]) for _, e in hits)
        # In a clash too, one who "had been killed in a gunfight" is a casualty, when another
        # party is there to have fought it ("RAB ... claiming Jony had been killed").
        victim = (not battle and (any(fold(name) == fold(t) for t in targets) or harmed)) or (
            battle and harmed and len(actors) > 1
        )
        if victim:
            roles.victims.append(name)
            if not any(fold(name) == fold(t) for t in roles.targets):
                roles.targets.append(name)
            continue
        if announces(hits) and not claimed:
            roles.announcers.append(name)
            continue
        roles.actors.append(name)
    return roles


# The verb of a side that engages another, right before the other's name: "fought", "clashed
# with", "attacked".
_ENGAGED_BEFORE = re.compile(
    r"\b(?:fought|fighting|clashed\s+with|clashing\s+with|battled|engaged|confronted|attacked|"
    r"ambushed)\s+(?:the\s+|an?\s+)?(?:[\w’'-]+\s+){0,4}?\Z",
    re.I,
)


def _engaged(
    name: str, hits: list[tuple[int, int]], first_hit: Mapping[str, int | None], evidence: str
) -> bool:
    """Whether every mention of `name` is the object of a side's verb of battle, with another of
    the event's actors named before it."""
    if not hits:
        return False
    start = min(s for s, _ in hits)
    before = any(p is not None and p < start for n, p in first_hit.items() if n != name)
    return before and all(
        _ENGAGED_BEFORE.search(evidence, max(0, s - 60), s) is not None for s, _ in hits
    )


# What an event hit, as the sentence words it: the object of an event verb ("hit the Indonesian
# hospital", "killed a Palestinian journalist") or the subject of one in the passive ("three
# Palestinians were killed", "23 Palestinians injured by Israeli forces").
# Verb forms only ("the strikes tonight", "a direct hit" are nouns).
_HIT_VERBS = (
    r"hit|struck|striking|killed|killing|murdered|attacked|attacking|targeted|targeting|"
    r"shelled|bombed|raided|assaulted|detained|arrested|abducted|kidnapped|captured|seized|injured|"
    r"injuring|wounded|wounding|shot(?:\s+(?:down|dead))?|demolished|destroyed|stormed|storming|"
    r"(?<=to )storm"
)
_HIT_VERB = re.compile(_HIT_VERBS)
_OBJECT_AFTER = re.compile(
    rf"\b(?:(?:{_HIT_VERBS})\s+(?:(?:against|at)\s+)?(?!by\b)"
    # "Assault on UNHCR office", "a drone attack on the base": what the attack was on.
    r"|(?P<noun>attacks?|assaults?|strikes?|air ?strikes?|airstrikes?|raids?|bombings?|"
    r"shelling)\s+(?:on|against|upon)\s+"
    # "forces clashed with opposition fighters": the other side of a battle.
    r"|clash(?:ed|es|ing)?\s+with\s+)",
    re.I,
)
_PASSIVE_AFTER = re.compile(
    # "were deliberately and systematically targeted": adverbs may stand in the verb.
    rf"\s+(?:(?:was|were|had been|have been|has been)\s+(?:\w+ly\s+(?:and\s+)?)*"
    rf"(?:\w+\s+)?(?:{_DONE_TO})\b"
    rf"|(?:{_HIT_PARTICIPLES})\s+by\b)"
)
# Inside a verb group ("were deliberately and systematically targeted by"): the word is an
# adverb of the verb, not what was hit.
_IN_VERB_GROUP = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+(?:and\s+)?)?\Z")
# Words that end the phrase of what was hit ("the Indonesian hospital in Beit Lahiya").
_PHRASE_WORDS = """
    in on at near with during and or but who whom which that as after while for from by to east
    west north south into inside outside across along amid amidst since before when where
    including said says was were is are had has have been being reportedly against
    indicate indicates show shows say report reports confirm confirms claim claims believe
    today tonight yesterday tomorrow overnight last this early late earlier later now following
    because if unless although though whether until need needs must should will would can dead
    among within soon also then
    """.split()
_PHRASE_END = frozenset(_PHRASE_WORDS) | {w.lower() for w in [*MONTHS, *WEEKDAYS]}
_PRONOUNS = frozenset(
    "it its them him her us me you they we he she one this that these those other others "
    "nobody anybody somebody everybody anyone someone everyone none".split()
)
_COUNT_WORDS = frozenset(
    """a an the some several many at least more than about around nearly almost over one two
    three four five six seven eight nine ten eleven twelve dozens hundreds thousands of its
    their our his her my your""".split()
)
_PHRASE_WORD = re.compile(r"[\w’'-]+")


def strip_count(phrase: str) -> str:
    """A phrase without its leading article or count ("four US soldiers" -> "US soldiers", "at
    least 100 people" -> "people")."""
    words = phrase.split()
    while words and (words[0].lower() in _COUNT_WORDS or words[0].replace(",", "").isdigit()):
        words = words[1:]
    return " ".join(words)


# What an event was, not what it hit ("conducted targeted strikes").
_EVENT_NOUNS = frozenset(
    """strike strikes attack attacks operation operations campaign bombing bombings raid raids
    shelling offensive""".split()
)


def _phrase(words: list[str]) -> str | None:
    if words and words[0].lower() in _PRONOUNS:
        return None  # "killing him the following day"
    kept = strip_count(" ".join(words))
    last = kept.split()[-1] if kept else ""
    if not kept or kept.lower() in _PRONOUNS or not any(len(w) > 2 for w in kept.split()):
        return None
    adjective = " " not in kept and of_a_country(kept) and not kept.endswith("s")
    if last.lower() in _EVENT_NOUNS or adjective:
        return None  # "targeted strikes"; "a British and a Romanian national"
    return kept


_NAME_PARTICLES = frozenset("al el ad as ash an bin ibn de du da di van von of the".split())


def _proper(word: str) -> bool:
    """A word of a proper name: capitalised, or a particle inside one ("al-Nasr", "of")."""
    return word[:1].isupper() or word.split("-")[0].lower() in _NAME_PARTICLES


def hit_phrases(sentence: str) -> list[str]:
    """What the event verbs of `sentence` say was hit, without their article or count: "the
    Indonesian hospital", "three Palestinians" -> "Indonesian hospital", "Palestinians"."""
    found: list[str] = []

    def add(words: list[str], *, after_verb: bool = True) -> None:
        phrase = _phrase(words)
        if phrase and not after_verb and all(_proper(w) for w in phrase.split()):
            return  # "an airstrike on Jurf al-Nasr", "strikes on Iran": a place, or a party
        if phrase and phrase not in found:
            found.append(phrase)

    for m in _OBJECT_AFTER.finditer(sentence):
        after_verb = m.group("noun") is None  # after a verb a name is what was hit
        words: list[str] = []
        last = m.end()
        for w in _PHRASE_WORD.finditer(sentence, m.end()):
            word = w.group()
            if sentence[last : w.start()].strip():
                break  # punctuation ends the phrase
            if word.lower() == "and" and words:
                # "five Israeli tourists and a Bulgarian bus driver": two
                add(words, after_verb=after_verb)
                words = []
            elif word.lower() in _PHRASE_END or len(words) == 6 or _clause_verb(word):
                break
            else:
                words.append(word)
            last = w.end()
        add(words, after_verb=after_verb)
    for m in _PHRASE_WORD.finditer(sentence):
        if m.group().lower() in _PHRASE_END or not _PASSIVE_AFTER.match(sentence, m.end()):
            continue
        if _IN_VERB_GROUP.search(sentence, max(0, m.start() - 40), m.start()):
            continue
        # The words before the participle, back to a clause boundary or a verb, at most five.
        words = []
        head = sentence[max(0, m.end() - 200) : m.end()]  # five words at most are read
        for word in reversed(re.split(r"([,;:()“”\"])|\s+", head)):
            if not word:
                continue
            if not _PHRASE_WORD.fullmatch(word) or word.lower() in _PHRASE_END or len(words) == 5:
                break
            verb = word.endswith("ed") and word.lower() not in _ED_ADJECTIVES
            if words and (verb or _clause_verb(word)):
                break
            words.insert(0, word)
        add(words)
    return found


# Words in -ed that describe people rather than tell what was done to them.
_ED_ADJECTIVES = frozenset("armed suspected unidentified unnamed displaced detained".split())
# Nouns that end in -ing; any other -ing word starts a clause ("mine workers commuting home").
_ING_NOUNS = frozenset("building buildings meeting gathering wedding crossing".split())


def _clause_verb(word: str) -> bool:
    """True for a word that starts another clause: an event verb ("killed 12 and injured 16
    ...": the next verb has its own object) or an -ing form ("mine workers commuting home")."""
    low = word.lower()
    return _HIT_VERB.fullmatch(low) is not None or (low.endswith("ing") and low not in _ING_NOUNS)


# Forces that fight on one side: "security forces, assisted by French and U.S. military
# personnel, began the assault", "troops backed by militias".
_ALLIES = re.compile(
    r"\b(?:assisted|backed|supported|aided|accompanied|joined)\s+by\b|"
    r"\bwith\s+the\s+(?:help|support|backing|assistance)\s+of\b|\balongside\b|\btogether\s+with\b",
    re.I,
)


# A roll of full names that spells out a group just named: "the rally's organizers — activists
# Aziz Mamiyev, Ilkin Rustamzadeh, and Fikret Jafarli".
_ROLL_LEAD = re.compile(r"[^\S\r\n]*[—–:][^\S\r\n]*(?:[a-z]+[^\S\r\n]+){0,2}")
_FULL_NAME = r"[A-Z][\w’'-]+(?:[^\S\r\n]+[A-Z][\w’'-]+)+"
_NAME_ROLL = re.compile(
    rf"{_FULL_NAME}(?:(?:,[^\S\r\n]+(?:and[^\S\r\n]+)?|[^\S\r\n]+and[^\S\r\n]+){_FULL_NAME})+"
)
_ROLL_SPLIT = re.compile(r",[^\S\r\n]+(?:and[^\S\r\n]+)?|[^\S\r\n]+and[^\S\r\n]+")


def names_after(evidence: str, target: str) -> list[str]:
    """The full names `evidence` spells `target` out as, right after it ("the rally's
    organizers — activists Aziz Mamiyev, Ilkin Rustamzadeh and Fikret Jafarli"); none if it
    does not."""
    at = evidence.lower().find(target.lower())
    lead = _ROLL_LEAD.match(evidence, at + len(target)) if at >= 0 else None
    roll = _NAME_ROLL.match(evidence, lead.end()) if lead is not None else None
    return [n for n in _ROLL_SPLIT.split(roll.group()) if n] if roll is not None else []


def targets_where_none(actors: list[str], evidence: str, event_type: str) -> tuple[list[str], str]:
    """The targets of an event a capable model named none for, and why (the judge's floor)."""
    if len(actors) > 1 and event_type in ("Battles", "Riots") and not _ALLIES.search(evidence):
        # "police and protesters had been locked in pitched street battles": each side fought
        # the other.
        return list(actors), "the sides"
    if event_type == "Protests":
        return [], ""  # a protest hits no one
    # What the evidence says was hit ("attacked an Iranian warship"), but not a doer.
    named = [fold(n) for n in actors]
    hit = [p for p in hit_phrases(evidence) if not any(fold(p) in n or n in fold(p) for n in named)]
    return hit[:2], "hit"


__all__ = [
    "names_after",
    "CLAIM_RESPONSIBILITY",
    "OWN_ACT",
    "TOLD_DAY",
    "Roles",
    "harmed_after",
    "hit_phrases",
    "role_forms",
    "sort_roles",
    "strip_count",
    "targets_where_none",
]
