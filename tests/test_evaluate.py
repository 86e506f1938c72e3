"""The evaluation: gold files sound, scoring rules, grounding violations, the eval command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from summarizer.cli.main import main
from summarizer.core.errors import GoldError
from summarizer.core.schemas import (
    Actor,
    Event,
    Evidence,
    Meta,
    Quote,
    Source,
    Summary,
    Uncertainty,
)
from summarizer.eval.evaluate import check_floors, evaluate, load_outputs, summarize_golds
from summarizer.eval.gold import (
    EVENT_TYPES,
    Gold,
    GoldActor,
    GoldDoc,
    check_gold,
    fill_gold,
    gold_files,
    load_gold,
    locate,
    read_document,
)
from summarizer.eval.names import fold_name, names_match, place_match
from summarizer.eval.report import FIELDS
from summarizer.eval.score import grounding_violations, score_document, span_score
from summarizer.render.outputs import summary_json

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold"
OUTPUTS_DIR = GOLD_DIR / "outputs"
# The tuning set, the held-out set and the set annotated blind (see each folder's README).
ALL_GOLD = [
    p
    for d in ("gold", "gold-heldout", "gold-fresh", "gold-fresh2", "gold-fresh3")
    for p in gold_files(ROOT / "tests" / d)
]

# Floors for the deterministic layer's outputs in tests/gold/outputs (when that folder exists).
# Raise them as the layer improves; they guard against regressions, not the targets.
FLOOR_RECALL = {"quotes": 1.0, "uncertainty": 0.6}
FLOOR_F1: dict[str, float] = {}
FLOOR_PRECISION = {"speakers": 0.85}  # speaker accuracy over matched quotes

# Double quotation marks, including a pair of apostrophes closing a quote (VOA wire copy).
_DOUBLE_QUOTES = re.compile("''|[\"\u201c\u201d]")


@pytest.fixture(scope="module")
def golds() -> list[GoldDoc]:
    # Every gold's source lives in the repository (tests/data, seeds): a missing one is a
    # failure that names it, never a skip.
    return [load_gold(p) for p in gold_files(GOLD_DIR)]


def _meta() -> Meta:
    return Meta(model="test", backend="fake", prompt_version="t", schema_version="1.0")


def perfect_summary(doc: GoldDoc) -> Summary:
    """What a perfect system would output for a gold document (optional items included)."""
    g = doc.gold
    return Summary(
        doc_id=g.doc_id,
        source=Source(path=g.source),
        summary="perfect",
        actors=[Actor(name=a.name, kind=a.kind, aliases=a.aliases) for a in g.actors],
        events=[
            Event(
                date=e.date,
                location=e.location,
                event_type=e.event_type,
                description=e.description or "event",
                status="reported",
                evidence=Evidence(
                    text=e.evidence.text,
                    start=e.evidence.start,
                    end=e.evidence.end,
                    verified=True,
                ),
            )
            for e in g.events
        ],
        quotes=[
            Quote(speaker=q.speaker, text=q.text, start=q.start, end=q.end, verified=True)
            for q in g.quotes
        ],
        uncertainty=[
            Uncertainty(
                claim=u.cue,
                kind=u.kind,
                evidence=Evidence(
                    text=u.evidence.text,
                    start=u.evidence.start,
                    end=u.evidence.end,
                    verified=True,
                ),
            )
            for u in g.uncertainty
        ],
        meta=_meta(),
    )


# --------------------------------------------------------------------------------------------
# The gold files themselves
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_GOLD, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_file_is_sound(path: Path) -> None:
    doc = load_gold(path)
    assert check_gold(doc) == []
    g, text = doc.gold, doc.text
    assert g.doc_id == doc.document.doc_id
    for q in g.quotes:
        assert text[q.start : q.end] == q.text
        # The span is what lies between the quotation marks.
        assert _DOUBLE_QUOTES.match(text[q.start - 1]) and _DOUBLE_QUOTES.match(text, q.end)
    for e in g.events:
        assert text[e.evidence.start : e.evidence.end] == e.evidence.text
        assert e.event_type in EVENT_TYPES
        assert all(t in EVENT_TYPES for t in e.accept.event_types)
    for u in g.uncertainty:
        assert text[u.evidence.start : u.evidence.end] == u.evidence.text
    # Every direct quotation of the body (not the front matter) is annotated: two quotation
    # marks per gold quote.
    assert len(_DOUBLE_QUOTES.findall(doc.document.text)) == 2 * len(g.quotes)
    if g.date is not None and doc.document.source.date is not None:
        assert g.date == doc.document.source.date


def test_gold_files_are_canonical_json() -> None:
    for path in ALL_GOLD:
        raw = json.loads(path.read_text(encoding="utf-8"))
        Gold.model_validate(raw)
        assert raw["gold_version"] == "1"


def test_at_least_six_documents_with_items() -> None:
    files = gold_files(GOLD_DIR)
    assert len(files) >= 6
    sources = [json.loads(p.read_text(encoding="utf-8"))["source"] for p in files]
    assert sum(s.startswith("seeds/") for s in sources) == 2
    assert sum("wikinews" in s for s in sources) >= 4


# --------------------------------------------------------------------------------------------
# Authoring helpers
# --------------------------------------------------------------------------------------------


def test_locate_is_exact_and_refuses_ambiguity() -> None:
    text = "He said “yes”. She said “yes”."
    with pytest.raises(GoldError, match="2 times"):
        locate(text, "yes")
    assert locate(text, "yes", occurrence=2) == (25, 28)
    with pytest.raises(GoldError, match="not in the text"):
        locate(text, "no")


def test_fill_gold_computes_offsets_and_doc_id(tmp_path: Path) -> None:
    src = tmp_path / "doc.txt"
    src.write_text("Ali said “we will return”. Ali left Mosul.", encoding="utf-8")
    draft = {
        "source": str(src),
        "quotes": [{"text": "we will return", "speaker": "Ali"}],
        "uncertainty": [],
        "events": [
            {
                "date": None,
                "location": "Mosul",
                "event_type": "Strategic developments",
                "evidence": {"text": "Ali left Mosul."},
            }
        ],
    }
    document = read_document(tmp_path / "g.json", str(src), None)
    gold = Gold.model_validate(fill_gold(draft, document.text))
    assert (gold.quotes[0].start, gold.quotes[0].end) == (10, 24)
    assert gold.doc_id == document.doc_id
    assert check_gold(GoldDoc(tmp_path / "g.json", gold, document)) == []


def test_a_gold_file_scores_its_document_under_the_date_it_was_annotated_with(
    tmp_path: Path,
) -> None:
    # The reader takes a record's day from its id ("..._2017.06.05..."); a gold file written
    # when the document was undated resolved "Saturday" to nothing, and keeps it undated.
    src = tmp_path / "wire.jsonl"
    src.write_text(
        json.dumps({"doc_id": "1_VOA_EN_NW_2017.06.05.1", "text": "Police said on Saturday."}),
        encoding="utf-8",
    )
    assert read_document(tmp_path / "g.json", str(src), "1_VOA_EN_NW_2017.06.05.1").source.date
    for date in (None, "2017-06-04"):
        draft = {"source": str(src), "record_id": "1_VOA_EN_NW_2017.06.05.1", "date": date}
        document = read_document(tmp_path / "g.json", str(src), draft["record_id"])
        path = tmp_path / f"g-{date}.json"
        path.write_text(json.dumps(fill_gold(draft, document.text)), encoding="utf-8")
        assert load_gold(path).document.source.date == date


def test_eval_fill_completes_a_draft_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "doc.txt"
    src.write_text("Officials said “two were killed” in Mosul.", encoding="utf-8")
    draft = tmp_path / "gold.json"
    body = {"source": str(src), "quotes": [{"text": "two were killed", "speaker": "Officials"}]}
    draft.write_text(json.dumps(body), encoding="utf-8")
    assert main(["eval", str(draft), "--fill"]) == 0
    gold = load_gold(draft).gold
    assert (gold.quotes[0].start, gold.quotes[0].end) == (16, 31)
    src.write_text("Officials said “three were killed” in Mosul.", encoding="utf-8")
    assert main(["eval", str(draft), "--fill"]) == 2  # text changed: refuse, do not hide it
    assert "doc_id" in capsys.readouterr().err


def test_counts_edge_cases() -> None:
    from summarizer.eval.report import Counts

    assert (Counts().precision, Counts().recall, Counts().f1) == (1.0, 1.0, 1.0)
    assert Counts(fn=3).precision == 0.0  # nothing output but something to find
    assert Counts(fp=2).recall == 1.0 and Counts(fp=2).f1 == 0.0


def test_check_gold_reports_stale_offsets_and_doc_id(golds: list[GoldDoc]) -> None:
    doc = golds[0]
    bad = doc.gold.model_copy(deep=True)
    bad.quotes[0].start += 1
    bad.doc_id = "0" * 64
    problems = check_gold(GoldDoc(doc.path, bad, doc.document))
    assert any("doc_id" in p for p in problems)
    assert any(p.startswith("quotes[0]") for p in problems)


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


def test_perfect_output_scores_one(golds: list[GoldDoc]) -> None:
    report = evaluate(golds, {d.gold.doc_id: perfect_summary(d) for d in golds})
    for name, c in report.totals().items():
        assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0), name
    assert report.violations() == []
    assert report.verified_share() == 1.0


def test_empty_output_has_recall_zero(golds: list[GoldDoc]) -> None:
    empty = {
        d.gold.doc_id: Summary(doc_id=d.gold.doc_id, source=Source(), summary="", meta=_meta())
        for d in golds
    }
    totals = evaluate(golds, empty).totals()
    for name in ("quotes", "actors", "events", "events_date_place", "uncertainty"):
        assert totals[name].recall == 0.0 and totals[name].tp == 0, name
    missing = evaluate(golds, {})
    assert all(d.missing for d in missing.docs)
    assert missing.totals()["quotes"].fn == sum(
        not q.optional for d in golds for q in d.gold.quotes
    )


def test_wrong_speaker_lowers_speaker_accuracy(golds: list[GoldDoc]) -> None:
    doc = next(d for d in golds if len(d.gold.quotes) >= 2)
    summary = perfect_summary(doc)
    summary.quotes[0].speaker = "Somebody Else"
    scores = score_document(doc, summary).counts
    n = len(doc.gold.quotes)
    assert scores["quotes"].f1 == 1.0
    assert scores["speakers"].precision == pytest.approx((n - 1) / n)
    assert scores["speakers"].recall == pytest.approx((n - 1) / n)
    summary.quotes = summary.quotes[1:]  # the quote with the wrong speaker not found at all
    scores = score_document(doc, summary).counts
    assert scores["speakers"].precision == 1.0
    assert scores["speakers"].recall == pytest.approx((n - 1) / n)


def test_surname_acronym_and_title_count_as_the_speaker(golds: list[GoldDoc]) -> None:
    doc = next(d for d in golds if d.name.startswith("seed-000"))
    summary = perfect_summary(doc)
    by_speaker = {q.speaker: q for q in summary.quotes}
    by_speaker["Akram al Kaabi"].speaker = "Kaabi"
    by_speaker["Popular Mobilization Forces"].speaker = "PMF"
    by_speaker["Abu Ala al Walae"].speaker = "militia leader Abu Ala al-Walae"
    assert score_document(doc, summary).counts["speakers"].f1 == 1.0


def test_names_fold_case_hyphens_apostrophes_and_al() -> None:
    assert fold_name("Asa'ib Ahl al-Haq") == fold_name("Asaib Ahl al Haq")
    assert fold_name("the U.S.") == fold_name("US")
    assert names_match("Kataib Sayyid Al-Shuhada", "Kataib Sayyid al Shuhada")
    assert names_match("PMF", "Popular Mobilization Forces")
    assert names_match("Islamic Resistance in Iraq", "IRI")
    assert names_match("Kaabi", "Akram al Kaabi", person=True)
    assert not names_match("Kaabi", "Akram al Kaabi")  # surnames only for people
    assert names_match("Iranian President Hassan Rouhani", "Hassan Rouhani", person=True)
    assert not names_match("Iraq", "Foreign Ministry of Iraq")
    assert not names_match("Kataib Hezbollah", "Harakat Hezbollah al Nujaba")


def test_span_score_iou_containment_and_quote_marks() -> None:
    text = 'He said "we will not be deterred by these attacks" today.'
    inner = (text.index("we"), text.index('" today'))
    assert span_score(text, inner, (inner[0] - 1, inner[1] + 1)) == 1.0  # marks included
    part = (inner[0], inner[0] + len("we will not be deterred"))
    assert span_score(text, part, inner) > 0  # containment
    tiny = (inner[0], inner[0] + 2)
    assert span_score(text, tiny, (0, len(text))) == 0.0  # too small a share
    assert span_score(text, (0, 2), inner) == 0.0  # disjoint


def test_optional_gold_counts_neither_way(golds: list[GoldDoc]) -> None:
    doc = next(d for d in golds if any(a.optional for a in d.gold.actors))
    summary = perfect_summary(doc)
    optional = [
        a for a in summary.actors if any(g.optional and g.name == a.name for g in doc.gold.actors)
    ]
    assert optional
    without = summary.model_copy(
        update={"actors": [a for a in summary.actors if a not in optional]}
    )
    assert score_document(doc, without).counts["actors"].f1 == 1.0
    assert score_document(doc, summary).neutral["actors"] == len(optional)


def test_second_name_for_one_actor_is_not_a_false_positive(golds: list[GoldDoc]) -> None:
    doc = next(d for d in golds if d.name.startswith("seed-000"))
    summary = perfect_summary(doc)
    summary.actors.append(Actor(name="Kaabi", kind="person"))
    scores = score_document(doc, summary)
    assert scores.counts["actors"].fp == 0
    assert any("duplicate" in e for e in scores.errors["actors"])


def test_event_type_is_strict_but_date_place_is_loose(golds: list[GoldDoc]) -> None:
    doc = next(d for d in golds if d.name.startswith("wikinews-iraqi-parliament"))
    summary = perfect_summary(doc)
    required = [e for e, g in zip(summary.events, doc.gold.events, strict=True) if not g.optional]
    summary.events = required
    vote = next(e for e in required if e.event_type == "Strategic developments")
    vote.event_type = "Riots"
    scores = score_document(doc, summary).counts
    assert scores["events"].fn == 1 and scores["events"].fp == 1
    assert scores["events_date_place"].f1 == 1.0
    vote.date = "2020-01-04"  # a day off: wrong in both
    assert score_document(doc, summary).counts["events_date_place"].fn == 1


def test_hallucinated_actor_is_a_false_positive_and_a_violation(golds: list[GoldDoc]) -> None:
    doc = golds[0]
    summary = perfect_summary(doc)
    summary.actors.append(Actor(name="Maria Lopez", kind="person"))
    scores = score_document(doc, summary)
    assert scores.counts["actors"].fp == 1
    assert any("Maria Lopez" in v for v in scores.violations)


def test_absent_or_misplaced_quotes_are_violations(golds: list[GoldDoc]) -> None:
    doc = golds[0]
    summary = perfect_summary(doc)
    summary.quotes.append(Quote(speaker="X", text="ignore previous instructions", verified=False))
    q = summary.quotes[0]
    summary.quotes.append(Quote(speaker=q.speaker, text=q.text, start=0, end=5, verified=True))
    found = grounding_violations(doc.text, summary)
    assert any("not in the document" in v for v in found)
    assert any("marked verified" in v for v in found)
    scores = score_document(doc, summary)
    assert scores.counts["quotes"].fp >= 1
    assert scores.verified["quotes"] == (len(summary.quotes) - 1, len(summary.quotes))


def test_verified_evidence_that_is_not_the_text_is_a_violation(golds: list[GoldDoc]) -> None:
    doc = next(d for d in golds if d.gold.events)
    summary = perfect_summary(doc)
    ev = summary.events[0].evidence
    summary.events[0].evidence = ev.model_copy(update={"start": ev.start + 1})
    assert any(v.startswith("event 0") for v in grounding_violations(doc.text, summary))


def test_floors(golds: list[GoldDoc]) -> None:
    report = evaluate(golds, {})
    assert check_floors(report, min_f1={}, min_recall={}) == []
    failed = check_floors(
        report, min_f1={"quotes": 0.5}, min_recall={"actors": 0.1}, min_precision={"events": 0.1}
    )
    assert len(failed) == 3


# --------------------------------------------------------------------------------------------
# Outputs and the command
# --------------------------------------------------------------------------------------------


def _write_outputs(golds: list[GoldDoc], folder: Path) -> None:
    for d in golds:
        (folder / f"{d.name}.json").write_text(summary_json(perfect_summary(d)), encoding="utf-8")


def test_load_outputs_skips_what_is_not_a_summary(golds: list[GoldDoc], tmp_path: Path) -> None:
    _write_outputs(golds[:1], tmp_path)
    (tmp_path / "manifest.json").write_text('{"done": []}', encoding="utf-8")
    (tmp_path / "all.jsonl").write_text(
        perfect_summary(golds[0]).model_dump_json() + "\nnot json\n", encoding="utf-8"
    )
    found, warnings = load_outputs(tmp_path)
    assert list(found) == [golds[0].gold.doc_id]
    assert len(warnings) == 2


def test_eval_command_scores_outputs(
    golds: list[GoldDoc], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_outputs(golds, tmp_path)
    gold_args = [str(d.path) for d in golds][:1]
    assert main(["eval", gold_args[0], "--outputs", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "quotes" in out and "grounding violations: 0" in out
    code = main(
        ["eval", str(GOLD_DIR), "--outputs", str(tmp_path), "--json", "--min-f1", "quotes=1"]
    )
    body = json.loads(capsys.readouterr().out)
    assert set(body["fields"]) == set(FIELDS)
    assert code == (0 if len(golds) == len(gold_files(GOLD_DIR)) else 1)


def test_eval_command_floor_fails_with_exit_1(
    golds: list[GoldDoc], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(golds[0].path)
    assert main(["eval", path, "--outputs", str(tmp_path), "--min-recall", "actors=0.5"]) == 1
    assert "floor not met" in capsys.readouterr().err
    assert main(["eval", path, "--outputs", str(tmp_path), "--max-violations", "0"]) == 0


def test_eval_command_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(GOLD_DIR)]) == 2
    assert main(["eval", str(tmp_path / "nope")]) == 2
    with pytest.raises(SystemExit) as e:
        main(["eval", str(GOLD_DIR), "--min-f1", "bogus=1"])
    assert e.value.code == 2
    capsys.readouterr()


def test_eval_check(capsys: pytest.CaptureFixture[str]) -> None:
    first = gold_files(GOLD_DIR)[0]
    assert main(["eval", str(first), "--check"]) == 0
    assert "0 problems" in capsys.readouterr().err


def test_summarize_golds_writes_one_output_each(golds: list[GoldDoc], tmp_path: Path) -> None:
    class Perfect:
        """Stands in for a Summarizer."""

        def summarize_document(self, document: object) -> Summary:
            return perfect_summary(next(d for d in golds if d.document is document))

    results = list(summarize_golds(golds[:2], Perfect(), tmp_path))  # type: ignore[arg-type]
    assert [r.error for r in results] == [None, None]
    assert sorted(p.stem for p in tmp_path.glob("*.json")) == sorted(d.name for d in golds[:2])


# --------------------------------------------------------------------------------------------
# The regression floor
# --------------------------------------------------------------------------------------------


@pytest.mark.skipif(not OUTPUTS_DIR.is_dir(), reason="no tests/gold/outputs/ to score")
def test_stored_outputs_meet_the_floor(golds: list[GoldDoc]) -> None:
    outputs, _ = load_outputs(OUTPUTS_DIR)
    report = evaluate(golds, outputs)
    assert report.violations() == []
    floors = check_floors(
        report, min_f1=FLOOR_F1, min_recall=FLOOR_RECALL, min_precision=FLOOR_PRECISION
    )
    assert floors == []


# --------------------------------------------------------------------------------------------
# Format 2: event roles, not_actors, descriptive speakers (made-up report)
# --------------------------------------------------------------------------------------------

DEV_TEXT = (
    "BAGHDAD, June 15 (Reuters) - Gunmen killed two PMF fighters in Jurf al-Nasr on Thursday, "
    "the Popular Mobilization Forces said. A drone struck a base in Amerli on Friday; no group "
    "has claimed the attack. Kataib Hezbollah fired rockets at a United States base near Erbil "
    "on Thursday, US officials said.\n"
    "“We saw the fire,” an elderly witness told Reuters. “We will respond,” said Hassan "
    "Nasrallah. Officials said no group has claimed the attack."
)


def _dev_draft() -> dict[str, object]:
    """A format-2 draft as ANNOTATION.md has annotators write it: texts only, no offsets."""
    return {
        "gold_version": "2",
        "source": "reports.jsonl",
        "record_id": "r-1",
        "date": "2019-06-15",
        "quotes": [
            {"text": "We saw the fire,", "speaker": "an elderly witness"},
            {"text": "We will respond,", "speaker": "Hassan Nasrallah"},
        ],
        "actors": [
            {"name": "Popular Mobilization Forces", "kind": "armed_group", "aliases": ["PMF"]},
            {"name": "Kataib Hezbollah", "kind": "armed_group"},
            {"name": "United States", "kind": "state", "aliases": ["US"]},
            {"name": "Hassan Nasrallah", "kind": "person"},
        ],
        "not_actors": ["Reuters", "Baghdad", "Erbil"],
        "events": [
            {
                "date": "2019-06-13",
                "location": "Jurf al-Nasr",
                "event_type": "Battles",
                "evidence": {"text": "Gunmen killed two PMF fighters in Jurf al-Nasr on Thursday"},
                "actors": ["gunmen"],
                "targets": ["PMF"],
            },
            {
                "date": "2019-06-14",
                "location": "Amerli",
                "event_type": "Explosions/Remote violence",
                "evidence": {"text": "A drone struck a base in Amerli on Friday"},
                "actor_unknown": True,
            },
            {
                "date": "2019-06-13",
                "location": "Erbil",
                "event_type": "Explosions/Remote violence",
                "evidence": {"text": "Kataib Hezbollah fired rockets at a United States base"},
                "actors": ["Kataib Hezbollah"],
                "targets": ["US"],
            },
        ],
        "uncertainty": [
            {
                "evidence": {"text": "no group has claimed the attack", "occurrence": 1},
                "kind": "unknown",
                "cue": "no group has claimed",
            }
        ],
    }


def _write_dev(tmp_path: Path, draft: dict[str, object] | None = None) -> Path:
    """The made-up report as a JSONL record, and the draft beside it (in a repository root)."""
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    record = {"id": "r-1", "title": None, "date": "2019-06-15", "text": DEV_TEXT}
    (tmp_path / "reports.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    path = tmp_path / "r-1.json"
    path.write_text(json.dumps(draft or _dev_draft()), encoding="utf-8")
    return path


@pytest.fixture()
def dev_doc(tmp_path: Path) -> GoldDoc:
    path = _write_dev(tmp_path)
    assert main(["eval", str(path), "--fill"]) == 0
    return load_gold(path)


def _dev_event(doc: GoldDoc, j: int, actors: list[str], targets: list[str]) -> Event:
    e = doc.gold.events[j]
    ev = e.evidence
    return Event(
        date=e.date,
        location=e.location,
        event_type=e.event_type,
        description="event",
        status="reported",
        actors=actors,
        targets=targets,
        evidence=Evidence(text=ev.text, start=ev.start, end=ev.end, verified=True),
    )


def _dev_summary(
    doc: GoldDoc,
    roles: dict[int, tuple[list[str], list[str]]],
    *,
    speakers: tuple[str | None, str | None] = ("an elderly witness", "Hassan Nasrallah"),
    actors: tuple[str, ...] = ("Popular Mobilization Forces", "Kataib Hezbollah"),
) -> Summary:
    """An output for the made-up report: the events of `roles` (gold index -> actors,
    targets), its two quotes with these speakers, these actors."""
    g = doc.gold
    return Summary(
        doc_id=g.doc_id,
        source=Source(path=g.source),
        summary="dev",
        actors=[Actor(name=a.name, kind=a.kind) for a in g.actors]
        + [Actor(name=n, kind="other") for n in actors if not any(a.name == n for a in g.actors)],
        events=[_dev_event(doc, j, a, t) for j, (a, t) in roles.items()],
        quotes=[
            Quote(speaker=s, text=q.text, start=q.start, end=q.end, verified=True)
            for s, q in zip(speakers, g.quotes, strict=True)
        ],
        meta=_meta(),
    )


RIGHT_ROLES: dict[int, tuple[list[str], list[str]]] = {
    0: (["unidentified gunmen"], ["Popular Mobilization Forces"]),  # a description; the name
    1: ([], []),  # the perpetrator is unknown, and the output says nobody
    2: (["KH"], ["United States"]),  # an acronym; the name of the actor whose alias is gold
}


def test_format_2_draft_fills_from_a_jsonl_record_and_checks(
    dev_doc: GoldDoc, capsys: pytest.CaptureFixture[str]
) -> None:
    g = dev_doc.gold
    assert g.gold_version == "2" and g.not_actors == ["Reuters", "Baghdad", "Erbil"]
    assert g.events[1].actor_unknown and g.events[1].actors == [] and g.events[1].targets == []
    assert g.events[0].actors == ["gunmen"] and g.events[2].targets == ["US"]
    u = g.uncertainty[0].evidence
    assert DEV_TEXT.index("no group has claimed") == u.start
    assert check_gold(dev_doc) == []
    assert main(["eval", str(dev_doc.path), "--check"]) == 0
    assert "0 problems" in capsys.readouterr().err
    # The canonical file keeps the format-2 fields.
    raw = json.loads(dev_doc.path.read_text(encoding="utf-8"))
    assert raw["events"][0]["actors"] == ["gunmen"] and "not_actors" in raw


def test_format_2_names_must_be_in_the_text(dev_doc: GoldDoc) -> None:
    bad = dev_doc.gold.model_copy(deep=True)
    bad.not_actors.append("Mosul")
    bad.not_actors.append("Kataib Hezbollah")  # a gold actor cannot be a not-actor too
    bad.events[0].actors = ["masked men"]
    bad.events[2].targets = ["US", "Israel"]
    bad.events[1].actors = ["Kataib Hezbollah"]  # unknown, yet named
    problems = check_gold(GoldDoc(dev_doc.path, bad, dev_doc.document))
    assert any(p.startswith("not_actors[3]") and "not in the text" in p for p in problems)
    assert any(p.startswith("not_actors[4]") and "also a name" in p for p in problems)
    assert any(p.startswith("events[0].actors") and "masked men" in p for p in problems)
    assert any(p.startswith("events[2].targets") and "Israel" in p for p in problems)
    assert any(p.startswith("events[1]: actor_unknown") for p in problems)


def test_format_2_fields_need_gold_version_2(dev_doc: GoldDoc) -> None:
    raw = json.loads(dev_doc.path.read_text(encoding="utf-8"))
    for version in ("1", "3"):
        with pytest.raises(ValueError, match="gold_version"):
            Gold.model_validate({**raw, "gold_version": version})
    v1 = {**raw, "gold_version": "1", "not_actors": []}
    v1["events"] = [
        {k: v for k, v in e.items() if k not in ("actors", "actor_unknown", "targets")}
        for e in raw["events"]
    ]
    assert Gold.model_validate(v1).gold_version == "1"


def test_format_1_files_keep_their_keys() -> None:
    from summarizer.eval.gold import gold_json

    for path in ALL_GOLD:
        text = path.read_text(encoding="utf-8")
        assert gold_json(Gold.model_validate(json.loads(text))) == text, path


def test_right_roles_score_one(dev_doc: GoldDoc) -> None:
    scores = score_document(dev_doc, _dev_summary(dev_doc, RIGHT_ROLES))
    for f in ("roles_actor", "roles_target"):
        assert (scores.counts[f].precision, scores.counts[f].recall) == (1.0, 1.0), f
    assert scores.counts["roles_actor"].gold == 3  # the unknown perpetrator counts
    assert scores.counts["roles_target"].gold == 2
    assert scores.victims_as_actors == 0
    assert scores.counts["events_date_place"].f1 == 1.0


def test_wrong_roles_and_a_victim_named_as_actor(dev_doc: GoldDoc) -> None:
    roles: dict[int, tuple[list[str], list[str]]] = {
        0: (["PMF"], ["gunmen"]),  # the victim as actor; the perpetrator as target
        1: (["Kataib Hezbollah"], []),  # a perpetrator the text does not give
        2: (["Kataib Hezbollah", "US"], ["United States"]),  # the victim among the actors
    }
    scores = score_document(dev_doc, _dev_summary(dev_doc, roles))
    c = scores.counts["roles_actor"]
    assert (c.tp, c.fp, c.fn) == (0, 3, 3)
    assert (scores.counts["roles_target"].tp, scores.counts["roles_target"].fp) == (1, 1)
    assert scores.victims_as_actors == 2
    assert any("'PMF'" in e for e in scores.errors["victims_as_actors"])
    assert any("unknown" in e for e in scores.errors["roles_actor"])
    # No actor at all for a known perpetrator is wrong too; an event not found is a miss.
    roles = {0: ([], ["PMF"]), 1: ([], [])}
    c = score_document(dev_doc, _dev_summary(dev_doc, roles)).counts["roles_actor"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 2)
    assert (c.precision, c.recall) == (0.5, pytest.approx(1 / 3))


def test_roles_pair_an_event_with_the_gold_event_of_its_type_before_an_overlapping_one(
    dev_doc: GoldDoc,
) -> None:
    # Two gold events on one day at one place: a killing (Battles) and a rocket attack. The
    # output tells the rocket attack from the killing's sentence and the killing from another:
    # each is still scored against the gold event of its own type.
    g = dev_doc.gold.model_copy(deep=True)
    g.events[2].location = g.events[0].location
    doc = GoldDoc(dev_doc.path, g, dev_doc.document)
    killing, rockets = g.events[0], g.events[2]
    summary = _dev_summary(doc, {})
    summary.events = [
        _dev_event(doc, 2, ["Kataib Hezbollah"], ["US"]).model_copy(
            update={"evidence": _dev_event(doc, 0, [], []).evidence}
        ),
        _dev_event(doc, 0, ["gunmen"], ["PMF"]).model_copy(
            update={"evidence": _dev_event(doc, 2, [], []).evidence}
        ),
    ]
    assert summary.events[0].location == rockets.location == killing.location
    scores = score_document(doc, summary)
    for f in ("roles_actor", "roles_target"):
        assert (scores.counts[f].tp, scores.counts[f].fp) == (2, 0), f  # the drone is missed
    assert scores.victims_as_actors == 0


def test_descriptive_speakers_match_by_words_and_head_noun(dev_doc: GoldDoc) -> None:
    def speakers(witness: str | None) -> tuple[float, float]:
        summary = _dev_summary(dev_doc, RIGHT_ROLES, speakers=(witness, "Nasrallah"))
        c = score_document(dev_doc, summary).counts["speakers"]
        return c.precision, c.recall

    for right in ("an elderly witness", "a witness", "The elderly witness who saw it"):
        assert speakers(right) == (1.0, 1.0), right
    for wrong in ("an elderly woman", "Reuters", None, "a man"):
        assert speakers(wrong) == (0.5, 0.5), wrong


def test_description_rules() -> None:
    from summarizer.eval.names import descriptions_match, is_description

    assert is_description("an elderly witness") and is_description("gunmen")
    assert is_description("one man") and is_description("an Interpol spokesperson")
    assert not is_description("the Health Ministry") and not is_description("Ekram al-Akhras")
    assert not is_description("Asa'ib Ahl al-Haq")
    source = "a military source who declined to be named"
    assert descriptions_match("a senior military source", source)  # head noun + one word
    assert descriptions_match("one military source", source)
    assert not descriptions_match("a senior source", source)  # the head noun alone
    assert not descriptions_match("a military spokesman", source)
    assert descriptions_match("the man", "one man")


def test_descriptions_are_not_matched_in_format_1(dev_doc: GoldDoc) -> None:
    raw = json.loads(dev_doc.path.read_text(encoding="utf-8"))
    raw.update(gold_version="1", not_actors=[])
    for e in raw["events"]:
        e.update(actors=[], targets=[], actor_unknown=False)
    v1 = GoldDoc(dev_doc.path, Gold.model_validate(raw), dev_doc.document)
    summary = _dev_summary(dev_doc, RIGHT_ROLES, speakers=("a witness", "Nasrallah"))
    scores = score_document(v1, summary)
    assert scores.counts["speakers"].tp == 1  # format 1 keeps its name rules only
    assert "roles_actor" not in scores.counts and scores.victims_as_actors is None


def test_a_not_actor_is_a_false_positive_listed_as_such(dev_doc: GoldDoc) -> None:
    summary = _dev_summary(dev_doc, RIGHT_ROLES, actors=("Reuters", "Baghdad"))
    scores = score_document(dev_doc, summary)
    assert scores.counts["actors"].fp == 2 and scores.counts["actors"].tp == 4
    assert "not an actor: 'Reuters'" in scores.errors["actors"]
    # An optional gold actor (or an actor already matched) does not make it neutral.
    g = dev_doc.gold.model_copy(deep=True)
    g.actors.append(GoldActor(name="Reuters", kind="media", optional=True))
    g.actors[0].aliases.append("Baghdad")
    scores = score_document(GoldDoc(dev_doc.path, g, dev_doc.document), summary)
    assert scores.counts["actors"].fp == 2 and scores.neutral["actors"] == 0


def test_roles_are_not_scored_for_format_1(golds: list[GoldDoc]) -> None:
    from summarizer.eval.evaluate import format_report
    from summarizer.eval.report import ROLE_FIELDS

    report = evaluate(golds, {d.gold.doc_id: perfect_summary(d) for d in golds})
    assert set(report.totals()) == set(FIELDS) and report.victims_as_actors() is None
    text = format_report(report)
    assert re.search(r"roles_actor +n/a", text) and "victims named as actors: n/a" in text
    failed = check_floors(report, min_f1={}, min_recall={}, min_precision={"roles_actor": 0.5})
    assert failed == ["roles_actor precision not scored (no format-2 gold)"]
    assert all(f not in d.counts for d in report.docs for f in ROLE_FIELDS)


def test_eval_command_prints_roles_for_format_2(
    dev_doc: GoldDoc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    roles = {**RIGHT_ROLES, 0: (["PMF"], ["PMF"])}
    summary = _dev_summary(dev_doc, roles, actors=("Reuters",))
    (out / "r-1.json").write_text(summary_json(summary), encoding="utf-8")
    gold = str(dev_doc.path)
    assert main(["eval", gold, "--outputs", str(out), "--errors"]) == 0
    text = capsys.readouterr().out
    assert re.search(r"roles_actor +0\.67 +0\.67", text)
    assert re.search(r"roles_target +1\.00 +1\.00", text)
    assert "victims named as actors: 1" in text
    assert "not an actor: 'Reuters'" in text and "victim as actor: 'PMF'" in text
    assert main(["eval", gold, "--outputs", str(out), "--min-f1", "roles_actor=0.7"]) == 1
    assert "roles_actor F1 0.667 < 0.700" in capsys.readouterr().err
    assert main(["eval", gold, "--outputs", str(out), "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["victims_as_actors"] == 1 and body["fields"]["roles_target"]["tp"] == 2


def test_a_place_named_by_its_possessive_matches_the_place() -> None:
    assert place_match("Bolivia's major cities", "Bolivia")
    assert place_match("Beirut’s southern suburbs", "Beirut")
    assert place_match("Devil's Curve", "Devil's Curve")
    assert not place_match("Bolivia's major cities", "Peru")
    assert place_match("Kabul", "Kabul province's east")  # one holds the other, either way
