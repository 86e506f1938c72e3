"""When an event happened: every strategy's event dates are decided here.

- The spans strategy (`sentence_day`): the day a sentence gives its own events (`own_days`: not
  the day of a report, "As reported on August 25, 2022, I directed strikes", nor of an event it
  only refers to, "These August 15 attacks followed"; a day counted from another, "three days
  after April 15, 2013", is shifted), else a relative phrase ("a day earlier", "the same day")
  counted from the event told before, else the day of the event the sentence refers back to
  ("The attacks occurred at 4 a.m."), else the day named earlier in its paragraph (not one that
  starts a period, "since February 28", nor one still to come, "scheduled for October 16", nor a
  photo caption's), else, for a time of day alone ("At about 11:00", "over the past 24 hours"),
  the report's own day. A sentence that names several days gives one event per place and day
  (`place_days`).
- The judge strategy (`model_date`): the day code resolves from the model's date words and the
  document date; the model's own day stands only where code cannot resolve the words and the
  text dates a day so (or it is the report's own day); a model date that disagrees is replaced,
  and date words the text lacks are dropped.
- The plain strategy (`words_date`): the day code resolves from the model's date words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Collection, Sequence
from typing import Protocol

from summarizer.extract.candidates import Finds
from summarizer.find.dates import figure_readings, normalize_date
from summarizer.find.reading import lower_same
from summarizer.find.types import Cue, DateCue
from summarizer.find.words import (
    DATELINE_BRACKETS,
    DATELINE_CITY,
    HSPACE,
    RELEASE_DASH,
    WEEKDAY,
    WEEKDAYS,
)

# A weekday named in an event's date words.
_WEEKDAY_WORD = re.compile(rf"\b(?:{WEEKDAY})\b", re.I)

RELATIVE_DAY = re.compile(
    r"\b(the same day|that day|that same day|a day (earlier|later|before|after)|"
    r"(?:that|the same) (?:night|evening|morning|afternoon)|"
    r"(?:one|two|three|four|five|six|seven|\d{1,2}) days (?:earlier|later)|"
    r"the (previous|next|following) day|the day (before|after))\b"
)
# "Since the campaign began on February 28, ...": where a period starts, not an event's day.
# "scheduled for October 16", "due on May 3": a day ahead, not the day of what is told next.
_AHEAD = re.compile(
    r"\b(?:scheduled|set|due|planned|expected|slated)\s+(?:for|on|to\s+\w+\s+on)\s+\Z"
)
# A photo caption: "FILE - A police officer stands outside the mosque, May 24, 2017."
_CAPTION = re.compile(r"\bFILE[^\S\r\n]*[-—–][^.!?\n]*\Z")
_SINCE = re.compile(r"\bsince\b[^.;]*\Z", re.I)
# A time of day ("at about 11:00", "As of 18:00", "at 4 a.m.") or the day up to the report
# ("over the past 24 hours", "overnight").
_UP_TO_REPORT = (
    r"\b(?:in|over|during|within)\s+the\s+(?:past|last|previous)\s+(?:24|twenty-four)\s+hours\b"
    # "overnight attacks", "put down a mutiny overnight": the night up to the report.
    r"|\bovernight\b"
)
_CLOCK = re.compile(
    r"\b(?:at|as of|around|about|by|since)\s+(?:(?:about|around|approximately)\s+)?"
    r"(?:[01]?\d|2[0-3])(?::[0-5]\d\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)(?!\w)"
    rf"|{_UP_TO_REPORT}",
    re.I,
)
# Date words that are the day up to the report and nothing else ("over the past 24 hours"), or
# the time of writing ("Even now I'm watching people trying to break in", "currently").
_ONLY_UP_TO_REPORT = re.compile(
    rf"\W*(?:{_UP_TO_REPORT}|(?:(?:right|even|just|as\s+of)\s+)?now|currently|"
    r"at\s+(?:the|this)\s+(?:moment|time|hour)|as\s+we\s+speak)\W*",
    re.I,
)


class Placed(Protocol):
    """A place a sentence names, where it starts, and whether it is only a qualifier."""

    name: str
    start: int
    weak: bool


def sentence_day(
    finds: Finds,
    sentence: Cue,
    dates: list[DateCue],
    last_iso: str | None,
    before: tuple[str | None, str | None] | None,
) -> tuple[str | None, str | None]:
    """The (day, date words) of the events of `sentence` (see the module docstring).

    Args:
        finds: The document's finders.
        sentence: The sentence that tells the events.
        dates: Its own days (`own_days`).
        last_iso: The day of the event told last, if any.
        before: The (day, date words) of the event the sentence refers back to, if any.
    """
    inside = sentence.text
    day = next((d for d in dates if d.iso), None)
    shown = day or (dates[0] if dates else None)
    iso = day.iso if day else None
    date_text = shown.text if shown else None
    if iso is None and last_iso is not None:
        # "A day earlier", "the same day": dated by the event reported just before.
        relative = RELATIVE_DAY.search(lower_same(inside))
        if relative:
            said = inside[relative.start() : relative.end()]  # as written, not lowered
            iso = shift(last_iso, said)
            date_text = date_text or said
    if iso is None and before is not None and before[0]:
        # "The attacks occurred at 4 a.m.": the day of the event referred to.
        iso, date_text = before
    if iso is None and not finds.dates_in(sentence.start, sentence.end):
        # News style: "On Saturday, drones hit Abqaiq. Fires broke out at 4 a.m." The day
        # named earlier in the same paragraph carries over to a sentence that names none.
        earlier = paragraph_day(finds, sentence)
        if earlier is not None:
            iso, date_text = earlier.iso, earlier.text
    if iso is None and not finds.dates_in(sentence.start, sentence.end):
        # "At about 11:00, Israeli forces reportedly killed ...", "killed over the past 24
        # hours": a time of day that names no day is on the report's own day.
        clock = _CLOCK.search(inside)
        if clock is not None and finds.ref_date:
            iso, date_text = finds.ref_date, clock.group()
    return iso, date_text


def _year_named(resolved: str, date: str, words: str, in_text: Callable[[str], bool]) -> bool:
    """Whether the model's `date` is code's `resolved` day in another year, where the date
    words give no year and the text names the model's."""
    if resolved[4:] != date[4:] or resolved[:4] == date[:4] or re.search(r"\d{4}", words):
        return False
    return in_text(date[:4])


