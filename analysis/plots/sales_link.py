"""Review aspects against later sales: correlation by lag."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.insights.sales_link import NOTE


def sales_link_figure(link: pd.DataFrame, product_id: str, aspect: str) -> go.Figure:
    """Correlation by lag for one product and aspect, with each bar's n in the hover."""
    rows = link[(link["product_id"] == product_id) & (link["aspect"] == aspect)].sort_values(
        "lag")
    figure = go.Figure()
    figure.add_bar(x=rows["lag"], y=rows["correlation"], customdata=rows[["n", "p_value"]],
                   hovertemplate="lag %{x}: r=%{y:.2f} (n=%{customdata[0]}, "
                                 "p=%{customdata[1]:.3f})")
    figure.update_layout(title=f"{aspect} vs sales of {product_id}", template="plotly_white",
                         xaxis_title="lag (periods sales follow reviews)",
                         yaxis_title="correlation", yaxis_range=[-1, 1],
                         annotations=[{"text": NOTE, "showarrow": False, "xref": "paper",
                                       "yref": "paper", "x": 0, "y": -0.3,
                                       "font": {"size": 10}}])
    return figure
