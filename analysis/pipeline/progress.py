"""Progress reporting: callbacks ``progress(done, total, stage)`` and a tqdm adapter for the CLI."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, stage: str) -> None:
    """The default callback: report nothing."""


class TqdmProgress:
    """A progress callback drawing one tqdm bar per stage (on stderr); call ``close()`` at end."""

    def __init__(self) -> None:
        self._bars: dict[str, object] = {}

    def __call__(self, done: int, total: int, stage: str) -> None:
        from tqdm import tqdm

        bar = self._bars.get(stage)
        if bar is None:
            for other in self._bars.values():
                other.close()
            bar = self._bars[stage] = tqdm(total=total, desc=stage, unit="item", leave=False)
        bar.total = total
        bar.n = done
        bar.refresh()

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()
        self._bars.clear()