def _week_ahead(resolved: str, date: str, reference: str) -> bool:
    """Whether the model's `date` is the same weekday a week after the day code `resolved`,
    and after the report's own day (`reference`): the coming one."""
    try:
        ours, theirs, report = (dt.date.fromisoformat(x) for x in (resolved, date, reference))
    except ValueError:
        return False
    return theirs - ours == dt.timedelta(days=7) and theirs > report


def model_date(
    date_text: str | None,
    date: str | None,
    reference: str | None,
    *,
    in_text: Callable[[str], bool],
    text_days: Collection[str],
    count: Callable[[str, str], None],
) -> str | None:
    """The judge strategy's day of an event the model dated `date` from `date_text`.

    Args:
        date_text: The model's date words.
        date: The model's day (YYYY-MM-DD).
        reference: The document's date.
        in_text: Whether the text holds some words.
        text_days: The days the text itself dates, and the report's own.
        count: Records a change: (kind, warning).
    """
    words = date_text or ""
    said = bool(words) and in_text(words)  # the date words as the text has them
    resolved = normalize_date(words, reference) if said else None
    counted = _DAYS_FROM_START.match(words.lower())
    if resolved and counted:
        # "three days after April 15, 2013": the day counted from the day named.
        resolved = shift(resolved, counted.group())
    if resolved and date and _year_named(resolved, date, words, in_text):
        # "the October 7th massacre" in a report of 2026 that tells of "October 2023": the
        # model's year, which the text names, not the last October 7 before the report.
        resolved = date
    if words and not said:
        count("dates_dropped", f"date {date_text!r} dropped: not in the document")
    if said and resolved is None and reference and _ONLY_UP_TO_REPORT.fullmatch(words):
        # "over the past 24 hours", "overnight", "right now": the day up to the report, or
        # the time of writing, is the report's, whatever day the model gave or left out.
        resolved = reference
        if date is None:
            count("dates_resolved", f"event date {reference} resolved from {date_text!r}")
    if resolved and date and reference and _week_ahead(resolved, date, reference):
        # "a curfew will be in place ... starting Friday": the model reads the tense, and a
        # weekday still to come is the one after the report, not the one before.
        resolved = date
    if resolved and date and date != resolved and date in text_days and _named_weekday(words, date):
        # "On August 11 and 12, 2017, hundreds traveled to Charlottesville ... On Friday night":
        # the Friday of the days the text names, on which the model's day falls, not the last
        # Friday before the report.
        resolved = date
    if resolved is None and said and date is not None and date in figure_readings(words):
        # "on 3/4/2019": March 4 or 3 April; the model's reading of the two stands.
        resolved = date
    if resolved is None and date in text_days:
        # Date words code cannot resolve ("at about 11:00" in a flash update):
        # the model's day stands when the text dates a day so, or it is the report's own.
        # Code never puts a day where the model saw none (a "Today" beside "the 1994
        # bombing" is the day of the statement, not of the bombing).
        resolved = date
    if date and resolved and date != resolved:
        count("dates_replaced", f"event date {date} replaced by {resolved} (from {date_text!r})")
    elif date and resolved is None:
        count("dates_dropped", f"event date {date} dropped: the text gives no day")
    return resolved


