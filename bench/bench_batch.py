"""Benchmark of the batch job (`summarizer run`) against the loopback fake server.

Prints figures and ratios, no pass/fail (targets from issue 4 are shown beside them):

1. throughput: 500 documents at 1 s latency per request, concurrency 32, against the ideal bound
   (documents x latency / concurrency) and against a sequential loop of plain instructor calls
   (run on 20 documents and extrapolated to 500: 500 sequential seconds would be a long wait);
2. rerun: 10,000 done documents checked and skipped, wall time and requests sent;
3. CPU time of our own per-document work (read, hash, manifest, cache, plan, validate, ground,
   write) for a 1,000-word document, median, with an instant fake model;
4. peak RSS of a 10,000-document run (server latency 0, keep_requests 0), in its own process.

The fake server runs in its own process for (1), so the client is measured, not the server.

Usage::

    .venv/bin/python bench/bench_batch.py [--docs 500] [--big 10000] [--strategy spans|plain]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.core.config import load_settings  # noqa: E402
from summarizer.model.llm import Completion, Message  # noqa: E402
from summarizer.nightly.lane import SWITCH_INTERVAL_S  # noqa: E402
from summarizer.nightly.progress import Reporter  # noqa: E402
from summarizer.nightly.report import BatchOptions  # noqa: E402
from summarizer.nightly.runner import BatchRunner  # noqa: E402
from summarizer.testing.fakechat import Behaviour  # noqa: E402
from summarizer.testing.fakeserver import FakeOpenAIServer  # noqa: E402
from summarizer.testing.schemafill import fill_schema  # noqa: E402

SEED = (ROOT / "seeds" / "002_28181b3d27146c63.txt").read_text(encoding="utf-8")
EVAL_DATA = ROOT / "tests" / "data" / "eval-data"
PYTHON = sys.executable
SAME_SEED = False  # --same-seed: every document a copy of one seed (the figures before 2026-11-21)


def _corpus_paragraphs() -> list[str]:
    """Paragraphs of real reports: the seeds, the Wikinews articles and the White House texts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    wikinews = EVAL_DATA / "wikinews_en" / "wikinews_selected.jsonl"
    if wikinews.exists():
        for line in wikinews.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("word_count", 0) < 4000:  # not the long interviews
                texts.append(record["text"])
    texts += [p.read_text(encoding="utf-8") for p in sorted(EVAL_DATA.glob("whitehouse_*/*.md"))]
    paragraphs = [p.strip() for t in texts for p in t.split("\n\n")]
    return [p for p in paragraphs if 5 <= len(p.split()) <= 300]


def make_inbox(root: Path, n: int, *, words: int = 1000) -> Path:
    """n distinct documents of about `words` words each.

    Each is a window of whole paragraphs over the real reports (seeds and eval-data), starting
    at a different paragraph, with a numbered line added: names, quotes and sentences differ
    from one document to the next, as in a real inbox, so nothing per document (the finders,
    the per-document response model) comes from a cache. With --same-seed, every document is
    the 1,010-word seed report with a numbered line added (how the figures before 2026-11-21
    were measured: there, every document's response model after the first came from a cache).
    """
    inbox = root / "inbox"
    inbox.mkdir(parents=True)
    if SAME_SEED:
        for i in range(n):
            (inbox / f"report-{i:05d}.txt").write_text(f"{SEED}\nBulletin number {i}.\n")
        return inbox
    paragraphs = _corpus_paragraphs()
    for i in range(n):
        k = (i * 7) % len(paragraphs)
        chosen: list[str] = []
        count = 0
        while count < words:
            p = paragraphs[k % len(paragraphs)]
            chosen.append(p)
            count += len(p.split())
            k += 1
        text = "\n\n".join(chosen)
        (inbox / f"report-{i:05d}.txt").write_text(f"{text}\n\nBulletin number {i}.\n")
    return inbox


