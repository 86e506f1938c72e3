"""Minimal answers that fit a request's JSON schema: what the fake server answers by default."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["DRAFT_ANSWER", "default_responder", "fill_schema", "forced_tool"]

DRAFT_ANSWER: dict[str, Any] = {
    "summary": "A fake summary from the loopback test server.",
    "actors": [],
    "events": [],
    "quotes": [],
    "uncertainty": [],
}


def default_responder(request: dict[str, Any]) -> dict[str, Any]:
    """Fills the request's JSON schema (response_format or forced tool) minimally.

    Without a schema it returns `DRAFT_ANSWER`, the shape of the summarizer's draft.
    """
    response_format = request.get("response_format")
    if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
        schema = (response_format.get("json_schema") or {}).get("schema")
        if isinstance(schema, dict):
            return as_object(fill_schema(schema))
    name = forced_tool(request)
    if name is not None:
        for tool in request.get("tools") or []:
            function = (tool.get("function") or {}) if isinstance(tool, dict) else {}
            if function.get("name") == name and isinstance(function.get("parameters"), dict):
                return as_object(fill_schema(function["parameters"]))
    return dict(DRAFT_ANSWER)


def forced_tool(body: dict[str, Any]) -> str | None:
    """Name of the function the request asks to be called, if it offers tools."""
    tools = body.get("tools") or []
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        if isinstance(name, str):
            return name
    if tools and choice != "none" and isinstance(tools[0], dict):
        name = (tools[0].get("function") or {}).get("name")
        return name if isinstance(name, str) else None
    return None


def as_object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {"value": value}


_FORMATS = {
    "date": "2024-01-01",
    "date-time": "2024-01-01T00:00:00Z",
    "time": "00:00:00",
    "email": "x@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "ipv4": "127.0.0.1",
}


def fill_schema(schema: dict[str, Any] | bool, root: dict[str, Any] | None = None) -> Any:
    """Returns a minimal value valid for a JSON schema (the common pydantic subset).

    Required properties only; null wherever null is allowed; the first enum value; arrays of
    `minItems` filled items; strings "example" repeated or cut to minLength/maxLength; numbers
    within their bounds. `pattern` and `oneOf` exclusivity are not honoured.

    Args:
        schema: The schema, possibly with `$ref`s into `root`'s `$defs`/`definitions`.
        root: Document the refs point into; defaults to `schema`.
    """
    if isinstance(schema, bool):
        return None
    return _fill(schema, root if root is not None else schema, 0)


def _fill(schema: Any, root: dict[str, Any], depth: int) -> Any:
    if not isinstance(schema, dict) or depth > 40:
        return None  # true/{}-like or a self-nesting schema: null is the best bet
    if "$ref" in schema:
        return _fill(_resolve(schema["$ref"], root), root, depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if options:
            resolved = [_resolve(o["$ref"], root) if "$ref" in o else o for o in options]
            if any(_allows_null(o) for o in resolved):
                return None
            return _fill(options[0], root, depth + 1)
    if schema.get("allOf"):
        parts = [_fill(p, root, depth + 1) for p in schema["allOf"]]
        if all(isinstance(p, dict) for p in parts):
            merged: dict[str, Any] = {}
            for p in parts:
                merged.update(p)
            return merged
        return parts[0]

    kind = schema.get("type")
    if isinstance(kind, list):
        if "null" in kind:
            return None
        kind = kind[0] if kind else None
    if kind is None:
        if "properties" in schema or "required" in schema:
            kind = "object"
        elif "items" in schema or "prefixItems" in schema:
            kind = "array"
        else:
            return None

    if kind == "null":
        return None
    if kind == "boolean":
        return False
    if kind == "object":
        props = schema.get("properties") or {}
        return {
            name: _fill(props.get(name, {}), root, depth + 1) for name in schema.get("required", [])
        }
    if kind == "array":
        prefix = schema.get("prefixItems") or []
        n = max(int(schema.get("minItems", 0)), 0)
        out = [_fill(p, root, depth + 1) for p in prefix[:n]]
        items = schema.get("items")
        while len(out) < n:
            out.append(_fill(items if isinstance(items, dict) else {}, root, depth + 1))
        if schema.get("uniqueItems") and all(isinstance(v, str) for v in out):
            out = [f"{v}{i}" if i else v for i, v in enumerate(out)]
        return out
    if kind == "string":
        return _fill_string(schema)
    if kind in ("integer", "number"):
        return _fill_number(schema, integer=kind == "integer")
    return None


def _resolve(ref: str, root: dict[str, Any]) -> Any:
    if not ref.startswith("#"):
        return {}  # remote refs are out of scope for a loopback fake
    node: Any = root
    for part in ref.lstrip("#").strip("/").split("/"):
        if not part:
            continue
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return {}
        node = node[part]
    return node


def _allows_null(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    return (
        kind == "null"
        or (isinstance(kind, list) and "null" in kind)
        or ("const" in schema and schema["const"] is None)
    )


def _fill_string(schema: dict[str, Any]) -> str:
    text = _FORMATS.get(schema.get("format", ""), "example")
    lo = int(schema.get("minLength", 0))
    hi = schema.get("maxLength")
    if len(text) < lo:
        text = (text + " example" * (lo // 8 + 1))[:lo]
        if text.endswith(" "):
            text = text[:-1] + "e"  # a trailing space would not survive whitespace stripping
    if hi is not None and len(text) > int(hi):
        text = text[: int(hi)]
    return text


def _fill_number(schema: dict[str, Any], *, integer: bool) -> int | float:
    step = 1 if integer else 0.5
    lo = schema.get("minimum")
    if schema.get("exclusiveMinimum") is not None:
        lo = schema["exclusiveMinimum"] + step
    hi = schema.get("maximum")
    if schema.get("exclusiveMaximum") is not None:
        hi = schema["exclusiveMaximum"] - step
    value: float = 0
    if lo is not None and value < lo:
        value = lo
    if hi is not None and value > hi:
        value = hi
    multiple = schema.get("multipleOf")
    if multiple:
        value = math.ceil(value / multiple) * multiple
    return int(math.ceil(value)) if integer else float(value)
