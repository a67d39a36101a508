"""Sales forecasting: statsforecast models, rolling-origin backtest, combination, intervals."""

from analysis.forecasting.combine import COMBINED, Combiner
from analysis.forecasting.forecaster import (
    BACKTEST_COLUMNS,
    FORECAST_COLUMNS,
    ForecastResult,
    SalesForecaster,
    forecast_sales,
)
from analysis.forecasting.frequency import detect_frequency, season_length_for
from analysis.forecasting.models import BASELINE, default_models

__all__ = [
    "BACKTEST_COLUMNS",
    "BASELINE",
    "COMBINED",
    "FORECAST_COLUMNS",
    "Combiner",
    "ForecastResult",
    "SalesForecaster",
    "default_models",
    "detect_frequency",
    "forecast_sales",
    "season_length_for",
]
