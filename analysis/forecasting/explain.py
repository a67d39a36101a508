"""Forecast runs in words a reader can act on: what line is drawn, why, and how accurate.

MASE divides a model's error by the in-sample error of a one-season-back forecast, so it is a
scale, not a benchmark: out of sample even the seasonal naive forecast scores above 1. What a
reader needs is the ratio of a model's backtest error to the seasonal naive's on the same
series and weeks (:func:`with_naive_ratio`): below 1 is more accurate than repeating last
season. :func:`drawn_forecast_text` says which model or combination the forecast line is and
what the backtest says about it; :func:`describe_frequency` names a frequency alias in words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# The names of analysis.forecasting.combine.COMBINED and models.BASELINE, repeated here so the
# dashboard and the PDF can explain a stored run without importing statsforecast.
COMBINED = "Combination"
BASELINE = "SeasonalNaive"
DAYS = {"MON": "Monday", "TUE": "Tuesday", "WED": "Wednesday", "THU": "Thursday",
        "FRI": "Friday", "SAT": "Saturday", "SUN": "Sunday"}
RATIO = "vs seasonal naive"
RATIO_HELP = (f"'{RATIO}' is the model's backtest error divided by the error of a seasonal "
              "naive forecast (repeat the value one season back) on the same series and weeks: "
              "0.70 means 30% smaller errors, above 1 means worse than the naive forecast. "
              "MASE scales errors by the naive forecast's in-sample error, so even the naive "
              "forecast scores above 1 on weeks it has not seen.")


def describe_frequency(freq: str) -> str:
    """``W-FRI`` -> ``weekly (weeks end on Friday)``; ``D`` -> ``daily``; ``MS`` ->
    ``monthly (dated on the first day)``."""
    freq = str(freq or "").upper()
    if freq.startswith("W-") and freq[2:] in DAYS:
        return f"weekly (weeks end on {DAYS[freq[2:]]})"
    return {"D": "daily", "W": "weekly", "MS": "monthly (dated on the first day)",
            "ME": "monthly (dated on the last day)", "M": "monthly",
            "QS": "quarterly (dated on the first day)", "QE": "quarterly (dated on the last day)",
            }.get(freq, freq or "unknown frequency")


def period_word(freq: str, count: int = 2) -> str:
    """The unit of ``freq`` in words (``W-FRI``, 12 -> ``weeks``; ``MS``, 1 -> ``month``),
    ``period(s)`` where the frequency has no plain name."""
    freq = str(freq or "").upper()
    base = "week" if freq.startswith("W") else {
        "D": "day", "B": "business day", "MS": "month", "ME": "month", "M": "month",
        "QS": "quarter", "QE": "quarter", "Q": "quarter", "YS": "year", "YE": "year",
        "H": "hour"}.get(freq, "period")
    return base if count == 1 else base + "s"


def with_naive_ratio(backtest: pd.DataFrame) -> pd.DataFrame:
    """The backtest table with ``vs seasonal naive`` (MASE / the baseline's MASE of the same
    series) after ``MASE``, rows ordered by it (NaN where the series has no baseline row)."""
    if backtest.empty or "MASE" not in backtest.columns:
        return backtest.assign(**{RATIO: float("nan")})
    baseline = backtest[backtest["model"].astype(str) == BASELINE]
    base = pd.Series(baseline["MASE"].to_numpy(float),
                     index=baseline["unique_id"].astype(str).to_numpy())
    base = base[~base.index.duplicated()]
    ratio = backtest["MASE"] / backtest["unique_id"].astype(str).map(base)
    out = backtest.copy()
    out.insert(list(out.columns).index("MASE") + 1, RATIO, ratio.where(np.isfinite(ratio)))
    return out.sort_values(["unique_id", RATIO]).reset_index(drop=True)


def _strategy_words(strategy: str, weights: pd.DataFrame) -> str:
    if strategy.startswith("median") or weights.empty or "weight" not in weights:
        return "the median of the models' forecasts"
    shares = ", ".join(f"{row.model} {row.weight:.0%}" for row in
                       weights.sort_values("weight", ascending=False).itertuples(index=False))
    if strategy.startswith("best"):
        return f"the single model with the lowest backtest error for this series ({shares})"
    if strategy.startswith("pooled"):
        return ("a weighted mean of the models with the lowest backtest error over all series, "
                f"the same weights for every series ({shares})")
    return ("a weighted mean of the models with the lowest backtest error for this series, "
            f"weighted by 1/error ({shares})")


def drawn_forecast_text(series_id: str, backtest: pd.DataFrame, weights: pd.DataFrame,
                        strategy: str) -> str:
    """One paragraph: the line drawn for ``series_id``, why it was chosen, and its backtest
    error against the seasonal naive forecast."""
    sid = str(series_id)
    mine = with_naive_ratio(backtest[backtest["unique_id"].astype(str) == sid])
    own = weights[weights["unique_id"].astype(str) == sid] if not weights.empty else weights
    text = (f"The forecast line is the {COMBINED} of models: "
            f"{_strategy_words(strategy or 'median', own)}. The way of combining "
            f"({strategy or 'median'}) was itself chosen as the one that forecast held-back "
            "weeks best.")
    combined = mine[mine["model"].astype(str) == COMBINED]
    if combined.empty or pd.isna(combined[RATIO].iloc[0]):
        return text + " This series has no backtest against the seasonal naive forecast."
    ratio = float(combined[RATIO].iloc[0])
    verdict = (f"{1 - ratio:.0%} smaller errors than" if ratio < 1 else
               f"{ratio - 1:.0%} larger errors than" if ratio > 1 else "the same errors as")
    return text + (f" In the backtest of this series it made {verdict} a seasonal naive "
                   f"forecast (ratio {ratio:.2f}).")


def calibration_text(calibration: dict) -> str:
    """How the intervals were calibrated and how well they covered held-back weeks."""
    held = calibration.get("held_out_coverage") or {}
    if not held:
        return ("Intervals: the models' own 80% and 95% intervals, widened where the backtest "
                "showed they cover too little.")
    cover = {str(k): v for k, v in held.items()}
    windows = calibration.get("windows")
    return (f"Intervals are calibrated per forecast step on {windows} backtest windows; on "
            "windows the calibration was not fitted on, the 80% interval covered "
            f"{cover.get('80', float('nan')):.0%} and the 95% interval "
            f"{cover.get('95', float('nan')):.0%} of actual values.")
