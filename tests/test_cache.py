"""Tests of the summary cache: keys, folder permissions, JSON-only storage, corrupt entries."""

from __future__ import annotations

import logging
import multiprocessing
import os
import stat
import threading
from pathlib import Path
from typing import Any

import diskcache
import pytest

from summarizer.core.schemas import Actor, Event, Evidence, Meta, Quote, Source, Span, Summary
from summarizer.store.cache import SummaryCache, cache_key, default_cache_dir, normalize_text

BASE: dict[str, Any] = {
    "model": "gemma3-270m",
    "base_url": "embedded",
    "prompt_hash": "p" * 64,
    "schema_hash": "s" * 64,
    "params": {"temperature": 0.0, "seed": 42, "max_tokens": 1024},
    "text": "date 2026-03-01\nShelling hit the town.\n",
}


def make_summary(n: int = 0) -> Summary:
    return Summary(
        doc_id=f"{n:064x}",
        source=Source(path="seeds/a.txt", date="2026-03-01"),
        summary=f"Shelling hit the town (run {n}). Über-naïve text, “curly” quotes.",
        actors=[Actor(name="Army", kind="military", mentions=[Span(start=0, end=4)])],
        events=[
            Event(
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                description="Shelling hit the town.",
                status="reported",
                fatalities=3,
                evidence=Evidence(text="Shelling hit the town.", start=16, end=38, verified=True),
            )
        ],
        quotes=[Quote(speaker="Mayor", text="We are safe", start=None, end=None)],
        meta=Meta(model="m", backend="fake", prompt_version="v1", schema_version="1.0"),
    )


# --------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------


def test_key_is_sha256_hex() -> None:
    key = cache_key(**BASE)
    assert len(key) == 64 and int(key, 16) >= 0
    assert cache_key(**BASE) == key


@pytest.mark.parametrize(
    "field, value",
    [
        ("model", "gpt-4o-mini"),
        ("base_url", "http://127.0.0.1:8080/v1"),
        ("prompt_hash", "q" * 64),
        ("schema_hash", "t" * 64),
        ("params", {"temperature": 0.2, "seed": 42, "max_tokens": 1024}),
        ("params", {"temperature": 0.0, "seed": 42}),
        ("text", "date 2026-03-01\nShelling hit the city.\n"),
        ("text", "date 2026-03-01\n\nShelling hit the town.\n"),
        ("extra", {"chunk": 2000}),
    ],
)
def test_key_changes_with_every_input(field: str, value: Any) -> None:
    assert cache_key(**{**BASE, field: value}) != cache_key(**BASE)


@pytest.mark.parametrize(
    "text",
    [
        "date 2026-03-01\r\nShelling hit the town.\r\n",
        "date 2026-03-01\rShelling hit the town.\r",
        "date 2026-03-01   \nShelling hit the town.  \n\n\n",
        "date 2026-03-01\nShelling hit the town.",
    ],
)
def test_key_ignores_line_ends_and_trailing_blanks(text: str) -> None:
    assert cache_key(**{**BASE, "text": text}) == cache_key(**BASE)


def test_key_same_for_nfc_and_nfd() -> None:
    nfc = "Café in Köln was hit."
    nfd = "Cafe\u0301 in Ko\u0308ln was hit."
    assert nfc != nfd
    assert cache_key(**{**BASE, "text": nfd}) == cache_key(**{**BASE, "text": nfc})


def test_key_independent_of_dict_order() -> None:
    a = cache_key(**{**BASE, "params": {"a": 1, "b": {"x": 1, "y": 2}}, "extra": {"k": 1, "j": 2}})
    b = cache_key(**{**BASE, "params": {"b": {"y": 2, "x": 1}, "a": 1}, "extra": {"j": 2, "k": 1}})
    assert a == b


def test_key_has_no_room_for_an_api_key() -> None:
    with pytest.raises(TypeError):
        cache_key(**BASE, api_key="sk-secret")  # type: ignore[call-arg]


