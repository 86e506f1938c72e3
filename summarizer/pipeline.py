"""Documents in, Summaries out: cache lookup, one structured LLM call per chunk, grounding."""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from summarizer.core.config import Settings, load_settings
from summarizer.core.drafts import ExtractionDraft, JudgeDraft
from summarizer.core.errors import BackendError, ConfigError, DocumentError, SummarizerError
from summarizer.core.schemas import SCHEMA_VERSION, Meta, Summary, schema_hash, shift_offsets
from summarizer.extract.requests import Drafts, extraction_prompt, request_drafts
from summarizer.ground.drafts import ground_drafts
from summarizer.model.client import OpenAILLM
from summarizer.model.llm import StructuredLLM
from summarizer.model.local import EmbeddedServer, llama_grammar
from summarizer.read.documents import Document, document_from_text
from summarizer.read.files import read_path
from summarizer.store.cache import SummaryCache, cache_key

log = logging.getLogger(__name__)

# Prompt tokens the instructions take before the document (measured on the extract template).
PROMPT_OVERHEAD_TOKENS = 900


def client_args(settings: Settings, *, base_url: str | None) -> dict[str, Any]:
    """The structured client's arguments for these settings (sync and async alike).

    Args:
        settings: Resolved settings; with `embedded`, requests carry llama.cpp's own fields.
        base_url: Where to send requests (the embedded server's URL when embedded).
    """
    extra: dict[str, Any] = {}
    grammar = None
    if settings.embedded:
        # llama.cpp's grammar with JSON's whitespace fixed, in place of the response format.
        grammar = llama_grammar
        # Greedy decoding; llama.cpp's prompt cache off by default: with it on, greedy output
        # changed between sessions (see README, "Repeatability").
        extra = {"cache_prompt": settings.prompt_cache, "top_k": 1}
    return {
        "base_url": base_url,
        "api_key": settings.api_key,
        "model": settings.model_name,
        "mode": settings.resolved_mode,
        "timeout_s": settings.timeout_s,
        "max_retries": settings.max_retries,
        "reasks": settings.reasks,
        "temperature": settings.temperature,
        "seed": settings.seed,
        "extra_body": extra,
        "grammar": grammar,
    }


def make_llm(settings: Settings, *, base_url: str | None) -> OpenAILLM:
    """The openai + instructor client for these settings.

    Args:
        settings: Resolved settings.
        base_url: Where to send requests (the embedded server's URL when embedded).
    """
    return OpenAILLM(**client_args(settings, base_url=base_url))


# The cache key suffix of a document's answers so far (all its chunks' but the last), kept so
# that a try cut short (a failed chunk, a kill, Ctrl-C) asks only the chunks not yet answered.
PARTIAL_SUFFIX = ".partial"


@dataclass(frozen=True)
class PartialAnswers:
    """A document's answers in the cache: so far (under its key plus PARTIAL_SUFFIX) while it
    is asked chunk by chunk, then whole. `summarize` and `run` keep them alike."""

    cache: SummaryCache
    key: str  # the document's cache key

    def keep(self, drafts: Drafts) -> None:
        """`request_drafts`' on_answer: the answers so far."""
        self.cache.set(self.key + PARTIAL_SUFFIX, drafts)

    def earlier(self) -> Drafts | None:
        """`request_drafts`' resume: the answers an earlier try kept."""
        return self.cache.get(self.key + PARTIAL_SUFFIX, Drafts)

    def store(self, drafts: Drafts) -> None:
        """The whole answer, cached; the answers so far (kept only for several chunks) go."""
        self.cache.set(self.key, drafts)
        if len(drafts.answers) > 1:
            self.cache.delete(self.key + PARTIAL_SUFFIX)


