"""The default statsforecast models, with unique aliases, and the baseline.

Models run on the seasonally adjusted series (see :mod:`analysis.forecasting.seasonal`), so
they are non-seasonal and fast: AutoETS restricted to additive/multiplicative error with
none/additive/damped trend, AutoTheta restricted to the dynamic optimised Theta, and an AR(1)
with drift (a linear trend) fitted by conditional sum of squares, taking holiday/promotion
flags as regressors.
The automatic ARIMA order search costs ~30 ms per candidate per series (too slow for a thousand
series with a backtest), and statsforecast's CSS fit of differenced orders returns unusable
forecasts on this data, so the order is fixed. The
baseline is the seasonal naive forecast (naive for series shorter than two seasons); it is
also the fallback when a model fails on a series.
"""

from __future__ import annotations

from statsforecast.models import ARIMA, AutoETS, AutoTheta, Naive, SeasonalNaive

BASELINE = "SeasonalNaive"


def default_models() -> list:
    """AutoETS, ARIMA(1,0,0) with drift (takes exogenous flags) and AutoTheta, aliased."""
    return [
        AutoETS(model="ZZN", alias="AutoETS"),
        ARIMA(order=(1, 0, 0), include_drift=True, method="CSS", alias="ARIMA"),
        AutoTheta(model="DOTM", alias="AutoTheta"),
    ]


def baseline_model(season_length: int) -> object:
    """Seasonal naive with the given season (plain naive when ``season_length`` is 1)."""
    if season_length > 1:
        return SeasonalNaive(season_length=season_length, alias=BASELINE)
    return Naive(alias=BASELINE)


def fallback_model() -> object:
    """Used by statsforecast when a model fails to fit one series."""
    return Naive()


def model_names(models: list) -> list[str]:
    """The aliases (or class names) of ``models``, checked to be unique."""
    names = [getattr(model, "alias", None) or repr(model) for model in models]
    if len(set(names)) != len(names):
        raise ValueError(f"model aliases must be unique, got {names}")
    if BASELINE in names:
        raise ValueError(f"{BASELINE!r} is reserved for the baseline model")
    return names
