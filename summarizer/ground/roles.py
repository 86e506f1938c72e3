"""Who did it: the actors of an event, told from the parties that only announced it and from
the ones it hit. One place for the rule, used by every strategy's events.

"Six PMF fighters were killed in a drone strike, the group said": the PMF was hit and the group
only announced it, so neither carried it out. A party that claimed responsibility did.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from summarizer.core.fold import Locator, fold
from summarizer.find.words import NATION_FORCES, ROLE_WORDS

# A name followed by one of these only reports the event ("the group said"; "the Ministry of
# Health (MoH) in Gaza reported that ...", where "MoH)" is followed so too).
_REPORTS_AFTER = re.compile(
    r"^\)?(?:\s*\([^()\n]{1,20}\))?(?:\s+in\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?"
    r"(?:\s+(?:officials?|spokes\w+|also|later|has|have|had))*\s+(?:said|says|announced|"
    r"reported|confirmed|stated|told|added|noted|claimed(?!\s+responsibility)|alleged|accused)\b",
    re.I,
)
# A name after one of these gave the news ("said UN Spokesperson Stéphane Dujarric", ",
# reported the UN Human Rights Monitoring Mission"): a title or the body it speaks for may come
# between. The name (the rest of a longer one aside: "UN Human Rights ...") ends the clause
# (`_CLAUSE_END`): "Hamas said Israeli forces killed" names the forces as doers.
_REPORTS_BEFORE = re.compile(
    r"(?:\b(?:according to|said|told|citing|cited|quoted|reported by|statement from|"
    r"statement by)|,\s*(?:reported|announced|stated|added|noted|warned))"
    rf"\s+(?:the\s+)?(?:(?-i:[A-Z][\w.’'-]*\s+){{0,3}}(?:{ROLE_WORDS})\s+|"
    r"(?-i:[A-Z][\w.’'-]*\s+){1,2})?$",
    re.I,
)
_CLAUSE_END = re.compile(
    r"(?:\s+[A-Z][\w.’'-]*)*\s*(?:\([^()\n]{1,30}\))?\s*(?:[,.;:!?”\"]|$|(?:on|in|late|earlier|briefing|told)\b)"
)
# A name this close before one of these was hit, not the one who hit.
# The name is the subject of the passive itself ("Six PMF fighters were killed"), at most two
# words of its noun phrase between: not a clause further on ("... or settlers and a child was
# critically injured").
_VICTIM_AFTER = re.compile(
    r"^(?:[ \t]+[\w'’-]+){0,2}?,?[ \t]+(?:who[ \t]+)?(?:was|were|had been|have been|has been|"
    r"being)\s+(?:\w+\s+){0,2}?"
    r"(?:killed|wounded|injured|hit|targeted|attacked|struck|shot|abducted|kidnapped|arrested|"
    r"detained|shelled|bombed)\b",
    re.I,
)
_CLAIMED = re.compile(r"\bclaim(?:ed|s)?\s+responsibility|\bclaimed\s+(?:the|an|a)\s+attack", re.I)


@dataclass
class Roles:
    """An event's actors after the check, and what was moved out of them."""

    actors: list[str]
    targets: list[str]
    victims: list[str] = field(default_factory=list)
    announcers: list[str] = field(default_factory=list)


def role_forms(name: str, aliases: list[str], kind: str | None) -> list[str]:
    """The forms that find an actor at an event's evidence: its name and aliases, a person's
    surname ("Blinken"), and a nation's adjective for its forces ("Russian attacks", "an
    Israeli strike")."""
    forms = [name, *aliases]
    if kind == "person" and len(name.split()) > 1:
        forms.append(name.split()[-1])
    if NATION_FORCES.fullmatch(name):
        forms.append(name.split()[0])
    return forms


def sort_roles(
    actors: list[str],
    targets: list[str],
    evidence: str,
    *,
    battle: bool = False,
    forms: Mapping[str, Sequence[str]] | None = None,
) -> Roles:
    """Check an event's actors against its evidence sentence.

    Args:
        actors: Who is said to have carried the event out.
        targets: Who or what is said to have been hit.
        evidence: The sentence that tells the event.
        battle: A clash, where each side is actor and target both: no one is a mere victim.
        forms: The forms each actor may take at the evidence (its aliases: "PRCS also
            reported" for the Palestine Red Crescent Society); its name alone by default.

    Returns:
        The actors that stand; a victim moves to the targets, an announcer goes.
    """
    claimed = _CLAIMED.search(evidence) is not None
    locator = Locator(evidence)

    def announces(name: str) -> bool:
        hits = sorted({h for f in (forms or {}).get(name, [name]) for h in locator.find_all(f)})
        return bool(hits) and all(
            _REPORTS_AFTER.search(evidence[e:])
            or (_REPORTS_BEFORE.search(evidence[:s]) and _CLAUSE_END.match(evidence[e:]))
            for s, e in hits
        )

    # A party named after the event word only because it gave the news was not hit by it.
    kept = [t for t in targets if not announces(t)]
    roles = Roles(actors=[], targets=kept, announcers=[t for t in targets if t not in kept])
    for name in actors:
        hits = sorted({h for f in (forms or {}).get(name, [name]) for h in locator.find_all(f)})
        victim = not battle and (
            any(fold(name) == fold(t) for t in targets)
            or (bool(hits) and all(_VICTIM_AFTER.search(evidence[e:]) for _, e in hits))
        )
        if victim:
            roles.victims.append(name)
            if not any(fold(name) == fold(t) for t in roles.targets):
                roles.targets.append(name)
            continue
        if announces(name) and not claimed:
            roles.announcers.append(name)
            continue
        roles.actors.append(name)
    return roles


__all__ = ["Roles", "role_forms", "sort_roles"]
