"""Bytes to text: binary files refused by their magic, BOMs honoured, UTF-8 otherwise."""

from __future__ import annotations

import codecs

from summarizer.core.errors import DocumentError

# A NUL this early means binary, unless a UTF-16/32 BOM said otherwise.
_SNIFF_BYTES = 8192
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive, e.g. .docx"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
)
# UTF-32 first: its little-endian BOM begins with UTF-16's.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def encoding(data: bytes) -> tuple[str, str, int]:
    """Return (codec, display name, BOM length), or raise DocumentError for binary data."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise DocumentError(f"binary file ({kind}), not a text document")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return codec, label, len(bom)
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise DocumentError(
            "binary file (contains NUL bytes), not a text document; "
            "if it is UTF-16 text without a BOM, re-save it as UTF-8"
        )
    return "utf-8", "UTF-8", 0


def decode(data: bytes) -> str:
    codec, label, skip = encoding(data)
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as e:
        bad = data[skip + e.start]
        raise DocumentError(
            f"not valid {label} text (byte 0x{bad:02x} at offset {skip + e.start}); "
            "re-save as UTF-8"
        ) from e
