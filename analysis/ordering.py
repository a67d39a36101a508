"""Natural ordering of ids a person reads: ``2`` before ``10``, ``store 9`` before ``store 10``."""

from __future__ import annotations

import re
from collections.abc import Iterable


def natural_key(value: object) -> tuple:
    """Sort key that compares digit runs as numbers and the rest case-insensitively."""
    parts = re.split(r"(\d+)", str(value))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in parts if p)


def natural_sorted(values: Iterable[object]) -> list[str]:
    """Distinct values as strings, in natural order."""
    return sorted({str(v) for v in values}, key=natural_key)
