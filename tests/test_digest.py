"""Tests of the briefing digest: events merged, contradictions kept, outputs stable and safe."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from summarizer.briefing.digest import build_briefing
from summarizer.briefing.events import place_key
from summarizer.briefing.exports import CSV_COLUMNS, events_csv
from summarizer.briefing.markdown import briefing_markdown
from summarizer.briefing.models import Briefing, briefing_json_schema
from summarizer.briefing.prose import event_phrase
from summarizer.briefing.write import OUTPUT_FILES, write_briefing
from summarizer.cli.main import main
from summarizer.core.config import load_settings
from summarizer.core.schemas import (
    Actor,
    Event,
    Evidence,
    Meta,
    Quote,
    Source,
    Span,
    Summary,
    Uncertainty,
    schema_text,
)
from summarizer.pipeline import Summarizer
from summarizer.read.documents import document_from_text
from summarizer.render.outputs import md_escape
from summarizer.testing.fakes import FakeLLM

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FDD = SEEDS / "000_7ba69945cb43b524.txt"
RFE = SEEDS / "002_28181b3d27146c63.txt"
META = Meta(model="test", backend="fake", prompt_version="extract@test", schema_version="1.0")


# ---------------------------------------------------------------------------------------------
# Building grounded summaries by hand (what the model and grounding would produce)
# ---------------------------------------------------------------------------------------------


class Doc:
    """A document text and helpers that ground names and passages in it, as grounding does."""

    def __init__(self, text: str, path: Path | str | None = None) -> None:
        self.text = text
        self.path = str(path) if path is not None else None

    @classmethod
    def read(cls, path: Path) -> Doc:
        return cls(path.read_text(encoding="utf-8"), path)

    @property
    def doc_id(self) -> str:
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def find(self, needle: str) -> int:
        at = self.text.find(needle)
        assert at >= 0, f"not in the text: {needle!r}"
        return at

    def evidence(self, passage: str) -> Evidence:
        at = self.find(passage)
        return Evidence(text=passage, start=at, end=at + len(passage), verified=True)

    def actor(self, name: str, kind: str, **kw: Any) -> Actor:
        mentions = []
        at = self.text.find(name)
        while at >= 0:
            mentions.append(Span(start=at, end=at + len(name)))
            at = self.text.find(name, at + 1)
        return Actor(name=name, kind=kind, mentions=mentions, **kw)  # type: ignore[arg-type]

    def quote(self, speaker: str | None, words: str) -> Quote:
        at = self.find(words)
        return Quote(speaker=speaker, text=words, start=at, end=at + len(words), verified=True)

    def event(self, evidence: str, **kw: Any) -> Event:
        kw.setdefault("status", "reported")
        kw.setdefault("description", evidence[:120])
        return Event(evidence=self.evidence(evidence), **kw)

    def summary(self, *, date: str | None, title: str | None = None, **kw: Any) -> Summary:
        return Summary(
            doc_id=self.doc_id,
            source=Source(path=self.path, title=title, date=date),
            summary=kw.pop("summary", "A report."),
            meta=META,
            **kw,
        )


def fdd_summary() -> Summary:
    d = Doc.read(FDD)
    return d.summary(
        date="2026-03-01",
        title="Iraqi militias claim drone attacks after US-Israeli strikes on Iran",
        summary="Iraqi militias claimed 16 drone attacks after US and Israeli strikes on Iran; "
        "an airstrike hit Jurf al-Nasr on February 28.",
        actors=[
            d.actor("Islamic Resistance in Iraq", "armed_group", aliases=["IRI"]),
            d.actor("Kataib Hezbollah", "armed_group"),
            d.actor("Kataib Sayyid al Shuhada", "armed_group"),
            d.actor("Harakat Hezbollah al Nujaba", "armed_group"),
            d.actor("Asaib Ahl al Haq", "armed_group"),
            d.actor("Abu Ala al Walae", "person", affiliation="Kataib Sayyid al Shuhada"),
            d.actor("Akram al Kaabi", "person", affiliation="Harakat Hezbollah al Nujaba"),
            d.actor("Popular Mobilization Forces", "armed_group", aliases=["PMF"]),
            d.actor("Saraya Awliya al Dam", "armed_group"),
            d.actor("United States", "state"),
            d.actor("Israel", "state"),
            d.actor("Iran", "state"),
            d.actor("Ali Khamenei", "person"),
        ],
        events=[
            d.event(
                "The Jurf al-Nasr area, north of Babil province, was subjected to several "
                "airstrikes at exactly 11:50 am this morning, resulting in the martyrdom of two "
                "individuals and the injury of three others",
                date="2026-02-28",
                location="Jurf al-Nasr area, north of Babil province",
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                description="Airstrikes hit the Jurf al-Nasr area, killing two and injuring three.",
                targets=["Kataib Hezbollah"],
                fatalities=2,
                injuries=3,
                status="reported",
            ),
            d.event(
                "released a statement on February 28 claiming 16 attacks using dozens of drones",
                date="2026-02-28",
                location="Iraq",
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                description="The IRI claimed 16 drone attacks on enemy bases.",
                actors=["IRI"],
                status="claimed",
            ),
            d.event(
                "Saraya Awliya al Dam, a front group of Iran-backed militias in Iraq, claimed an "
                "attack on US military personnel at Erbil International Airport",
                date="2026-03-01",
                location="Erbil",
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                description="Saraya Awliya al Dam claimed a drone attack at Erbil airport.",
                actors=["Saraya Awliya al Dam"],
                targets=["US military personnel"],
                status="claimed",
            ),
            d.event(
                "Protestors have taken to the streets in Baghdad’s Green Zone",
                date="2026-03-01",
                location="Baghdad",
                event_type="Protests",
                sub_event_type="Peaceful protest",
                description="Protesters gathered in Baghdad's Green Zone over US strikes.",
                status="reported",
            ),
        ],
        quotes=[
            d.quote(
                "Kataib Hezbollah",
                "We must drag [the US] into a long war of attrition […] in which we leave no "
                "American presence in the region generally, especially in Iraq.",
            ),
            d.quote("Kaabi", "Our mujahideen and heroes are not those who speak in gatherings"),
            d.quote(
                "Walae",
                "fled their bases scattered throughout the Gulf countries and sought refuge in "
                "hotels and civilian buildings",
            ),
        ],
        uncertainty=[
            Uncertainty(
                claim="An unknown party, likely the US or Israel, struck Iran-backed proxies.",
                kind="hedge",
                evidence=d.evidence(
                    "An unconfirmed party, likely the US or Israel, also reportedly conducted "
                    "strikes against Iran-backed proxies in Iraq on February 28 and March 1."
                ),
            )
        ],
    )


def rfe_summary() -> Summary:
    d = Doc.read(RFE)
    return d.summary(
        date="2026-03-20",
        title="Iraq pulled into the Iran war",
        summary="Iran-backed militias in Iraq attack US targets; US strikes hit PMF positions.",
        actors=[
            d.actor("Islamic Resistance in Iraq", "armed_group"),
            d.actor("Kataib Hizballah", "armed_group"),
            d.actor("Kataib Seyyed al-Shuhada", "armed_group"),
            d.actor("Harakat al-Nujaba", "armed_group"),
            d.actor("Asa'ib Ahl al-Haq", "armed_group"),
            d.actor("Abu Ala al-Walai", "person", affiliation="Kataib Seyyed al-Shuhada"),
            d.actor("Abu Ali al-Askari", "person", affiliation="Kataib Hizballah"),
            d.actor("Badr Organization", "armed_group"),
            d.actor("Popular Mobilization Forces", "armed_group"),
            d.actor("Hezbollah", "armed_group"),
            d.actor("Colin Clarke", "person", affiliation="Soufan Center"),
            d.actor("Farzin Nadimi", "person", affiliation="Washington Institute"),
            d.actor("United States", "state"),
            d.actor("Iran", "state"),
            d.actor("Iraq", "state"),
        ],
        events=[
            d.event(
                "The PMF said two of its fighters were killed in two separate air strikes on "
                "March 19 near the northern city of Mosul.",
                date="2026-03-19",
                location="Mosul",
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                description="Two PMF fighters were killed in air strikes near Mosul.",
                actors=["United States", "Israel"],
                targets=["PMF"],
                fatalities=2,
                status="claimed",
            ),
            d.event(
                "Six PMF fighters were killed in the same area on March 16, the group said.",
                date="2026-03-16",
                location="Anbar Province",
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                description="Six PMF fighters were killed in Anbar.",
                targets=["PMF"],
                fatalities=6,
                status="claimed",
            ),
            d.event(
                "reports said a strike targeted the residence of Abu Ala al-Walai",
                date="2026-03-16",
                location="Baghdad",
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                description="A strike targeted the residence of Abu Ala al-Walai.",
                targets=["Abu Ala al-Walai"],
                fatalities=6,
                status="unclear",
            ),
        ],
        quotes=[
            d.quote(
                "Colin Clarke",
                "The chances of Iraq being pulled deeper into the Iran war are extremely high,",
            ),
            d.quote(
                "Farzin Nadimi",
                "The main sponsor and supporter of those groups in Iraq -- the Iranian regime -- "
                "is in an existential war right now",
            ),
            d.quote("Clarke", "But this remains a wild card for Tehran"),
        ],
        uncertainty=[
            Uncertainty(
                claim="It is unclear whether Walai was killed.",
                kind="unconfirmed",
                evidence=d.evidence("it was unclear if Walai was among them"),
            )
        ],
    )


def wire_summary(tmp: Path, *, killed: int, actor: str, name: str = "wire") -> Summary:
    """A third, short report of the Jurf al-Nasr strike (for merges and contradictions)."""
    text = (
        "date 2026-03-01\n"
        f"An airstrike by {actor} hit Jurf al Nasr on February 28, killing {killed} fighters of "
        "Kataib Hizballah, the group said.\n"
    )
    path = tmp / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    d = Doc(text, path)
    return d.summary(
        date="2026-03-01",
        title=f"Strike on Jurf al Nasr ({name})",
        actors=[d.actor(actor, "state"), d.actor("Kataib Hizballah", "armed_group")],
        events=[
            d.event(
                f"An airstrike by {actor} hit Jurf al Nasr on February 28, killing {killed} "
                "fighters of Kataib Hizballah, the group said.",
                date="2026-02-28",
                location="Jurf al Nasr",
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                description=f"An airstrike hit Jurf al Nasr, killing {killed}.",
                actors=[actor],
                targets=["Kataib Hizballah"],
                fatalities=killed,
                status="claimed",
            )
        ],
    )


def write_out(folder: Path, summaries: list[Summary]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, s in enumerate(summaries):
        (folder / f"{i:03d}.json").write_text(s.model_dump_json(indent=2), encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------------------------
# Events and contradictions
# ---------------------------------------------------------------------------------------------


def test_place_key_normalizes_articles_hyphens_and_generic_words() -> None:
    assert place_key("Jurf al-Nasr area, north of Babil province") == place_key("Jurf al Nasr")
    assert place_key("Irbil") == place_key("Erbil")
    assert place_key("Anbar Province") == place_key("al-Anbar")
    assert place_key("Baghdad") != place_key("Basra")
    assert place_key(None) == frozenset()


def test_same_event_from_three_sources_merges_and_keeps_casualty_contradiction(
    tmp_path: Path,
) -> None:
    wire = wire_summary(tmp_path, killed=4, actor="US forces")
    b = build_briefing([fdd_summary(), rfe_summary(), wire])
    jurf = [e for e in b.events if e.location and "Jurf" in e.location]
    assert len(jurf) == 1
    e = jurf[0]
    assert len(e.sources) == 2 and len(e.reports) == 2
    # Not averaged: both figures kept, the agreed figure is unknown.
    assert e.fatalities is None
    assert [v.value for v in e.fatalities_reported] == ["2", "4"]
    assert e.injuries == 3
    kinds = {c.kind for c in b.contradictions if c.event_id == e.id}
    assert kinds == {"fatalities"}  # one source names no perpetrator: no attribution conflict
    # The firmest status wins, and every status is listed with its sources.
    assert e.status == "reported"
    assert {v.value for v in e.statuses} == {"reported", "claimed"}


def test_disjoint_attributions_are_a_contradiction(tmp_path: Path) -> None:
    a = wire_summary(tmp_path, killed=2, actor="United States", name="a")
    b_ = wire_summary(tmp_path, killed=2, actor="Israel", name="b")
    b = build_briefing([a, b_])
    assert len(b.events) == 1
    (c,) = b.contradictions
    assert c.kind == "attribution"
    assert sorted(v.value for v in c.values) == ["Israel", "United States"]
    assert b.events[0].fatalities == 2


def test_a_doer_no_source_names_at_the_event_is_marked_inferred(tmp_path: Path) -> None:
    a = wire_summary(tmp_path, killed=2, actor="United States", name="a")
    a.events[0].inferred = ["United States"]
    alone = build_briefing([a])
    (ref,) = alone.events[0].actors
    assert ref.inferred
    assert alone.events[0].reports[0].inferred == ["United States"]
    assert "by United States (inferred)" in event_phrase(alone.events[0])
    assert "United States (inferred)" in briefing_markdown(alone)
    (row,) = csv.DictReader(io.StringIO(events_csv(alone)))
    assert row["actor1"] == "United States"
    assert row["notes"].endswith("Inferred, not named where the event is told: United States.")
    located = a.model_copy(deep=True)
    located.events[0].location = "Mosul"
    from summarizer.briefing.exports import events_geojson

    (point,) = json.loads(events_geojson(build_briefing([located])))["features"]
    assert point["properties"]["inferred"] == ["United States"]
    # Another source that names it where it tells the event makes it stated.
    b_ = wire_summary(tmp_path, killed=3, actor="United States", name="b")
    both = build_briefing([a, b_])
    assert len(both.events) == 1
    assert not both.events[0].actors[0].inferred


def test_events_more_than_a_day_apart_or_elsewhere_do_not_merge(tmp_path: Path) -> None:
    a = wire_summary(tmp_path, killed=2, actor="United States", name="a")
    far = wire_summary(tmp_path, killed=2, actor="United States", name="far")
    far.events[0].date = "2026-03-02"
    other = wire_summary(tmp_path, killed=2, actor="United States", name="other")
    other.events[0].location = "Mosul"
    b = build_briefing([a, far, other])
    assert len(b.events) == 3
    assert not b.contradictions


def test_events_of_one_document_never_merge_with_each_other(tmp_path: Path) -> None:
    s = wire_summary(tmp_path, killed=2, actor="United States")
    s.events.append(s.events[0].model_copy(update={"fatalities": 5}))
    b = build_briefing([s])
    assert len(b.events) == 2
    assert not b.contradictions


def test_briefing_sections_from_seeds() -> None:
    b = build_briefing([fdd_summary(), rfe_summary()])
    assert [s.number for s in b.sources] == [1, 2]
    assert b.sources[0].date == "2026-03-01"
    # Timeline: dated events in order.
    dates = [e.date for e in b.events]
    assert dates == sorted(dates)
    # Actors: aliases merged across the two reports.
    names = {a.name: a for a in b.actors}
    kh = names["Kataib Hezbollah"]
    assert kh.sources == [1, 2] and "Kataib Hizballah" in kh.aliases
    assert "Hezbollah" in names and names["Hezbollah"].sources == [2]
    walai = next(a for a in b.actors if "Walae" in a.name or "Walai" in a.name)
    assert walai.kind == "person" and walai.sources == [1, 2]
    assert walai.affiliation == "Kataib Sayyid al Shuhada"
    # Quotes: grouped by reconciled speaker ("Kaabi" is Akram al Kaabi, "Clarke" Colin Clarke).
    speakers = {g.speaker: g for g in b.quotes}
    assert "Akram al Kaabi" in speakers
    assert len(speakers["Colin Clarke"].quotes) == 2
    assert "Abu Ala al Walae" in speakers or "Abu Ala al-Walai" in speakers
    # Every BLUF sentence cites at least one source, and only sources that exist.
    assert b.bluf
    for s in b.bluf:
        assert s.sources and set(s.sources) <= {1, 2}
    assert len(b.uncertainties) == 2


def test_bluf_sentences_cite_their_sources_and_name_contradictions(tmp_path: Path) -> None:
    wire = wire_summary(tmp_path, killed=4, actor="US forces")
    b = build_briefing([fdd_summary(), rfe_summary(), wire])
    text = " ".join(s.text for s in b.bluf)
    assert "3 reports" in text
    assert "Sources disagree on casualty figures for 1 event" in text
    top = b.bluf[1]
    assert "Jurf" in top.text or "Mosul" in top.text or "Anbar" in top.text or "Baghdad" in top.text
    for s in b.bluf:
        assert s.sources
        assert all(c.source in s.sources for c in s.citations)


def test_since_marks_new_sources_and_events() -> None:
    b = build_briefing([fdd_summary(), rfe_summary()], since="2026-03-10")
    assert b.new_since is not None
    assert b.new_since.sources == [2]
    new_dates = {e.date for e in b.events if e.id in b.new_since.events}
    assert new_dates == {"2026-03-16", "2026-03-19"}
    assert [s.new for s in b.sources] == [False, True]


# ---------------------------------------------------------------------------------------------
# Files: inputs skipped, outputs written, stable, schema
# ---------------------------------------------------------------------------------------------


def test_write_briefing_outputs_and_skips_bad_inputs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = write_out(tmp_path / "out", [fdd_summary(), rfe_summary()])
    (out / "manifest.json").write_text('{"done": []}')
    (out / "run-20260301T0200.json").write_text('{"documents": 2}')
    shutil.move(out / "001.json", out / "run-up-to-the-war.json")  # a summary, whatever its name
    shutil.copy(out / "000.json", out / "zzz-again.json")  # the same document twice: taken once
    (out / "broken.json").write_text("{not json")
    (out / "other.json").write_text('{"doc_id": "x"}')
    result = write_briefing(out, tmp_path / "briefing")
    assert sorted(p.name for p in result.paths) == sorted(OUTPUT_FILES)
    warned = " ".join(result.warnings)
    assert "broken.json" in warned and "other.json" in warned
    assert "manifest.json" not in warned and "run-2026" not in warned
    b = Briefing.model_validate_json((tmp_path / "briefing" / "briefing.json").read_text())
    assert len(b.sources) == 2
    assert {s.summary_file for s in b.sources} == {"000.json", "run-up-to-the-war.json"}
    assert all(s.text_available for s in b.sources)
    assert "broken.json" in caplog.text


def test_rerun_rewrites_byte_identical_files(tmp_path: Path) -> None:
    out = write_out(tmp_path / "out", [fdd_summary(), rfe_summary()])
    first = tmp_path / "b1"
    second = tmp_path / "b2"
    write_briefing(out, first, since="2026-03-10")
    # Files touched and listed in another order, another output folder: the same bytes.
    for p in out.iterdir():
        os.utime(p, (1, 1))
    write_briefing(out, second, since="2026-03-10")
    for name in OUTPUT_FILES:
        a = (first / name).read_bytes()
        b = (second / name).read_bytes()
        assert a == b, name
    write_briefing(out, first, since="2026-03-10")
    for name in OUTPUT_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_missing_source_text_shows_evidence_only(tmp_path: Path) -> None:
    wire = wire_summary(tmp_path, killed=2, actor="United States")
    out = write_out(tmp_path / "out", [wire])
    (tmp_path / "wire.txt").unlink()
    result = write_briefing(out, tmp_path / "briefing")
    assert result.briefing.sources[0].text_available is False
    assert any("source text not found" in w for w in result.warnings)
    html = (tmp_path / "briefing" / "briefing.html").read_text()
    assert "showing the cited words only" in html


def test_changed_source_text_is_not_used(tmp_path: Path) -> None:
    wire = wire_summary(tmp_path, killed=2, actor="United States")
    out = write_out(tmp_path / "out", [wire])
    (tmp_path / "wire.txt").write_text("something else entirely\n")
    result = write_briefing(out, tmp_path / "briefing")
    assert result.briefing.sources[0].text_available is False


def test_jsonl_source_record_is_found_by_doc_id(tmp_path: Path) -> None:
    text = "date 2026-03-01\nA strike hit Mosul on March 1, killing 3 people, police said.\n"
    path = tmp_path / "wire.jsonl"
    other = {"id": "a", "text": "Another record entirely."}
    path.write_text(json.dumps(other) + "\n" + json.dumps({"id": "b", "text": text}) + "\n")
    d = Doc(text, path)
    s = d.summary(
        date="2026-03-01",
        events=[
            d.event(
                "A strike hit Mosul on March 1, killing 3 people",
                date="2026-03-01",
                location="Mosul",
                event_type="Explosions/Remote violence",
                fatalities=3,
            )
        ],
    )
    s.source.record_id = "b"
    out = write_out(tmp_path / "out", [s])
    result = write_briefing(out, tmp_path / "briefing")
    assert result.briefing.sources[0].text_available


def test_events_csv_has_acled_columns_and_defuses_formulas(tmp_path: Path) -> None:
    wire = wire_summary(tmp_path, killed=4, actor="US forces")
    s = fdd_summary()
    s.events[3].description = '=HYPERLINK("http://evil")'
    b = build_briefing([s, wire])
    rows = list(csv.reader(io.StringIO(events_csv(b))))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows[1:]]
    jurf = next(r for r in body if "Jurf" in r["location"])
    assert jurf["fatalities"] == "2"  # the lowest figure, as ACLED codes it
    assert "differ" in jurf["notes"]
    assert jurf["event_date"] == "2026-02-28"
    assert jurf["actor1"] == "US forces" and jurf["actor2"] == "Kataib Hezbollah"
    assert "[1]" in jurf["source"]
    assert not any(cell.startswith("=") for r in rows for cell in r)
    # ACLED's columns, then the tool's own.
    assert CSV_COLUMNS[:25] == (
        "event_id_cnty", "event_date", "year", "time_precision", "event_type",
        "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
        "inter2", "interaction", "civilian_targeting", "iso", "country", "admin1", "location",
        "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "timestamp",
    )  # fmt: skip
    assert jurf["year"] == "2026" and jurf["time_precision"] == "1"
    assert jurf["inter1"] == "1" and jurf["inter2"] == "2" and jurf["interaction"] == "12"
    assert jurf["timestamp"] == "1772323200"  # 2026-03-01, the reports' day
    assert jurf["evidence"].startswith("[1] ") and jurf["verified"] == "true"


def test_located_events_carry_country_iso_and_coordinates(tmp_path: Path) -> None:
    from summarizer.briefing.exports import events_geojson
    from summarizer.briefing.places import resolve

    baghdad = resolve("Baghdad")
    assert baghdad is not None and baghdad.iso3 == "IRQ" and baghdad.iso == 368
    assert baghdad.geo_precision == 1 and baghdad.latitude == pytest.approx(33.34, abs=0.05)
    assert resolve("Irbil") == resolve("Erbil")  # a transliteration of one town
    iraq = resolve("northern Iraq")
    assert iraq is not None and iraq.geo_precision == 3 and iraq.country == "Iraq"
    gaza = resolve("Gaza Strip")
    assert gaza is not None and gaza.geo_precision == 2 and gaza.iso3 == "PSE"
    west_bank = resolve("West Bank")
    assert west_bank is not None and west_bank.iso3 == "PSE"  # not a town named Bank
    assert resolve("Jurf al Nasr") is None  # unknown to the gazetteer: nothing guessed
    assert baghdad.admin1 is None  # a town's province is not guessed

    wire = wire_summary(tmp_path, killed=4, actor="US forces")
    wire.events[0].location = "Mosul"
    b = build_briefing([fdd_summary(), wire])
    mosul = next(e for e in b.events if e.location == "Mosul")
    assert mosul.place is not None and mosul.place.country == "Iraq"
    rows = list(csv.DictReader(io.StringIO(events_csv(b))))
    row = next(r for r in rows if r["location"] == "Mosul")
    assert row["iso"] == "368" and row["country"] == "Iraq" and row["geo_precision"] == "1"
    assert row["event_id_cnty"].startswith("IRQ")
    assert float(row["latitude"]) == pytest.approx(36.34, abs=0.05)
    assert row["admin1"] == ""  # Mosul's province is not named
    geo = json.loads(events_geojson(b))
    assert geo["type"] == "FeatureCollection"
    points = [f for f in geo["features"] if f["properties"]["location"] == "Mosul"]
    assert points and points[0]["geometry"]["coordinates"][1] == pytest.approx(36.34, abs=0.05)


def test_a_province_the_report_names_is_the_events_admin1() -> None:
    from summarizer.briefing.places import resolve

    babil = resolve("Babil province")
    assert babil is not None and babil.country == "Iraq" and babil.admin1 == "Bābil"
    assert babil.geo_precision == 3 and babil.town is None and babil.latitude is not None
    kherson = resolve("Kherson region")  # the province, not the town of Kherson
    assert kherson is not None and kherson.admin1 == "Kherson" and kherson.town is None
    darfur = resolve("North Darfur")  # an English name ISO 3166-2 lists
    assert darfur is not None and darfur.country == "Sudan" and darfur.admin1 == "North Darfur"
    assert resolve("Punjab") is None  # Pakistan's or India's: nothing guessed
    punjab = resolve("Punjab province", countries=["PK"])
    assert punjab is not None and punjab.iso3 == "PAK"
    gaza = resolve("Gaza Strip")  # a strip is no province
    assert gaza is not None and gaza.admin1 is None


def test_briefing_schema_file_matches_models() -> None:
    path = ROOT / "schemas" / "briefing.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text(briefing_json_schema()), (
        "schemas/briefing.schema.json is stale: run `summarizer digest --schema --write`"
    )


def test_briefing_json_validates_against_schema(tmp_path: Path) -> None:
    b = build_briefing([fdd_summary(), rfe_summary()], since="2026-03-01")
    jsonschema.validate(json.loads(b.model_dump_json()), briefing_json_schema())
    # Every field carries a description (they document briefing.json for analysts).
    schema = briefing_json_schema()
    for name, model in schema["$defs"].items():
        for field, spec in model.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"


def test_markdown_escapes_hostile_text(tmp_path: Path) -> None:
    s = fdd_summary()
    s.source.title = "<script>alert(1)</script> ![x](http://evil/x.png)"
    s.events[0].location = "| injected | cell |"
    s.quotes[0].speaker = "[link](javascript:alert(1))"
    md = build_briefing([s]).model_copy()
    from summarizer.briefing.markdown import briefing_markdown

    text = briefing_markdown(md)
    assert "<script>" not in text
    assert "![x](" not in text
    assert "[link](javascript:" not in text
    assert md_escape("| injected | cell |") in text


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def test_cli_digest_writes_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = write_out(tmp_path / "out", [fdd_summary(), rfe_summary()])
    code = main(["digest", str(out), "--out", str(tmp_path / "b"), "--since", "2026-03-10"])
    assert code == 0
    assert sorted(os.listdir(tmp_path / "b")) == sorted(OUTPUT_FILES)
    err = capsys.readouterr().err
    assert "briefing.html" in err


def test_cli_digest_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err
    out = write_out(tmp_path / "out", [fdd_summary()])
    assert main(["digest", str(out), "--out", str(tmp_path / "b"), "--since", "soon"]) == 2
    assert "--since" in capsys.readouterr().err


def test_cli_digest_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Briefing"


def test_cli_digest_with_no_summaries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "out").mkdir()
    assert main(["digest", str(tmp_path / "out"), "--out", str(tmp_path / "b")]) == 0
    b = Briefing.model_validate_json((tmp_path / "b" / "briefing.json").read_text())
    assert b.sources == [] and b.bluf == []


# ---------------------------------------------------------------------------------------------
# Real outputs, when a run has left some
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(not list((ROOT / "out").glob("*.json")), reason="no out/*.json from a run")
def test_digest_of_real_outputs(tmp_path: Path) -> None:
    result = write_briefing(ROOT / "out", tmp_path / "briefing")
    b = result.briefing
    assert b.sources
    ids = [a.id for a in b.actors]
    assert len(ids) == len(set(ids))
    jsonschema.validate(json.loads(b.model_dump_json()), briefing_json_schema())


def test_an_unverified_event_is_marked_and_kept_out_of_the_bottom_line(tmp_path: Path) -> None:
    """The plain strategy's invented event ("fighting in Paris killed 500") is not a fact."""
    from summarizer.core.schemas import Evidence

    wire = wire_summary(tmp_path, killed=4, actor="US forces")
    invented = wire.events[0].model_copy(
        update={
            "date": "2026-02-27",
            "location": "Paris",
            "event_type": "Battles",
            "sub_event_type": None,
            "description": "Fighting in Paris killed 500.",
            "fatalities": 500,
            "status": "confirmed",
            "evidence": Evidence(text="Fighting in Paris killed 500.", verified=False),
        }
    )
    wire.events.append(invented)
    out = write_out(tmp_path / "out", [wire])
    write_briefing(out, tmp_path / "briefing")
    data = json.loads((tmp_path / "briefing" / "briefing.json").read_text(encoding="utf-8"))
    flags = {e["location"]: e["verified"] for e in data["events"]}
    assert flags == {"Jurf al Nasr": True, "Paris": False}
    bottom = " ".join(s["text"] for s in data["bluf"])
    assert "Paris" not in bottom and "500" not in bottom and "Jurf al Nasr" in bottom
    rows = list(csv.DictReader(io.StringIO((tmp_path / "briefing" / "events.csv").read_text())))
    assert {r["location"]: r["verified"] for r in rows} == {
        "Jurf al Nasr": "true",
        "Paris": "false",
    }
    md = (tmp_path / "briefing" / "briefing.md").read_text(encoding="utf-8")
    paris = next(line for line in md.splitlines() if line.startswith("|") and "Paris" in line)
    assert "unverified" in paris
    html = (tmp_path / "briefing" / "briefing.html").read_text(encoding="utf-8")
    assert "unverified: not found in the source" in html


