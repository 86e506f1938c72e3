"""The one entry point of grounding: a document's answers to its strategy's grounding."""

from __future__ import annotations

from summarizer.extract.requests import Drafts
from summarizer.ground.judge import ground_judge
from summarizer.ground.merge import merge_actors
from summarizer.ground.parties import keep_parties
from summarizer.ground.plain import Grounded, ground_plain
from summarizer.ground.spans import ground_spans
from summarizer.read.documents import Document


def ground_drafts(document: Document, drafts: Drafts) -> Grounded:
    """Merge the per-chunk answers, tie every item to the characters that back it, and list
    each party once (`parties.keep_parties`, `merge.merge_actors`)."""
    if drafts.strategy == "spans":
        grounded = ground_spans(document, drafts)
    elif drafts.strategy == "judge":
        grounded = ground_judge(document, drafts)
    else:
        grounded = ground_plain(document, drafts)
    return merge_actors(keep_parties(grounded, document.text))


__all__ = ["ground_drafts"]