class _Server:
    """`python -m summarizer.testing.fakecli` in its own process."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "summarizer.testing.fakecli", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert self.proc.stdout is not None
        self.base_url = self.proc.stdout.readline().strip()

    def stop(self) -> str:
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=10)
        return err.strip()


def bench_throughput(
    tmp: Path, n: int, strategy: str, concurrency: int = 32, latency: float = 1.0
) -> dict[str, Any]:
    import instructor
    import openai

    from summarizer.core.drafts import ExtractionDraft
    from summarizer.extract.requests import build_messages
    from summarizer.read.files import read_path

    inbox = make_inbox(tmp / "tp", n)
    server = _Server("--latency", str(latency), "--keep-requests", "0")
    try:
        settings = load_settings(
            {"base_url": server.base_url, "cache_dir": tmp / "tp-cache", "strategy": strategy}
        )
        options = BatchOptions(inbox=inbox, out=tmp / "tp-out", concurrency=concurrency)
        default_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL_S)  # as `summarizer run` sets it for its process
        try:
            t0 = time.perf_counter()
            report = asyncio.run(BatchRunner(settings, options).run())
            ours = time.perf_counter() - t0
        finally:
            sys.setswitchinterval(default_interval)
        assert report.counts["done"] == n, report.line()

        client = instructor.from_openai(
            openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=0),
            mode=instructor.Mode.JSON_SCHEMA,
        )
        sample = 20
        paths = sorted(inbox.iterdir())[:sample]
        t0 = time.perf_counter()
        for path in paths:
            (doc,) = read_path(path)
            assert not isinstance(doc, Exception)
            client.chat.completions.create(
                model="m",
                messages=build_messages(doc, doc.text),  # type: ignore[arg-type]
                response_model=ExtractionDraft,
                max_tokens=1536,
            )
        sequential = (time.perf_counter() - t0) / sample * n
    finally:
        served = server.stop()
    ideal = n * latency / concurrency
    return {
        "documents": n,
        "concurrency": concurrency,
        "requests": report.requests,
        "ours_s": round(ours, 2),
        "ideal_s": round(ideal, 2),
        "of_ideal": round(ideal / ours, 3),
        "sequential_instructor_s_extrapolated": round(sequential, 1),
        "speedup_vs_sequential": round(sequential / ours, 1),
        "server": served,
    }


def bench_processes(
    tmp: Path, n: int, strategy: str, processes: int, concurrency: int = 32
) -> dict[str, Any]:
    """`processes` runs of `summarizer run` on one OUT at once (claims keep them apart)."""
    inbox = make_inbox(tmp / "mp", n)
    out = tmp / "mp-out"
    env = {
        **os.environ,
        "SUMMARIZER_CACHE_DIR": str(tmp / "mp-cache"),
        "SUMMARIZER_STRATEGY": strategy,
    }
    server = _Server("--latency", "1", "--keep-requests", "0")
    per = str(max(1, concurrency // processes))
    args = ["run", str(inbox), "--out", str(out), "--base-url", server.base_url,
            "--concurrency", per]  # fmt: skip
    try:
        t0 = time.perf_counter()
        procs = [
            subprocess.Popen(
                [PYTHON, "-m", "summarizer", *args],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(processes)
        ]
        codes = [p.wait() for p in procs]
        wall = time.perf_counter() - t0
    finally:
        served = server.stop()
    reports = [json.loads(p.read_text()) for p in sorted(out.glob("run-*.json"))]
    in_run = max(r["elapsed_s"] for r in reports)
    done = sum(r["counts"]["done"] for r in reports)
    ideal = n * 1.0 / concurrency
    return {
        "documents": n,
        "processes": processes,
        "concurrency_each": int(per),
        "exit_codes": codes,
        "summarized": done,
        "wall_s_with_interpreter_start": round(wall, 2),
        "longest_run_s": in_run,
        "ideal_s": ideal,
        "of_ideal": round(ideal / in_run, 3),
        "server": served,
    }


def _run_cli(args: list[str], env: dict[str, str]) -> tuple[int, float, int, str]:
    """`summarizer run ...` in a fresh process: exit code, wall s, peak RSS (KiB), last line."""
    code = (
        "import resource, sys\n"
        "from summarizer.cli.main import main\n"
        "rc = main(sys.argv[1:])\n"
        "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    t0 = time.perf_counter()
    proc = subprocess.run(
        [PYTHON, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env
    )
    wall = time.perf_counter() - t0
    lines = proc.stderr.strip().splitlines()
    rss = int(next(x for x in reversed(lines) if x.startswith("MAXRSS")).split()[1])
    summary = next((x for x in reversed(lines) if x.startswith("run:")), lines[-1])
    return proc.returncode, wall, rss, summary


def bench_big(tmp: Path, n: int, strategy: str) -> dict[str, Any]:
    inbox = make_inbox(tmp / "big", n)
    out = tmp / "big-out"
    env = {
        **os.environ,
        "SUMMARIZER_CACHE_DIR": str(tmp / "big-cache"),
        "SUMMARIZER_STRATEGY": strategy,
    }
    # In this process (a thread): the run being measured is the child process.
    with FakeOpenAIServer(Behaviour(latency_s=0.0), keep_requests=0) as server:
        args = ["run", str(inbox), "--out", str(out), "--base-url", server.base_url,
                "--concurrency", "32"]  # fmt: skip
        code, wall, rss, first_line = _run_cli(args, env)
        first_requests = server.request_count
        code2, wall2, rss2, rerun_line = _run_cli(args, env)
        rerun_requests = server.request_count - first_requests
    reports = sorted(out.glob("run-*.json"))
    rerun_report = json.loads(reports[-1].read_text())
    return {
        "documents": n,
        "first_run": {
            "exit": code,
            "wall_s": round(wall, 1),
            "peak_rss_mb": round(rss / 1024),
            "requests": first_requests,
            "summary": first_line,
        },  # fmt: skip
        "rerun": {
            "exit": code2,
            "wall_s": round(wall2, 2),
            "in_run_s": rerun_report["elapsed_s"],
            "requests": rerun_requests,
            "peak_rss_mb": round(rss2 / 1024),
            "summary": rerun_line,
        },  # fmt: skip
    }


class _InstantLLM:
    """Answers at once with a minimal valid answer, validated from JSON as a real one is.

    The answer's JSON is made once per answer model (the endpoint's work, not ours).
    """

    def __init__(self) -> None:
        self._answers: dict[type[Any], str] = {}
        self.excluded_s = 0.0  # CPU spent making answers (the endpoint's work)

    async def complete(
        self, messages: list[Message], response_model: type[Any], *, max_tokens: int
    ) -> Completion[Any]:
        # What the real client does first: instructor makes the model's JSON Schema.
        response_model.model_json_schema()
        t0 = time.process_time()
        raw = self._answers.get(response_model)
        if raw is None:
            raw = json.dumps(fill_schema(response_model.model_json_schema()))
            self._answers[response_model] = raw
        self.excluded_s += time.process_time() - t0
        value = response_model.model_validate_json(raw)
        return Completion(value=value, prompt_tokens=1000, completion_tokens=200)


class _CpuClock(Reporter):
    def __init__(self, llm: _InstantLLM) -> None:
        self.llm = llm
        self.marks: list[float] = []

    def event(self, kind: Any, **fields: Any) -> None:
        self.marks.append(time.process_time() - self.llm.excluded_s)


def reference_ms(repeat: int = 40) -> float:
    """Median CPU ms of a fixed pure-Python task that runs none of our code (a JSON round
    trip, a regex scan, a sort): the machine's speed at the moment, to read the per-document
    figure against. This shared machine's speed drifts by 20 % within an hour."""
    words = [f"word{i % 97}" for i in range(4000)]
    text = " ".join(words)
    pattern = re.compile(r"\bword(\d+)\b")
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        json.loads(json.dumps({"words": words, "n": list(range(2000))}))
        sorted(pattern.findall(text))
        times.append(time.process_time() - t0)
    return round(statistics.median(times) * 1000, 3)


