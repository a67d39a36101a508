"""Sentiment and aspect mentions per period (day, week, month), and the one-line text of an
emerging-issue alert.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PERIODS = {"W": "W-SUN", "M": "M", "Q": "Q-DEC"}


def period_start(dates: pd.Series, freq: str = "W") -> pd.Series:
    """Start of each date's period: the Monday of its week (``W``), the first day of its month
    (``M``) or quarter (``Q``); other pandas period aliases (``D``) as pandas reads them.

    Computed once per distinct date; a missing date gives NaT.
    """
    codes, uniques = pd.factorize(pd.to_datetime(dates))
    if not len(uniques):
        return pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    starts = pd.DatetimeIndex(uniques).to_period(PERIODS.get(freq, freq)).start_time
    out = pd.Series(starts.take(np.maximum(codes, 0)), index=dates.index)
    return out.mask(codes < 0)


def sentiment_over_time(reviews: pd.DataFrame, freq: str = "W") -> pd.DataFrame:
    """Per period: review count, average rating and net sentiment (``period`` is its start)."""
    dated = reviews.dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame(columns=["period", "reviews", "avg_rating", "net_sentiment"])
    period = period_start(dated["date"], freq)
    signed = dated["sentiment"].map({"positive": 1.0, "negative": -1.0}).fillna(0.0)
    grouped = pd.DataFrame({"period": period, "signed": signed, "rating": dated["rating"]})
    out = grouped.groupby("period").agg(
        reviews=("signed", "size"), avg_rating=("rating", "mean"), net_sentiment=("signed", "mean")
    )
    return out.reset_index()


def aspect_over_time(
    aspects: pd.DataFrame, freq: str = "W", categories: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Per period and category: mentions and net sentiment."""
    dated = aspects.dropna(subset=["date"])
    if categories:
        dated = dated[dated["category"].isin(categories)]
    if dated.empty:
        return pd.DataFrame(columns=["period", "category", "mentions", "net_sentiment"])
    signed = dated["polarity"].map({"positive": 1.0, "negative": -1.0}).fillna(0.0)
    frame = pd.DataFrame(
        {
            "period": period_start(dated["date"], freq),
            "category": dated["category"],
            "signed": signed,
        }
    )
    out = frame.groupby(["period", "category"]).agg(
        mentions=("signed", "size"), net_sentiment=("signed", "mean")
    )
    return out.reset_index()


def alert_text(alert) -> str:
    """One line for an emerging-issue alert (a row of ``analysis.insights.emerging``)."""
    return (f"{alert.product_id} · {alert.aspect}: {alert.recent_negative} negative mentions in "
            f"the last 4 weeks, {alert.recent_weekly:.1f}/week against a usual "
            f"{alert.baseline_weekly:.1f}/week")
