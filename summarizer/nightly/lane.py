"""The CPU lane of a nightly run: one worker thread for planning and grounding.

`CpuLane` runs the run's CPU-bound work (the finders that plan a document's requests, the
grounding and writing of its answers) off the event loop that reads every response, in priority
order: `PLAN` before `GROUND`, each in the order it was queued.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")

# Lane priorities: a plan gates a request (the endpoint waits for it), grounding only a write.
PLAN, GROUND = 0, 1

# The interpreter's switch interval that `summarizer run` sets for its own process. The lane's
# thread keeps the interpreter for up to the interval (5 ms by default) each time the event loop
# needs it to read a response; with 32 requests in flight those waits added up to a quarter of
# the run's time (`bench/README.md`). The library never sets it: a program that imports the
# package keeps its own interpreter settings, and may set this one the same way.
SWITCH_INTERVAL_S = 0.0005


class CpuLane:
    """One worker thread for a run's CPU work: planning first, then grounding, each in order.

    A run is one event loop, and a response is read only when the loop is free. With every
    ready document's finders and grounding run on the loop, each response waited behind them:
    at concurrency 32 against a server that answers in 1 s, requests took 1.2 to 1.4 s. On
    this thread the work yields the interpreter to the loop whenever a socket is ready (within
    the interpreter's switch interval), so the loop does the
    network I/O at once and the thread does the rest. One thread: the work is CPU-bound, so
    more would only contend, and all it touches (a document's reading and finds, its answer
    models) stays on one thread. Plans go before grounding, so a freed slot's next request is
    not held up by documents that are only waiting to be written.
    """

    def __init__(self) -> None:
        self._queue: queue.PriorityQueue[tuple[int, int, Any, Any]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def submit(self, priority: int, fn: Callable[[], R]) -> concurrent.futures.Future[R]:
        """Queue `fn`; its future is cancelled (and `fn` skipped) if nobody waits for it."""
        future: concurrent.futures.Future[R] = concurrent.futures.Future()
        self._queue.put((priority, next(self._order), fn, future))
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="summarizer-cpu", daemon=True)
            self._thread.start()
        return future

    def _work(self) -> None:
        while True:
            _, _, fn, future = self._queue.get()
            if fn is None:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except BaseException as e:  # the awaiting task re-raises it (a bug keeps its trace)
                future.set_exception(e)

    def close(self) -> None:
        """Finish what is queued, then stop the thread."""
        if self._thread is not None:
            self._queue.put((GROUND + 1, next(self._order), None, None))
            self._thread.join()
            self._thread = None
