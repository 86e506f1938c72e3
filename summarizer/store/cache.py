"""On-disk cache of summaries: JSON strings in diskcache, keyed by all that changes the answer.

The key is a sha256 over canonical JSON of the model, base URL, prompt hash, schema hash,
generation parameters and the hash of the normalized document text. The API key is never part
of it: `cache_key` has no parameter for one. Values are JSON strings only; the disk layer refuses
to pickle or unpickle, so a planted pickle in the folder is a corrupt entry, not code execution.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
import stat
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import diskcache
from pydantic import BaseModel

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

KEY_VERSION = 1

# Errors that mean "the cache cannot serve this right now": a locked or full database, an
# unreadable file, a malformed SQLite file. None of them should stop a run.
_STORAGE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, OSError, diskcache.Timeout)
# Reading adds what a bad entry raises: invalid UTF-8 in a value file, a refused pickle.
_READ_ERRORS: tuple[type[Exception], ...] = (*_STORAGE_ERRORS, ValueError)


def default_cache_dir() -> Path:
    """The cache folder: $SUMMARIZER_CACHE_DIR, else $XDG_CACHE_HOME/summarizer, else ~/.cache."""
    explicit = os.environ.get("SUMMARIZER_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    # The XDG spec says a relative value is invalid and must be ignored.
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "summarizer"
    return Path.home() / ".cache" / "summarizer"


def normalize_text(text: str) -> str:
    """Normalize document text for the cache key only (NFC, LF line ends, no trailing blanks).

    Args:
        text: The document text.

    Returns:
        The text in NFC with CRLF/CR turned into LF and trailing whitespace stripped from every
        line and from the end. Offsets in outputs always refer to the original text, not this.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).rstrip()


def _canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def cache_key(
    *,
    model: str,
    base_url: str,
    prompt_hash: str,
    schema_hash: str,
    params: Mapping[str, Any],
    text: str,
    extra: Mapping[str, Any] | None = None,
) -> str:
    """The cache key of one summary request.

    Args:
        model: Model name sent to the endpoint.
        base_url: Endpoint base URL (the embedded server's is a fixed label, not its port).
        prompt_hash: Hash of the filled-in prompt template(s).
        schema_hash: Hash of the schema the model is asked to fill.
        params: Generation parameters (temperature, seed, max_tokens, ...); must be JSON-able.
        text: The document text; only the hash of its normalized form enters the key.
        extra: Anything else that changes the answer (e.g. chunking settings).

    Returns:
        A sha256 hex digest.

    Raises:
        TypeError: When `params` or `extra` hold something JSON cannot encode.
    """
    text_sha = hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()
    payload = {
        "v": KEY_VERSION,
        "model": model,
        "base_url": base_url,
        "prompt": prompt_hash,
        "schema": schema_hash,
        "params": dict(params),
        "text_sha256": text_sha,
        "extra": dict(extra) if extra is not None else None,
    }
    return hashlib.sha256(_canonical_json(payload).encode("utf-8")).hexdigest()


class _PickleRefused(ValueError):
    """An entry that is not a plain string or number (diskcache would unpickle it)."""


