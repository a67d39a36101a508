"""Aspect tables: mentions, polarity counts and net sentiment with a 95% interval per group,
strengths and weaknesses of a selection, and products compared on the categories they share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.insights.strengths import POLARITIES, net_sentiment_interval, strengths_weaknesses


def aspect_table(
    aspects: pd.DataFrame, by: tuple[str, ...] = ("category",), min_mentions: int = 1
) -> pd.DataFrame:
    """Mentions, polarity counts and net sentiment with a 95% CI per ``by`` group.

    Sorted by net sentiment, best first; groups with fewer than ``min_mentions`` are left out.
    """
    cols = list(by)
    if aspects.empty:
        return pd.DataFrame(
            columns=[*cols, "mentions", *POLARITIES, "net_sentiment", "ci_low", "ci_high"]
        )
    counts = (
        aspects.assign(_one=1)
        .pivot_table(index=cols, columns="polarity", values="_one", aggfunc="sum", fill_value=0)
        .reindex(columns=list(POLARITIES), fill_value=0)
    )
    counts.columns.name = None
    counts["mentions"] = counts[list(POLARITIES)].sum(axis=1)
    n = counts["mentions"].to_numpy(float)
    counts["net_sentiment"] = (counts["positive"] - counts["negative"]) / np.where(n > 0, n, 1)
    counts["ci_low"], counts["ci_high"] = net_sentiment_interval(
        counts["positive"], counts["negative"], n
    )
    table = counts.reset_index()
    table = table[table["mentions"] >= min_mentions]
    ordered = [*cols, "mentions", *POLARITIES, "net_sentiment", "ci_low", "ci_high"]
    return table[ordered].sort_values(["net_sentiment", "mentions"], ascending=[False, False])


def strengths_and_weaknesses(
    aspects: pd.DataFrame, product: str | None = None, top: int = 5, min_mentions: int = 3,
    by: str = "category",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Strengths and weaknesses of one product (all products pooled when None).

    Delegates to :func:`analysis.insights.strengths.strengths_weaknesses` (the engine's
    definition, also behind summary.json): a strength's whole 95% interval is above zero, a
    weakness's below, ranked by the bound nearest zero. ``by`` is ``category`` or
    ``aspect_norm``. Returns two aspect tables (``by, mentions, positive, neutral, negative,
    net_sentiment, ci_low, ci_high``).
    """
    subset = aspects if product is None else aspects[aspects["product_id"] == product]
    subset = subset.assign(product_id="selection")
    table = strengths_weaknesses(None, subset, by, min_mentions=min_mentions)
    table = table.rename(columns={"net_lo": "ci_low", "net_hi": "ci_high"})
    columns = [by, "mentions", *POLARITIES, "net_sentiment", "ci_low", "ci_high"]
    strengths = table[table["kind"] == "strength"].sort_values("rank")[columns]
    weaknesses = table[table["kind"] == "weakness"].sort_values("rank")[columns]
    return strengths.head(top).reset_index(drop=True), weaknesses.head(top).reset_index(drop=True)


def compare_products(aspects: pd.DataFrame, products: list[str], min_mentions: int = 1):
    """Net sentiment per category (rows) and product (columns) on the categories they share."""
    subset = aspects[aspects["product_id"].isin(products)]
    table = aspect_table(subset, ("category", "product_id"), min_mentions=min_mentions)
    wide = table.pivot(index="category", columns="product_id", values="net_sentiment")
    wide = wide.reindex(columns=[p for p in products if p in wide.columns])
    mentions = table.pivot(index="category", columns="product_id", values="mentions")
    shared = mentions.notna().sum(axis=1) >= min(2, len(products))
    return wide[shared].sort_index(), mentions[shared].reindex(columns=wide.columns).sort_index()
