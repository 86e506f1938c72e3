"""The cues the finders return: spans of a text, ``text[cue.start:cue.end] == cue.text``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cue:
    """A span of the document: ``text[start:end] == text`` of the cue."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class QuoteCue(Cue):
    """A direct quotation; ``text`` is the words inside the marks.

    Attributes:
        speaker: Resolved speaker (full name, organisation or phrase such as "the army"), or None.
        speaker_start: Start of the mention the attribution used ("Kaabi", "he", "MR. KIRBY").
        speaker_end: End of that mention.
        closed: False when the closing mark was missing and the quote was cut at a paragraph end.
        short: True for quotes of at most ``SHORT_QUOTE_WORDS`` words.
        attribution: How the speaker was found: "explicit" (same sentence), "adjacent" (a
            neighbouring sentence or quote), "turn" (transcript speaker turn), or None.
    """

    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    closed: bool = True
    short: bool = False
    attribution: str | None = None


@dataclass(frozen=True, slots=True)
class TurnCue(Cue):
    """A transcript speaker turn; ``text`` is what the speaker said, without the label.

    Attributes:
        speaker: The label as written ("MR. KIRBY", "Q", "Dorsa Derakhshani").
        speaker_start: Start of the label.
        speaker_end: End of the label.
        name: Full name the label resolves to in the text ("John Kirby"), or None.
    """

    speaker: str
    speaker_start: int
    speaker_end: int
    name: str | None = None


@dataclass(frozen=True, slots=True)
class HedgeCue(Cue):
    """A hedge or attribution-of-uncertainty phrase.

    Attributes:
        kind: "hedge", "unconfirmed", "attributed", "contested" or "unknown".
        sentence: The sentence that contains the phrase (the evidence).
    """

    kind: str
    sentence: Cue


@dataclass(frozen=True, slots=True)
class DateCue(Cue):
    """A date expression.

    Attributes:
        iso: The day as YYYY-MM-DD, or None when it is not a single known day.
        period: For coarser expressions, "YYYY-MM", "YYYY" or "YYYY-Www"; else None.
        relative: True when resolving needed the document date.
        inferred: True when the document has no date and the year was inferred from the
            latest month the text names with its year (see `find_dates`).
    """

    iso: str | None
    period: str | None = None
    relative: bool = False
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class CasualtyCue(Cue):
    """A casualty figure; ``text`` is the whole phrase ("six PMF fighters were killed").

    Attributes:
        kind: "killed" or "injured".
        count: The number as an integer.
        qualifier: "at least", "more than", ... when the figure is a bound, else None.
        number_start: Start of the number itself.
        number_end: End of the number itself.
    """

    kind: str
    count: int
    qualifier: str | None = None
    number_start: int = 0
    number_end: int = 0


@dataclass(frozen=True, slots=True)
class NameCue(Cue):
    """One occurrence of a candidate actor name.

    Attributes:
        kind_hint: "person", "organization", "state" or None.
        name: The name folded for grouping (NFC, no zero-width characters, single spaces).
    """

    kind_hint: str | None
    name: str = ""
