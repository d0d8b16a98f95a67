"""A per-address token bucket, for the event loop's own use (no locks: one thread touches it)."""

from __future__ import annotations

import time

MAX_ADDRESSES = 10_000  # beyond this, full buckets are forgotten (they would admit anyway)


class RateLimiter:
    """Admits `capacity` at once from one address, then `per_second` more each second."""

    def __init__(self, capacity: float, per_second: float, clock=time.monotonic) -> None:
        self.capacity = capacity
        self.per_second = per_second
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # address -> (tokens, when)

    def allow(self, address: str) -> bool:
        now = self._clock()
        tokens, then = self._buckets.get(address, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - then) * self.per_second)
        if tokens < 1:
            self._buckets[address] = (tokens, now)
            return False
        if len(self._buckets) >= MAX_ADDRESSES and address not in self._buckets:
            self._forget_full(now)
        self._buckets[address] = (tokens - 1, now)
        return True

    def _forget_full(self, now: float) -> None:
        for address, (tokens, then) in list(self._buckets.items()):
            if tokens + (now - then) * self.per_second >= self.capacity:
                del self._buckets[address]
