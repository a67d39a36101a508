"""Forecast through the store: a re-run on unchanged data and settings is read back.

The run key hashes the series frame, the planned future flags and every setting that changes
the result (horizon, frequency, models, windows, combination, calibration and the version of
the calibration method), so any change recomputes: a run stored by an older calibrator is
never served as if it came from the current one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.forecasting.forecaster import ForecastResult, Progress, SalesForecaster
from analysis.forecasting.models import default_models
from analysis.store import sales as sales_store
from analysis.store.core import Store

# Bump when the interval calibration changes what a run with the same settings produces.
CALIBRATOR_VERSION = "per-step-line-3"


@dataclass
class CachedForecast:
    """A forecast result, its run key and whether it came from the store."""

    result: ForecastResult
    run_id: str
    from_cache: bool


def forecast_settings(forecaster: SalesForecaster) -> dict:
    """Every setting that changes the forecast, as plain JSON-able values."""
    models = forecaster.models or default_models()
    return {
        "horizon": forecaster.horizon, "freq": forecaster.freq,
        "season_length": forecaster.season_length, "windows": forecaster.windows,
        "step": forecaster.step, "max_windows": forecaster.max_windows,
        "combination": forecaster.combination,
        "top_k": forecaster.top_k, "calibration": forecaster.calibration,
        "include_baseline": forecaster.include_baseline, "calibrator": CALIBRATOR_VERSION,
        "models": [repr(m) + ":" + str(getattr(m, "alias", "")) for m in models],
    }


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
        result = sales_store.load_forecast_result(store, run_id)
        if result is not None:
            sales_store.touch_run(store, run_id)
            return CachedForecast(result, run_id, True)
    result = forecaster.fit(series, progress=progress).predict(progress=progress,
                                                               future_exog=future_exog)
    sales_store.save_forecast_run(store, run_id, result, settings)
    return CachedForecast(result, run_id, False)
