"""Benchmark of the briefing digest: a 20-document briefing, median seconds (target: under 2 s).

The 20 documents are real: the two seed reports, the short Middle-East Wikinews articles (as one
JSONL file) and the shorter White House statements. Their summaries are made without a model, as
large as the extraction schema allows (12 actors, 8 events, 8 quotes, 6 uncertainties each): names
are capitalized runs of the text, events its sentences about strikes and deaths, quotes its quoted
passages, all grounded at their offsets. Each run is the whole `summarizer digest`: read and
validate OUT/*.json, find and hash the source texts, reconcile actors, merge events, and render
and write briefing.md, .html, .json and events.csv.

Usage::

    .venv/bin/python bench/bench_digest.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.briefing.digest import build_briefing  # noqa: E402
from summarizer.briefing.exports import events_csv  # noqa: E402
from summarizer.briefing.html import briefing_html  # noqa: E402
from summarizer.briefing.load import find_source_texts, load_summaries  # noqa: E402
from summarizer.briefing.markdown import briefing_markdown  # noqa: E402
from summarizer.briefing.write import write_briefing  # noqa: E402
from summarizer.core.schemas import (  # noqa: E402
    Actor,
    Event,
    Evidence,
    Meta,
    Quote,
    Span,
    Summary,
    Uncertainty,
)
from summarizer.read.documents import Document  # noqa: E402
from summarizer.read.files import read_path  # noqa: E402

EVAL = ROOT / "tests" / "data" / "eval-data"
TARGET_S = 2.0
META = Meta(model="bench", backend="fake", prompt_version="none", schema_version="1.0")

_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|al-\w+|al|of|the|in))*")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_QUOTE = re.compile(r"[“\"]([^”\"\n]{12,300})[”\"]")
_EVENT = re.compile(
    r"\b(killed|strikes?|attack(?:ed|s)?|drone|missile|clash\w*|protest\w*)\b", re.I
)
_HEDGE = re.compile(r"\b(reportedly|likely|unconfirmed|unclear|allegedly|according to)\b", re.I)
_PLACE = re.compile(r"\b(?:in|near|at) ((?:[A-Z][\w'’-]+\s?){1,3})")
_KILLED = re.compile(r"\b(\d{1,4}) (?:people|civilians|fighters|soldiers|members|others)\b")
_SKIP = {"The", "A", "An", "In", "On", "It", "He", "She", "They", "But", "This", "That"}


def documents() -> list[Document]:
    """The 20 documents: seeds, short Wikinews articles (as JSONL), short White House texts."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-digest-src-"))
    wiki = tmp / "wikinews.jsonl"
    records = [
        json.loads(line)
        for line in (EVAL / "wikinews_en" / "wikinews_selected.jsonl").read_text().splitlines()
    ]
    short = [r for r in records if r["word_count"] < 1000][:14]
    wiki.write_text("".join(json.dumps(r) + "\n" for r in short), encoding="utf-8")
    paths = sorted((ROOT / "seeds").glob("*.txt")) + [wiki]
    paths += sorted(
        (EVAL / "whitehouse_public_domain").glob("*.md"), key=lambda p: p.stat().st_size
    )
    docs: list[Document] = []
    for path in paths:
        for d in read_path(path):
            if isinstance(d, Document) and len(docs) < 20:
                docs.append(d)
    return docs


