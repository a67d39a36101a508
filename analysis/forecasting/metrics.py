"""Forecast accuracy measures: MASE, sMAPE and interval coverage.

MASE divides the mean absolute error by the in-sample mean absolute error of the seasonal
naive forecast (naive when the series is shorter than two seasons), so 1.0 means "as good as
repeating last season" whatever the series' scale.
"""

from __future__ import annotations

import numpy as np


def mase_scale(history: np.ndarray, season_length: int) -> float:
    """In-sample MAE of the seasonal naive forecast (naive when the history is too short)."""
    history = np.asarray(history, dtype=float)
    lag = season_length if season_length > 1 and len(history) > season_length + 1 else 1
    if len(history) <= lag:
        return float("nan")
    scale = float(np.mean(np.abs(history[lag:] - history[:-lag])))
    return scale if scale > 0 else float("nan")


def naive_spread(history: np.ndarray, window: int = 52) -> float:
    """Mean absolute week-to-week (lag-1) change over the last ``window`` points: a stable
    per-series noise scale for pooling interval errors across series (NaN when flat)."""
    history = np.asarray(history, dtype=float)[-(window + 1):]
    if len(history) < 3:
        return float("nan")
    spread = float(np.mean(np.abs(np.diff(history))))
    return spread if spread > 0 else float("nan")


def smape(actual: np.ndarray, predicted: np.ndarray) -> float:
    """Symmetric MAPE in [0, 2]; points where both values are 0 count as perfect."""
    actual = np.asarray(actual, dtype=float)
    predicted = np.asarray(predicted, dtype=float)
    denom = np.abs(actual) + np.abs(predicted)
    ratio = np.divide(2 * np.abs(actual - predicted), denom, out=np.zeros_like(denom),
                      where=denom > 0)
    return float(np.mean(ratio))


def coverage(actual: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """Share of actual values inside ``[lower, upper]``."""
    actual = np.asarray(actual, dtype=float)
    return float(np.mean((actual >= lower) & (actual <= upper)))
