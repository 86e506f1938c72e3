"""The briefing page: escaping, CSP and passages in Python, then the real page in headless Chromium.

The browser tests drive Debian's chromium through the DevTools protocol (websocket-client): the
page is loaded from a file, and they assert no console errors, no request but the file itself, no
script of a hostile document run, and that clicking an item shows its passage highlighted. A
screenshot goes to test-artifacts/. Without chromium (`scripts/install-browser.sh` installs it) the
browser tests are skipped, saying so.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import subprocess
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from summarizer.briefing.digest import build_briefing
from summarizer.briefing.html import (
    briefing_html,
    json_for_script,
    page_script,
    passage_window,
    script_hash,
)
from summarizer.briefing.write import write_briefing
from summarizer.core.schemas import (
    Actor,
    Event,
    Evidence,
    Meta,
    Quote,
    Source,
    Span,
    Summary,
    Uncertainty,
)

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
SEEDS = ROOT / "seeds"
CHROMIUM = "/usr/bin/chromium"
META = Meta(model="test", backend="fake", prompt_version="extract@test", schema_version="1.0")

PWN = "document.title='PWNED';window.__pwned=1"
HOSTILE_TEXT = (
    "date 2026-03-02\n"
    f"</title><script>{PWN}</script> Militants of the <b>Red Hand</b> shelled Kirkuk on "
    f'March 1, killing 3 people <img src=x onerror="{PWN}">, police said.\n'
    'See <a href="javascript:alert(1)">the claim</a> and ![map](https://evil.example/x.png) '
    'or <iframe src="https://evil.example/"></iframe>.\n'
    f'"We did it </script><script>{PWN}</script>" said the Red Hand spokesman.\n'
    "<style>body{background:url(https://evil.example/bg.png)}</style>\n"
)


def _span(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    return at, at + len(needle)


def hostile_summary(path: Path) -> Summary:
    """A summary of a hostile document: its markup lands in every field the page shows."""
    text = HOSTILE_TEXT
    path.write_text(text, encoding="utf-8")
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    ev = "Militants of the <b>Red Hand</b> shelled Kirkuk on March 1, killing 3 people"
    s, e = _span(text, ev)
    q = f"We did it </script><script>{PWN}</script>"
    qs, qe = _span(text, q)
    name = "<b>Red Hand</b>"
    ns, ne = _span(text, name)
    return Summary(
        doc_id=doc_id,
        source=Source(
            path=str(path),
            title=f'</title><script>{PWN}</script><img src=x onerror="{PWN}">',
            date="2026-03-02",
            url="javascript:alert(document.cookie)",
        ),
        summary='![map](https://evil.example/x.png) <a href="javascript:alert(1)">x</a>',
        actors=[
            Actor(
                name=name,
                kind="armed_group",
                aliases=[f'<img src=x onerror="{PWN}">'],
                affiliation="<script>alert(1)</script>",
                mentions=[Span(start=ns, end=ne)],
            )
        ],
        events=[
            Event(
                date="2026-03-01",
                location='Kirkuk<iframe src="https://evil.example/"></iframe>',
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                description=f'<img src=x onerror="{PWN}"> shelling',
                actors=[name],
                targets=["<svg onload=alert(1)>"],
                fatalities=3,
                status="reported",
                evidence=Evidence(text=ev, start=s, end=e, verified=True),
            )
        ],
        quotes=[Quote(speaker="Red Hand spokesman", text=q, start=qs, end=qe, verified=True)],
        uncertainty=[
            Uncertainty(
                claim='<a href="javascript:alert(1)">unconfirmed</a>',
                kind="unconfirmed",
                evidence=Evidence(text="![map](https://evil.example/x.png)", verified=False),
            )
        ],
        meta=META,
    )


# ---------------------------------------------------------------------------------------------
# Without a browser
# ---------------------------------------------------------------------------------------------


def test_script_hash_in_csp_matches_the_inline_script(tmp_path: Path) -> None:
    page = briefing_html(build_briefing([hostile_summary(tmp_path / "h.txt")]))
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    policy = html.unescape(csp.group(1))
    assert "default-src 'none'" in policy and "img-src 'none'" in policy
    inline = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert inline == [page_script()]
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert script_hash(page_script()) in policy


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "div", "span", "b", "h1", "h2",
    "h3", "main", "nav", "a", "section", "p", "button", "table", "thead", "tbody", "tr", "th",
    "td", "br", "blockquote", "ul", "li", "ol", "aside", "script",
}  # fmt: skip


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    s = hostile_summary(tmp_path / "h.txt")
    page = briefing_html(build_briefing([s]), {s.doc_id: HOSTILE_TEXT})
    parser = _Tags()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    # Only our elements: none of the document's tags survive as markup.
    assert set(tags) <= ALLOWED_TAGS, set(tags) - ALLOWED_TAGS
    assert tags.count("script") == 2
    assert tags.count("title") == 1
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction", "srcset", "data", "style"):
                assert name == "href" and (value or "").startswith("#"), (tag, name, value)
    assert "&lt;script&gt;" in page  # shown, as text
    assert "</title><script>" not in page


def test_json_block_cannot_be_closed_by_data() -> None:
    text = json_for_script({"a": "</script><script>alert(1)</script>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script>&\u2028"}


def test_passage_window_keeps_paragraph_and_marks_span() -> None:
    text = "First paragraph.\nThe strike hit the town at dawn. Four died.\nLast one."
    start, end = _span(text, "hit the town")
    before, span, after = passage_window(text, start, end)
    assert (before, span, after) == ("The strike ", "hit the town", " at dawn. Four died.")
    long = "x " * 2000 + "MARK" + " y" * 2000
    b, m, a = passage_window(long, long.index("MARK"), long.index("MARK") + 4)
    assert m == "MARK" and len(b) < 720 and len(a) < 720 and b.startswith("… ")


def test_page_is_deterministic(tmp_path: Path) -> None:
    s = hostile_summary(tmp_path / "h.txt")
    texts = {s.doc_id: HOSTILE_TEXT}
    assert briefing_html(build_briefing([s]), texts) == briefing_html(build_briefing([s]), texts)


# ---------------------------------------------------------------------------------------------
# Headless Chromium over the DevTools protocol
# ---------------------------------------------------------------------------------------------


class DevTools:
    """A minimal DevTools-protocol client: commands on one page session, events collected."""

    def __init__(self, ws_url: str) -> None:
        import websocket  # websocket-client

        self._ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self._id = 0
        self.session: str | None = None
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, *, page: bool = True) -> Any:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if page and self.session:
            message["sessionId"] = self.session
        self._ws.send(json.dumps(message))
        while True:
            reply = json.loads(self._ws.recv())
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while time.monotonic() < deadline:
            event = json.loads(self._ws.recv())
            self.events.append(event)
            if event.get("method") == method:
                return event
        raise TimeoutError(method)

    def evaluate(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def close(self) -> None:
        self._ws.close()


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A headless Chromium; yields its browser websocket URL."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: run scripts/install-browser.sh (make test does)")
    pytest.importorskip("websocket", reason="websocket-client is a dev dependency")
    profile = tmp_path_factory.mktemp("chromium-profile")
    proc = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    try:
        while not (port_file.exists() and len(port_file.read_text().split()) >= 2):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.skip(f"chromium did not start (exit status {proc.poll()})")
            time.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        yield f"ws://127.0.0.1:{port}{path}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Loaded:
    """A page loaded from a file, with what happened while it loaded."""

    def __init__(self, tools: DevTools, url: str) -> None:
        self.tools = tools
        self.url = url

    @property
    def requests(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.tools.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    @property
    def errors(self) -> list[str]:
        found = []
        for e in self.tools.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                found.append(json.dumps(p.get("exceptionDetails", {}))[:300])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                found.append(json.dumps(p.get("args", []))[:300])
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                found.append(p["entry"].get("text", "")[:300])
        return found


@pytest.fixture
def open_page(chromium: str) -> Iterator[Any]:
    opened: list[DevTools] = []

    def load(page: Path, width: int = 1360, height: int = 1000) -> Loaded:
        tools = DevTools(chromium)
        opened.append(tools)
        target = tools.send("Target.createTarget", {"url": "about:blank"}, page=False)
        attached = tools.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, page=False
        )
        tools.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            tools.send(f"{domain}.enable")
        tools.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        tools.events.clear()
        url = page.resolve().as_uri()
        tools.send("Page.navigate", {"url": url})
        tools.wait_for("Page.loadEventFired")
        # Give any timer or late handler a hostile document might have planted time to fire.
        tools.evaluate("new Promise(r => setTimeout(r, 300))")
        return Loaded(tools, url)

    yield load
    for tools in opened:
        try:
            if tools.session:
                tools.send("Page.close")
        except Exception:
            pass
        tools.close()


def _screenshot(page: Loaded, name: str, *, full: bool = False) -> Path:
    params: dict[str, Any] = {"format": "png"}
    if full:
        size = page.tools.send("Page.getLayoutMetrics")["cssContentSize"]
        params["clip"] = {"x": 0, "y": 0, "width": 1360, "height": size["height"], "scale": 1}
        params["captureBeyondViewport"] = True
    data = page.tools.send("Page.captureScreenshot", params)["data"]
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    target.write_bytes(base64.b64decode(data))
    return target


def _seed_briefing(tmp_path: Path) -> Path:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_digest import fdd_summary, rfe_summary, wire_summary, write_out

    summaries = [fdd_summary(), rfe_summary(), wire_summary(tmp_path, killed=4, actor="US forces")]
    out = write_out(tmp_path / "out", summaries)
    write_briefing(out, tmp_path / "briefing", since="2026-03-10")
    return tmp_path / "briefing" / "briefing.html"


def test_hostile_page_runs_no_script_and_makes_no_request(open_page: Any, tmp_path: Path) -> None:
    s = hostile_summary(tmp_path / "hostile.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "hostile.json").write_text(s.model_dump_json(), encoding="utf-8")
    write_briefing(out, tmp_path / "briefing")
    page = open_page(tmp_path / "briefing" / "briefing.html")
    t = page.tools
    assert page.requests == [page.url]
    assert page.errors == []
    assert t.evaluate("document.title").startswith("Briefing")
    assert t.evaluate("window.__pwned") is None
    # Ours are the only scripts; nothing the documents held became an element or a handler.
    assert t.evaluate("document.scripts.length") == 2
    assert t.evaluate("document.querySelectorAll('img, iframe, svg, object, embed').length") == 0
    assert t.evaluate(
        "[...document.querySelectorAll('a[href]')].every(a => "
        "a.getAttribute('href').startsWith('#'))"
    )
    assert not t.evaluate(
        "[...document.querySelectorAll('*')].some(el => "
        "[...el.attributes].some(a => a.name.startsWith('on')))"
    )
    assert "</title><script>" in t.evaluate("document.querySelector('#sources').textContent")
    # The passage panel shows the hostile text as text.
    t.evaluate("document.querySelector('#quotes blockquote').click()")
    mark = t.evaluate("document.querySelector('#panel-text mark').textContent")
    assert mark == f"We did it </script><script>{PWN}</script>"
    assert t.evaluate("document.querySelector('#panel-text').children.length") == 1
    t.evaluate("new Promise(r => setTimeout(r, 200))")
    assert t.evaluate("document.title").startswith("Briefing")
    assert t.evaluate("window.__pwned") is None
    assert page.requests == [page.url]
    assert page.errors == []
    _screenshot(page, "briefing-hostile.png")


def test_seed_briefing_page_click_shows_highlighted_passage(open_page: Any, tmp_path: Path) -> None:
    page = open_page(_seed_briefing(tmp_path))
    t = page.tools
    assert page.requests == [page.url]
    assert page.errors == []
    assert t.evaluate("document.getElementById('panel-text').hidden") is True
    # Click the Jurf al-Nasr row of the timeline: its first source's sentence is highlighted.
    t.evaluate(
        "[...document.querySelectorAll('#timeline tr.item')]"
        ".find(tr => tr.textContent.includes('Jurf')).click()"
    )
    assert t.evaluate("document.getElementById('panel-text').hidden") is False
    mark = t.evaluate("document.querySelector('#panel-text mark').textContent")
    assert mark.startswith("The Jurf al-Nasr area, north of Babil province, was subjected")
    assert "[1]" in t.evaluate("document.getElementById('panel-title').textContent")
    context = t.evaluate("document.getElementById('panel-text').textContent")
    assert context.startswith("“") and len(context) > len(mark)
    # A citation button inside the row shows its own source: the wire report, [2].
    t.evaluate(
        "[...document.querySelectorAll('#timeline tr.item')]"
        ".find(tr => tr.textContent.includes('Jurf'))"
        ".querySelectorAll('button.cite')[1].click()"
    )
    assert "[2]" in t.evaluate("document.getElementById('panel-title').textContent")
    assert "killing 4" in t.evaluate("document.querySelector('#panel-text mark').textContent")
    assert page.errors == [] and page.requests == [page.url]
    shot = _screenshot(page, "briefing.png")
    assert shot.stat().st_size > 10_000
    _screenshot(page, "briefing-full.png", full=True)
