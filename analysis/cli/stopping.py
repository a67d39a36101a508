"""Stopping a long command cleanly: SIGTERM and SIGHUP end it like Ctrl-C does.

Python dies at once on SIGTERM (what service managers and ``kill`` send), skipping every
``finally`` and rollback. Inside :func:`stop_on_signals` the signal raises :class:`Stopped`
instead, so open store transactions roll back, progress bars close and the command can say
what was kept before it exits with the shell's status for that signal (128 + N).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Stopped(KeyboardInterrupt):
    """The command was asked to stop by a signal (``signum``)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_stopped(signum: int, _frame) -> None:
    raise Stopped(signum)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM, SIGHUP and SIGINT raise :class:`Stopped` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = ("SIGTERM", "SIGHUP", "SIGINT")
    wanted = [getattr(signal, n) for n in names if hasattr(signal, n)]
    previous = {signum: signal.signal(signum, _raise_stopped) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def stopped_status(exc: KeyboardInterrupt) -> int:
    """Exit status for a stop: 128 + the signal number (130 for Ctrl-C)."""
    return 128 + getattr(exc, "signum", signal.SIGINT)
