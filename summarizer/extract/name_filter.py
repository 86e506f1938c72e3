"""Which found names are names of actors or places: `real_names`, and `is_headline`.

A name seen only inside headlines and captions (`is_headline`: no closing punctuation, mostly
capitalised words) is dropped; one seen in prose is kept everywhere. Names with digits (except
codes such as "MI5"), names of laws and documents, technical acronyms, capitalised common words
("my Administration", capitals for emphasis) and names inside links are dropped; a leading
"Besides", "Despite", ... is cut off; a lone organisation word takes the forces that follow it
("Coalition forces"). Grounding reads `is_headline` too, to pass over headline sentences.
"""

from __future__ import annotations

import bisect
import re

from summarizer.find.quotes import URL_RE
from summarizer.find.types import Cue, NameCue
from summarizer.find.words import ACRONYM_RE, ORG_KEYWORDS

# A line with no closing punctuation whose words are mostly capitalised is a headline, a caption
# or a link ("Explosions Rock Baghdad As Drone Strikes Target US Embassy"), not prose.
_LINE = re.compile(r"[^\r\n]+")
_WORD_INITIAL = re.compile(r"([^\W\d_])[\w'’-]*")  # a word, as its first letter
_LEADING = re.compile(
    r"^(?:Besides|Despite|Meanwhile|Although|Though|While|After|Before|Since|Unlike|Like|"
    r"Including|Following|Amid|As|With|Without|Former)\s+"
)


def is_headline(sentence: str) -> bool:
    """A sentence with no closing punctuation whose words are mostly capitalised: a headline
    ("Kyrgyzstan National Pleads Not Guilty to Hampering Boston Bomb Probe"), not a report."""
    line = sentence.strip()
    # The cheap tests first: most sentences end with a period and need no word list.
    if line[-1:] in ".!?:;\"”'’),—–-" or ";" in line:
        return False
    initials = _WORD_INITIAL.findall(line)
    if len(initials) < 2:
        return False
    return sum(map(str.isupper, initials)) >= 0.7 * len(initials)


def _headline_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    lines = list(_LINE.finditer(text))
    for i, m in enumerate(lines):
        # A wrapped sentence goes on in the next line ("... Kataib Hezbollah" / "terrorists
        # killed ..."): not a headline. (Tested first: it is the cheapest test.)
        after = lines[i + 1] if i + 1 < len(lines) else None
        if after is not None and "\n" not in text[m.end() + 1 : after.start()].replace("\r", ""):
            nxt = after.group().lstrip()
            if nxt[:1].islower() or nxt[:1] in "[(":
                continue
        line = m.group().strip()
        if not is_headline(line):
            continue
        if _FUNCTION_WORD_END.search(line):  # "... Bashur Air Base on May 10, 2021; and"
            continue
        spans.append((m.start(), m.end()))
    return spans


_FUNCTION_WORD_END = re.compile(r"\b(?:and|or|of|the|a|an|in|on|at|to|for|by|with|from)$")


# Names that are never actors or places: laws and documents, days kept ("Armed Forces Day"),
# generic words, technical acronyms, a photo caption's "FILE -".
_NOT_A_NAME = re.compile(
    r"^(?:Use of|Authorization\b|Article\b)|\b(?:Charter|Act|Resolution|Constitution|Treaty|"
    r"Convention|Annex|Code|Flight|Day)$|^(?:Executive|Embassy|Street|News|Bank|Flight|Center|Centre|DNA|"
    r"UAVs?|UAS|IEDs?|GPS|CCTV|SIM|FAQ|PDF|URL|FILE)$"
)


def _not_a_name(name: str) -> bool:
    return _NOT_A_NAME.search(name) is not None


def _lead_end(text: str) -> int:
    """Where a name's leading "Besides", "Despite", ... ends; 0 when it has none."""
    lead = _LEADING.match(text)
    return lead.end() if lead else 0


# "MI5", "MI6", "G7": an agency or group whose short name ends in a digit.
_CODE_NAME = re.compile(r"[A-Z]{1,3}\d")
_OWNER_BEFORE = re.compile(r"\b(?:my|our|your|his|her|their|its)\s+\Z")
_FORCES_AFTER = re.compile(r"[^\S\r\n]+(?:forces|troops)\b")


def _common_word(text: str, n: NameCue) -> bool:
    """A capitalised common word, not a name: "my Administration", "your VICTIM statement"."""
    word = n.name or n.text
    if " " in word or ACRONYM_RE.fullmatch(word) is None and not word.istitle():
        return False
    if word.istitle():
        # An organisation word after "my", "its": the speaker's own administration or army.
        return (
            word in ORG_KEYWORDS
            and _OWNER_BEFORE.search(text, max(0, n.start - 8), n.start) is not None
        )
    # Capitals for emphasis: the word is written in lower case elsewhere in the text.
    low = word.lower()
    # (As a word of prose: not inside a link such as ".../irgc-sanctions".)
    if len(word) < 4 or low not in text:  # the substring test first: it is a C scan
        return False
    return re.search(rf"(?<!\S){re.escape(low)}(?=[\s,.;:!?])", text) is not None


def _with_forces(text: str, n: NameCue) -> NameCue:
    """ "Coalition forces": a lone organisation word names the forces that follow it."""
    word = n.name or n.text
    if word not in ORG_KEYWORDS or not word.istitle():
        return n
    m = _FORCES_AFTER.match(text, n.end)
    if m is None:
        return n
    whole = text[n.start : m.end()]
    return NameCue(n.start, m.end(), whole, n.kind_hint, " ".join(whole.split()))


def real_names(
    text: str, names: list[NameCue], sentences: list[Cue] | None = None
) -> list[NameCue]:
    """Names in text order, without headline-only names, digits, or a leading conjunction.

    A name seen only inside headlines and captions is dropped; one seen in prose is kept
    everywhere. "Besides Kataib Hizballah" is "Kataib Hizballah".
    """
    headlines = _headline_lines(text)
    # A headline glued to the story ("... Questioned in DagestanU.S. investigators have") is a
    # sentence of its own.
    glued = [(c.start, c.end) for c in sentences or () if is_headline(c.text)]
    if glued:
        merged: list[tuple[int, int]] = []
        for a, b in sorted(headlines + glued):
            if merged and a < merged[-1][1]:  # a sentence inside a headline line
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        headlines = merged
    # (Every link holds "://" or "](": most texts have none and need no scan.)
    has_links = "://" in text or "](" in text
    links = [m.span() for m in URL_RE.finditer(text)] if has_links else []

    heads = [a for a, _ in headlines]  # in order, none inside another

    def in_headline(n: NameCue) -> bool:
        i = bisect.bisect_right(heads, n.start) - 1
        return i >= 0 and n.end <= headlines[i][1]

    cleaned: list[NameCue] = []
    for n in sorted(names, key=lambda n: n.start):
        digits = any(map(str.isdigit, n.text)) and not _CODE_NAME.fullmatch(n.text)
        if digits or _not_a_name(n.name or n.text) or _common_word(text, n):
            continue
        n = _with_forces(text, n)
        if any(a <= n.start < b for a, b in links):  # ".../News/News-Stories/..."
            continue
        lead = _lead_end(n.text)
        if lead:
            rest = n.text[lead:]
            if len(rest) < 2:
                continue
            start = n.start + lead
            n = NameCue(start, n.end, rest, n.kind_hint, " ".join(rest.split()))
        cleaned.append(n)
    in_prose = {n.name or n.text for n in cleaned if not in_headline(n)}
    return [n for n in cleaned if (n.name or n.text) in in_prose]
