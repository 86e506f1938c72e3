"""Benchmark of the deterministic finders: median milliseconds per 1,000 words.

Runs every finder in ``summarizer.cues`` on the seed reports and the Wikinews articles, each on a
fresh copy of the text (so the per-text cache inside the module does not hide any work), and prints
the median time per 1,000 words for each corpus and for all documents together.

Usage::

    .venv/bin/python bench/bench_cues.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import cues  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval-data"
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
    """Run every finder once; return the number of cues found."""
    n = len(cues.sentences(text))
    n += len(cues.find_quotes(text))
    n += len(cues.find_speaker_turns(text))
    n += len(cues.find_hedges(text))
    n += len(cues.find_dates(text, ref_date))
    n += len(cues.find_casualties(text))
    n += len(cues.find_names(text))
    n += len(cues.find_acronyms(text))
    return n


def time_doc(text: str, ref_date: str | None, repeat: int) -> float:
    """Median seconds for one full run on ``text`` (cold cache each time)."""
    times = []
    for i in range(repeat):
        fresh = text + " " * (i + 1)  # a new string object and key: no cache hit
        t0 = time.perf_counter()
        run_all(fresh, ref_date)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per document (default 7)")
    args = parser.parse_args(argv)
    all_rates: list[float] = []
    total_words = 0
    total_s = 0.0
    print(f"{'corpus':<10} {'docs':>5} {'words':>8} {'median ms/1k words':>19} {'max':>7}")
    for corpus, docs in _documents().items():
        rates = []
        for _, text, ref in docs:
            words = max(1, len(text.split()))
            secs = time_doc(text, ref, args.repeat)
            rates.append(secs * 1000 / (words / 1000))
            total_words += words
            total_s += secs
        all_rates.extend(rates)
        words = sum(len(t.split()) for _, t, _ in docs)
        print(
            f"{corpus:<10} {len(docs):>5} {words:>8} {statistics.median(rates):>19.2f} "
            f"{max(rates):>7.2f}"
        )
    median = statistics.median(all_rates)
    print(f"{'all':<10} {len(all_rates):>5} {total_words:>8} {median:>19.2f} {max(all_rates):>7.2f}")
    print(f"overall: {total_s * 1000 / (total_words / 1000):.2f} ms per 1,000 words (sum/sum)")
    print(f"target: under {TARGET_MS:.0f} ms per 1,000 words -> {'OK' if median < TARGET_MS else 'SLOW'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
