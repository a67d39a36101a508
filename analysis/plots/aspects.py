"""Aspect figures: net sentiment bars with interval whiskers, and categories over time."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.plots.base import _empty_figure


def aspect_bar_figure(table: pd.DataFrame, label: str = "category", limit: int = 15
                      ) -> go.Figure:
    """Horizontal bars of net sentiment with CI whiskers for the ``limit`` most-mentioned rows
    of an aspect table (a chart of 50 categories helps nobody; the table lists them all)."""
    if table.empty:
        return _empty_figure("No aspect mentions in this selection")
    data = table.nlargest(limit, "mentions").sort_values("net_sentiment")
    colors = ["#2e7d32" if v >= 0 else "#c62828" for v in data["net_sentiment"]]
    fig = go.Figure(
        go.Bar(
            x=data["net_sentiment"],
            y=data[label].astype(str),
            orientation="h",
            marker_color=colors,
            error_x={
                "type": "data",
                "symmetric": False,
                "array": data["ci_high"] - data["net_sentiment"],
                "arrayminus": data["net_sentiment"] - data["ci_low"],
            },
            customdata=data["mentions"],
            hovertemplate="%{y}: net %{x:.2f} (%{customdata} mentions)<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": "net sentiment (positive − negative share)", "range": [-1, 1]},
        height=max(260, 28 * len(data) + 80),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return fig


def aspect_time_figure(series: pd.DataFrame, value: str = "net_sentiment") -> go.Figure:
    """One line per category of ``value`` (``net_sentiment`` or ``mentions``) over time."""
    if series.empty:
        return _empty_figure("No dated aspect mentions in this selection")
    fig = go.Figure()
    for category, group in series.groupby("category"):
        fig.add_scatter(x=group["period"], y=group[value], name=str(category), mode="lines")
    fig.update_layout(
        yaxis={"title": value.replace("_", " ")},
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return fig
