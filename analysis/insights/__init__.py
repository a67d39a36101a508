"""Insights over analyzed reviews: strengths/weaknesses, quotes, mismatches, trends, alerts.

Functions take the analysis contract's DataFrames (reviews, aspects) and return DataFrames; the
figures are in :mod:`analysis.plots`, and the dashboard and reports only render them.
"""

from analysis.insights.mismatch import rating_text_mismatch
from analysis.insights.quotes import representative_quotes
from analysis.insights.strengths import (
    net_sentiment_interval,
    strengths_weaknesses,
    wilson_interval,
)

__all__ = [
    "net_sentiment_interval",
    "rating_text_mismatch",
    "representative_quotes",
    "strengths_weaknesses",
    "wilson_interval",
]
