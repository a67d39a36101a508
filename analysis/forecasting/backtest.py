"""Rolling-origin backtest: forecast from several past cut-offs and score against actuals.

Window ``w`` trains on each series minus its last ``horizon + step * (windows - 1 - w)`` points
and forecasts the next ``horizon`` (``step`` defaults to ``horizon``: windows do not overlap, so
leave-one-window-out choices are not judged on points they learned from); a series too short for
a window sits that window out. One statsforecast pass per window covers all series. The per-
point frame keeps every model's forecast and interval next to the actual value and the series'
MASE scale, which is what combination weights and interval calibration learn from.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.forecasting.engine import ModelRunner
from analysis.forecasting.metrics import coverage, mase_scale, naive_spread, smape
from analysis.forecasting.seasonal import min_points_for_adjustment


def window_offsets(horizon: int, windows: int, step: int) -> list[int]:
    """Points held back from the end of each series, oldest window first."""
    return [horizon + step * (windows - 1 - w) for w in range(windows)]


def min_train_points(season_length: int, seasonal: bool) -> int:
    """Shortest training history a backtest window may use."""
    return min_points_for_adjustment(season_length) if seasonal else 8


def plan_windows(length: int, horizon: int, min_train: int, windows: int | str = "auto",
                 step: int | None = None, max_windows: int = 6) -> tuple[int, int]:
    """``(windows, step)`` for a typical series of ``length`` points.

    ``windows="auto"`` fits as many windows as the history allows, up to ``max_windows``:
    ``horizon`` apart where there is room, closer (at least a third of the horizon apart)
    where there is not, so the calibration and the combination learn from more cut-offs.
    """
    if windows != "auto":
        return max(1, int(windows)), step or horizon
    room = length - min_train - horizon
    if room <= 0:
        return 1, step or horizon
    if not step:
        spread = room // (max_windows - 1) if max_windows > 1 else horizon
        step = max(1, math.ceil(horizon / 3), min(horizon, spread))
    return max(1, min(max_windows, room // step + 1)), step


def rolling_origin(runner: ModelRunner, df: pd.DataFrame, horizon: int, seasonal_ids: set[str],
                   windows: int = 3, step: int | None = None,
                   progress: Callable[[int, int, str], None] | None = None) -> pd.DataFrame:
    """Backtest points: ``unique_id, window, cutoff, ds, step, model, mean, bounds, y, scale``
    (the MASE scale) and ``spread`` (:func:`~analysis.forecasting.metrics.naive_spread`, the
    interval calibration's scale), both from the window's training points."""
    step = step or horizon
    frames = []
    offsets = window_offsets(horizon, windows, step)
    groups = {uid: g for uid, g in df.groupby("unique_id", sort=False)}
    for w, offset in enumerate(offsets):
        train_parts, test_parts, scales, spreads = [], [], {}, {}
        for uid, group in groups.items():
            seasonal = uid in seasonal_ids
            n_train = len(group) - offset
            if n_train < min_train_points(runner.season_length, seasonal):
                continue
            train = group.iloc[:n_train]
            train_parts.append(train)
            test_parts.append(group.iloc[n_train:n_train + horizon])
            scales[uid] = mase_scale(train["y"].to_numpy(),
                                     runner.season_length if seasonal else 1)
            spreads[uid] = naive_spread(train["y"].to_numpy())
        if progress:
            progress(w, len(offsets), "backtest")
        if not train_parts:
            continue
        train = pd.concat(train_parts, ignore_index=True)
        test = pd.concat(test_parts, ignore_index=True)
        future = test[["unique_id", "ds", *runner.exog_cols]] if runner.exog_cols else None
        predicted = runner.predict(train, horizon, seasonal_ids, future_exog=future)
        cutoffs = train.groupby("unique_id")["ds"].max().rename("cutoff")
        test = test.assign(step=test.groupby("unique_id").cumcount() + 1)
        points = predicted.drop(columns="ds").merge(
            test[["unique_id", "step", "ds", "y"]], on=["unique_id", "step"], how="inner")
        points["window"] = w
        points["cutoff"] = points["unique_id"].map(cutoffs)
        points["scale"] = points["unique_id"].map(scales)
        points["spread"] = points["unique_id"].map(spreads)
        frames.append(points)
    if progress:
        progress(len(offsets), len(offsets), "backtest")
    if not frames:
        return pd.DataFrame(columns=["unique_id", "window", "cutoff", "ds", "step", "model",
                                     "mean", "lo_80", "hi_80", "lo_95", "hi_95", "y", "scale",
                                     "spread"])
    return pd.concat(frames, ignore_index=True)


def score(points: pd.DataFrame) -> pd.DataFrame:
    """Per series and model: MASE, sMAPE, 80%/95% coverage and the number of points."""
    rows = []
    for (uid, model), group in points.groupby(["unique_id", "model"], sort=False):
        actual = group["y"].to_numpy()
        errors = np.abs(actual - group["mean"].to_numpy()) / group["scale"].to_numpy()
        rows.append({
            "unique_id": uid, "model": model,
            "MASE": float(np.nanmean(errors)) if np.isfinite(errors).any() else float("nan"),
            "sMAPE": smape(actual, group["mean"].to_numpy()),
            "coverage_80": coverage(actual, group["lo_80"].to_numpy(), group["hi_80"].to_numpy()),
            "coverage_95": coverage(actual, group["lo_95"].to_numpy(), group["hi_95"].to_numpy()),
            "points": len(group),
        })
    return pd.DataFrame(rows, columns=["unique_id", "model", "MASE", "sMAPE", "coverage_80",
                                       "coverage_95", "points"])
