"""Outputs of every seed and evaluation document, to compare two versions of the code.

A restructuring must not change what the tool writes. `dump` summarizes every document of
seeds/, tests/data/eval-data/ and tests/data/dev-reports/ with deterministic fakes in place of a
model (the spans strategy with the minimal valid answer, which is the finders' whole path; the
plain strategy with a scripted draft) and writes one JSON file per document and strategy, with
the timing left out. `diff` compares two such folders.

Usage (the old code from a git worktree, the new from here)::

    git worktree add /tmp/old REF
    (cd /tmp/old && PYTHONPATH=. python /work/main/scripts/compare_outputs.py dump /tmp/a)
    python scripts/compare_outputs.py dump /tmp/b
    python scripts/compare_outputs.py diff /tmp/a /tmp/b

`dump` reads the documents of the folder it runs in and imports the package found first on
the path, in either layout (flat modules before issue 13, stage folders after).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

try:  # the stage layout
    from summarizer.core.config import load_settings
    from summarizer.model.llm import Completion
    from summarizer.pipeline import Summarizer
    from summarizer.read.documents import Document

    try:  # the readers split by format
        from summarizer.read.files import read_path
    except ImportError:  # before: read_path beside Document
        from summarizer.read.documents import read_path  # type: ignore[attr-defined, no-redef]
    try:  # the fake server split
        from summarizer.testing.schemafill import fill_schema
    except ImportError:  # before: fill_schema in the server's module
        from summarizer.testing.fakeserver import fill_schema  # type: ignore[attr-defined, no-redef]
except ImportError:  # the flat layout, before issue 13
    from summarizer.config import load_settings  # type: ignore[no-redef]
    from summarizer.documents import Document, read_path  # type: ignore[no-redef]
    from summarizer.fakeserver import fill_schema  # type: ignore[no-redef]
    from summarizer.llm import Completion  # type: ignore[no-redef]

    from summarizer.pipeline import Summarizer

DRAFT = {
    "summary": "Officials reported attacks and casualties in the region on the day of the report.",
    "actors": [{"name": "United States", "kind": "state"}],
    "events": [],
    "quotes": [],
    "uncertainty": [],
}


class _Fake:
    def __init__(self, strategy: str) -> None:
        self.strategy = strategy

    def complete(self, messages: Any, response_model: Any, *, max_tokens: int) -> Any:
        if self.strategy == "plain":
            value = response_model.model_validate(DRAFT)
        else:
            value = response_model.model_validate(fill_schema(response_model.model_json_schema()))
        return Completion(value=value, prompt_tokens=0, completion_tokens=0, attempts=1)


def _paths() -> list[Path]:
    paths = sorted(Path("seeds").glob("*.txt"))
    for folder in (Path("tests/data/eval-data"), Path("tests/data/dev-reports")):
        paths += sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".jsonl"))
    return paths


def dump(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for strategy in ("spans", "plain"):
        settings = load_settings({"strategy": strategy, "use_cache": False})
        with Summarizer(settings, llm=_Fake(strategy)) as summarizer:
            for path in _paths():
                for doc in read_path(path):
                    if not isinstance(doc, Document):
                        continue
                    data = summarizer.summarize_document(doc).model_dump(mode="json")
                    data["meta"].pop("elapsed_s", None)
                    name = f"{strategy}-{doc.doc_id[:16]}-{doc.name[:80]}.json"
                    (out / name).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
                    n += 1
    print(f"{n} outputs in {out}")
    return 0


def diff(a: Path, b: Path) -> int:
    names = sorted({p.name for p in a.glob("*.json")} | {p.name for p in b.glob("*.json")})
    changed = [n for n in names if not (a / n).is_file() or not (b / n).is_file()]
    changed += [
        n
        for n in names
        if (a / n).is_file() and (b / n).is_file() and (a / n).read_text() != (b / n).read_text()
    ]
    for n in changed:
        print(f"differs: {n}")
    print(f"{len(names)} outputs, {len(changed)} differ")
    return 1 if changed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["dump"] and len(sys.argv) == 3:
        raise SystemExit(dump(Path(sys.argv[2])))
    if sys.argv[1:2] == ["diff"] and len(sys.argv) == 4:
        raise SystemExit(diff(Path(sys.argv[2]), Path(sys.argv[3])))
    raise SystemExit(__doc__)
