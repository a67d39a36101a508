"""Calibrate prediction intervals so their backtest coverage matches the nominal level.

Model intervals often cover less than they claim (STL-adjusted models ignore the seasonal
estimate's error; ETS ignores parameter uncertainty). The calibrator is split-conformal on the
backtest residuals, scaled by each interval's own half-width: the score of a point is how many
half-widths the actual fell from the forecast (upper half-width above it, lower below it), and
the interval is widened or narrowed by the score's empirical quantile. Scaling by the model's
own width keeps its growth with the horizon and its per-series scale. ``pooled`` learns one
factor per level over all series; ``per_series`` uses a series' own points where it has
enough, the pooled factor elsewhere. ``auto`` calibrates only when the raw coverage is off by
more than ``tolerance``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

LEVELS = (80, 95)
MIN_SERIES_POINTS = 24


def scores(frame: pd.DataFrame, level: int) -> np.ndarray:
    """Distance of each actual from the forecast, in interval half-widths (inf if width 0)."""
    y, mean = frame["y"].to_numpy(float), frame["mean"].to_numpy(float)
    upper = frame[f"hi_{level}"].to_numpy(float) - mean
    lower = mean - frame[f"lo_{level}"].to_numpy(float)
    width = np.where(y >= mean, upper, lower)
    gap = np.abs(y - mean)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(width > 0, gap / width, np.where(gap > 0, np.inf, 0.0))
    return out


def conformal_factor(values: np.ndarray, level: int) -> float:
    """Split-conformal quantile: the ceil((n+1) * level)-th smallest score."""
    values = np.sort(values[~np.isnan(values)])
    n = len(values)
    if n == 0:
        return 1.0
    rank = min(n, math.ceil((n + 1) * level / 100))
    factor = float(values[rank - 1])
    return factor if np.isfinite(factor) else float(values[np.isfinite(values)].max(initial=1.0))


@dataclass
class IntervalCalibrator:
    """Learn per-level scaling factors from backtest points; apply them to forecasts."""

    method: str = "auto"  # auto | pooled | per_series | none
    tolerance: float = 0.05

    def fit(self, points: pd.DataFrame) -> IntervalCalibrator:
        """Learn ``factors_`` {level: factor}, ``series_factors_`` and ``raw_coverage_``."""
        if self.method not in ("auto", "pooled", "per_series", "none"):
            raise ValueError("method must be auto, pooled, per_series or none")
        self.factors_, self.series_factors_, self.raw_coverage_ = {}, {}, {}
        for level in LEVELS:
            level_scores = scores(points, level)
            covered = float(np.mean(level_scores <= 1.0)) if len(level_scores) else float("nan")
            self.raw_coverage_[level] = covered
            off = not np.isfinite(covered) or abs(covered - level / 100) > self.tolerance
            calibrate = self.method in ("pooled", "per_series") or (self.method == "auto" and off)
            self.factors_[level] = conformal_factor(level_scores, level) if (
                calibrate and len(level_scores)) else 1.0
            if calibrate and self.method == "per_series":
                for uid, group in points.groupby("unique_id"):
                    if len(group) >= MIN_SERIES_POINTS:
                        self.series_factors_[(str(uid), level)] = conformal_factor(
                            scores(group, level), level)
        return self

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rescale ``lo_*``/``hi_*`` around ``mean`` by the learned factors."""
        out = frame.copy()
        for level in LEVELS:
            factor = out["unique_id"].astype(str).map(
                lambda uid, lv=level: self.series_factors_.get((uid, lv), self.factors_[lv]))
            upper = out[f"hi_{level}"] - out["mean"]
            lower = out["mean"] - out[f"lo_{level}"]
            out[f"hi_{level}"] = out["mean"] + upper * factor
            out[f"lo_{level}"] = out["mean"] - lower * factor
        return out


def honest_coverage(points: pd.DataFrame, method: str, tolerance: float) -> pd.DataFrame:
    """Calibrated bounds for each window learned on the other windows only."""
    windows = sorted(points["window"].unique())
    if len(windows) < 2:
        return IntervalCalibrator(method, tolerance).fit(points).transform(points)
    parts = []
    for held in windows:
        calibrator = IntervalCalibrator(method, tolerance).fit(points[points["window"] != held])
        parts.append(calibrator.transform(points[points["window"] == held]))
    return pd.concat(parts, ignore_index=True)
