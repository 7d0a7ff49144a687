"""Failed sign-ins per client address in a sliding window, in memory, one count per server.

The per-account lock stops guessing one password; this stops one address trying many names.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from datetime import datetime, timedelta

MAX_FAILURES = 20
WINDOW = timedelta(minutes=15)
MAX_ADDRESSES = 10_000  # oldest forgotten first, so memory stays bounded


class AddressThrottle:
    """Thread-safe: every browser session runs in its own thread."""

    def __init__(self, limit: int = MAX_FAILURES, window: timedelta = WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._failures: OrderedDict[str, deque[datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, address: str, now: datetime) -> deque[datetime]:
        times = self._failures.get(address, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def allowed(self, address: str, now: datetime) -> bool:
        with self._lock:
            return len(self._recent(address, now)) < self.limit

    def failed(self, address: str, now: datetime) -> None:
        with self._lock:
            times = self._recent(address, now)
            times.append(now)
            self._failures[address] = times
            self._failures.move_to_end(address)
            while len(self._failures) > MAX_ADDRESSES:
                self._failures.popitem(last=False)
