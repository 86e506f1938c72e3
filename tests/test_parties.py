"""Who is listed as an actor: parties, not generic collectives, facilities or a roll of names."""

from __future__ import annotations

import pytest

from summarizer.core.schemas import Actor, Event, Evidence, Quote, Span
from summarizer.ground.parties import keep_parties, not_a_party
from summarizer.ground.plain import Grounded


@pytest.mark.parametrize(
    "name",
    [
        "civilians", "Residents", "Women and children", "Afghan civilians", "displaced Gazans",
        "Palestinians", "nine suspicious men", "civilian man", "protesters",
        "provincial police headquarters", "Uruzgan provincial governor's compound",
    ],
)  # fmt: skip
def test_generic_collectives_and_facilities_are_not_parties(name: str) -> None:
    assert not_a_party(name) is not None


@pytest.mark.parametrize(
    "name",
    [
        "Houthis", "Rohingya", "Israeli tourists", "civilian mine workers", "Fur communities",
        "Israeli settlers", "Taliban", "Philippines", "Francis", "Al-Shifa Hospital",
        "coalition forces", "Hamas",
    ],
)  # fmt: skip
def test_named_parties_and_specific_peoples_stay(name: str) -> None:
    assert not_a_party(name) is None


def _actor(text: str, name: str) -> Actor:
    spans = []
    i = text.find(name)
    while i >= 0:
        spans.append(Span(start=i, end=i + len(name)))
        i = text.find(name, i + 1)
    return Actor(name=name, kind="state", mentions=spans)


def _grounded(text: str, names: list[str], events: list[Event], quotes: list[Quote]) -> Grounded:
    return Grounded(
        summary="",
        actors=[_actor(text, n) for n in names],
        events=events,
        quotes=quotes,
        uncertainty=[],
        warnings=[],
    )


def test_a_name_only_in_a_roll_of_six_is_left_out_unless_the_story_names_it() -> None:
    text = (
        "Myanmar's military killed protesters in Yangon.\n\n"
        "Albania, Australia, Canada, Georgia, Iceland, Japan and Norway join this statement.\n"
    )
    start = text.index("Myanmar")
    event = Event(
        event_type="Violence against civilians",
        description="Soldiers killed protesters.",
        actors=["Myanmar's military"],
        targets=["protesters"],
        status="confirmed",
        evidence=Evidence(text=text[start : text.index("\n")], start=start, end=text.index("\n")),
    )
    quote = Quote(speaker="Japan", text="x", verified=False)
    names = ["Myanmar's military", "Albania", "Canada", "Japan", "Norway", "protesters"]
    out = keep_parties(_grounded(text, names, [event], [quote]), text)
    assert [a.name for a in out.actors] == ["Myanmar's military", "Japan"]
    assert out.checks["actors_not_parties"] == 4
    assert any("only listed" in w for w in out.warnings)


def test_five_governments_that_issue_a_statement_together_stay() -> None:
    text = (
        "The Governments of France, Germany, Italy, the United Kingdom and the United States "
        "welcome the agreement.\n"
    )
    names = ["France", "Germany", "Italy", "United Kingdom", "United States"]
    out = keep_parties(_grounded(text, names, [], []), text)
    assert [a.name for a in out.actors] == names and "actors_not_parties" not in out.checks