def bench_cpu(tmp: Path, n: int, strategy: str) -> dict[str, Any]:
    before = reference_ms()
    inbox = make_inbox(tmp / "cpu", n)
    settings = load_settings(
        {"base_url": "http://127.0.0.1:9/v1", "cache_dir": tmp / "cpu-cache", "strategy": strategy}
    )
    llm = _InstantLLM()
    clock = _CpuClock(llm)
    options = BatchOptions(inbox=inbox, out=tmp / "cpu-out", concurrency=1)
    start = time.process_time()
    runner = BatchRunner(settings, options, llm=llm, reporter=clock)
    report = asyncio.run(runner.run())
    assert report.counts["done"] == n, report.line()
    marks = [start, *clock.marks]
    per_doc = [b - a for a, b in zip(marks[1:], marks[2:], strict=False)]  # first one warms up
    reference = (before + reference_ms()) / 2
    median = statistics.median(per_doc) * 1000
    return {
        "documents": n,
        "words": 1000,
        "strategy": strategy,
        "median_ms": round(median, 2),
        "p90_ms": round(sorted(per_doc)[int(len(per_doc) * 0.9)] * 1000, 2),
        "reference_ms": round(reference, 3),
        "median_in_references": round(median / reference, 2),
    }


# Runs in LangExtract's own virtual environment (never this project's): argv = base URL, inbox,
# documents, workers. One request per document (max_char_buffer above the document size), as ours.
LANGEXTRACT_RUNNER = r"""
import json, pathlib, sys, time
import langextract as lx
from langextract.providers.openai import OpenAILanguageModel

base_url, inbox = sys.argv[1], pathlib.Path(sys.argv[2])
n, workers = int(sys.argv[3]), int(sys.argv[4])
paths = sorted(inbox.iterdir())[:n]
docs = [lx.data.Document(text=p.read_text(), document_id=p.stem) for p in paths]
model = OpenAILanguageModel(
    model_id="fake-model", api_key="x", base_url=base_url, max_workers=workers
)
example = lx.data.Extraction(extraction_class="event", extraction_text="Shelling hit the town")
examples = [
    lx.data.ExampleData(
        text="Shelling hit the town on Friday, officials said.", extractions=[example]
    )
]
t0 = time.perf_counter()
results = lx.extract(
    text_or_documents=docs, prompt_description="Extract the conflict events.", examples=examples,
    model=model, max_char_buffer=100_000, batch_length=workers, max_workers=workers,
    fence_output=False, use_schema_constraints=False, show_progress=False,
)
print(json.dumps({"documents": len(list(results)), "elapsed_s": time.perf_counter() - t0}))
"""


