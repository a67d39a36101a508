"""Calibrate prediction intervals so their coverage on unseen weeks matches the nominal level.

Model intervals often cover less than they claim (STL-adjusted models ignore the seasonal
estimate's error; ETS ignores parameter uncertainty). The calibrator is split-conformal on the
combination's backtest points, per level and horizon step, with the finite-sample quantile
(the ceil((n + 1) * level)-th smallest score). Two bases:

- ``width`` (the default): the score of a point is how many of the model's own interval
  half-widths the actual fell from the forecast (upper half-width above it, lower below it),
  and the model interval is rescaled by the step's quantile. Scaling by the model's own width
  keeps its per-series scale and asymmetry. A step's quantile rests on the few distinct
  weeks the backtest windows put at that step, so the per-step factors are replaced by a
  weighted straight line through them (``smooth``; kept within their range): one global
  factor over-widens the first steps and under-widens the last, raw per-step factors jump
  with the weeks each step happened to see.
- ``scale``: the score is the absolute error over the series' ``spread`` (its mean
  week-to-week change over the last year), pooled over series, and the interval is ``mean +-
  q(step) * spread`` with ``q`` made non-decreasing in the step. Measured on Walmart it
  covered less than nominal on later held-out weeks (docs/forecasting.md), so it is an option,
  not the default.

Rows without a usable scale (``scale`` basis; a series the backtest could not score) fall
back to the width factor over all steps. ``pooled`` learns over all series; ``per_series``
multiplies by a series' own ratio where it has enough points; ``auto`` is ``pooled`` when the
backtest has enough points and leaves the model intervals alone otherwise; ``none`` never
calibrates.

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
BASES = ("scale", "width")


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


def series_scale(frame: pd.DataFrame) -> np.ndarray:
    """Each row's calibration scale: ``spread`` (the series' mean week-to-week change), else
    the MASE ``scale``, else NaN."""
    for column in ("spread", "scale"):
        if column in frame.columns:
            return frame[column].to_numpy(float)
    return np.full(len(frame), np.nan)


def scaled_errors(frame: pd.DataFrame) -> np.ndarray:
    """Absolute error in units of the series' scale (NaN where the scale is unusable)."""
    scale = series_scale(frame)
    gap = np.abs(frame["y"].to_numpy(float) - frame["mean"].to_numpy(float))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isfinite(scale) & (scale > 0), gap / scale, np.nan)


