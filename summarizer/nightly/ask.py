"""The requests of one document, awaited: the async twin of `extract.request_drafts`.

`arequest_drafts` plans a document's requests (off the event loop when given a lane), asks the
model once per chunk within the run's gate, and keeps what each answer cost; a request that waits
for a provider's batch (`Pending`) ends it with `Waiting`, which lists every such chunk.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from summarizer.core.errors import AnswerCutOff
from summarizer.extract.requests import Drafts, plan_remaining, split_again
from summarizer.model.batchapi import Pending
from summarizer.model.client import AsyncStructuredLLM
from summarizer.read.documents import Document


async def arequest_drafts(
    document: Document,
    llm: AsyncStructuredLLM,
    *,
    max_tokens: int,
    chunk_tokens: int,
    strategy: str = "plain",
    drafts: Drafts | None = None,
    offload: Callable[[Callable[[], Any]], Awaitable[Any]] | None = None,
    gate: asyncio.Semaphore | None = None,
    on_answer: Callable[[Drafts], None] | None = None,
    resume: Callable[[], Drafts | None] | None = None,
) -> Drafts:
    """Ask the model once per chunk of the document (as `extract.request_drafts`, awaited).

    Args:
        document: The document.
        llm: The async structured LLM.
        max_tokens: Completion tokens per request.
        chunk_tokens: Document tokens per chunk.
        strategy: "plain" or "spans" (see extract.plan_requests).
        drafts: Where to collect answers and tokens; pass one to know what was spent when a
            later chunk fails.
        offload: Runs the planning (the finders, for spans) off the event loop; inline if None.
        gate: Held while the requests are in flight, not while planning: a document is
            planned before its turn comes, so its request goes out as soon as one is free.
        on_answer: Called with `drafts` after each answer but the last (a document of several
            chunks), so that the caller can keep what was paid for.
        resume: Looks up answers kept from an earlier try (`on_answer`'s), with the planning
            and only for a document of several chunks: their chunks (same spans) are not asked
            again, and their answers join `drafts` without their tokens, which that try spent.
    """
    drafts = drafts if drafts is not None else Drafts(strategy=strategy)

    plan = functools.partial(
        plan_remaining, document, strategy=strategy, chunk_tokens=chunk_tokens, resume=resume
    )
    todo, kept = await offload(plan) if offload is not None else plan()
    drafts.answers[:0] = kept
    pending: list[tuple[int, Pending]] = []
    queue = deque(enumerate(todo))
    async with gate if gate is not None else contextlib.nullcontext():
        while queue:
            i, request = queue.popleft()
            try:
                completion = await llm.complete(
                    request.messages, request.response_model, max_tokens=max_tokens
                )
            except Pending as p:
                # Waits for a batch; the other chunks are looked up too, to queue them at once.
                pending.append((i, p))
                continue
            except AnswerCutOff as e:
                # Too much to tell for one answer: ask for each half of the chunk instead.
                parts = split_again(document, request, strategy, e)
                drafts.spent(e)  # (a failure counts them from the error)
                queue.extendleft((i, part) for part in reversed(parts))
                continue
            drafts.add(request, completion)
            if on_answer is not None and queue:
                on_answer(drafts)
    if pending:
        raise Waiting(pending)
    return drafts


class Waiting(Exception):
    """Some chunks of a document wait for a batch: (chunk index, its `Pending`) each."""

    def __init__(self, pending: list[tuple[int, Pending]]) -> None:
        super().__init__(f"{len(pending)} requests wait for a batch")
        self.pending = pending
