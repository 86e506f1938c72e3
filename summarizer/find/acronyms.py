"""Acronyms the text defines, and the mentions of a name or its aliases."""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarizer.find.reading import Doc, fold, read, trim
from summarizer.find.words import ACRONYM_RE, STOPWORDS

_ACR_PAREN_RE = re.compile(r"\(\s*((?:[A-Z]\.){2,}|[A-Z][A-Za-z0-9&\-]{1,9})\s*\)")
# The capital first, then the look-behind: the engine skips to capitals.
_ACR_FIRST_RE = re.compile(r"([A-Z](?<![^\W_][A-Z])[A-Z0-9&\-]{1,9})[^\S\r\n]*\(([^()\n]{3,100})\)")
_WORD_RE = re.compile(r"[^\W_][\w’'\-]*")
_ACR_PARTICLES = frozenset("of the in and for on to al de du la at".split())
# An Arabic article or particle glued to a capitalised name: al-Haq, el-Sisi, bin-Zayed.
_GLUED_PARTICLE_RE = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|ibn|bin|abu)[-‐‑](?=[A-Z])")


def _letters_match(letters: str, words: list[str]) -> bool:
    """True when ``letters`` start with the first word's initial and run in order through words."""
    if not words or words[0][0].upper() != letters[0]:
        return False
    joined = "".join(words).upper()
    i = 0
    for ch in letters:
        i = joined.find(ch, i)
        if i < 0:
            return False
        i += 1
    return True


def _acronym_pairs(doc: Doc) -> list[tuple[str, int, int]]:
    """(acronym, expansion start, expansion end) for each definition, folded offsets."""
    ft = doc.ft
    out: list[tuple[str, int, int]] = []
    for m in _ACR_PAREN_RE.finditer(ft, doc.body):
        acr = m.group(1)
        letters = "".join(c for c in acr if c.isalpha()).upper()
        if sum(c.isupper() for c in acr) < 2 or len(letters) < 2:
            continue
        lo = max(doc.body, m.start() - 160)
        words = [(w.start(), w.end(), w.group()) for w in _WORD_RE.finditer(ft, lo, m.start())]
        caps: list[tuple[int, int, str]] = []
        prev_start = m.start()
        for s, e, w in reversed(words):
            gap = ft[e:prev_start]
            if gap.strip(" \t\r\n'’"):
                break
            glued = _GLUED_PARTICLE_RE.match(w)
            if w[0].isupper():
                caps.append((s, e, w))
            elif glued is not None:
                # "al-Haq" counts by its capital: Asaib Ahl al-Haq (AAH).
                caps.append((s, e, w[glued.end() :]))
            elif w.lower() not in _ACR_PARTICLES:
                break
            prev_start = s
        caps.reverse()
        found = None
        for k in range(1, min(len(caps), 10) + 1):
            cand = caps[-k:]
            if _letters_match(letters, [w for _, _, w in cand]):
                found = cand
                break
        if found is None and len(caps) >= 2:
            found = caps[-min(len(caps), 6) :]
            while len(found) > 1 and found[0][2].lower() in STOPWORDS:
                found = found[1:]
        if found:
            out.append((acr, found[0][0], found[-1][1]))
    for m in _ACR_FIRST_RE.finditer(ft, doc.body):
        acr, exp = m.group(1), m.group(2)
        letters = "".join(c for c in acr if c.isalpha())
        ws = [w for w in exp.split() if w[:1].isupper()]
        if len(ws) >= 2 and _letters_match(letters, ws):
            s, e = trim(ft, m.start(2), m.end(2))
            out.append((acr, s, e))
    return out


def find_acronyms(text: str | Doc) -> dict[str, str]:
    """Acronyms defined in the text: "Islamic Resistance in Iraq (IRI)" -> {"IRI": "..."}.

    Both "Name (ACR)" and "ACR (Name)" are read; the first definition of an acronym wins. The
    expansion must fit the acronym's letters, except that a run of two or more capitalised words
    right before the parenthesis is accepted as is (acronyms from another language, like PKK).
    """
    doc = read(text)
    out: dict[str, str] = {}
    for acr, s, e in sorted(_acronym_pairs(doc), key=lambda p: p[1]):
        out.setdefault(acr, " ".join(doc.ft[s:e].split()))
    return out


