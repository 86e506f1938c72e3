"""Regression floor for the deterministic layer, scored against the gold annotations.

The model is replaced by a FakeLLM that picks nothing but one summary sentence, so these figures
are what the finders and the grounding carry alone (the embedded model only adds to them; see
bench/bench_eval.py for the full figures). The floors sit a little under the measured values
so that an honest change can move them, and a regression cannot.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.core.config import load_settings
from summarizer.eval.evaluate import evaluate
from summarizer.eval.gold import load_golds
from summarizer.eval.report import Report
from summarizer.pipeline import Summarizer
from summarizer.testing.fakes import FakeLLM

GOLD = Path(__file__).resolve().parent / "gold"

# field -> (minimum precision, minimum recall); measured: see the closing note of issue 3.
FLOORS = {
    "quotes": (1.0, 1.0),
    "speakers": (0.90, 0.90),
    "actors": (0.93, 0.92),
    "uncertainty": (0.90, 0.90),
    "events_date_place": (0.70, 0.75),
    "events": (0.65, 0.75),
}


def _finders_alone(folder: Path) -> Report:
    golds = load_golds(folder)
    settings = load_settings({"use_cache": False, "strategy": "spans"})
    outputs = {}
    with Summarizer(settings, llm=FakeLLM(answers=[{"summary": ["S1"]}])) as summarizer:
        for g in golds:
            summary = summarizer.summarize_document(g.document)
            outputs[summary.doc_id] = summary
    return evaluate(golds, outputs)


@pytest.fixture(scope="module")
def report() -> Report:
    return _finders_alone(GOLD)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_deterministic_layer_meets_its_floor(report: Report, field: str) -> None:
    counts = report.totals()[field]
    min_p, min_r = FLOORS[field]
    assert counts.precision >= min_p, (field, counts.as_dict())
    assert counts.recall >= min_r, (field, counts.as_dict())


def test_every_item_is_grounded(report: Report) -> None:
    assert report.violations() == []
    assert report.verified_share() == 1.0


# The development gold (format 2, with roles): the embedded model's targets of issue 14 that the
# finders carry alone (speakers >= .85, roles actor >= .70, uncertainty P >= .75, no victim named
# as an actor); measured .87, .72, .95 and 0 (bench/README.md, "Thirteenth session").
DEV_FLOORS = {"speakers": (0.85, 0.85), "roles_actor": (0.70, 0.30), "uncertainty": (0.90, 0.80)}


@pytest.fixture(scope="module")
def dev_report() -> Report:
    return _finders_alone(GOLD.parent / "gold-dev")


@pytest.mark.parametrize("field", sorted(DEV_FLOORS))
def test_finders_meet_the_embedded_targets_on_the_development_gold(
    dev_report: Report, field: str
) -> None:
    counts = dev_report.totals()[field]
    min_p, min_r = DEV_FLOORS[field]
    assert counts.precision >= min_p, (field, counts.as_dict())
    assert counts.recall >= min_r, (field, counts.as_dict())
    assert dev_report.victims_as_actors() == 0
