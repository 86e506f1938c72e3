"""Tests for summarizer.documents: every format, every bad input, exact text for offsets."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from summarizer.core.errors import DocumentError
from summarizer.read.documents import Document, document_from_text
from summarizer.read.files import MAX_BYTES, SUPPORTED_SUFFIXES, read_path

REPO = Path(__file__).parents[1]
EVAL_DATA = Path(__file__).parent / "data" / "eval-data"


def read_all(path: Path) -> list[Document | DocumentError]:
    return list(read_path(path))


def read_one(path: Path) -> Document:
    results = read_all(path)
    assert len(results) == 1, results
    doc = results[0]
    assert isinstance(doc, Document), doc
    return doc


def read_error(path: Path) -> DocumentError:
    results = read_all(path)
    assert len(results) == 1, results
    err = results[0]
    assert isinstance(err, DocumentError), err
    assert err.path == str(path)
    assert "\n" not in err.message
    return err


# --- .txt ---------------------------------------------------------------------------------------


def test_txt_text_as_is(tmp_path: Path) -> None:
    p = tmp_path / "report.txt"
    p.write_text("Shelling hit the market.\n\nTwo were killed.\n", encoding="utf-8")
    doc = read_one(p)
    assert doc.text == "Shelling hit the market.\n\nTwo were killed.\n"
    assert doc.name == "report"
    assert doc.source.path == str(p)
    assert doc.source.date is None
    assert doc.source.record_id is None
    assert doc.doc_id == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def test_txt_crlf_kept(tmp_path: Path) -> None:
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"Date: 2024-02-03\r\nLine one.\r\nLine two.\r\n")
    doc = read_one(p)
    assert doc.text == "Date: 2024-02-03\r\nLine one.\r\nLine two.\r\n"
    assert doc.source.date == "2024-02-03"
    start = doc.text.index("Line two")
    assert doc.text[start : start + 8] == "Line two"


def test_txt_not_normalized(tmp_path: Path) -> None:
    # "e" + combining acute must not be folded to the single code point (NFC would shift offsets).
    text = "Cafe\u0301 hit\u00a0by  strike.\t\n"
    p = tmp_path / "nfd.txt"
    p.write_text(text, encoding="utf-8", newline="")
    assert read_one(p).text == text


@pytest.mark.parametrize(
    ("first_line", "date"),
    [
        (" date 2026-03-01 A statement from the group.", "2026-03-01"),
        ("Date: 2026-03-01", "2026-03-01"),
        ("DATE: March 1, 2026", "2026-03-01"),
        ("Published 1 March 2026", "2026-03-01"),
        ("Tuesday, January 15, 2019", "2019-01-15"),
        ("2026-03-01 Reports of shelling", "2026-03-01"),
        ("Date: 2026-02-30", None),
        ("The 2026-03-01 strike", None),
        ("In March 2026 fighting resumed", None),
    ],
)
def test_txt_dateline(tmp_path: Path, first_line: str, date: str | None) -> None:
    p = tmp_path / "d.txt"
    text = f"{first_line}\nBody of the report.\n"
    p.write_text(text, encoding="utf-8")
    doc = read_one(p)
    assert doc.source.date == date
    assert doc.text == text


def test_seed_dates() -> None:
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("no seeds")
    dated = REPO / "seeds" / "000_7ba69945cb43b524.txt"
    for seed in seeds:
        doc = read_one(seed)
        assert doc.text == seed.read_text(encoding="utf-8")
        if seed == dated:
            assert doc.source.date == "2026-03-01"
            assert doc.text.startswith(" date 2026-03-01 ")


# --- decoding ----------------------------------------------------------------------------------


def test_utf8_bom_stripped(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbfKyiv \xe2\x80\x94 drones.\n")
    assert read_one(p).text == "Kyiv \u2014 drones.\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    text = "Date: 2025-05-05\r\nGaza \u2014 \u00ab\u0642\u0635\u0641\u00bb reported.\r\n"
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    p = tmp_path / "wide.txt"
    p.write_bytes(bom + text.encode(codec))
    doc = read_one(p)
    assert doc.text == text
    assert doc.source.date == "2025-05-05"


def test_utf16_without_bom_is_binary(tmp_path: Path) -> None:
    p = tmp_path / "nobom.txt"
    p.write_bytes("Hello there".encode("utf-16-le"))
    assert "binary file" in read_error(p).message


def test_invalid_utf8(tmp_path: Path) -> None:
    p = tmp_path / "latin1.txt"
    p.write_bytes("Caf\u00e9 bombed".encode("latin-1"))
    err = read_error(p)
    assert err.message == "not valid UTF-8 text (byte 0xe9 at offset 3); re-save as UTF-8"


def test_invalid_utf8_offset_counts_bom(tmp_path: Path) -> None:
    p = tmp_path / "bom-bad.txt"
    p.write_bytes(b"\xef\xbb\xbfab\xff")
    assert "byte 0xff at offset 5" in read_error(p).message


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00", "gzip archive"),
        (b"plain start\x00\x01\x02 then junk", "NUL bytes"),
    ],
)
def test_binary_refused(tmp_path: Path, data: bytes, kind: str) -> None:
    p = tmp_path / "picture.txt"
    p.write_bytes(data)
    err = read_error(p)
    assert err.message.startswith("binary file (")
    assert kind in err.message
    assert "not a text document" in err.message


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  ", b"\xef\xbb\xbf\n"])
def test_empty(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    assert read_error(p).message == "empty document"


# --- file-system errors -------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "nope.txt"
    assert read_error(p).message == "no such file"


def test_missing_file_under_a_file(tmp_path: Path) -> None:
    f = tmp_path / "f.txt"
    f.write_text("x", encoding="utf-8")
    assert read_error(f / "child.txt").message == "no such file"


def test_directory(tmp_path: Path) -> None:
    d = tmp_path / "reports.txt"
    d.mkdir()
    msg = read_error(d).message
    assert msg.startswith("is a directory, not a file")
    assert "summarizer run DIR" in msg


def test_too_big_refused_before_reading(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    with p.open("wb") as f:  # sparse: the reader must refuse on size, not content
        f.truncate(5_000_000)
    assert read_error(p).message == "file is 5.0 MB, over the 2.0 MB limit"


def test_just_over_limit_says_bytes(tmp_path: Path) -> None:
    p = tmp_path / "edge.txt"
    p.write_bytes(b"a" * (MAX_BYTES + 1))
    assert read_error(p).message == "file is 2,000,001 bytes, over the 2,000,000-byte limit"


def test_at_limit_is_read(tmp_path: Path) -> None:
    p = tmp_path / "edge.txt"
    p.write_bytes(b"a" * MAX_BYTES)
    assert len(read_one(p).text) == MAX_BYTES


def test_unsupported_suffix(tmp_path: Path) -> None:
    p = tmp_path / "report.xyz"
    p.write_text("text", encoding="utf-8")
    msg = read_error(p).message
    assert msg.startswith("unsupported file type '.xyz' (expected .txt, .md")
    assert all(s in msg for s in SUPPORTED_SUFFIXES)


def test_no_suffix(tmp_path: Path) -> None:
    p = tmp_path / "README"
    p.write_text("text", encoding="utf-8")
    assert "unsupported file type (no suffix)" in read_error(p).message


def test_suffix_case_insensitive(tmp_path: Path) -> None:
    p = tmp_path / "REPORT.TXT"
    p.write_text("Upper case suffix.", encoding="utf-8")
    assert read_one(p).name == "REPORT"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text("classified", encoding="utf-8")
    p.chmod(0)
    try:
        assert read_error(p).message == "permission denied"
    finally:
        p.chmod(0o600)


def test_permission_denied_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs even as root (where chmod 0 does not stop reads): the open itself is refused.
    p = tmp_path / "locked.txt"
    p.write_text("classified", encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert read_error(p).message == "permission denied"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_not_read(tmp_path: Path) -> None:
    p = tmp_path / "pipe.txt"
    os.mkfifo(p)
    assert read_error(p).message == "not a regular file"


def test_path_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("Relative path.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = next(read_path("a.txt"))
    assert isinstance(doc, Document)
    assert doc.source.path == "a.txt"
    err = next(read_path("missing.txt"))
    assert isinstance(err, DocumentError)
    assert err.path == "missing.txt"
    assert str(err) == "missing.txt: no such file"


# --- .md ----------------------------------------------------------------------------------------


def test_markdown_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "brief.md"
    p.write_text(
        "---\n"
        'title: "Strikes in\\_Iraq"\n'
        "date: 2023-12-25\n"
        "source_url: https://example.org/statement\n"
        "---\n"
        "Early this morning U.S. personnel were targeted.\n",
        encoding="utf-8",
    )
    doc = read_one(p)
    assert doc.text == "Early this morning U.S. personnel were targeted.\n"
    assert doc.source.title == "Strikes in Iraq"  # YAML's \_ is a no-break space; tidied
    assert doc.source.date == "2023-12-25"  # a YAML date object, made ISO
    assert doc.source.url == "https://example.org/statement"
    assert doc.name == "brief"


def test_markdown_front_matter_crlf_and_link(tmp_path: Path) -> None:
    p = tmp_path / "crlf.markdown"
    p.write_bytes(
        b"---\r\ntitle: T\r\nlink: https://x.test/a\r\ndate: '2020-01-02'\r\n---\r\nA\r\nB\r\n"
    )
    doc = read_one(p)
    assert doc.text == "A\r\nB\r\n"
    assert (doc.source.title, doc.source.url, doc.source.date) == (
        "T",
        "https://x.test/a",
        "2020-01-02",
    )


def test_markdown_without_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "plain.md"
    text = "# Ceasefire talks\n\nDate: 2024-05-01\n"
    p.write_text(text, encoding="utf-8")
    doc = read_one(p)
    assert doc.text == text
    assert doc.source.title == "Ceasefire talks"


def test_markdown_leading_rule_is_not_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "rule.md"
    text = "---\n\nNot YAML: just a rule.\n\n---\n"
    p.write_text(text, encoding="utf-8")
    assert read_one(p).text == text


def test_markdown_bad_yaml(tmp_path: Path) -> None:
    p = tmp_path / "bad.md"
    p.write_text('---\ntitle: "unclosed\ndate: [2020\n---\nBody.\n', encoding="utf-8")
    assert read_error(p).message.startswith("invalid YAML front matter")


def test_markdown_front_matter_not_mapping(tmp_path: Path) -> None:
    p = tmp_path / "list.md"
    p.write_text("---\n- a\n- b\n---\nBody.\n", encoding="utf-8")
    assert "not a mapping" in read_error(p).message


def test_markdown_only_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "hollow.md"
    p.write_text("---\ntitle: Nothing\n---\n\n", encoding="utf-8")
    assert read_error(p).message.startswith("empty document")


def test_whitehouse_markdown() -> None:
    folder = EVAL_DATA / "whitehouse_public_domain"
    files = sorted(folder.glob("*.md"))
    assert files, f"no .md files in {folder}"
    for f in files:
        doc = read_one(f)
        raw = f.read_text(encoding="utf-8")
        assert raw.endswith(doc.text)
        assert not doc.text.lstrip().startswith("---")
        assert "source_url:" not in doc.text
        assert doc.source.date == f.name[:10]
        assert doc.source.url and doc.source.url.startswith("https://")
        assert doc.source.title and "\n" not in doc.source.title
        assert "\u00a0" not in doc.source.title
    watson = read_one(
        folder
        / "2023-12-25-statement-from-nsc-spokesperson-adrienne-watson-on-u-s-strikes-in-iraq.md"
    )
    assert watson.source.title == (
        "Statement from NSC Spokesperson Adrienne Watson on U.S. Strikes in Iraq"
    )
    assert "one-way attack drone" in watson.text


# --- .html --------------------------------------------------------------------------------------


def test_html_visible_text(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(
        "<!doctype html><html><head><title>Strike &amp; response</title>"
        '<meta name="date" content="2024-02-02T18:00:00Z">'
        '<link rel="canonical" href="https://news.test/strike">'
        "<style>p { color: red }</style><script>var x = '<p>hidden</p>';</script></head>"
        "<body><h1>Strike   on\n base</h1><p>Officials said &quot;three&quot; were hurt"
        " &mdash; &#x41;&#66;.</p><ul><li>one</li><li>two</li></ul>"
        "<noscript>enable JS</noscript><svg><text>chart</text></svg>"
        "<template><p>tmpl</p></template>"
        "<table><tr><td>A</td><td>B</td></tr></table>line<br>break</body></html>",
        encoding="utf-8",
    )
    doc = read_one(p)
    assert doc.file_text == (
        "Strike on base\n\n"
        'Officials said "three" were hurt \u2014 AB.\n\n'
        "one\ntwo\n\n"
        "A B\n\n"
        "line\nbreak"
    )
    for hidden in ("color", "var x", "hidden", "enable JS", "chart", "tmpl", "Strike & response"):
        assert hidden not in doc.file_text
    assert doc.source.title == "Strike & response"
    assert doc.source.date == "2024-02-02"
    assert doc.source.url == "https://news.test/strike"


def test_html_time_and_pre(tmp_path: Path) -> None:
    p = tmp_path / "page.htm"
    p.write_text(
        '<p>Posted <time datetime="2023-10-27">Friday</time></p><pre>a  b\n  c</pre><p>&nbsp;x</p>',
        encoding="utf-8",
    )
    doc = read_one(p)
    assert doc.source.date == "2023-10-27"
    assert doc.file_text == "Posted Friday\n\na  b\n  c\n\n\u00a0x"


def test_html_without_head_end(tmp_path: Path) -> None:
    p = tmp_path / "sloppy.html"
    p.write_text("<head><title>T</title>Text after head.<p>More</p>", encoding="utf-8")
    doc = read_one(p)
    assert doc.file_text == "Text after head.\n\nMore"


PAGE = (
    "<html><head><title>Strike</title></head><body>"
    "<nav>Home | World | Sport | Video</nav><div>SEE ALSO: Rockets Hit Base As Tension Looms</div>"
    "<article><h1>Drone strike hits market</h1>"
    "<p>Drone strikes hit a market in Omdurman on Thursday, killing 12 people, medics said.</p>"
    '<p>"We lost everything," one man told reporters. The attack could not be independently '
    "verified.</p><p>The Rapid Support Forces denied involvement in the attack on the market.</p>"
    "</article><footer>Your browser doesn't support HTML5 video. Copyright 2024 News Ltd, "
    "all rights reserved worldwide.</footer></body></html>"
)


def test_a_web_pages_article_is_what_the_finders_read_and_offsets_index_the_page(
    tmp_path: Path,
) -> None:
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    doc = read_one(p)
    assert doc.text.startswith("Drone strike hits market\n") and doc.text.endswith("market.")
    for furniture in ("SEE ALSO", "Home | World", "HTML5", "Copyright"):
        assert furniture not in doc.text and furniture in doc.file_text
    assert doc.file_text[doc.offset : doc.offset + len(doc.text)] == doc.text
    # A page the extractor finds no article in is read whole.
    small = tmp_path / "small.html"
    small.write_text("<p>Shelling hit the town.</p>", encoding="utf-8")
    assert read_one(small).text == "Shelling hit the town."


def test_html_no_visible_text(tmp_path: Path) -> None:
    p = tmp_path / "blank.html"
    p.write_text("<html><head><script>alert(1)</script></head><body> </body></html>")
    assert read_error(p).message.startswith("empty document")


# --- .jsonl -------------------------------------------------------------------------------------


def test_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a/1", "text": "First.", "title": "T1", "date": "2024-01-02"}),
        "",
        '{"id": "broken", "text": ',
        json.dumps({"id": "x", "body": "no text field"}),
        json.dumps({"text": "No id here.", "url": "https://u.test"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "e", "text": "   "}),
        json.dumps({"id": "A/1", "text": "Same id, other case."}),
        json.dumps({"id": 7, "text": "Numeric id.\u2028Still one line."}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read_all(p)
    docs = [r for r in results if isinstance(r, Document)]
    errors = [r for r in results if isinstance(r, DocumentError)]
    assert [d.name for d in docs] == ["feed-a_1", "feed-5", "feed-A_1-2", "feed-7"]
    assert [d.source.record_id for d in docs] == ["a/1", None, "A/1", "7"]
    assert docs[0].source.title == "T1"
    assert docs[0].source.date == "2024-01-02"
    assert docs[1].source.url == "https://u.test"
    assert docs[3].text == "Numeric id.\u2028Still one line."
    assert all(d.source.path == str(p) for d in docs)
    messages = [e.message for e in errors]
    assert messages[0].startswith("line 3: not valid JSON (")
    assert messages[1:] == [
        "line 4: no 'text' field",
        "line 6: not a JSON object but list",
        "line 7: empty 'text' field",
    ]
    assert all(e.path == str(p) for e in errors)
    assert all("\n" not in m for m in messages)


def test_jsonl_duplicate_ids(tmp_path: Path) -> None:
    p = tmp_path / "dup.jsonl"
    p.write_text(
        "\n".join(json.dumps({"id": "r", "text": f"Doc {i}."}) for i in range(3)),
        encoding="utf-8",
    )
    names = [d.name for d in read_all(p) if isinstance(d, Document)]
    assert names == ["dup-r", "dup-r-2", "dup-r-3"]


def test_jsonl_record_without_a_date_takes_the_day_its_id_carries(tmp_path: Path) -> None:
    p = tmp_path / "wire.jsonl"
    records = [
        {"doc_id": "64_VOA_EN_NW_2017.06.05.3887168", "text": "Police said on Saturday."},
        {"id": "AFP_ENG_20030304.0250", "text": "Officials spoke."},
        {"id": "AFP_ENG_20030304.0251", "date": "2003-03-05", "text": "A date of its own wins."},
        {"id": "report-20031399", "text": "Not a day: month 13."},
        {"id": "12345678", "text": "Digits only."},
    ]
    p.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    docs = [d for d in read_all(p) if isinstance(d, Document)]
    assert [d.source.date for d in docs] == ["2017-06-05", "2003-03-04", "2003-03-05", None, None]


def test_jsonl_bad_utf8_line_loses_only_that_line(tmp_path: Path) -> None:
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(b'{"text": "ok one"}\r\n{"text": "caf\xe9"}\n{"text": "ok two"}\n')
    results = read_all(p)
    assert [r.text for r in results if isinstance(r, Document)] == ["ok one", "ok two"]
    [err] = [r for r in results if isinstance(r, DocumentError)]
    assert err.message.startswith("line 2: not valid UTF-8 (byte 0xe9")


def test_jsonl_utf16(tmp_path: Path) -> None:
    p = tmp_path / "wide.jsonl"
    p.write_bytes(b"\xff\xfe" + '{"id": "w", "text": "\u00e9t\u00e9"}\n'.encode("utf-16-le"))
    assert read_one(p).text == "\u00e9t\u00e9"


def test_jsonl_empty(tmp_path: Path) -> None:
    p = tmp_path / "none.jsonl"
    p.write_text("\n \n", encoding="utf-8")
    assert read_error(p).message == "empty document"


def test_wikinews_jsonl() -> None:
    f = EVAL_DATA / "wikinews_en" / "wikinews_selected.jsonl"
    results = read_all(f)
    assert len(results) == 20
    assert all(isinstance(r, Document) for r in results)
    records = [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines()]
    docs = [r for r in results if isinstance(r, Document)]
    for doc, record in zip(docs, records, strict=True):
        assert doc.text == record["text"]
        assert doc.source.record_id == record["id"]
        assert doc.source.title == record["title"]
        assert doc.source.date == record["date"]
        assert doc.source.url == record["url"]
        assert doc.name.startswith("wikinews_selected-wikinews_")
    assert len({d.name for d in docs}) == 20


def test_voa_jsonl() -> None:
    f = EVAL_DATA / "wikievents_voa" / "voa.jsonl"
    docs = read_all(f)
    assert len(docs) == 7
    assert all(isinstance(d, Document) for d in docs)
    first = docs[0]
    assert isinstance(first, Document)
    # WikiEvents names its id `doc_id`; the reader takes it as the record id.
    assert (
        first.source.record_id == json.loads(f.read_text(encoding="utf-8").split("\n")[0])["doc_id"]
    )
    assert first.name == f"voa-{first.source.record_id}"
    # ... and the day of publication its id carries ("..._2017.06.05.3887168").
    assert first.source.date == "2017-06-05"


# --- document_from_text -----------------------------------------------------------------------


def test_document_from_text() -> None:
    doc = document_from_text(" date 2026-03-01 Militias claimed attacks.", title="T", name="x")
    assert doc.source.date == "2026-03-01"
    assert doc.source.title == "T"
    assert doc.source.path is None
    assert doc.name == "x"
    assert document_from_text("Plain.").name == "document"
    assert document_from_text("Date: 2020-01-01", date="2021-02-02").source.date == "2021-02-02"


def test_document_from_text_empty() -> None:
    with pytest.raises(DocumentError, match="empty document"):
        document_from_text(" \n ")


def test_doc_id_depends_on_text_only() -> None:
    a = document_from_text("Same text.", name="a", url="https://a.test")
    b = document_from_text("Same text.", name="b")
    assert a.doc_id == b.doc_id
    assert a.doc_id != document_from_text("Other text.").doc_id
