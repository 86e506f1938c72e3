"""Who said a quote: decided here, for every strategy.

The finders (`find/speakers.py`) read the attribution the text writes ("...," he said); a model
may name a speaker too. Which one stands is decided in this module and nowhere else:

- the judge strategy (a capable model): `SpeakerCheck.decide`. The model's speaker is kept when
  the text bears it out (`SpeakerCheck.problem`): a name in the text up to the paragraph after
  the quote's (a capable model resolves "he" and "the envoy" to a name given paragraphs before;
  a lede's quote is often sourced in the next paragraph), or its
  surname in that paragraph ("Mr. Dujarric"), or a description whose words are there ("an
  elderly witness"); never a name the text gives only as a place, nor the outlet the words were
  told to ("told BBC Arabic"), nor a bare pronoun ("he"); and a slogan written on a sign, a
  banner or a wall ("signs reading “Stop Killer Cops”") has none. Otherwise the finders' speaker
  stands in, or none. A null the model gave is a judgement too (a scare quote, a title: nobody
  said it) and stays null; where both give a speaker the text bears out and they differ, the
  model's wins;
- the spans strategy (the embedded model): the finders' speaker, as `find/speakers.py` reads it
  (the embedded model's picks were measured to lower the score, and it is not asked);
- the plain strategy: `plain_speaker`. The model's speaker when the text holds the name.

Each change is counted (`speakers_replaced`, `speakers_dropped`, `speakers_added`,
`speakers_differ_model_kept`) and explained in a warning.
"""

from __future__ import annotations

import re
from collections import Counter

from summarizer.core.fold import Locator, fold
from summarizer.core.paragraphs import Paragraphs
from summarizer.find.words import WRITTEN_ON

# How far before a quote's paragraph a speaker may be named (a quote that opens a paragraph
# keeps the speaker of the one before).
_SPEAKER_REACH = 2
# How far after it its full name may be (the source a lede quotes, named next).
_SOURCE_AHEAD = 1
# Words around a name that make it the outlet the words were told to, not who said them.
_TOLD_TO = re.compile(
    r"(?:\btold|\btelling|\btells|\bsaid to|\bspeaking to|\bspoke to|\binterview with|"
    # Not "a report by Nikita Malik": who wrote a report speaks in its words.
    r"\bquoted by|\bcited by|\breported by)\s+(?:the\s+)?"
    # "told BBC Arabic's Sudan Lifeline programme": the programme of an outlet is one too.
    r"(?:[\w-]+\s+){0,3}?(?:[\w-]+['’]s\s+)?$",
    re.I,
)
_PLACE_BEFORE = re.compile(r"(?:\bin|\bat|\bnear|\boutside|\binto|\bacross|\baround)\s+$", re.I)
_PERSON_WORD = re.compile(r"\b(?:spokes\w+|minister|official|president|general)\b", re.I)
_PRONOUNS = frozenset("he she they we i it you him her them us".split())
NAME_WORD = re.compile(r"\b[A-Z][\w'’.-]*[\w]")
_STOP = frozenset(
    "a an the one of who which that in on at to for by from with and or his her their its "
    "said says told".split()
)