def test_the_title_states_the_span_of_the_events_the_reports_bring(tmp_path: Path) -> None:
    from summarizer.briefing.events import event_span
    from summarizer.briefing.markdown import briefing_markdown

    wire = wire_summary(tmp_path, killed=4, actor="US forces")
    b = build_briefing([fdd_summary(), wire])
    assert b.period_start == b.period_end == "2026-03-01"
    assert b.events_start is not None and b.events_start <= "2026-02-28"
    assert b.events_end is not None and b.events_end <= "2026-03-01"
    line = briefing_markdown(b).splitlines()[2]
    assert "reports 1 Mar 2026" in line and "events " in line
    # An event a report recalls from years before is no part of the span.
    events = list(b.events)
    old = events[0].model_copy(update={"date": "2019-06-13"})
    assert "2019-06-13" not in event_span([old, *events], ["2026-03-01"])
    assert event_span([old], []) == ["2019-06-13"]  # undated sources: every event counts


# ---------------------------------------------------------------------------------------------
# Filters: --actor, --country, --from, --to
# ---------------------------------------------------------------------------------------------


def _undated_summary(tmp: Path) -> Summary:
    """A report of a protest in Basra on a day it does not give."""
    text = "date 2026-03-12\nTraders protested in Basra against power cuts.\n"
    path = tmp / "undated.txt"
    path.write_text(text, encoding="utf-8")
    d = Doc(text, path)
    return d.summary(
        date="2026-03-12",
        title="Basra protest",
        actors=[d.actor("Traders", "civilians")],
        events=[
            d.event(
                "Traders protested in Basra against power cuts.",
                date=None,
                location="Basra",
                event_type="Protests",
                sub_event_type="Peaceful protest",
                description="Traders protested against power cuts.",
                actors=["Traders"],
                status="reported",
            )
        ],
    )


