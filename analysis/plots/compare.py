"""Products side by side: net sentiment per shared category."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.plots.base import _empty_figure


def compare_figure(wide: pd.DataFrame) -> go.Figure:
    """Grouped bars: net sentiment per shared category, one bar color per product."""
    if wide.empty:
        return _empty_figure("These products share no aspect categories yet")
    fig = go.Figure()
    for product in wide.columns:
        fig.add_bar(x=wide.index.astype(str), y=wide[product], name=str(product))
    fig.update_layout(
        barmode="group",
        yaxis={"title": "net sentiment", "range": [-1, 1]},
        height=380,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return fig
