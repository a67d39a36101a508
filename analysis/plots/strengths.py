"""Strengths and weaknesses: net sentiment bars with interval whiskers."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go


def strengths_weaknesses_figure(table: pd.DataFrame, product: str | None = None, top: int = 8
                                ) -> go.Figure:
    """Horizontal bars of net sentiment with CI error bars (green strengths, red weaknesses)."""
    by = "category" if "category" in table.columns else "aspect_norm"
    data = table if product is None else table[table["product_id"] == str(product)]
    picked = pd.concat(
        [
            data[data["kind"] == "strength"].nsmallest(top, "rank"),
            data[data["kind"] == "weakness"].nsmallest(top, "rank"),
        ]
    ).sort_values("net_sentiment")
    colors = {"strength": "#2e7d32", "weakness": "#c62828", "mixed": "#9e9e9e"}
    figure = go.Figure(
        go.Bar(
            x=picked["net_sentiment"],
            y=picked[by].astype(str),
            orientation="h",
            marker_color=[colors[k] for k in picked["kind"]],
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (picked["net_hi"] - picked["net_sentiment"]).to_numpy(),
                "arrayminus": (picked["net_sentiment"] - picked["net_lo"]).to_numpy(),
            },
            customdata=picked[["mentions"]].to_numpy(),
            hovertemplate="%{y}: net %{x:.2f} (%{customdata[0]} mentions)<extra></extra>",
        )
    )
    title = "Strengths and weaknesses" + (f" — {product}" if product is not None else "")
    figure.update_layout(
        title=title,
        xaxis={"title": "net sentiment (positive − negative share)", "range": [-1, 1]},
        yaxis={"title": None},
        height=max(300, 40 * len(picked) + 120),
    )
    return figure
