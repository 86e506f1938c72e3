"""Every verified span of every real document, checked against the text its offsets index.

Summarizes the seeds and every document of tests/data (the finders' whole path: the spans
strategy with the minimal valid answer in place of a model) and counts the verified quotes,
event and uncertainty passages and actor mentions whose slice of `summarizer text FILE` (for
.txt and .md: the file as opened with newline="") is not their text. It must print 0.

Usage::

    .venv/bin/python scripts/check_offsets.py
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from summarizer import summarize_file
from summarizer.model.llm import Completion
from summarizer.read.documents import Document
from summarizer.read.files import read_path
from summarizer.testing.schemafill import fill_schema


class _Minimal:
    def complete(self, messages: Any, response_model: Any, *, max_tokens: int) -> Any:
        value = response_model.model_validate(fill_schema(response_model.model_json_schema()))
        return Completion(value=value, prompt_tokens=0, completion_tokens=0, attempts=1)


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    paths = sorted((root / "seeds").glob("*.txt"))
    paths += sorted(
        p for p in (root / "tests" / "data").rglob("*") if p.suffix in (".md", ".jsonl")
    )
    documents = spans = wrong = 0
    for path in paths:
        docs = [d for d in read_path(path) if isinstance(d, Document)]
        summaries = summarize_file(path, llm=_Minimal(), strategy="spans", use_cache=False)
        for doc, summary in zip(docs, summaries, strict=True):
            if path.suffix in (".txt", ".md"):
                with path.open(encoding="utf-8-sig", newline="") as f:
                    text = f.read()
                assert text == doc.file_text, path
            else:
                text = doc.file_text
            documents += 1
            items: list[tuple[str, int | None, int | None]] = [
                (q.text, q.start, q.end) for q in summary.quotes if q.verified
            ]
            for passage in [e.evidence for e in summary.events] + [
                u.evidence for u in summary.uncertainty
            ]:
                if passage.verified:
                    items.append((passage.text, passage.start, passage.end))
            for text_of, start, end in items:
                spans += 1
                wrong += start is None or end is None or text[start:end] != text_of
            for actor in summary.actors:
                for m in actor.mentions:
                    spans += 1
                    wrong += not text[m.start : m.end].strip()
    print(f"{documents} documents, {spans} verified spans and mentions, {wrong} not the slice")
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
