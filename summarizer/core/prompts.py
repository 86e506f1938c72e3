"""Prompt templates: loaded from prompts/, filled with string.Template, hashed for cache keys."""

from __future__ import annotations

import hashlib
import re
import string
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from pydantic import BaseModel

from summarizer.core.errors import ConfigError
from summarizer.core.resources import data_dir

_FENCE = re.compile(r"</?\s*document", re.IGNORECASE)


@dataclass(frozen=True)
class Prompt:
    """A template file and its hash (the hash goes into cache keys and output meta)."""

    name: str
    template: str

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.template.encode()).hexdigest()

    @property
    def version(self) -> str:
        return f"{self.name}@{self.sha256[:12]}"

    def fill(self, **values: str) -> str:
        """Fill the template; a missing variable is an error, never an empty string."""
        try:
            return string.Template(self.template).substitute(values)
        except KeyError as e:
            raise ConfigError(f"prompt {self.name!r} needs a value for ${e.args[0]}") from e
        except ValueError as e:
            raise ConfigError(f"prompt {self.name!r} is malformed: {e}") from e


@cache
def load_prompt(name: str) -> Prompt:
    """Read prompts/<name>.txt."""
    path = data_dir("prompts") / f"{name}.txt"
    try:
        return Prompt(name=name, template=path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"prompt template missing: {e}", path=str(path)) from e


@cache
def field_guide(model: type[BaseModel]) -> str:
    """Describe every field of a draft model in words, for the prompt.

    instructor's JSON_SCHEMA mode sends the schema only as `response_format`, which the model never
    reads: without this guide a small model fills fields with counters ("1", "2", ...).
    """
    schema = model.model_json_schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    lines: list[str] = []

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        if "$ref" in node:
            return resolve(defs[node["$ref"].split("/")[-1]])
        for option in node.get("anyOf", []):
            if option.get("type") != "null":
                return resolve(option)
        return node

    def walk(node: dict[str, Any], indent: str) -> None:
        for name, prop in node.get("properties", {}).items():
            target = resolve(prop)
            desc = prop.get("description") or target.get("description") or ""
            if target.get("type") == "array":
                item = resolve(target.get("items", {}))
                limit = target.get("maxItems")
                bound = f" (at most {limit})" if limit else ""
                if item.get("type") == "object":
                    lines.append(f"{indent}- {name}: a list{bound} of objects. {desc}")
                    walk(item, indent + "  ")
                else:
                    lines.append(f"{indent}- {name}: a list{bound} of strings. {desc}")
            else:
                lines.append(f"{indent}- {name}: {desc}")

    walk(schema, "")
    return "\n".join(lines)


def fence(document: str) -> str:
    """Keep a document from closing its own fence (prompt-injection hygiene)."""
    return _FENCE.sub(lambda m: m.group(0).replace("<", "< ", 1), document)