class SpeakerCheck:
    """The judge strategy's speakers of one document, checked against its text."""

    def __init__(
        self,
        text: str,
        *,
        loc: Locator,
        paragraphs: Paragraphs,
        places: set[str],
        checks: Counter[str],
        warnings: list[str],
    ) -> None:
        self.text = text
        self.loc = loc
        self.paragraphs = paragraphs
        self.places = places  # folded names the text gives only as places
        self.checks = checks
        self.warnings = warnings

    def _count(self, kind: str, warning: str) -> None:
        self.checks[kind] += 1
        self.warnings.append(warning)

    def decide(
        self, said: str | None, span: tuple[int, int], found: str | None, *, judged: bool = True
    ) -> str | None:
        """The model's speaker (`said`) when the text bears it out, else the finders' (`found`).

        The finders' speaker fills in a null only for a quote the model left out (`judged`
        False).
        """
        if said and said.strip():
            why = self.problem(said.strip(), span)
            if why is None:
                if found and fold(found) != fold(said):
                    self.checks["speakers_differ_model_kept"] += 1
                return said.strip()
            if found and self.problem(found, span) is None:
                self._count(
                    "speakers_replaced",
                    f"speaker {said!r} of the quote at {span[0]} replaced by {found!r}: {why}",
                )
                return found
            self._count("speakers_dropped", f"speaker {said!r} of the quote at {span[0]}: {why}")
            return None
        if not judged and found and self.problem(found, span) is None:
            self._count("speakers_added", f"speaker {found!r} of the quote at {span[0]} added")
            return found
        if found:
            self.checks["speakers_differ_model_kept"] += 1
        return None

    def problem(self, speaker: str, span: tuple[int, int]) -> str | None:
        """Why `speaker` cannot stand for the quote at `span`, or None when it can."""
        if WRITTEN_ON.search(self.text, max(0, span[0] - 250), span[0]):
            return "a slogan written on a sign, said by no one"
        if speaker.lower() in _PRONOUNS and speaker in (speaker.lower(), speaker.capitalize()):
            # "he" tells a reader nothing: the finders resolve it to whom it stands for ("US"
            # is a name).
            return "a pronoun, not a name or description"
        lo = self.paragraphs.start(span[0], back=_SPEAKER_REACH)
        hi = self.paragraphs.end(span[1])
        window = self.text[lo:hi]
        # A name may come in the paragraph after: a lede quotes, the next paragraph names its
        # source ("... is facing “lots of difficulties” ... \n\n ..., said The News Monday").
        reach = self.paragraphs.end(span[1], ahead=_SOURCE_AHEAD)
        hits = [(s, e) for s, e in self.loc.find_all(speaker) if s < reach]
        if hits:
            if fold(speaker) in self.places or (
                speaker[:1].isupper()
                and speaker == speaker.title()
                and all(after(self.text, s, _PLACE_BEFORE) for s, _ in hits)
            ):
                if _PERSON_WORD.search(speaker) is None:
                    return "a place, not a speaker"
            if all(told_to(self.text, s) for s, _ in hits):
                return "the outlet the words were told to"
            return None
        surname = speaker.split()[-1] if len(speaker.split()) > 1 else ""
        if speaker[:1].isupper() and len(surname) > 3 and Locator(window).find_all(surname):
            return None
        # A description ("an elderly witness") is right when its words are there.
        words = [w for w in re.findall(r"[\w'’-]+", speaker.lower()) if w not in _STOP]
        if not words:
            return "not a name or description"
        low = window.lower()
        names = [w for w in NAME_WORD.findall(speaker) if w.lower() not in _STOP]
        if all(fold(n) in fold(window) for n in names) and words[-1] in low:
            present = sum(1 for w in words if w in low)
            if present >= max(1, (len(words) + 1) // 2):
                return None
        return "not near the quote"


def after(text: str, start: int, pattern: re.Pattern[str]) -> bool:
    """Whether the words right before `start` end as `pattern` says."""
    return pattern.search(text[max(0, start - 40) : start]) is not None


def told_to(text: str, start: int) -> bool:
    """Whether the name at `start` is the outlet words were told to ("told BBC Arabic's Sudan
    Lifeline programme"), which carried the story and took no part in it."""
    return after(text, start, _TOLD_TO)


def plain_speaker(loc: Locator, said: str | None, warnings: list[str]) -> str | None:
    """The plain strategy's speaker: the model's, when the text holds the name."""
    if said and loc.locate(said) is None:
        warnings.append(f"speaker {said!r} dropped: not in the document")
        return None
    return said


__all__ = ["NAME_WORD", "SpeakerCheck", "plain_speaker", "told_to"]
