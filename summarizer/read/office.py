"""PDF and Word (.docx) files: their text, as pypdf and python-docx extract it.

Offsets of a PDF's or a DOCX's summary index the extracted text that `summarizer text FILE`
prints. Pages of a PDF are joined with a blank line, and where each starts is kept so that an
item can cite its page. A scan without a text layer, an encrypted or a broken file is a
`DocumentError` with the reason.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from summarizer.core.errors import DocumentError

PAGE_BREAK = "\n\n"


def pdf_text(data: bytes) -> tuple[str, tuple[int, ...]]:
    """The text of a PDF and the offset where each page starts in it.

    Raises:
        DocumentError: Encrypted, broken, or without any text (a scanned image).
    """
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("encrypted PDF: save an unlocked copy first")
        texts = [(page.extract_text() or "").strip("\n") for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise DocumentError(f"cannot read this PDF ({type(e).__name__}: {e})") from e
    if not any(t.strip() for t in texts):
        raise DocumentError("PDF without a text layer (a scan?): run OCR on it first")
    starts: list[int] = []
    parts: list[str] = []
    at = 0
    for t in texts:
        starts.append(at)
        parts.append(t)
        at += len(t) + len(PAGE_BREAK)
    return PAGE_BREAK.join(parts), tuple(starts)


def docx_text(data: bytes) -> tuple[str, str | None]:
    """The paragraphs of a Word file (tables' cells row by row after them) and its title.

    Raises:
        DocumentError: Not a readable .docx, or without text.
    """
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise DocumentError(f"cannot read this Word file ({type(e).__name__}: {e})") from e
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                paragraphs.append(" | ".join(dict.fromkeys(cells)))
    text = "\n\n".join(paragraphs)
    if not text.strip():
        raise DocumentError("empty document (the Word file has no text)")
    title = (document.core_properties.title or "").strip() or None
    return text, title


__all__ = ["PAGE_BREAK", "docx_text", "pdf_text"]
