"""Calibrate prediction intervals so their coverage on unseen weeks matches the nominal level.

Model intervals often cover less than they claim (STL-adjusted models ignore the seasonal
estimate's error; ETS ignores parameter uncertainty). The calibrator is split-conformal on the
backtest residuals, scaled by each interval's own half-width: the score of a point is how many
half-widths the actual fell from the forecast (upper half-width above it, lower below it), and
the interval is widened or narrowed by the score's empirical quantile. Scaling by the model's
own width keeps its per-series scale; the quantile is learned per horizon step (pooled with
neighbouring steps until there are enough points), because one global factor over-widens the
first steps and under-widens the last. ``pooled`` learns per-step factors over all series;
``per_series`` scales them by a series' own factor where it has enough points; ``auto`` is
``pooled`` when the backtest has enough points to learn from and leaves the model intervals
alone otherwise; ``none`` never calibrates.

:func:`honest_coverage` checks the calibration on windows the factors were not fitted on:
each backtest window is calibrated with factors learned from the windows whose test weeks do
not overlap it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

LEVELS = (80, 95)
MIN_SERIES_POINTS = 24
MIN_POINTS = 20
MIN_STEP_POINTS = 150
METHODS = ("auto", "pooled", "per_series", "none")


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


def step_factors(points: pd.DataFrame, level: int, min_points: int = MIN_STEP_POINTS,
                 radius: int = 0) -> dict[int, float]:
    """Per horizon step, the conformal factor of the scores of that step and the ``radius``
    steps either side, widened to more steps until at least ``min_points`` scores (or every
    step) are in the pool. Pooling is off by default: where error grows fast with the step,
    a neighbour's scores bias the first and last steps."""
    by_step = {int(step): scores(group, level) for step, group in points.groupby("step")}
    steps = sorted(by_step)
    out = {}
    start = radius
    for step in steps:
        radius = start
        while True:
            pool = np.concatenate([by_step[s] for s in steps if abs(s - step) <= radius])
            if len(pool) >= min_points or radius >= len(steps):
                break
            radius += 1
        out[step] = conformal_factor(pool, level)
    return out


@dataclass
class IntervalCalibrator:
    """Learn per-level, per-step scaling factors from backtest points; apply them to forecasts.

    ``tolerance`` is kept for the settings' key; the decision to calibrate is by point count.
    """

    method: str = "auto"  # auto | pooled | per_series | none
    tolerance: float = 0.02

    def fit(self, points: pd.DataFrame) -> IntervalCalibrator:
        """Learn ``factors_`` {level: factor over all steps}, ``step_factors_`` {level: {step:
        factor}}, ``series_factors_`` {(series, level): factor} and ``raw_coverage_``."""
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}")
        self.factors_, self.step_factors_ = {}, {}
        self.series_factors_, self.raw_coverage_ = {}, {}
        calibrate = self.method in ("pooled", "per_series") or (
            self.method == "auto" and len(points) >= MIN_POINTS)
        for level in LEVELS:
            level_scores = scores(points, level)
            covered = float(np.mean(level_scores <= 1.0)) if len(level_scores) else float("nan")
            self.raw_coverage_[level] = covered
            if not (calibrate and len(level_scores)):
                self.factors_[level], self.step_factors_[level] = 1.0, {}
                continue
            self.factors_[level] = conformal_factor(level_scores, level)
            self.step_factors_[level] = step_factors(points, level)
            if self.method == "per_series":
                for uid, group in points.groupby("unique_id"):
                    if len(group) >= MIN_SERIES_POINTS:
                        self.series_factors_[(str(uid), level)] = conformal_factor(
                            scores(group, level), level) / max(self.factors_[level], 1e-9)
        return self

    def factor(self, level: int, steps: pd.Series, series: pd.Series) -> np.ndarray:
        """The factor of each row: its step's factor (the nearest learned step beyond the
        backtest horizon, the overall factor without steps) times the series' own ratio."""
        learned = self.step_factors_.get(level, {})
        if learned:
            known = np.array(sorted(learned))
            values = np.array([learned[s] for s in known])
            index = np.clip(np.searchsorted(known, steps.to_numpy(int)), 0, len(known) - 1)
            base = values[index]
        else:
            base = np.full(len(steps), self.factors_.get(level, 1.0))
        ratio = series.astype(str).map(
            lambda uid: self.series_factors_.get((uid, level), 1.0)).to_numpy(float)
        return base * ratio

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rescale ``lo_*``/``hi_*`` around ``mean`` by the learned factors."""
        out = frame.copy()
        steps = out["step"] if "step" in out.columns else pd.Series(
            np.ones(len(out), dtype=int), index=out.index)
        for level in LEVELS:
            factor = self.factor(level, steps, out["unique_id"])
            upper = out[f"hi_{level}"] - out["mean"]
            lower = out["mean"] - out[f"lo_{level}"]
            out[f"hi_{level}"] = out["mean"] + upper * factor
            out[f"lo_{level}"] = out["mean"] - lower * factor
        return out

    def report(self) -> dict:
        """Plain JSON-able summary: overall and per-step factors and the raw coverage."""
        return {"factors": dict(self.factors_), "raw_coverage": dict(self.raw_coverage_),
                "step_factors": {level: {int(s): float(f) for s, f in steps.items()}
                                 for level, steps in self.step_factors_.items()},
                "method": self.method}


def window_spans(points: pd.DataFrame) -> dict[int, tuple[pd.Timestamp, pd.Timestamp]]:
    """First and last test date of each backtest window."""
    spans = points.groupby("window")["ds"].agg(["min", "max"])
    return {int(w): (row["min"], row["max"]) for w, row in spans.iterrows()}


def honest_coverage(points: pd.DataFrame, method: str, tolerance: float = 0.02
                    ) -> pd.DataFrame:
    """Each window's points calibrated by factors learned on the windows whose test weeks do
    not overlap it (the model's own intervals where no such window exists)."""
    spans = window_spans(points)
    parts = []
    for held, (start, end) in spans.items():
        others = [w for w, (s, e) in spans.items() if w != held and (e < start or s > end)]
        target = points[points["window"] == held]
        if not others or method == "none":
            parts.append(target)
            continue
        calibrator = IntervalCalibrator(method, tolerance).fit(
            points[points["window"].isin(others)])
        parts.append(calibrator.transform(target))
    return pd.concat(parts, ignore_index=True) if parts else points.iloc[:0]


def coverage_by_step(points: pd.DataFrame) -> pd.DataFrame:
    """``step, points, coverage_80, coverage_95`` of calibrated points (e.g. honest ones)."""
    inside = points.assign(
        in_80=(points["y"] >= points["lo_80"]) & (points["y"] <= points["hi_80"]),
        in_95=(points["y"] >= points["lo_95"]) & (points["y"] <= points["hi_95"]))
    return inside.groupby("step").agg(points=("y", "size"), coverage_80=("in_80", "mean"),
                                      coverage_95=("in_95", "mean")).reset_index()
