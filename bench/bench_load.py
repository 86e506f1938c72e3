"""The embedded model under CPU load: one document, idle and beside busy-loop processes.

llama.cpp's threads wait for each other; with `poll` > 0 they spin while they wait, so a core
taken by another process stalls them all. For each setting of thread polling this starts a fresh
embedded server, summarizes the same document idle, then beside N busy loops
(`python3 -c "while True: pass"`), and prints the seconds and the slowdown. The cache is off
and llama.cpp's prompt cache too, so every run does the same work.

Usage::

    .venv/bin/python bench/bench_load.py [--doc seeds/000_7ba69945cb43b524.txt] [--busy 2]
        [--poll 50 --poll 0]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.core.config import load_settings  # noqa: E402
from summarizer.model.local import EmbeddedServer  # noqa: E402
from summarizer.pipeline import Summarizer, make_llm  # noqa: E402
from summarizer.read.documents import Document  # noqa: E402
from summarizer.read.files import read_path  # noqa: E402


def one_run(server: EmbeddedServer, document: Document) -> tuple[float, int]:
    settings = load_settings({"use_cache": False})
    llm = make_llm(settings, base_url=server.base_url)
    with Summarizer(settings, llm=llm, backend="embedded") as summarizer:
        t0 = time.perf_counter()
        summary = summarizer.summarize_document(document)
        return time.perf_counter() - t0, summary.meta.completion_tokens


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doc", type=Path, default=ROOT / "seeds" / "000_7ba69945cb43b524.txt")
    parser.add_argument("--busy", type=int, default=2, help="busy-loop processes beside it")
    parser.add_argument("--poll", type=int, action="append", help="llama.cpp poll (repeatable)")
    parser.add_argument(
        "--threads", type=int, default=0, help="llama.cpp threads (0: the default, half the cores)"
    )
    parser.add_argument(
        "--two-runs", action="store_true", help="also time two `summarizer summarize` at once"
    )
    args = parser.parse_args()
    (document,) = [d for d in read_path(args.doc) if isinstance(d, Document)]
    print(
        f"{args.doc.name}: {len(document.text.split())} words; {args.busy} busy loops; "
        f"threads {args.threads or 'default'}"
    )
    print(f"{'poll':>5} {'idle s':>8} {'busy s':>8} {'slowdown':>9} {'tokens':>7}")
    for poll in args.poll or [50, 0]:
        with EmbeddedServer(poll=poll, threads=args.threads) as server:
            one_run(server, document)  # warm the model's pages into memory
            idle, tokens = one_run(server, document)
            loops = [
                subprocess.Popen([sys.executable, "-c", "while True: pass"])
                for _ in range(args.busy)
            ]
            try:
                busy, _ = one_run(server, document)
            finally:
                for p in loops:
                    p.kill()
                    p.wait()
        print(f"{poll:>5} {idle:>8.1f} {busy:>8.1f} {busy / idle:>8.1f}x {tokens:>7}")
    if args.two_runs:
        two_runs(args.doc)
    return 0


def two_runs(doc: Path) -> None:
    """`summarizer summarize DOC` alone, then two at once (each with its own server)."""
    cmd = [str(ROOT / ".venv" / "bin" / "summarizer"), "summarize", str(doc), "--no-cache", "-q"]

    def timed(n: int) -> float:
        t0 = time.perf_counter()
        procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL) for _ in range(n)]
        for p in procs:
            if p.wait() != 0:
                raise SystemExit(f"{' '.join(cmd)} failed")
        return time.perf_counter() - t0

    one, two = timed(1), timed(2)
    print(f"one run {one:.1f} s; two at once {two:.1f} s ({two / one:.2f}x)")


if __name__ == "__main__":
    raise SystemExit(main())
