"""Ground the judge strategy: a capable model's whole extraction, checked against the text.

The model judges (who said it, who did what to whom, what is an event, what is uncertain); the
text verifies each judgement, and the finders add what the model missed:

- a quote is kept only where the text has those words inside quotation marks (`ground/quoted.py`
  finds them, copied whole or in pieces); quotations the finders see and the model left out are
  added with the finders' speaker;
- a speaker is decided by `ground/speakers.py` (`SpeakerCheck`): the model's when the text
  bears it out, else the finders', and a null the model gave stays null; words quoted again
  keep the speaker the model gave them;
- an actor's name occurs in the text; an event's evidence is located (else the event is
  dropped); its actors and targets occur in or next to the evidence, and a party that only
  announced the event, or a victim of it, is no actor of it (`ground/event_roles.py`); its
  date is resolved by code from its date words and the document date, and a model date that
  disagrees is replaced; a toll the evidence does not state is dropped;
- uncertainty evidence is located; the finders' unconfirmed and contested claims are added,
  and their hedge words and unknowns where they fall in the evidence of an event the model
  reports ("may be" in a city's pledge doubts no event); not their plain attributions, "police
  said": whether those are uncertain is the model's call;
- each summary sentence's names and numbers occur in the document, else the sentence goes.

Every change is counted in `Grounded.checks` (`meta.checks` of the summary) and explained in a
warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, cast

from pydantic import ValidationError

from summarizer.core.drafts import JudgeDraft, JudgeEvent
from summarizer.core.fold import Locator, fold
from summarizer.core.names import country_code
from summarizer.core.paragraphs import Paragraphs
from summarizer.core.schemas import Actor, Event, Evidence, Quote, Span, Uncertainty
from summarizer.extract.candidates import Finds
from summarizer.extract.name_filter import is_headline
from summarizer.extract.requests import Drafts
from summarizer.find.acronyms import mentions as find_mentions
from summarizer.find.quotes import quote_spans
from summarizer.find.types import Cue
from summarizer.find.words import country_of
from summarizer.ground.claims import claimed
from summarizer.ground.event_dates import RELATIVE_DAY, counted_day, model_date
from summarizer.ground.event_places import dateline_city, toll_of, two_places
from summarizer.ground.event_roles import TITLES, UNKNOWN_ACTOR, EventRoles
from summarizer.ground.events import event_pivot
from summarizer.ground.participants import described_doer
from summarizer.ground.plain import Grounded, lead, short, sub_event_type
from summarizer.ground.quoted import Quotations
from summarizer.ground.roles import targets_where_none
from summarizer.ground.speakers import SpeakerCheck
from summarizer.ground.stated import numbers_in, stated_sentences
from summarizer.ground.voice import Voices, first_person_act
from summarizer.read.documents import Document

# A model's mended copy stands for the sentence that holds this share of its words, and is at
# least this share of the sentence's length.
_SAME_SENTENCE = 0.8
_SHORTER_AT_MOST = 0.5
_WORD = re.compile(r"\w+")
# "U.S." and "US", "U.N." and "UN": one name, spelled two ways.
_DOTTED = re.compile(r"(?:[A-Z]\.){2,4}")
_ACRONYM = re.compile(r"[A-Z]{2,4}")
# Who backs a party is said of it, not part of its name: "Rwanda-backed M23 militia" is the M23
# militia (the full form stays an alias). "Saudi-led coalition" keeps its name: no name is left.
_BACKED = re.compile(r"^[A-Z][\w.'’]*(?:[-\s][A-Z][\w.'’]*)*-backed\s+(?=[A-Z0-9])")


def ground_judge(document: Document, drafts: Drafts) -> Grounded:
    """Merge the per-chunk answers of a capable model and check each item against the text."""
    return _Judge(document, drafts.finds_for(document)).ground(drafts)


# Verbs of violence the finders leave to other words, for finding who did an event the model
# reported ("Four alleged terrorists ... murdered Mayor Alfredo ...").
_DEED = re.compile(
    r"\b(?:murder(?:ed|s)?|massacred|executed|beheaded|kidnapp(?:ed|ing)|stabbed|lynched|"
    r"tortured|assaulted|beat|burned|torched|looted|occupied)\b"
)


class _Judge:
    def __init__(self, document: Document, finds: Finds) -> None:
        self.document = document
        self.text = document.text
        self.finds = finds
        self.reading = self.finds.reading
        self.loc = Locator(self.text)
        self.checks: Counter[str] = Counter()
        self.warnings: list[str] = []
        self.quotations = Quotations(self.text, self.loc, quote_spans(self.reading), self._count)
        self.paragraphs = Paragraphs(self.text)
        self.speakers = SpeakerCheck(
            self.text,
            loc=self.loc,
            paragraphs=self.paragraphs,
            # A dateline's city is where the story was filed, never who spoke ("SEOUL, Aug. 20
            # (Yonhap) -- ... such “stupid” acts").
            places={
                fold(p) for p in [*self.finds.places_only, dateline_city(self.finds) or ""] if p
            },
            checks=self.checks,
            warnings=self.warnings,
        )
        self._renamed: dict[str, str] = {}  # a model name -> the name the text gives it
        self._days = {d.iso for d in self.finds.dates if d.iso} | {document.source.date or ""}

    # -- the whole document ---------------------------------------------------------------

    def ground(self, drafts: Drafts) -> Grounded:
        answers: list[tuple[int, JudgeDraft]] = []
        for answer in drafts.answers:
            try:
                answers.append((answer.offset, JudgeDraft.model_validate(answer.data)))
            except ValidationError as err:
                self.warnings.append(
                    f"the answer for [{answer.offset}:{answer.end}] was dropped: "
                    f"{err.errors()[0]['msg']}"
                )
        actors = self._actors(a for _, d in answers for a in d.actors)
        self._voices = Voices(self.finds, actors)
        self._roles = EventRoles(
            self.text, self.loc, self.paragraphs, actors, self._renamed, self._count
        )
        quotes = self._quotes((off, q) for off, d in answers for q in d.quotes)
        events = self._events((off, e) for off, d in answers for e in d.events)
        # "The attack was claimed by AQIM": the claimant of an event the model left without a
        # doer, as the finders read it.
        events, given = claimed(self.finds, events, actors)
        if given:
            self.checks["actors_from_claims"] += given
        uncertainty = self._uncertainty(
            ((off, u) for off, d in answers for u in d.uncertainty), events
        )
        summary = self._summary([d.summary for _, d in answers])
        if not answers:
            self.warnings.append("no model answer: the finders' items and the lead stand in")
        return Grounded(
            summary=summary,
            actors=actors,
            events=events,
            quotes=quotes,
            uncertainty=uncertainty,
            warnings=list(dict.fromkeys(self.warnings)),
            checks=dict(sorted(self.checks.items())),
        )

    def _count(self, kind: str, warning: str) -> None:
        self.checks[kind] += 1
        self.warnings.append(warning)

    # -- actors -----------------------------------------------------------------------------

    def _actors(self, drafts: Iterable[Any]) -> list[Actor]:
        actors: dict[str, Actor] = {}
        for a in drafts:
            backed = _BACKED.match(a.name)
            if backed:
                said = a.name[backed.end() :]
                self._count(
                    "actors_renamed", f"actor {a.name!r} named {said!r}: a backer is no name"
                )
                a = a.model_copy(update={"name": said, "aliases": [a.name, *a.aliases]})
            spans = find_mentions(self.reading, a.name) or self.loc.find_all(a.name)
            said = self._person_as_written(a.name) if not spans and a.kind == "person" else None
            if not spans and said is None:
                said = self._state_as_written(a.name) or self._variant_as_written(a.name)
            if said is not None:
                # "Mahmoud Abbas" where the text says "President Abbas", "Russia" where it only
                # says "Russian attacks": the party stays, under the name the text gives.
                self._count("actors_renamed", f"actor {a.name!r} named {said!r} as the text does")
                spans = find_mentions(self.reading, said) or self.loc.find_all(said)
                self._renamed[fold(a.name)] = said
                a = a.model_copy(update={"name": said})
            if not spans:
                self._count("actors_dropped", f"actor {a.name!r} dropped: not in the document")
                continue
            aliases = []
            for alias in a.aliases:
                if fold(alias) == fold(a.name) or alias in aliases:
                    continue
                found = find_mentions(self.reading, alias) or self.loc.find_all(alias)
                written = None if found else self._variant_as_written(alias)
                if written is not None:
                    found = self.loc.find_all(written)
                if not found:
                    self._count("aliases_dropped", f"alias {alias!r} dropped: not in the document")
                    continue
                aliases.append(self.text[found[0][0] : found[0][1]])
                spans += found
            key = fold(a.name)
            if key in actors:
                known = actors[key]
                merged = [x for x in aliases if x not in known.aliases]
                mentions = {(m.start, m.end) for m in known.mentions} | set(spans)
                actors[key] = known.model_copy(
                    update={
                        "aliases": known.aliases + merged,
                        "mentions": [Span(start=s, end=e) for s, e in sorted(mentions)],
                    }
                )
                continue
            actors[key] = Actor(
                name=self.text[spans[0][0] : spans[0][1]],
                kind=a.kind,
                aliases=aliases,
                mentions=[Span(start=s, end=e) for s, e in sorted(set(spans))],
            )
        return sorted(actors.values(), key=lambda x: x.mentions[0].start)

    def _person_as_written(self, name: str) -> str | None:
        """How the text names a person the model named more fully: the capitalised words that
        end in the same surname, when they share another word with the model's name or open
        with a title ("President Abbas" for "Mahmoud Abbas"); None when the text has no such
        name."""
        words = name.split()
        if len(words) < 2 or len(words[-1]) < 4:
            return None
        pattern = rf"(?:[A-Z][\w.'’-]*\s+){{1,3}}{re.escape(words[-1])}\b"
        for m in re.finditer(pattern, self.text):
            said = m.group()
            first = said.split()[0].rstrip(".").lower()
            if first in TITLES or any(w in words[:-1] for w in said.split()[:-1]):
                return said
        return None

    def _variant_as_written(self, name: str) -> str | None:
        """The text's spelling of a name a model spelled its own way: "US military" for "U.S.
        military" and back, "Sudanese army" for "Sudan's army"; None when the text has none."""
        words = name.split()
        variants = [
            " ".join(w.replace(".", "") if _DOTTED.fullmatch(w) else w for w in words),
            " ".join(".".join(w) + "." if _ACRONYM.fullmatch(w) else w for w in words),
        ]
        country = country_of(words[0]) if len(words) > 1 else None
        if country is not None:
            variants.append(f"{country}'s {' '.join(words[1:])}")
        for variant in variants:
            if variant == name:
                continue
            found = self.loc.find_all(variant)
            if found:
                return self.text[found[0][0] : found[0][1]]
        return None

    def _state_as_written(self, name: str) -> str | None:
        """The adjective the text names a state by, where it never names the state itself
        ("Russian" in "amid ongoing Russian attacks" for "Russia"); None when it has none."""
        code = country_code(name)
        if code is None:
            return None
        for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", self.text):
            country = country_of(m.group())
            if country is not None and country_code(country) == code:
                return m.group()
        return None

    # -- quotes and speakers --------------------------------------------------------------

    def _quotes(self, drafts: Iterable[tuple[int, Any]]) -> list[Quote]:
        finder = {(q.start, q.end): q for q in self.finds.quotes}
        quotes: dict[tuple[int, int], Quote] = {}
        judged: dict[str, str | None] = {}  # the model's speaker for each quoted text
        for offset, q in drafts:
            words = q.text.strip().strip("\"'\u201c\u201d\u2018\u2019 ")
            if len(words) < 1:
                continue
            span, pieces = self.quotations.place(words, offset)
            if span is None or not pieces:
                why = "not in the document" if span is None else "not inside quotation marks"
                self._count("quotes_dropped", f"quote {words[:60]!r} dropped: {why}")
                continue
            judged.setdefault(fold(words), q.speaker)
            for piece, region in pieces:
                if piece in quotes:
                    continue
                cue = finder.get(region)
                # Whether the text bears the speaker out is read around the whole quotation.
                whole = span if len(pieces) > 1 else piece
                speaker = self.speakers.decide(q.speaker, whole, cue.speaker if cue else None)
                quotes[piece] = Quote(
                    speaker=speaker,
                    text=self.text[piece[0] : piece[1]],
                    start=piece[0],
                    end=piece[1],
                    verified=True,
                )
        # The finders are the floor: a quotation the model left out is added.
        for cue in self.finds.quotes:
            if any(cue.start <= s < cue.end or s <= cue.start < e for s, e in quotes):
                continue
            self._count("quotes_added", f"quote at {cue.start} added: the model left it out")
            words = cue.text.strip().strip("\"'\u201c\u201d\u2018\u2019 ")
            if fold(words) in judged:
                # The same words the model judged elsewhere ("Yellow Line" twice): its judgement
                # of who says them (a name, or nobody) holds here too.
                said, judged_here = judged[fold(words)], True
            else:
                said, judged_here = None, False
            speaker = self.speakers.decide(
                said, (cue.start, cue.end), cue.speaker, judged=judged_here
            )
            quotes[(cue.start, cue.end)] = Quote(
                speaker=speaker, text=cue.text, start=cue.start, end=cue.end, verified=True
            )
        return [quotes[k] for k in sorted(quotes)]

    # -- events -----------------------------------------------------------------------------

    def _events(self, drafts: Iterable[tuple[int, JudgeEvent]]) -> list[Event]:
        events: list[Event] = []
        asked: list[str | None] = []  # the model's own day of each event, in the same order
        located = [(e, self._passage(e.evidence, offset)) for offset, e in drafts]
        self._roles.establish(
            (span, e.event_type, e.actors, e.location) for e, span in located if span is not None
        )
        for e, span in located:
            if span is None:
                self._count(
                    "events_dropped", f"event {e.description[:60]!r} dropped: evidence not found"
                )
                continue
            if any(
                x.evidence.start == span[0]
                and x.event_type == e.event_type
                and fold(x.location or "") == fold(e.location or "")
                for x in events
            ):
                continue
            lo, hi = self._around(span)
            # The evidence's paragraph: "I am announcing the designation of five terrorist
            # leaders. X, Y and Z are designated as ..." speaks in the first person for both.
            paragraph = self.text[self.paragraphs.start(span[0]) : self.paragraphs.end(span[1])]
            near = self._roles.near(span)
            actors, inferred = self._roles.named(
                e.actors, *near, "actor", evidence=paragraph, kind=e.event_type, at=span[0]
            )
            targets, inferred_targets = self._roles.named(e.targets, *near, "target")
            said = self.text[span[0] : span[1]]
            actors, targets = self._roles.real(
                actors,
                targets,
                said,
                battle=e.event_type == "Battles",
                # From the paragraph before the evidence's (`_around`'s start) to its end.
                context=self.text[lo : span[1]],
            )
            targets = self._roles.spelled_out(targets, span)
            if not targets:
                targets, why = targets_where_none(actors, said, e.event_type)
                if targets:
                    self._count("targets_added", f"event at {span[0]}: {why} {targets!r}")
            unknown = e.actor_unknown or any(UNKNOWN_ACTOR.match(a.strip()) for a in e.actors)
            if unknown and actors:
                unknown = False  # the model named someone the text puts there
            if not actors and not unknown:
                actors = self._first_person_party(span)
            if not actors:
                # "Four alleged terrorists, all wearing ski masks, murdered Mayor ...": a body
                # the text describes did it, as the finders read it, whatever the model said.
                cue = Cue(span[0], span[1], said)
                pivot = event_pivot(cue)
                if pivot == cue.end:
                    # The model says it is an event; the finders' words may not ("murdered").
                    verb = _DEED.search(cue.text)
                    pivot = cue.start + verb.start() if verb else pivot
                # Who arrests is no doer of the riot the arrested are wanted for.
                body = described_doer(cue, pivot, arrests=e.event_type == "Strategic developments")
                if body is not None:
                    self._count(
                        "actors_described", f"event at {span[0]}: done by {body!r}, as described"
                    )
                    actors, unknown = [body], False
            places = two_places(e.location)
            if len(places) > 1:
                self._count("events_split", f"event at {span[0]}: one at each of {places!r}")
            for k, place in enumerate(places):
                if not place or self.loc.locate(place) is not None:
                    continue
                # "Omdurman, Sudan" where the text names Omdurman: the place as the text has it.
                head = place.split(",")[0].strip()
                if head != place and self.loc.locate(head) is not None:
                    self._count("places_shortened", f"place {place!r} given as {head!r}")
                    places[k] = head
                else:
                    self._count("places_dropped", f"place {place!r} dropped: not in the document")
                    places[k] = None
            date = self._date(e)
            evidence = Evidence(text=said, start=span[0], end=span[1], verified=True)
            toll = (
                self._toll(e.fatalities, lo, hi, "fatalities"),
                self._toll(e.injuries, lo, hi, "injuries"),
            )
            for k, place in enumerate(places):
                fatalities, injuries = toll_of(k, toll)
                events.append(
                    Event(
                        date=date,
                        date_text=e.date_text if date or e.date_text is None else e.date_text,
                        location=place,
                        event_type=e.event_type,
                        sub_event_type=sub_event_type(
                            e.event_type, f"{e.description} {evidence.text}"
                        ),
                        description=" ".join(e.description.split()),
                        actors=actors,
                        targets=targets,
                        actor_unknown=unknown,
                        inferred=[
                            n
                            for n in dict.fromkeys(inferred + inferred_targets)
                            if n in actors or n in targets
                        ],
                        fatalities=fatalities,
                        injuries=injuries,
                        status=e.status,
                        evidence=evidence,
                    )
                )
                asked.append(e.date)
        order = sorted(range(len(events)), key=lambda i: events[i].evidence.start or 0)
        return self._relative_days([events[i] for i in order], [asked[i] for i in order])

    def _relative_days(self, events: list[Event], asked: list[str | None]) -> list[Event]:
        """Events dated by a phrase that counts from the event told before ("Government troops
        attacked the roadblocks on September 19. The next day, soldiers killed five people"):
        code counts from that event's day, in the text's order; which way, the model reads."""
        last: str | None = None
        for i, event in enumerate(events):
            words = (event.date_text or "").lower()
            relative = RELATIVE_DAY.search(words)
            if event.date is None and last is not None and relative is not None:
                day = counted_day(last, relative.group(), asked[i])
                if day is not None:
                    self._count(
                        "dates_counted", f"event date {day} counted from {last} ({words!r})"
                    )
                    events[i] = event.model_copy(update={"date": day})
            last = events[i].date or last
        return events

    def _passage(self, passage: str, offset: int) -> tuple[int, int] | None:
        """Where an evidence passage is: as copied, or the one sentence of the text that holds
        nearly all of its words (a model that mended a typo or dropped a clause). Never a
        passage the text does not hold."""
        span = self.loc.locate(passage, near=offset)
        if span is not None:
            return span
        words = set(_WORD.findall(passage.lower()))
        if len(words) < 5:
            return None
        best, score = None, 0.0
        for sentence in self.finds.sentences:
            theirs = set(_WORD.findall(sentence.text.lower()))
            if not theirs or len(words) < _SHORTER_AT_MOST * len(theirs):
                continue  # a clause of a long sentence is no copy of it
            shared = len(words & theirs) / len(words)
            if shared > score:
                best, score = sentence, shared
        if best is None or score < _SAME_SENTENCE:
            return None
        self._count(
            "evidence_relocated", f"evidence {passage[:60]!r} found as the sentence at {best.start}"
        )
        return best.start, best.end

    def _around(self, span: tuple[int, int]) -> tuple[int, int]:
        """Where an event's toll must be told: the evidence's paragraph and the paragraphs
        before and after it."""
        lo = self.paragraphs.start(span[0], back=1)
        hi = self.paragraphs.end(self.paragraphs.end(span[1]))
        return lo, hi

    def _first_person_party(self, span: tuple[int, int]) -> list[str]:
        """ "I am announcing the designation of five terrorist leaders": where the model named
        no one and "we" or "I" did it, the party the words speak for (`ground.voice`), as the
        finders read it."""
        evidence = Cue(span[0], span[1], self.text[span[0] : span[1]])
        pivot = event_pivot(evidence)
        party = self._voices.at(pivot) if first_person_act(evidence, pivot) else None
        if party is None:
            return []
        self._count("actors_first_person", f"event actor {party!r} added: the party of 'we'")
        return [party]

    def _date(self, e: JudgeEvent) -> str | None:
        return model_date(
            e.date_text,
            e.date,
            self.document.source.date,
            in_text=lambda words: self.loc.locate(words) is not None,
            text_days=self._days,
            count=self._count,
        )

    def _toll(self, value: int | None, lo: int, hi: int, what: str) -> int | None:
        if value is None:
            return None
        window = self.text[lo:hi]
        low = window.lower()
        if (
            value in numbers_in(window)
            or (value == 1 and re.search(r"\b(?:a|an|one)\b", low))
            or (value == 0 and re.search(r"\b(?:no|none|without)\b", low))
        ):
            return value
        self._count(f"{what}_dropped", f"{what} {value} dropped: not stated at the evidence")
        return None

    # -- uncertainty ------------------------------------------------------------------------

    def _uncertainty(
        self, drafts: Iterable[tuple[int, Any]], events: list[Event]
    ) -> list[Uncertainty]:
        flags: dict[tuple[int, int], Uncertainty] = {}
        for offset, u in drafts:
            span = self._passage(u.evidence, offset)
            if span is None:
                self._count(
                    "uncertainty_dropped",
                    f"uncertainty {u.evidence[:60]!r} dropped: evidence not found",
                )
                continue
            if any(s <= span[0] < e or span[0] <= s < span[1] for s, e in flags):
                continue
            flags[span] = Uncertainty(
                claim=" ".join(u.claim.split()),
                kind=u.kind,
                evidence=Evidence(
                    text=self.text[span[0] : span[1]], start=span[0], end=span[1], verified=True
                ),
            )
        for h in self.finds.hedges:
            s = h.sentence
            if is_headline(s.text) or any(a < s.end and s.start < b for a, b in flags):
                continue
            if h.kind == "attributed":
                continue  # "Police said 44 were arrested": the model judged it a plain fact
            if h.kind in ("hedge", "unknown") and not any(
                (e.evidence.start or 0) < s.end and s.start < (e.evidence.end or 0) for e in events
            ):
                continue
            self._count("hedges_added", f"hedge at {s.start} added: the model left it out")
            flags[(s.start, s.end)] = Uncertainty(
                claim=short(s.text),
                kind=cast(Any, h.kind),
                evidence=Evidence(text=s.text, start=s.start, end=s.end, verified=True),
            )
        return [flags[k] for k in sorted(flags)]

    # -- summary ----------------------------------------------------------------------------

    def _summary(self, written: list[str]) -> str:
        kept = stated_sentences(written, self.text, self.document.source.date, self._count)
        return " ".join(kept)[:2000] or lead(self.text, sentences=self.finds.sentences)


__all__ = ["ground_judge"]