def _mention_forms(
    forms: tuple[str, ...],
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], re.Pattern[str] | None]:
    """How to find any of `forms`: (parts of the acronyms, matched as written in the folded
    text; parts of the other ASCII forms, lower-cased, matched in its lower-cased copy; a
    pattern for the rest, which match case-insensitively), longest form first. Apostrophes
    in the parts are written '.
    """
    exact: list[tuple[str, ...]] = []
    lower: list[tuple[str, ...]] = []
    other: list[str] = []
    for form in sorted(set(forms), key=len, reverse=True):
        folded = fold(form)[0].strip()
        parts = [p for p in re.split(r"[\s\-‐]+", folded) if p]
        if not parts:
            continue
        if ACRONYM_RE.fullmatch(folded) and folded.upper() == folded:
            exact.append(tuple(p.replace("’", "'") for p in parts))
        elif folded.isascii():
            lower.append(tuple(p.lower().replace("’", "'") for p in parts))
        else:
            other.append(f"(?i:{_mention_body(parts)})")
    # The leading word boundary is checked in code: a look-behind would keep the engine from
    # scanning for the literal.
    pattern = re.compile("(?:" + "|".join(other) + r")(?![^\W_])") if other else None
    return tuple(exact), tuple(lower), pattern


_APOSTROPHE = re.compile("['’]")
_MENTION_SEP = re.compile(r"[\s\-‐]+")


def _mention_body(parts: list[str]) -> str:
    # One pass: replacing ' and then ’ in turn would rewrite the ’ inside the first class.
    return r"[\s\-‐]+".join(_APOSTROPHE.sub("['’]", re.escape(p)) for p in parts)


def _form_spans(subject: str, parts: tuple[str, ...], pos: int, out: list[tuple[int, int]]) -> None:
    """Where `parts` occur in `subject` from `pos`, any run of whitespace or hyphens between
    them, and no letter or digit right after: what a compiled pattern of the form would match
    (compiling one per name cost more than the search)."""
    first, rest = parts[0], parts[1:]
    n = len(subject)
    i = subject.find(first, pos)
    while i >= 0:
        j = i + len(first)
        for part in rest:
            gap = _MENTION_SEP.match(subject, j)
            if gap is None or not subject.startswith(part, gap.end()):
                break
            j = gap.end() + len(part)
        else:
            if j >= n or not subject[j].isalnum():
                out.append((i, j))
        i = subject.find(first, i + 1)


def mentions(text: str | Doc, name: str, aliases: Iterable[str] = ()) -> list[tuple[int, int]]:
    """All whole-word occurrences of ``name`` or any alias, as (start, end) offsets in text order.

    Acronyms (all capitals) match case-sensitively, other forms case-insensitively; any run of
    whitespace or hyphens in a form matches any such run in the text, and ' matches ’. A caller
    that looks up several names in one document passes its `Doc`: a str is read afresh.
    """
    exact, lower, pattern = _mention_forms((name, *aliases))
    if not exact and not lower and pattern is None:
        return []
    doc = read(text)
    ft = doc.ft
    spans: list[tuple[int, int]] = []
    for forms, subject in ((exact, ft), (lower, doc.lower if lower else ft)):
        if not forms:
            continue
        if any("'" in part for parts in forms for part in parts):
            subject = subject.replace("’", "'")  # same length: offsets hold
        for parts in forms:
            _form_spans(subject, parts, doc.body, spans)
    if pattern is not None:
        spans.extend(m.span() for m in pattern.finditer(ft, doc.body))
    spans = [(s, e) for s, e in spans if s == 0 or not ft[s - 1].isalnum()]
    spans.sort(key=lambda p: (p[0], -p[1]))
    out: list[tuple[int, int]] = []
    last = -1
    for s, e in spans:
        if s >= last:
            out.append(doc.span(s, e))
            last = e
    return out
