"""Date expressions, resolved against the document date.

Weekday names resolve to the most recent such day on or before the document date (news reports say
"on Tuesday" for the day of publication too); "last Tuesday" is strictly before, "next Tuesday"
strictly after. Vague spans ("last week", "last month", "in 2003", "January 2026") get ``iso=None``
and a ``period`` ("2026-W08", "2026-01", "2003") instead of an invented day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from summarizer.find.reading import Doc, read
from summarizer.find.types import DateCue
from summarizer.find.words import (
    MONTH_ABBR,
    MONTH_FULL,
    MONTHS,
    NUMBER_WORDS,
    WEEKDAY,
    WEEKDAYS,
    WRAP_SEP,
)

_MONTH_ANY = rf"(?:{MONTH_FULL}|(?:{MONTH_ABBR})\.?)"
# Searched in the ASCII-lower-cased text.
_DATE_ANCHOR_WORDS = (
    f"{MONTH_FULL}|{MONTH_ABBR}|{WEEKDAY}|yesterday|today|tonight|tomorrow|week|"
    "month|year|morning|afternoon|evening|night|ago"
).lower()
_DATE_ANCHOR_RE = re.compile(rf"\d+|\b(?:{_DATE_ANCHOR_WORDS})\b")
_SMALL_NUM = "one|two|three|four|five|six|seven|eight|nine|ten"
# "on July 6 last year": the day in the year before the document's.
_LAST_YEAR = r"(?P<{}_ly>[^\S\r\n]+last[^\S\r\n]+year)"
# The kinds of date expression, in the order they are tried.
_DATE_ALTERNATIVES = (
    (
        "md",
        rf"(?:(?P<md_wd>{WEEKDAY}),?[^\S\r\n]+)?(?P<md_m>{_MONTH_ANY}){WRAP_SEP}(?P<md_d>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?(?![\d:])(?:,?{WRAP_SEP}(?P<md_y>\d{{4}})(?!\d)|{_LAST_YEAR.format('md')})?",
    ),
    (
        "dm",
        rf"(?:(?P<dm_wd>{WEEKDAY}),?[^\S\r\n]+)?(?P<dm_d>\d{{1,2}})(?:st|nd|rd|th)?[^\S\r\n]+"
        rf"(?:of[^\S\r\n]+)?(?P<dm_m>{_MONTH_ANY})(?![^\W_])(?:,?[^\S\r\n]+(?P<dm_y>\d{{4}})(?!\d)|"
        rf"{_LAST_YEAR.format('dm')})?",
    ),
    ("iso", r"(?<![\d\-])(?P<iso_y>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})(?!\d)"),
    # "15/11/2019", "15-11-2019": day and month in either order, read only where one of them
    # is above 12 (day/month/year and month/day/year both live in English texts).
    (
        "num",
        r"(?<![\d/.\-])(?P<num_a>\d{1,2})(?P<num_sep>[/\-])(?P<num_b>\d{1,2})(?P=num_sep)"
        r"(?P<num_y>(?:19|20)\d{2})(?![\d/\-])",
    ),
    # "On 7.12.1992", "midnight of 9.2.1993": day, month and year with points, as Indian,
    # European and Russian texts write them (a month-first order uses slashes).
    (
        "dot",
        r"(?<![\d.])(?P<dot_d>0?[1-9]|[12]\d|3[01])\.(?P<dot_m>0?[1-9]|1[0-2])\."
        r"(?P<dot_y>(?:19|20)\d{2})(?!\d|\.\d)",
    ),
    ("my", rf"(?P<my_m>{MONTH_FULL}),?[^\S\r\n]+(?P<my_y>(?:19|20)\d{{2}})(?!\d)"),
    (
        # "on this day alone one year ago", "a year ago today": the report's day, years back.
        "anniv",
        rf"(?i:(?:on[^\S\r\n]+)?this[^\S\r\n]+day(?:[^\S\r\n]+alone)?[^\S\r\n]+"
        rf"(?P<anniv_n>\d{{1,2}}|{_SMALL_NUM}|a)[^\S\r\n]+years?[^\S\r\n]+ago|"
        rf"(?P<anniv_m>\d{{1,2}}|{_SMALL_NUM}|a)[^\S\r\n]+years?[^\S\r\n]+ago[^\S\r\n]+"
        r"(?:today|this[^\S\r\n]+day))",
    ),
    (
        "ago",
        rf"(?P<ago_n>\d{{1,2}}|(?i:{_SMALL_NUM}|a))[^\S\r\n]+(?P<ago_u>days?|weeks?)[^\S\r\n]+ago",
    ),
    (
        "rel",
        r"(?i:the[^\S\r\n]+day[^\S\r\n]+before[^\S\r\n]+yesterday|yesterday|today|tonight|tomorrow|"
        r"this[^\S\r\n]+(?:morning|afternoon|evening)|last[^\S\r\n]+night|earlier[^\S\r\n]+today|"
        r"(?:earlier[^\S\r\n]+)?this[^\S\r\n]+week|last[^\S\r\n]+week|next[^\S\r\n]+week|last[^\S\r\n]+month|"
        r"this[^\S\r\n]+month|next[^\S\r\n]+month|last[^\S\r\n]+year|this[^\S\r\n]+year|next[^\S\r\n]+year)",
    ),
    (
        "wd",
        rf"(?:(?P<wd_mod>[Ll]ast|[Nn]ext|[Tt]his)[^\S\r\n]+)?(?P<wd_d>{WEEKDAY})"
        r"(?:[^\S\r\n]+(?:morning|afternoon|evening|night))?",
    ),
    ("lm", rf"[Ll]ast[^\S\r\n]+(?P<lm_m>{MONTH_FULL})"),
    (
        "ym",
        r"(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ff]rom|[Ee]arly|[Ll]ate|[Mm]id-?)"
        rf"[^\S\r\n]+(?P<ym_m>{MONTH_FULL})(?![^\S\r\n]*\d)",
    ),
    (
        "yr",
        r"(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ff]rom|[Oo]f|[Tt]he)[^\S\r\n]+"
        r"(?P<yr_y>(?:19|20)\d{2})(?![\d,.]\d|-\d|[^\W_])",
    ),
)
_DATE_RE = re.compile(
    r"(?<![^\W_])(?:"
    + "|".join(f"(?P<{kind}>{body})" for kind, body in _DATE_ALTERNATIVES)
    + r")(?![^\W_])"
)


# A capitalized word right after a day and month ("March 4 Equality", "April 6 Youth"): with
# "the" before, the day names a group or an event, as "the March 14 Alliance" does.
_NAMED_FOR_A_DAY = re.compile(r"[^\S\r\n]+[A-Z][a-z]")


def _date_matches(doc: Doc) -> list[re.Match[str]]:
    """Matches of the date pattern, tried only around digits, month, weekday and time words.

    Every date expression holds one of those anchors and is shorter than the margin, so the
    result equals a full scan.
    """
    ft, body = doc.ft, doc.body
    windows: list[list[int]] = []
    for a in _DATE_ANCHOR_RE.finditer(doc.lower, body):
        lo, hi = max(body, a.start() - 40), min(len(ft), a.end() + 40)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    return [m for lo, hi in windows for m in _DATE_RE.finditer(ft, lo, hi)]


def _parse_ref(ref_date: str | date | None) -> date | None:
    if ref_date is None:
        return None
    if isinstance(ref_date, date):
        return ref_date
    try:
        return date.fromisoformat(str(ref_date).strip()[:10])
    except ValueError:
        return None


def _ymd(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _infer_year(month: int, ref: date | None) -> int | None:
    if ref is None:
        return None
    return ref.year - 1 if month > ref.month else ref.year


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _month_day(m: re.Match[str]) -> tuple[int, int]:
    """(month, day) of a day-and-month match ("md" or "dm")."""
    kind = m.lastgroup
    return MONTHS[m.group(f"{kind}_m").rstrip(".").lower()], int(m.group(f"{kind}_d"))


def _count(said: str) -> int:
    """A count as written: "a", a digit or a small number word."""
    low = said.lower()
    return 1 if low == "a" else int(low) if low.isdigit() else NUMBER_WORDS[low]


def _resolve_date(
    m: re.Match[str], ref: date | None
) -> tuple[int, int, str | None, str | None, bool]:
    """(span start, span end, iso, period, relative) for one match, folded offsets."""
    g = m.group
    kind = m.lastgroup
    if kind in ("md", "dm"):
        month, day = _month_day(m)
        year_s = g(f"{kind}_y")
        relative = year_s is None
        year = int(year_s) if year_s else _infer_year(month, ref)
        if g(f"{kind}_ly") is not None:
            year = ref.year - 1 if ref is not None else None
        iso = _ymd(year, month, day) if year else None
        return m.start(), m.end(), iso, None, relative
    if kind in ("iso", "dot"):
        y, mo, d = (int(g(f"{kind}_{part}")) for part in "ymd")
        return m.start(), m.end(), _ymd(y, mo, d), None, False
    if kind == "num":
        a, b = int(g("num_a")), int(g("num_b"))
        if a > 12 >= b or a == b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:  # "3/4/2019": March 4 or 3 April
            return m.start(), m.end(), None, None, False
        return m.start(), m.end(), _ymd(int(g("num_y")), month, day), None, False
    if kind == "my":
        return (
            m.start(),
            m.end(),
            None,
            f"{int(g('my_y')):04d}-{MONTHS[g('my_m').lower()]:02d}",
            False,
        )
    if kind == "anniv":
        n = _count(g("anniv_n") or g("anniv_m"))
        iso = _ymd(ref.year - n, ref.month, ref.day) if ref else None
        return m.start(), m.end(), iso, None, True
    if kind == "ago":
        days = _count(g("ago_n")) * (7 if g("ago_u").lower().startswith("week") else 1)
        iso = (ref - timedelta(days=days)).isoformat() if ref else None
        return m.start(), m.end(), iso, None, True
    if kind == "rel":
        phrase = " ".join(g("rel").lower().split())
        if ref is None:
            return m.start(), m.end(), None, None, True
        offsets = {"yesterday": -1, "last night": -1, "the day before yesterday": -2, "tomorrow": 1}
        if phrase in offsets:
            return (
                m.start(),
                m.end(),
                (ref + timedelta(days=offsets[phrase])).isoformat(),
                None,
                True,
            )
        if phrase.endswith("week"):
            shift = {"last": -7, "next": 7}.get(phrase.split()[0], 0)
            return m.start(), m.end(), None, _week(ref + timedelta(days=shift)), True
        if phrase.endswith("month"):
            y, mo = ref.year, ref.month + {"last": -1, "next": 1}.get(phrase.split()[0], 0)
            y, mo = (y - 1, 12) if mo == 0 else (y + 1, 1) if mo == 13 else (y, mo)
            return m.start(), m.end(), None, f"{y:04d}-{mo:02d}", True
        if phrase.endswith("year"):
            y = ref.year + {"last": -1, "next": 1}.get(phrase.split()[0], 0)
            return m.start(), m.end(), None, f"{y:04d}", True
        return m.start(), m.end(), ref.isoformat(), None, True  # today, tonight, this morning
    if kind == "wd":
        if ref is None:
            return m.start(), m.end(), None, None, True
        wd = WEEKDAYS[g("wd_d").lower()]
        mod = (g("wd_mod") or "").lower()
        if mod == "next":
            delta = (wd - ref.weekday()) % 7 or 7
            return m.start(), m.end(), (ref + timedelta(days=delta)).isoformat(), None, True
        delta = (ref.weekday() - wd) % 7
        if mod == "last" and delta == 0:
            delta = 7
        return m.start(), m.end(), (ref - timedelta(days=delta)).isoformat(), None, True
    if kind == "lm":
        if ref is None:
            return m.start(), m.end(), None, None, True
        month = MONTHS[g("lm_m").lower()]
        year = ref.year if month < ref.month else ref.year - 1
        return m.start(), m.end(), None, f"{year:04d}-{month:02d}", True
    if kind == "ym":
        month = MONTHS[g("ym_m").lower()]
        year = _infer_year(month, ref)
        period = f"{year:04d}-{month:02d}" if year else None
        return m.start("ym_m"), m.end("ym_m"), None, period, True
    # kind == "yr"
    return m.start("yr_y"), m.end("yr_y"), None, g("yr_y"), False


def find_dates(text: str | Doc, ref_date: str | None = None) -> list[DateCue]:
    """Date expressions, resolved against ``ref_date`` (the document date, YYYY-MM-DD) if given.

    Reads "February 28", "Feb. 28", "28 February 2026", "March 1, 2026", "Tuesday, January 15,
    2019", "2026-03-01", weekdays, "yesterday", "today", "this morning", "last night", "three days
    ago", "last week/month/year", "last June", "in March", "in 2003" and "January 2026". A date
    without a year takes the document's year, or the year before when its month is later than the
    document's month. Without ``ref_date``, a date without a year takes the year that puts it on
    or after the latest month the text names with its year ("in June 2025 ... on March 16" is
    2026-03-16, marked ``inferred``); weekdays and "yesterday" stay unresolved.
    """
    doc = read(text)
    ref = _parse_ref(ref_date)
    matches = _date_matches(doc)
    latest = _latest_dated_month(matches) if ref is None else None
    # An undated log that stamps its entries ("| 2020-05-30") then says "a May 30th protest".
    named = _days_named_with_year(matches) if ref is None else {}
    out: list[DateCue] = []
    for m in matches:
        if m.lastgroup in ("md", "dm") and _NAMED_FOR_A_DAY.match(doc.ft, m.end()):
            before = doc.lower[max(0, m.start() - 4) : m.start()]
            if before.endswith("the "):
                continue  # "the March 4 Equality protest", "the April 6 Youth Movement": a name
        fs, fe, iso, period, relative = _resolve_date(m, ref)
        inferred = False
        if iso is None and m.lastgroup in ("md", "dm"):
            iso = named.get(_month_day(m))
            if iso is None and latest is not None:
                iso = _after_month(m, latest)
            inferred = iso is not None
        s, e = doc.span(fs, fe)
        out.append(DateCue(s, e, doc.text[s:e], iso, period, relative, inferred))
    return out


def _latest_dated_month(matches: list[re.Match[str]]) -> tuple[int, int] | None:
    """The latest (year, month) the text names with its year: "June 2025", "March 1, 2026"."""
    seen: list[tuple[int, int]] = []
    for m in matches:
        g, kind = m.group, m.lastgroup
        if kind in ("md", "dm") and g(f"{kind}_y"):
            seen.append((int(g(f"{kind}_y")), _month_day(m)[0]))
        elif kind == "iso":
            seen.append((int(g("iso_y")), int(g("iso_m"))))
        elif kind == "my":
            seen.append((int(g("my_y")), MONTHS[g("my_m").lower()]))
    return max(seen) if seen else None


def _days_named_with_year(matches: list[re.Match[str]]) -> dict[tuple[int, int], str]:
    """The days the text names with their year, by (month, day), where only one year has it."""
    years: dict[tuple[int, int], set[int]] = {}
    for m in matches:
        g, kind = m.group, m.lastgroup
        if kind in ("md", "dm") and g(f"{kind}_y"):
            years.setdefault(_month_day(m), set()).add(int(g(f"{kind}_y")))
        elif kind == "iso":
            years.setdefault((int(g("iso_m")), int(g("iso_d"))), set()).add(int(g("iso_y")))
    found: dict[tuple[int, int], str] = {}
    for (month, day), ys in years.items():
        iso = _ymd(min(ys), month, day) if len(ys) == 1 else None
        if iso is not None:
            found[(month, day)] = iso
    return found


def _after_month(m: re.Match[str], latest: tuple[int, int]) -> str | None:
    """An undated report's "March 16": the first March 16 on or after the latest dated month.

    News tells what is new without a year and what is past with one ("the war in June 2025 ...
    on March 16"): the yearless days are the latest ones.
    """
    month, day = _month_day(m)
    year = latest[0] if month >= latest[1] else latest[0] + 1
    return _ymd(year, month, day)


def figure_readings(date_text: str) -> set[str]:
    """Both days a date in figures whose day and month could be swapped may be ("3/4/2019":
    2019-03-04 or 2019-04-03); empty where the phrase holds none."""
    days: set[str] = set()
    for m in _DATE_RE.finditer(" ".join((date_text or "").split())):
        if m.lastgroup == "num":
            a, b, y = int(m.group("num_a")), int(m.group("num_b")), int(m.group("num_y"))
            days |= {iso for iso in (_ymd(y, a, b), _ymd(y, b, a)) if iso}
    return days


def normalize_date(date_text: str, ref_date: str | None = None) -> str | None:
    """The ISO day a bare date phrase means ("Feb 28", "on Thursday", "yesterday"), or None."""
    phrase = " ".join((date_text or "").split())
    if not phrase:
        return None
    ref = _parse_ref(ref_date)
    for m in _DATE_RE.finditer(phrase):
        iso = _resolve_date(m, ref)[2]
        if iso:
            return iso
    return None
