"""Per-series checks before forecasting: what each series can support, with messages.

Every series gets a :class:`SeriesPlan`: skipped (too short, no numbers), constant (all zeros
or one value: forecast that value, no model), non-seasonal (shorter than two seasons) or
seasonal, plus whether forecasts may be clipped at zero. Problems become rows of the
``messages`` frame (``unique_id, severity, message``) instead of exceptions, so one bad series
never stops the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_POINTS = 4


@dataclass(frozen=True)
class SeriesPlan:
    """How one series is forecast: ``kind`` is skip, constant, nonseasonal or seasonal."""

    series_id: str
    kind: str
    n: int
    non_negative: bool
    constant_value: float = float("nan")


def message(series_id: str, severity: str, text: str) -> dict:
    """One row of the messages frame."""
    return {"unique_id": series_id, "severity": severity, "message": text}


def plan_series(df: pd.DataFrame, season_length: int
                ) -> tuple[dict[str, SeriesPlan], pd.DataFrame, list[dict]]:
    """Check each series of a long frame (``unique_id, ds, y``).

    Returns the plans, the frame of usable rows (leading/trailing missing values dropped) and
    messages. Missing values inside a series are filled by linear interpolation and reported.
    """
    plans: dict[str, SeriesPlan] = {}
    messages: list[dict] = []
    kept: list[pd.DataFrame] = []
    for series_id, group in df.groupby("unique_id", sort=False):
        series_id = str(series_id)
        group = group.sort_values("ds").reset_index(drop=True)
        y = pd.to_numeric(group["y"], errors="coerce")
        if y.notna().sum() == 0:
            plans[series_id] = SeriesPlan(series_id, "skip", 0, True)
            messages.append(message(series_id, "error", "no numeric values: not forecast."))
            continue
        start = _start_after_long_gap(y, max_gap(season_length))
        if start:
            messages.append(message(
                series_id, "warning",
                f"a gap of {_gap_before(y, start)} missing periods ends on "
                f"{group['ds'].iloc[start]:%Y-%m-%d}: only the {len(y) - start} periods after "
                "it are used."))
        first, last = y.iloc[start:].first_valid_index(), y.last_valid_index()
        group = group.iloc[first:last + 1].reset_index(drop=True)
        y = pd.to_numeric(group["y"], errors="coerce")
        missing = int(y.isna().sum())
        if missing:
            y = y.interpolate(limit_direction="both")
            messages.append(message(
                series_id, "warning",
                f"{missing} missing value(s) inside the series were filled by linear "
                "interpolation."))
        group = group.assign(y=y.to_numpy(dtype=float))
        n = len(group)
        values = group["y"].to_numpy()
        non_negative = bool((values >= 0).all())
        negatives = int((values < 0).sum())
        if negatives:
            messages.append(message(
                series_id, "warning",
                f"{negatives} negative value(s) (returns or corrections?) kept as they are; "
                "forecasts of this series are not clipped at zero."))
        if n < MIN_POINTS:
            plans[series_id] = SeriesPlan(series_id, "skip", n, non_negative)
            messages.append(message(
                series_id, "error",
                f"only {n} data point(s): at least {MIN_POINTS} are needed to forecast. "
                "Not forecast."))
            continue
        kept.append(group)
        if np.allclose(values, values[0]):
            what = "all values are zero" if values[0] == 0 else f"every value is {values[0]:g}"
            plans[series_id] = SeriesPlan(series_id, "constant", n, non_negative,
                                          float(values[0]))
            messages.append(message(
                series_id, "warning",
                f"{what}: the forecast repeats that value with no interval; no model can learn "
                "from a constant series."))
            continue
        seasonal = season_length > 1 and n >= 2 * season_length
        if season_length > 1 and not seasonal:
            messages.append(message(
                series_id, "info",
                f"{n} points is under two seasons ({2 * season_length}): seasonality is not "
                "modelled for this series (non-seasonal ETS/ARIMA/Theta and naive)."))
        plans[series_id] = SeriesPlan(series_id, "seasonal" if seasonal else "nonseasonal", n,
                                      non_negative)
    usable = pd.concat(kept, ignore_index=True) if kept else df.iloc[0:0]
    return plans, usable, messages


def max_gap(season_length: int) -> int:
    """Longest run of missing periods that is interpolated rather than cut off."""
    return max(4, season_length // 4)


def _runs_of_missing(y: pd.Series) -> list[tuple[int, int]]:
    """``(start, length)`` of each run of missing values."""
    missing = y.isna().to_numpy()
    runs, start = [], None
    for i, flag in enumerate(missing):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i - start))
            start = None
    return runs


def _start_after_long_gap(y: pd.Series, limit: int) -> int:
    """Position just after the last run of more than ``limit`` missing values (0 if none)."""
    long_runs = [(s, n) for s, n in _runs_of_missing(y) if n > limit]
    return long_runs[-1][0] + long_runs[-1][1] if long_runs else 0


def _gap_before(y: pd.Series, start: int) -> int:
    return next(n for s, n in _runs_of_missing(y) if s + n == start)
