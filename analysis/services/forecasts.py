"""Forecasting through the store: a re-run on unchanged data and settings is read back.

The forecaster computes (:mod:`analysis.forecasting`), the store keeps runs as plain frames
(:mod:`analysis.store.sales`); this use case joins them under the run key of
:func:`analysis.store.sales.run_key` (series, planned flags and every setting that changes the
result, see :func:`analysis.forecasting.cached.forecast_settings`).
"""

from __future__ import annotations

import pandas as pd

from analysis.forecasting.cached import (
    CachedForecast,
    forecast_settings,
    result_from_frames,
    run_frames,
)
from analysis.forecasting.forecaster import Progress, SalesForecaster
from analysis.store import sales as sales_store
from analysis.store.core import Store


def forecast_with_store(store: Store, series: pd.DataFrame, horizon: int,
                        progress: Progress | None = None, save_series: bool = True,
                        future_exog: pd.DataFrame | None = None,
                        **options: object) -> CachedForecast:
    """Forecast ``series`` (or read the stored run with the same key) and store the result.

    ``future_exog``: planned flags of the horizon (``unique_id, ds`` + flags), part of the key.
    """
    forecaster = SalesForecaster(horizon=horizon, **options)  # type: ignore[arg-type]
    settings = forecast_settings(forecaster)
    run_id = sales_store.run_key(series, settings, future_exog)
    if save_series:
        sales_store.save_sales(store, series)
    if sales_store.has_run(store, run_id):
        stored = sales_store.load_forecast_run(store, run_id)
        if stored is not None:
            sales_store.touch_run(store, run_id)
            return CachedForecast(result_from_frames(*stored), run_id, True)
    result = forecaster.fit(series, progress=progress).predict(progress=progress,
                                                               future_exog=future_exog)
    sales_store.save_forecast_run(store, run_id, *run_frames(result, settings))
    return CachedForecast(result, run_id, False)