# The names diskcache gives value files (`Disk.filename`): two hex folders, 28 hex digits, ".val".
_VALUE_FILE = re.compile(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{28}\.val")


class _EntryOutside(ValueError):
    """A stored value file name that is not one of the cache's own files."""


class _JSONOnlyDisk(diskcache.Disk):  # type: ignore[misc]  # diskcache ships no types
    """A diskcache Disk that stores and reads strings and numbers only, never pickles, and
    reads or deletes no file but its own.

    The file name of a large value is stored in the cache's database, which anyone who can
    write the folder can edit: an entry naming `../victim.txt` would make diskcache read that
    file, and then delete it when the entry is discarded as corrupt. Only names of the form
    diskcache itself makes, resolving inside the folder, are followed.
    """

    def __init__(self, directory: str, **kwargs: Any) -> None:
        super().__init__(directory, **kwargs)
        self._root = os.path.realpath(directory)

    def _own(self, filename: str | None) -> bool:
        if not filename or not _VALUE_FILE.fullmatch(filename.replace(os.sep, "/")):
            return False
        # A symlink planted under a valid name resolves elsewhere: refused too.
        real = os.path.realpath(os.path.join(self._root, filename))
        return os.path.commonpath([real, self._root]) == self._root

    def store(self, value: Any, read: bool, key: Any = diskcache.core.UNKNOWN) -> Any:
        if type(value) is not str:
            raise TypeError(f"the summary cache stores str values only, not {type(value).__name__}")
        return super().store(value, read, key=key)

    def fetch(self, mode: int, filename: str | None, value: Any, read: bool) -> Any:
        if mode == diskcache.core.MODE_PICKLE:
            raise _PickleRefused("entry is pickled")
        if mode != diskcache.core.MODE_RAW and not self._own(filename):
            raise _EntryOutside(f"entry names a file that is not the cache's own: {filename!r}")
        return super().fetch(mode, filename, value, read)

    def remove(self, file_path: str) -> None:
        if not self._own(file_path):
            # The row goes (diskcache deletes it first); the file it names stays where it is.
            log.warning("cache entry names %r, outside the cache: not deleting it", file_path)
            return
        super().remove(file_path)


def _secure_dir(directory: Path) -> None:
    """Create `directory` with mode 0700, or tighten it when it exists, is ours and is wider."""
    existed = directory.exists()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = directory.stat()
    mode = stat.S_IMODE(st.st_mode)
    geteuid = getattr(os, "geteuid", None)
    ours = geteuid is None or st.st_uid == geteuid()
    if not existed:
        # mkdir's mode is filtered by the umask; make it exactly 0700 either way.
        if mode != 0o700:
            os.chmod(directory, 0o700)
    elif mode & 0o077:
        if ours:
            os.chmod(directory, 0o700)
        else:
            log.warning(
                "cache folder %s belongs to another user and is readable by others (mode %o)",
                directory,
                mode,
            )


class SummaryCache:
    """A diskcache-backed cache of JSON-serialized pydantic models.

    Every failure of the storage (corrupt entry, locked or full disk) is logged and treated as a
    miss or a skipped write, never raised: the cache may make a run faster, never make it fail.

    Args:
        directory: The cache folder; `default_cache_dir()` when None.
        enabled: False (`--no-cache`) makes every get miss and every set a no-op; no folder is made.
        size_limit: Bytes kept before least-recently-used entries are evicted.
    """

    directory: Path

    def __init__(
        self,
        directory: Path | str | None = None,
        *,
        enabled: bool = True,
        size_limit: int = 2**30,
    ) -> None:
        self.directory = (
            Path(directory).expanduser() if directory is not None else default_cache_dir()
        )
        self._cache: diskcache.Cache | None = None
        if not enabled:
            return
        try:
            _secure_dir(self.directory)
            self._cache = diskcache.Cache(
                str(self.directory),
                # SQLite busy timeout: an analyst's run beside the nightly job waits, not crashes.
                timeout=60,
                disk=_JSONOnlyDisk,
                size_limit=size_limit,
                eviction_policy="least-recently-used",
            )
        except _STORAGE_ERRORS as e:
            log.warning("cache disabled: cannot open %s: %s", self.directory, e)
            self._cache = None

    @property
    def enabled(self) -> bool:
        """True when the cache is open and reads and writes reach the disk."""
        return self._cache is not None

    def get(self, key: str, model_type: type[M]) -> M | None:
        """The cached model under `key`, or None on a miss or a corrupt entry (then removed)."""
        raw = self.get_json(key)
        if raw is None:
            return None
        try:
            return model_type.model_validate_json(raw)
        except ValueError as e:
            # Typically an entry written by an older schema: drop it so it is recomputed.
            self._discard(key, f"does not validate as {model_type.__name__}: {_first_line(e)}")
            return None

    def set(self, key: str, value: BaseModel) -> None:
        """Store `value` as its JSON string; a storage failure is logged, not raised."""
        self._store(key, value.model_dump_json())

    def delete(self, key: str) -> None:
        """Remove the entry under `key` if there is one; a storage failure is logged."""
        if self._cache is None:
            return
        try:
            self._cache.delete(key)
        except _STORAGE_ERRORS as e:
            log.warning("could not remove cache entry %s: %s", key[:12], e)

    def get_json(self, key: str) -> str | None:
        """The raw JSON string under `key`, or None on a miss or a corrupt entry (then removed)."""
        if self._cache is None:
            return None
        try:
            raw = self._cache.get(key)
        except diskcache.Timeout as e:
            # Locked for the whole busy timeout: deleting would wait as long again.
            log.warning("cache read of %s timed out: %s", key[:12], e)
            return None
        except _READ_ERRORS as e:
            self._discard(key, f"cannot be read: {_first_line(e)}")
            return None
        if raw is None:
            return None
        if not isinstance(raw, str):
            self._discard(key, f"holds a {type(raw).__name__}, not a JSON string")
            return None
        try:
            json.loads(raw)
        except ValueError as e:
            self._discard(key, f"is not valid JSON: {_first_line(e)}")
            return None
        return raw

    def set_json(self, key: str, text: str) -> None:
        """Store a raw JSON string; a storage failure is logged, not raised.

        Raises:
            ValueError: When `text` is not valid JSON (a caller bug, not a storage problem).
        """
        if not isinstance(text, str):
            raise TypeError(f"set_json takes a str, not {type(text).__name__}")
        json.loads(text)
        self._store(key, text)

    def _store(self, key: str, text: str) -> None:
        if self._cache is None:
            return
        try:
            self._cache.set(key, text)
        except _STORAGE_ERRORS as e:
            log.warning("cache write of %s failed (continuing without it): %s", key[:12], e)

    def _discard(self, key: str, why: str) -> None:
        log.warning("cache entry %s %s; treating it as a miss and removing it", key[:12], why)
        self.delete(key)

    def close(self) -> None:
        """Close the database connections; the object then acts as a disabled cache."""
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    def __enter__(self) -> SummaryCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "enabled" if self.enabled else "disabled"
        return f"SummaryCache({str(self.directory)!r}, {state})"


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__
