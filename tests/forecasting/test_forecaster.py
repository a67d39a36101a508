"""The forecaster recovers known seasonality and trend, with honest intervals and backtests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.forecasting import (
    BACKTEST_COLUMNS,
    BASELINE,
    COMBINED,
    FORECAST_COLUMNS,
    SalesForecaster,
    forecast_sales,
)
from analysis.plots.forecast import forecast_backtest_figure
from tests.forecasting.synthetic import seasonal_series

HORIZON = 12


@pytest.fixture(scope="module")
def seasonal():
    history, future = seasonal_series()
    return history, future, forecast_sales(history, HORIZON)


def test_forecast_has_contract_columns_and_horizon_rows(seasonal):
    history, _, result = seasonal
    assert list(result.forecast.columns) == FORECAST_COLUMNS
    assert result.forecast.groupby("unique_id").size().eq(HORIZON).all()
    assert set(result.forecast["unique_id"]) == set(history["unique_id"])
    first = result.forecast.groupby("unique_id")["ds"].min()
    last_seen = history.groupby("unique_id")["ds"].max()
    assert (first == last_seen + pd.Timedelta(weeks=1)).all()
    ordered = result.forecast
    assert (ordered["yhat_lo_95"] <= ordered["yhat_lo_80"]).all()
    assert (ordered["yhat_lo_80"] <= ordered["yhat"]).all()
    assert (ordered["yhat"] <= ordered["yhat_hi_80"]).all()
    assert (ordered["yhat_hi_80"] <= ordered["yhat_hi_95"]).all()


def test_forecast_tracks_the_true_signal(seasonal):
    _, future, result = seasonal
    merged = result.forecast.merge(future, on=["unique_id", "ds"])
    assert len(merged) == len(result.forecast)
    error = (merged["yhat"] - merged["truth"]).abs().mean()
    # The season swings +-30 and the noise sd is 4: a forecast that missed the season or the
    # trend would be off by tens.
    assert error < 6.0
    naive_error = (merged.groupby("unique_id")["truth"].transform("first")
                   - merged["truth"]).abs().mean()
    assert error < naive_error


def test_intervals_cover_near_nominal_rate(seasonal):
    _, future, result = seasonal
    merged = result.forecast.merge(future, on=["unique_id", "ds"])
    inside_80 = ((merged["y"] >= merged["yhat_lo_80"]) & (merged["y"] <= merged["yhat_hi_80"]))
    inside_95 = ((merged["y"] >= merged["yhat_lo_95"]) & (merged["y"] <= merged["yhat_hi_95"]))
    assert 0.6 <= inside_80.mean() <= 0.98
    assert inside_95.mean() >= 0.8
    assert inside_95.mean() >= inside_80.mean()


def test_backtest_reports_every_model_and_beats_seasonal_naive(seasonal):
    history, _, result = seasonal
    backtest = result.backtest
    assert list(backtest.columns) == BACKTEST_COLUMNS
    models = set(backtest["model"])
    assert {"AutoETS", "ARIMA", "AutoTheta", BASELINE, COMBINED} <= models
    assert backtest.groupby("unique_id")["model"].nunique().eq(len(models)).all()
    assert backtest[["coverage_80", "coverage_95"]].stack().between(0, 1).all()
    summary = result.summary().set_index("model")
    assert summary.loc[COMBINED, "MASE"] < summary.loc[BASELINE, "MASE"]
    assert not result.weights.empty
    sums = result.weights.groupby("unique_id")["weight"].sum()
    assert np.allclose(sums, 1.0)


def test_short_series_use_non_seasonal_models_without_crashing():
    dates = pd.date_range("2023-01-01", periods=18, freq="MS")
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"unique_id": "short", "ds": dates,
                          "y": 50 + np.arange(18) * 2 + rng.normal(0, 1, 18)})
    result = forecast_sales(frame, 6)
    assert len(result.forecast) == 6
    assert result.season_length == 12
    text = " ".join(result.messages["message"])
    assert "under two seasons" in text
    assert result.forecast["yhat"].iloc[-1] > frame["y"].iloc[-5]  # the trend continues


def test_swappable_models_and_fixed_strategy():
    from statsforecast.models import AutoETS

    history, _ = seasonal_series(n_series=2, weeks=110)
    result = SalesForecaster(horizon=4, models=[AutoETS(model="ANN", alias="SES")],
                             combination="median", windows=2).fit(history).predict()
    assert set(result.backtest["model"]) == {"SES", BASELINE, COMBINED}
    assert result.strategy == "median"


def test_figure_shows_history_forecast_bands_and_backtest(seasonal):
    history, _, result = seasonal
    figure = forecast_backtest_figure(history, result, "S0")
    names = {trace.name for trace in figure.data}
    assert {"sales", "forecast", "80% interval", "95% interval", "backtest"} <= names


def test_predict_before_fit_is_an_error():
    with pytest.raises(RuntimeError, match="not fitted"):
        SalesForecaster().predict()