@pytest.fixture
def filter_out(tmp_path: Path) -> Path:
    summaries = [
        fdd_summary(),
        rfe_summary(),
        wire_summary(tmp_path, killed=4, actor="US forces"),
        _undated_summary(tmp_path),
    ]
    return write_out(tmp_path / "out", summaries)


def _consistent(b: Briefing, folder: Path) -> None:
    """Every part of the written briefing describes the same, kept, events and sources."""
    assert [s.number for s in b.sources] == list(range(1, len(b.sources) + 1))
    reporting = {n for e in b.events for n in e.sources}
    assert reporting == {s.number for s in b.sources}
    ids = {e.id for e in b.events}
    assert all(c.event_id in ids for c in b.contradictions)
    named = {r.actor_id for e in b.events for r in (*e.actors, *e.targets) if r.actor_id}
    spoken = {g.actor_id for g in b.quotes if g.actor_id}
    assert named <= {a.id for a in b.actors} <= named | spoken
    for a in b.actors:
        assert set(a.sources) <= reporting
    for g in b.quotes:
        assert all(q.citation.source in reporting for q in g.quotes)
    if b.events:
        assert f"describe {len(b.events)} distinct event" in b.bluf[0].text or (
            f"describes {len(b.events)} distinct event" in b.bluf[0].text
        )
    rows = list(csv.DictReader(io.StringIO((folder / "events.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(b.events)
    geo = json.loads((folder / "events.geojson").read_text(encoding="utf-8"))
    assert len(geo["features"]) == sum(1 for e in b.events if e.place and e.place.latitude)
    page = (folder / "briefing.html").read_text(encoding="utf-8")
    assert f"<h1>{b.title.replace('&', '&amp;')}:" in page
    assert (folder / "briefing.md").read_text(encoding="utf-8").startswith(f"# {b.title}")
    jsonschema.validate(json.loads(b.model_dump_json()), briefing_json_schema())


def test_actor_filter_keeps_its_events_by_identity_any_case(
    filter_out: Path, tmp_path: Path
) -> None:
    from summarizer.briefing.focus import Focus

    whole = write_briefing(filter_out, tmp_path / "all").briefing
    pmf = next(a for a in whole.actors if a.name == "Popular Mobilization Forces")
    assert "PMF" in pmf.aliases
    expected = [
        (e.date, e.location)
        for e in whole.events
        if any(r.actor_id == pmf.id for r in (*e.actors, *e.targets))
    ]
    assert len(expected) > 1
    for name in ("pmf", "POPULAR MOBILIZATION FORCES", "Popular Mobilization Forces"):
        b = write_briefing(filter_out, tmp_path / "b", focus=Focus(actor=name)).briefing
        assert [(e.date, e.location) for e in b.events] == expected, name
        assert b.title == "Briefing (actor Popular Mobilization Forces)"
        _consistent(b, tmp_path / "b")
    assert len(b.sources) < len(whole.sources)

    # A target, reported by two sources that disagree: the merged event and its contradiction
    # stay, the sources numbered anew.
    b = write_briefing(filter_out, tmp_path / "k", focus=Focus(actor="kataib hizballah")).briefing
    jurf = [e for e in b.events if "Jurf" in (e.location or "")]
    assert len(jurf) == 1 and len(jurf[0].sources) == 2
    assert [c.kind for c in b.contradictions] == ["fatalities"]
    _consistent(b, tmp_path / "k")

    # Nobody: an empty briefing, still well formed.
    b = write_briefing(filter_out, tmp_path / "n", focus=Focus(actor="Nobody")).briefing
    assert b.events == [] and b.sources == [] and b.actors == [] and b.bluf == []
    assert b.title == "Briefing (actor Nobody)"


def test_country_filter_by_name_or_iso_code(filter_out: Path, tmp_path: Path) -> None:
    from summarizer.briefing.focus import Focus

    whole = write_briefing(filter_out, tmp_path / "all").briefing
    in_iraq = [e.id for e in whole.events if e.place and e.place.iso3 == "IRQ"]
    elsewhere = [e for e in whole.events if not (e.place and e.place.iso3 == "IRQ")]
    assert in_iraq and elsewhere
    titles = set()
    for name in ("Iraq", "iraq", "IQ", "IRQ"):
        b = write_briefing(filter_out, tmp_path / name, focus=Focus(country=name)).briefing
        assert [e.id for e in b.events] == in_iraq, name
        titles.add(b.title)
        _consistent(b, tmp_path / name)
    assert titles == {"Briefing (country Iraq)"}
    b = write_briefing(filter_out, tmp_path / "sy", focus=Focus(country="Syria")).briefing
    assert b.events == [] and b.sources == []


def test_date_range_is_inclusive_and_leaves_undated_events_out(
    filter_out: Path, tmp_path: Path
) -> None:
    from summarizer.briefing.focus import Focus

    whole = write_briefing(filter_out, tmp_path / "all").briefing
    assert any(e.date is None for e in whole.events)
    focus = Focus(date_from="2026-03-01", date_to="2026-03-16")
    b = write_briefing(filter_out, tmp_path / "b", focus=focus).briefing
    days = [e.date for e in b.events]
    assert days == [
        e.date for e in whole.events if e.date and "2026-03-01" <= e.date <= "2026-03-16"
    ]
    assert "2026-03-01" in days and "2026-03-16" in days  # both ends kept
    assert b.title == "Briefing (events 1 Mar 2026 to 16 Mar 2026)"
    assert "Basra protest" not in {s.title for s in b.sources}
    _consistent(b, tmp_path / "b")
    b = write_briefing(filter_out, tmp_path / "f", focus=Focus(date_from="2026-03-16")).briefing
    assert [e.date for e in b.events] == [
        e.date for e in whole.events if e.date and e.date >= "2026-03-16"
    ]
    assert b.title == "Briefing (events from 16 Mar 2026)"
    b = write_briefing(filter_out, tmp_path / "t", focus=Focus(date_to="2026-02-28")).briefing
    assert {e.date for e in b.events} == {"2026-02-28"}
    assert b.title == "Briefing (events until 28 Feb 2026)"


def test_cli_digest_filters(
    filter_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["digest", str(filter_out), "--out", str(tmp_path / "b")]
    flags = ["--actor", "PMF", "--country", "Iraq", "--from", "2026-03-01", "--to", "2026-03-31"]
    assert main([*args, *flags]) == 0
    b = Briefing.model_validate_json((tmp_path / "b" / "briefing.json").read_text())
    assert b.title == (
        "Briefing (actor Popular Mobilization Forces; country Iraq; "
        "events 1 Mar 2026 to 31 Mar 2026)"
    )
    # Anbar Province is a province of Iraq (ISO 3166-2): its event is in the country too.
    assert [e.location for e in b.events] == ["Anbar Province", "Mosul"]
    assert "1 sources, 2 events" in capsys.readouterr().err
    _consistent(b, tmp_path / "b")
    assert main([*args, "--actor", "nobody"]) == 0
    assert "no event matches the filters" in capsys.readouterr().err
    for bad, word in (
        (["--from", "March"], "--from"),
        (["--to", "2026-13-01"], "--to"),
        (["--from", "2026-03-10", "--to", "2026-03-01"], "after"),
        (["--country", "Atlantis"], "not a country"),
        (["--country", "Baghdad"], "not a country"),
        (["--actor", " "], "--actor"),
    ):
        assert main([*args, *bad]) == 2, bad
        assert word in capsys.readouterr().err


def test_an_event_no_source_attributes_is_said_to_be_by_an_unidentified_party() -> None:
    text = (
        "The Popular Mobilization Forces announced that an unknown party conducted an airstrike "
        "on Jurf al-Nasr on February 28."
    )
    settings = load_settings({"use_cache": False, "strategy": "spans"})
    with Summarizer(settings, llm=FakeLLM(answers=[{"summary": ["S1"]}])) as summarizer:
        summary = summarizer.summarize_document(document_from_text(text, date="2026-03-01"))
    (event,) = summary.events
    assert event.actor_unknown and not event.actors
    briefing = build_briefing([summary])
    (merged,) = briefing.events
    assert merged.actor_unknown
    assert "by an unidentified party" in event_phrase(merged)
    md = briefing_markdown(briefing).splitlines()
    timeline = [line for line in md if line.startswith("| 28 Feb 2026")]
    assert "| unidentified |" in timeline[0]
