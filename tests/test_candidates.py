"""Finds and Candidates: what planning and grounding a spans request share."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.extract.candidates import Finds

ROOT = Path(__file__).resolve().parent.parent


def test_candidates_of_a_span_are_made_once_and_match_a_fresh_computation() -> None:
    text = (ROOT / "seeds" / "002_28181b3d27146c63.txt").read_text(encoding="utf-8")
    finds = Finds.compute(text, "2020-01-05")
    spans = [(0, len(text)), (0, len(text) // 2), (len(text) // 3, len(text))]
    for start, end in spans:
        first = finds.candidates(start, end)
        assert finds.candidates(start, end) is first  # planning and grounding share one
        fresh = Finds.compute(text, "2020-01-05").candidates(start, end)
        assert (first.sentences, first.places, first.event_sentences) == (
            fresh.sentences,
            fresh.places,
            fresh.event_sentences,
        )
    assert finds.candidates(0, len(text)) is not finds.candidates(0, len(text) // 2)


def test_a_chunks_answer_model_allows_only_its_own_spans() -> None:
    """Each pick is a Literal of the chunk's lists: the schema sent lists them (enums), and an
    answer outside them is refused. Planning and grounding share the chunk's candidates, so they
    get the same class."""
    import pytest
    from pydantic import ValidationError

    text = 'Shelling hit the city of Mosul on Monday, officials said. "We will rebuild," Ali said.'
    c = Finds.compute(text, None).candidates(0, len(text))
    model = c.answer_model
    assert model is c.answer_model
    schema = json.dumps(model.model_json_schema())
    assert '"Mosul"' in schema and '"S1"' in schema
    good = {
        "events": [{"sentence": "S1", "event_type": "Battles", "location": "Mosul"}],
        "summary": ["S2"],
    }
    assert model.model_validate(good).model_dump()["events"] == good["events"]
    for bad in (
        {"events": [{"sentence": "S1", "event_type": "Battles", "location": "Basra"}]},
        {"events": [{"sentence": "S2", "event_type": "Battles"}], "summary": ["S1"]},
        {"summary": ["S9"]},
        {"summary": []},
    ):
        with pytest.raises(ValidationError):
            model.model_validate(bad)


def test_the_model_is_shown_the_lead_and_the_event_sentences_only() -> None:
    """A sentence that is neither in the lead nor may report an event is left out of the
    prompt; those shown keep their numbers, and the summary may pick only one of them."""
    import pytest
    from pydantic import ValidationError

    from summarizer.extract.candidates import numbered

    text = (
        "The council met on Monday. It heard reports. The session was long. "
        "The weather was mild. Rebels shelled the town of Abyei on Sunday. "
        "The minister travelled home. "
        '"We will rebuild," the governor said. The roads were quiet.'
    )
    c = Finds.compute(text, "2024-03-05").candidates(0, len(text))
    assert len(c.sentences) == 8
    shown = numbered(c).splitlines()
    assert [line.split("]")[0] + "]" for line in shown] == ["[S1]", "[S2]", "[S3]", "[S5]"]
    assert shown[3] == "[S5] Rebels shelled the town of Abyei on Sunday."
    assert "weather" not in numbered(c) and "rebuild" not in numbered(c)
    c.answer_model.model_validate({"summary": ["S1", "S5"]})
    for hidden in ("S4", "S6", "S7", "S8"):
        with pytest.raises(ValidationError):
            c.answer_model.model_validate({"summary": [hidden]})


def test_the_place_word_test_never_skips_a_window_its_pattern_would_match() -> None:
    # `words.ends_with_word` spares the place patterns most windows; it must never refuse one they
    # match. Every window before every capital of the seeds and the eval reports, and made-up
    # endings, are tried with and without it.
    import random
    import re

    from summarizer.extract import candidates as c
    from summarizer.find.reading import lower_same
    from summarizer.find.words import ends_with_word

    pairs = [
        (c.PLACE_BEFORE, c._PLACE_BEFORE_LAST),
        (c._COUNTRY_PLACE, c._COUNTRY_PLACE_LAST),
        (c._SITE_PLACE, c._SITE_PLACE_LAST),
    ]
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    eval_dir = ROOT / "tests" / "data" / "eval-data"
    texts += [p.read_text(encoding="utf-8") for p in sorted(eval_dir.rglob("*.md"))[:30]]
    words = "in near at the of north city port border with to from refugees as such like over"
    rng = random.Random(3)
    texts.append(
        " ".join(
            rng.choice(words.split() + ["X", "\n", "in\t", "the\xa0"]) + " X" for _ in range(20_000)
        )
    )
    windows = []
    for text in texts:
        low = lower_same(text)
        for m in re.finditer(r"[A-Z]", text):
            windows += [
                low[max(0, m.start() - 20) : m.start()],
                low[max(0, m.start() - 60) : m.start()],
            ]
    matched = 0
    for pattern, last in pairs:
        for window in windows:
            if pattern.search(window) is not None:
                matched += 1
                assert ends_with_word(window, last, article=True), (pattern.pattern, window)
    assert matched > 2000
    assert not ends_with_word("said in a statement ", c._SITE_PLACE_LAST, article=True)
    assert ends_with_word("countries such as the\xa0", c._COUNTRY_PLACE_LAST, article=True)


def test_a_sentence_has_an_event_word_as_searching_it_alone_tells() -> None:
    # Event words are found in one scan of the text; the reference searches each sentence.
    from summarizer.extract import candidates as c
    from summarizer.find.reading import lower_same

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts.append("Bomb Kills 3 in ParisKILLED suspects.Attackers fled_attack. Shelled; shellfire")
    eval_dir = ROOT / "tests" / "data" / "eval-data"
    texts += [p.read_text(encoding="utf-8") for p in sorted(eval_dir.rglob("*.md"))[:30]]
    checked = hits = 0
    for text in texts:
        finds = Finds.compute(text, None)
        low = lower_same(text)
        for s in finds.sentences:
            want = c.EVENT_WORDS.search(low[s.start : s.end]) is not None
            assert finds._has_event_word(s) == want, s.text
            checked += 1
            hits += want
    assert checked > 1000 and hits > 100
