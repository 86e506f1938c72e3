"""Who is listed as an actor: parties, not generic collectives, facilities or a roll of names."""

from __future__ import annotations

import pytest

from summarizer.core.schemas import Actor, Event, Evidence, Quote, Span
from summarizer.ground.parties import event_party, keep_parties, not_a_party
from summarizer.ground.plain import Grounded


@pytest.mark.parametrize(
    "name",
    [
        "civilians", "Residents", "Women and children", "Afghan civilians", "displaced Gazans",
        "Palestinians", "nine suspicious men", "civilian man", "protesters",
        "provincial police headquarters", "Uruzgan provincial governor's compound",
        "Palestinians in Gaza", "civilians in Russia",
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


def test_a_roll_that_spells_out_whom_an_event_befell_stays_one_before_it_does_not() -> None:
    # The Institute for Reporters' Freedom and Safety (check13) and a G7 statement (dev),
    # shortened.
    text = (
        "We, the Foreign Ministers of Canada, France, Germany, Italy, Japan, Norway, and Spain, "
        "condemn that police in civilian clothes detained the rally's organizers — activists "
        "Aziz Mamiyev, Ilkin Rustamzadeh, Mehman Huseynov, Fuad Ahmadli, Ulvi Hasanli, Ruslan "
        "Izzetli, and Fikret Jafarli.\n"
    )
    event = Event(
        event_type="Strategic developments",
        description="Police detained the rally's organizers.",
        actors=["police"],
        targets=["the rally's organizers"],
        status="confirmed",
        evidence=Evidence(text=text.rstrip(), start=0, end=len(text.rstrip())),
    )
    names = ["Canada", "Italy", "Japan", "Aziz Mamiyev", "Mehman Huseynov", "Ruslan Izzetli"]
    out = keep_parties(_grounded(text, names, [event], []), text)
    assert [a.name for a in out.actors] == ["Aziz Mamiyev", "Mehman Huseynov", "Ruslan Izzetli"]


def test_five_governments_that_issue_a_statement_together_stay() -> None:
    text = (
        "The Governments of France, Germany, Italy, the United Kingdom and the United States "
        "welcome the agreement.\n"
    )
    names = ["France", "Germany", "Italy", "United Kingdom", "United States"]
    out = keep_parties(_grounded(text, names, [], []), text)
    assert [a.name for a in out.actors] == names and "actors_not_parties" not in out.checks


@pytest.mark.parametrize(
    ("role", "party"),
    [
        ("four US soldiers", ("US soldiers", "military")),
        ("five Israeli tourists", ("Israeli tourists", "civilians")),
        ("Fur communities", ("Fur communities", "civilians")),
        ("Ukraine", ("Ukraine", "state")),
        ("the United States", ("United States", "state")),
        # One unnamed person, people at large, things, places and unaffiliated bodies: no party.
        ("a Bulgarian bus driver", None),
        ("Palestinian fishermen", None),
        ("two Palestinian men", None),
        ("civilian infrastructure", None),
        ("Mariupol theater", None),
        ("Lviv", None),
        ("security forces", None),
        ("members of the security forces", None),
    ],
)
def test_an_event_role_names_a_party_when_it_is_a_state_or_an_affiliated_body(
    role: str, party: tuple[str, str] | None
) -> None:
    assert event_party(role) == party


def test_a_party_only_an_event_names_is_listed_once_under_its_name_in_the_text() -> None:
    text = (
        "Four US soldiers were killed when Taliban fighters attacked their patrol in Logar. "
        "Taliban operatives later struck the four US soldiers' base again.\n"
    )
    end = text.index(".") + 1

    def event(targets: list[str]) -> Event:
        return Event(
            event_type="Battles",
            description="An attack on a patrol.",
            actors=["Taliban operatives"],
            targets=targets,
            status="confirmed",
            evidence=Evidence(text=text[:end], start=0, end=end),
        )

    grounded = _grounded(
        text, ["Taliban"], [event(["four US soldiers"]), event(["US soldiers"])], []
    )
    out = keep_parties(grounded, text)
    # "Taliban operatives" are the Taliban, already listed; the soldiers are listed once.
    assert [(a.name, a.kind) for a in out.actors] == [
        ("US soldiers", "military"),
        ("Taliban", "state"),
    ]
    soldiers = out.actors[0]
    assert [text[m.start : m.end] for m in soldiers.mentions] == ["US soldiers", "US soldiers"]
    assert out.checks["actors_from_events"] == 1
    assert "actor 'US soldiers' listed: an event names it" in out.warnings
    # The events keep their roles as the text gives them.
    assert out.events[0].targets == ["four US soldiers"]


def test_the_organisation_whose_outlet_carries_the_story_is_no_party() -> None:
    text = (
        "The UN Security Council met as the UN warned of famine in Sudan.\n\n"
        "UN Photo/Eskinder Debebe\n"
    )
    names = ["UN Security Council", "UN", "Sudan"]
    out = keep_parties(_organisations(_grounded(text, names, [], [])), text)
    assert [a.name for a in out.actors] == ["UN Security Council", "Sudan"]
    assert any("outlet carries the story" in w for w in out.warnings)
    # A country's name before "TV" is no outlet's owner to drop: "Syria TV" leaves Syria.
    text = "Syria TV reported that Syria closed its border."
    out = keep_parties(_organisations(_grounded(text, ["Syria"], [], [])), text)
    assert [a.name for a in out.actors] == ["Syria"]


def _organisations(grounded: Grounded) -> Grounded:
    actors = [a.model_copy(update={"kind": "organization"}) for a in grounded.actors]
    return Grounded(summary="", actors=actors, events=[], quotes=[], uncertainty=[], warnings=[])
