"""Text and name folding for the evaluator: names, acronyms and descriptions compared.

Text is folded (case, accents, quote and dash forms, zero-width characters, whitespace) before
it is searched, and names are compared folded, as acronyms and, for a person, by surname; a
format-2 description ("an elderly witness") matches another by its words and head noun. This is
independent of the pipeline's own grounding code on purpose: an evaluator that shared the
system's text folding would share its blind spots.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "'\u2018\u2019\u02bc`\u00b4"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212/"
_QUOTES = '"\u201c\u201d\u201e\u00ab\u00bb'
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"))
_NAME_DROP = frozenset({"the", "al", "el"})
_LEADING_ARTICLES = frozenset({"a", "an"})
_ACRONYM_SKIP = frozenset({"the", "of", "in", "for", "and", "al", "el", "de", "on"})
EDGE = frozenset(" \t\r\n.,;:!?()[]" + _QUOTES + _APOSTROPHES)


def _strip_marks(s: str) -> str:
    decomposed = unicodedata.normalize("NFKD", s.translate(_ZERO_WIDTH))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_text(s: str) -> str:
    """Case, accents, quote and dash forms, zero-width characters and whitespace folded."""
    s = _strip_marks(s).casefold()
    s = re.sub(f"[{_APOSTROPHES}]", "'", s)
    s = re.sub(f"[{_QUOTES}]", '"', s)
    s = re.sub(f"[{_DASHES}]", "-", s)
    return " ".join(s.split())


_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")


def _name_tokens(name: str, *, drop: frozenset[str] = _NAME_DROP) -> list[str]:
    s = _strip_marks(name).casefold()
    s = re.sub(f"[{_APOSTROPHES}.]", "", s)  # Asa'ib -> asaib, U.S. -> us
    s = re.sub(r"[^\w]+", " ", s)  # hyphens and the rest split words: al-Walai -> al walai
    words = s.split()
    if words and words[0] in _LEADING_ARTICLES:
        words = words[1:]
    return [t for t in words if t not in drop]


def fold_name(name: str) -> str:
    """A name folded for comparison: case, accents, apostrophes, periods, hyphens, a leading
    "a"/"an" and the articles "the", "al", "el" go ("Asa'ib Ahl al-Haq" == "Asaib Ahl al Haq")."""
    return " ".join(_name_tokens(name))


def acronym(name: str) -> str:
    """Initials of a multi-word name without its small words ("Popular Mobilization Forces"
    -> "pmf"); empty for a one-word name."""
    words = _name_tokens(name, drop=_ACRONYM_SKIP)
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def names_match(system: str, gold: str, *, person: bool = False) -> bool:
    """True when a system name names the gold name.

    Folded names are equal; or one is the other's acronym; or, for a person, one name's words
    are a subset of the other's with the same last word (a surname, or a title in front:
    "Kaabi", "Iranian President Hassan Rouhani").
    """
    a, b = fold_name(system), fold_name(gold)
    if not a or not b:
        return False
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return True
    if " " not in a and a == acronym(gold):
        return True
    if " " not in b and b == acronym(system):
        return True
    if person:
        ta, tb = a.split(), b.split()
        if ta[-1] == tb[-1] and (set(ta) <= set(tb) or set(tb) <= set(ta)):
            return True
    return False


# Descriptions (format 2): "an elderly witness", "a military source who declined to be named".
_DETERMINERS = frozenset({"a", "an", "the", "one"})
# Lower-case words that still belong to a name ("Ekram al-Akhras", "Bank of England").
_NAME_SMALL_WORDS = _ACRONYM_SKIP | {"bin", "ibn", "bint", "van", "von", "der", "da", "di", "du"}
# Words after which a description's head noun has been said ("a source *who* ...").
_HEAD_END = frozenset(
    {"who", "whom", "whose", "that", "which", "with", "from", "of", "for", "in", "at", "on"}
    | {"to", "by", "near", "and", "or", "told", "said", "speaking", "declined"}
)


def is_description(name: str) -> bool:
    """True when a name is a description rather than a name: after the determiners, a word that
    starts with a lower-case letter and is not one of a name's small words ("an elderly
    witness", "gunmen", "an Interpol spokesperson"; not "the Health Ministry", "Ekram
    al-Akhras")."""
    s = re.sub(f"[{_APOSTROPHES}.]", "", _strip_marks(name))
    words = re.sub(r"[^\w]+", " ", s).split()
    while words and words[0].casefold() in _DETERMINERS:
        words = words[1:]
    return any(w[0].islower() and w.casefold() not in _NAME_SMALL_WORDS for w in words)


def _description_words(text: str) -> list[str]:
    words = _name_tokens(text, drop=frozenset())
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return words


def _head(words: list[str]) -> str | None:
    """The head noun: the last word before a relative clause or a preposition."""
    before: list[str] = []
    for w in words:
        if w in _HEAD_END:
            break
        before.append(w)
    return before[-1] if before else None


def descriptions_match(system: str, gold: str) -> bool:
    """True when two descriptions describe the same party.

    Both are folded as names and lose their leading determiners ("a", "an", "the", "one"); they
    match when one is a run of words inside the other ("a witness" / "an elderly witness"), or
    when they share the head noun and one more word ("a senior military source" / "a military
    source who declined to be named").
    """
    a, b = _description_words(system), _description_words(gold)
    if not a or not b:
        return False
    ja, jb = f" {' '.join(a)} ", f" {' '.join(b)} "
    if ja in jb or jb in ja:
        return True
    head = _head(a)
    if head is None or head != _head(b):
        return False
    return bool((set(a) & set(b)) - {head} - _HEAD_END - _NAME_SMALL_WORDS)


def place_match(system: str, gold: str) -> bool:
    """True when one place's words hold the other's ("Bolivia's major cities" holds "Bolivia",
    a possessive being the place's own name)."""
    system, gold = (_POSSESSIVE.sub("", p) for p in (system, gold))
    a, b = f" {' '.join(_name_tokens(system))} ", f" {' '.join(_name_tokens(gold))} "
    return a.strip() != "" and b.strip() != "" and (a in b or b in a)


def in_text(needle: str, folded_text: str) -> bool:
    return bool(needle.strip()) and fold_text(needle) in folded_text
