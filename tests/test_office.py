"""PDF and Word reports: read with exact offsets into `summarizer text`, pages cited, and a
scan, an encrypted or a broken file set aside with its reason."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from test_offsets import SchemaFiller, _assert_indexes, _printed_text
from test_pipeline import verified_spans

from summarizer import summarize_file
from summarizer.cli.main import main
from summarizer.read.documents import Document
from summarizer.read.files import read_path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "tests" / "data" / "dev-reports" / "reports.jsonl"


def _report(record_id: str) -> str:
    """A real report (a US State Department statement, public domain)."""
    for line in REPORTS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == record_id:
            return str(record["text"])
    raise AssertionError(f"no record {record_id}")


def _latin1(text: str) -> str:
    # The PDF's core font has Latin-1 glyphs only.
    swaps = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"}
    for a, b in swaps.items():
        text = text.replace(a, b)
    return text.replace("\u2014", "-").encode("latin-1", "replace").decode("latin-1")


def _pdf(path: Path, pages: list[str], *, password: str | None = None) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    if password is not None:
        pdf.set_encryption(owner_password="owner", user_password=password)
    for text in pages:
        pdf.add_page()
        for paragraph in text.split("\n\n"):
            pdf.multi_cell(0, 6, _latin1(paragraph))
            pdf.ln(3)
    pdf.output(str(path))
    return path


def test_a_pdf_is_summarized_with_exact_offsets_and_its_pages(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    text = _report("state-2021-g7-mercer-street-attack")
    half = text.index("\n\n", len(text) // 2)
    path = _pdf(tmp_path / "statement.pdf", [text[:half], text[half:]])
    (doc,) = [d for d in read_path(path) if isinstance(d, Document)]
    assert len(doc.pages) == 2 and doc.pages[0] == 0
    assert "attack committed on a merchant vessel" in " ".join(doc.text.split())
    (summary,) = summarize_file(path, llm=SchemaFiller(), use_cache=False)
    shown = _printed_text(capfd, str(path))
    assert shown == doc.file_text
    assert _assert_indexes(summary, shown) >= 3
    pages = {
        ev.page
        for ev in [
            *(e.evidence for e in summary.events),
            *(u.evidence for u in summary.uncertainty),
        ]
        if ev.verified
    } | {q.page for q in summary.quotes if q.verified}
    assert pages <= {1, 2} and pages
    for item_text, start, _end in verified_spans(summary):
        assert doc.page_of(start) == (1 if start < doc.pages[1] else 2), item_text


def test_a_word_file_is_summarized_with_exact_offsets(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    text = _report("state-2022-libya-joint-statement")
    word = docx.Document()
    word.core_properties.title = "Joint Statement on Libya"
    for paragraph in text.split("\n\n"):
        word.add_paragraph(paragraph)
    path = tmp_path / "statement.docx"
    word.save(str(path))
    (summary,) = summarize_file(path, llm=SchemaFiller(), use_cache=False)
    shown = _printed_text(capfd, str(path))
    assert shown.split() == text.split()
    assert summary.source.title == "Joint Statement on Libya"
    assert _assert_indexes(summary, shown) >= 3
    assert all(q.page is None for q in summary.quotes)


def _error(path: Path) -> str:
    (item,) = list(read_path(path))
    assert not isinstance(item, Document)
    return item.message


def test_a_scan_an_encrypted_and_a_broken_pdf_are_set_aside_with_the_reason(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    scan = FPDF()
    scan.add_page()
    scan.rect(20, 20, 100, 60, style="F")  # an image-like page: no text at all
    scan.output(str(tmp_path / "scan.pdf"))
    assert "without a text layer" in _error(tmp_path / "scan.pdf")
    locked = _pdf(tmp_path / "locked.pdf", ["Shelling hit the town."], password="secret")
    assert "encrypted PDF" in _error(locked)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(locked.read_bytes()[:200])
    assert "cannot read this PDF" in _error(broken)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    assert "cannot read this Word file" in _error(tmp_path / "broken.docx")
    # The command names the file and exits 1; nothing is summarized.
    assert main(["summarize", str(tmp_path / "scan.pdf"), "--no-cache"]) == 1
    assert "scan.pdf: PDF without a text layer" in capfd.readouterr().err
