"""A memo for per-document work: kept while anyone holds the result, and for a few more.

The finders' reading of a document is computed when the document is planned and read again
when its answer is grounded. A plain LRU cache sized for a batch lost that race: at
concurrency 32 the run plans up to 64 documents ahead and grounds up to 32 behind, so between
one document's planning and its grounding more documents went through than the cache held.
500 documents were read 782 times and their answer models built 999 times.

Here a result stays found for as long as something holds it (the document in flight keeps its
finds), however many other documents pass meanwhile, and the last `maxsize` results stay found
even when nobody holds them (a caller asking twice in a row).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from functools import lru_cache, update_wrapper
from typing import Any, Generic, TypeVar

R = TypeVar("R")


class HeldCache(Generic[R]):
    """`fn(*key)`, remembered while its result is held anywhere, and for the last `maxsize`.

    Results must be weakly referenceable (instances of ordinary classes are).
    """

    def __init__(self, fn: Callable[..., R], maxsize: int) -> None:
        self._recent = lru_cache(maxsize=maxsize)(fn)
        self._held: weakref.WeakValueDictionary[tuple[Hashable, ...], Any] = (
            weakref.WeakValueDictionary()
        )
        update_wrapper(self, fn)

    def __call__(self, *key: Hashable) -> R:
        held: R | None = self._held.get(key)
        if held is not None:
            return held
        found: R = self._recent(*key)
        self._held[key] = found
        return found

    def cache_info(self) -> Any:
        """The recent cache's hits and misses (a result found because it is held is neither)."""
        return self._recent.cache_info()

    def cache_clear(self) -> None:
        self._recent.cache_clear()
        self._held.clear()


def held_cache(maxsize: int) -> Callable[[Callable[..., R]], HeldCache[R]]:
    """Decorator form of `HeldCache`."""

    def wrap(fn: Callable[..., R]) -> HeldCache[R]:
        return HeldCache(fn, maxsize)

    return wrap
