"""Forecast runs in the store: a re-run on unchanged data is served from the store."""

from __future__ import annotations

import pandas as pd

from analysis.services.forecasts import forecast_with_store
from analysis.store.core import Store
from analysis.store.sales import load_backtest, load_forecast, load_sales
from tests.forecasting.synthetic import seasonal_series


def test_rerun_is_served_from_the_store_and_changes_recompute(tmp_path):
    history, _ = seasonal_series(n_series=2, weeks=60)
    with Store(tmp_path / "s.duckdb") as store:
        first = forecast_with_store(store, history, 4, windows=2)
        assert not first.from_cache
        second = forecast_with_store(store, history, 4, windows=2)
        assert second.from_cache and second.run_id == first.run_id
        pd.testing.assert_frame_equal(
            second.result.forecast.reset_index(drop=True),
            first.result.forecast.reset_index(drop=True), check_dtype=False)
        assert second.result.strategy == first.result.strategy
        assert len(second.result.backtest) == len(first.result.backtest)
        other_horizon = forecast_with_store(store, history, 5, windows=2)
        assert not other_horizon.from_cache
        changed = history.assign(y=history["y"] + 1)
        assert not forecast_with_store(store, changed, 4, windows=2).from_cache

    with Store(tmp_path / "s.duckdb") as store:
        sales = load_sales(store)
        assert sorted(sales["unique_id"].unique()) == ["S0", "S1"]
        assert len(sales) == len(history)
        latest = load_forecast(store)
        assert len(latest) == 2 * 4
        assert (latest["yhat"].to_numpy() > history.groupby("unique_id")["y"].min().min()).all()
        assert set(load_backtest(store)["model"]) >= {"Combination", "SeasonalNaive"}
        assert len(load_forecast(store, run_id=other_horizon.run_id)) == 2 * 5
        assert len(load_forecast(store, series=["S1"])) == 4
