"""Trends with their 95% bands: net sentiment over volume bars, lines per group, volumes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.insights.trends import PERIOD_NAMES


def banded_figure(table: pd.DataFrame, freq: str, count: str = "reviews") -> go.Figure:
    """Net sentiment with its 95% band over volume bars; gaps stay gaps, periods with too few
    reviews are grey bars without a sentiment point."""
    figure = go.Figure()
    if table.empty:
        figure.add_annotation(text="No dated reviews in this selection", showarrow=False,
                              x=0.5, y=0.5, xref="paper", yref="paper")
        return figure
    colors = ["#cfd8dc" if few else "#90a4ae" for few in table["too_few"]]
    figure.add_bar(x=table["period"], y=table[count], name=count, marker_color=colors,
                   customdata=table["too_few"].map({True: " (too few to judge)", False: ""}),
                   hovertemplate="%{x|%Y-%m-%d}: %{y}%{customdata}<extra></extra>")
    figure.add_scatter(x=table["period"], y=table["net_hi"], mode="lines", line_width=0,
                       yaxis="y2", showlegend=False, hoverinfo="skip", connectgaps=False)
    figure.add_scatter(x=table["period"], y=table["net_lo"], mode="lines", line_width=0,
                       yaxis="y2", fill="tonexty", fillcolor="rgba(21,101,192,0.15)",
                       name="95% band", hoverinfo="skip", connectgaps=False)
    figure.add_scatter(x=table["period"], y=table["net_sentiment"], mode="lines+markers",
                       yaxis="y2", name="net sentiment", line_color="#1565c0",
                       connectgaps=False,
                       hovertemplate="%{x|%Y-%m-%d}: %{y:+.2f}<extra></extra>")
    figure.update_layout(
        xaxis_title=PERIOD_NAMES.get(freq, "period"), yaxis={"title": count},
        yaxis2={"title": "net sentiment", "overlaying": "y", "side": "right",
                "range": [-1.05, 1.05], "showgrid": False, "zeroline": True},
        legend={"orientation": "h"}, height=380, template="plotly_white",
        margin={"l": 10, "r": 10, "t": 30, "b": 40})
    return figure


def trend_figure(table: pd.DataFrame, label: str | None = None, title: str = "") -> go.Figure:
    """Net sentiment over time with its band, one line per ``label`` value (or one line)."""
    figure = go.Figure()
    groups = table.groupby(label) if label else [("net sentiment", table)]
    for name, group in groups:
        group = group.sort_values("period")
        figure.add_scatter(x=group["period"], y=group["net_hi"], mode="lines", line_width=0,
                           showlegend=False, hoverinfo="skip", legendgroup=str(name))
        figure.add_scatter(x=group["period"], y=group["net_lo"], mode="lines", line_width=0,
                           fill="tonexty", fillcolor="rgba(100,120,200,0.15)",
                           showlegend=False, hoverinfo="skip", legendgroup=str(name))
        count = "mentions" if "mentions" in group else "reviews"
        figure.add_scatter(x=group["period"], y=group["net_sentiment"], mode="lines+markers",
                           name=str(name), legendgroup=str(name),
                           customdata=group[[count]].to_numpy(),
                           hovertemplate="%{x|%Y-%m-%d}: %{y:.2f} (n=%{customdata[0]})")
    figure.update_layout(title=title, yaxis_title="net sentiment", yaxis_range=[-1.05, 1.05],
                         xaxis_title="period", template="plotly_white")
    return figure


def volume_figure(table: pd.DataFrame, label: str | None = None, title: str = "") -> go.Figure:
    """Mentions (or reviews) per period, one bar series per ``label`` value."""
    count = "mentions" if "mentions" in table else "reviews"
    figure = go.Figure()
    groups = table.groupby(label) if label else [(count, table)]
    for name, group in groups:
        figure.add_bar(x=group["period"], y=group[count], name=str(name))
    figure.update_layout(title=title, barmode="stack", yaxis_title=count,
                         template="plotly_white")
    return figure
