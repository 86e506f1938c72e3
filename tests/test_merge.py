"""One actor, one entry inside a document (ground/merge.py)."""

from __future__ import annotations

from summarizer.core.schemas import Actor, Event, Evidence, Span
from summarizer.ground.merge import merge_actors
from summarizer.ground.plain import Grounded


def grounded(*actors: tuple[str, str], events: list[Event] | None = None) -> Grounded:
    return Grounded(
        summary="",
        actors=[
            Actor(name=n, kind=k, mentions=[Span(start=i, end=i + 1)])  # type: ignore[arg-type]
            for i, (n, k) in enumerate(actors)
        ],
        events=events or [],
        quotes=[],
        uncertainty=[],
        warnings=[],
    )


def names(g: Grounded) -> list[tuple[str, list[str]]]:
    return [(a.name, a.aliases) for a in g.actors]


def event(actors: list[str], targets: list[str]) -> Event:
    return Event(
        description="x",
        event_type="Battles",
        evidence=Evidence(text="x"),
        status="reported",
        actors=actors,
        targets=targets,
    )


def test_the_names_of_one_actor_in_a_document_are_one_actor() -> None:
    g = merge_actors(
        grounded(
            ("Houthi", "armed_group"),
            ("Houthis", "armed_group"),
            ("Sarea", "person"),
            ("Saree", "person"),
            ("Tamerlan", "person"),
            ("Tamerlan Tsarnaev", "person"),
            ("Iran", "state"),
            ("Islamic Republic of Iran", "state"),
            ("U.S. Embassy in Baghdad", "organization"),
            ("United States Embassy in Baghdad", "organization"),
            events=[event(["Houthi", "Houthis"], ["Iran"])],
        )
    )
    assert names(g) == [
        ("Houthis", ["Houthi"]),
        ("Sarea", ["Saree"]),
        ("Tamerlan Tsarnaev", ["Tamerlan"]),
        ("Islamic Republic of Iran", ["Iran"]),
        ("United States Embassy in Baghdad", ["U.S. Embassy in Baghdad"]),
    ]
    assert g.events[0].actors == ["Houthis"] and g.events[0].targets == ["Islamic Republic of Iran"]
    assert g.checks["actors_merged"] == 5
    assert [len(a.mentions) for a in g.actors] == [2, 2, 2, 2, 2]
    assert any("'Iran' merged into 'Islamic Republic of Iran'" in w for w in g.warnings)


def test_names_that_only_share_a_word_stay_apart() -> None:
    g = merge_actors(
        grounded(
            ("Hezbollah", "armed_group"),
            ("Kataib Hezbollah", "armed_group"),
            ("Jordan", "person"),  # a person who bears a country's name
            ("Jordan", "state"),
            ("Tsarnaev", "person"),  # two Tsarnaevs: the surname alone is neither
            ("Tamerlan Tsarnaev", "person"),
            ("Dzhokhar Tsarnaev", "person"),
            ("Islamic Resistance in Iraq", "armed_group"),
            ("Islamic Resistance in Lebanon", "armed_group"),
        )
    )
    assert len(g.actors) == 9 and "actors_merged" not in g.checks


def test_a_title_or_capitals_never_name_the_merged_actor() -> None:
    g = merge_actors(grounded(("MINISTER KULEBA", "person"), ("Dmytro Kuleba", "person")))
    assert names(g) == [("Dmytro Kuleba", ["MINISTER KULEBA"])]


def test_nothing_to_merge_changes_nothing() -> None:
    g = grounded(("Russia", "state"), ("Ukraine", "state"))
    assert merge_actors(g) is g