class Summarizer:
    """Summarizes documents with one configured backend; reuse it for many documents.

    Starts the embedded model lazily on first use when no endpoint is configured, and stops it on
    `close()` (also used as a context manager).

    Args:
        settings: Resolved settings (see `config.load_settings`).
        llm: A ready StructuredLLM (tests pass a FakeLLM); built from settings when None.
        cache: A SummaryCache; built from settings when None.
        on_chunk: Called with (document, chunks answered, chunks in all) as a document is
            asked chunk by chunk (progress on a terminal).
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        llm: StructuredLLM | None = None,
        cache: SummaryCache | None = None,
        backend: str | None = None,
        on_chunk: Callable[[Document, int, int], None] | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self.on_chunk = on_chunk
        self._llm = llm
        self._backend = backend or ("fake" if llm is not None else self.settings.backend)
        self._server: Any = None
        self.cache = cache or SummaryCache(self.settings.cache_dir, enabled=self.settings.use_cache)
        self._prompt = extraction_prompt(self.settings.strategy)
        # The spans strategy's schema is built per document from the candidate spans; what is
        # fixed is the code that builds it, versioned with the output schema and the prompt.
        self._schema_hash = {
            "plain": schema_hash(ExtractionDraft),
            "judge": schema_hash(JudgeDraft),
        }.get(self.settings.strategy, f"spans-{SCHEMA_VERSION}")

    # -- backend ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        # The embedded server takes a new port every start; the cache must not care.
        if self.settings.embedded:
            return "embedded"
        return self.settings.base_url or ""

    @property
    def llm(self) -> StructuredLLM:
        """The backend, started on first use (the embedded server starts here)."""
        return self._get_llm()

    def _get_llm(self) -> StructuredLLM:
        if self._llm is None:
            base_url = self.settings.base_url
            if self.settings.embedded:
                s = self.settings
                self._server = EmbeddedServer(n_ctx=s.n_ctx, threads=s.threads, seed=s.seed).start()
                base_url = self._server.base_url
            self._llm = make_llm(self.settings, base_url=base_url)
        return self._llm

    def chunk_tokens(self) -> int:
        """How many document tokens go in one request."""
        s = self.settings
        if s.embedded:
            return max(500, min(3000, s.n_ctx - s.max_tokens - PROMPT_OVERHEAD_TOKENS))
        return 12000

    def key_for(self, document: Document) -> str:
        return cache_key(
            model=self.settings.model_name,
            base_url=self.base_url,
            prompt_hash=self._prompt.sha256,
            schema_hash=self._schema_hash,
            params={**self.settings.generation_params(), "chunk_tokens": self.chunk_tokens()},
            text=document.text,
        )

    # -- work ------------------------------------------------------------------------------

    def summarize_document(self, document: Document) -> Summary:
        """Summarize one document, from the cache when the same request was answered before.

        Raises:
            SummarizerError: ExtractionError for this document; BackendError/ConfigError for all.
        """
        t0 = time.perf_counter()
        key = self.key_for(document)
        drafts = self.cache.get(key, Drafts)
        cache_hit = drafts is not None
        if drafts is None:
            # The chunks answered before a failed chunk or an interruption are not asked again.
            partial = PartialAnswers(self.cache, key)
            drafts = request_drafts(
                document,
                self._get_llm(),
                max_tokens=self.settings.max_tokens,
                chunk_tokens=self.chunk_tokens(),
                strategy=self.settings.strategy,
                on_answer=partial.keep,
                resume=partial.earlier,
                on_chunk=(
                    None
                    if self.on_chunk is None
                    else lambda done, total: self._chunk_done(document, done, total)
                ),
            )
            partial.store(drafts)
        # Tokens and cost are what this call spent: nothing on a cache hit.
        spent = Drafts() if cache_hit else drafts
        return self.build_summary(
            document, drafts, spent=spent, cache_hit=cache_hit, elapsed_s=time.perf_counter() - t0
        )

    def _chunk_done(self, document: Document, done: int, total: int) -> None:
        if self.on_chunk is not None:
            self.on_chunk(document, done, total)

    def build_summary(
        self,
        document: Document,
        drafts: Drafts,
        *,
        spent: Drafts,
        cache_hit: bool,
        elapsed_s: float,
    ) -> Summary:
        """Ground the model's answers for a document and wrap them with this run's meta.

        Args:
            document: The document the answers are for.
            drafts: The answers (fresh or from the cache).
            spent: What this call cost (empty on a cache hit).
            cache_hit: Whether the answers came from the cache.
            elapsed_s: Wall time spent on the document so far.
        """
        grounded = ground_drafts(document, drafts)
        # Grounding reads the body; offsets in the output index the whole file.
        summary = Summary(
            schema_version=SCHEMA_VERSION,
            doc_id=document.doc_id,
            source=document.source,
            summary=grounded.summary,
            actors=grounded.actors,
            events=grounded.events,
            quotes=grounded.quotes,
            uncertainty=grounded.uncertainty,
            meta=Meta(
                model=self.settings.model_name,
                backend=self._backend,
                prompt_version=self._prompt.version,
                schema_version=SCHEMA_VERSION,
                prompt_tokens=spent.prompt_tokens,
                completion_tokens=spent.completion_tokens,
                attempts=spent.attempts,
                cost_usd=self.settings.cost_usd(
                    spent.prompt_tokens,
                    spent.completion_tokens,
                    batch_prompt_tokens=spent.batch_prompt_tokens,
                    batch_completion_tokens=spent.batch_completion_tokens,
                ),
                cache_hit=cache_hit,
                elapsed_s=round(elapsed_s, 4),
                warnings=grounded.warnings,
                checks=grounded.checks,
            ),
        )
        page_of = document.page_of if document.pages else None
        return shift_offsets(summary, document.offset, page_of=page_of)

    def close(self) -> None:
        closer = getattr(self._llm, "close", None)
        if callable(closer):
            closer()
        if self._server is not None:
            self._server.stop()
            self._server = None
        self.cache.close()

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def summarize_text(
    text: str,
    *,
    settings: Settings | None = None,
    llm: StructuredLLM | None = None,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    **overrides: Any,
) -> Summary:
    """Summarize one document given as a string (never read as a path).

    Args:
        text: The document text; offsets in the summary index it.
        settings: Settings to use; built from the environment and `overrides` when None.
        llm: A StructuredLLM to use instead of the configured backend.
        title: The document's title, if known.
        date: Its date (YYYY-MM-DD), which resolves relative dates; else a first-line dateline.
        url: Where it came from, if known.
        **overrides: Setting names (model, base_url, cache_dir, use_cache, strategy, ...).

    Raises:
        SummarizerError: The text is empty, or cannot be summarized.
    """
    document = document_from_text(text, title=title, date=date, url=url)
    with Summarizer(settings or load_settings(_clean(overrides)), llm=llm) as summarizer:
        return summarizer.summarize_document(document)


def summarize_file(
    path: str | os.PathLike[str],
    *,
    settings: Settings | None = None,
    llm: StructuredLLM | None = None,
    **overrides: Any,
) -> list[Summary]:
    """Summarize every document in a file: one for .txt/.md/.html, one per record of .jsonl.

    Offsets index what `summarizer text FILE` prints (the whole file for .txt and .md).

    Args:
        path: The file.
        settings: Settings to use; built from the environment and `overrides` when None.
        llm: A StructuredLLM to use instead of the configured backend.
        **overrides: Setting names (model, base_url, cache_dir, use_cache, strategy, ...).

    Returns:
        The summaries, in the file's order.

    Raises:
        FileNotFoundError: There is no such file.
        SummarizerError: The file cannot be read, or a document in it failed (the message names
            each; the others are cached, so calling again asks only for the failed ones).
    """
    shown = os.fsdecode(path)
    if not os.path.exists(shown):
        raise FileNotFoundError(errno.ENOENT, "no such file", shown)
    summaries: list[Summary] = []
    failed: list[SummarizerError] = []
    with Summarizer(settings or load_settings(_clean(overrides)), llm=llm) as summarizer:
        for outcome in summarize_paths([shown], summarizer):
            if outcome.error is not None:
                failed.append(outcome.error)
            elif outcome.summary is not None:
                summaries.append(outcome.summary)
    if len(failed) == 1 and not summaries:
        raise failed[0]
    if failed:
        reasons = "; ".join(e.message for e in failed[:3]) + ("; ..." if len(failed) > 3 else "")
        raise DocumentError(
            f"{len(failed)} of {len(failed) + len(summaries)} documents failed: {reasons}",
            path=shown,
        )
    return summaries


async def asummarize_text(text: str, **kwargs: Any) -> Summary:
    """`summarize_text` for async code: the same code path, on a worker thread, so the caller's
    event loop keeps running while the model answers. Takes the same arguments."""
    return await asyncio.to_thread(summarize_text, text, **kwargs)


async def asummarize_file(path: str | os.PathLike[str], **kwargs: Any) -> list[Summary]:
    """`summarize_file` for async code: the same code path, on a worker thread. Takes the same
    arguments."""
    return await asyncio.to_thread(summarize_file, path, **kwargs)


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@dataclass(frozen=True, slots=True)
class Outcome:
    """One document's result: a Summary, or the error that set it aside."""

    path: str
    name: str | None
    summary: Summary | None = None
    error: SummarizerError | None = None


def summarize_paths(paths: list[str], summarizer: Summarizer) -> Iterator[Outcome]:
    """Summarize every document in the files given, one Outcome each, in order.

    Unreadable files and failed documents become Outcomes with an error; the others go on.
    Errors that concern every document (BackendError, ConfigError) propagate: stop the run.
    """
    for path in paths:
        for item in read_path(path):
            if isinstance(item, SummarizerError):
                yield Outcome(path=str(path), name=None, error=item)
                continue
            try:
                summary = summarizer.summarize_document(item)
            except (BackendError, ConfigError):
                raise
            except SummarizerError as e:
                e.path = e.path or item.source.path or str(path)
                if item.source.record_id and item.source.record_id not in str(e.message):
                    e.message = f"record {item.source.record_id}: {e.message}"
                yield Outcome(path=str(path), name=item.name, error=e)
                continue
            yield Outcome(path=str(path), name=item.name, summary=summary)