def _named_weekday(words: str, date: str) -> bool:
    """Whether `words` name the weekday `date` (YYYY-MM-DD) falls on ("On Friday night")."""
    named = _WEEKDAY_WORD.search(words)
    if named is None:
        return False
    try:
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return False
    return day.weekday() == WEEKDAYS[named.group().lower()]


def words_date(date_text: str | None, reference: str | None) -> str | None:
    """The plain strategy's day of an event: what code resolves from the model's date words."""
    return normalize_date(date_text, reference) if date_text else None


def place_days(days: list[DateCue], sites: Sequence[Placed]) -> list[tuple[str | None, DateCue]]:
    """(place, day) pairs of a sentence that names several days: each day goes with the place
    named last before it (a day named before any place gets the sentence's main place). Empty
    when the sentence names a single day."""
    if len(days) < 2:
        return []
    strong = [s for s in sites if not s.weak]
    ordered = sorted(strong, key=lambda s: s.start)
    pairs: list[tuple[str | None, DateCue]] = []
    for d in days:
        before = [s for s in ordered if s.start < d.start]
        place = before[-1].name if before else (strong[0].name if strong else None)
        if all((p, e.iso) != (place, d.iso) for p, e in pairs):
            pairs.append((place, d))
    return pairs


def paragraph_day(finds: Finds, sentence: Cue) -> DateCue | None:
    """The last resolved day before a sentence within its paragraph, if any.

    A day that starts a period ("since February 28") is not carried over.
    """
    for d in reversed(finds.dates):
        if d.start >= sentence.start or not d.iso:
            continue
        between = finds.text[d.end : sentence.start]
        if "\n\n" in between.replace("\r", "") or len(between) > 600:
            return None
        if _SINCE.search(finds.text, max(0, d.start - 120), d.start):
            return None
        if _AHEAD.search(finds.text, max(0, d.start - 40), d.start):
            continue  # "sentencing is scheduled for October 16": a day still to come
        if _CAPTION.search(finds.text, max(0, d.start - 300), d.start):
            continue  # "FILE - Police stand outside the mosque, May 24, 2017.": a photo's day
        return d
    return None


_COUNT = re.compile(r"(one|two|three|four|five|six|seven|\d{1,2}) days\b")
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
# "As reported on August 25, 2022, I directed strikes ... on August 23": the day of a report.
# "briefing journalists on Monday", "told reporters on Tuesday": the day the news was given.
_REPORTED_ON = re.compile(
    r"\b(?:reported|announced|notified|informed you|(?:briefing|told|telling)"
    r"(?:\s+(?:the\s+)?(?:journalists|reporters|the\s+press|correspondents))?)\s+(?:on|in)\s+\Z"
)
# "said on Friday", "announced Monday": the day something was told.
_SAID_ON = re.compile(
    r"\b(?:said|says|stated|added|announced|confirmed|claimed|reported|told\s+\w+)\s+(?:on\s+)?\Z"
)
# A day counted from a day named: "three days after April 15, 2013".
_COUNTED_FROM = r"(?:one|two|three|four|five|six|seven|\d{1,2}) days (?:after|before)"
# The model's date words that open so.
_DAYS_FROM_START = re.compile(rf"{_COUNTED_FROM}\b")
# The words before a date in the text: "three days after April 15, 2013, bombing".
_DAYS_FROM = re.compile(rf"\b{_COUNTED_FROM}\s+\Z")


