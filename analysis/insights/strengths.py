"""Strengths and weaknesses per product: which aspects people praise or complain about.

For each product and aspect key (``category`` or ``aspect_norm``) with enough mentions:
mentions, positive/neutral/negative counts, shares with Wilson score intervals, and the net
sentiment ``(positive - negative) / mentions`` with an adjusted Wald interval for a difference
of multinomial proportions (one pseudo-mention added to each side, as Agresti-Caffo do). An
aspect is a ``strength`` when its whole net interval is above zero, a ``weakness`` when below,
else ``mixed``; strengths rank by the interval's lower bound, weaknesses by its upper bound, so
an aspect with 3 mentions does not outrank one with 300.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from analysis.labels import POLARITIES


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(successes, totals, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion (vectorised over arrays)."""
    k = np.asarray(successes, dtype=float)
    n = np.asarray(totals, dtype=float)
    z = _z(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def net_sentiment_interval(positive, negative, totals, confidence: float = 0.95):
    """Interval of ``(positive - negative) / total`` (adjusted Wald, clipped to [-1, 1])."""
    pos = np.asarray(positive, dtype=float) + 1
    neg = np.asarray(negative, dtype=float) + 1
    n = np.asarray(totals, dtype=float) + 2
    p_pos, p_neg = pos / n, neg / n
    net = p_pos - p_neg
    se = np.sqrt(np.clip(p_pos + p_neg - net**2, 0, None) / n)
    z = _z(confidence)
    return np.clip(net - z * se, -1, 1), np.clip(net + z * se, -1, 1)


def _with_product(aspects: pd.DataFrame, reviews: pd.DataFrame | None) -> pd.DataFrame:
    if "product_id" in aspects.columns or reviews is None:
        frame = aspects.copy()
        if "product_id" not in frame:
            frame["product_id"] = None
        return frame
    products = reviews.drop_duplicates("review_id").set_index("review_id")["product_id"]
    frame = aspects.copy()
    frame["product_id"] = frame["review_id"].map(products)
    return frame


def strengths_weaknesses(
    reviews: pd.DataFrame | None,
    aspects: pd.DataFrame,
    by: str = "category",
    min_mentions: int = 5,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Ranked strengths/weaknesses per product (one row per product and aspect key).

    Columns: product_id, ``by``, mentions, positive, neutral, negative, share_positive,
    share_negative (+ Wilson ``_lo``/``_hi``), net_sentiment, net_lo, net_hi, kind
    (strength|weakness|mixed) and rank (1 = strongest strength / worst weakness within kind).
    Products come from ``aspects.product_id`` or, when absent, from ``reviews``. By category,
    ``other`` (terms that fit no category) is never ranked: it names no strength or weakness.
    """
    if by not in ("category", "aspect_norm"):
        raise ValueError(f"by must be 'category' or 'aspect_norm', got {by!r}")
    frame = _with_product(aspects, reviews)
    frame = frame[frame["polarity"].isin(POLARITIES) & frame[by].notna()]
    if by == "category":
        frame = frame[frame[by] != "other"]
    frame = frame.assign(product_id=frame["product_id"].fillna("(no product)").astype(str))
    counts = (
        pd.crosstab([frame["product_id"], frame[by]], frame["polarity"])
        .reindex(columns=list(POLARITIES), fill_value=0)
        .reset_index()
    )
    counts.columns.name = None
    counts["mentions"] = counts[list(POLARITIES)].sum(axis=1)
    counts = counts[counts["mentions"] >= min_mentions].copy()
    n = counts["mentions"].to_numpy()
    counts["share_positive"] = counts["positive"] / n
    counts["share_negative"] = counts["negative"] / n
    counts["share_positive_lo"], counts["share_positive_hi"] = wilson_interval(
        counts["positive"], n, confidence
    )
    counts["share_negative_lo"], counts["share_negative_hi"] = wilson_interval(
        counts["negative"], n, confidence
    )
    counts["net_sentiment"] = (counts["positive"] - counts["negative"]) / n
    counts["net_lo"], counts["net_hi"] = net_sentiment_interval(
        counts["positive"], counts["negative"], n, confidence
    )
    counts["kind"] = np.select(
        [counts["net_lo"] > 0, counts["net_hi"] < 0], ["strength", "weakness"], "mixed"
    )
    counts["_order"] = np.select(
        [counts["kind"] == "strength", counts["kind"] == "weakness"],
        [-counts["net_lo"], counts["net_hi"]],
        -counts["mentions"],
    )
    counts = counts.sort_values(["product_id", "kind", "_order", by]).reset_index(drop=True)
    counts["rank"] = counts.groupby(["product_id", "kind"]).cumcount() + 1
    columns = [
        "product_id", by, "mentions", "positive", "neutral", "negative", "share_positive",
        "share_positive_lo", "share_positive_hi", "share_negative", "share_negative_lo",
        "share_negative_hi", "net_sentiment", "net_lo", "net_hi", "kind", "rank",
    ]  # fmt: skip
    return counts[columns]
