"""Casualty figures: killed or injured, with an exact number.

"dozens", "scores", "hundreds" are skipped; "no one was killed" is a count of 0.
"""

from __future__ import annotations

import re

from summarizer.find.reading import Doc, read
from summarizer.find.types import CasualtyCue
from summarizer.find.words import MONTH_ABBR, MONTH_FULL, NUMBER_WORDS

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUM_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-‐ ](?:" + _UNITS + r"))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|"
    + _UNITS
    + r")(?:[^\S\r\n]+(?:hundred|thousand))?|(?:a|one)[^\S\r\n]+hundred"
)
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_NUM_WORD})"
_QUAL = (
    r"(?:at[^\S\r\n]+least|more[^\S\r\n]+than|over|about|around|nearly|almost|some|up[^\S\r\n]+to|"
    r"as[^\S\r\n]+many[^\S\r\n]+as|at[^\S\r\n]+most|fewer[^\S\r\n]+than|less[^\S\r\n]+than|approximately|roughly|"
    r"an[^\S\r\n]+estimated)"
)
_TIME_WORDS = (
    r"after|before|since|when|while|because|days?|years?|weeks?|months?|hours?|minutes?|ago|"
    r"later|earlier|times|percent|per|than|and|or|" + _NUM_WORD.replace("(?:a|one)", "(?:one)")
)
_KILL_WORDS = (
    "kill|kills|killed|killing|killings|dead|died|die|death|deaths|martyred|martyrdom|murder|"
    "fatalities|toll"
)


# Matched against the lower-cased text (same offsets).
_CASUALTY_RES = (
    # "killing two", "wounded 3", "killed at least 12 people"
    re.compile(
        r"\b(?P<v>kill(?:s|ed|ing)?|wound(?:s|ed|ing)|injur(?:es|ed|ing)|martyr(?:ed|ing))"
        rf"\s+(?:(?P<q>{_QUAL})\s+)?(?P<n>{_NUM})\b"
        r"(?![^\S\r\n]*(?:%|percent|years?|days?|months?|weeks?|hours?|minutes?|times|km|miles|"
        r"kilometres?|kilometers?|metres?|meters?|a\.m|p\.m|am\b|pm\b)|:\d|[.,]\d)",
    ),
    # "six PMF fighters were killed", "at least 12 people died", "27 dead"
    re.compile(
        rf"\b(?:(?P<q>{_QUAL})\s+)?(?P<n>{_NUM}|[Nn]o(?:[^\S\r\n]+one)?)\s+"
        rf"(?:(?!(?:{_TIME_WORDS})\b)[^\W\d][\w'’\-]*\s+){{0,6}}?"
        r"(?P<v>killed|dead|died|wounded|injured|hurt|martyred)\b",
    ),
    # "the injury of three others", "the martyrdom of two individuals", "the deaths of six"
    re.compile(
        r"\b(?P<v>injury|injuries|wounding|death|deaths|killing|killings|martyrdom|murder)"
        rf"\s+of\s+(?:(?P<q>{_QUAL})\s+)?(?P<n>{_NUM})\b",
    ),
    # "at least 56 deaths", "200 injuries"
    re.compile(
        rf"\b(?:(?P<q>{_QUAL})\s+)?(?P<n>{_NUM}|[Nn]o)\s+"
        r"(?P<v>deaths|fatalities|injuries)\b",
    ),
    # "death toll of 27", "the toll rose to 40"
    re.compile(
        r"\b(?:death[^\S\r\n]+)?(?P<v>toll)\s+(?:(?:has[^\S\r\n]+)?(?:rose|risen|climbed|reached|"
        r"stands?|stood)\s+(?:to|at)?\s*|of\s+|at\s+)"
        rf"(?:(?P<q>{_QUAL})\s+)?(?P<n>{_NUM})\b",
    ),
)
_CASUALTY_WORD_RE = re.compile(r"\b(?:kill|dead|die|death|wound|injur|hurt|martyr|fatalit|toll)")
# A number right after a month name is a day ("March 16 six fighters were killed").
_DAY_CONTEXT_RE = re.compile(rf"(?:{MONTH_FULL}|{MONTH_ABBR})\.?[^\S\r\n]+\Z")


def _parse_number(s: str) -> int | None:
    t = " ".join(s.lower().replace("‐", "-").split())
    if t in ("no", "no one"):
        return 0
    if t[0].isdigit():
        return int(t.replace(",", ""))
    mult = 1
    for unit, factor in ((" hundred", 100), (" thousand", 1000)):
        if t.endswith(unit):
            t, mult = t[: -len(unit)], factor
            break
    if t in ("a", "one") and mult > 1:
        return mult
    total = 0
    for part in re.split(r"[- ]", t):
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total * mult


def find_casualties(text: str | Doc) -> list[CasualtyCue]:
    """Casualty figures with an exact number: killed or injured, as integers.

    Reads "killing two", "wounding 3", "six PMF fighters were killed", "two soldiers were wounded",
    "at least 12 people died", "one killed", "the injury of three others", "the death of four",
    "56 deaths", "death toll of 27" and "No Coalition troops were injured" (0). Numbers are digits
    ("1,200") or words up to "ninety-nine" and "a hundred"; "dozens" and the like are skipped.
    Where matches overlap, the earlier (then longer) one is kept.
    """
    doc = read(text)
    ft = doc.ft
    found: list[tuple[int, int, re.Match[str]]] = []
    # The patterns are costly to try at every position: run them only near a casualty word.
    low = doc.lower
    windows: list[list[int]] = []
    for km in _CASUALTY_WORD_RE.finditer(low, doc.body):
        # The widest pattern puts a number and up to six words before the keyword.
        lo, hi = max(doc.body, km.start() - 140), min(len(ft), km.end() + 60)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for pattern in _CASUALTY_RES:
        for lo, hi in windows:
            found.extend((m.start(), m.end(), m) for m in pattern.finditer(low, lo, hi))
    kept: list[tuple[int, int, re.Match[str]]] = []
    for fs, fe, m in found:
        n = m.group("n")
        if n[0].isdigit() and "," not in n:
            if _DAY_CONTEXT_RE.search(ft, max(0, m.start("n") - 12), m.start("n")):
                continue
            if len(n) == 4 and n[:2] in ("19", "20"):  # a year: "in 2019 he survived ..."
                continue
        kept.append((fs, fe, m))
    found = sorted(kept, key=lambda t: (t[0], -t[1]))
    out: list[CasualtyCue] = []
    last_end = -1
    for fs, fe, m in found:
        if fs < last_end:
            continue
        count = _parse_number(m.group("n"))
        if count is None:
            continue
        verb = m.group("v").lower()
        kind = "killed" if any(verb.startswith(k) for k in _KILL_WORDS.split("|")) else "injured"
        qual = m.group("q")
        s, e = doc.span(fs, fe)
        ns, ne = doc.span(m.start("n"), m.end("n"))
        qual_text = " ".join(qual.lower().split()) if qual else None
        out.append(CasualtyCue(s, e, doc.text[s:e], kind, count, qual_text, ns, ne))
        last_end = fe
    return out