def non_decreasing(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted isotonic (pool-adjacent-violators) fit: the closest non-decreasing sequence."""
    blocks: list[list[float]] = []  # [mean, weight, length]
    for value, weight in zip(values, weights, strict=True):
        blocks.append([float(value), float(weight), 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, n2 = blocks.pop()
            v1, w1, n1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    return np.concatenate([np.full(n, v) for v, _, n in blocks]) if blocks else np.array([])


def scaled_step_quantiles(points: pd.DataFrame, level: int, smooth: bool = True
                          ) -> dict[int, float]:
    """Per step, the conformal quantile of the scaled errors, made non-decreasing in the step
    when ``smooth`` (each step weighted by its number of points)."""
    errors = points.assign(score=scaled_errors(points)).dropna(subset=["score"])
    if errors.empty:
        return {}
    steps, values, counts = [], [], []
    for step, group in errors.groupby("step"):
        steps.append(int(step))
        values.append(conformal_factor(group["score"].to_numpy(float), level))
        counts.append(len(group))
    if smooth:
        values = list(non_decreasing(np.array(values), np.array(counts, dtype=float)))
    return dict(zip(steps, map(float, values), strict=True))


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
                 radius: int = 0, smooth: bool = True) -> dict[int, float]:
    """Per horizon step, the conformal factor of the scores of that step and the ``radius``
    steps either side, widened to more steps until at least ``min_points`` scores (or every
    step) are in the pool. Pooling is off by default: where error grows fast with the step,
    a neighbour's scores bias the first and last steps. ``smooth`` replaces the factors by
    a straight line in the step (see :func:`line_through`)."""
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
    if smooth:
        counts = np.array([len(by_step[s]) for s in steps], dtype=float)
        out = dict(zip(steps, map(float, line_through(np.array(steps), np.array(
            [out[s] for s in steps]), counts)), strict=True))
    return out


def line_through(steps: np.ndarray, factors: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weighted least-squares line ``a + b * step`` through per-step factors, kept within
    the range of the factors themselves. A step's factor rests on the few distinct weeks of
    the backtest windows at that step; a line through all steps pools them, and a straight
    line can still follow error that grows (or shrinks) with the step faster than the model's
    own intervals do. Unchanged with fewer than 3 finite steps."""
    finite = np.isfinite(factors)
    if finite.sum() < 3:
        return factors
    slope, intercept = np.polyfit(steps[finite], factors[finite], 1, w=np.sqrt(weights[finite]))
    fitted = intercept + slope * steps
    return np.clip(fitted, factors[finite].min(), factors[finite].max())


@dataclass
class IntervalCalibrator:
    """Learn per-level, per-step interval sizes from backtest points; apply them to forecasts.

    ``basis``: ``scale`` (intervals ``mean +- quantile * scale``) or ``width`` (the model's
    intervals rescaled), see the module docstring. ``tolerance`` is kept for the settings'
    key; the decision to calibrate is by point count.
    """

    method: str = "auto"  # auto | pooled | per_series | none
    tolerance: float = 0.02
    basis: str = "width"  # width | scale
    smooth: bool = True

    def fit(self, points: pd.DataFrame) -> IntervalCalibrator:
        """Learn ``factors_`` {level: width factor over all steps}, ``step_factors_`` {level:
        {step: factor}} (scaled-error quantiles for ``scale``), ``series_factors_`` {(series,
        level): ratio} and ``raw_coverage_``."""
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}")
        if self.basis not in BASES:
            raise ValueError(f"basis must be one of {', '.join(BASES)}")
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
            if self.basis == "scale":
                self.step_factors_[level] = scaled_step_quantiles(points, level, self.smooth)
                overall = conformal_factor(scaled_errors(points), level)
                per_series = scaled_errors
            else:
                self.step_factors_[level] = step_factors(points, level, smooth=self.smooth)
                overall = self.factors_[level]
                per_series = lambda group, lv=level: scores(group, lv)  # noqa: E731
            if self.method == "per_series":
                for uid, group in points.groupby("unique_id"):
                    if len(group) >= MIN_SERIES_POINTS:
                        self.series_factors_[(str(uid), level)] = conformal_factor(
                            per_series(group), level) / max(overall, 1e-9)
        return self

    def factor(self, level: int, steps: pd.Series, series: pd.Series) -> np.ndarray:
        """The factor of each row: its step's factor (the nearest learned step beyond the
        backtest horizon; NaN without steps) times the series' own ratio."""
        learned = self.step_factors_.get(level, {})
        if learned:
            known = np.array(sorted(learned))
            values = np.array([learned[s] for s in known])
            index = np.clip(np.searchsorted(known, steps.to_numpy(int)), 0, len(known) - 1)
            base = values[index]
        elif self.basis == "scale":
            base = np.full(len(steps), np.nan)
        else:
            base = np.full(len(steps), self.factors_.get(level, 1.0))
        ratio = series.astype(str).map(
            lambda uid: self.series_factors_.get((uid, level), 1.0)).to_numpy(float)
        return base * ratio

    def transform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Calibrated ``lo_*``/``hi_*`` around ``mean`` (``scale`` rows: ``mean +- q *
        scale``; rows without a usable scale: the model interval times the width factor)."""
        out = frame.copy()
        steps = out["step"] if "step" in out.columns else pd.Series(
            np.ones(len(out), dtype=int), index=out.index)
        scale = series_scale(out)
        for level in LEVELS:
            factor = self.factor(level, steps, out["unique_id"])
            upper = (out[f"hi_{level}"] - out["mean"]).to_numpy(float)
            lower = (out["mean"] - out[f"lo_{level}"]).to_numpy(float)
            if self.basis == "scale":
                usable = np.isfinite(factor) & np.isfinite(scale) & (scale > 0)
                fallback = self.factors_.get(level, 1.0)
                upper = np.where(usable, factor * scale, upper * fallback)
                lower = np.where(usable, factor * scale, lower * fallback)
            else:
                upper, lower = upper * factor, lower * factor
            out[f"hi_{level}"] = out["mean"] + upper
            out[f"lo_{level}"] = out["mean"] - lower
        return out

    def report(self) -> dict:
        """Plain JSON-able summary: overall and per-step factors and the raw coverage."""
        return {"factors": dict(self.factors_), "raw_coverage": dict(self.raw_coverage_),
                "step_factors": {level: {int(s): float(f) for s, f in steps.items()}
                                 for level, steps in self.step_factors_.items()},
                "method": self.method, "basis": self.basis, "smooth": self.smooth}


def window_spans(points: pd.DataFrame) -> dict[int, tuple[pd.Timestamp, pd.Timestamp]]:
    """First and last test date of each backtest window."""
    spans = points.groupby("window")["ds"].agg(["min", "max"])
    return {int(w): (row["min"], row["max"]) for w, row in spans.iterrows()}


def honest_coverage(points: pd.DataFrame, method: str, tolerance: float = 0.02,
                    basis: str = "width") -> pd.DataFrame:
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
        calibrator = IntervalCalibrator(method, tolerance, basis).fit(
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
