"""Benchmark of the deterministic finders: median milliseconds per 1,000 words.

Runs every finder in ``summarizer.cues`` (sentences, quotes, speaker turns, hedges, dates,
casualties, names, acronyms, and the mentions of the ten most frequent names) on the seed reports
and the Wikinews articles, all on one reading of the text (a `Doc`, as `Finds.compute` does, made
anew for each run), and prints the median time per 1,000 words for each corpus and overall.

Usage::

    .venv/bin/python bench/bench_cues.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.find.acronyms import find_acronyms, mentions  # noqa: E402
from summarizer.find.casualties import find_casualties  # noqa: E402
from summarizer.find.dates import find_dates  # noqa: E402
from summarizer.find.hedges import find_hedges  # noqa: E402
from summarizer.find.names import find_names  # noqa: E402
from summarizer.find.reading import Doc  # noqa: E402
from summarizer.find.sentences import sentences  # noqa: E402
from summarizer.find.speakers import find_quotes  # noqa: E402
from summarizer.find.turns import find_speaker_turns  # noqa: E402

EVAL = ROOT / "tests" / "data" / "eval-data"
TARGET_MS = 20.0


def _documents() -> dict[str, list[tuple[str, str, str | None]]]:
    """Corpus name -> [(doc name, text, document date)]."""
    corpora: dict[str, list[tuple[str, str, str | None]]] = {"seeds": []}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        corpora["seeds"].append((path.name, path.read_text(encoding="utf-8"), None))
    wikinews = EVAL / "wikinews_en" / "wikinews_selected.jsonl"
    if wikinews.exists():
        corpora["wikinews"] = []
        for line in wikinews.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            corpora["wikinews"].append((rec["id"], rec["text"], rec.get("date")))
    return corpora


def run_all(text: str, ref_date: str | None) -> int:
    """Run every finder once on one reading of `text`; return the number of cues found."""
    doc = Doc(text)
    n = len(sentences(doc))
    n += len(find_quotes(doc))
    n += len(find_speaker_turns(doc))
    n += len(find_hedges(doc))
    n += len(find_dates(doc, ref_date))
    n += len(find_casualties(doc))
    names = find_names(doc)
    n += len(names)
    acronyms = find_acronyms(doc)
    n += len(acronyms)
    # As a caller grouping actors would: the mentions of the ten most frequent names.
    counts = Counter(c.name for c in names)
    for name, _ in counts.most_common(10):
        aliases = [a for a, full in acronyms.items() if full == name]
        n += len(mentions(doc, name, aliases))
    return n


def time_doc(text: str, ref_date: str | None, repeat: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds for one full run on ``text``, a new reading each time.

    CPU time of this process is reported besides wall time because on a shared 2-core machine
    the wall time also measures whatever else runs.
    """
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        run_all(text, ref_date)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per document (default 7)")
    args = parser.parse_args(argv)
    all_wall: list[float] = []
    all_cpu: list[float] = []
    total_words = 0
    total_wall = total_cpu = 0.0
    print("ms per 1,000 words, median over documents (each document: median of its runs)")
    print(f"{'corpus':<10} {'docs':>5} {'words':>8} {'wall':>8} {'cpu':>8} {'max wall':>9}")

    def row(name: str, n: int, words: int, wall: list[float], cpu: list[float]) -> None:
        print(
            f"{name:<10} {n:>5} {words:>8} {statistics.median(wall):>8.2f} "
            f"{statistics.median(cpu):>8.2f} {max(wall):>9.2f}"
        )

    for corpus, docs in _documents().items():
        wall_rates, cpu_rates = [], []
        corpus_words = 0
        for _, text, ref in docs:
            words = max(1, len(text.split()))
            wall, cpu = time_doc(text, ref, args.repeat)
            wall_rates.append(wall * 1e6 / words)
            cpu_rates.append(cpu * 1e6 / words)
            corpus_words += words
            total_wall += wall
            total_cpu += cpu
        total_words += corpus_words
        all_wall.extend(wall_rates)
        all_cpu.extend(cpu_rates)
        row(corpus, len(docs), corpus_words, wall_rates, cpu_rates)
    row("all", len(all_wall), total_words, all_wall, all_cpu)
    print(
        f"all words together: {total_wall * 1e6 / total_words:.2f} ms wall, "
        f"{total_cpu * 1e6 / total_words:.2f} ms cpu per 1,000 words"
    )
    median = statistics.median(all_wall)
    verdict = "OK" if median < TARGET_MS else "SLOW"
    print(f"target: under {TARGET_MS:.0f} ms per 1,000 words (median wall) -> {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
