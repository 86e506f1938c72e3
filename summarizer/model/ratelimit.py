"""A client-side rate limit for the batch job: requests and tokens per minute, as token buckets.

Every HTTP request the async client sends (client retries and validation re-asks included) takes
one request and an estimate of its tokens (prompt + `max_tokens`) before it leaves; once the
answer is in, the estimate is corrected with the tokens the endpoint reports. A 429 with
`Retry-After` pauses every request, not only the one that got it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

# Rough characters per token for English text; the same figure extract.py sizes chunks with.
CHARS_PER_TOKEN = 3.5


class TokenBucket:
    """One bucket: `rate_per_min` units a minute, refilled continuously.

    It holds at most one second's worth (and at least one unit), so no minute ever sees much more
    than the rate. A take larger than the bucket waits for a full bucket and leaves it in debt,
    so a single large request is never refused, only paced.

    Args:
        rate_per_min: Units per minute; must be > 0.
        clock: Monotonic clock in seconds (tests pass a fake one).
    """

    def __init__(self, rate_per_min: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        if rate_per_min <= 0:
            raise ValueError(f"rate must be > 0, got {rate_per_min}")
        self.rate_s = rate_per_min / 60.0
        self.capacity = max(1.0, self.rate_s)
        self._clock = clock
        self._level = self.capacity
        self._stamp = clock()

    def _refill(self) -> None:
        now = self._clock()
        self._level = min(self.capacity, self._level + (now - self._stamp) * self.rate_s)
        self._stamp = now

    def wait_s(self, amount: float) -> float:
        """Seconds until `amount` can be taken (0 if now)."""
        self._refill()
        need = min(amount, self.capacity)
        return 0.0 if self._level >= need else (need - self._level) / self.rate_s

    def take(self, amount: float) -> None:
        self._refill()
        self._level -= amount

    def give_back(self, amount: float) -> None:
        """Return units taken in excess (a negative amount takes more)."""
        self._refill()
        self._level = min(self.capacity, self._level + amount)


class RateLimiter:
    """Paces requests to `rpm` requests and `tpm` tokens a minute (either may be None).

    Waiters are served first come, first served. Safe for many tasks of one event loop.

    Args:
        rpm: Requests per minute, or None for no limit.
        tpm: Tokens (prompt + completion) per minute, or None for no limit.
        clock: Monotonic clock in seconds.
        sleep: Async sleep (tests pass a fake one).
    """

    def __init__(
        self,
        *,
        rpm: float | None = None,
        tpm: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.requests = TokenBucket(rpm, clock=clock) if rpm else None
        self.tokens = TokenBucket(tpm, clock=clock) if tpm else None
        self._clock = clock
        self._sleep = sleep
        self._paused_until = 0.0
        self._lock: asyncio.Lock | None = None
        self.waited_s = 0.0

    @property
    def active(self) -> bool:
        """True when some limit is set (a 429 pause applies either way)."""
        return self.requests is not None or self.tokens is not None

    async def acquire(self, tokens: int = 0) -> None:
        """Wait until one request of about `tokens` tokens may be sent, then account for it."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            while True:
                wait = self._paused_until - self._clock()
                if self.requests is not None:
                    wait = max(wait, self.requests.wait_s(1))
                if self.tokens is not None:
                    wait = max(wait, self.tokens.wait_s(tokens))
                if wait <= 0:
                    break
                self.waited_s += wait
                await self._sleep(wait)
            if self.requests is not None:
                self.requests.take(1)
            if self.tokens is not None:
                self.tokens.take(tokens)

    def settle(self, reserved: int, actual: int) -> None:
        """Correct the token estimate of finished requests with what the endpoint counted."""
        if self.tokens is not None and reserved != actual:
            self.tokens.give_back(reserved - actual)

    def pause(self, seconds: float) -> None:
        """Hold every request for `seconds` (the endpoint answered 429 with Retry-After)."""
        if seconds > 0:
            self._paused_until = max(self._paused_until, self._clock() + seconds)


def estimate_request_tokens(body: bytes) -> int:
    """Tokens a chat completion request may use: its messages' characters plus `max_tokens`.

    Args:
        body: The request's JSON body; anything else counts as its length in characters.
    """
    try:
        request = json.loads(body)
    except ValueError:
        return int(len(body) / CHARS_PER_TOKEN)
    if not isinstance(request, dict):
        return int(len(body) / CHARS_PER_TOKEN)
    chars = 0
    for message in request.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, str):
            chars += len(content)
        elif isinstance(content, list):
            chars += sum(len(str(p.get("text", ""))) for p in content if isinstance(p, dict))
    limit = request.get("max_completion_tokens") or request.get("max_tokens") or 0
    return int(chars / CHARS_PER_TOKEN) + (int(limit) if isinstance(limit, int | float) else 0)
