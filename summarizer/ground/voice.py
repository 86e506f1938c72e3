"""Who "we" and "I" are when they act: the party a statement or a speaker's turn speaks for.

"Additionally, we have imposed wide-ranging restrictions on assistance to Ethiopia": in a
statement the first person is the party the statement speaks for, the one its own sentences make
the subject of what it condemns, calls for or is committed to ("The United States condemns
..."). In a transcript it is the party of the turn's speaker, as the text gives it ("Dmytro
Kuleba, the foreign minister of Ukraine"). Inside a quotation, or where the text says neither,
it stays open: no actor is better than a guessed one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import cached_property

from summarizer.core.fold import Locator
from summarizer.core.schemas import Actor
from summarizer.extract.candidates import Finds
from summarizer.find.turns import find_speaker_turns
from summarizer.find.types import Cue, TurnCue

# The first person as the subject right before an event word: "we have imposed", "just today
# we shot down", "I am announcing the designation of". Not "we are witnessing the attacks".
_FIRST_PERSON = re.compile(
    r"\b(?:[Ww]e|I)[^\S\n]+(?:(?:have|had|am|are|will|would|also|just|then|now|already)"
    r"[^\S\n]+){0,3}(?:(?:announcing|ordering)[^\S\n]+(?:the[^\S\n]+)?)?\Z"
)
# What a statement's own party does in it: "The United States condemns", "... is committed to",
# "... has deepening concerns", "... reiterates its calls".
_STANCE = re.compile(
    r"[^\S\n]+(?:(?:strongly|also|further|firmly|again|today)[^\S\n]+)?"
    r"(?:condemns|reiterates|urges|welcomes|calls[^\S\n]+(?:on|for|upon)|"
    r"is[^\S\n]+(?:(?:deeply|firmly|strongly|gravely)[^\S\n]+)?(?:committed|concerned|alarmed)|"
    r"has[^\S\n]+(?:[a-z]+[^\S\n]+)?concerns|remains[^\S\n]+committed|"
    r"stands[^\S\n]+(?:with|by|ready)|will[^\S\n]+continue)\b"
)
# A speaker's party in apposition: "Dmytro Kuleba, the foreign minister of Ukraine".
_ROLE_OF = re.compile(
    r",[^\S\n]+(?:the[^\S\n]+)?(?:[a-z]+[^\S\n]+){0,3}?(?:minister|president|secretary|"
    r"spokes(?:person|man|woman)|ambassador|commander|chief|leader|head|representative)"
    r"[^\S\n]+(?:of|for)[^\S\n]+(?:the[^\S\n]+)?\Z"
)
_PARTY_KINDS = frozenset({"state", "government", "organization", "military", "armed_group"})


def first_person_act(sentence: Cue, pivot: int) -> bool:
    """True when "we" or "I" is the subject of the event word at `pivot` (an offset in the
    document)."""
    return _FIRST_PERSON.search(sentence.text, 0, max(0, pivot - sentence.start)) is not None


class Voices:
    """The party each place of a document speaks for (`at`)."""

    def __init__(self, finds: Finds, actors: list[Actor]) -> None:
        self.finds = finds
        self.text = finds.text
        self.parties = [a for a in actors if a.kind in _PARTY_KINDS]
        self.quotes = sorted((q.start, q.end) for q in finds.quotes)

    def at(self, position: int) -> str | None:
        """The party that the words at `position` speak for, or None when the text does not
        say (or they are a quotation's)."""
        if self._quoted(position):
            return None
        turn = self._turn(position)
        if turn is not None:
            return self._party_of(turn.name) if turn.name else None
        return self._statement_party

    # Read only for a document with a first-person act, at its first one.
    @cached_property
    def _turns(self) -> list[TurnCue]:
        return find_speaker_turns(self.finds.reading)

    @cached_property
    def _starts(self) -> list[int]:
        return [t.start for t in self._turns]

    def _quoted(self, position: int) -> bool:
        return any(s <= position < e for s, e in self.quotes)

    def _turn(self, position: int) -> TurnCue | None:
        i = bisect_right(self._starts, position) - 1
        return self._turns[i] if i >= 0 and position < self._turns[i].end else None

    def _party_of(self, person: str) -> str | None:
        """The party named in apposition to `person` ("X, the foreign minister of Ukraine")."""
        for m in re.finditer(re.escape(person), self.text):
            tail = self.text[m.end() : m.end() + 80]
            for party in self.parties:
                for form in [party.name, *party.aliases]:
                    at = tail.find(form)
                    if at > 0 and _ROLE_OF.search(tail, 0, at):
                        return party.name
        return None

    @cached_property
    def _statement_party(self) -> str | None:
        """The party the narration (outside quotations and turns) makes the subject of its
        stances most often; the first such in the text on a tie."""
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        locator = Locator(self.text)
        for party in self.parties:
            for form in [party.name, *party.aliases]:
                for s, e in locator.find_all(form):
                    if self._quoted(s) or self._turn(s) or not _STANCE.match(self.text, e):
                        continue
                    counts[party.name] += 1
                    first[party.name] = min(first.get(party.name, s), s)
        if not counts:
            return None
        return min(counts, key=lambda n: (-counts[n], first[n]))


__all__ = ["Voices", "first_person_act"]