def test_normalize_text() -> None:
    assert normalize_text("a \r\nb\t\r\n\r\n") == "a\nb"
    assert normalize_text("  leading kept") == "  leading kept"
    assert normalize_text("e\u0301") == "\u00e9"


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "x"))
    assert default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv("SUMMARIZER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "summarizer"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "summarizer"


# --------------------------------------------------------------------------------------------
# Folder and storage
# --------------------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_folder_mode_0700(tmp_path: Path) -> None:
    d = tmp_path / "deep" / "cache"
    with SummaryCache(d) as cache:
        assert cache.directory == d
    assert stat.S_IMODE(d.stat().st_mode) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_existing_wide_folder_is_tightened(tmp_path: Path) -> None:
    d = tmp_path / "cache"
    d.mkdir(mode=0o755)
    os.chmod(d, 0o755)
    SummaryCache(d).close()
    assert stat.S_IMODE(d.stat().st_mode) == 0o700


def test_default_folder_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "env-cache"))
    with SummaryCache() as cache:
        assert cache.directory == tmp_path / "env-cache"
        assert cache.enabled
    assert (tmp_path / "env-cache").is_dir()


def test_round_trip_returns_equal_model(tmp_path: Path) -> None:
    s = make_summary()
    with SummaryCache(tmp_path / "c") as cache:
        assert cache.get("k", Summary) is None
        cache.set("k", s)
        got = cache.get("k", Summary)
    assert got == s
    # A fresh object on the same folder (a second run) sees it too.
    with SummaryCache(tmp_path / "c") as cache:
        assert cache.get("k", Summary) == s


def test_large_value_round_trip(tmp_path: Path) -> None:
    # Over diskcache's 32 KB threshold the value goes to a file instead of SQLite.
    s = make_summary()
    s.summary = "x" * 100_000
    with SummaryCache(tmp_path / "c") as cache:
        cache.set("big", s)
        assert cache.get("big", Summary) == s


def test_value_is_stored_as_json_string(tmp_path: Path) -> None:
    s = make_summary()
    with SummaryCache(tmp_path / "c") as cache:
        cache.set("k", s)
    with diskcache.Cache(str(tmp_path / "c")) as raw:
        value = raw.get("k")
    assert isinstance(value, str)
    assert Summary.model_validate_json(value) == s


def test_json_variants(tmp_path: Path) -> None:
    with SummaryCache(tmp_path / "c") as cache:
        cache.set_json("adj", '{"a": [1, 2]}')
        assert cache.get_json("adj") == '{"a": [1, 2]}'
        assert cache.get_json("other") is None
        with pytest.raises(ValueError):
            cache.set_json("bad", "not json")
        assert cache.get_json("bad") is None


@pytest.mark.parametrize(
    "planted",
    [
        "not json {",
        12345,
        b"\x80\x04binary",
        {"a": "pickled dict"},
        '{"json": "but not a Summary"}',
    ],
    ids=["non-json-str", "int", "bytes", "pickled-object", "wrong-shape"],
)
def test_corrupt_entry_is_a_miss_and_removed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, planted: object
) -> None:
    d = tmp_path / "c"
    SummaryCache(d).close()
    with diskcache.Cache(str(d)) as raw:
        raw.set("k", planted)
    with caplog.at_level(logging.WARNING, logger="summarizer.store.cache"):
        with SummaryCache(d) as cache:
            assert cache.get("k", Summary) is None
    assert "treating it as a miss" in caplog.text
    with diskcache.Cache(str(d)) as raw:
        assert "k" not in raw


def test_pickled_entry_is_never_unpickled(tmp_path: Path) -> None:
    d = tmp_path / "c"
    SummaryCache(d).close()
    with diskcache.Cache(str(d)) as raw:
        raw.set("k", _Boom())
    _Boom.loaded = False
    with SummaryCache(d) as cache:
        assert cache.get_json("k") is None
    assert _Boom.loaded is False


class _Boom:
    loaded = False

    def __reduce__(self) -> tuple[Any, ...]:
        return (_mark_loaded, ())


def _mark_loaded() -> None:
    _Boom.loaded = True


def test_unreadable_value_file_is_a_miss(tmp_path: Path) -> None:
    d = tmp_path / "c"
    s = make_summary()
    s.summary = "y" * 100_000
    with SummaryCache(d) as cache:
        cache.set("k", s)
    # Garble the value file diskcache wrote for this large entry.
    files = [p for p in d.rglob("*.val")]
    assert files
    files[0].write_bytes(b"\xff\xfe garbage")
    with SummaryCache(d) as cache:
        assert cache.get("k", Summary) is None
        cache.set("k", s)
        assert cache.get("k", Summary) == s


