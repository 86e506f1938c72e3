"""Who claimed an event: the claimant of an event the text tells before its claim ("terrorists
launched a suicide bombing ... ISIS-K claimed responsibility for the attack") or in the claim's
own sentence ("ISIS claimed responsibility Saturday for suicide blasts"), as the finders and the
judge read it."""

from __future__ import annotations

import re

from summarizer.core.schemas import Actor, Event
from summarizer.extract.candidates import Finds
from summarizer.ground.participants import Mentions, is_body
from summarizer.ground.roles import CLAIM_RESPONSIBILITY

# "ISIS-K claimed responsibility for the attack": a claim of an event told before; "The attack
# was claimed by al-Qaeda in the Islamic Maghreb": the claimant after the passive.
_CLAIMED_RESPONSIBILITY = rf"\b(?:has\s+|have\s+|had\s+)?{CLAIM_RESPONSIBILITY}\s+"
_TOLD_BEFORE = r"(?:the|this|that|these|those|both)\b"
_CLAIM = re.compile(rf"{_CLAIMED_RESPONSIBILITY}for\s+{_TOLD_BEFORE}")
# "ISIS claimed responsibility Saturday for suicide blasts that killed 20": the claim of the
# event the sentence itself tells.
_CLAIM_HERE = re.compile(rf"{_CLAIMED_RESPONSIBILITY}(?:[\w,]+\s+){{0,3}}?for\s+(?!{_TOLD_BEFORE})")
# A claimant named again by what it is: "The terror network released a statement claiming".
_GROUP_AGAIN = re.compile(
    r"\W*(?:[Tt]he|[Tt]his)\s+(?:[a-z]+\s+)?(?:group|network|organi[sz]ation|movement|"
    r"militants|jihadists|insurgents|rebels)\b"
)
_CLAIMED_BY = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:later\s+)?claimed\s+by\b"
)


def claimed(
    finds: Finds, told: list[Event], actors: list[Actor] | Mentions
) -> tuple[list[Event], int]:
    """`told` with the claimant of an event as its actor where the text names no one else
    (a body it only describes is no one): "terrorists launched a suicide bombing against the
    airport ... ISIS-K claimed responsibility for the attack"; "The attack was claimed by AQIM".
    The claimed event is the last violent one told before the claim; the claimant is the party
    named before "claimed responsibility", or the first one named after "claimed by". Also
    returns how many events were given their claimant."""
    index = actors if isinstance(actors, Mentions) else Mentions(actors)
    given = 0
    for sentence in finds.sentences:
        active = _CLAIM.search(sentence.text)
        here = _CLAIM_HERE.search(sentence.text) if active is None else None
        active = active or here
        passive = _CLAIMED_BY.search(sentence.text) if active is None else None
        if active is None and passive is None:
            continue
        # The event this sentence tells, or those told before it.
        before = [
            e
            for e in told
            if e.event_type != "Strategic developments"
            and (
                (e.evidence.start or 0) == sentence.start
                if here is not None
                else (e.evidence.start or 0) < sentence.start
            )
        ]
        # A claimant names who the "terrorists" of the event told before were: in the claim's
        # paragraph or one of the two before it (a paragraph on the toll may come between), not
        # an attack told paragraphs earlier.
        if not before or any(not is_body(a) for a in before[-1].actors):
            continue
        between = finds.text[before[-1].evidence.end or 0 : sentence.start].replace("\r", "")
        if between.count("\n\n") > 2:
            continue
        if active is not None:
            lo, hi = sentence.start, sentence.start + active.start()
        else:
            lo, hi = sentence.start + (passive.end() if passive else 0), sentence.end
        names = [
            index.actors[a].name
            for _, _, a in index.within(lo, hi)
            if index.actors[a].kind not in ("media", "other")
        ]
        if not names and active is not None and _GROUP_AGAIN.match(finds.text, lo, hi):
            # "ISIS claimed responsibility ... The terror network released a statement claiming
            # responsibility for ...": the armed group named last, in this paragraph or the one
            # before.
            since = finds.text.rfind("\n\n", 0, finds.text.rfind("\n\n", 0, lo))
            names = [
                index.actors[a].name
                for _, _, a in index.within(max(0, since), lo)
                if index.actors[a].kind == "armed_group"
            ][-1:]
        if not names:
            continue
        claimant = names[-1] if active is not None else names[0]
        event = before[-1]
        told[told.index(event)] = event.model_copy(
            update={
                "actors": [claimant],
                "actor_unknown": False,
                "targets": [t for t in event.targets if t != claimant],
            }
        )
        given += 1
    return told, given
