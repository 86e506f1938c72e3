"""Names in normal form: the one place two spellings of a name are found to be one.

`name_key` folds a name to its matching key: accents, marks and hyphenated Arabic articles go,
titles and generic tails ("militia", "rebels") go, known variants and acronyms map to one form,
and long words become consonant skeletons ("Hizballah" and "Hezbollah" share one). Descriptors
("Iran-backed") are kept apart as marked tokens. `country_code` reads a country's name as
reports write it. The briefing merges actors across documents with these keys, and grounding
merges the actors of one document with them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import pycountry

Key = tuple[str, ...]

# ---------------------------------------------------------------------------------------------
# Normalization
# ---------------------------------------------------------------------------------------------

# Apostrophes, primes, and the modifier letters used for ayn (ʿ) and hamza (ʾ).
_MARKS = re.compile("['\u2018\u2019\u201b`\u00b4\u02b9\u02bb\u02bc\u02be\u02bf\u2032]")
# Hyphenated Arabic article forms, sun-letter assimilations included (ash-Sham, ad-Dawa).
_ARTICLE_PREFIX = re.compile(r"(?<![^\W_])(?:al|el|ul|an|ar|as|ash|at|ath|ad|adh|az|ud|ut)-(?=\w)")
_HYPHENS = re.compile("[-\u2010-\u2015\u2212]")
_NON_WORD = re.compile(r"[\W_]+")
_ARTICLES = frozenset({"al", "el", "ul", "the"})
_STOP = frozenset({"of", "in", "for", "and", "de", "on", "to"})
# Trailing words that describe rather than name ("the Kataib Hezbollah militia", "Houthi rebels");
# kept when only a country or nationality would be left ("Iraqi militias").
_GENERIC_TAIL = frozenset(
    "militia militias group rebels rebel militants militant fighters insurgents".split()
)

# Transliteration variants, one spelling per word (keys after marks are removed and lowercased).
_VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "hezbollah",
        "hizballah",
        "hizbollah",
        "hizbullah",
        "hezballah",
        "hezbolla",
        "hizbolla",
        "hisbollah",
        "hizbalah",
    ),
    ("sayyid", "seyyed", "sayyed", "sayed", "seyed", "sayid", "syed", "seyyid"),
    ("shuhada", "shohada", "shuhadaa", "shohadaa", "shuhadah", "shohadah"),
    ("walai", "walae", "walaei", "walaee", "walaie", "walaa"),
    ("asaib", "asaeb", "asayib"),
    ("kataib", "kataeb", "katayib", "kataaib"),
    ("nujaba", "nujabaa", "nujabah", "nojaba"),
    ("harakat", "harakah", "haraka"),
    ("muhammad", "mohammed", "mohammad", "muhammed", "mohamed", "mohamad", "muhamad"),
    ("hussein", "husayn", "husain", "hussain", "hossein", "husein"),
    ("abu", "abou"),
    ("abd", "abdel", "abdul", "abdal"),
    ("qassem", "qasem", "qasim", "qassim", "kassem", "ghasem"),
    ("soleimani", "sulaimani", "suleimani", "solaimani", "sulaymani"),
    ("houthi", "houthis", "huthi", "huthis", "hothi"),
    ("erbil", "irbil", "arbil", "hawler"),
    ("mosul", "mawsil"),
    ("basra", "basrah"),
)
_VARIANTS: dict[str, str] = {v: group[0] for group in _VARIANT_GROUPS for v in group}

# Acronyms every analyst reads without a definition.
_BUILTIN_ACRONYMS: dict[str, str] = {
    "us": "united states",
    "usa": "united states",
    "uk": "united kingdom",
    "un": "united nations",
    "eu": "european union",
    "idf": "israel defense forces",
}

# Words naming a country or a nationality: two names that differ by one of these on each side
# are different actors ("Islamic Resistance in Iraq" / "Islamic Resistance in Lebanon").
_GEO = frozenset(
    """
    iran iranian iraq iraqi syria syrian lebanon lebanese israel israeli palestine palestinian
    gaza yemen yemeni saudi arabia jordan jordanian egypt egyptian turkey turkish kurdish kurdistan
    kuwait qatar bahrain oman emirates russia russian ukraine ukrainian china chinese america
    american states kingdom britain british france french germany german afghanistan afghan
    pakistan pakistani
    """.split()
)

_SKELETON_MIN = 5  # shorter words must match exactly: "Ali" is not "Ala", "Iran" is not "Iraq"


# "Iran-backed", "pro-Iranian", "Iran's": words that describe an actor rather than name it. They
# become marked tokens ("@iran"): kept apart from the name's core words, so "Iran-backed Hezbollah"
# is still one word of "Kataib Hezbollah" short, and "US-backed" vs "Iran-backed" still differ.
_DESCRIPTOR = re.compile(
    r"(?<![\w-])(?:pro-([^\W\d_]+)|([^\W\d_]+)-(?:backed|affiliated|aligned|linked|allied|"
    r"sponsored|supported|funded|armed|controlled|dominated|sympathetic))(?![\w-])"
)
_POSSESSIVE = re.compile(r"^\s*([^\W\d_][\w-]*)['\u2019]s\s+(?=\S)")
_DEMONYMS = {
    "iranian": "iran",
    "iraqi": "iraq",
    "syrian": "syria",
    "israeli": "israel",
    "american": "us",
    "lebanese": "lebanon",
    "turkish": "turkey",
    "russian": "russia",
    "saudi": "saudi arabia",
    "yemeni": "yemen",
    "british": "uk",
}
# Titles before a person's name. Those in _PERSON_TITLES go even when one word is left
# ("General Soleimani" -> "soleimani"); the others only when two or more are left.
_PERSON_TITLES = frozenset(
    """
    president general gen colonel col lieutenant lt major maj captain capt admiral adm brigadier
    sergeant sgt sheikh shaykh sheik ayatollah dr mr mrs ms sir senator sen rep commander minister
    secretary
    """.split()
)
_OTHER_TITLES = frozenset(
    "supreme leader grand prime chief deputy vice former late king prince emir spokesman".split()
)


def fold_name(text: str) -> str:
    """Casefold, strip accents and marks, drop hyphenated articles; keep word boundaries."""
    return _split(_fold_marks(text))


def _fold_marks(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _ARTICLE_PREFIX.sub("", _MARKS.sub("", text).replace(".", ""))


def _split(text: str) -> str:
    return _NON_WORD.sub(" ", _HYPHENS.sub(" ", text)).strip()


def _expand(word: str) -> list[str]:
    return _BUILTIN_ACRONYMS.get(word, _VARIANTS.get(word, word)).split()


def _words(name: str) -> list[str]:
    """The words of a name: folded, articles and titles dropped, variants mapped, descriptors
    marked with a leading "@"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    described: list[str] = []
    if m := _POSSESSIVE.match(text):
        described.append(m.group(1))
        text = text[m.end() :]
    text = _ARTICLE_PREFIX.sub("", _MARKS.sub("", text).replace(".", ""))

    def mark(m: re.Match[str]) -> str:
        described.append(m.group(1) or m.group(2))
        return " "

    text = _DESCRIPTOR.sub(mark, text)
    tags: list[str] = []
    for d in described:
        for w in _split(_fold_marks(d)).split():
            tags += ["@" + x for x in _expand(_DEMONYMS.get(w, w)) if x not in _ARTICLES]
    words: list[str] = []
    for w in _split(text).split():
        if w not in _ARTICLES:
            words.extend(_expand(w))
    while len(words) > 1 and (
        words[0] in _PERSON_TITLES or (words[0] in _OTHER_TITLES and len(words) > 2)
    ):
        words.pop(0)
    while (
        len(words) > 1
        and words[-1] in _GENERIC_TAIL
        and any(w not in _GEO and w not in _STOP for w in words[:-1])
    ):
        words.pop()
    return sorted(set(tags)) + words if words else []


