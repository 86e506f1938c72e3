"""The held cache: a result is found while anyone holds it, and the last few besides."""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path

from summarizer.extract import candidates
from summarizer.extract.requests import Drafts, plan_requests
from summarizer.find.memo import held_cache
from summarizer.find.reading import reading
from summarizer.ground.drafts import ground_drafts
from summarizer.model.llm import Completion
from summarizer.read.files import read_path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class _Box:
    def __init__(self, key: int) -> None:
        self.key = key


def _counting(maxsize: int) -> tuple[list[int], object]:
    made: list[int] = []

    @held_cache(maxsize=maxsize)
    def make(key: int) -> _Box:
        made.append(key)
        return _Box(key)

    return made, make


def test_a_held_result_is_found_however_many_others_pass() -> None:
    made, make = _counting(maxsize=2)
    held = make(1)  # type: ignore[operator]
    for key in range(2, 50):
        make(key)  # type: ignore[operator]
    assert make(1) is held  # type: ignore[operator]
    assert made.count(1) == 1


def test_an_unheld_result_is_kept_only_among_the_last_few() -> None:
    made, make = _counting(maxsize=2)
    make(1)  # type: ignore[operator]
    make(2)  # type: ignore[operator]
    assert make(1).key == 1  # type: ignore[operator]  # still among the last two
    assert made == [1, 2]
    for key in range(3, 6):
        make(key)  # type: ignore[operator]
    gc.collect()
    make(1)  # type: ignore[operator]
    assert made.count(1) == 2  # neither held nor recent: made again


def test_a_document_in_flight_is_read_once_however_many_are_planned_meanwhile(
    monkeypatch: object,
) -> None:
    """Planning holds the finds in the document's answers; grounding finds them again."""
    computed: list[str] = []
    compute = candidates.Finds.compute.__func__  # type: ignore[attr-defined]

    def counting(cls: type[candidates.Finds], text: str, ref_date: str | None) -> object:
        computed.append(text)
        return compute(cls, text, ref_date)

    monkeypatch.setattr(candidates.Finds, "compute", classmethod(counting))  # type: ignore[attr-defined]
    candidates._finds.cache_clear()  # an earlier test of this process may have read a seed
    docs = [d for p in sorted(SEEDS.glob("*.txt")) for d in read_path(p)]
    first, others = docs[0], docs[1:]
    drafts = Drafts(strategy="spans")
    for request in plan_requests(first, strategy="spans", chunk_tokens=1500):
        answer = request.response_model.model_validate({"summary": ["S1"]})
        drafts.add(request, Completion(value=answer))
    # Many more documents than the caches keep, each with a text of its own.
    for round_ in range(10):
        for doc in others:
            text = doc.text + "\n" * (round_ + 1)
            plan_requests(replace(doc, text=text), strategy="spans", chunk_tokens=1500)
    gc.collect()
    read = reading(first.text)
    grounded = ground_drafts(first, drafts)
    assert computed.count(first.text) == 1
    assert read is drafts._planned_from[0].reading  # type: ignore[attr-defined]
    assert grounded.quotes or grounded.actors
