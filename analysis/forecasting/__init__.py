"""Sales forecasting: statsforecast models, rolling-origin backtest, combination, intervals.

The names below are imported on first use (:mod:`analysis.lazy_exports`): statsforecast is
loaded only by code that forecasts, not by code that reads a schema or a frequency.
"""

from analysis.lazy_exports import lazy_exports

_EXPORTS = {
    "COMBINED": "combine",
    "Combiner": "combine",
    "BACKTEST_COLUMNS": "forecaster",
    "FORECAST_COLUMNS": "forecaster",
    "ForecastResult": "forecaster",
    "SalesForecaster": "forecaster",
    "forecast_sales": "forecaster",
    "detect_frequency": "frequency",
    "season_length_for": "frequency",
    "BASELINE": "models",
    "default_models": "models",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