def own_days(finds: Finds, sentence: Cue, plain: str) -> list[DateCue]:
    """The days a sentence gives its own events: not the day of a report ("As reported on
    August 25, 2022, I directed strikes") or of an event it only refers to ("These August 15
    attacks followed"), nor a dateline's when the sentence gives another; a day counted from
    another ("three days after April 15, 2013") is shifted. `plain` is the sentence with its
    references to other events blanked out."""
    own: list[DateCue] = []
    for d in finds.dates_in(sentence.start, sentence.end):
        i = d.start - sentence.start
        if plain[i : i + 1] == " " != sentence.text[i : i + 1]:
            continue  # inside a reference
        if _REPORTED_ON.search(finds.low, max(sentence.start, d.start - 30), d.start):
            continue
        counted = _DAYS_FROM.search(finds.low, max(sentence.start, d.start - 30), d.start)
        if counted is not None and d.iso:
            said = finds.text[counted.start() : d.end]
            shifted = shift(d.iso, said)
            d = dataclasses.replace(d, start=counted.start(), text=said, iso=shifted)
        own.append(d)
    # "KABUL, Afghanistan (August 5) - ... killed ... yesterday": the dateline's day is the
    # day the story was filed; the sentence's own day, when it gives one, is the event's.
    filed = [
        d
        for d in own
        if (_DATELINE_DAY.match(finds.text, d.end) and _opens(finds, d, sentence))
        # "SEOUL, Aug. 20 (Yonhap) -- North Korea's newspaper blasted ... on Tuesday".
        or (
            _CITY_BEFORE.fullmatch(finds.text, sentence.start, d.start)
            and _OUTLET_AFTER.match(finds.text, d.end)
        )
    ]
    # "The U.S. military said on Friday its forces struck ... on Thursday": the day of the
    # telling is not the event's when the sentence gives the event one.
    told = [
        d for d in own if _SAID_ON.search(finds.low, max(sentence.start, d.start - 20), d.start)
    ]
    return (
        [d for d in own if d not in filed and d not in told]
        or [d for d in own if d not in filed]
        or own
    )


def _opens(finds: Finds, d: DateCue, sentence: Cue) -> bool:
    """True for a date in brackets within a sentence's first words (a dateline's)."""
    return d.start - sentence.start < 80 and finds.text[d.start - 1 : d.start] == "("


# What closes a dateline's date: "(August 5) -", "(Dec. 11, 2010) –".
_DATELINE_DAY = re.compile(rf"[^()\n]{{0,12}}\){HSPACE}*{RELEASE_DASH}")
# A dateline's day after its city: "SEOUL, " before it, " (Yonhap) --" after it.
_CITY_BEFORE = re.compile(rf"\s*{DATELINE_CITY},{HSPACE}*")
_OUTLET_AFTER = re.compile(rf"{HSPACE}*{DATELINE_BRACKETS}{RELEASE_DASH}")


def counted_day(last: str, phrase: str, model_day: str | None) -> str | None:
    """The day a relative phrase names, counted from the event told before (`shift`); or the
    model's day where it lies as many days the other way: "His killing comes the day after
    Israeli forces launched an invasion" dates the invasion the day before the killing, and
    which way the phrase points the model reads, the count the text gives."""
    day = shift(last, phrase)
    if day is None or model_day is None or model_day == day:
        return day
    start = dt.date.fromisoformat(last)  # valid: shift parsed it
    back = start - (dt.date.fromisoformat(day) - start)
    return model_day if back.isoformat() == model_day else day


def shift(iso: str, phrase: str) -> str | None:
    """The day a relative phrase names, counted from the previous event's day."""
    p = phrase.lower()
    count = _COUNT.match(p)
    n = 1 if count is None else _NUMBERS.get(count.group(1)) or int(count.group(1))
    delta = -n if any(w in p for w in ("earlier", "before", "previous")) else 0
    delta = n if any(w in p for w in ("later", "after", "next", "following")) else delta
    try:
        return (dt.date.fromisoformat(iso) + dt.timedelta(days=delta)).isoformat()
    except ValueError:
        return None


__all__ = [
    "RELATIVE_DAY",
    "Placed",
    "counted_day",
    "model_date",
    "own_days",
    "paragraph_day",
    "place_days",
    "sentence_day",
    "shift",
    "words_date",
]
