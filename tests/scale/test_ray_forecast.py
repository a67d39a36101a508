"""``forecast --engine ray``: statsforecast on Ray through fugue gives the local numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.forecasting import SalesForecaster
from analysis.scale.forecast import RayStatsForecast, partitions_for
from tests.forecasting.synthetic import promo_series, seasonal_series

pytestmark = pytest.mark.scale


def test_partitions_follow_series_and_workers():
    assert partitions_for(3, 2) == 3  # never more partitions than series
    assert partitions_for(5000, 2) == 4
    assert partitions_for(5000, 16) == 32
    assert partitions_for(0, 4) == 1


def _compare(local, remote):
    for name in ("forecast", "backtest", "weights"):
        left, right = getattr(local, name), getattr(remote, name)
        assert list(left.columns) == list(right.columns)
        assert len(left) == len(right)
        numeric = left.select_dtypes("number").columns
        pd.testing.assert_frame_equal(left.drop(columns=numeric), right.drop(columns=numeric))
        np.testing.assert_allclose(left[numeric].to_numpy(float), right[numeric].to_numpy(float),
                                   rtol=1e-6, atol=1e-6, equal_nan=True)
    assert local.strategy == remote.strategy
    assert local.calibration == remote.calibration


def test_ray_forecast_equals_local_with_backtest_and_calibration(local_ray):
    history, _ = seasonal_series(n_series=4, weeks=120, horizon=8)
    options = {"horizon": 8, "windows": 2}
    local = SalesForecaster(**options).fit(history).predict()
    with RayStatsForecast() as backend:
        remote = SalesForecaster(**options, backend=backend).fit(history).predict()
        assert backend.calls == 3  # two backtest windows and the final forecast
    _compare(local, remote)
    assert not remote.backtest.empty and remote.calibration


def test_ray_forecast_with_planned_flags_equals_local(local_ray):
    history = promo_series(weeks=80)
    future = pd.DataFrame({"unique_id": "P", "ds": pd.date_range(
        history["ds"].iloc[-1], periods=5, freq="W-MON")[1:], "promotion": [1.0, 0, 0, 1.0]})
    local = SalesForecaster(horizon=4, windows=2).fit(history).predict(future_exog=future)
    with RayStatsForecast() as backend:
        remote = SalesForecaster(horizon=4, windows=2, backend=backend).fit(history).predict(
            future_exog=future)
    _compare(local, remote)
