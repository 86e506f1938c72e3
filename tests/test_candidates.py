"""Finds and Candidates: what planning and grounding a spans request share."""

from __future__ import annotations

from pathlib import Path

from summarizer.candidates import Finds

ROOT = Path(__file__).resolve().parent.parent


def test_candidates_of_a_span_are_made_once_and_match_a_fresh_computation() -> None:
    text = (ROOT / "seeds" / "002_28181b3d27146c63.txt").read_text(encoding="utf-8")
    finds = Finds.compute(text, "2020-01-05")
    spans = [(0, len(text)), (0, len(text) // 2), (len(text) // 3, len(text))]
    for start, end in spans:
        first = finds.candidates(start, end)
        assert finds.candidates(start, end) is first  # planning and grounding share one
        fresh = Finds.compute(text, "2020-01-05").candidates(start, end)
        assert (first.sentences, first.names, first.name_hints, first.places) == (
            fresh.sentences,
            fresh.names,
            fresh.name_hints,
            fresh.places,
        )
        assert (first.quotes, first.event_sentences) == (fresh.quotes, fresh.event_sentences)
    assert finds.candidates(0, len(text)) is not finds.candidates(0, len(text) // 2)
