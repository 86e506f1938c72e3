"""Locating what the model wrote in the source: exact and folded search, original offsets."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

from summarizer.core.fold import FoldedText, Locator, fold

ROOT = Path(__file__).resolve().parent.parent
WIKINEWS = ROOT / "tests" / "data" / "eval-data" / "wikinews_en" / "wikinews_selected.jsonl"
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c")


def span_text(text: str, needle: str, **kwargs: int) -> str | None:
    span = Locator(text).locate(needle, **kwargs)
    return None if span is None else text[span[0] : span[1]]


def test_exact_match_gives_python_offsets(seed_text: str) -> None:
    needle = "Kataib Hezbollah threatened a prolonged conflict"
    span = Locator(seed_text).locate(needle)
    assert span == (seed_text.index(needle), seed_text.index(needle) + len(needle))


def test_straight_quotes_find_curly_source(seed_text: str) -> None:
    assert "Baghdad’s Green Zone" in seed_text
    assert span_text(seed_text, "Baghdad's Green Zone") == "Baghdad’s Green Zone"
    needle = 'Iraqi Kurdistan "with a squadron of drones."'
    assert span_text(seed_text, needle) == "Iraqi Kurdistan “with a squadron of drones.”"


def test_curly_quotes_find_straight_source() -> None:
    text = 'The mayor said "we are safe" and the army\'s spokesman agreed.'
    assert span_text(text, "said “we are safe”") == 'said "we are safe"'
    assert span_text(text, "army’s spokesman") == "army's spokesman"


def test_dashes_fold_to_hyphen(seed_text: str) -> None:
    got = span_text(seed_text, "Iraqi security forces-the Basrah Operations Command")
    assert got == "Iraqi security forces—the Basrah Operations Command"


def test_whitespace_runs_and_line_breaks_fold(seed_text: str) -> None:
    assert span_text(seed_text, "Iraqi   militias\n  claimed 16") == "Iraqi militias claimed 16"
    # A paragraph break in the source matches a single space in the needle.
    got = span_text(seed_text, "Iraq on February 28 and March 1. The Islamic Resistance")
    assert got == "Iraq on February 28 and March 1.\n\nThe Islamic Resistance"


def test_crlf_source_keeps_its_own_offsets() -> None:
    text = "First line ends here.\r\nSecond  line\r\n\r\nthird paragraph."
    span = Locator(text).locate("here. Second line third")
    assert span is not None
    assert text[span[0] : span[1]] == "here.\r\nSecond  line\r\n\r\nthird"
    assert span[0] == text.index("here.")


def test_nfd_needle_finds_nfc_source() -> None:
    text = "Le Café Müller a été touché par un obus."
    needle = unicodedata.normalize("NFD", "Café Müller a été touché")
    assert needle not in text
    assert span_text(text, needle) == "Café Müller a été touché"


def test_nfc_needle_finds_nfd_source_without_splitting_characters() -> None:
    text = unicodedata.normalize("NFD", "Le Café Müller a été touché par un obus.")
    got = span_text(text, "Café Müller a été touché")
    assert got == unicodedata.normalize("NFD", "Café Müller a été touché")
    # The trailing combining accent of "touché" belongs to the span.
    assert got is not None and got.endswith("e\u0301")


def test_zero_width_characters_are_ignored_both_ways() -> None:
    text = "Fighters of Ka\u200btaib Hez\u200dbollah\u00ad attacked the base."
    assert span_text(text, "Kataib Hezbollah attacked") == (
        "Ka\u200btaib Hez\u200dbollah\u00ad attacked"
    )
    plain = "Fighters of Kataib Hezbollah attacked the base."
    assert span_text(plain, "Kataib\u200b Hezbollah\ufeff") == "Kataib Hezbollah"


def test_case_is_folded(seed_text: str) -> None:
    assert span_text(seed_text, "KATAIB HEZBOLLAH THREATENED") == "Kataib Hezbollah threatened"


def test_absent_or_blank_needles_are_none(seed_text: str) -> None:
    loc = Locator(seed_text)
    assert loc.locate("We will never negotiate with the occupiers") is None
    assert loc.locate("") is None
    assert loc.locate("   \n ") is None
    assert loc.locate("x") is None


def test_surrounding_quotes_and_spaces_are_trimmed(seed_text: str) -> None:
    got = span_text(seed_text, '  "with a squadron of drones."  ')
    assert got is not None and got.startswith("with a squadron of drones")


def test_near_prefers_the_later_occurrence() -> None:
    text = "“Hold the line,” said one. Later, “hold the line,” said another."
    first = text.index("Hold the line")
    second = text.index("hold the line")
    loc = Locator(text)
    assert loc.locate("hold the line") == (second, second + 13)  # exact match wins
    assert loc.locate("HOLD THE LINE") == (first, first + 13)
    assert loc.locate("HOLD THE LINE", near=first + 1) == (second, second + 13)
    # Nothing after `near`: fall back to the first occurrence rather than losing the item.
    assert loc.locate("Hold the line", near=second) == (first, first + 13)


def test_near_picks_the_later_occurrence_in_a_folded_match() -> None:
    text = "He said ‘we hold’ at dawn.\n\nAt dusk he said ‘we hold’ again."
    later = text.rindex("‘we hold’")
    span = Locator(text).locate("said 'we hold'", near=later - 10)
    assert span is not None and span[0] == later - 5
    assert text[span[0] : span[1]] == "said ‘we hold’"


def test_find_all_is_whole_word(seed_text: str) -> None:
    loc = Locator(seed_text)
    spans = loc.find_all("Iraq")
    expected = [m.span() for m in re.finditer(r"(?<![^\W_])iraq(?![^\W_])", seed_text, re.I)]
    assert spans == expected
    assert all(seed_text[s:e] == "Iraq" for s, e in spans)
    # "Iraqi" occurs many times and is never counted as "Iraq".
    assert seed_text.count("Iraqi") > 5
    assert all(seed_text[e : e + 1] != "i" for _, e in spans)


def test_find_all_without_whole_word_finds_inside_words() -> None:
    text = "Iraqi forces entered Iraq."
    loc = Locator(text)
    assert loc.find_all("Iraq") == [(21, 25)]
    assert loc.find_all("Iraq", whole_word=False) == [(0, 4), (21, 25)]
    assert loc.find_all("q") == []


def test_find_all_maps_folded_matches_back(seed_text: str) -> None:
    spans = Locator(seed_text).find_all("Baghdad's Green Zone")
    assert [seed_text[s:e] for s, e in spans] == ["Baghdad’s Green Zone"]


def test_right_to_left_arabic_offsets_are_exact() -> None:
    text = "قال المتحدث باسم الجيش في بيان: «لن نستسلم أبداً» ثم غادر."
    needle = "لن نستسلم أبداً"
    start = text.index(needle)
    assert Locator(text).locate(needle) == (start, start + len(needle))
    # Without the hamza and the tanween (as a model may write it): folded, same characters.
    got = Locator(text).locate("لن نستسلم ابدا")
    assert got == (start, start + len(needle))
    # Guillemets fold like quotes; the span is still the source's own characters.
    assert span_text(text, '"لن نستسلم أبداً"') == needle


def test_bidi_marks_inside_arabic_text_are_skipped() -> None:
    text = "بيان الجيش:\u200f لن نستسلم\u200f أبداً."
    got = span_text(text, "لن نستسلم أبداً")
    assert got == "لن نستسلم\u200f أبداً"


def test_fold_is_idempotent() -> None:
    for s in ["Baghdad’s “Green” Zone — Ka\u200btaib", "CAFE\u0301  Müller\r\n", "«لن»"]:
        assert fold(fold(s)) == fold(s)


# --------------------------------------------------------------------------------------------
# Randomized property: substrings of real documents, mutated the way a model mangles them
# --------------------------------------------------------------------------------------------


def _corpus() -> list[tuple[str, str]]:
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for line in WIKINEWS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            docs.append((record.get("id", "wikinews"), record["text"]))
    return docs


_SWAPS = {
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "'": "’",
    '"': "“",
    "—": "-",
    "–": "-",
    "-": "–",
    "\u00a0": " ",
}


def _mutate(rng: random.Random, s: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(s):
        c = s[i]
        if c.isspace():
            j = i
            while j < len(s) and s[j].isspace():
                j += 1
            out.append(rng.choice([" ", "  ", "\n", " \t", "\r\n", s[i:j]]))
            i = j
            continue
        if c in _SWAPS and rng.random() < 0.7:
            out.append(_SWAPS[c])
        elif c.isascii() and c.isalpha() and rng.random() < 0.2:
            out.append(c.swapcase())
        else:
            out.append(c)
        i += 1
    mutated = "".join(out)
    if rng.random() < 0.3:
        mutated = unicodedata.normalize("NFD", mutated)
    return mutated


def _word_bounded_substring(rng: random.Random, text: str) -> tuple[int, int] | None:
    for _ in range(20):
        length = rng.randint(8, 160)
        start = rng.randrange(0, max(1, len(text) - length))
        end = min(len(text), start + length)
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if end - start >= 6 and text[start:end].strip():
            return start, end
    return None


def test_random_mutated_substrings_are_located_at_their_own_offsets() -> None:
    corpus = _corpus()
    assert len(corpus) >= 2
    rng = random.Random(20260301)
    checked = 0
    failures: list[str] = []
    for name, text in corpus:
        loc = Locator(text)
        for _ in range(60):
            picked = _word_bounded_substring(rng, text)
            if picked is None:
                continue
            start, end = picked
            needle = _mutate(rng, text[start:end])
            span = loc.locate(needle, near=start)
            checked += 1
            if span is None:
                failures.append(f"{name}: not found: {needle!r}")
                continue
            s, e = span
            # The span starts where the passage does and ends at its last character, widened
            # only over invisible characters and combining marks that belong to it.
            tail = text[end:e]
            ok = (
                s == start
                and e >= end
                and all(c in _INVISIBLE or unicodedata.combining(c) for c in tail)
            )
            if not ok:
                failures.append(f"{name}: {needle!r} -> {text[s:e]!r} at {span}, want {picked}")
    assert checked > 500
    assert failures == []


def test_fold_of_ascii_text_is_what_the_folded_text_gives() -> None:
    # fold() takes a short cut for ASCII; it must agree with FoldedText on every kind of
    # character: whitespace runs (\x1c to \x1f count as whitespace), backticks, quotes, case.
    alphabet = [chr(c) for c in range(128)]
    rng = random.Random(4)
    samples = ["", " ", "\t\x1c\x1f ", " Kataib  Hezbollah\n", "`Ali` al-Sadr's", "U.S.\x0b\x0cA"]
    samples += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3000)
    ]
    for text in samples:
        assert fold(text) == FoldedText(text).folded.strip(), repr(text)
