"""Word lists and small patterns the finders share: months, weekdays, numbers, countries,
organisation words, titles, stop words, role words, speech verbs.
"""

from __future__ import annotations

import re


def _upper_class() -> str:
    """Regex class body with the upper-case letters of Latin, Greek and Cyrillic scripts."""
    cps = [
        cp
        for block in ((0x41, 0x5B), (0xC0, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))
        for cp in range(*block)
        if chr(cp).isupper()
    ]
    parts: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        parts.append(chr(cps[i]) if i == j else f"{chr(cps[i])}-{chr(cps[j])}")
        i = j + 1
    return "".join(parts)


UPPER = _upper_class()

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

NUMBER_WORDS = {
    "zero": 0,
    "no": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


def _bars(spec: str) -> list[str]:
    """Entries of a "|"-separated list that may be wrapped over lines."""
    return [w.strip() for w in spec.split("|") if w.strip()]


# Also read by the event finder: "the Parliament of Iraq" is in Iraq.
COUNTRIES = frozenset(
    _bars(
        """Afghanistan|Albania|Algeria|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahrain|
    Bangladesh|Belarus|Belgium|Bolivia|Bosnia|Brazil|Britain|Great Britain|Bulgaria|Burkina Faso|
    Cambodia|Cameroon|Canada|Chad|Chile|China|Colombia|Congo|Croatia|Cuba|Cyprus|Czech Republic|
    Czechia|Denmark|Djibouti|Egypt|Eritrea|Estonia|Ethiopia|Finland|France|Georgia|Germany|Ghana|
    Greece|Hungary|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Japan|Jordan|Kazakhstan|Kenya|
    Kosovo|Kuwait|Kyrgyzstan|Latvia|Lebanon|Libya|Lithuania|Malaysia|Mali|Mexico|Moldova|Morocco|
    Myanmar|Nepal|Netherlands|New Zealand|Niger|Nigeria|North Korea|South Korea|Korea|Norway|Oman|
    Pakistan|Palestine|Philippines|Poland|Portugal|Qatar|Romania|Russia|Saudi Arabia|Serbia|
    Somalia|South Africa|South Sudan|Spain|Sri Lanka|Sudan|Sweden|Switzerland|Syria|Taiwan|
    Tajikistan|Tanzania|Thailand|Tunisia|Turkey|Türkiye|Turkmenistan|Uganda|Ukraine|
    United Arab Emirates|UAE|United Kingdom|UK|U.K.|United States|United States of America|US|
    U.S.|USA|U.S.A.|America|Uzbekistan|Venezuela|Vietnam|Yemen|Zimbabwe|Islamic Republic|
    Islamic Republic of Iran|Kingdom of Saudi Arabia|Syrian Arab Republic|Russian Federation"""
    )
)

DEMONYMS = frozenset(
    _bars(
        """Afghan|American|Arab|Arabian|Australian|Bahraini|British|Canadian|Catholic|Chinese|
    Christian|Egyptian|Emirati|European|African|Asian|French|German|Greek|Indian|Iranian|Iraqi|
    Irish|Islamic|
    Israeli|Italian|Japanese|Jewish|Jordanian|Kurdish|Kuwaiti|Lebanese|Libyan|Muslim|Omani|
    Pakistani|Palestinian|Persian|Qatari|Russian|Saudi|Shia|Shiite|Shi’ite|Shi'ite|Sunni|Syrian|
    Turkish|Ukrainian|Western|Yemeni|Kurd|Kurds|Arabs|Americans|Iranians|Iraqis|Israelis|
    Palestinians|Syrians|Russians|Shiites|Sunnis|Muslims|Christians|Jews|Europeans|Islamist|
    Jihadist|Salafist|Hindu|Buddhist|Burkinabe"""
    )
)


# The endings that make an adjective of origin from a country's name, each with the shortest
# stem it leaves ("Sudan-ese", "Pol-ish", "Indonesi-an", "Somal-i").
_ORIGIN_SUFFIXES = (("ese", 4), ("ish", 3), ("ian", 4), ("ien", 4), ("an", 4), ("i", 4), ("n", 4))


def _stem_countries(word: str) -> list[list[str]]:
    """For each ending `word` has, the countries whose name starts with what is left."""
    return [
        [c for c in COUNTRIES if c.startswith(word[: -len(suffix)])]
        for suffix, shortest in _ORIGIN_SUFFIXES
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest
    ]


def of_a_country(word: str) -> bool:
    """True for an adjective of origin: a demonym above, or a word made from a country's name
    ("Indonesian", "Romanian", "Sudanese", "Polish"); not the country itself ("Iran", "Oman")."""
    if word in DEMONYMS:
        return True
    if word in COUNTRIES or not word[:1].isupper():
        return False
    return any(_stem_countries(word))


# Adjectives whose country the stem does not tell.
_IRREGULAR_ORIGINS = {
    "Turkish": "Turkey", "British": "United Kingdom", "Saudi": "Saudi Arabia",
    "Dutch": "Netherlands", "Emirati": "United Arab Emirates", "Filipino": "Philippines",
    "Swiss": "Switzerland", "French": "France",
}  # fmt: skip


def country_of(adjective: str) -> str | None:
    """The country an adjective of origin is made from ("Russian" -> "Russia", "Israeli" ->
    "Israel", "Iranian" -> "Iran"), or None when it names none or several."""
    if adjective in _IRREGULAR_ORIGINS:
        return _IRREGULAR_ORIGINS[adjective]
    if not of_a_country(adjective) or adjective in COUNTRIES:
        return None
    for found in _stem_countries(adjective):
        single = [c for c in found if " " not in c]
        if len(single) == 1:
            return single[0]
    return None


# A nation's forces named by its adjective ("Russian forces", "Israeli troops"): an actor with
# no name of its own.
_DEMONYM = "|".join(sorted(map(re.escape, DEMONYMS), key=len, reverse=True))
NATION_FORCES = re.compile(
    rf"\b(?:{_DEMONYM})[^\S\r\n]+"
    r"(?:(?:armed[^\S\r\n]+|security[^\S\r\n]+|occupation[^\S\r\n]+|occupying[^\S\r\n]+)?"
    r"forces|troops|military|army|soldiers|navy|air[^\S\r\n]+force|"
    # As the other side names them: "the Russian occupiers", "Israeli occupation forces".
    r"occupiers|invaders)\b"
)
# Two nations' forces acting together ("an Afghan and coalition security force", "an
# Afghan-international security force"): one actor, of kind military.
JOINT_FORCES = re.compile(
    rf"\b(?:{_DEMONYM})(?:[^\S\r\n]+and[^\S\r\n]+|-)(?:coalition|international|{_DEMONYM})"
    r"[^\S\r\n]+(?:security[^\S\r\n]+)?(?:forces?|troops)\b"
)

# Also read by the name filter: "my Administration" is no name.
ORG_KEYWORDS = frozenset(
    _bars(
        """Forces|Force|Brigades|Brigade|Battalion|Battalions|Resistance|Ministry|Party|Hezbollah|
    Hizballah|Hizbollah|Kataib|Kataeb|Harakat|Saraya|Asaib|Asa'ib|Asa’ib|Movement|Front|Army|Corps|
    Guard|Guards|Council|Command|Committee|Organization|Organisation|Group|Agency|News|Network|
    Association|Union|Coalition|Alliance|Federation|Foundation|Institute|Center|Centre|Department|
    Office|Embassy|Consulate|Parliament|Government|Administration|Commission|Authority|Bureau|
    Service|Services|Police|Navy|Airlines|Airways|University|Company|Corporation|Inc|Ltd|Bank|TV|
    Times|Herald|Post|Press|Media|Channel|Radio|Reuters|Congress|Senate|Assembly|League|
    Mobilization|Mobilisation|Taliban|Hamas|Jihad|Brotherhood|Militia|Militias|Unit|Units|Division|
    Regiment|Fleet|Court|Tribunal|Nations|Cabinet|Board|Houthis|Houthi|Qaeda|Al-Qaeda|ISIS|ISIL|
    Daesh|Cooperation|Communications|Secretariat|Interpol|Parliament|Directorate|Sabereen"""
    )
)

# Words in a name before "of" that make "X of Y" one name ("Islamic Republic of Iran").
OF_KEYWORDS = ORG_KEYWORDS | frozenset(
    "Republic Kingdom Region Province Governorate District Gulf Strait Sea Island Islands State "
    "States City Bay Lake River Mount Emirate Sultanate Secretary Minister Ministry Bank".split()
)

CORE_TITLES = frozenset(
    _bars(
        """President|Minister|Secretary|Secretary-General|Senator|Sen.|Rep.|Representative|Congressman|
    Congresswoman|Ambassador|General|Gen.|Lieutenant|Lt.|Colonel|Col.|Major|Maj.|Captain|Capt.|
    Admiral|Adm.|Commander|Commandant|Chief|Superintendent|Governor|Gov.|Mayor|King|Queen|Prince|
    Princess|Sheikh|Ayatollah|Leader|Speaker|Spokesman|Spokesperson|Spokeswoman|Director|Chairman|
    Chairwoman|Dr.|Mr.|Mrs.|Ms.|Miss|Prof.|Professor|Pope|Judge|Justice|Sergeant|Sgt.|Officer|
    Chancellor|Emir|Envoy|Coordinator|Premier|Commissioner|Marshal|Brigadier|Brig.|Cmdr.|Rev.|
    Reverend|Rabbi|Cardinal|Bishop|Archbishop|Sir|Lord|Lady|Dame|IM|GM|WGM|Senator|Moderator|
    MR.|MS.|MRS.|DR.|MR|MS|MRS|Mr|Mrs|Ms|Dr|PRESIDENT|SECRETARY|SENATOR|GENERAL|LIEUTENANT|ADMIRAL|COLONEL|
    MAJOR|CAPTAIN|AMBASSADOR|GOVERNOR|DIRECTOR|SPEAKER|LEADER|CHIEF|Agent|Attorney|Activist|Journalist|
    Lawyer|Photographer|Reporter|Correspondent|Analyst|Researcher|Witness|Protester|Resident|Nurse|
    Farmer|Cleric|Pastor|Priest|Chair|Chairperson|Volunteer"""
    )
)
# Words that belong to a title only when another title word follows ("Prime Minister").
TITLE_MODIFIERS = frozenset(
    _bars(
        """Vice|Prime|Foreign|Defence|Defense|Interior|Special|Presidential|Former|Acting|Regional|
    Deputy|Supreme|Crown|Press|Attorney|Field|Grand|Woman|International|Executive|Senior|Head|Interim|
    Assistant|Lieutenant|Chief|Master|Defence|State|Home|Finance|Health|Justice|National|Security|
    Army|Military|Armed|Top|First|Second|VICE|DEPUTY|PRESS"""
    )
)

PARTICLES_JOIN = frozenset(
    "al el es bin ibn bint ul de da du del della der den van von le la los las".split()
)
PARTICLES_ORG = frozenset("for in on to".split())

# Lower-cased words that never start a name when capitalized at a sentence start or in a
# title-case heading ("cut" and "ends": a broadcast script's and a press release's markers,
# "CUT", "ENDS", on a line of their own).
STOPWORDS = frozenset(
    """the a an however but on in at as since when while despite after before during some many
    several numerous local another other this these those that it its they we he she i you our
    their his her my if yet so also still then now here there where what who why how all both each
    every no not one two three unlike like following according meanwhile moreover furthermore
    although though because until unless with without from for by to of and or nor amid among
    against under over late early earlier later last next today yesterday tomorrow tonight just
    thanks thank good great yes yeah okay ok well please sir so-called is are was were be been
    has have had do does did will would can could should may might must see also read more new
    said says dear hello hi please let let's we're i'm it's that's there's here's don't
    speaking go sure right look again once even only besides beyond except including instead
    inside outside throughout across toward towards upon within via whether whereas regardless
    alongside nevertheless nonetheless additionally otherwise indeed perhaps maybe why
    i've i'd i'll you're you've you'd you'll we've we'd we'll they're they've they'd he's she's
    isn't aren't wasn't weren't can't couldn't won't wouldn't didn't doesn't oh um uh ah hey wow
    whenever wherever whatever whoever nobody everybody somebody everyone someone anyone nothing
    something everything mr mrs ms dr cut ends
    asked pressed questioned reached contacted
    """.split()
)
ALLCAPS_EXCLUDED = frozenset(
    "EST EDT UTC GMT AM PM A.M. P.M. OK TV Q I A "
    # A story's or a transcript's labels, not names: "UPDATE:", "WARNING:", "TRANSCRIPT".
    "UPDATE UPDATED WARNING TRANSCRIPT SUBJECT STAFF NOTE BREAKING TEASE CORRECTION THEREFORE "
    "SINGING WATCH VIDEO PHOTO PHOTOS ADOPTED NARRATION ARCHIVAL END FURTHER FINALLY CONTENT "
    # Time zones, and common nouns written as capitals: no party.
    "IST CET CEST BST PST PDT MST MDT CST CDT EET EEST SMS VIP HQ P.S. "
    # Weapons, things and kinds of people written as capitals: no party.
    "RPG RPGS IED IEDS LRAD FPV PVC PPE USD COVID LGBT LGBTI LGBTQ LGBTQI".split()
) | {w.upper() for w in [*MONTHS, *WEEKDAYS] if len(w) > 3}

# Also read by the event finder: "a Texas woman" is no place of an event.
ROLE_WORDS = (
    r"spokesman|spokesperson|spokeswoman|leader|commander|minister|official|president|secretary|"
    r"chief|envoy|analyst|director|journalist|photojournalist|reporter|correspondent|colleague|"
    r"producer|aide|adviser|advisor|son|daughter|wife|husband|brother|sister|father|mother|"
    r"cleric|general|governor|mayor|lawmaker|senator|prosecutor|researcher|expert|activist|"
    r"witness|resident|engineer|pilot|officer|candidate|nominee|student|player|specialist|"
    r"founder|head|member|chairman|ambassador|coordinator|deputy|representative|lawyer|"
    r"attorney|judge|agent|defendant|suspect|soldier|contractor|hostage|professor|doctor|friend|"
    r"victim|survivor|widow|woman|man|neighbor|neighbour|relative|cousin|classmate|worker|nurse|"
    r"teacher|farmer|driver|volunteer|protester|demonstrator|"
    r"dictator|premier|chancellor|king|queen|prince|sheikh|imam|pastor|priest|bishop|rabbi|"
    r"blogger|writer|author|editor|columnist|photographer|businessman|tycoon|diplomat|"
    r"congressman|congresswoman|legislator|commissioner|inspector|sergeant|lieutenant|captain|"
    r"colonel|gunman|shooter|attacker|assailant|bomber|detainee|prisoner|inmate"
)
# Verbs that report speech, in lower case: the attribution finder matches them on the lower-cased
# text; also read by the pronoun resolver ("The friend said" before a "she").
ATTR_VERBS = (
    r"said|says|say|stated|states|added|adds|wrote|writes|told|tells|warned|warns|continued|"
    r"continues|explained|explains|noted|notes|remarked|declared|declares|announced|announces|"
    r"insisted|insists|argued|argues|asserted|claimed|claims|alleged|alleges|tweeted|posted|"
    r"replied|responded|answered|exclaimed|acknowledged|admitted|urged|asked|asks|stressed|emphasi[sz]ed|"
    r"recalled|commented|concluded|predicted|vowed|threatened|promised|described|called|"
    r"referred|characteri[sz]ed|demanded|read|reads|saying|adding|stating|writing|warning|"
    r"telling|noting|declaring|calling|describing|insisting|arguing|claiming|urging|explaining|"
    r"demanding|blaming|blamed|condemned|condemns|underscored|underlined|highlighted|reiterated|cautioned|observed|"
    r"lamented|pledged|appealed|affirmed|reaffirmed|maintained|contended|conceded|alerted|"
    r"reminded|reminds|screamed|shouted|yelled|chanted|pledging|vowing|promising|threatening|"
    r"stressing|emphasi[sz]ing|chanting|shouting|attributed|accused|accuses|accusing|clarified|"
    r"reported|reports|expressed|expresses|voiced|pointed\s+out|points\s+out|"
    r"according\s+to"
)
HSPACE = r"[^\S\r\n]"  # horizontal white space, no-break space included
# Where a described body of people stands, right after its noun: "the crowd below shouted".
WHERE_AFTER = r"below|outside|inside|nearby|there"
AFTER_COMMA_RE = re.compile(rf",{HSPACE}+")
WRAP_SEP = rf"(?:{HSPACE}+|{HSPACE}*\r?\n{HSPACE}*)"
# A dateline tells where a story was filed ("BOSTON —", "WASHINGTON (AP) –", "SEOUL, Aug. 20
# (Yonhap) --", "KABUL, Afghanistan (Sept. 1) -"): the sentence splitter, the subject finder and
# the judge's places, days and doers all read it from these parts, and none takes its city for
# an event's place or a speaker, nor its day for an event's.
DATELINE_CITY = r"[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+)*"
# After the city's comma, its region or the day: ", Afghanistan", ", Aug. 20".
DATELINE_AFTER_CITY = rf"(?:,{HSPACE}*[A-Z][\w.]*(?:{HSPACE}+\d{{1,2}}\b)?)?{HSPACE}*"
# The outlet or the day in brackets: "(AP)", "(Sept. 1)".
DATELINE_BRACKETS = rf"(?:\([^()\n]{{1,25}}\){HSPACE}*)?"
# A news story's dash; a press release's may be a hyphen before a space.
NEWS_DASH = r"(?:[—–]|--)"
RELEASE_DASH = rf"(?:[—–]|--?(?={HSPACE}))"
DATELINE = DATELINE_CITY + DATELINE_AFTER_CITY + DATELINE_BRACKETS + NEWS_DASH
# A point of the compass ("north-west", "east") and the word of direction made of it or of the
# centre ("northern", "north-eastern", "central"), as in "in northern Afghanistan".
COMPASS = r"(?:north|south)(?:-?(?:east|west))?|east|west"
DIRECTION = rf"(?:{COMPASS}|central)(?:ern)?"
# What a name owns as a place, after its possessive: "a suburb of Syria's capital", "Syria's
# commercial hub", "Syria's civil war", "in Russia's southern city of Volgograd", "Russia's
# heartland" (not "Syria's government").
PLACE_OWNED_AFTER = re.compile(
    rf"['’]s?[^\S\r\n]+(?:[a-z][\w-]*[^\S\r\n]+)?(?:capital|hub|suburbs?|civil[^\S\r\n]+war|"
    rf"{COMPASS}|borders?|coast|coastline|cit(?:y|ies)|towns?|villages?|provinces?|regions?|"
    r"territory|soil|countryside|airspace|streets|heartland|interior)\b"
)
# Where it opens the document, a spaced hyphen, a semicolon or the line's end may end a dateline:
# "WORCESTER - Masked anarchists", "COLOMBO (News 1st); Eight people died", "WASHINGTON\n\n".
OPENING_DATELINE_END = rf"{HSPACE}*{DATELINE_BRACKETS}(?:-{HSPACE}|;|\r?\n)"
# An acronym, all capitals or dotted (also read by the name filter).
ACRONYM_RE = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][A-Z0-9&\-]*[A-Z0-9]")
# A word, with the apostrophes and hyphens inside it.
WORDS_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def ends_with_word(
    window: str, words: tuple[str, ...], *, comma: bool = False, article: bool = False
) -> bool:
    """Whether `window` ends with white space and, before it, with one of `words` (then a
    comma, when `comma`; then "the", when `article`).

    What the patterns that end "<word>[,][ the] $" need before they can match, told without
    them: most windows before a name end with none of their words.
    """
    if not window[-1:].isspace():
        return False
    rest = window.rstrip()
    if comma and rest.endswith(","):
        rest = rest[:-1].rstrip()
    if rest.endswith(words):
        return True
    return article and rest.endswith("the") and rest[:-3].rstrip().endswith(words)


# Words written on what a crowd carries or a wall shows, up to the quote, perhaps after other
# such quotes ("signs reading “Stop Killer Cops” and “"): a slogan nobody says in the story.
WRITTEN_ON = re.compile(
    r"\b(?:signs?|placards?|banners?|t-shirts?|shirts?|graffiti|walls?|windows?|billboards?)"
    r"\s+(?:(?:that|which)\s+(?:read|reads|said|says|bore)|reading|saying|bearing|with\s+"
    r"(?:the\s+)?(?:words?|messages?|slogans?)(?:\s+(?:like|such\s+as))?|"
    r"emblazoned\s+with)(?:\s+the\s+words?)?[^\S\n]*[:,]?[^\S\n]*"
    # Other such slogans before it, in one list: "“Stop Killer Cops” and “".
    r"(?:[“\"][^“”\"\n]{1,80}[”\"][^\S\n]*(?:,|and|or)[^\S\n]*)*[“\"]?$",
    re.I,
)
