"""Transcript speaker turns: "MR. KIRBY:", "Q:", "((Name))" at the start of a line."""

from __future__ import annotations

import itertools
import re

from summarizer.find.names import names_of, surname_key
from summarizer.find.reading import Doc, read, trim
from summarizer.find.types import TurnCue
from summarizer.find.words import MONTHS, WEEKDAYS

_TURN_RE = re.compile(
    r"^[^\S\r\n]*(?:"
    r"(?P<caps>(?:[A-Z][A-Z.'’\-]*[^\S\r\n]+){0,4}[A-Z][A-Z.'’\-]*[A-Z.])[^\S\r\n]*:(?=[^\S\r\n]|\r?$)"
    r"|(?P<q>Q)(?:[^\S\r\n]*:|[^\S\r\n]+(?=\S))"
    r"|\(\((?P<paren>[^()\n]{1,60})\)\)(?=[^\S\r\n])"
    r")",
    re.M,
)
_FIRST_PERSON_RE = re.compile(r"\b(?:I|[Ww]e|[Mm]y|[Oo]ur|[Yy]ou|[Yy]our|me|us)\b")
# The same after a line break, which it takes in: the engine then skips from one line break to
# the next instead of trying every position (a turn starts a line and ends in it).
_TURN_AFTER_BREAK_RE = re.compile("\n" + _TURN_RE.pattern.removeprefix("^"), re.M)


def turns_of(doc: Doc) -> list[tuple[int, int, int, int, str]]:
    """The speaker turns of `doc` (`_turn_spans`), found once and kept on it."""
    if doc._turns is None:
        doc._turns = _turn_spans(doc)
    return doc._turns


def _turn_spans(doc: Doc) -> list[tuple[int, int, int, int, str]]:
    """(text start, text end, label start, label end, label) per turn, folded offsets."""
    ft = doc.ft
    marks: list[tuple[int, int, int, int, str]] = []
    body = doc.body
    first = _TURN_RE.match(ft, body) if body == 0 or ft[body - 1] == "\n" else None
    for m in itertools.chain((first,) if first else (), _TURN_AFTER_BREAK_RE.finditer(ft, body)):
        group = m.lastgroup or ""
        ls, le = m.span(group)
        label = m.group(group).strip()
        if group == "caps" and (label.lower() in MONTHS or label.lower() in WEEKDAYS):
            continue
        start = m.start() if m is first else m.start() + 1  # the line, after its break
        marks.append((start, m.end(), ls, le, label))
    if len(marks) == 1 and first is not None and first.lastgroup == "caps":
        # "NEW DELHI: Pakistan's ...": a capitalised label that opens the document, with no
        # other turn after it and no one speaking in the first person in its paragraph, is a
        # dateline, not a transcript's speaker ("ZARA KAY: Well, ... I have" is one).
        end = ft.find("\n\n", first.end())
        if not _FIRST_PERSON_RE.search(ft, first.end(), end if end >= 0 else len(ft)):
            return []
    out: list[tuple[int, int, int, int, str]] = []
    for i, (_, body_start, ls, le, label) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(ft)
        s, e = trim(ft, body_start, end)
        out.append((s, e, ls, le, label))
    return out


def turn_name(doc: Doc, label: str) -> str | None:
    words = [w for w in re.split(r"[\s.]+", label) if w]
    if not words:
        return None
    if len(words) >= 2 and not label.isupper():
        return " ".join(words)
    key = surname_key(words[-1])
    names = names_of(doc)
    return names.person_last.get(key) or names.any_last.get(key)


def find_speaker_turns(text: str | Doc) -> list[TurnCue]:
    """Transcript speaker turns.

    A turn starts at a line that begins with an all-caps label and a colon ("MR. KIRBY:",
    "SECRETARY AUSTIN:", "MODERATOR:"), with "Q" ("Q:", "Q    Thanks") or with a Wikinews-style
    "((Name))" label, and runs to the next such line. ``text`` is the turn without its label;
    ``name`` is the full name the label's last word resolves to, when the text has one.
    """
    doc = read(text)
    out: list[TurnCue] = []
    for fs, fe, ls, le, label in turns_of(doc):
        s, e = doc.span(fs, fe)
        lss, lse = doc.span(ls, le)
        out.append(TurnCue(s, e, doc.text[s:e], label, lss, lse, turn_name(doc, label)))
    return out
