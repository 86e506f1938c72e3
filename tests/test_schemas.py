"""The output contract and the draft the model fills: descriptions, bounds, drift of the file."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel, ValidationError

from summarizer.core import drafts, schemas
from summarizer.core.config import load_settings
from summarizer.core.drafts import ExtractionDraft
from summarizer.core.schemas import Summary, schema_text, summary_json_schema
from summarizer.pipeline import Summarizer
from summarizer.read.files import read_path
from summarizer.testing.fakes import FakeLLM

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "summary.schema.json"

MODELS = [
    obj
    for module in (schemas, drafts)
    for _, obj in inspect.getmembers(module, inspect.isclass)
    if issubclass(obj, BaseModel) and obj.__module__ == module.__name__ and obj.model_fields
]
# What a model fills: bounded everywhere (the plain and judge strategies' answer models).
DRAFT_MODELS = [m for m in MODELS if m.__name__.endswith("Draft") or m.__name__.startswith("Judge")]


def test_models_found() -> None:
    names = {m.__name__ for m in MODELS}
    assert {"Summary", "Meta", "Event", "Quote", "ExtractionDraft", "EventDraft"} <= names
    assert len(DRAFT_MODELS) == 10


def test_schema_file_matches_models() -> None:
    expected = schema_text(summary_json_schema())
    actual = SCHEMA_FILE.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{SCHEMA_FILE} is out of date with summarizer/schemas.py: "
        "run `summarizer schema --write` and commit the result"
    )


def test_schema_file_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["required"]) >= {"doc_id", "source", "summary", "meta"}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_has_a_description(model: type[BaseModel]) -> None:
    missing = [name for name, f in model.model_fields.items() if not (f.description or "").strip()]
    assert missing == [], f"{model.__name__} fields without a description: {missing}"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_extra_fields_are_forbidden(model: type[BaseModel]) -> None:
    assert model.model_config.get("extra") == "forbid"
    assert model.model_json_schema().get("additionalProperties") is False


def test_extra_field_is_rejected_in_a_nested_draft() -> None:
    with pytest.raises(ValidationError, match="extra"):
        ExtractionDraft.model_validate(
            {"summary": "Shelling hit the town.", "quotes": [{"text": "abc", "mood": "angry"}]}
        )


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return _resolve(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    return node


def _non_null(node: dict[str, Any]) -> list[dict[str, Any]]:
    options = node.get("anyOf", [node])
    return [o for o in options if o.get("type") != "null"]


def _draft_properties() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    schema = ExtractionDraft.model_json_schema()
    defs = schema.get("$defs", {})
    out = []
    for model in [schema, *defs.values()]:
        for name, prop in model.get("properties", {}).items():
            out.append((f"{model.get('title')}.{name}", prop, defs))
    return out


def test_draft_strings_have_max_length_and_lists_max_items() -> None:
    unbounded = []
    for where, prop, defs in _draft_properties():
        for option in _non_null(prop):
            option = _resolve(option, defs)
            kind = option.get("type")
            if kind == "string" and "enum" not in option and "maxLength" not in option:
                unbounded.append(f"{where} (string without maxLength)")
            if kind == "array" and "maxItems" not in option:
                unbounded.append(f"{where} (list without maxItems)")
            if kind == "integer" and "maximum" not in option:
                unbounded.append(f"{where} (integer without maximum)")
    assert unbounded == []


def test_draft_list_items_are_bounded_strings() -> None:
    unbounded = []
    for where, prop, defs in _draft_properties():
        for option in _non_null(prop):
            option = _resolve(option, defs)
            if option.get("type") != "array":
                continue
            item = _resolve(option.get("items", {}), defs)
            if item.get("type") == "string" and "maxLength" not in item:
                unbounded.append(where)
    assert unbounded == []


def test_draft_bounds_are_enforced() -> None:
    with pytest.raises(ValidationError):
        ExtractionDraft.model_validate({"summary": "x" * 601})
    with pytest.raises(ValidationError):
        ExtractionDraft.model_validate(
            {"summary": "Shelling hit the town.", "quotes": [{"text": "abc"}] * 9}
        )


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_seed_outputs_validate_against_schema_file() -> None:
    outputs = sorted((ROOT / "out").glob("*.json"))
    if not outputs:
        pytest.skip("no out/*.json yet (`make demo` writes them)")
    for path in outputs:
        data = json.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in _validator().iter_errors(data)]
        assert errors == [], f"{path.name}: {errors}"


def test_pipeline_summary_validates_against_schema_file(seed_path: Path, tmp_path: Path) -> None:
    (document,) = list(read_path(seed_path))
    assert not isinstance(document, Exception)
    draft = {
        "summary": "Iraqi militias claimed drone attacks after strikes on Iran.",
        "actors": [{"name": "Kataib Hezbollah", "kind": "armed_group"}],
        "events": [
            {
                "event_type": "Protests",
                "description": "Protestors took to the streets in Baghdad.",
                "date_text": "February 28",
                "status": "reported",
                "evidence": "Protestors have taken to the streets in Baghdad’s Green Zone",
            }
        ],
        "quotes": [{"speaker": "Kaabi", "text": "Our mujahideen and heroes"}],
        "uncertainty": [
            {
                "claim": "The strikes were American or Israeli.",
                "kind": "hedge",
                "evidence": "American or Israeli forces are likely to have conducted it",
            }
        ],
    }
    settings = load_settings({"cache_dir": str(tmp_path / "cache"), "strategy": "plain"})
    with Summarizer(settings, llm=FakeLLM([draft])) as summarizer:
        summary = summarizer.summarize_document(document)
    data = json.loads(summary.model_dump_json())
    assert [e.message for e in _validator().iter_errors(data)] == []
    assert data["quotes"] and data["events"] and data["actors"]
    # The validator does check: a broken copy fails.
    data["events"][0]["status"] = "rumoured"
    assert list(_validator().iter_errors(data))


def test_summary_round_trips_through_json() -> None:
    s = Summary.model_validate(
        {
            "doc_id": "0" * 64,
            "source": {"path": "a.txt"},
            "summary": "Nothing happened.",
            "meta": {
                "model": "m",
                "backend": "fake",
                "prompt_version": "extract@0",
                "schema_version": "1.0",
            },
        }
    )
    assert Summary.model_validate_json(s.model_dump_json()) == s
