"""Finds and Candidates: what planning and grounding a spans request share."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
        assert (first.sentences, first.names, first.name_hints, first.places) == (
            fresh.sentences,
            fresh.names,
            fresh.name_hints,
            fresh.places,
        )
        assert (first.quotes, first.event_sentences) == (fresh.quotes, fresh.event_sentences)
    assert finds.candidates(0, len(text)) is not finds.candidates(0, len(text) // 2)


def _literal_model(model: type[Any]) -> type[Any]:
    """The chunk's answer model written with Literal types: what pydantic makes the schema of
    (a chunk's own model answers model_json_schema() from its kept text)."""
    from summarizer.extract.candidates import _ALLOWED_ATTR, _build

    allowed = model.__dict__[_ALLOWED_ATTR]
    v = allowed.values
    return _build(v["n"], v["p"], v["s"], v["q"], v["e"], allowed.limits)


def test_a_response_models_schema_from_its_template_is_what_pydantic_makes() -> None:
    # The per-document model's JSON Schema is filled into a template of its shape (pydantic
    # takes milliseconds to make it); it must be the same text pydantic would make, for every
    # shape: lists empty, of one value (a const) or of several (an enum), odd characters too.
    import itertools
    import json

    from summarizer.extract.candidates import _response_model
    from summarizer.model.llm import SCHEMA_JSON_ATTR, prepared_model

    pools = {
        "names": ("Akram al Kaabi", 'The "Quoted" Group', "Back\\slash", "Ünïcode ‘name’"),
        "places": ("Baghdad", "Al-Qa'im", "Erbil"),
        "sentences": ("S1", "S2", "S3", "S4"),
        "quotes": ("Q1", "Q2"),
    }
    checked = 0
    for n, p, s, q, e in itertools.product((0, 1, 4), (0, 1, 3), (1, 2, 4), (0, 1, 2), (0, 1, 3)):
        names, places = pools["names"][:n], pools["places"][:p]
        sentences, quotes = pools["sentences"][:s], pools["quotes"][:q]
        events = tuple(range(min(e, s)))
        model = _response_model(names, places, sentences, quotes, events)
        kept = model.__dict__[SCHEMA_JSON_ATTR]
        assert kept == json.dumps(_literal_model(model).model_json_schema())
        assert prepared_model(model).model_json_schema() == json.loads(kept)
        checked += 1
    # A repeated name is one value of the Literal, as pydantic has it.
    model = _response_model(("Iraq", "Iraq"), (), ("S1",), (), ())
    expected = json.dumps(_literal_model(model).model_json_schema())
    assert model.__dict__[SCHEMA_JSON_ATTR] == expected
    assert checked == 3**5


def test_schema_templates_agree_on_the_seeds() -> None:
    import json

    from summarizer.extract.candidates import response_model
    from summarizer.model.llm import SCHEMA_JSON_ATTR

    for path in sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        c = Finds.of(text, None).candidates(0, len(text))
        model = response_model(c)
        expected = json.dumps(_literal_model(model).model_json_schema())
        assert model.__dict__[SCHEMA_JSON_ATTR] == expected


def test_an_answer_model_accepts_what_the_literal_model_accepts() -> None:
    # The answer model checks its chunk's lists in one validator; the model written with
    # Literal types (`_build`, whose schema is sent) must agree on every answer, good or bad.
    import itertools

    from pydantic import ValidationError

    from summarizer.extract.candidates import _ALLOWED_ATTR, _build, _response_model

    names, places = ("Akram al Kaabi", "Kataib Hezbollah"), ("Baghdad",)
    sentences, quotes = ("S1", "S2", "S3", "S4"), ("Q1",)
    model = _response_model(names, places, sentences, quotes, (1, 2))
    allowed = model.__dict__[_ALLOWED_ATTR]
    v = allowed.values
    literal = _build(v["n"], v["p"], v["s"], v["q"], v["e"], allowed.limits)

    actors = [
        [],
        [{"name": "Akram al Kaabi", "kind": "person"}],
        [{"name": "Maria Lopez", "kind": "person"}],
        [{"name": "Kataib Hezbollah", "kind": "armed group"}],
        [{"name": "Kataib Hezbollah", "kind": "organization"}] * 3,
    ]
    events = [
        [],
        [{"sentence": "S2", "event_type": "Battles", "status": "reported"}],
        [{"sentence": "S1", "event_type": "Battles", "status": "reported"}],
        [{"sentence": "S3", "event_type": "Battles", "status": "reported", "location": "Mosul"}],
        [{"sentence": "S3", "event_type": "Battles", "status": "reported", "actor": None}],
        [{"sentence": "S2", "event_type": "Battles", "status": "claimed", "target": "Baghdad"}],
    ]
    speakers = [[], [{"quote": "Q1", "speaker": "Akram al Kaabi"}], [{"quote": "Q2"}]]
    summaries = [[], ["S1"], ["S9"], ["S1", "S2", "S3"], ["S1", "S2", "S3", "S4"], [5]]
    agreed = accepted = 0
    for a, e, s, m in itertools.product(actors, events, speakers, summaries):
        answer = {"actors": a, "events": e, "speakers": s, "summary": m}
        results = []
        for cls in (model, literal):
            try:
                value = cls.model_validate_json(json.dumps(answer), strict=True)
                results.append(value.model_dump())
            except ValidationError:
                results.append(None)
        assert results[0] == results[1], answer
        agreed += 1
        accepted += results[0] is not None
    assert agreed == 540 and 0 < accepted < agreed


def test_an_answer_model_adds_nothing_to_the_class_instructor_checks() -> None:
    # llm.prepared_model checks the shape's class for async validators once, not each chunk's
    # model: that holds only while a chunk's model adds no fields and no validators.
    from summarizer.extract.candidates import _response_model
    from summarizer.model.llm import CHECKED_AS_ATTR

    model = _response_model(("Ali",), ("Mosul",), ("S1", "S2"), ("Q1",), (0,))
    base = model.__dict__[CHECKED_AS_ATTR]
    assert model.__mro__[1] is base
    assert model.model_fields.keys() == base.model_fields.keys()
    assert "__annotations__" not in model.__dict__ or not model.__dict__["__annotations__"]
    own = model.__pydantic_decorators__
    assert own.model_validators.keys() == base.__pydantic_decorators__.model_validators.keys()
    assert not own.field_validators


def test_a_chunks_model_is_never_built_its_shapes_class_checks_its_answers() -> None:
    """pydantic builds no chunk's class (0.3 ms each): its shape's class validates the answers,
    with the chunk's lists in the context, and still refuses what is not in them."""
    import pytest
    from pydantic import ValidationError

    from summarizer.extract.candidates import _response_model
    from summarizer.model.llm import CHECKED_AS_ATTR, prepared_model

    model = _response_model(("Ali",), ("Mosul",), ("S1", "S2"), ("Q1",), (0,))
    assert prepared_model(model) is model
    good = {"actors": [{"name": "Ali", "kind": "person"}], "summary": ["S2"]}
    value = model.model_validate_json(json.dumps(good))
    assert model.model_validate(good) == value
    assert type(value) is model.__dict__[CHECKED_AS_ATTR]
    assert value.actors[0].name == "Ali"  # type: ignore[attr-defined]
    for bad in (
        {"actors": [{"name": "Bob", "kind": "person"}], "summary": ["S1"]},
        {"summary": ["S3"]},
        {"summary": ["S1", "S2", "S1", "S2"]},
    ):
        with pytest.raises(ValidationError, match="not_in_the_lists|at most"):
            model.model_validate_json(json.dumps(bad))
        with pytest.raises(ValidationError):
            model.model_validate(bad)
    assert model.model_json_schema()["properties"]["summary"]["items"]["enum"] == ["S1", "S2"]
    # instructor looks at every attribute of the class (tools mode does on every request).
    from instructor.v2.validation.async_validators import reject_async_validators

    reject_async_validators(model)
    assert not model.__pydantic_complete__


def test_the_place_word_test_never_skips_a_window_its_pattern_would_match() -> None:
    # `cues.ends_with_word` spares the place patterns most windows; it must never refuse one they
    # match. Every window before every capital of the seeds and the eval reports, and made-up
    # endings, are tried with and without it.
    import random
    import re

    from summarizer.extract import candidates as c
    from summarizer.find.cues import ends_with_word, lower_same

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
            if pattern.search_lower(window) is not None:
                matched += 1
                assert ends_with_word(window, last, article=True), (pattern.pattern, window)
    assert matched > 2000
    assert not ends_with_word("said in a statement ", c._SITE_PLACE_LAST, article=True)
    assert ends_with_word("countries such as the\xa0", c._COUNTRY_PLACE_LAST, article=True)


def test_a_sentence_has_an_event_word_as_searching_it_alone_tells() -> None:
    # Event words are found in one scan of the text; the reference searches each sentence.
    from summarizer.extract import candidates as c
    from summarizer.find.cues import lower_same

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts.append("Bomb Kills 3 in ParisKILLED suspects.Attackers fled_attack. Shelled; shellfire")
    eval_dir = ROOT / "tests" / "data" / "eval-data"
    texts += [p.read_text(encoding="utf-8") for p in sorted(eval_dir.rglob("*.md"))[:30]]
    checked = hits = 0
    for text in texts:
        finds = Finds.compute(text, None)
        low = lower_same(text)
        for s in finds.sentences:
            want = c.EVENT_WORDS.search_lower(low[s.start : s.end]) is not None
            assert finds._has_event_word(s) == want, s.text
            checked += 1
            hits += want
    assert checked > 1000 and hits > 100
