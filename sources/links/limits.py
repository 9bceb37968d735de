"""Politeness: at most a few requests in flight per host, spaced in time.

Checks run on a pool of threads so that many hosts are checked at once,
while each host sees at most ``concurrency`` requests at a time and a new
request no sooner than ``interval`` seconds after the previous one started.
The limits hold within one run (one process); runs are batches the periodic
job starts one at a time.
"""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class HostLimiter:
    def __init__(
        self,
        *,
        concurrency: int,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if concurrency < 1:
            raise ValueError("At least one request per host must be allowed.")
        self.concurrency = concurrency
        self.interval = max(0.0, interval)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._gates: dict[str, threading.Lock] = {}
        self._last_start: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Waits for a turn at ``host`` and holds it for one request."""
        with self._lock:
            semaphore = self._slots.setdefault(
                host, threading.BoundedSemaphore(self.concurrency)
            )
            gate = self._gates.setdefault(host, threading.Lock())
        with semaphore:
            # One request at a time passes the gate, an interval after the
            # previous one actually started (not after when it was due to:
            # a late start never lets the next one come early).
            with gate:
                wait = self._last_start.get(host, -self.interval) + self.interval
                wait -= self._clock()
                if wait > 0:
                    self._sleep(wait)
                self._last_start[host] = self._clock()
            yield