def _langextract_answer(request: dict[str, Any]) -> dict[str, Any]:
    return {"extractions": [{"event": "Bulletin number"}]}


def bench_langextract(tmp: Path, python: str, n: int, workers: int = 32) -> dict[str, Any]:
    inbox = tmp / "tp" / "inbox"
    if not inbox.is_dir():
        inbox = make_inbox(tmp / "lx", n)
    behaviour = Behaviour(latency_s=1.0)
    with FakeOpenAIServer(behaviour, responder=_langextract_answer, keep_requests=0) as server:
        proc = subprocess.run(
            [python, "-c", LANGEXTRACT_RUNNER, server.base_url, str(inbox), str(n), str(workers)],
            capture_output=True,
            text=True,
        )
        requests = server.request_count
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:]}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    ideal = n * 1.0 / workers
    return {
        **result,
        "workers": workers,
        "requests": requests,
        "ideal_s": ideal,
        "of_ideal": round(ideal / result["elapsed_s"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--big", type=int, default=10_000)
    parser.add_argument("--cpu-docs", type=int, default=200)
    parser.add_argument("--latency", type=float, default=1.0, help="throughput: s per request")
    parser.add_argument("--strategy", default="spans", choices=["spans", "plain"])
    parser.add_argument(
        "--only",
        choices=["throughput", "processes", "big", "cpu", "langextract"],
        default=None,
    )
    parser.add_argument("--processes", type=int, default=2, help="runs at once on one OUT")
    parser.add_argument(
        "--same-seed",
        action="store_true",
        help="every document a copy of one seed (as measured before 2026-11-21)",
    )
    parser.add_argument(
        "--langextract",
        metavar="PYTHON",
        help="python of a separate venv with langextract installed: run it on the same server",
    )
    args = parser.parse_args()
    global SAME_SEED
    SAME_SEED = args.same_seed
    results: dict[str, Any] = {
        "strategy": args.strategy,
        "cpus": os.cpu_count(),
        "documents": "copies of one seed" if SAME_SEED else "windows of real reports",
    }
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as name:
        tmp = Path(name)
        os.environ["SUMMARIZER_CACHE_DIR"] = str(tmp / "cache")
        if args.only in (None, "cpu"):
            results["cpu"] = bench_cpu(tmp, args.cpu_docs, args.strategy)
            print(f"cpu per document: {json.dumps(results['cpu'])}  (target < 10 ms)", flush=True)
        if args.only in (None, "throughput"):
            results["throughput"] = bench_throughput(
                tmp, args.docs, args.strategy, latency=args.latency
            )
            t = results["throughput"]
            print(
                f"throughput: {t['documents']} docs at {args.latency:g} s, "
                f"concurrency {t['concurrency']}: "
                f"{t['ours_s']} s vs ideal {t['ideal_s']} s = {t['of_ideal']:.1%} of ideal "
                "(target >= 90%); sequential instructor loop (20 docs, extrapolated) "
                f"{t['sequential_instructor_s_extrapolated']} s = {t['speedup_vs_sequential']}x "
                "(target >= 20x)",
                flush=True,
            )
        if args.only in (None, "processes"):
            results["processes"] = bench_processes(tmp, args.docs, args.strategy, args.processes)
            print(f"processes: {json.dumps(results['processes'])}", flush=True)
        if args.only in (None, "big"):
            results["big"] = bench_big(tmp, args.big, args.strategy)
            b = results["big"]
            print(
                f"{b['documents']} documents, first run: {json.dumps(b['first_run'])} "
                "(target peak RSS < 300 MB)",
                flush=True,
            )
            print(
                f"rerun of {b['documents']} done documents: {json.dumps(b['rerun'])} "
                "(target < 10 s, zero requests)",
                flush=True,
            )
        if args.langextract and args.only in (None, "langextract"):
            results["langextract"] = bench_langextract(tmp, args.langextract, args.docs)
            print(f"langextract: {json.dumps(results['langextract'])}", flush=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
