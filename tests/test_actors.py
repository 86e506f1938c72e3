"""Tests of actor reconciliation: normalization, alias pairs merged, distinct actors kept apart."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from summarizer.briefing.actors import reconcile, split_parenthetical
from summarizer.briefing.adjudicate import Candidate, ModelAdjudicator, SameActor
from summarizer.core.errors import BackendError, ExtractionError
from summarizer.core.names import name_key, normalize_name
from summarizer.core.schemas import Actor, Event, Evidence, Meta, Source, Span, Summary
from summarizer.find.acronyms import find_acronyms
from summarizer.store.cache import SummaryCache
from summarizer.testing.fakes import FakeLLM

ROOT = Path(__file__).resolve().parent.parent
META = Meta(model="t", backend="fake", prompt_version="x", schema_version="1.0")

# The alias pairs of issue 5, as the two seed reports spell them.
SEED_PAIRS = [
    ("Kataib Hezbollah", "Kataib Hizballah"),
    ("Kataib Sayyid al Shuhada", "Kataib Seyyed al-Shuhada"),
    ("Abu Ala al Walae", "Abu Ala al-Walai"),
    ("Harakat Hezbollah al Nujaba", "Harakat al-Nujaba"),
    ("Asaib Ahl al Haq", "Asa'ib Ahl al-Haq"),
    ("Islamic Resistance in Iraq", "IRI"),
]
DISTINCT = [
    ("Hezbollah", "Kataib Hezbollah"),
    ("Iran", "Iraq"),
    ("United States", "United Kingdom"),
    ("Hezbollah", "Harakat Hezbollah al Nujaba"),
    ("Kataib Hezbollah", "Kataib Sayyid al Shuhada"),
    ("Abu Ala al-Walai", "Abu Ali al-Askari"),
    ("Iran-backed Hezbollah", "Iran-backed Kataib Hezbollah"),
    ("Islamic Resistance in Iraq", "Islamic Resistance in Lebanon"),
    ("Iranian militias", "Iraqi militias"),
    ("US-backed militias", "Iran-backed militias"),
    ("Popular Mobilization Forces", "Syrian Democratic Forces"),
]
KINDS = {"Abu Ala al Walae": "person", "Abu Ala al-Walai": "person", "Abu Ali al-Askari": "person"}


def summary(names: list[str], text: str = "", n: int = 0, events: list[Event] | None = None):
    text = text or " ".join(names) + f" (document {n})"
    return Summary(
        doc_id=hashlib.sha256(text.encode()).hexdigest(),
        source=Source(path=f"doc{n}.txt"),
        summary=text[:200],
        actors=[Actor(name=x, kind=KINDS.get(x, "armed_group")) for x in names],  # type: ignore[arg-type]
        events=events or [],
        meta=META,
    )


def one_actor(a: str, b: str, text_a: str = "", text_b: str = "") -> bool:
    """Reconcile `a` (in one document) with `b` (in another): do they come out as one actor?"""
    docs = [summary([a], text_a, 0), summary([b], text_b, 1)]
    reg = reconcile(docs, {d.doc_id: d.summary for d in docs})
    ea, eb = reg.resolve(a, docs[0].doc_id), reg.resolve(b, docs[1].doc_id)
    assert ea is not None and eb is not None
    return ea.id == eb.id


# ---------------------------------------------------------------------------------------------
# Normalization
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("Kata'ib Hizballah", "kataib hezbollah"),
        ("KATAIB HIZBULLAH", "kataib hezbollah"),
        ("Kataib Seyyed al-Shuhada", "kataib sayyid shuhada"),
        ("Kata’ib Sayyid al Shohada", "kataib sayyid shuhada"),
        ("Abu Ala al‑Walaʾi", "abu ala walai"),
        ("Asaʿib Ahl al-Haq", "asaib ahl haq"),
        ("the U.S.", "united states"),
        ("Ash-Sham Brigade", "sham brigade"),
        ("Kataib Hezbollah militia", "kataib hezbollah"),
        ("General Qasem Soleimani", "qassem soleimani"),
        ("Supreme Leader Ali Khamenei", "ali khamenei"),
        ("Mosul", "mosul"),
        ("Irbil", "erbil"),
    ],
)
def test_normalize_name(raw: str, normal: str) -> None:
    assert normalize_name(raw) == normal


def test_descriptors_are_marked_not_dropped() -> None:
    assert name_key("Iran-backed Hezbollah") == ("@iran", *name_key("Hezbollah"))
    assert name_key("pro-Iranian militias")[0] == "@iran"
    assert name_key("Iran’s Quds Force") == ("@iran", *name_key("Quds Force"))
    assert name_key("US-backed forces")[:2] == ("@states", "@united")


def test_unlisted_vowel_variants_meet_but_short_words_must_match() -> None:
    assert name_key("Mahdi Army") == name_key("Mehdi Army")
    assert name_key("Ahmad Shah") == name_key("Ahmed Shah")
    assert name_key("Ali Hassan") != name_key("Ala Hassan")  # short words match exactly
    assert name_key("Ahmad Rahimi") == name_key("Ahmed Rahimi")
    assert name_key("Abu Ali") != name_key("Abu Ala")
    assert name_key("Iran") != name_key("Iraq")


def test_acronyms_the_briefing_joins_come_from_the_finders_one_reading() -> None:
    text = (
        "The Islamic Resistance in Iraq (IRI), a coalition, and the Popular Mobilization Forces "
        "(PMF) and Asaib Ahl al-Haq (AAH) and the Islamic State of Iraq and Syria (ISIS) and "
        "the Department of Defense (DoD). Not this (Reuters) or (2024) or (a)."
    )
    assert find_acronyms(text) == {
        "IRI": "Islamic Resistance in Iraq",
        "PMF": "Popular Mobilization Forces",
        "AAH": "Asaib Ahl al-Haq",
        "ISIS": "Islamic State of Iraq and Syria",
        "DoD": "Department of Defense",
    }


def test_split_parenthetical() -> None:
    assert split_parenthetical("Islamic Resistance in Iraq (IRI)") == (
        "Islamic Resistance in Iraq",
        "IRI",
    )
    assert split_parenthetical("Hezbollah") == ("Hezbollah", None)


# ---------------------------------------------------------------------------------------------
# Merges and guards
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), SEED_PAIRS)
def test_seed_alias_pairs_merge(a: str, b: str) -> None:
    definition = "The Islamic Resistance in Iraq (IRI) claimed attacks."
    assert one_actor(a, b, text_a=definition if a.startswith("Islamic") else "")


def test_a_states_official_and_short_names_are_one_actor() -> None:
    assert one_actor("Iran", "Islamic Republic of Iran")
    assert one_actor("Syria", "Syrian Arab Republic")
    assert one_actor("U.S.", "United States")
    # A state's name is no guard-breaker for what is not the state.
    assert not one_actor("Iran", "Iranian-backed militias")
    assert not one_actor("Niger", "Nigeria")


def test_acronym_merges_only_where_defined() -> None:
    assert not one_actor("Islamic Resistance in Iraq", "IRI")  # no definition anywhere
    assert one_actor(
        "Islamic Resistance in Iraq (IRI)", "IRI"
    )  # defined by the name's own parenthesis


@pytest.mark.parametrize(("a", "b"), DISTINCT)
def test_distinct_actors_stay_apart(a: str, b: str) -> None:
    assert not one_actor(a, b)


def test_guard_holds_against_a_documents_own_alias_list() -> None:
    # A model that lists "Hezbollah" as an alias of "Kataib Hezbollah" does not merge the two.
    a = summary(["Hezbollah"], n=0)
    b = summary(["Kataib Hezbollah"], n=1)
    b.actors[0].aliases = ["Hezbollah", "KH"]
    reg = reconcile([a, b])
    assert reg.resolve("Hezbollah").id != reg.resolve("Kataib Hezbollah").id  # type: ignore[union-attr]
    assert reg.resolve("KH").id == reg.resolve("Kataib Hezbollah").id  # type: ignore[union-attr]


def test_no_chain_of_merges_joins_guarded_actors() -> None:
    # "Hezbollah" joins "Iran-backed Hezbollah"; "Iran-backed Kataib Hezbollah" joins "Kataib
    # Hezbollah"; the two groups stay two.
    docs = [
        summary(["Hezbollah", "Kataib Hezbollah"], n=0),
        summary(["Iran-backed Hezbollah", "Iran-backed Kataib Hezbollah"], n=1),
    ]
    reg = reconcile(docs)
    assert len(reg.entries) == 2
    names = sorted(e.name for e in reg.entries)
    assert names == ["Hezbollah", "Kataib Hezbollah"]


def test_surname_resolves_to_the_only_person_with_it() -> None:
    s = summary(["Akram al Kaabi", "Abu Ala al Walae"])
    s.actors[0].kind = "person"
    s.actors[1].kind = "person"
    reg = reconcile([s])
    assert reg.resolve("Kaabi").name == "Akram al Kaabi"  # type: ignore[union-attr]
    assert reg.resolve("Walai").name == "Abu Ala al Walae"  # type: ignore[union-attr]
    two = summary(["Akram al Kaabi", "Ali al Kaabi"], n=1)
    for a in two.actors:
        a.kind = "person"
    assert reconcile([two]).resolve("Kaabi") is None


def test_event_perpetrators_join_the_actors() -> None:
    ev = Event(
        event_type="Battles",
        description="Clashes.",
        actors=["Kata'ib Hizballah"],
        status="reported",
        evidence=Evidence(text="clashes broke out"),
    )
    reg = reconcile([summary(["Kataib Hezbollah"], n=0), summary([], n=1, events=[ev])])
    (entry,) = reg.entries
    assert len(entry.doc_ids) == 2 and "Kata'ib Hizballah" in entry.aliases


def test_entry_fields_and_stable_ids() -> None:
    docs = [
        summary(["Kataib Hezbollah"], n=0),
        summary(["Kataib Hizballah", "Abu Ali al-Askari"], n=1),
        summary(["Kataib Hizballah"], n=2),
    ]
    docs[1].actors[1].kind = "person"
    docs[1].actors[1].affiliation = "Kataib Hizballah"
    docs[0].actors[0].mentions = [Span(start=0, end=16)]
    reg = reconcile(docs)
    kh = reg.resolve("Kataib Hezbollah")
    assert kh is not None
    assert kh.name == "Kataib Hizballah"  # named so by more documents
    assert kh.aliases == ["Kataib Hezbollah"]
    assert kh.kind == "armed_group"
    assert kh.mentions[docs[0].doc_id] == [(0, 16)]
    assert kh.id.startswith("kataib-hezbollah-") and len(kh.id) == len("kataib-hezbollah-") + 8
    # The same input in another order gives the same ids and the same entries.
    again = reconcile(list(reversed(docs)))
    assert [(e.id, e.name, e.aliases) for e in again.entries] == [
        (e.id, e.name, e.aliases) for e in reg.entries
    ]


def test_seed_reports_reconcile_without_false_merges() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_digest import fdd_summary, rfe_summary

    a, b = fdd_summary(), rfe_summary()
    texts = {a.doc_id: (ROOT / "seeds/000_7ba69945cb43b524.txt").read_text()}
    texts[b.doc_id] = (ROOT / "seeds/002_28181b3d27146c63.txt").read_text()
    reg = reconcile([a, b], texts)
    for x, y in SEED_PAIRS:
        ex, ey = reg.resolve(x, a.doc_id), reg.resolve(y, b.doc_id)
        if y == "IRI":
            ey = reg.resolve(y, a.doc_id)
        assert ex is not None and ey is not None and ex.id == ey.id, (x, y)
    for x, y in DISTINCT:
        ex, ey = reg.resolve(x), reg.resolve(y)
        if ex is not None and ey is not None:
            assert ex.id != ey.id, (x, y)
    # Every entry of the two reports: one per real actor.
    assert len(reg.entries) == len({e.id for e in reg.entries})
    assert {e.name for e in reg.entries} >= {"Hezbollah", "Iran", "Iraq", "United States"}


# ---------------------------------------------------------------------------------------------
# Doubtful pairs and the model
# ---------------------------------------------------------------------------------------------


def doubtful_docs() -> list[Summary]:
    return [
        summary(["Islamic Republic of Iran"], "The Islamic Republic of Iran said.", 0),
        summary(["Islamic Republic"], "The Islamic Republic launched missiles.", 1),
    ]


def test_doubtful_pairs_stay_apart_without_a_model() -> None:
    reg = reconcile(doubtful_docs())
    assert len(reg.entries) == 2
    (d,) = reg.decisions
    assert (d.merged, d.decided_by) == (False, "none")
    assert {d.a, d.b} == {"Islamic Republic of Iran", "Islamic Republic"}


def test_model_adjudicates_doubtful_pairs_and_answers_are_cached(tmp_path: Path) -> None:
    llm = FakeLLM([SameActor(same=True, reason="Both name the Iranian state.")])
    with SummaryCache(tmp_path / "cache") as cache:
        judge = ModelAdjudicator(llm, cache=cache, model="m", base_url="b")
        reg = reconcile(doubtful_docs(), adjudicator=judge)
        assert len(reg.entries) == 1
        (d,) = reg.decisions
        assert (d.merged, d.decided_by, d.reason) == (True, "model", "Both name the Iranian state.")
        assert len(llm.calls) == 1
        prompt = llm.calls[0][0]["content"]
        assert "Islamic Republic of Iran" in prompt and "<document>" in prompt
        # Same pair again: from the cache, no call.
        judge2 = ModelAdjudicator(llm, cache=cache, model="m", base_url="b")
        reconcile(doubtful_docs(), adjudicator=judge2)
        assert len(llm.calls) == 1 and judge2.cache_hits == 1
        # Another model: asked again.
        reconcile(doubtful_docs(), adjudicator=ModelAdjudicator(llm, cache=cache, model="m2"))
        assert len(llm.calls) == 2
        stored = cache.get_json(judge.key(*_candidates()))
        assert stored is not None and json.loads(stored)["same"] is True


def _candidates() -> tuple[Candidate, Candidate]:
    return (
        Candidate(
            "Islamic Republic of Iran", "armed_group", None, "The Islamic Republic of Iran said."
        ),
        Candidate(
            "Islamic Republic", "armed_group", None, "The Islamic Republic launched missiles."
        ),
    )


def test_model_is_never_asked_about_guarded_or_clear_pairs() -> None:
    llm = FakeLLM([SameActor(same=True, reason="yes")])
    docs = [summary([a, b], n=i) for i, (a, b) in enumerate(DISTINCT + SEED_PAIRS[:5])]
    reg = reconcile(docs, adjudicator=ModelAdjudicator(llm))
    asked = {c[0]["content"] for c in llm.calls}
    for text in asked:
        assert "Kataib Hezbollah" not in text or "Name B: Hezbollah;" not in text
    for a, b in DISTINCT:
        assert reg.resolve(a).id != reg.resolve(b).id, (a, b)  # type: ignore[union-attr]


def test_model_saying_no_and_model_failures_keep_pairs_apart() -> None:
    no = FakeLLM([SameActor(same=False, reason="Different.")])
    reg = reconcile(doubtful_docs(), adjudicator=ModelAdjudicator(no))
    assert len(reg.entries) == 2 and reg.decisions[0].decided_by == "model"
    broken = FakeLLM([ExtractionError("invalid answer")])
    reg = reconcile(doubtful_docs(), adjudicator=ModelAdjudicator(broken))
    assert len(reg.entries) == 2 and reg.decisions[0].decided_by == "none"
    down = ModelAdjudicator(FakeLLM([BackendError("unreachable")]))
    reconcile(
        doubtful_docs() + [summary(["United States Army"], n=5), summary(["US Army"], n=6)],
        adjudicator=down,
    )
    assert down.calls == 1  # stops asking once the endpoint is down


def test_eval_wikinews_documents_do_not_crash_and_keep_countries_apart() -> None:
    """Names from the Iraq/Iran Wikinews articles: countries and their forces never merge."""
    path = ROOT / "tests/data/eval-data/wikinews_en/wikinews_selected.jsonl"
    names = [
        "Iran",
        "Iraq",
        "United States",
        "United Kingdom",
        "Israel",
        "Syria",
        "Saudi Arabia",
        "Iranian military",
        "Iraqi Parliament",
        "Iranian Parliament",
        "Islamic Revolutionary Guard Corps",
        "IRGC",
        "Qasem Soleimani",
        "General Soleimani",
        "Kataib Hezbollah",
        "Hezbollah",
        "Popular Mobilization Forces",
        "Houthi rebels",
        "Houthis",
        "Syrian Democratic Forces",
        "Kurdish forces",
        "Turkish military",
    ]
    texts = [json.loads(line)["text"] for line in path.read_text().splitlines()]
    docs = [summary(names[i::4], text, i) for i, text in enumerate(texts[:4])]
    for s in docs:
        for a in s.actors:
            if "Soleimani" in a.name:
                a.kind = "person"
    reg = reconcile(docs, {s.doc_id: t for s, t in zip(docs, texts, strict=False)})
    ids = {n: reg.resolve(n).id for n in names}  # type: ignore[union-attr]
    assert ids["Qasem Soleimani"] == ids["General Soleimani"]
    assert ids["Houthi rebels"] == ids["Houthis"]
    for x, y in [
        ("Iran", "Iraq"),
        ("United States", "United Kingdom"),
        ("Iraqi Parliament", "Iranian Parliament"),
        ("Kataib Hezbollah", "Hezbollah"),
        ("Iran", "Israel"),
    ]:
        assert ids[x] != ids[y], (x, y)


def test_cli_adjudicate_asks_the_endpoint_once_then_uses_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarizer.cli.main import main
    from summarizer.testing.fakeserver import FakeOpenAIServer

    out = tmp_path / "out"
    out.mkdir()
    for i, s in enumerate(doubtful_docs()):
        (out / f"{i}.json").write_text(s.model_dump_json(), encoding="utf-8")

    def same(request: dict[str, object]) -> dict[str, object]:
        return {"same": True, "reason": "Both name the Iranian state."}

    with FakeOpenAIServer(responder=same) as server:
        argv = ["digest", str(out), "--out", str(tmp_path / "b"), "--adjudicate"]
        argv += ["--base-url", server.base_url, "--model", "m", "--max-retries", "0"]
        assert main(argv) == 0
        assert len(server.chat_requests) == 1
        assert main(argv) == 0
        assert len(server.chat_requests) == 1  # answered from the cache
    err = capsys.readouterr().err
    assert "1 from the cache" in err
    b = json.loads((tmp_path / "b" / "briefing.json").read_text())
    assert len(b["actors"]) == 1
    assert b["actor_decisions"][0]["decided_by"] == "model"


def test_cli_adjudicate_refuses_the_embedded_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15: the embedded model never merges actors; the digest says why and writes none."""
    from summarizer.cli.main import main
    from summarizer.core.errors import EXIT_USAGE

    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    out = tmp_path / "out"
    out.mkdir()
    for i, s in enumerate(doubtful_docs()):
        (out / f"{i}.json").write_text(s.model_dump_json(), encoding="utf-8")
    argv = ["digest", str(out), "--out", str(tmp_path / "b"), "--adjudicate"]
    assert main(argv) == EXIT_USAGE
    assert "--adjudicate needs a model endpoint" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()
