"""Chat requests saved to a folder and answered from it: how a capable model's answers, written
offline from the saved requests, are measured without an endpoint."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from summarizer.testing.schemafill import as_object, default_responder

__all__ = ["RecordingResponder", "ReplayResponder", "request_key"]


def request_key(request: dict[str, Any]) -> str:
    """What identifies a chat request's answer: its messages and the schema it must fit.

    Sampling fields and the model name are left out, so answers recorded for one model can be
    replayed with the same requests under another name.
    """
    wanted = {k: request.get(k) for k in ("messages", "response_format", "tools", "tool_choice")}
    text = json.dumps(wanted, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class RecordingResponder:
    """Saves every chat request as `<key>.request.json` in a folder, and answers it with
    `default_responder` (a minimal valid value), so that a run goes on to its next request.

    The saved requests are what someone, or some other model, answers offline: an answer
    written as `<key>.answer.json` is what `ReplayResponder` sends back for that request.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        path = self.folder / f"{request_key(request)}.request.json"
        text = json.dumps(request, indent=2, ensure_ascii=False) + "\n"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        return default_responder(request)


class ReplayResponder:
    """Answers each chat request with the saved `<key>.answer.json` of a folder (see
    `RecordingResponder`); a request with no saved answer fails loudly (a 500 naming its key)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        key = request_key(request)
        path = self.folder / f"{key}.answer.json"
        try:
            return as_object(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError as e:
            raise LookupError(f"no recorded answer {path.name} in {self.folder}") from e
