"""The requests one document needs: chunks, messages, answer models, and the answers (Drafts)."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from summarizer.core.drafts import ExtractionDraft, JudgeDraft
from summarizer.core.errors import AnswerCutOff
from summarizer.core.prompts import Prompt, fence, field_guide, load_prompt
from summarizer.extract.candidates import Candidates, Finds, numbered, render_lists
from summarizer.model.llm import Completion, Message, StructuredLLM, answer_schema
from summarizer.read.documents import Document

PROMPT_NAMES = {"plain": "extract", "spans": "spans", "judge": "judge"}
# What the judge and plain strategies ask for, as the client sends and parses it (made once).
JUDGE_ANSWER = answer_schema(JudgeDraft)
PLAIN_ANSWER = answer_schema(ExtractionDraft)

# Rough characters per token for English news text; used only to size chunks before the call.
CHARS_PER_TOKEN = 3.5


class ChunkAnswer(BaseModel):
    """The model's answer for one chunk [offset, end) of a document, as plain JSON data."""

    model_config = ConfigDict(extra="forbid")

    offset: int
    end: int
    data: dict[str, Any]


class Drafts(BaseModel):
    """Model answers for one document (one per chunk), with their cost.

    This, not the grounded Summary, is what the cache stores: grounding is cheap and always runs
    on the text at hand, so a cached answer never carries offsets into a different text.
    """

    model_config = ConfigDict(extra="forbid")

    strategy: str = "plain"
    answers: list[ChunkAnswer] = Field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0
    # The share of the tokens answered through a Batch API (billed at its prices).
    batch_prompt_tokens: int = 0
    batch_completion_tokens: int = 0

    # The finds the answers were planned from, handed to grounding (`finds_for`) so that it does
    # not run the finders again; never serialized, so a cached Drafts has none.
    _finds: Finds | None = PrivateAttr(default=None)

    def spent(self, cut_off: AnswerCutOff) -> None:
        """Count the tokens of an answer cut off at max_tokens: paid for, though not kept."""
        self.prompt_tokens += cut_off.prompt_tokens
        self.completion_tokens += cut_off.completion_tokens

    def add(self, request: ChunkRequest, completion: Completion[Any]) -> None:
        self.answers.append(
            ChunkAnswer(offset=request.offset, end=request.end, data=completion.value.model_dump())
        )
        if request.finds is not None:
            self._finds = request.finds
        self.prompt_tokens += completion.prompt_tokens
        self.completion_tokens += completion.completion_tokens
        self.attempts += completion.attempts
        self.batch_prompt_tokens += completion.batch_prompt_tokens
        self.batch_completion_tokens += completion.batch_completion_tokens

    def finds_for(self, document: Document) -> Finds:
        """The finds of `document`: those the answers were planned from when they were computed
        from the same text and date, else computed now (a cached or collected answer)."""
        finds = self._finds
        if finds is not None and (finds.text, finds.ref_date) == (
            document.text,
            document.source.date,
        ):
            return finds
        return Finds.compute(document.text, document.source.date)


@dataclass(frozen=True)
class ChunkRequest:
    """One structured call to make: messages and the model its answer must fit."""

    offset: int
    end: int
    messages: list[Message]
    response_model: type[BaseModel]
    finds: Finds | None = None  # the document's finds (spans), handed on with the answer


def extraction_prompt(strategy: str = "plain") -> Prompt:
    return load_prompt(PROMPT_NAMES[strategy])


def build_messages(
    document: Document,
    chunk: str,
    *,
    prompt: Prompt | None = None,
    model: type[BaseModel] = ExtractionDraft,
) -> list[Message]:
    """The plain and judge strategies' messages: static instructions first, the document
    fenced last.

    Static text first lets the server reuse the prompt prefix across documents.
    """
    prompt = prompt or extraction_prompt("plain")
    content = prompt.fill(
        field_guide=field_guide(model),
        hints="",
        title=_attr(document.source.title or document.name),
        date=_attr(document.source.date or "unknown"),
        document=fence(chunk),
    )
    return [{"role": "user", "content": content}]


def build_span_messages(document: Document, c: Candidates, prompt: Prompt) -> list[Message]:
    """The spans strategy's messages: numbered sentences, then the candidate lists."""
    content = prompt.fill(
        title=_attr(document.source.title or document.name),
        date=_attr(document.source.date or "unknown"),
        document=fence(numbered(c)),
        lists=fence(render_lists(c)),
    )
    return [{"role": "user", "content": content}]


def _attr(value: str) -> str:
    return fence(value.replace('"', "'").replace("\n", " ")[:200])


