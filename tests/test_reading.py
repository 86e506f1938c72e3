"""One explicit reading per document: the finders take it, planning hands its finds to grounding."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from summarizer.core.config import load_settings
from summarizer.core.paragraphs import Paragraphs
from summarizer.extract import candidates
from summarizer.extract.candidates import Finds
from summarizer.extract.requests import Drafts, plan_requests
from summarizer.find.acronyms import find_acronyms, mentions
from summarizer.find.casualties import find_casualties
from summarizer.find.dates import find_dates
from summarizer.find.hedges import find_hedges
from summarizer.find.names import find_names
from summarizer.find.quotes import quote_spans
from summarizer.find.reading import Doc
from summarizer.find.sentences import sentences
from summarizer.find.speakers import find_quotes
from summarizer.find.turns import find_speaker_turns
from summarizer.ground.spans import ground_spans
from summarizer.model.llm import Completion
from summarizer.pipeline import Summarizer
from summarizer.read.documents import Document, document_from_text
from summarizer.read.files import read_path
from summarizer.testing.fakes import FakeLLM

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed() -> Document:
    (doc,) = list(read_path(sorted(SEEDS.glob("*.txt"))[0]))
    assert isinstance(doc, Document)
    return doc


def _count_computes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    computed: list[str] = []
    compute = candidates.Finds.compute.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Finds], text: str, ref_date: str | None) -> Finds:
        computed.append(text)
        result: Finds = compute(cls, text, ref_date)
        return result

    monkeypatch.setattr(candidates.Finds, "compute", classmethod(counting))
    return computed


def test_a_finder_given_the_reading_finds_what_it_finds_in_the_text() -> None:
    text = _seed().text
    doc = Doc(text)
    assert sentences(doc) == sentences(text)
    assert find_names(doc) == find_names(text)
    assert find_quotes(doc) == find_quotes(text)
    assert quote_spans(doc) == quote_spans(text)
    assert find_hedges(doc) == find_hedges(text)
    assert find_dates(doc, "2020-01-05") == find_dates(text, "2020-01-05")
    assert find_casualties(doc) == find_casualties(text)
    assert find_acronyms(doc) == find_acronyms(text)
    assert find_speaker_turns(doc) == find_speaker_turns(text)
    name = find_names(text)[0].text
    assert mentions(doc, name) == mentions(text, name)


def test_the_planned_finds_reach_grounding_without_a_second_computation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    computed = _count_computes(monkeypatch)
    document = _seed()
    settings = load_settings({"strategy": "spans", "cache_dir": tmp_path})
    with Summarizer(settings, llm=FakeLLM([{"summary": ["S1"]}])) as summarizer:
        fresh = summarizer.summarize_document(document)
    assert computed == [document.text]
    # A cached answer carries no finds: grounding computes them, once.
    with Summarizer(settings, llm=FakeLLM([])) as summarizer:
        cached = summarizer.summarize_document(document)
    assert computed == [document.text] * 2
    assert cached.meta.cache_hit and cached.actors == fresh.actors
    assert cached.quotes == fresh.quotes


def test_drafts_hand_on_their_finds_only_for_the_text_they_were_planned_from() -> None:
    document = _seed()
    drafts = Drafts(strategy="spans")
    requests = plan_requests(document, strategy="spans", chunk_tokens=1500)
    for request in requests:
        answer = request.response_model.model_validate({"summary": ["S1"]})
        drafts.add(request, Completion(value=answer))
    planned = requests[0].finds
    assert planned is not None and drafts.finds_for(document) is planned
    other = replace(document, text=document.text + "\n")
    assert drafts.finds_for(other) is not planned
    assert drafts.finds_for(other).text == other.text
    # Never serialized: a Drafts read back has none.
    again = Drafts.model_validate_json(drafts.model_dump_json())
    assert again.finds_for(document) is not planned


def test_unicode_line_separators_break_lines_and_paragraphs_with_offsets_kept() -> None:
    """A release whose page breaks its lines with U+2028: the header lines are not glued to the
    story, the dateline city is no actor, and every offset still indexes the text."""
    text = (
        "ISAF Joint Command - Afghanistan\u20282010-12-S-122\u2028For Immediate Release"
        "\u2028\u2028KABUL, Afghanistan (Dec. 11, 2010) \u2013 Afghan and coalition forces "
        "detained 10 suspected insurgents in Kunduz province.\u2028\u2028The security force "
        "found weapons."
    )
    found = [s.text for s in sentences(text)]
    assert found[:3] == [
        "ISAF Joint Command - Afghanistan",
        "2010-12-S-122",
        "For Immediate Release",
    ]
    assert found[3].startswith("KABUL, Afghanistan (Dec. 11, 2010)")
    # The last sentence is a paragraph of its own.
    assert Paragraphs(text).start(text.index("The security")) > text.index("Kunduz")
    grounded = ground_spans(document_from_text(text, date="2010-12-11"), Drafts(strategy="spans"))
    assert "KABUL" not in [a.name for a in grounded.actors]
    for event in grounded.events:
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text


def test_she_is_the_person_named_before_not_a_people_named_after_her() -> None:
    """ "Jessica Jones highlighted how the Rohingya endured ... She referred to a video ...:":
    one word after "the" names a people, which no she stands for."""
    text = (
        "Myanmar's ethnic Rohingya call for justice.\n\n"
        "From The Gambia's legal team, Jessica Jones highlighted how the Rohingya endured hate "
        "speech from senior members of the Myanmar military.\n\n"
        "She referred to a video posted on Facebook in 2017 featuring a soldier:\n\n"
        "\u201cHe told them, and I quote, we will clear the villages.\u201d"
    )
    (quote,) = find_quotes(text)
    assert quote.speaker == "Jessica Jones"
