"""Publication dates from metadata values, a document's first line, or a corpus record's id."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?![\d])")
_MDY_DATE = re.compile(rf"({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DMY_DATE = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I)
# A dateline: "date 2026-03-01 ...", "Date: March 1, 2026", "Tuesday, January 15, 2019", or a
# line that starts with an ISO date. Only the prefix is read; the text itself is left alone.
_DATELINE = re.compile(
    r"\s*(?:(?:date|dated|published|posted)\b\s*[:=-]?\s*)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?P<date>\d{{4}}[-/]\d{{1,2}}[-/]\d{{1,2}}(?![\d])"
    rf"|(?:{_MONTH_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_RE})\.?,?\s+\d{{4}}\b)",
    re.I,
)

# Corpus record ids often carry the day of publication: VOA's "64_VOA_EN_NW_2017.06.05.3887168",
# newswire's "AFP_ENG_20030304.0250". Four-digit year first, then month and day.
_ID_DATE = re.compile(r"(?<![^\W_])((?:19|20)\d{2})([._-]?)(\d{2})\2(\d{2})(?!\d)")


def first_line_date(text: str) -> str | None:
    """Return the date a first line like "date 2026-03-01 ..." or "Date: March 1, 2026" gives."""
    for line in text.splitlines():
        if line.strip():
            m = _DATELINE.match(line[:300])
            return iso_date(m.group("date")) if m else None
    return None


def iso_date(value: object) -> str | None:
    """Return a YYYY-MM-DD string for a date, datetime or date-like string, else None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    s = value.strip()
    if m := _ISO_DATE.match(s):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _MDY_DATE.match(s):
        y, mo, d = int(m[3]), _MONTHS[m[1].lower()], int(m[2])
    elif m := _DMY_DATE.match(s):
        y, mo, d = int(m[3]), _MONTHS[m[2].lower()], int(m[1])
    else:
        return None
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def date_in_id(record_id: str | None) -> str | None:
    """The publication day a record's id carries, when the record gives no date itself."""
    for m in _ID_DATE.finditer(record_id or ""):
        try:
            return dt.date(int(m[1]), int(m[3]), int(m[4])).isoformat()
        except ValueError:
            continue
    return None
