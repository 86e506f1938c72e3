"""The capable-model path, measured without an endpoint: record, answer offline, replay, score.

Three steps:

1. ``record``: every document of ``--docs`` (a JSONL file) goes through this tool (the judge
   strategy) and through a plain instructor call with a plain schema, both against the loopback
   fake server in record mode. Each request is saved as ``DIR/<system>/<key>.request.json``
   (systems: ``tool``, ``plain``).
2. Offline, a capable model (or a person) writes ``<key>.answer.json`` beside each request: one
   JSON object that validates against the request's JSON Schema, written from the request alone.
   ``check`` validates every answer against its request's schema with jsonschema.
3. ``score``: the same runs again against the fake server in replay mode, and the outputs are
   scored against the gold of ``--gold`` side by side: this tool, the plain instructor call, and
   the finders alone (the spans strategy with an empty answer: the floor).

Usage::

    .venv/bin/python bench/bench_capable.py record --docs tests/data/dev-reports/reports.jsonl \\
        --out bench/capable/dev
    .venv/bin/python bench/bench_capable.py check --out bench/capable/dev
    .venv/bin/python bench/bench_capable.py score --docs tests/data/dev-reports/reports.jsonl \\
        --out bench/capable/dev --gold tests/gold-dev [--errors]

Without ``--docs``, ``record`` and ``score`` take the documents a gold folder names
(``--gold tests/gold-heldout``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import instructor
import jsonschema
import openai
from pydantic import BaseModel, Field

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.core.config import load_settings  # noqa: E402
from summarizer.core.fold import Locator  # noqa: E402
from summarizer.core.schemas import (  # noqa: E402
    SCHEMA_VERSION,
    Actor,
    ActorKind,
    Event,
    EventStatus,
    EventType,
    Evidence,
    Meta,
    Quote,
    Span,
    Summary,
    Uncertainty,
    UncertaintyKind,
)
from summarizer.eval.evaluate import (  # noqa: E402
    evaluate,
    format_report,
    format_table,
    format_victims,
)
from summarizer.eval.gold import load_golds  # noqa: E402
from summarizer.eval.report import Report  # noqa: E402
from summarizer.model.llm import Completion, Message  # noqa: E402
from summarizer.pipeline import Summarizer  # noqa: E402
from summarizer.read.documents import Document  # noqa: E402
from summarizer.read.files import read_path  # noqa: E402
from summarizer.testing.fakeserver import FakeOpenAIServer  # noqa: E402
from summarizer.testing.replay import RecordingResponder, ReplayResponder  # noqa: E402
from summarizer.testing.schemafill import fill_schema  # noqa: E402

MODEL = "capable"

# -- the plain instructor call: what a user would write by hand --------------------------------


class PlainActor(BaseModel):
    name: str = Field(description="Name of the actor as written in the report.")
    kind: ActorKind = Field(description="What sort of actor.")
    aliases: list[str] = Field(default_factory=list, description="Other names in the report.")


class PlainEvent(BaseModel):
    date: str | None = Field(description="YYYY-MM-DD, or null if the report gives no day.")
    location: str | None = Field(description="Where it happened.")
    event_type: EventType = Field(description="ACLED event type.")
    description: str = Field(description="What happened, in one sentence.")
    actors: list[str] = Field(default_factory=list, description="Who carried it out.")
    targets: list[str] = Field(default_factory=list, description="Who or what was hit.")
    fatalities: int | None = Field(default=None, description="People killed, if stated.")
    status: EventStatus = Field(description="confirmed, claimed, reported, alleged or unclear.")
    evidence: str = Field(description="The sentence of the report that tells the event.")


class PlainQuote(BaseModel):
    speaker: str | None = Field(description="Who said it.")
    text: str = Field(description="The quoted words.")


class PlainUncertainty(BaseModel):
    claim: str = Field(description="The uncertain claim.")
    kind: UncertaintyKind = Field(description="Kind of uncertainty.")
    evidence: str = Field(description="The sentence that carries it.")


class PlainExtraction(BaseModel):
    summary: str = Field(description="A short summary of the report.")
    actors: list[PlainActor] = Field(description="Actors in the report.")
    events: list[PlainEvent] = Field(description="Events the report describes.")
    quotes: list[PlainQuote] = Field(description="Direct quotations and their speakers.")
    uncertainty: list[PlainUncertainty] = Field(description="Hedged or unconfirmed claims.")


def plain_call(base_url: str, document: Document) -> PlainExtraction:
    client = instructor.from_openai(
        openai.OpenAI(base_url=base_url, api_key="not-a-key", max_retries=0),
        mode=instructor.Mode.JSON_SCHEMA,
    )
    prompt = (
        "Extract the actors, the events (who did what to whom, when and where), the direct "
        "quotations with their speakers, and the uncertain claims from this report about armed "
        f"conflict. The report is dated {document.source.date or 'unknown'}.\n\n"
        f"{document.text}"
    )
    result: PlainExtraction = client.chat.completions.create(
        model=MODEL,
        response_model=PlainExtraction,
        messages=[{"role": "user", "content": prompt}],
        max_retries=0,
        temperature=0,
    )
    return result


def plain_summary(document: Document, x: PlainExtraction) -> tuple[Summary, int]:
    """The plain call's answer in the output contract, spans found by exact search (the usual
    hand-rolled grounding); returns it and how many of its items the text does not hold."""
    text = document.text
    loc = Locator(text)
    ungrounded = 0

    def evidence(passage: str) -> Evidence:
        nonlocal ungrounded
        i = text.find(passage)
        if i < 0:
            ungrounded += 1
            return Evidence(text=passage)
        return Evidence(text=passage, start=i, end=i + len(passage), verified=True)

    actors = []
    for a in x.actors:
        spans = loc.find_all(a.name)
        ungrounded += not spans
        actors.append(
            Actor(
                name=a.name,
                kind=a.kind,
                aliases=a.aliases,
                mentions=[Span(start=s, end=e) for s, e in spans],
            )
        )
    quotes = []
    for q in x.quotes:
        i = text.find(q.text)
        ungrounded += i < 0
        quotes.append(
            Quote(
                speaker=q.speaker,
                text=q.text,
                start=i if i >= 0 else None,
                end=i + len(q.text) if i >= 0 else None,
                verified=i >= 0,
            )
        )
    events = [
        Event(
            date=e.date,
            location=e.location,
            event_type=e.event_type,
            description=e.description,
            actors=e.actors,
            targets=e.targets,
            fatalities=e.fatalities,
            status=e.status,
            evidence=evidence(e.evidence),
        )
        for e in x.events
    ]
    uncertainty = [
        Uncertainty(claim=u.claim, kind=u.kind, evidence=evidence(u.evidence))
        for u in x.uncertainty
    ]
    summary = Summary(
        doc_id=document.doc_id,
        source=document.source,
        summary=x.summary,
        actors=actors,
        events=events,
        quotes=quotes,
        uncertainty=uncertainty,
        meta=Meta(model=MODEL, backend="plain-instructor", prompt_version="plain",
                  schema_version=SCHEMA_VERSION),
    )  # fmt: skip
    return summary, ungrounded


class _EmptyAnswer:
    """The finders alone: every request gets the minimal valid answer."""

    def complete(
        self, messages: list[Message], response_model: type[Any], *, max_tokens: int
    ) -> Completion[Any]:
        value = response_model.model_validate(fill_schema(response_model.model_json_schema()))
        return Completion(value=value, prompt_tokens=0, completion_tokens=0, attempts=1)


# -- the steps ---------------------------------------------------------------------------------


def _documents(path: Path) -> list[Document]:
    docs = [d for d in read_path(path) if isinstance(d, Document)]
    if not docs:
        raise SystemExit(f"no documents in {path}")
    return docs


def _documents_of(args: argparse.Namespace) -> list[Document]:
    """The documents of ``--docs``; without it, those of ``--gold`` (a gold folder names its
    documents' sources)."""
    if args.docs is not None:
        return _documents(args.docs)
    if getattr(args, "gold", None) is None:
        raise SystemExit("give --docs, or --gold to take the gold's documents")
    return [g.document for g in load_golds(args.gold)]


def _tool(base_url: str, docs: list[Document]) -> dict[str, Summary]:
    settings = load_settings(
        {"base_url": base_url, "model": MODEL, "strategy": "judge", "use_cache": False,
         "mode": "json_schema", "max_retries": 0, "reasks": 0}
    )  # fmt: skip
    out: dict[str, Summary] = {}
    with Summarizer(settings) as summarizer:
        for d in docs:
            out[d.doc_id] = summarizer.summarize_document(d)
    return out


def record(args: argparse.Namespace) -> int:
    docs = _documents_of(args)
    for system in ("tool", "plain"):
        with FakeOpenAIServer(responder=RecordingResponder(args.out / system)) as server:
            if system == "tool":
                _tool(server.base_url, docs)
            else:
                for d in docs:
                    plain_call(server.base_url, d)
        n = len(list((args.out / system).glob("*.request.json")))
        print(f"{system}: {n} requests in {args.out / system}")
    return 0


def _schema(request: dict[str, Any]) -> dict[str, Any]:
    rf = request.get("response_format") or {}
    return dict((rf.get("json_schema") or {}).get("schema") or {})


def check(args: argparse.Namespace) -> int:
    bad = missing = good = 0
    for req_path in sorted(args.out.glob("*/*.request.json")):
        answer = req_path.with_name(req_path.name.replace(".request.", ".answer."))
        if not answer.is_file():
            missing += 1
            print(f"missing: {answer}")
            continue
        request = json.loads(req_path.read_text(encoding="utf-8"))
        try:
            jsonschema.validate(json.loads(answer.read_text(encoding="utf-8")), _schema(request))
            good += 1
        except (json.JSONDecodeError, jsonschema.ValidationError) as e:
            bad += 1
            print(f"invalid: {answer}: {str(e).splitlines()[0]}")
    print(f"{good} valid answers, {bad} invalid, {missing} missing")
    return 0 if not bad and not missing else 1


def score(args: argparse.Namespace) -> int:
    docs = _documents_of(args)
    golds = load_golds(args.gold)
    wanted = {g.document.doc_id for g in golds}
    docs = [d for d in docs if d.doc_id in wanted]
    reports: dict[str, Report] = {}
    with FakeOpenAIServer(responder=ReplayResponder(args.out / "tool")) as server:
        reports["this tool (judge)"] = evaluate(golds, _tool(server.base_url, docs))
    plain: dict[str, Summary] = {}
    ungrounded = 0
    with FakeOpenAIServer(responder=ReplayResponder(args.out / "plain")) as server:
        for d in docs:
            summary, n = plain_summary(d, plain_call(server.base_url, d))
            plain[d.doc_id] = summary
            ungrounded += n
    reports["plain instructor call"] = evaluate(golds, plain)
    settings = load_settings({"strategy": "spans", "use_cache": False})
    with Summarizer(settings, llm=_EmptyAnswer()) as summarizer:
        floor = {d.doc_id: summarizer.summarize_document(d) for d in docs}
    reports["finders alone"] = evaluate(golds, floor)

    print(f"{len(docs)} documents, gold {args.gold}\n")
    for name, report in reports.items():
        print(format_table(report.totals(), title=name))
        print(format_victims(report))
        print(
            f"verified share {report.verified_share():.2f}, grounding violations "
            f"{len(report.violations())}\n"
        )
    print(f"plain instructor call: {ungrounded} items not in the text (actors, quotes, evidence)")
    if args.errors:
        for name, report in reports.items():
            print(f"\n== {name}\n" + format_report(report, per_doc=True, errors=True))
    if args.json:
        data = {name: r.as_dict() for name, r in reports.items()}
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    for step in ("record", "check", "score"):
        p = sub.add_parser(step)
        p.add_argument("--out", type=Path, required=True, help="folder of requests and answers")
        if step != "check":
            p.add_argument("--docs", type=Path, help="JSONL file of documents")
        if step == "record":
            p.add_argument("--gold", type=Path, help="without --docs: this gold's documents")
        if step == "score":
            p.add_argument("--gold", type=Path, required=True, help="gold folder")
            p.add_argument("--errors", action="store_true", help="list each document's errors")
            p.add_argument("--json", type=Path, help="write the reports as JSON here")
    args = parser.parse_args()
    return {"record": record, "check": check, "score": score}[args.step](args)


if __name__ == "__main__":
    raise SystemExit(main())
