"""Benchmark of the embedded model on the seed reports: start time, speed, memory, repeatability.

Prints figures, never pass/fail. For each seed it sends the spans strategy's real request straight
to the embedded llama.cpp server and reads the server's own timings, with llama.cpp's prompt cache
off (the default) and on, twice each, to show what the cache buys and whether greedy output repeats.

    .venv/bin/python bench/bench_embedded.py
    .venv/bin/python bench/bench_embedded.py --grammar

`--grammar` measures what the JSON grammar costs instead (issue 15: generation under the
grammar at >= 90 % of llama.cpp's speed for the same tokens without one): each seed's request
once with its grammar, then once without, made to generate as many tokens (`ignore_eos`),
comparing llama.cpp's own generation speed; the grammar both as the embedded path sends it (an
llguidance grammar with fixed whitespace) and as a `response_format` (llama.cpp's GBNF, the
path before), and the llguidance grammar with the events field required ("long": the model
then writes longer answers), each against its own grammar-free run.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.core.config import EMBEDDED_MODEL, Settings, load_settings  # noqa: E402
from summarizer.extract.requests import ChunkRequest, plan_requests  # noqa: E402
from summarizer.model.local import EmbeddedServer, llama_grammar  # noqa: E402
from summarizer.pipeline import Summarizer  # noqa: E402
from summarizer.read.files import read_path  # noqa: E402


def request_body(
    req: ChunkRequest, settings: Settings, *, cache_prompt: bool, gbnf: bool = False
) -> dict[str, Any]:
    """The spans strategy's request as the embedded path sends it (greedy, its schema as
    llama.cpp's llguidance grammar with JSON's whitespace fixed); with `gbnf`, the schema as a
    `response_format` instead, which llama.cpp turns into a GBNF grammar (the path before)."""
    schema = req.response_model.model_json_schema()
    body: dict[str, Any] = {
        "model": EMBEDDED_MODEL,
        "messages": req.messages,
        "max_tokens": settings.max_tokens,
        "temperature": 0.0,
        "seed": settings.seed,
        "top_k": 1,
        "cache_prompt": cache_prompt,
    }
    if gbnf:
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": req.response_model.__name__, "schema": schema},
        }
    else:
        body["grammar"] = llama_grammar(schema)
    return body


def grammar_cost() -> None:
    """Generation speed with and without the JSON grammar, for the same number of tokens."""
    settings = load_settings({"use_cache": False})
    chunk_tokens = Summarizer(settings).chunk_tokens()
    # The seeds and four White House texts of tests/data (real reports of other shapes).
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    seeds += sorted((ROOT / "tests" / "data" / "eval-data").glob("whitehouse_*/*.md"))[:4]
    server = EmbeddedServer(n_ctx=settings.n_ctx, seed=settings.seed).start()
    ratios: dict[str, list[float]] = {}
    url = server.base_url + "/chat/completions"
    with httpx.Client(timeout=900) as client:
        for seed in seeds:
            doc = next(iter(read_path(seed)))
            assert not isinstance(doc, Exception)
            for req in plan_requests(doc, strategy="spans", chunk_tokens=chunk_tokens):
                row: dict[str, Any] = {"seed": seed.stem}
                for name, gbnf in (("llguidance", False), ("gbnf", True), ("long", False)):
                    body = request_body(req, settings, cache_prompt=False, gbnf=gbnf)
                    if name == "long":
                        # The same grammar with the events field required: longer answers, to
                        # see the grammar's cost per token past the summary's few.
                        schema = req.response_model.model_json_schema()
                        if "events" not in schema["properties"]:
                            continue
                        schema["required"] = ["events", "summary"]
                        body["grammar"] = llama_grammar(schema)
                    constrained = client.post(url, json=body).json()
                    n = constrained["usage"]["completion_tokens"]
                    free = {
                        k: v for k, v in body.items() if k not in ("grammar", "response_format")
                    }
                    free |= {"max_tokens": n, "ignore_eos": True}
                    without = client.post(url, json=free).json()
                    g = constrained["timings"]["predicted_per_second"]
                    f = without["timings"]["predicted_per_second"]
                    ratios.setdefault(name, []).append(g / f)
                    row |= {f"{name}_tokens": n, f"{name}_ratio": round(g / f, 3)}
                    row[f"{name}_s"] = round(
                        (
                            constrained["timings"]["prompt_ms"]
                            + constrained["timings"]["predicted_ms"]
                        )
                        / 1000,
                        2,
                    )
                print(json.dumps(row))
    server.stop()
    for name, values in ratios.items():
        print(f"{name}: generation at median {statistics.median(values):.1%} of grammar-free")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grammar", action="store_true", help="measure the grammar's cost")
    if parser.parse_args().grammar:
        grammar_cost()
        return
    settings = load_settings({"use_cache": False})
    chunk_tokens = Summarizer(settings).chunk_tokens()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    t0 = time.perf_counter()
    server = EmbeddedServer(n_ctx=settings.n_ctx, seed=settings.seed).start()
    print(f"server start: {time.perf_counter() - t0:.2f} s (model assembly included)")
    rows = []
    answers: dict[tuple[str, bool], list[str]] = {}
    with httpx.Client(timeout=900) as client:
        for cache_prompt in (False, True):
            for rep in range(2):
                for seed in seeds:
                    doc = next(iter(read_path(seed)))
                    assert not isinstance(doc, Exception)
                    for req in plan_requests(doc, strategy="spans", chunk_tokens=chunk_tokens):
                        body = request_body(req, settings, cache_prompt=cache_prompt)
                        t = time.perf_counter()
                        r = client.post(server.base_url + "/chat/completions", json=body)
                        wall = time.perf_counter() - t
                        data = r.json()
                        tm = data.get("timings", {})
                        answers.setdefault((seed.stem, cache_prompt), []).append(
                            data["choices"][0]["message"]["content"]
                        )
                        rows.append(
                            {
                                "seed": seed.stem,
                                "cache_prompt": cache_prompt,
                                "rep": rep,
                                "wall_s": round(wall, 2),
                                "prompt_tokens": data["usage"]["prompt_tokens"],
                                "cached_tokens": tm.get("cache_n", 0),
                                "completion_tokens": data["usage"]["completion_tokens"],
                                "prompt_tps": round(tm.get("prompt_per_second", 0.0), 1),
                                "gen_tps": round(tm.get("predicted_per_second", 0.0), 1),
                            }
                        )
                        print(json.dumps(rows[-1]))
    server.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for cache_prompt in (False, True):
        sel = [r for r in rows if r["cache_prompt"] == cache_prompt]
        same = all(len(set(v)) == 1 for (s, c), v in answers.items() if c == cache_prompt)
        print(
            f"cache_prompt={cache_prompt}: median {statistics.median(r['wall_s'] for r in sel):.1f}"
            f" s/request, prompt {statistics.median(r['prompt_tps'] for r in sel):.0f} tok/s,"
            f" generation {statistics.median(r['gen_tps'] for r in sel):.0f} tok/s,"
            f" identical answers on repeat: {same}"
        )
    off = statistics.median(r["wall_s"] for r in rows if not r["cache_prompt"])
    on = statistics.median(r["wall_s"] for r in rows if r["cache_prompt"])
    print(f"prompt cache on/off time ratio: {on / off:.2f}")
    print(f"peak RSS of this process (server in-process): {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
