"""What kind a name is: by its own words (a country, an organisation word, an acronym) and by
the words around it (a role before it, "said" after it, "killed" before it, a letter's closing).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.find.words import (
    ACRONYM_RE,
    COUNTRIES,
    ORG_KEYWORDS,
    ROLE_WORDS,
    UPPER,
    ends_with_word,
)

# Both matched on the lower-cased copy of the text (`lower_same`).
_ROLE_BEFORE_RE = re.compile(rf"\b(?:{ROLE_WORDS})[^\S\r\n]*,?[^\S\r\n]+\Z")
_ROLE_LAST = tuple(ROLE_WORDS.split("|"))  # for `ends_with_word`
_ROLE_APPOS_RE = re.compile(
    rf"[^\S\r\n]*,[^\S\r\n]+(?:(?:the|a|an|its|his|her)[^\S\r\n]+)?(?:[\w\-’']+[^\S\r\n]+){{0,3}}?(?:{ROLE_WORDS})\b",
)
NAME_VERB_AFTER_RE = re.compile(
    r"[^\S\r\n]*,?[^\S\r\n]+(?:also[^\S\r\n]+|later[^\S\r\n]+|further[^\S\r\n]+)?"
    r"(?:said|says|told|stated|added|wrote|warned|explained|exclaimed|tweeted|replied|remarked)\b"
)

# "Malcolm Webb, reporting from an abandoned town in Cabo Delgado, said": a place at the end of
# an aside, whose verb of saying is the subject's.
_PLACE_BEFORE_RE = re.compile(
    r",[^\S\r\n]+[a-z]+ing\b[^,.;:\n]{0,80}?\b(?:in|near|outside|inside)[^\S\r\n]+"
    r"(?:the[^\S\r\n]+)?\Z"
)


def classify(words: Sequence[str], canon: str) -> str | None:
    if canon in COUNTRIES:
        return "state"
    for w in words:
        if w in ORG_KEYWORDS:
            return "organization"
        if "-" in w and any(p in ORG_KEYWORDS for p in w.split("-")):
            return "organization"
    if len(words) == 1 and ACRONYM_RE.fullmatch(canon):
        return "organization"
    if canon == "Islamic State":  # the group (ISIS, ISIL, Daesh are keywords)
        return "organization"
    return None


# "Jane Roe, 23, faces", "Jane Roe, who lived": an age or "who" after a name is a person's.
_PERSON_AFTER_RE = re.compile(r"[^\S\r\n]*,[^\S\r\n]+(?:\d{1,3}[^\S\r\n]*,|who\b)")
# "Mohammed Khamis, an accountant, says": a full name described by a lower-case apposition,
# then a verb of saying, is a person's.
_DESCRIBED_SAYS_RE = re.compile(
    r"[^\S\r\n]*,[^\S\r\n]+an?[^\S\r\n]+[a-z][\w'’-]*(?:[^\S\r\n]+[a-z][\w'’-]*){0,8},"
    r"[^\S\r\n]+(?:said|says|told|tells|adds|added)\b"
)
# "killed Jane Roe", "the killing of Jane Roe", "indicted Jane Roe": a full name after these
# verbs is a person's (an organisation's name carries a word such as Forces or Party).
_PERSON_OBJECT_RE = re.compile(
    r"\b(?:killed|killing|killing of|assassinated|assassination of|murdered|murder of|"
    r"indicted|arrested|arrest of|ousted|executed|convicted|sentenced|identified as|named as)"
    r"[^\S\r\n]+\Z"
)
_PERSON_OBJECT_LAST = tuple(
    "killed killing of assassinated murdered indicted arrested ousted executed convicted "
    "sentenced as".split()
)
_CAP_AFTER_RE = re.compile(rf"[^\S\r\n]+[{UPPER}]")
_NUMBER_AFTER_RE = re.compile(r"[^\S\r\n]+\d")
# A letter's closing ("Sincerely," then the signer's name on a line of its own).
_SIGNATURE_BEFORE_RE = re.compile(
    r"\b(?:Sincerely|Respectfully|Regards|Faithfully|Yours|Sincerely yours|Yours truly),?"
    r"[^\S\n]*(?:\r?\n[^\S\n]*)+\Z"
)
# "Iranian airline Mahan Air", "state-owned Saudi Aramco": an organisation.
_ORG_BEFORE_WORDS = (
    "airline|carrier|company|firm|militia|newspaper|broadcaster|state-owned|state-run|"
    "conglomerate|insurer|manufacturer|bank|charity|group"
)
_ORG_BEFORE_RE = re.compile(
    rf"\b(?:{_ORG_BEFORE_WORDS})[^\S\r\n]+\Z"
    # "Nigeria's homegrown militant group, Boko Haram" (not "a spokesman for the group, Abu
    # Ali al-Askari": after "the group," a member may be named).
    rf"|(?<!the )(?<!a )\b(?:{_ORG_BEFORE_WORDS}),[^\S\r\n]+\Z"
)
_ORG_BEFORE_LAST = tuple(_ORG_BEFORE_WORDS.split("|"))

# "Boko Haram militants", "Hezbollah fighters": a group whose members the text names (not
# "members": "Republican members", "Most members").
_MEMBERS_AFTER_RE = re.compile(
    r"[^\S\r\n]+(?:militants|fighters|insurgents|gunmen|rebels|operatives|jihadists|"
    r"commanders)\b"
)
# "Burhan's government", "Clinton's campaign": one who leads a government, a regime, forces or
# a campaign (a country or a group is typed before).
_RULES_AFTER_RE = re.compile(
    r"['’]s[^\S\r\n]+(?:government|regime|administration|forces|troops|army|campaign|"
    r"loyalists)\b"
)
# "operations against al-Shabaab", "the fight against Boko Haram": the enemy is a group.
_FOE_BEFORE_RE = re.compile(
    r"\b(?:operations?|attacks?|strikes?|airstrikes?|campaign|fight|war|offensive|raids?)"
    r"[^\S\r\n]+(?:(?:\w+[^\S\r\n]+){0,3}?)against[^\S\r\n]+(?:the[^\S\r\n]+)?\Z"
)


# "Salva Kiir arrested eleven politicians", "Assad has targeted medical services", "Assad's
# strikes": a name the text shows carrying out an act, with no word that makes it an
# organisation's, is a person's (a country or a group carries such a word and is typed before).
_ACTS_AFTER_RE = re.compile(
    r"(?:[^\S\r\n]+(?:has|had|have|also|then|later|allegedly|reportedly|again))*[^\S\r\n]+"
    r"(?:arrested|detained|ordered|attacked|killed|shot|stabbed|ambushed|abducted|kidnapped|"
    r"seized|captured|raided|stormed|invaded|targeted|shelled|bombed|bombarded|struck|"
    r"launched|mailed|planted|detonated|executed|assassinated|massacred|torched|imposed|"
    r"deployed|besieged|murdered)\b"
    r"|['’]s?[^\S\r\n]+(?:air[^\S\r\n]*)?(?:strikes|attacks|rockets|missiles|shelling|"
    r"bombardment|retaliation|offensive)\b"
)

# Where a subject starts: the text's or a clause's start, not after an article or a place's
# preposition ("The Serena", "armed groups in Gaza launched", "Mali's capital Bamako killed").
_CLAUSE_START_RE = re.compile(
    r"(?:\A|[\n.,;:!?\"“”(—–][^\S\r\n]*|\b(?:and|but|that|when|after|as|since|while|because|"
    r"then|where|until|before)[^\S\r\n]+)\Z"
)


def _after_line_break(window: str) -> bool:
    """Whether the white space `window` ends with holds a line break (as a closing needs)."""
    return "\n" in window[len(window.rstrip()) :]


def context_kind(ft: str, low: str, s: int, e: int, words: list[str]) -> str | None:
    """The kind the words around the name at [s, e) of `ft` (`low`, its lower-cased copy)
    tell, if any."""
    if ends_with_word(low[max(0, s - 40) : s], _ROLE_LAST, comma=True) and (
        _ROLE_BEFORE_RE.search(low, max(0, s - 40), s)
    ):
        return "person"
    if _ROLE_APPOS_RE.match(low, e, min(len(ft), e + 80)):
        return "person"
    if NAME_VERB_AFTER_RE.match(ft, e, min(len(ft), e + 40)) and not _PLACE_BEFORE_RE.search(
        ft, max(0, s - 120), s
    ):
        if ft[max(0, s - 4) : s] in ("The ", "the "):
            return "organization"  # "The Serena said": no person takes an article
        # One word before "said" may be a surname or a company: decided in _unify.
        return "person" if len(words) >= 2 else "speaker"
    before = ft[max(0, s - 13) : s]
    if len(words) >= 2 and before.endswith(("said ", "says ", "according to ")):
        return "person"
    return _more_context_kind(ft, low, s, e, words)


def _more_context_kind(ft: str, low: str, s: int, e: int, words: list[str]) -> str | None:
    """Kind hints from the words around a name that `context_kind` leaves undecided."""
    if _PERSON_AFTER_RE.match(ft, e, min(len(ft), e + 12)):
        return "person"
    if len(words) >= 2 and _DESCRIBED_SAYS_RE.match(ft, e, min(len(ft), e + 100)):
        return "person"
    if _ACTS_AFTER_RE.match(ft, e, min(len(ft), e + 50)) and _CLAUSE_START_RE.search(
        low, max(0, s - 8), s
    ):
        return "person"
    near = low[max(0, s - 40) : s]  # (each pattern is tried only where it could match)
    if (
        len(words) >= 2
        and ends_with_word(near, _PERSON_OBJECT_LAST)
        and _PERSON_OBJECT_RE.search(low, max(0, s - 24), s)
        and not _CAP_AFTER_RE.match(ft, e)  # "killed Abu Dhabi TV photojournalist ..."
    ):
        return "person"
    if len(words) >= 2 and _after_line_break(ft[max(0, s - 160) : s]):
        if _SIGNATURE_BEFORE_RE.search(ft, max(0, s - 160), s):
            return "person"
    if ends_with_word(near, _ORG_BEFORE_LAST, comma=True) and _ORG_BEFORE_RE.search(
        low, max(0, s - 24), s
    ):
        return "organization"
    if _MEMBERS_AFTER_RE.match(ft, e, min(len(ft), e + 20)):
        return "organization"
    if _RULES_AFTER_RE.match(ft, e, min(len(ft), e + 30)):
        return "person"
    if (
        ends_with_word(near, ("against",), article=True)
        and _FOE_BEFORE_RE.search(low, max(0, s - 40), s)
        and not _NUMBER_AFTER_RE.match(ft, e)
    ):  # (not "against the Tower 22 base": a site's number)
        return "organization"
    return None