def fake_summary(d: Document) -> Summary:
    """A summary as full as the draft schema allows, grounded in the text."""
    text = d.text
    names: dict[str, list[Span]] = {}
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        while words and words[0] in _SKIP:
            words.pop(0)
        if words and len(" ".join(words)) > 3:
            start = m.end() - len(" ".join(words))
            names.setdefault(" ".join(words), []).append(Span(start=start, end=m.end()))
    top = sorted(names, key=lambda n: (-len(names[n]), n))[:12]
    actors = [
        Actor(name=n, kind="armed_group" if i % 3 else "person", mentions=names[n])
        for i, n in enumerate(top)
    ]
    sentences = [(m.start(), m.group(0).strip()) for m in _SENTENCE.finditer(text)]
    events = []
    for at, s in sentences:
        if len(events) == 8 or not _EVENT.search(s) or len(s) < 20:
            continue
        start = text.index(s, at)
        place = _PLACE.search(s)
        killed = _KILLED.search(s)
        events.append(
            Event(
                date=d.source.date,
                location=place.group(1).strip() if place else None,
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
                description=s[:200],
                actors=[n for n in top[:4] if n in s][:2],
                targets=[],
                fatalities=int(killed.group(1)) if killed else None,
                status="reported",
                evidence=Evidence(text=s, start=start, end=start + len(s), verified=True),
            )
        )
    quotes = [
        Quote(speaker=top[0] if top else None, text=m.group(1), start=m.start(1), end=m.end(1),
              verified=True)
        for m in list(_QUOTE.finditer(text))[:8]
    ]  # fmt: skip
    uncertainty = []
    for at, s in sentences:
        if len(uncertainty) < 6 and _HEDGE.search(s):
            start = text.index(s, at)
            ev = Evidence(text=s, start=start, end=start + len(s), verified=True)
            uncertainty.append(Uncertainty(claim=s[:200], kind="hedge", evidence=ev))
    return Summary(
        doc_id=d.doc_id,
        source=d.source,
        summary=" ".join(s for _, s in sentences[:3])[:600] or "A document.",
        actors=actors,
        events=events,
        quotes=quotes,
        uncertainty=uncertainty,
        meta=META,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs to take the median of (9)")
    args = parser.parse_args()

    docs = documents()
    out = Path(tempfile.mkdtemp(prefix="bench-digest-out-"))
    for i, d in enumerate(docs):
        (out / f"{i:02d}-{d.name}.json").write_text(fake_summary(d).model_dump_json(indent=2))
    words = sum(len(d.text.split()) for d in docs)
    dest = Path(tempfile.mkdtemp(prefix="bench-digest-briefing-"))

    write_briefing(out, dest)  # warm-up: imports, template compilation
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = write_briefing(out, dest)
        times.append(time.perf_counter() - t0)
    b = result.briefing

    # Where the time goes, once.
    phases: dict[str, float] = {}
    t = time.perf_counter()
    data = load_summaries(out)
    phases["read and validate summaries"] = time.perf_counter() - t
    t = time.perf_counter()
    find_source_texts(data, [out.parent])
    phases["find source texts"] = time.perf_counter() - t
    t = time.perf_counter()
    built = build_briefing(data.summaries, texts=data.texts, files=data.files)
    phases["reconcile actors, merge events, BLUF"] = time.perf_counter() - t
    t = time.perf_counter()
    page = briefing_html(built, data.texts)
    phases["render HTML"] = time.perf_counter() - t
    t = time.perf_counter()
    briefing_markdown(built)
    events_csv(built)
    built.model_dump_json(indent=2)
    phases["render Markdown, CSV, JSON"] = time.perf_counter() - t

    median = statistics.median(times)
    n_actors = sum(len(s.actors) for s in data.summaries)
    n_events = sum(len(s.events) for s in data.summaries)
    print(
        f"documents: {len(docs)} ({words:,} words); "
        f"summaries hold {n_actors} actor names, {n_events} events"
    )
    print(
        f"briefing: {len(b.sources)} sources, {len(b.events)} events, {len(b.actors)} actors, "
        f"{len(b.contradictions)} contradictions; HTML {len(page) / 1024:.0f} KiB"
    )
    for name, secs in phases.items():
        print(f"  {name:40} {secs * 1000:7.1f} ms")
    verdict = "OK" if median < TARGET_S else "SLOW"
    print(
        f"digest of {len(docs)} documents: median {median:.3f} s over {args.repeat} runs "
        f"(min {min(times):.3f} s, max {max(times):.3f} s); target < {TARGET_S:.0f} s: {verdict}"
    )


if __name__ == "__main__":
    main()
