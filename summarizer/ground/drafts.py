"""The one entry point of grounding: a document's answers to its strategy's grounding."""

from __future__ import annotations

from summarizer.extract.requests import Drafts
from summarizer.ground.judge import ground_judge
from summarizer.ground.plain import Grounded, ground_plain
from summarizer.ground.spans import ground_spans
from summarizer.read.documents import Document


def ground_drafts(document: Document, drafts: Drafts) -> Grounded:
    """Merge the per-chunk answers and tie every item to the characters that back it."""
    if drafts.strategy == "spans":
        return ground_spans(document, drafts)
    if drafts.strategy == "judge":
        return ground_judge(document, drafts)
    return ground_plain(document, drafts)


__all__ = ["ground_drafts"]
