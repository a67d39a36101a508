"""Headline numbers per product: reviews, average rating, net sentiment, share negative, and
the change of net sentiment over the last window with its arrow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

ARROW_UP, ARROW_DOWN, ARROW_FLAT = "▲", "▼", "▶"


@dataclass(frozen=True)
class KpiRow:
    """Headline numbers for one product (or ``product_id='All products'``)."""

    product_id: str
    reviews: int
    avg_rating: float
    net_sentiment: float
    share_negative: float
    net_sentiment_change: float = float("nan")
    arrow: str = ARROW_FLAT
    extra: dict = field(default_factory=dict)


def net_sentiment(polarity: pd.Series) -> float:
    """Share positive minus share negative, in -1..1 (NaN when empty)."""
    if len(polarity) == 0:
        return float("nan")
    counts = polarity.value_counts()
    return float((counts.get("positive", 0) - counts.get("negative", 0)) / len(polarity))


def trend_arrow(change: float, threshold: float = 0.05) -> str:
    """▲ when ``change`` rose by more than ``threshold``, ▼ when it fell, ▶ otherwise/unknown."""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return ARROW_FLAT
    if change > threshold:
        return ARROW_UP
    if change < -threshold:
        return ARROW_DOWN
    return ARROW_FLAT


def _kpi_rows(labels: pd.Series, reviews: pd.DataFrame, window_days: int) -> pd.DataFrame:
    """KPIs per label in one grouped pass (no per-product Python loop)."""
    sentiment = reviews["sentiment"]
    codes, names = pd.factorize(labels, sort=True)
    frame = pd.DataFrame({
        "label": codes,
        "pos": (sentiment == "positive").to_numpy(float),
        "neg": (sentiment == "negative").to_numpy(float),
        "rating": reviews["rating"].to_numpy(float),
        "date": reviews["date"].to_numpy(),
    })
    grouped = frame.groupby("label", sort=True)
    out = pd.DataFrame({
        "reviews": grouped.size(),
        "avg_rating": grouped["rating"].mean(),
        "net_sentiment": grouped["pos"].mean() - grouped["neg"].mean(),
        "share_negative": grouped["neg"].mean(),
    })
    last = grouped["date"].transform("max")
    age = (last - frame["date"]).dt.days
    recent = frame[age < window_days].groupby("label")
    prior = frame[(age >= window_days) & (age < 2 * window_days)].groupby("label")
    net_recent = recent["pos"].mean() - recent["neg"].mean()
    net_prior = prior["pos"].mean() - prior["neg"].mean()
    enough = (recent.size() >= 5) & (prior.size().reindex(recent.size().index) >= 5)
    change = (net_recent - net_prior).where(enough)
    out["net_sentiment_change"] = change.reindex(out.index).astype(float)
    out["trend"] = out["net_sentiment_change"].map(trend_arrow)
    out.index = names[out.index]
    return out.rename_axis("product_id").reset_index()


def kpi_table(reviews: pd.DataFrame, window_days: int = 30) -> pd.DataFrame:
    """One KPI row per product plus an ``All products`` row first.

    ``net_sentiment_change`` compares the last ``window_days`` (up to each product's newest
    review) with the window before them (NaN when either has fewer than five reviews);
    ``trend`` is its arrow.
    """
    columns = ["product_id", "reviews", "avg_rating", "net_sentiment", "share_negative",
               "net_sentiment_change", "trend"]
    if reviews.empty:
        empty = {"product_id": "All products", "reviews": 0, "avg_rating": float("nan"),
                 "net_sentiment": float("nan"), "share_negative": float("nan"),
                 "net_sentiment_change": float("nan"), "trend": ARROW_FLAT}
        return pd.DataFrame([empty], columns=columns)
    overall = _kpi_rows(pd.Series("All products", index=reviews.index), reviews, window_days)
    products = reviews["product_id"].fillna("(none)").astype(str)
    per_product = _kpi_rows(products, reviews, window_days)
    return pd.concat([overall, per_product], ignore_index=True)[columns]
