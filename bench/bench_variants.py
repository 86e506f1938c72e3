"""The capable-model path when the model copies less carefully than the recorded answers do.

The recorded answers (``cassettes/capable-*``) were written by careful models, strictly from
each request. A real endpoint's model often copies less carefully. Each variant here changes
the recorded answers in one such way, replays them, and scores this tool (the judge) and the
plain instructor call on them, beside the answers as recorded:

- ``elide``: every other quotation of 12 words or more is shortened to its first five words,
  "...", and its last four;
- ``join``: every other pair of consecutive quotations with one speaker, the first ending in a
  sentence's or clause's mark, is given as one;
- ``undot``: "U.S.", "U.N.", "U.K." are written "US", "UN", "UK" in every name (actors and
  their aliases, events' actors and targets, speakers);
- ``dropword``: every other evidence sentence of 12 words or more loses its sixth word;
- ``marks``: every other quotation is given inside its quotation marks.

The same items change in every run: nothing is random. The variants are what a reader of real
models' answers sees often; they are not read off the golds. The figures are F1 (P and R for
the judge under each variant with ``--full``).

Usage::

    .venv/bin/python bench/bench_variants.py [--sets dev,check9] [--only elide] [--full]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_capable as capable  # noqa: E402

from summarizer.core.schemas import Summary  # noqa: E402
from summarizer.eval.evaluate import evaluate, format_table  # noqa: E402
from summarizer.eval.gold import GoldDoc, load_golds  # noqa: E402
from summarizer.eval.report import Report  # noqa: E402
from summarizer.read.documents import Document  # noqa: E402
from summarizer.testing.fakeserver import FakeOpenAIServer  # noqa: E402
from summarizer.testing.replay import ReplayResponder  # noqa: E402

SETS = "dev dev2 check check2 check3 check4 check5 check6 check7 check8 check9".split()
FIELDS = ("quotes", "speakers", "actors", "events", "uncertainty", "roles_actor", "roles_target")
Answer = dict[str, Any]

_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,4}")
# The longest quote the judge's schema takes (JudgeQuote.text): a joined one stays within it.
_QUOTE_MAX = 1500


def elide(answer: Answer) -> Answer:
    long = [q for q in answer.get("quotes") or [] if len(q["text"].split()) >= 12]
    for q in long[::2]:
        words = q["text"].split()
        q["text"] = " ".join([*words[:5], "...", *words[-4:]])
    return answer


def join(answer: Answer) -> Answer:
    quotes = answer.get("quotes") or []
    out: list[dict[str, Any]] = []
    joined: set[int] = set()  # the quotes that took in the next one (by id)
    pairs = 0
    for q in quotes:
        last = out[-1] if out else None
        if (
            last is not None
            and q.get("speaker")
            and q.get("speaker") == last.get("speaker")
            and last["text"].rstrip()[-1:] in ".,?!;:"
            and len(last["text"]) + len(q["text"]) < _QUOTE_MAX  # the schema's bound
        ):
            pairs += 1
            if pairs % 2 == 1 and id(last) not in joined:
                last["text"] = last["text"].rstrip() + " " + q["text"].lstrip()
                joined.add(id(last))
                continue
        out.append(q)
    answer["quotes"] = out
    return answer


def _undotted(name: str | None) -> str | None:
    return _DOTTED.sub(lambda m: m.group().replace(".", ""), name) if name else name


def undot(answer: Answer) -> Answer:
    for a in answer.get("actors") or []:
        a["name"] = _undotted(a["name"])
        a["aliases"] = [_undotted(x) for x in a.get("aliases") or []]
    for e in answer.get("events") or []:
        e["actors"] = [_undotted(x) for x in e.get("actors") or []]
        e["targets"] = [_undotted(x) for x in e.get("targets") or []]
    for q in answer.get("quotes") or []:
        q["speaker"] = _undotted(q.get("speaker"))
    return answer


def dropword(answer: Answer) -> Answer:
    long = [e for e in answer.get("events") or [] if len(e["evidence"].split()) >= 12]
    for e in long[::2]:
        words = e["evidence"].split()
        e["evidence"] = " ".join(words[:5] + words[6:])
    return answer


def marks(answer: Answer) -> Answer:
    for q in (answer.get("quotes") or [])[::2]:
        q["text"] = "“" + q["text"] + "”"
    return answer


VARIANTS: dict[str, Callable[[Answer], Answer]] = {
    "elide": elide,
    "join": join,
    "undot": undot,
    "dropword": dropword,
    "marks": marks,
}


def _changed(source: Path, target: Path, variant: Callable[[Answer], Answer] | None) -> None:
    """A copy of one recorded folder (requests and answers), its answers changed."""
    target.mkdir(parents=True)
    for path in source.glob("*.json"):
        if path.name.endswith(".answer.json") and variant is not None:
            answer = variant(json.loads(path.read_text(encoding="utf-8")))
            (target / path.name).write_text(json.dumps(answer, ensure_ascii=False))
        else:
            shutil.copy(path, target / path.name)


def _run(folder: Path, docs: list[Document]) -> tuple[dict[str, Summary], dict[str, Summary]]:
    """The judge's and the plain call's outputs on one folder's answers."""
    with FakeOpenAIServer(responder=ReplayResponder(folder / "tool")) as server:
        tool = capable._tool(server.base_url, docs)
    plain: dict[str, Summary] = {}
    with FakeOpenAIServer(responder=ReplayResponder(folder / "plain")) as server:
        for d in docs:
            plain[d.doc_id] = capable.plain_summary(d, capable.plain_call(server.base_url, d))[0]
    return tool, plain


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="recorded sets, comma-separated")
    parser.add_argument("--only", choices=sorted(VARIANTS), help="one variant only")
    parser.add_argument("--full", action="store_true", help="the judge's full table per variant")
    args = parser.parse_args()

    names = [args.only] if args.only else list(VARIANTS)
    golds: list[GoldDoc] = []
    outputs: dict[str, dict[str, dict[str, Summary]]] = {}  # variant -> system -> doc -> out
    with tempfile.TemporaryDirectory() as tmp:
        for s in args.sets.split(","):
            set_golds = load_golds(ROOT / f"tests/gold-{s}")
            wanted = {g.document.doc_id for g in set_golds}
            reports = ROOT / f"tests/data/{s}-reports/reports.jsonl"
            docs = [d for d in capable._documents(reports) if d.doc_id in wanted]
            golds += set_golds
            for name in ["recorded", *names]:
                folder = Path(tmp) / s / name
                for system in ("tool", "plain"):
                    source = ROOT / f"cassettes/capable-{s}/{system}"
                    _changed(source, folder / system, VARIANTS.get(name))
                tool, plain = _run(folder, docs)
                by_system = outputs.setdefault(name, {"judge": {}, "plain": {}})
                by_system["judge"].update(tool)
                by_system["plain"].update(plain)

    reports_by: dict[tuple[str, str], Report] = {
        (name, system): evaluate(golds, out)
        for name, by_system in outputs.items()
        for system, out in by_system.items()
    }
    print(f"{len(golds)} documents of {args.sets}; F1 (judge / plain instructor call)\n")
    columns = list(outputs)
    print(f"{'field':14s}" + "".join(f"{c:>16s}" for c in columns))
    for f in FIELDS:
        row = f"{f:14s}"
        for c in columns:
            j = reports_by[(c, "judge")].totals().get(f)
            p = reports_by[(c, "plain")].totals().get(f)
            row += f"{(j.f1 if j else 0):>10.2f} /{(p.f1 if p else 0):>4.2f}"
        print(row)
    print()
    for c in columns:
        recorded = reports_by[("recorded", "judge")].totals()
        now = reports_by[(c, "judge")].totals()
        worst = min(FIELDS, key=lambda f: now[f].f1 - recorded[f].f1 if f in now else 0.0)
        print(f"{c:10s} judge's largest loss: {worst} {now[worst].f1 - recorded[worst].f1:+.2f}")
        if args.full:
            print(format_table(now, title=f"judge, {c}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