def split_chunks(text: str, max_chars: int, overlap_chars: int = 400) -> list[tuple[int, str]]:
    """Split on paragraph boundaries into chunks of at most ~max_chars, with some overlap.

    Returns (offset, chunk) pairs; chunk == text[offset:offset+len(chunk)]. A single paragraph
    longer than max_chars is cut at sentence ends, then hard, so memory and prompts stay bounded.
    """
    if len(text) <= max_chars:
        return [(0, text)]
    pieces: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]*\S[^\n]*(?:\n(?!\s*\n)[^\n]*)*", text):
        start, end = m.start(), m.end()
        while end - start > max_chars:
            window = text[start : start + max_chars]
            cut = max(window.rfind(". "), window.rfind("\n"))
            stop = start + (cut + 1 if cut > max_chars // 3 else max_chars)
            pieces.append((start, stop))
            start = stop
        pieces.append((start, end))
    chunks: list[tuple[int, str]] = []
    i = 0
    while i < len(pieces):
        start = pieces[i][0]
        end = pieces[i][1]
        j = i + 1
        while j < len(pieces) and pieces[j][1] - start <= max_chars:
            end = pieces[j][1]
            j += 1
        chunks.append((start, text[start:end]))
        if j >= len(pieces):
            break
        # Overlap: start the next chunk at the last paragraph(s) that fit in overlap_chars.
        k = j
        while k - 1 > i and end - pieces[k - 1][0] <= overlap_chars:
            k -= 1
        i = k if k > i else j
    return chunks


def plan_requests(document: Document, *, strategy: str, chunk_tokens: int) -> list[ChunkRequest]:
    """The calls that summarize a document: one per chunk (none for a chunk with no sentence)."""
    max_chars = max(1000, int(chunk_tokens * CHARS_PER_TOKEN))
    finds = Finds.compute(document.text, document.source.date) if strategy == "spans" else None
    return _requests_for(document, strategy, 0, document.text, max_chars, finds)


def _requests_for(
    document: Document,
    strategy: str,
    start: int,
    text: str,
    max_chars: int,
    finds: Finds | None,
) -> list[ChunkRequest]:
    """The requests for `text`, which starts `start` characters into the document, in chunks
    of at most ~`max_chars`."""
    prompt = extraction_prompt(strategy)
    requests: list[ChunkRequest] = []
    for offset, chunk in split_chunks(text, max_chars):
        offset += start
        end = offset + len(chunk)
        if finds is None:
            model = JUDGE_ANSWER if strategy == "judge" else PLAIN_ANSWER
            messages = build_messages(document, chunk, prompt=prompt, model=model)
            requests.append(ChunkRequest(offset, end, messages, model))
            continue
        c = finds.candidates(offset, end)
        if not c.sentences:
            continue
        messages = build_span_messages(document, c, prompt)
        requests.append(ChunkRequest(offset, end, messages, c.answer_model, finds))
    return requests


# The shortest chunk a cut-off answer splits: below it, a longer answer is the only cure.
MIN_SPLIT_CHARS = 2000


def split_again(
    document: Document, request: ChunkRequest, strategy: str, error: AnswerCutOff
) -> list[ChunkRequest]:
    """The requests for a chunk whose answer was cut off at max_tokens (a long chunk with much
    to tell), split in halves on paragraph boundaries (with the chunks' overlap, sometimes in
    three); `error` again when it is too short to split, or does not split, or the answer was
    the embedded model's (spans: its few picks never fill max_tokens unless it loops, and a
    smaller chunk only loops again)."""
    text = document.text[request.offset : request.end]
    parts = (
        _requests_for(document, strategy, request.offset, text, len(text) // 2 + 1, request.finds)
        if len(text) >= MIN_SPLIT_CHARS and strategy != "spans"
        else []
    )
    if len(parts) < 2:
        raise error
    return parts


def plan_remaining(
    document: Document,
    *,
    strategy: str,
    chunk_tokens: int,
    resume: Callable[[], Drafts | None] | None = None,
) -> tuple[list[ChunkRequest], list[ChunkAnswer]]:
    """The requests still to make for a document, and the answers kept for its other chunks.

    `resume` looks up answers kept from an earlier try; it is asked only for a document of
    several chunks. A kept answer stands for the chunk of the same span.
    """
    requests = plan_requests(document, strategy=strategy, chunk_tokens=chunk_tokens)
    earlier = resume() if resume is not None and len(requests) > 1 else None
    if not earlier:
        return requests, []
    spans = {(r.offset, r.end) for r in requests}
    kept = [a for a in earlier.answers if (a.offset, a.end) in spans]
    answered = {(a.offset, a.end) for a in kept}
    return [r for r in requests if (r.offset, r.end) not in answered], kept


def request_drafts(
    document: Document,
    llm: StructuredLLM,
    *,
    max_tokens: int,
    chunk_tokens: int,
    strategy: str = "plain",
    on_answer: Callable[[Drafts], None] | None = None,
    resume: Callable[[], Drafts | None] | None = None,
    on_chunk: Callable[[int, int], None] | None = None,
) -> Drafts:
    """Ask the model once per chunk of the document.

    Args:
        on_answer: Called with the answers so far after each answer but the last (a document
            of several chunks), so that the caller can keep what was paid for.
        resume: Looks up answers kept from an earlier try (`on_answer`'s): their chunks are not
            asked again, and they join the answers without their tokens, which that try spent.
        on_chunk: Called with (chunks answered, chunks in all) before the first request and
            after each answer (progress of a long document).
    """
    drafts = Drafts(strategy=strategy)
    todo, kept = plan_remaining(
        document, strategy=strategy, chunk_tokens=chunk_tokens, resume=resume
    )
    drafts.answers[:0] = kept
    total = len(todo) + len(kept)
    if on_chunk is not None:
        on_chunk(len(kept), total)
    queue = deque(todo)
    while queue:
        request = queue.popleft()
        try:
            completion = llm.complete(
                request.messages, request.response_model, max_tokens=max_tokens
            )
        except AnswerCutOff as e:
            # Too much to tell for one answer: ask for each half of the chunk instead.
            parts = split_again(document, request, strategy, e)
            drafts.spent(e)  # (a failure counts them from the error)
            queue.extendleft(reversed(parts))
            total += len(parts) - 1
            continue
        drafts.add(request, completion)
        if on_answer is not None and queue:
            on_answer(drafts)
        if on_chunk is not None:
            on_chunk(len(drafts.answers), total)
    return drafts
