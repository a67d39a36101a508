"""What makes a forecast run reusable: its settings, and the run as plain frames and back.

The forecast cache itself (read back a run on unchanged data and settings, else forecast and
store it) is the use case :func:`analysis.services.forecasts.forecast_with_store`. The run key
hashes the series frame, the planned future flags and every setting that changes
the result (horizon, frequency, models, windows, combination, calibration and the version of
the calibration method), so any change recomputes: a run stored by an older calibrator is
never served as if it came from the current one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.forecasting.forecaster import ForecastResult, SalesForecaster
from analysis.forecasting.models import default_models

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


def run_frames(result: ForecastResult, settings: dict) -> tuple[dict[str, pd.DataFrame], dict]:
    """A result as the store keeps it: table name -> rows, and the run's own values."""
    frames = {
        "forecasts": result.forecast, "backtests": result.backtest,
        "forecast_messages": result.messages, "forecast_weights": result.weights,
        "backtest_fits": result.fits,
    }
    run = {"horizon": int(settings.get("horizon", 0)), "freq": result.freq,
           "season_length": int(result.season_length), "settings": settings,
           "strategy": result.strategy, "calibration": result.calibration}
    return frames, run


def result_from_frames(frames: dict[str, pd.DataFrame], run: dict) -> ForecastResult:
    """The inverse of :func:`run_frames`."""
    return ForecastResult(
        forecast=frames["forecasts"], backtest=frames["backtests"],
        messages=frames["forecast_messages"], weights=frames["forecast_weights"],
        fits=frames["backtest_fits"], strategy=run["strategy"], calibration=run["calibration"],
        freq=run["freq"], season_length=run["season_length"])
