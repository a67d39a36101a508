"""What the Forecast page shows for one sales series: its history and forecast, the words that
explain the drawn line and its intervals, the backtest table, and the review signals.

Reads come from :func:`analysis.services.views.load_sales_frames`; the numbers and words are
those of :mod:`analysis.forecasting.explain` and :mod:`analysis.insights.sales_link`, so the
page and the PDF say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.forecasting import explain
from analysis.forecasting.schema import to_file_names
from analysis.insights.sales_link import link_strength, sales_link
from analysis.ordering import natural_sorted
from analysis.services.views import SalesFrames

RATIO_HELP = explain.RATIO_HELP


def series_names(frames: SalesFrames) -> list[str]:
    """Every series with sales or a forecast, in natural order (2 before 10)."""
    return natural_sorted(set(frames.sales["unique_id"].astype(str))
                          | set(frames.forecast["unique_id"].astype(str)))


@dataclass
class SeriesView:
    """One series on the Forecast page."""

    history: pd.DataFrame   # unique_id, ds, y
    forecast: pd.DataFrame  # unique_id, ds, yhat, yhat_lo_80 .. yhat_hi_95
    backtest: pd.DataFrame  # per model, with the ratio to the seasonal naive forecast, under
    # backtest.csv's column names (series_id, model, MASE, ...) as a reader sees them
    drawn: str              # which line is drawn and why, with its backtest error
    intervals: str          # how the intervals were calibrated and what they covered


def series_view(frames: SalesFrames, series: str) -> SeriesView:
    """History, forecast, backtest table and explanations of one series."""
    run = frames.run or {}
    weights = run.get("weights")
    weights = weights if weights is not None else pd.DataFrame()
    backtest = frames.backtest[frames.backtest["unique_id"].astype(str) == series]
    return SeriesView(
        history=frames.sales[frames.sales["unique_id"].astype(str) == series],
        forecast=frames.forecast[frames.forecast["unique_id"].astype(str) == series],
        backtest=to_file_names(explain.with_naive_ratio(backtest) if len(backtest)
                               else backtest),
        drawn=explain.drawn_forecast_text(series, frames.backtest, weights,
                                          run.get("strategy", "")),
        intervals=explain.calibration_text(run.get("calibration") or {}),
    )


def review_signals(frames: SalesFrames, aspects: pd.DataFrame, series: str
                   ) -> tuple[pd.DataFrame, str]:
    """Lagged correlations of complaint volume per category with this series' sales (the
    strongest first, with a ``strength`` word), and the note on reading them."""
    history = frames.sales[frames.sales["unique_id"].astype(str) == series]
    link = sales_link(aspects[aspects["product_id"].astype(str) == series], history)
    note = link.attrs.get("note", "")
    if not link.empty:
        link = link.assign(strength=link["correlation"].map(link_strength))
    return link, note
