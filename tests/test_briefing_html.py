"""The briefing page: escaping, CSP and passages in Python, then the real page in headless Chromium.

The browser tests drive Debian's chromium through the DevTools protocol (websocket-client): the
page is loaded from a file, and they assert no console errors, no request but the file itself, no
script of a hostile document run, and that clicking an item shows its passage highlighted; then
the filters, the events-per-day chart and the places panel, a hostile actor name among them, and
the page with JavaScript off. Screenshots go to test-artifacts/. Without chromium
(`scripts/install-browser.sh` installs it) the browser tests are skipped, saying so.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
import subprocess
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from summarizer.briefing.digest import build_briefing
from summarizer.briefing.html import (
    _map_view,
    briefing_html,
    filter_data,
    json_for_script,
    map_data,
    page_script,
    passage_window,
    script_hash,
    world_map,
)
from summarizer.briefing.models import Briefing
from summarizer.briefing.prose import fmt_date
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
    "td", "br", "blockquote", "ul", "li", "ol", "aside", "script", "label", "input", "select",
    "option", "figure", "figcaption",
}  # fmt: skip


def test_hostile_text_is_escaped_everywhere(tmp_path: Path) -> None:
    s = hostile_summary(tmp_path / "h.txt")
    page = briefing_html(build_briefing([s]), {s.doc_id: HOSTILE_TEXT})
    parser = _Tags()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    # Only our elements: none of the document's tags survive as markup.
    assert set(tags) <= ALLOWED_TAGS, set(tags) - ALLOWED_TAGS
    assert tags.count("script") == 4
    assert tags.count("title") == 1
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction", "srcset", "data", "style"):
                assert name == "href" and (value or "").startswith("#"), (tag, name, value)
    assert "&lt;script&gt;" in page  # shown, as text
    assert "</title><script>" not in page


def test_an_inferred_doer_is_marked_and_escaped(tmp_path: Path) -> None:
    s = hostile_summary(tmp_path / "h.txt")
    s.events[0].inferred = [s.events[0].actors[0]]
    page = briefing_html(build_briefing([s]), {s.doc_id: HOSTILE_TEXT})
    assert '&lt;b&gt;Red Hand&lt;/b&gt; <span class="inferred"' in page
    assert page.count('class="inferred"') == 1  # the target is named at the event
    assert page.count(">(inferred)</span>") == 1


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

    def load(page: Path, width: int = 1360, height: int = 1000, *, script: bool = True) -> Loaded:
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
        if not script:
            tools.send("Emulation.setScriptExecutionDisabled", {"value": True})
        tools.events.clear()
        url = page.resolve().as_uri()
        tools.send("Page.navigate", {"url": url})
        tools.wait_for("Page.loadEventFired")
        # Give any timer or late handler a hostile document might have planted time to fire.
        if script:
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


def _screenshot(
    page: Loaded,
    name: str,
    *,
    full: bool = False,
    clip: dict[str, float] | None = None,
    folder: Path = ARTIFACTS,
) -> Path:
    params: dict[str, Any] = {"format": "png"}
    if full:
        size = page.tools.send("Page.getLayoutMetrics")["cssContentSize"]
        params["clip"] = {"x": 0, "y": 0, "width": 1360, "height": size["height"], "scale": 1}
        params["captureBeyondViewport"] = True
    elif clip:
        params["clip"] = {**clip, "scale": 1}
        params["captureBeyondViewport"] = True
    data = page.tools.send("Page.captureScreenshot", params)["data"]
    folder.mkdir(exist_ok=True)
    target = folder / name
    target.write_bytes(base64.b64decode(data))
    return target


def _seed_digest(tmp_path: Path) -> tuple[Path, Briefing]:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_digest import fdd_summary, rfe_summary, wire_summary, write_out

    summaries = [fdd_summary(), rfe_summary(), wire_summary(tmp_path, killed=4, actor="US forces")]
    out = write_out(tmp_path / "out", summaries)
    result = write_briefing(out, tmp_path / "briefing", since="2026-03-10")
    return tmp_path / "briefing" / "briefing.html", result.briefing


def _seed_briefing(tmp_path: Path) -> Path:
    return _seed_digest(tmp_path)[0]


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
    assert t.evaluate("document.scripts.length") == 4
    assert t.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    # The one SVG is the chart the page draws, of our elements only: the hostile place has no
    # coordinates, so there is no map.
    assert t.evaluate("[...document.querySelectorAll('svg')].map(s => s.id)") == ["chart-svg"]
    assert t.evaluate(
        "[...new Set([...document.querySelectorAll('#chart-svg *')].map(e => e.tagName))].sort()"
    ) == ["line", "rect", "text", "title"]
    assert t.evaluate("document.getElementById('map').hidden") is True
    assert t.evaluate("document.getElementById('map-data').textContent") == "null"
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


# ---------------------------------------------------------------------------------------------
# Filters, the events-per-day chart and the places panel
# ---------------------------------------------------------------------------------------------

# Indexes of the events table's rows the browser renders.
SHOWN_ROWS = (
    "[...document.querySelectorAll('#timeline tr.item')]"
    ".filter(tr => tr.getClientRects().length > 0).map(tr => Number(tr.dataset.event))"
)
# Every per-event element of the page (table rows, "new since" items, contradictions) and
# whether it is rendered.
EVERY_LISTED = (
    "[...document.querySelectorAll('[data-event]')]"
    ".map(el => [Number(el.dataset.event), el.getClientRects().length > 0])"
)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Briefing]:
    return _seed_digest(tmp_path_factory.mktemp("seed"))


def _set(page: Loaded, control: str, value: str) -> None:
    """Sets a filter control as a user would, firing the event the page listens for."""
    kind = "input" if control == "text" else "change"
    page.tools.evaluate(
        f"(() => {{ const el = document.getElementById({json.dumps('f-' + control)});"
        f" el.value = {json.dumps(value)};"
        f" el.dispatchEvent(new Event({json.dumps(kind)}, {{bubbles: true}})); }})()"
    )


def _shown(page: Loaded) -> list[int]:
    shown: list[int] = page.tools.evaluate(SHOWN_ROWS)
    # Every other listing of an event follows its row.
    for index, rendered in page.tools.evaluate(EVERY_LISTED):
        assert rendered == (index in shown), index
    return shown


def _count_line(page: Loaded) -> str:
    return str(page.tools.evaluate("document.getElementById('f-count').textContent"))


def test_filters_narrow_combine_with_and_and_clear(
    open_page: Any, seed: tuple[Path, Briefing]
) -> None:
    path, b = seed
    events = b.events
    total = len(events)
    everyone = list(range(total))
    page = open_page(path)
    t = page.tools
    assert page.errors == []
    assert t.evaluate("document.getElementById('filters').hidden") is False
    assert _shown(page) == everyone
    assert _count_line(page) == f"{total} of {total} events shown"
    assert t.evaluate("document.getElementById('f-clear').disabled") is True
    # Every control has its label.
    assert t.evaluate(
        "[...document.querySelectorAll('#filters input, #filters select')]"
        ".every(el => el.labels.length === 1 && el.labels[0].textContent.trim())"
    )
    # The new-since list and the contradictions are per-event listings the filters follow.
    assert (
        t.evaluate("document.querySelectorAll('#new [data-event], #uncertain [data-event]').length")
        > 0
    )

    def names(i: int) -> set[str]:
        return {a.name for a in events[i].actors} | {a.name for a in events[i].targets}

    def country(i: int) -> str | None:
        return events[i].place.country if events[i].place else None

    rarest = min(
        {e.event_type for e in events}, key=lambda k: [e.event_type for e in events].count(k)
    )
    by_type = [i for i in everyone if events[i].event_type == rarest]
    _set(page, "type", rarest)
    assert _shown(page) == by_type and 0 < len(by_type) < total
    assert _count_line(page) == f"{len(by_type)} of {total} events shown"
    assert t.evaluate("document.getElementById('f-clear').disabled") is False
    _set(page, "type", "")

    actor = "Popular Mobilization Forces"
    by_actor = [i for i in everyone if actor in names(i)]
    _set(page, "actor", actor)
    assert _shown(page) == by_actor and len(by_actor) > 1
    _set(page, "actor", "")

    by_country = [i for i in everyone if country(i) == "Iraq"]
    _set(page, "country", "Iraq")
    assert _shown(page) == by_country and 1 < len(by_country) < total
    _set(page, "country", "-")
    assert _shown(page) == [i for i in everyone if country(i) is None]
    _set(page, "country", "Iraq")

    # Combined: AND, the events both filters show (every PMF event is in Iraq: narrower than
    # the country alone).
    _set(page, "actor", actor)
    both = [i for i in by_country if i in by_actor]
    assert _shown(page) == both and 0 < len(both) < len(by_country)
    assert _count_line(page) == f"{len(both)} of {total} events shown"
    assert t.evaluate("document.getElementById('f-none').hidden") is True
    # Ending the range the day before the first of them leaves none.
    first = min(d for i in both if (d := events[i].date))
    _set(page, "to", (dt.date.fromisoformat(first) - dt.timedelta(days=1)).isoformat())
    assert _shown(page) == []
    assert _count_line(page) == f"0 of {total} events shown"
    assert t.evaluate("document.getElementById('f-none').hidden") is False

    # Clear restores everything.
    t.evaluate("document.getElementById('f-clear').click()")
    assert _shown(page) == everyone
    assert _count_line(page) == f"{total} of {total} events shown"
    assert t.evaluate("[...document.querySelectorAll('#filters [id^=f-]')].every(el => !el.value)")
    assert t.evaluate("document.getElementById('f-clear').disabled") is True

    # A date range keeps the days in it, its ends included; undated events are left out.
    _set(page, "from", "2026-03-01")
    _set(page, "to", "2026-03-16")
    in_range = [i for i in everyone if "2026-03-01" <= (events[i].date or "") <= "2026-03-16"]
    assert _shown(page) == in_range and 1 < len(in_range) < total

    # Free text: every word, case-insensitively, in the event or its reports.
    t.evaluate("document.getElementById('f-clear').click()")
    _set(page, "text", "JURF")
    assert _shown(page) == [i for i in everyone if "Jurf" in (events[i].location or "")]
    _set(page, "text", "strike  pmf")
    haystack = [e["s"].lower() for e in filter_data(b)["events"]]
    expected = [i for i in everyone if "strike" in haystack[i] and "pmf" in haystack[i]]
    assert _shown(page) == expected and 0 < len(expected) < total
    assert page.errors == [] and page.requests == [page.url]


def test_timeline_chart_has_a_bar_per_day_and_follows_the_filters(
    open_page: Any, seed: tuple[Path, Briefing]
) -> None:
    path, b = seed
    assert b.events_start and b.events_end
    per_day: dict[str, int] = {}
    for e in b.events:
        if e.date and b.events_start <= e.date <= b.events_end:
            per_day[e.date] = per_day.get(e.date, 0) + 1
    page = open_page(path)
    t = page.tools
    bars = "[...document.querySelectorAll('#chart-svg rect.bar')]"
    titles = (
        f"Object.fromEntries({bars}"
        ".map(r => [r.dataset.day, r.querySelector('title').textContent]))"
    )

    def words(n: int) -> str:
        return f"{n} event" if n == 1 else f"{n} events"

    assert t.evaluate("document.getElementById('chart').hidden") is False
    assert t.evaluate(f"{bars}.length") == len(per_day) > 1
    assert t.evaluate(titles) == {day: f"{day}: {words(n)}" for day, n in per_day.items()}
    # Taller bar, more events; bars in day order from left to right.
    geometry = t.evaluate(
        f"{bars}.map(r => [r.dataset.day, +r.getAttribute('x'), +r.getAttribute('height')])"
    )
    assert [d for d, _, _ in geometry] == sorted(per_day)
    assert [x for _, x, _ in geometry] == sorted(x for _, x, _ in geometry)
    heights = {d: h for d, _, h in geometry}
    for d1, n1 in per_day.items():
        for d2, n2 in per_day.items():
            assert (n1 > n2) == (heights[d1] > heights[d2] + 0.01)
    caption = t.evaluate("document.getElementById('chart-caption').textContent")
    span = f"{fmt_date(b.events_start)} to {fmt_date(b.events_end)}"
    assert caption.startswith(f"Events per day, {span}: {sum(per_day.values())} events charted")

    # Filtered: a bar per day with shown events, each counting the shown of all.
    _set(page, "actor", "Popular Mobilization Forces")
    shown_days: dict[str, int] = {}
    for i in _shown(page):
        day = b.events[i].date or ""
        shown_days[day] = shown_days.get(day, 0) + 1
    expected = {
        d: f"{d}: {words(n)}" + (f" shown of {per_day[d]}" if n < per_day[d] else "")
        for d, n in shown_days.items()
    }
    assert t.evaluate(titles) == expected
    # The pale bars of all events stay.
    assert t.evaluate("document.querySelectorAll('#chart-svg rect.all').length") == len(per_day)

    # A bar is a filter for its day; again, and the day is let go.
    t.evaluate("document.getElementById('f-clear').click()")
    busiest = max(per_day, key=lambda d: (per_day[d], d))
    bar = f"document.querySelector('#chart-svg rect.bar[data-day=\"{busiest}\"]')"
    t.evaluate(f"{bar}.dispatchEvent(new MouseEvent('click', {{bubbles: true}}))")
    assert t.evaluate(
        "[document.getElementById('f-from').value, document.getElementById('f-to').value]"
    ) == [busiest, busiest]
    assert _shown(page) == [i for i, e in enumerate(b.events) if e.date == busiest]
    t.evaluate(f"{bar}.dispatchEvent(new MouseEvent('click', {{bubbles: true}}))")
    assert _shown(page) == list(range(len(b.events)))
    assert page.errors == [] and page.requests == [page.url]
    _screenshot(page, "briefing-filters.png")


def test_places_panel_sorts_and_a_place_filters_the_events(
    open_page: Any, seed: tuple[Path, Briefing]
) -> None:
    path, b = seed
    page = open_page(path)
    t = page.tools
    rows = (
        "[...document.querySelectorAll('#places tbody tr')]"
        ".map(tr => [...tr.cells].map(td => td.textContent.trim()))"
    )
    table = t.evaluate(rows)
    by_place: dict[str, int] = {}
    for e in b.events:
        if e.location:
            by_place[e.location] = by_place.get(e.location, 0) + 1
    assert {r[1]: int(r[3]) for r in table} == by_place
    assert [int(r[3]) for r in table] == sorted((int(r[3]) for r in table), reverse=True)
    baghdad = next(r for r in table if r[1] == "Baghdad")
    assert baghdad[0] == "Iraq" and re.fullmatch(r"33\.\d{4}, 44\.\d{4}", baghdad[2])
    assert "not known" in next(r for r in table if r[0] == "—")[2]

    # Clicking a place shows its events only; clicking it again shows all.
    pick = (
        "[...document.querySelectorAll('#places button.place-pick')]"
        ".find(b => b.textContent === 'Baghdad')"
    )
    t.evaluate(f"{pick}.click()")
    assert _shown(page) == [i for i, e in enumerate(b.events) if e.location == "Baghdad"]
    assert _count_line(page) == f"{by_place['Baghdad']} of {len(b.events)} events shown"
    assert t.evaluate(f"{pick}.getAttribute('aria-pressed')") == "true"
    assert (
        t.evaluate("document.getElementById('f-place').selectedOptions[0].textContent")
        == "Baghdad · Iraq"
    )
    # A place and another filter combine.
    _set(page, "type", "Protests")
    assert _shown(page) == [
        i for i, e in enumerate(b.events) if e.location == "Baghdad" and e.event_type == "Protests"
    ]
    _set(page, "type", "")
    t.evaluate(f"{pick}.click()")
    assert _shown(page) == list(range(len(b.events)))
    assert t.evaluate(f"{pick}.getAttribute('aria-pressed')") == "false"

    # Sorting: by place name, up then down; by count, ascending.
    heads = "document.querySelectorAll('#places th button.sort')"
    t.evaluate(f"{heads}[1].click()")
    names = [r[1] for r in t.evaluate(rows)]
    assert names == sorted(names, key=str.lower)
    assert (
        t.evaluate("document.querySelectorAll('#places th')[1].getAttribute('aria-sort')")
        == "ascending"
    )
    t.evaluate(f"{heads}[1].click()")
    assert [r[1] for r in t.evaluate(rows)] == sorted(names, key=str.lower, reverse=True)
    t.evaluate(f"{heads}[3].click()")
    counts = [int(r[3]) for r in t.evaluate(rows)]
    assert counts == sorted(counts)
    assert page.errors == [] and page.requests == [page.url]


# ---------------------------------------------------------------------------------------------
# The map
# ---------------------------------------------------------------------------------------------


def test_world_map_data_ships_in_the_package_and_is_small() -> None:
    data = resources.files("summarizer.briefing").joinpath("templates/world.json")
    assert data.is_file()
    size = len(data.read_bytes())
    assert 20_000 < size < 150_000, size
    world = world_map()
    assert world["license"] == "public domain" and "Natural Earth" in world["source"]
    countries = world["countries"]
    assert len(countries) == 177
    codes = [c["iso3"] for c in countries]
    assert len(set(codes)) == len(codes) and all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    assert {"IRQ", "SYR", "PSE", "UKR", "XKX"} <= set(codes)
    assert all(re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", c["d"]) for c in countries)
    # The wheel takes every file of the package but what git ignores: world.json is not.
    readme = (ROOT / "summarizer/briefing/templates/README.md").read_text(encoding="utf-8")
    assert "public domain" in readme and "scripts/make_world_map.py" in readme
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "summarizer/briefing/templates/world.json"], cwd=ROOT
    )
    assert ignored.returncode == 1


def test_map_view_frames_the_places() -> None:
    assert _map_view([{"lat": 33.34, "lon": 44.4}]) == [20.4, -45.34, 48.0, 24.0]
    # Far apart: wider, still twice as wide as high, never beyond the world.
    x, y, w, h = _map_view([{"lat": 33.3, "lon": 44.4}, {"lat": -33.9, "lon": 151.2}])
    assert w == 2 * h and x <= 44.4 - 6 and x + w >= 151.2 + 6 and y <= -33.3 - 6
    assert _map_view([{"lat": 0, "lon": -179}, {"lat": 0, "lon": 179}]) == [-180, -90, 360, 180]
    x, y, w, h = _map_view([{"lat": 89.0, "lon": 0.0}])
    assert y == -90 and x == -24


DOTS = (
    "[...document.querySelectorAll('#map-svg circle.dot')].map(c => ({place: +c.dataset.place, "
    "count: +c.dataset.count, cx: +c.getAttribute('cx'), cy: +c.getAttribute('cy'), "
    "r: +c.getAttribute('r'), title: c.querySelector('title').textContent, "
    "selected: c.classList.contains('selected')}))"
)
HIT = (
    "[...new Set([...document.querySelectorAll('#map-svg path.hit')]"
    ".map(p => p.dataset.iso))].sort()"
)


def test_map_draws_countries_and_a_dot_per_place_and_follows_the_filters(
    open_page: Any, seed: tuple[Path, Briefing], tmp_path: Path
) -> None:
    path, b = seed
    data = filter_data(b)
    places = data["places"]
    located = [j for j, p in enumerate(places) if p["lat"] is not None]
    assert len(located) >= 4
    page = open_page(path)
    t = page.tools
    assert page.errors == [] and page.requests == [page.url]
    assert t.evaluate("document.getElementById('map').hidden") is False
    # One path per country of world.json, each with its code and name.
    countries = world_map()["countries"]
    assert t.evaluate("document.querySelectorAll('#map-svg .land path').length") == len(countries)
    assert t.evaluate(
        "[...document.querySelectorAll('#map-svg .land path')].map(p => p.dataset.iso)"
    ) == [c["iso3"] for c in countries]
    # The countries of the events are shaded: every event here is in Iraq or not resolved.
    assert {e.place.iso3 for e in b.events if e.place} == {"IRQ"}
    assert t.evaluate(HIT) == ["IRQ"]
    assert t.evaluate(
        "[...new Set([...document.querySelectorAll('#map-svg path.has')].map(p => p.dataset.iso))]"
    ) == ["IRQ"]

    # A dot per place with coordinates, at its longitude and minus its latitude, with its count.
    dots = {d["place"]: d for d in t.evaluate(DOTS)}
    assert sorted(dots) == located
    for j in located:
        assert dots[j]["cx"] == pytest.approx(places[j]["lon"], abs=1e-6)
        assert dots[j]["cy"] == pytest.approx(-places[j]["lat"], abs=1e-6)
        assert dots[j]["count"] == places[j]["k"]
    baghdad = next(j for j in located if places[j]["n"] == "Baghdad")
    erbil = next(j for j in located if places[j]["n"] == "Erbil")
    assert places[baghdad]["k"] == 2 and places[erbil]["k"] == 1
    assert dots[baghdad]["r"] > dots[erbil]["r"]
    days = sorted(e.date for e in b.events if e.location == "Baghdad" and e.date)
    assert dots[baghdad]["title"] == (
        f"Baghdad, Iraq: 2 events; {fmt_date(days[0])}, {fmt_date(days[1])}"
    )
    assert "approximate" in dots[next(j for j in located if places[j]["n"] == "Iraq")]["title"]
    # Baghdad (33.34 N, 44.40 E) is drawn where the view puts it: x from the view's west edge,
    # y from its north edge, in the map's pixels; and inside Iraq's outline.
    x, y, w, h = map_data(data)["view"]  # type: ignore[index]
    box = t.evaluate(
        "(() => { const r = document.getElementById('map-svg').getBoundingClientRect();"
        " return [r.left, r.top, r.width, r.height]; })()"
    )
    dot_el = f"document.querySelector('#map-svg circle.dot[data-place=\"{baghdad}\"]')"
    dot = t.evaluate(
        f"(() => {{ const r = {dot_el}.getBoundingClientRect();"
        " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
    )
    lat, lon = places[baghdad]["lat"], places[baghdad]["lon"]
    assert 33.3 < lat < 33.4 and 44.3 < lon < 44.5
    assert box[2] == pytest.approx(2 * box[3], abs=1)
    assert dot[0] == pytest.approx(box[0] + (lon - x) * box[2] / w, abs=0.5)
    assert dot[1] == pytest.approx(box[1] + (-lat - y) * box[3] / h, abs=0.5)
    assert t.evaluate(
        "[...document.querySelectorAll('#map-svg path[data-iso=\"IRQ\"]')].some(p => "
        f"p.isPointInFill(new DOMPoint({lon * 10}, {-lat * 10})))"
    )
    assert not t.evaluate(
        "[...document.querySelectorAll('#map-svg path[data-iso=\"SYR\"]')].some(p => "
        f"p.isPointInFill(new DOMPoint({lon * 10}, {-lat * 10})))"
    )
    caption = t.evaluate("document.getElementById('map-caption').textContent")
    n_located = sum(places[j]["k"] for j in located)
    assert caption.startswith(
        f"Where the events happened: {n_located} events at {len(located)} places on the map"
    )
    shot = _screenshot(page, "briefing-map.png", clip=_rect(page, "map"), folder=tmp_path)
    assert shot.stat().st_size > 5_000
    _screenshot(page, "briefing-map.png", clip=_rect(page, "map"))

    # Filtered: the dots of hidden events go, the others count the shown ones.
    _set(page, "actor", "Popular Mobilization Forces")
    shown = _shown(page)
    expected: dict[int, int] = {}
    for i in shown:
        at = data["events"][i]["p"]
        if at in located:
            expected[at] = expected.get(at, 0) + 1
    dots = {d["place"]: d for d in t.evaluate(DOTS)}
    assert {j: d["count"] for j, d in dots.items()} == expected
    assert 0 < len(expected) < len(located)
    for j, d in dots.items():
        if d["count"] < places[j]["k"]:
            assert f"shown of {places[j]['k']}" in d["title"]
    _set(page, "to", "2026-03-01")
    _set(page, "from", "2026-03-01")
    assert _shown(page) == []
    assert t.evaluate(DOTS) == [] and t.evaluate(HIT) == []
    t.evaluate("document.getElementById('f-clear').click()")
    assert len(t.evaluate(DOTS)) == len(located) and t.evaluate(HIT) == ["IRQ"]

    # A dot is a filter for its place, as the places table; again, and the place is let go.
    t.evaluate(f"{dot_el}.dispatchEvent(new MouseEvent('click', {{bubbles: true}}))")
    assert t.evaluate("document.getElementById('f-place').value") == str(baghdad)
    assert _shown(page) == [i for i, e in enumerate(b.events) if e.location == "Baghdad"]
    assert [d["place"] for d in t.evaluate(DOTS)] == [baghdad]
    assert t.evaluate(DOTS)[0]["selected"] is True
    pick = (
        "[...document.querySelectorAll('#places button.place-pick')]"
        ".find(b => b.textContent === 'Baghdad')"
    )
    assert t.evaluate(f"{pick}.getAttribute('aria-pressed')") == "true"
    t.evaluate(f"{dot_el}.dispatchEvent(new MouseEvent('click', {{bubbles: true}}))")
    assert _shown(page) == list(range(len(b.events)))
    assert len(t.evaluate(DOTS)) == len(located)
    # The keyboard: a dot takes the focus, and Enter picks it.
    t.evaluate(
        f"(() => {{ const d = {dot_el}; d.focus();"
        " d.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true})); })()"
    )
    assert t.evaluate("document.getElementById('f-place').value") == str(baghdad)
    assert page.errors == [] and page.requests == [page.url]


def _rect(page: Loaded, element_id: str) -> dict[str, float]:
    x, y, w, h = page.tools.evaluate(
        f"(() => {{ const r = document.getElementById({json.dumps(element_id)})"
        ".getBoundingClientRect();"
        " return [r.left + scrollX, r.top + scrollY, r.width, r.height]; })()"
    )
    return {"x": x, "y": y, "width": w, "height": h}


XSS_ACTOR = "</script><img src=x onerror=alert(1)>"


def test_hostile_actor_name_is_text_in_filters_and_runs_nothing(
    open_page: Any, tmp_path: Path
) -> None:
    text = (
        "date 2026-03-05\n"
        "Gunmen attacked a checkpoint in Mosul on March 4, killing two soldiers.\n"
        "Traders protested in Basra on March 5.\n"
    )
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    attack = "Gunmen attacked a checkpoint in Mosul on March 4, killing two soldiers."
    protest = "Traders protested in Basra on March 5."
    s = Summary(
        doc_id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=Source(path=str(doc), title="Report", date="2026-03-05"),
        summary="An attack and a protest.",
        actors=[Actor(name=XSS_ACTOR, kind="armed_group")],
        events=[
            Event(
                date="2026-03-04",
                location="Mosul",
                event_type="Battles",
                sub_event_type="Armed clash",
                description="An attack on a checkpoint.",
                actors=[XSS_ACTOR],
                targets=["soldiers"],
                fatalities=2,
                status="reported",
                evidence=Evidence(
                    text=attack,
                    start=text.index(attack),
                    end=text.index(attack) + len(attack),
                    verified=True,
                ),
            ),
            Event(
                date="2026-03-05",
                location="Basra",
                event_type="Protests",
                sub_event_type="Peaceful protest",
                description="Traders protested.",
                actors=["Traders"],
                status="reported",
                evidence=Evidence(
                    text=protest,
                    start=text.index(protest),
                    end=text.index(protest) + len(protest),
                    verified=True,
                ),
            ),
        ],
        meta=META,
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "doc.json").write_text(s.model_dump_json(), encoding="utf-8")
    result = write_briefing(out, tmp_path / "briefing")
    page_text = (tmp_path / "briefing" / "briefing.html").read_text(encoding="utf-8")
    block = re.search(
        r'<script type="application/json" id="events-data">(.*?)</script>', page_text, re.S
    )
    assert block is not None and "<" not in block.group(1)
    assert XSS_ACTOR in json.loads(block.group(1))["events"][0]["a"]
    assert "<img" not in page_text

    page = open_page(tmp_path / "briefing" / "briefing.html")
    t = page.tools
    assert page.errors == [] and page.requests == [page.url]
    assert t.evaluate("document.querySelectorAll('img').length") == 0
    assert t.evaluate("document.scripts.length") == 4
    assert not [e for e in t.events if e.get("method") == "Page.javascriptDialogOpening"]
    # The map: our elements only, a dot per town.
    assert t.evaluate("[...document.querySelectorAll('svg')].map(s => s.id)") == [
        "chart-svg",
        "map-svg",
    ]
    assert t.evaluate(
        "[...new Set([...document.querySelectorAll('#map-svg *')].map(e => e.tagName))].sort()"
    ) == ["circle", "g", "path", "rect", "title"]
    assert t.evaluate("document.querySelectorAll('#map-svg circle.dot').length") == 2
    # The actor is an option of the actor filter, as text; choosing it keeps its event only.
    options = t.evaluate("[...document.querySelectorAll('#f-actor option')].map(o => o.value)")
    assert XSS_ACTOR in options
    _set(page, "actor", XSS_ACTOR)
    attack_row = next(i for i, e in enumerate(result.briefing.events) if e.event_type == "Battles")
    assert _shown(page) == [attack_row]
    assert XSS_ACTOR in t.evaluate(
        f"document.querySelector('tr[data-event=\"{attack_row}\"]').textContent"
    )
    _set(page, "text", "</script>")
    assert _shown(page) == [attack_row]
    t.evaluate("new Promise(r => setTimeout(r, 200))")
    assert t.evaluate("document.querySelectorAll('img').length") == 0
    assert not [e for e in t.events if e.get("method") == "Page.javascriptDialogOpening"]
    assert page.errors == [] and page.requests == [page.url]


def test_page_without_javascript_shows_every_event(
    open_page: Any, seed: tuple[Path, Briefing]
) -> None:
    path, b = seed
    page = open_page(path, script=False)
    t = page.tools
    assert t.evaluate(SHOWN_ROWS) == list(range(len(b.events)))
    assert all(rendered for _, rendered in t.evaluate(EVERY_LISTED))
    # No control that would do nothing, no empty chart; the places table is all there.
    assert t.evaluate("document.getElementById('filters').getClientRects().length") == 0
    assert t.evaluate("document.getElementById('chart').getClientRects().length") == 0
    assert t.evaluate("document.querySelectorAll('svg, button.place-pick').length") == 0
    rows = t.evaluate("document.querySelectorAll('#places tbody tr').length")
    assert rows == len({e.location for e in b.events if e.location})
    assert page.requests == [page.url]


def test_the_map_shows_the_whole_world_and_back(
    open_page: Any, seed: tuple[Path, Briefing], tmp_path: Path
) -> None:
    path, b = seed
    data = filter_data(b)
    view = " ".join(f"{x:g}" for x in map_data(data)["view"])  # type: ignore[index]
    page = open_page(path)
    t = page.tools
    box = "document.getElementById('map-svg')"
    button = "document.getElementById('map-world')"
    assert t.evaluate(f"{box}.getAttribute('viewBox')") == view
    assert t.evaluate(f"{button}.getAttribute('aria-pressed')") == "false"
    before = {d["place"]: d for d in t.evaluate(DOTS)}

    t.evaluate(f"{button}.click()")
    assert t.evaluate(f"{box}.getAttribute('viewBox')") == "-180 -90 360 180"
    assert t.evaluate(f"{button}.getAttribute('aria-pressed')") == "true"
    assert t.evaluate(f"{button}.textContent") == "Back to the events"
    sea = t.evaluate(
        "['x', 'y', 'width', 'height'].map(k => "
        "Number(document.querySelector('#map-svg rect.sea').getAttribute(k)))"
    )
    assert sea == [-180, -90, 360, 180]
    # The same dots at the same places, drawn the same size on the screen: larger in degrees.
    after = {d["place"]: d for d in t.evaluate(DOTS)}
    assert sorted(after) == sorted(before)
    assert all(after[j]["cx"] == before[j]["cx"] and after[j]["r"] > before[j]["r"] for j in after)
    assert page.errors == [] and page.requests == [page.url]
    shot = _screenshot(page, "briefing-map-world.png", clip=_rect(page, "map"), folder=tmp_path)
    assert shot.stat().st_size > 5_000
    _screenshot(page, "briefing-map-world.png", clip=_rect(page, "map"))

    t.evaluate(f"{button}.click()")
    assert t.evaluate(f"{box}.getAttribute('viewBox')") == view
    assert t.evaluate(f"{button}.textContent") == "Whole world"
