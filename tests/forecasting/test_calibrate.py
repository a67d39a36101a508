"""Interval calibration: per-step conformal factors, checked on windows they were not fit on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.forecasting.backtest import plan_windows
from analysis.forecasting.calibrate import (
    IntervalCalibrator,
    conformal_factor,
    coverage_by_step,
    honest_coverage,
    line_through,
    non_decreasing,
    scores,
)

Z = {80: 1.2816, 95: 1.96}


def backtest_points(n_series: int = 150, windows: int = 6, horizon: int = 6,
                    seed: int = 0) -> pd.DataFrame:
    """Points whose true error grows with the step (sd 0.5 at step 1 to 3 at step 6) while
    the model claims sd 1 at every step: too wide early, too narrow late."""
    rng = np.random.default_rng(seed)
    rows = []
    sd = np.linspace(0.5, 3.0, horizon)
    for w in range(windows):
        start = pd.Timestamp("2024-01-01") + pd.Timedelta(weeks=horizon * w)
        for s in range(n_series):
            mean = 100 + rng.normal(0, 5, horizon)
            y = mean + rng.normal(0, sd)
            frame = pd.DataFrame({
                "unique_id": f"S{s}", "window": w, "step": np.arange(1, horizon + 1),
                "ds": pd.date_range(start, periods=horizon, freq="7D"), "mean": mean, "y": y,
                "model": "Combination"})
            for level, z in Z.items():
                frame[f"lo_{level}"], frame[f"hi_{level}"] = mean - z, mean + z
            rows.append(frame)
    return pd.concat(rows, ignore_index=True)


def inside(frame: pd.DataFrame, level: int) -> pd.Series:
    return (frame["y"] >= frame[f"lo_{level}"]) & (frame["y"] <= frame[f"hi_{level}"])


def test_per_step_factors_calibrate_held_out_windows_at_every_step():
    points = backtest_points()
    fit, held = points[points["window"] < 4], points[points["window"] >= 4]
    calibrated = IntervalCalibrator("pooled", basis="width").fit(fit).transform(held)
    for level in (80, 95):
        by_step = inside(calibrated, level).groupby(calibrated["step"]).mean()
        assert (by_step - level / 100).abs().max() < 0.06, by_step.round(3).to_dict()
        raw = inside(held, level).groupby(held["step"]).mean()
        assert raw.iloc[0] > level / 100 + 0.04 and raw.iloc[-1] < level / 100 - 0.2


def test_noisy_per_step_factors_are_replaced_by_a_line_within_their_range():
    steps = np.arange(1, 7)
    noisy = np.array([1.0, 1.6, 1.2, 2.0, 1.6, 2.2])
    line = line_through(steps, noisy, np.ones(6))
    assert np.allclose(np.diff(line), np.diff(line)[0])  # straight
    assert line.min() >= noisy.min() and line.max() <= noisy.max()
    assert np.abs(line - noisy).max() < np.abs(noisy - noisy.mean()).max()
    assert np.allclose(line_through(steps[:2], noisy[:2], np.ones(2)), noisy[:2])
    raw = IntervalCalibrator("pooled", smooth=False).fit(backtest_points())
    smooth = IntervalCalibrator("pooled").fit(backtest_points())
    assert raw.report()["smooth"] is False and smooth.report()["basis"] == "width"
    assert smooth.step_factors_[80] != raw.step_factors_[80]


def test_one_global_factor_would_miss_the_first_and_last_steps():
    points = backtest_points()
    fit, held = points[points["window"] < 4], points[points["window"] >= 4]
    factor = conformal_factor(scores(fit, 80), 80)
    widened = held.assign(lo_80=held["mean"] - (held["mean"] - held["lo_80"]) * factor,
                          hi_80=held["mean"] + (held["hi_80"] - held["mean"]) * factor)
    by_step = inside(widened, 80).groupby(widened["step"]).mean()
    assert by_step.iloc[0] > 0.9 and by_step.iloc[-1] < 0.7  # why the factor is per step


def test_factors_grow_with_the_step_and_steps_beyond_the_backtest_use_the_last():
    calibrator = IntervalCalibrator("pooled", basis="width").fit(backtest_points())
    factors = calibrator.step_factors_[95]
    assert list(factors) == [1, 2, 3, 4, 5, 6]
    assert factors[1] < 1 < factors[6]
    beyond = backtest_points(n_series=2, windows=1, horizon=8)
    out = calibrator.transform(beyond)
    width = (out["hi_95"] - out["mean"]) / Z[95]
    assert np.allclose(width[beyond["step"] == 8], factors[6])


def test_auto_leaves_the_intervals_alone_with_too_few_points_and_none_never_calibrates():
    few = backtest_points(n_series=1, windows=1, horizon=6)
    assert IntervalCalibrator("auto").fit(few).step_factors_[80] == {}
    none = IntervalCalibrator("none").fit(backtest_points())
    out = none.transform(backtest_points(n_series=3, windows=1))
    assert np.allclose(out["hi_80"] - out["mean"], Z[80])
    with pytest.raises(ValueError, match="method must be one of"):
        IntervalCalibrator("global").fit(few)
    with pytest.raises(ValueError, match="basis must be one of"):
        IntervalCalibrator("auto", basis="sd").fit(few)


def scaled_points(n_series: int = 150, windows: int = 8, horizon: int = 6,
                  seed: int = 1) -> pd.DataFrame:
    """Series of very different sizes (spread 1 to 1,000) whose error sd is
    ``spread * sqrt(step)``, with model intervals that claim ``spread`` at every step."""
    points = backtest_points(n_series, windows, horizon, seed)
    rng = np.random.default_rng(seed)
    sizes = {f"S{s}": 10 ** rng.uniform(0, 3) for s in range(n_series)}
    spread = points["unique_id"].map(sizes)
    noise = rng.normal(0, 1, len(points)) * np.sqrt(points["step"])
    points = points.assign(spread=spread, y=points["mean"] + noise * spread)
    for level, z in Z.items():
        points[f"lo_{level}"] = points["mean"] - z * spread
        points[f"hi_{level}"] = points["mean"] + z * spread
    return points


def test_scaled_errors_pool_series_of_any_size_and_calibrate_later_windows_per_step():
    points = scaled_points()
    fit, held = points[points["window"] < 5], points[points["window"] >= 5]
    calibrator = IntervalCalibrator("auto", basis="scale").fit(fit)
    calibrated = calibrator.transform(held)
    for level, z in Z.items():
        learned = calibrator.step_factors_[level]
        assert list(learned.values()) == sorted(learned.values())  # never narrower further out
        assert np.allclose(list(learned.values()), z * np.sqrt(np.arange(1, 7)), rtol=0.15)
        by_step = inside(calibrated, level).groupby(calibrated["step"]).mean()
        assert (by_step - level / 100).abs().max() < 0.06, by_step.round(3).to_dict()
        raw = inside(held, level).groupby(held["step"]).mean()
        assert raw.iloc[-1] < level / 100 - 0.2
    width = calibrated["hi_80"] - calibrated["mean"]
    assert np.allclose(width, calibrated["mean"] - calibrated["lo_80"])  # symmetric


def test_noisy_per_step_quantiles_are_made_non_decreasing_by_pooling_violators():
    assert np.allclose(non_decreasing(np.array([1.0, 3.0, 2.0, 4.0]), np.ones(4)),
                       [1.0, 2.5, 2.5, 4.0])
    assert np.allclose(non_decreasing(np.array([2.0, 1.0]), np.array([3.0, 1.0])),
                       [1.75, 1.75])
    assert len(non_decreasing(np.array([]), np.array([]))) == 0


def test_rows_without_a_scale_fall_back_to_the_width_factor():
    points = scaled_points(n_series=60)
    calibrator = IntervalCalibrator("pooled", basis="scale").fit(points)
    unscaled = points.head(6).drop(columns="spread")
    out = calibrator.transform(unscaled)
    expected = (unscaled["hi_80"] - unscaled["mean"]) * calibrator.factors_[80]
    assert np.allclose(out["hi_80"] - out["mean"], expected)


def test_honest_coverage_never_uses_windows_that_overlap_the_held_one():
    points = backtest_points(n_series=50, windows=2)
    # Window 1 starts 3 weeks after window 0: their test weeks overlap, so neither may
    # calibrate the other and both keep the model's own intervals.
    shifted = points.copy()
    shifted.loc[shifted["window"] == 1, "ds"] -= pd.Timedelta(weeks=3)
    out = honest_coverage(shifted, "pooled", basis="width")
    assert np.allclose(out["hi_80"] - out["mean"], Z[80])
    apart = honest_coverage(points, "pooled", basis="width")
    assert not np.allclose(apart["hi_80"] - apart["mean"], Z[80])
    table = coverage_by_step(honest_coverage(backtest_points(), "pooled", basis="width"))
    assert table["coverage_80"].between(0.72, 0.88).all(), table.round(3)


def test_plan_windows_fits_more_windows_where_the_history_allows():
    assert plan_windows(111, 12, 65) == (6, 6)  # Walmart: 34 weeks of room
    windows, step = plan_windows(200, 12, 65)
    assert (windows, step) == (6, 12)  # room enough for non-overlapping windows
    assert plan_windows(80, 12, 65)[0] == 1  # room for one window only
    assert plan_windows(60, 12, 65) == (1, 12)
    assert plan_windows(300, 12, 65, windows=3) == (3, 12)
    assert plan_windows(300, 12, 65, windows=2, step=4) == (2, 4)
    windows, step = plan_windows(111, 12, 65, max_windows=10)
    assert step == 4 and windows == 9  # never closer than a third of the horizon
