"""One document -> one validated, grounded Summary (long documents in paragraph chunks)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from summarizer.core.fold import Locator, fold
from summarizer.core.prompts import Prompt, fence, field_guide, load_prompt
from summarizer.core.schemas import (
    SUB_EVENT_TYPES,
    Actor,
    Event,
    EventDraft,
    Evidence,
    ExtractionDraft,
    JudgeDraft,
    Quote,
    Span,
    SubEventType,
    Uncertainty,
)
from summarizer.extract.candidates import Candidates, Finds, numbered, render_lists
from summarizer.find.cues import CaseFree
from summarizer.model.llm import Completion, Message, StructuredLLM
from summarizer.read.documents import Document

if TYPE_CHECKING:
    from summarizer.find.cues import Cue

PROMPT_NAMES = {"plain": "extract", "spans": "spans", "judge": "judge"}

# Rough characters per token for English news text; used only to size chunks before the call.
CHARS_PER_TOKEN = 3.5

_SUB_EVENT_CUES: list[tuple[str, CaseFree]] = [
    ("Air/drone strike", CaseFree(r"\b(drone|air ?strike|airstrike|air raid|warplane)")),
    (
        "Shelling/artillery/missile attack",
        CaseFree(r"\b(missile|rocket|shell(ing|ed)|artillery|mortar)"),
    ),
    ("Remote explosive/landmine/IED", CaseFree(r"\b(IED|roadside bomb|landmine|car bomb)")),
    ("Suicide bomb", CaseFree(r"\bsuicide (bomb|attack)")),
    ("Armed clash", CaseFree(r"\b(clash|firefight|fighting|gunfight)")),
    ("Peaceful protest", CaseFree(r"\b(protest|demonstrat|rally|march)")),
    ("Arrests", CaseFree(r"\b(arrest|detain)")),
    ("Agreement", CaseFree(r"\b(ceasefire|truce|agreement|deal)\b")),
]


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

    # What the answers were planned from (the document's finds), held until they are grounded
    # so that grounding finds them in the finders' caches; never cached or compared.
    _planned_from: list[object] = PrivateAttr(default_factory=list)

    def add(self, request: ChunkRequest, completion: Completion[Any]) -> None:
        self.answers.append(
            ChunkAnswer(offset=request.offset, end=request.end, data=completion.value.model_dump())
        )
        held = request.planned_from
        if held is not None and all(held is not h for h in self._planned_from):
            self._planned_from.append(held)
        self.prompt_tokens += completion.prompt_tokens
        self.completion_tokens += completion.completion_tokens
        self.attempts += completion.attempts


@dataclass(frozen=True)
class ChunkRequest:
    """One structured call to make: messages and the model its answer must fit."""

    offset: int
    end: int
    messages: list[Message]
    response_model: type[BaseModel]
    planned_from: object = None  # the document's finds (spans), kept alive with the answers


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
    prompt = extraction_prompt(strategy)
    max_chars = max(1000, int(chunk_tokens * CHARS_PER_TOKEN))
    requests: list[ChunkRequest] = []
    finds = Finds.of(document.text, document.source.date) if strategy == "spans" else None
    for offset, chunk in split_chunks(document.text, max_chars):
        end = offset + len(chunk)
        if finds is None:
            model = JudgeDraft if strategy == "judge" else ExtractionDraft
            messages = build_messages(document, chunk, prompt=prompt, model=model)
            requests.append(ChunkRequest(offset, end, messages, model))
            continue
        c = finds.candidates(offset, end)
        if not c.sentences:
            continue
        messages = build_span_messages(document, c, prompt)
        requests.append(ChunkRequest(offset, end, messages, c.answer_model, finds))
    return requests


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
) -> Drafts:
    """Ask the model once per chunk of the document.

    Args:
        on_answer: Called with the answers so far after each answer but the last (a document
            of several chunks), so that the caller can keep what was paid for.
        resume: Looks up answers kept from an earlier try (`on_answer`'s): their chunks are not
            asked again, and they join the answers without their tokens, which that try spent.
    """
    drafts = Drafts(strategy=strategy)
    todo, kept = plan_remaining(
        document, strategy=strategy, chunk_tokens=chunk_tokens, resume=resume
    )
    drafts.answers[:0] = kept
    for i, request in enumerate(todo, 1):
        completion = llm.complete(request.messages, request.response_model, max_tokens=max_tokens)
        drafts.add(request, completion)
        if on_answer is not None and i < len(todo):
            on_answer(drafts)
    return drafts


@dataclass
class Grounded:
    summary: str
    actors: list[Actor]
    events: list[Event]
    quotes: list[Quote]
    uncertainty: list[Uncertainty]
    warnings: list[str]
    # What checking the model's answer changed, by kind (the judge strategy's meta.checks).
    checks: dict[str, int] = field(default_factory=dict)


def ground_drafts(document: Document, drafts: Drafts) -> Grounded:
    """Merge the per-chunk answers and tie every item to the characters that back it."""
    if drafts.strategy == "spans":
        from summarizer.ground.spans import ground_spans

        return ground_spans(document, drafts)
    if drafts.strategy == "judge":
        from summarizer.ground.judge import ground_judge

        return ground_judge(document, drafts)
    return ground_plain(document, drafts)


def degenerate(value: str) -> bool:
    """True for the run-away strings a small model writes ("1000000...", "a_a_a_")."""
    stripped = value.strip()
    if len(stripped) < 10:
        return True
    if re.search(r"(.)\1{7,}|(..)\2{5,}|(...)\3{4,}", stripped):
        return True
    letters = sum(ch.isalpha() for ch in stripped)
    return letters < 0.5 * len(stripped)


def lead(text: str, n: int = 2, sentences: Sequence[Cue] | None = None) -> str:
    """The first n sentences of a text, whitespace folded: the extractive fallback summary.

    ``sentences`` are the text's sentences when the caller has them already."""
    from summarizer.find.cues import sentences as split

    chosen = (split(text) if sentences is None else sentences)[:n]
    return " ".join(" ".join(s.text.split()) for s in chosen)


def ground_plain(document: Document, drafts: Drafts) -> Grounded:
    """Ground the plain strategy's free-text answers: locate each item in the source."""
    from summarizer.find.cues import normalize_date, quote_spans

    # Only where the quotations are: their speakers are the model's to say here.
    quoted = quote_spans(document.text)

    text = document.text
    loc = Locator(text)
    warnings: list[str] = []
    actors: dict[str, Actor] = {}
    events: list[Event] = []
    quotes: dict[tuple[int, int] | str, Quote] = {}
    uncertainty: dict[tuple[int, int] | str, Uncertainty] = {}
    summaries: list[str] = []

    def evidence(passage: str, near: int) -> Evidence:
        span = loc.locate(passage, near=near)
        if span is None:
            return Evidence(text=passage.strip(), verified=False)
        return Evidence(text=text[span[0] : span[1]], start=span[0], end=span[1], verified=True)

    def names_in_text(names: Iterable[str], what: str) -> list[str]:
        kept = []
        for name in names:
            span = loc.locate(name)
            if span is None:
                warnings.append(f"{what} {name!r} dropped: not in the document")
                continue
            kept.append(text[span[0] : span[1]])
        return list(dict.fromkeys(kept))

    for answer in drafts.answers:
        offset = answer.offset
        try:
            draft = ExtractionDraft.model_validate(answer.data)
        except ValidationError as err:
            warnings.append(f"an answer for [{offset}:{answer.end}] was dropped: {err.errors()[0]}")
            continue
        if degenerate(draft.summary):
            warnings.append("the model's summary was unusable; the lead sentences stand in")
        else:
            summaries.append(draft.summary.strip())
        for a in draft.actors:
            spans = loc.find_all(a.name)
            if not spans:
                warnings.append(f"actor {a.name!r} dropped: not in the document")
                continue
            key = fold(a.name)
            if key in actors:
                continue
            affiliation = a.affiliation
            if affiliation and loc.locate(affiliation) is None:
                warnings.append(
                    f"affiliation {affiliation!r} of {a.name!r} dropped: not in the document"
                )
                affiliation = None
            name = text[spans[0][0] : spans[0][1]]
            actors[key] = Actor(
                name=name,
                kind=a.kind,
                affiliation=affiliation,
                mentions=[Span(start=s, end=e) for s, e in spans],
            )
        for q in draft.quotes:
            words = q.text.strip().strip("\"'\u201c\u201d\u2018\u2019 ")
            if len(words) < 3:
                continue
            span = loc.locate(words, near=offset)
            speaker = q.speaker
            if speaker and loc.locate(speaker) is None:
                warnings.append(f"speaker {speaker!r} dropped: not in the document")
                speaker = None
            if span is not None and not any(a <= span[0] and span[1] <= b for a, b in quoted):
                # Words the text holds but does not quote (an injected "report this quote")
                # are not a quotation.
                warnings.append(f"quote {words[:60]!r} is not inside quotation marks (unverified)")
                quotes.setdefault(fold(words), Quote(speaker=speaker, text=words, verified=False))
                continue
            if span is None:
                warnings.append(f"quote {words[:60]!r} not found in the document (unverified)")
                quotes.setdefault(fold(words), Quote(speaker=speaker, text=words, verified=False))
                continue
            existing = quotes.get(span)
            if existing is None or (existing.speaker is None and speaker):
                quotes[span] = Quote(
                    speaker=speaker,
                    text=text[span[0] : span[1]],
                    start=span[0],
                    end=span[1],
                    verified=True,
                )
        for e in draft.events:
            ev = evidence(e.evidence, offset)
            if not ev.verified:
                warnings.append(f"event evidence {e.evidence[:60]!r} not found (unverified)")
            if ev.verified and any(
                x.evidence.start == ev.start and x.event_type == e.event_type for x in events
            ):
                continue
            events.append(
                Event(
                    date=normalize_date(e.date_text, document.source.date) if e.date_text else None,
                    date_text=e.date_text,
                    location=e.location,
                    event_type=e.event_type,
                    sub_event_type=_sub_event_type(e),
                    description=_or_evidence(e.description, ev),
                    actors=names_in_text(e.actors, "event actor"),
                    targets=names_in_text(e.targets, "event target"),
                    fatalities=e.fatalities,
                    injuries=e.injuries,
                    status=e.status,
                    evidence=ev,
                )
            )
        for u in draft.uncertainty:
            ev = evidence(u.evidence, offset)
            if not ev.verified:
                warnings.append(f"uncertainty evidence {u.evidence[:60]!r} not found (unverified)")
            ukey: tuple[int, int] | str = (
                (ev.start, ev.end) if ev.start is not None and ev.end is not None else fold(ev.text)
            )
            if ukey not in uncertainty:
                uncertainty[ukey] = Uncertainty(
                    claim=_or_evidence(u.claim, ev), kind=u.kind, evidence=ev
                )

    def order(item_start: int | None) -> int:
        return item_start if item_start is not None else len(text)

    return Grounded(
        summary=" ".join(dict.fromkeys(summaries))[:2000] or lead(text),
        actors=sorted(actors.values(), key=lambda a: a.mentions[0].start),
        events=sorted(events, key=lambda e: order(e.evidence.start)),
        quotes=sorted(quotes.values(), key=lambda q: order(q.start)),
        uncertainty=sorted(uncertainty.values(), key=lambda u: order(u.evidence.start)),
        warnings=list(dict.fromkeys(warnings)),
    )


def _or_evidence(value: str, ev: Evidence) -> str:
    """The model's text, or its evidence when the text ran away."""
    if not degenerate(value):
        return value.strip()
    return short(ev.text)


def short(text: str, limit: int = 200) -> str:
    """Whitespace folded and cut at a word boundary."""
    folded = " ".join(text.split())
    if len(folded) <= limit:
        return folded
    return folded[: limit - 1].rsplit(" ", 1)[0] + "…"


def _sub_event_type(e: EventDraft) -> SubEventType | None:
    allowed = SUB_EVENT_TYPES[e.event_type]
    haystack = f"{e.description} {e.evidence}"
    for sub, pattern in _SUB_EVENT_CUES:
        if sub in allowed and pattern.search(haystack):
            return cast(SubEventType, sub)
    return None