@pytest.mark.parametrize("planted", ["../victim.txt", "ABSOLUTE", "ab/cd/link.val", "LINK"])
def test_a_tampered_entry_never_reads_or_deletes_outside_the_cache(
    tmp_path: Path, planted: str
) -> None:
    import sqlite3

    d = tmp_path / "c"
    victim = tmp_path / "victim.txt"
    victim.write_text('{"summary": "not the cache\'s"}', encoding="utf-8")
    s = make_summary()
    s.summary = "z" * 100_000  # over 32 KB: stored in a value file whose name is in the database
    with SummaryCache(d) as cache:
        cache.set("k", s)
    if planted == "ABSOLUTE":
        planted = str(victim)
    elif planted == "LINK":  # a symlink under a name of diskcache's own form
        real = next(d.rglob("*.val"))
        real.unlink()
        real.symlink_to(victim)
        planted = real.relative_to(d).as_posix()
    elif planted == "ab/cd/link.val":
        (d / "ab" / "cd").mkdir(parents=True)
        (d / planted).symlink_to(victim)
    with sqlite3.connect(d / "cache.db") as db:
        db.execute("UPDATE Cache SET filename = ?", (planted,))
    with SummaryCache(d) as cache:
        assert cache.get_json("k") is None  # a miss, not the victim's text
        assert cache.get("k", Summary) is None
        cache.set("k", s)  # the entry can be written afresh
        assert cache.get("k", Summary) == s
    assert victim.read_text(encoding="utf-8") == '{"summary": "not the cache\'s"}'


def test_disabled_cache_never_writes(tmp_path: Path) -> None:
    d = tmp_path / "off"
    with SummaryCache(d, enabled=False) as cache:
        assert not cache.enabled
        cache.set("k", make_summary())
        cache.set_json("j", "{}")
        assert cache.get("k", Summary) is None
        assert cache.get_json("j") is None
    assert not d.exists()


def test_write_failure_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlite3

    cache = SummaryCache(tmp_path / "c")

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(cache._cache, "set", full)
    with caplog.at_level(logging.WARNING, logger="summarizer.store.cache"):
        cache.set("k", make_summary())
    assert "disk is full" in caplog.text
    cache.close()


def test_unopenable_cache_runs_without_it(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger="summarizer.store.cache"):
        cache = SummaryCache(blocker / "cache")
    assert not cache.enabled
    cache.set("k", make_summary())
    assert cache.get("k", Summary) is None
    assert "cache disabled" in caplog.text


def test_garbage_database_file_runs_without_cache(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    d = tmp_path / "c"
    d.mkdir(mode=0o700)
    (d / "cache.db").write_bytes(b"this is not an sqlite database" * 100)
    with caplog.at_level(logging.WARNING, logger="summarizer.store.cache"):
        with SummaryCache(d) as cache:
            cache.set("k", make_summary())
            assert cache.get("k", Summary) is None
    assert "cache disabled" in caplog.text


# --------------------------------------------------------------------------------------------
# Concurrency: an analyst's run beside the nightly job
# --------------------------------------------------------------------------------------------


def _worker(directory: str, start: int, count: int) -> None:
    with SummaryCache(directory) as cache:
        for i in range(start, start + count):
            s = make_summary(i)
            cache.set(f"k{i}", s)
            assert cache.get(f"k{i}", Summary) == s
            # Read what the other writer may have put there; a miss is fine, an error is not.
            cache.get(f"k{(i + count) % (2 * count)}", Summary)


def test_two_threads_share_a_folder(tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def run(start: int) -> None:
        try:
            _worker(str(tmp_path / "c"), start, 40)
        except BaseException as e:  # noqa: BLE001 - surfaced by the assert below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(n * 40,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with SummaryCache(tmp_path / "c") as cache:
        assert all(cache.get(f"k{i}", Summary) is not None for i in range(80))


def test_two_processes_share_a_folder(tmp_path: Path) -> None:
    SummaryCache(tmp_path / "c").close()
    # fork where there is one: spawn re-imports the whole package (openai, instructor) per child.
    if "fork" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("fork")
    else:
        ctx = multiprocessing.get_context("spawn")  # type: ignore[assignment]
    procs = [ctx.Process(target=_worker, args=(str(tmp_path / "c"), n * 40, 40)) for n in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
    assert [p.exitcode for p in procs] == [0, 0]
    with SummaryCache(tmp_path / "c") as cache:
        assert all(cache.get(f"k{i}", Summary) is not None for i in range(80))