def normalize_name(name: str) -> str:
    """A name in normal form: "Kata'ib Hizballah" and "kataib hezbollah" both give the latter.

    Args:
        name: A name as written.

    Returns:
        Lowercase words joined by single spaces; empty when nothing nameable is left.
    """
    return " ".join(_words(name))


@cache
def skeleton(word: str) -> str:
    """Consonant skeleton of a long word: vowels (and y) fold to one mark, doubles collapse.

    "hizballah" and "hezbollah" share "hVzbVlVh"; words under five letters stay as they are.
    """
    if len(word) < _SKELETON_MIN or word.isdigit():
        return word
    s = re.sub(r"[aeiouy]+", "V", word.replace("ph", "f").replace("q", "k"))
    s = re.sub(r"(.)\1+", r"\1", s)
    return re.sub(r"Vh$", "V", s)


_GEO_KEYS = frozenset(skeleton(w) for w in _GEO)


def name_key(name: str) -> Key:
    """The matching key of a name: its normal-form words as skeletons, stop words removed.

    Descriptor tokens ("@iran" for "Iran-backed") come first, as they are; then the core words.
    """
    return tuple(w if w.startswith("@") else skeleton(w) for w in _words(name) if w not in _STOP)


def core_words(key: Key) -> Key:
    return tuple(w for w in key if not w.startswith("@"))


def geo_words(words: Iterable[str]) -> set[str]:
    return {w.lstrip("@") for w in words if w in _GEO_KEYS or w.lstrip("@") in _GEO}


def slug(text: str) -> str:
    """A lowercase ASCII slug for ids."""
    return re.sub(r"[^a-z0-9]+", "-", fold_name(text)).strip("-")[:48] or "actor"


# ---------------------------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------------------------

# Names the ISO list writes otherwise, as reports write them.
_COUNTRY_FORMS = {
    "us": "US",
    "u.s.": "US",
    "usa": "US",
    "united states": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "west bank": "PS",
    "palestine": "PS",
    "occupied palestinian territory": "PS",
    "south korea": "KR",
    "north korea": "KP",
    "dr congo": "CD",
    "drc": "CD",
    "democratic republic of the congo": "CD",
    "turkey": "TR",
    "ivory coast": "CI",
    "kosovo": "XK",
}


def plain_key(name: str) -> str:
    """A place or country name without accents, curly apostrophes and hyphens, lower-cased."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.replace("’", "'").replace("-", " ").split()).lower()


def country_code(name: str) -> str | None:
    """The ISO alpha-2 code of a country named in a report ("Iran", "the U.S.", "Gaza")."""
    key = plain_key(re.sub(r"^the\s+", "", name.strip(), flags=re.I))
    if key in _COUNTRY_FORMS:
        return _COUNTRY_FORMS[key]
    try:
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        return None
