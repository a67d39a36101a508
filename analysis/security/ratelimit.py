"""Failed sign-ins per key (a user name, a browser session): lock out after too many.

After ``max_failures`` failures within ``window_s`` seconds the key is locked for
``lockout_s`` seconds; a success clears its record. Thread-safe: the dashboard keeps one
limiter for the whole server, so guessing from several browser tabs counts together.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    max_failures: int = 5
    window_s: float = 300.0
    lockout_s: float = 300.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, list[float]] = field(default_factory=dict, repr=False)
    _locked_until: dict[str, float] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def retry_after(self, key: str) -> float:
        """Seconds until ``key`` may try again (0 when it may now)."""
        with self._lock:
            return max(0.0, self._locked_until.get(key, 0.0) - self.clock())

    def failed(self, key: str) -> None:
        """Record a failed attempt; lock the key when it reaches the limit."""
        with self._lock:
            now = self.clock()
            recent = [t for t in self._failures.get(key, []) if now - t < self.window_s]
            recent.append(now)
            self._failures[key] = recent
            if len(recent) >= self.max_failures:
                self._locked_until[key] = now + self.lockout_s
                self._failures[key] = []

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
            self._locked_until.pop(key, None)
