"""Sales forecast figures: history with the forecast and its 80/95% bands, and the same with
the backtest forecasts drawn in.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.plots.base import _empty_figure


def forecast_figure(history: pd.DataFrame, forecast: pd.DataFrame) -> go.Figure:
    """Sales history and forecast with shaded 80% and 95% intervals, one series.

    ``history`` has ``ds, y``; ``forecast`` has ``ds, yhat, yhat_lo_80, yhat_hi_80,
    yhat_lo_95, yhat_hi_95`` (:mod:`analysis.forecasting.schema`).
    """
    if history.empty and forecast.empty:
        return _empty_figure("No sales data for this selection")
    fig = go.Figure()
    if not forecast.empty:
        for level, color in (("95", "rgba(21,101,192,0.12)"), ("80", "rgba(21,101,192,0.25)")):
            fig.add_scatter(
                x=forecast["ds"], y=forecast[f"yhat_hi_{level}"], mode="lines",
                line_width=0, showlegend=False, hoverinfo="skip",
            )
            fig.add_scatter(
                x=forecast["ds"], y=forecast[f"yhat_lo_{level}"], mode="lines", line_width=0,
                fill="tonexty", fillcolor=color, name=f"{level}% interval",
            )
    if not history.empty:
        fig.add_scatter(x=history["ds"], y=history["y"], mode="lines", name="sales",
                        line_color="#37474f")
    if not forecast.empty:
        fig.add_scatter(x=forecast["ds"], y=forecast["yhat"], mode="lines", name="forecast",
                        line={"color": "#1565c0", "dash": "dash"})
    fig.update_layout(height=380, legend={"orientation": "h"},
                      margin={"l": 10, "r": 10, "t": 30, "b": 40})
    return fig


def forecast_backtest_figure(history: pd.DataFrame, result: object, series_id: str) -> go.Figure:
    """History (``unique_id, ds, y``), the forecast and its bands, and the backtest forecasts.

    ``result`` is a :class:`~analysis.forecasting.ForecastResult` (``unique_id, ds``
    throughout). Backtest forecasts are drawn
    dotted, one segment per cut-off, so a reader sees how the method did on past weeks.
    """
    past = history[history["unique_id"].astype(str) == str(series_id)].sort_values("ds")
    forecast, fits = result.forecast, result.fits
    future = forecast[forecast["unique_id"].astype(str) == str(series_id)]
    fits = fits[fits["unique_id"].astype(str) == str(series_id)]
    figure = go.Figure()
    for level, alpha in ((95, 0.12), (80, 0.25)):
        figure.add_scatter(x=future["ds"], y=future[f"yhat_hi_{level}"], mode="lines",
                           line_width=0, showlegend=False, hoverinfo="skip",
                           legendgroup=f"{level}")
        figure.add_scatter(x=future["ds"], y=future[f"yhat_lo_{level}"], mode="lines",
                           line_width=0, fill="tonexty", name=f"{level}% interval",
                           fillcolor=f"rgba(31,119,180,{alpha})", legendgroup=f"{level}")
    figure.add_scatter(x=past["ds"], y=past["y"], mode="lines", name="sales",
                       line={"color": "#37474f"})
    figure.add_scatter(x=future["ds"], y=future["yhat"], mode="lines", name="forecast",
                       line={"color": "#1f77b4", "dash": "dash"})
    first = True
    for _, window in fits.groupby("cutoff"):
        figure.add_scatter(x=window["ds"], y=window["yhat"], mode="lines", name="backtest",
                           line={"color": "#ff7f0e", "dash": "dot"}, showlegend=first,
                           legendgroup="backtest")
        first = False
    figure.update_layout(title=f"Sales forecast: {series_id}", xaxis_title="date",
                         yaxis_title="sales", template="plotly_white")
    return figure
