"""The judge's check of who did an event and whom it hit: the names a capable model gives an
event's actors and targets must be named near its evidence, as the text names them, or, for an
actor, be the doer the text last named for an event of the same type. A name the text gives
only elsewhere is kept as inferred (`Event.inferred`); one it never gives is dropped.

A nation's weapons named as the doer give the nation ("Russian drones"), a group's members the
group ("Islamic State militants"); a first-person account's party stands for "we"; a party that
only announced the event, or a victim of it, is no actor (`roles.sort_roles`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from summarizer.core.fold import Locator, fold
from summarizer.core.paragraphs import Paragraphs
from summarizer.core.schemas import Actor
from summarizer.find.words import country_of
from summarizer.ground.roles import CLAIM_RESPONSIBILITY, names_after, role_forms, sort_roles
from summarizer.ground.speakers import told_to

UNKNOWN_ACTOR = re.compile(
    r"^(?:an?\s+|the\s+)?(?:unknown|unidentified|unnamed)\s+(?:party|parties|attackers?|"
    r"assailants?|perpetrators?|actors?|forces?|group)$",
    re.I,
)
TITLES = frozenset(
    "president prime minister mr mrs ms dr general gen secretary sheikh ambassador senator "
    "king prince colonel commander foreign defence defense".split()
)
# Titles that hold no office: "the Mr" stands for no one.
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr"})
# A nation's weapons named as the doer ("Russian drones"): weapons do not act, the nation does.
_NATION_WEAPONS = re.compile(
    r"^(?:the\s+)?(?P<adj>[A-Z][a-z]+)\s+(?:drones?|missiles?|rockets?|jets?|aircraft|"
    r"warplanes?|helicopters?|artillery|shelling|shells?|bombs?|air\s*strikes?|strikes|tanks?|"
    r"warships?|armou?red\s+vehicles?)$"
)
# The members of a group the document lists ("Islamic State militants"): the group did it.
# One of them too: "an IRA gunman", "a Hamas fighter".
_MEMBERS = re.compile(
    r"^(?:(?:an?|one)\s+)?(?P<group>.+?)\s+(?:militants?|fighters?|members?|gunm[ae]n|"
    r"insurgents?|rebels?|militiam[ae]n|bombers?|suicide\s+bombers?)$"
)
_CLAIM = re.compile(rf"\b{CLAIM_RESPONSIBILITY}\b")
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|I|[Oo]ur)\b(?![’'.-])")
_WORD = re.compile(r"\w+")
# A description the model gives of a doer or of whom it hit, an article first ("a police
# officer"): its last word is the head noun the text's own description shares ("an officer").
_DESCRIPTION = re.compile(r"(?:an?|the|some|one)\s+(?:[a-z][\w’'-]*\s+){0,3}(?P<head>[a-z]{3,})")
# After a party's name, in its sentence: the acts it owns ("is acknowledging ... its airstrikes").
_ITS_ACTS = re.compile(
    r"[^.!?\n]{0,100}?\bits\s+(?:own\s+)?(?:(?:air|drone|missile)\s*)?"
    r"(?:strikes?|attacks?|raids?|operations?|bombardment)\b"
)


def _titled(actors: list[Actor]) -> dict[str, str]:
    """ "the President" for "President Duterte", where no other person the model names holds the
    title: a statement names the person once and the title after ("the President declared a
    unilateral ceasefire")."""
    by_title: dict[str, list[str]] = {}
    for a in actors:
        words = a.name.split()
        if a.kind != "person" or len(words) < 2:
            continue
        n = 0
        while n < len(words) - 1 and words[n].lower() in TITLES - _HONORIFICS:
            n += 1
        if n:
            by_title.setdefault("the " + " ".join(words[:n]), []).append(a.name)
    return {names[0]: title for title, names in by_title.items() if len(names) == 1}


def _number_forms(name: str) -> list[str]:
    """A description in lower case in the other number ("civilians" -> "civilian"); none for a
    name, whose capitals say which party it is."""
    if name != name.lower() or len(name) < 5:
        return []
    return [name[:-1]] if name.endswith("s") else [name + "s"]


def _owns_acts(forms: Iterable[str], context: str) -> bool:
    """Whether `context` names a party (by any of its `forms`) and, in the same sentence, the
    acts it tells of as its own ("Africom ... its airstrikes")."""
    for form in forms:
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", context):
            if _ITS_ACTS.match(context, m.end()):
                return True
    return False


class EventRoles:
    """The document's actors, and the check of an event's actors and targets against the text.

    Args:
        text: The document.
        loc: Its locator (finds a name anywhere in it).
        paragraphs: Its paragraphs.
        actors: The actors the judge kept.
        renamed: A model's name -> the name the text gives it (the judge's actor check).
        count: Records a change: (kind, warning).
    """

    def __init__(
        self,
        text: str,
        loc: Locator,
        paragraphs: Paragraphs,
        actors: list[Actor],
        renamed: dict[str, str],
        count: Callable[[str, str], None],
    ) -> None:
        self.text = text
        self.loc = loc
        self.paragraphs = paragraphs
        self._renamed = renamed
        self._count = count
        self._forms: dict[str, list[str]] = {}  # any form of an actor -> its forms, name first
        self._outlets: set[str] = set()  # every form of an outlet's name
        # (event type, actor, where): an actor the evidence of an event of that type names
        self._established: list[tuple[str, str, int]] = []
        self._starts: list[int] = []  # where the model's events are told
        self._places: list[tuple[int, str]] = []  # and where they happened
        titled = _titled(actors)
        for a in actors:
            forms = role_forms(a.name, a.aliases, a.kind)
            if a.name in titled:
                forms.append(titled[a.name])
            for f in forms:
                self._forms.setdefault(fold(f), forms)
            if a.kind == "media":
                self._outlets.update(fold(f) for f in forms)

    def near(self, span: tuple[int, int]) -> tuple[int, int]:
        """Where an event's actors and targets must be named: up to two paragraphs either side
        of its evidence. A story names its parties once and tells the event paragraphs on (the
        toll between: "An explosion at a night market ..." / "The blast killed 10 people" /
        "The bombing was claimed by the ASG"); a roundup's other stories lie further off."""
        return self.paragraphs.start(span[0], back=2), self.paragraphs.end(span[1], ahead=2)

    def establish(
        self, events: Iterable[tuple[tuple[int, int], str, list[str], str | None]]
    ) -> None:
        """Note the doers the text names in the evidence of each event the model gives them
        (span, event type, actors, place). A story names its doer once and tells the places hit
        paragraphs on: after "Assad begins his retaliatory attack against the Syrian rebels in
        Idlib", "A barrage of rockets has hit the town of Kafr-Taal" may keep the model's
        Assad, until the text names another doer of such an event (`named`)."""
        for span, kind, names, place in events:
            self._starts.append(span[0])
            if place:
                self._places.append((span[0], place))
            said = Locator(self.text[span[0] : span[1]])
            for name in names:
                forms = self._forms.get(fold(name), [name])
                if any(said.find_all(f) for f in forms):
                    self._established.append((kind, fold(forms[0]), span[0]))
        self._starts.sort()

    def _claimed_next(self, name: str, at: int) -> bool:
        """Whether the text has ``name`` claim responsibility after the event at ``at`` with no
        other event of the model's told between: "An alleged arson attack ... has knocked
        Tesla's gigafactory offline" and, paragraphs on, "the left-wing extremist Volcano Group
        claimed responsibility"."""
        for claim in _CLAIM.finditer(self.text, at):
            if any(at < s < claim.start() for s in self._starts):
                return False
            sentence = self.text[self.text.rfind(".", 0, claim.start()) + 1 : claim.start()]
            end = self.text.find(".", claim.end())
            tail = Locator(self.text[claim.end() : end if end >= 0 else len(self.text)])
            # Not a claim "for the Hamburg bomb", another event's place.
            if any(s != at and tail.find_all(p) for s, p in self._places):
                return False
            if Locator(sentence).find_all(name):
                return True
        return False

    def _last_doer(self, kind: str, at: int) -> str | None:
        """The doer the text names in the evidence of the last event of this kind that starts
        at or before ``at``; None when two differ there."""
        before = [(start, a) for k, a, start in self._established if k == kind and start <= at]
        if not before:
            return None
        last = max(start for start, _ in before)
        doers = {a for start, a in before if start == last}
        return doers.pop() if len(doers) == 1 else None

    def named(
        self,
        names: Iterable[str],
        lo: int,
        hi: int,
        role: str,
        evidence: str = "",
        kind: str = "",
        at: int = -1,
    ) -> tuple[list[str], list[str]]:
        """The `names` of one `role` ("actor", "target") that the text names in [lo, hi); an
        actor named further off is kept when it is the doer the text last named, at or before
        ``at``, in the evidence of an event of this `kind` (`establish`). Second, those of them
        the text names only elsewhere: kept as the model's reading of the story, not as what
        the text states at the event."""
        window = Locator(self.text[lo:hi])
        elsewhere: list[str] = []  # named in the document, not near the evidence
        # The nations the window names by a word of their own ("Russian" names Russia).
        nations = {country_of(w) for w in set(_WORD.findall(window.text))} - {None}
        kept: list[str] = []
        # "We shot down three Russian jets", "I am announcing the designation": the party the
        # speaker speaks for did it. It stands for a first-person actor when it is one of the
        # document's actors (the model resolved "we" as it resolves "he" for a speaker);
        # `evidence` is the paragraph of the event's evidence.
        first_person = role == "actor" and _FIRST_PERSON.search(evidence) is not None
        for name in names:
            name = " ".join(name.split())
            name = self._renamed.get(fold(name), name)
            if not name or UNKNOWN_ACTOR.match(name):
                continue
            weapons = _NATION_WEAPONS.match(name) if role == "actor" else None
            nation = country_of(weapons.group("adj")) if weapons else None
            if nation is not None:
                self._count("actors_renamed", f"event actor {name!r} named {nation!r}: a weapon")
                name = nation
            members = _MEMBERS.match(name) if role == "actor" else None
            group = self._forms.get(fold(members.group("group")), [None])[0] if members else None
            if group is not None:
                self._count("actors_renamed", f"event actor {name!r} named {group!r}: its members")
                name = group
            # Any name of the actor it is ("the Taliban" for "Taliban", "Blinken"); a common noun
            # in the singular or plural ("civilians" where the text says "civilian deaths").
            forms = self._forms.get(fold(name), [name]) + _number_forms(name)
            # Whole words: "police" is not named in "policemen". A nation may be named by its
            # adjective ("a Russian drone attack" names Russia).
            if not any(window.find_all(f) for f in forms) and name not in nations:
                if role == "actor" and self._last_doer(kind, at) == fold(forms[0]):
                    self._count(
                        "actors_established",
                        f"event actor {name!r} kept: the doer the text last named for such an "
                        f"event ({kind})",
                    )
                    kept.append(name)
                    continue
                if role == "actor" and self._claimed_next(forms[0], at):
                    self._count(
                        "actors_claimed",
                        f"event actor {name!r} kept: it claimed the event, told next",
                    )
                    kept.append(name)
                    continue
                if first_person and fold(name) in self._forms:
                    self._count(
                        "actors_first_person",
                        f"event actor {name!r} kept: the party of a first-person account",
                    )
                    kept.append(name)
                    continue
                worded = self._as_worded(name, window.text)
                if worded is not None:
                    self._count(
                        f"{role}s_reworded",
                        f"event {role} {name!r} given as the evidence words it: {worded!r}",
                    )
                    if worded not in kept:
                        kept.append(worded)
                    continue
                hits = [s for f in forms for s, _ in self.loc.find_all(f)]
                if not hits:
                    why = "not in the document"
                elif fold(name) in self._outlets or all(told_to(self.text, s) for s in hits):
                    why = "an outlet that carried the story"  # "told BBC Arabic"
                else:
                    if name not in elsewhere:
                        elsewhere.append(name)
                    continue
                self._count(f"{role}s_dropped", f"event {role} {name!r} dropped: {why}")
                continue
            if name not in kept:
                kept.append(name)
        if role == "actor" and kept:
            # "Boko Haram terrorists invaded Buni Yadi" before the toll: the doers the text
            # names at the event stand, and a party named only elsewhere ("The police in Lagos
            # said") is no co-doer of theirs.
            for name in elsewhere:
                self._count(
                    "actors_dropped",
                    f"event actor {name!r} dropped: not at its evidence, where other doers are",
                )
            return kept, []
        # "Two people were confirmed shot or crushed to death as the vehicles ..." with "Soviet
        # troops" paragraphs before: a story names its parties where it pleases, and the model
        # read the whole of it. Not stated at the event, so marked as the model's reading.
        for name in elsewhere:
            self._count(
                f"{role}s_inferred",
                f"event {role} {name!r} kept as inferred: the text names it elsewhere, not at "
                "its evidence",
            )
        return kept + [n for n in elsewhere if n not in kept], elsewhere

    @staticmethod
    def _as_worded(name: str, window: str) -> str | None:
        """The description `window` gives with the head noun of the model's description
        `name` ("an officer" for "a police officer"), or None."""
        described = _DESCRIPTION.fullmatch(name)
        if described is None:
            return None
        head = re.escape(described.group("head"))
        said = re.search(rf"\b(?:an?|the|one)\s+(?:[a-z][\w’'-]*\s+){{0,2}}?{head}\b", window)
        return said.group() if said is not None else None

    def real(
        self,
        actors: list[str],
        targets: list[str],
        evidence: str,
        *,
        battle: bool,
        context: str = "",
    ) -> tuple[list[str], list[str]]:
        """Drop an actor that only announced the event, unless `context` (the text around the
        evidence) tells of such acts as its own; a victim becomes a target."""
        forms = {n: self._forms.get(fold(n), [n]) for n in actors}
        roles = sort_roles(actors, targets, evidence, battle=battle, forms=forms)
        for name in roles.victims:
            self._count("victims_dropped", f"actor {name!r} is what was hit: dropped")
        kept = []
        for name in roles.announcers:
            if name in actors and _owns_acts(forms[name], context):
                # "Africom is acknowledging ... its airstrikes in Somalia have killed civilians.
                # In a Friday statement, Africom said two civilians were killed in an airstrike":
                # what it announces is its own act.
                self._count("announcers_kept", f"actor {name!r} tells of its own act: kept")
                kept.append(name)
            else:
                self._count("announcers_dropped", f"actor {name!r} only reports the event: dropped")
        return [n for n in actors if n in roles.actors or n in kept], roles.targets

    def spelled_out(self, targets: list[str], span: tuple[int, int]) -> list[str]:
        """`targets` with the names the evidence spells a target out as ("detained the rally's
        organizers — activists Aziz Mamiyev, Ilkin Rustamzadeh and Fikret Jafarli"): whom the
        event befell, by name."""
        said = self.text[span[0] : span[1]]
        out = list(targets)
        for target in targets:
            names = [n for n in names_after(said, target) if n not in out]
            if names:
                self._count("targets_named", f"event at {span[0]}: {target!r} named as {names!r}")
                out += names
        return out


__all__ = ["TITLES", "UNKNOWN_ACTOR", "EventRoles"]
