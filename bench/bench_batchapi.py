"""Benchmark of `summarizer run --batch` (issue 17) against the loopback fake server's Batch API.

Each phase runs `summarizer` in a fresh process, which reports its own CPU time (user + system)
and peak RSS; the fake server runs in this process (its memory and CPU are not the tool's):

1. online: `summarizer run INBOX` answering every request online (the reference CPU per document);
2. submit: `summarizer run INBOX --batch`: plan every document, write and upload the input files,
   create the batches; then the fake provider answers every line (`settle_batch`);
3. collect: `summarizer run INBOX`: download the output files, validate, ground, write;
4. rerun: `summarizer run INBOX --batch` with nothing new: requests sent and wall time.

Targets (issue 17): phases 2 and 3 each under 300 MB peak RSS and no more CPU per document than
phase 1; phase 4 sends no request and takes under 10 s for 10,000 documents. Prints figures and
ratios, no pass/fail.

Usage::

    .venv/bin/python bench/bench_batchapi.py [--docs 10000] [--strategy judge|spans|plain]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_batch import make_inbox  # noqa: E402

from summarizer.testing.fakeserver import FakeOpenAIServer  # noqa: E402

PYTHON = sys.executable

# Peak RSS from /proc (VmHWM): getrusage's ru_maxrss keeps the high-water mark of the process
# before exec, i.e. of this one at fork time, which holds the fake provider's files.
_CHILD = (
    "import re, resource, sys\n"
    "from pathlib import Path\n"
    "from summarizer.cli.main import main\n"
    "rc = main(sys.argv[1:])\n"
    "u = resource.getrusage(resource.RUSAGE_SELF)\n"
    "hwm = re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1)\n"
    "print('USAGE', hwm, u.ru_utime + u.ru_stime, file=sys.stderr)\n"
    "sys.exit(rc)\n"
)


def run_cli(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """`summarizer ...` in a fresh process: exit code, wall s, CPU s, peak RSS MB, last line."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [PYTHON, "-c", _CHILD, *args], capture_output=True, text=True, cwd=ROOT, env=env
    )
    wall = time.perf_counter() - t0
    lines = proc.stderr.strip().splitlines()
    usage = next((x for x in reversed(lines) if x.startswith("USAGE")), None)
    if usage is None:
        raise SystemExit(f"summarizer {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    _, rss_kib, cpu = usage.split()
    summary = next((x for x in reversed(lines) if x.startswith("run:")), lines[-1])
    return {
        "exit": proc.returncode,
        "wall_s": round(wall, 2),
        "cpu_s": round(float(cpu), 2),
        "peak_rss_mb": round(int(rss_kib) / 1024),
        "summary": summary,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--strategy", default="judge", choices=["judge", "spans", "plain"])
    parser.add_argument(
        "--no-online", action="store_true", help="skip the online reference run (no ratios)"
    )
    args = parser.parse_args()
    n = args.docs
    with tempfile.TemporaryDirectory(prefix="bench-batchapi-") as name:
        tmp = Path(name)
        inbox = make_inbox(tmp, n)
        env = {**os.environ, "SUMMARIZER_STRATEGY": args.strategy, "OPENAI_API_KEY": "sk-bench"}
        results: dict[str, Any] = {"documents": n, "strategy": args.strategy}
        with FakeOpenAIServer(keep_requests=0, batch_mode="manual") as server:
            common = ["--base-url", server.base_url, "--model", "gpt-4o-mini", "--no-briefing"]

            def phase(out: str, cache: str, *extra: str) -> dict[str, Any]:
                before = server.request_count
                result = run_cli(
                    ["run", str(inbox), "--out", str(tmp / out), *common, *extra],
                    {**env, "SUMMARIZER_CACHE_DIR": str(tmp / cache)},
                )
                result["requests"] = server.request_count - before
                result["cpu_ms_per_doc"] = round(result["cpu_s"] * 1000 / n, 2)
                return result

            if not args.no_online:
                results["online"] = phase("online", "cache-online", "--concurrency", "32")
            results["submit"] = phase("out", "cache", "--batch")
            lines = sum(b["request_counts"]["total"] for b in server.batches.values())
            t0 = time.perf_counter()
            server.settle_batch()
            results["fake_provider_s"] = round(time.perf_counter() - t0, 1)
            results["batches"] = len(server.batches)
            results["request_lines"] = lines or sum(
                len(server.files[b["input_file_id"]].splitlines()) for b in server.batches.values()
            )
            results["collect"] = phase("out", "cache", "--concurrency", "32")
            results["rerun"] = phase("out", "cache", "--batch")
        if args.no_online:
            print(json.dumps(results, indent=2))
            return
        online = results["online"]["cpu_ms_per_doc"]
        results["ratios"] = {
            "submit_cpu_per_doc_vs_online": round(results["submit"]["cpu_ms_per_doc"] / online, 2),
            "collect_cpu_per_doc_vs_online": round(
                results["collect"]["cpu_ms_per_doc"] / online, 2
            ),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
