"""Every plotly figure, one module per subject; each takes a table from
:mod:`analysis.insights` (or the forecaster) and returns a figure the pages only render."""

from analysis.plots.aspects import aspect_bar_figure, aspect_time_figure
from analysis.plots.compare import compare_figure
from analysis.plots.forecast import forecast_backtest_figure, forecast_figure
from analysis.plots.sales_link import sales_link_figure
from analysis.plots.sentiment import sentiment_time_figure
from analysis.plots.strengths import strengths_weaknesses_figure
from analysis.plots.trends import banded_figure, trend_figure, volume_figure

__all__ = [
    "aspect_bar_figure",
    "aspect_time_figure",
    "banded_figure",
    "compare_figure",
    "forecast_backtest_figure",
    "forecast_figure",
    "sales_link_figure",
    "sentiment_time_figure",
    "strengths_weaknesses_figure",
    "trend_figure",
    "volume_figure",
]
