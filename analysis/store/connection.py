"""Opening a DuckDB file that another process may hold: bounded retry, then a clear error.

DuckDB lets one process at a time open a database file for writing (a file lock). A second
ReviewLens process (the dashboard, a notebook, another command) usually holds it only for one
short operation, so opening waits a little with growing pauses before it gives up with
:class:`StoreBusyError`, which names the file and the process holding it.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb

from analysis.errors import UserInputError

LOCK_TIMEOUT_ENV = "REVIEWLENS_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT_S = 10.0
_FIRST_PAUSE_S = 0.02
_LONGEST_PAUSE_S = 0.5
_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


WaitNotice = Callable[[bool, str | None, float], None]
"""``notice(waiting, holder, timeout_s)``: ``True`` when an open starts waiting for another
process's lock (``holder`` like ``'PID 123, /usr/bin/python3'`` when known), ``False`` once the
file opened after such a wait."""

_notices = threading.local()


@contextmanager
def wait_notice(notice: WaitNotice) -> Iterator[None]:
    """Tell ``notice`` when a store open in this thread waits for another process.

    The dashboard shows a status line with it ("another process is writing, waiting up to N s")
    instead of a silent pause or an error; per thread, so each browser session sees only its
    own waits.
    """
    previous = getattr(_notices, "current", None)
    _notices.current = notice
    try:
        yield
    finally:
        _notices.current = previous


class StoreBusyError(UserInputError):
    """The store file stayed locked by another process for the whole retry budget."""

    def __init__(self, path: str, waited_s: float, holder: str | None = None) -> None:
        self.path = path
        self.waited_s = waited_s
        self.holder = holder
        by = f" ({holder})" if holder else ""
        super().__init__(
            f"the store {path} is in use by another ReviewLens process{by}: the dashboard, a "
            f"notebook or another reviewlens command keeps it open. Waited {waited_s:g} s for "
            f"it. Let that process finish (or close it) and try again, or use another store "
            f"file; {LOCK_TIMEOUT_ENV}=SECONDS waits longer."
        )


def lock_timeout_from_env() -> float:
    """Seconds to wait for a locked store: ``$REVIEWLENS_LOCK_TIMEOUT`` or 10."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_LOCK_TIMEOUT_S
    try:
        seconds = float(raw)
    except ValueError:
        raise UserInputError(
            f"{LOCK_TIMEOUT_ENV}={raw!r} is not a number of seconds; set it to e.g. 10, or "
            "unset it for the default."
        ) from None
    if seconds < 0:
        raise UserInputError(f"{LOCK_TIMEOUT_ENV}={raw!r}: the wait cannot be negative.")
    return seconds


def is_lock_conflict(exc: BaseException) -> bool:
    """True when DuckDB refused to open a file because another process holds its lock."""
    return isinstance(exc, duckdb.IOException) and "Could not set lock" in str(exc)


def lock_holder(exc: BaseException) -> str | None:
    """``'PID 123, /usr/bin/python3'`` from DuckDB's lock message, if it names the holder."""
    found = _HOLDER.search(str(exc))
    return f"PID {found['pid']}, {found['program']}" if found else None


def connect_waiting(
    path: str, read_only: bool = False, timeout_s: float = DEFAULT_LOCK_TIMEOUT_S
) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect`` that retries while another process holds the file's lock.

    Pauses double from 20 ms up to 0.5 s, so a lock held for one short operation costs a few
    tens of milliseconds; after ``timeout_s`` it raises :class:`StoreBusyError`. Other errors
    (not a DuckDB file, no permission) are raised at once: waiting would not fix them.
    """
    deadline = time.monotonic() + timeout_s
    pause = _FIRST_PAUSE_S
    notice: WaitNotice | None = getattr(_notices, "current", None)
    told = False
    while True:
        try:
            con = duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if not is_lock_conflict(exc):
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                if told:
                    notice(False, None, timeout_s)
                raise StoreBusyError(path, timeout_s, lock_holder(exc)) from None
            if notice is not None and not told:
                notice(True, lock_holder(exc), timeout_s)
                told = True
            time.sleep(min(pause, left))
            pause = min(pause * 2, _LONGEST_PAUSE_S)
            continue
        if told:
            notice(False, None, timeout_s)
        return con
