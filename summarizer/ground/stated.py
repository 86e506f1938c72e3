"""What a text states in numbers and names, for checking a capable model's words against it: the
numbers a passage gives (a toll the model reports must be one of them), and the summary
sentences whose every name and number the document holds."""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.core.fold import fold
from summarizer.ground.speakers import NAME_WORD

NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
NUMBER_WORDS.update({"dozen": 12, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100})
DIGITS = re.compile(r"\d[\d,.]*\d|\d")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def numbers_in(passage: str) -> set[int]:
    """The whole numbers a passage gives in digits or in words ("12", "1,200", "twelve")."""
    numbers = {
        int(n.replace(",", "")) for n in DIGITS.findall(passage) if n.replace(",", "").isdigit()
    }
    low = passage.lower()
    return numbers | {v for w, v in NUMBER_WORDS.items() if re.search(rf"\b{w}\b", low)}


def stated_sentences(
    written: list[str], text: str, date: str | None, count: Callable[[str, str], None]
) -> list[str]:
    """The sentences of `written` whose every capitalised name and every number the document
    `text` holds (the report's own `date` may be written out), each once; a sentence dropped
    is counted (kind, warning)."""
    kept: list[str] = []
    folded_text = fold(text)
    digits = {n.replace(",", "") for n in DIGITS.findall(text)}
    digits |= {str(v) for w, v in NUMBER_WORDS.items() if re.search(rf"\b{w}\b", folded_text)}
    # The report's own date may be written out in a summary ("on 2 February 2026").
    day = date or ""
    digits |= {p.lstrip("0") or "0" for p in day.split("-")} | set(day.split("-"))
    for part in written:
        for sentence in _SENTENCE_END.split(" ".join(part.split())):
            if not sentence:
                continue
            words = [m for m in NAME_WORD.finditer(sentence) if m.start() > 0]
            parts = [
                p
                for m in words
                for p in re.split(r"[-–]", re.sub(r"['’]s$", "", m.group().rstrip(".")))
                if p[:1].isupper()
            ]
            missing = [p for p in parts if fold(p) not in folded_text]
            missing += [n for n in DIGITS.findall(sentence) if n.replace(",", "") not in digits]
            if missing:
                count(
                    "summary_sentences_dropped",
                    f"summary sentence dropped: {', '.join(missing[:3])} not in the document",
                )
                continue
            if sentence not in kept:
                kept.append(sentence)
    return kept


__all__ = ["DIGITS", "NUMBER_WORDS", "numbers_in", "stated_sentences"]
