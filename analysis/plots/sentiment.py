"""Review volume and net sentiment per period."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.plots.base import _empty_figure


def sentiment_time_figure(series: pd.DataFrame) -> go.Figure:
    """Review volume (bars) and net sentiment (line) per period."""
    if series.empty:
        return _empty_figure("No dated reviews in this selection")
    fig = go.Figure()
    fig.add_bar(x=series["period"], y=series["reviews"], name="reviews", marker_color="#90a4ae")
    fig.add_scatter(
        x=series["period"], y=series["net_sentiment"], name="net sentiment", yaxis="y2",
        mode="lines+markers", line_color="#1565c0",
    )
    fig.update_layout(
        yaxis={"title": "reviews"},
        yaxis2={"title": "net sentiment", "overlaying": "y", "side": "right", "range": [-1, 1],
                "dtick": 0.5, "showgrid": False, "zeroline": False},
        legend={"orientation": "h"},
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return fig
