"""The full path through openai + instructor, replayed from recorded HTTP cassettes.

Recorded from the embedded llama.cpp server over real HTTP (`make cassettes`); replayed offline
with record_mode "none", matching on method, path and body (not host and port: the embedded
server takes a free port each time). A request the cassette does not hold fails at once:
the openai client runs with max_retries=0 here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import vcr
from vcr.errors import CannotOverwriteExistingCassetteException

from summarizer.core.config import load_settings
from summarizer.core.errors import BackendError, ExtractionError
from summarizer.pipeline import Summarizer, make_llm
from summarizer.read.files import read_path

ROOT = Path(__file__).resolve().parents[1]
CASSETTES = ROOT / "cassettes"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
RECORD_MODE = os.environ.get("SUMMARIZER_RECORD", "none")
# Every header that carries a credential, in either direction (Azure sends "api-key", Anthropic-
# style gateways "x-api-key", a proxy in between "proxy-authorization").
SECRET_HEADERS = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "openai-organization",
    "api-key",
    "x-api-key",
]


def _scrub_response(response: dict) -> dict:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    return response


def recorder(library: Path, record_mode: str = RECORD_MODE) -> vcr.VCR:
    """The one vcrpy configuration of the project: secrets filtered both ways."""
    return vcr.VCR(
        cassette_library_dir=str(library),
        record_mode=record_mode,
        match_on=["method", "path", "body"],
        filter_headers=SECRET_HEADERS,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )


@pytest.fixture
def cassette(request: pytest.FixtureRequest) -> Iterator[object]:
    """One cassette per test, in cassettes/<test module>/<test name>.yaml."""
    with recorder(CASSETTES / Path(request.node.fspath).stem).use_cassette(
        f"{request.node.name}.yaml"
    ) as c:
        yield c


def test_a_recording_keeps_no_credential_header(tmp_path: Path) -> None:
    """Recorded against the loopback server: no credential header reaches the cassette."""
    import httpx

    from summarizer.testing.fakeserver import FakeOpenAIServer

    secret = "sk-cassette-secret-0123456789"
    with FakeOpenAIServer() as server, recorder(tmp_path, "all").use_cassette("c.yaml"):
        headers = {name: secret for name in SECRET_HEADERS if name != "authorization"}
        headers["authorization"] = f"Bearer {secret}"
        httpx.get(f"{server.base_url}/models", headers=headers)
    text = (tmp_path / "c.yaml").read_text(encoding="utf-8")
    assert "/v1/models" in text and secret not in text


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """The embedded server when recording; an unused address when replaying."""
    if RECORD_MODE == "none":
        yield "http://127.0.0.1:9/v1"
        return
    from summarizer.model.local import EmbeddedServer

    with EmbeddedServer() as server:
        yield server.base_url


def _summarizer(endpoint: str, tmp_path: Path) -> Summarizer:
    settings = load_settings({"max_retries": 0, "cache_dir": tmp_path / "cache"})
    assert settings.embedded  # the requests must be exactly those the embedded path sends
    return Summarizer(settings, llm=make_llm(settings, base_url=endpoint), backend="embedded")


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_summary_replays(seed: Path, endpoint: str, cassette: object, tmp_path: Path) -> None:
    document = next(iter(read_path(seed)))
    assert not isinstance(document, Exception)
    with _summarizer(endpoint, tmp_path) as summarizer:
        summary = summarizer.summarize_document(document)
        again = summarizer.summarize_document(document)
    text = document.text
    assert summary.doc_id == document.doc_id
    assert summary.meta.backend == "embedded"
    assert summary.meta.attempts >= 1
    assert summary.meta.prompt_tokens > 500 and summary.meta.completion_tokens > 0
    assert summary.summary
    for q in summary.quotes:
        if q.verified:
            assert q.start is not None and q.end is not None
            assert text[q.start : q.end] == q.text
    for item in [e.evidence for e in summary.events] + [u.evidence for u in summary.uncertainty]:
        if item.verified:
            assert item.start is not None and item.end is not None
            assert text[item.start : item.end] == item.text
    for actor in summary.actors:
        assert actor.mentions, actor.name
        for m in actor.mentions:
            assert text[m.start : m.end]
    # The second call is served from the cache: no request (a miss would fail on the cassette).
    assert again.meta.cache_hit and again.meta.attempts == 0
    assert again.model_dump(exclude={"meta"}) == summary.model_dump(exclude={"meta"})


def test_edited_prompt_misses_the_cassette(endpoint: str, tmp_path: Path) -> None:
    """Matching on the body means a changed request cannot silently replay an old answer."""
    if RECORD_MODE != "none":
        pytest.skip("replay-only check")
    recorder = vcr.VCR(
        cassette_library_dir=str(CASSETTES / "test_cassettes"),
        record_mode="none",
        match_on=["method", "path", "body"],
    )
    seed = SEEDS[0]
    with recorder.use_cassette(f"test_seed_summary_replays[{seed.stem}].yaml"):
        document = next(iter(read_path(seed)))
        assert not isinstance(document, Exception)
        edited = document.__class__(
            text="One more line.\n" + document.text, source=document.source, name=document.name
        )
        with _summarizer(endpoint, tmp_path) as summarizer:
            with pytest.raises(
                (CannotOverwriteExistingCassetteException, BackendError, ExtractionError),
                match="(?i)recorded interaction|cassette",
            ):
                summarizer.summarize_document(edited)


def test_cassettes_hold_no_secrets() -> None:
    files = list(CASSETTES.rglob("*.yaml"))
    assert files, "no cassettes recorded: run `make cassettes`"
    pattern = re.compile(r"Bearer |sk-[A-Za-z0-9]{8,}|set-cookie|(?<![a-z_])cookie:", re.I)
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not pattern.search(text), f"{path} holds a secret-looking string"
        assert "no-key" not in text, f"{path} holds the placeholder API key header"
