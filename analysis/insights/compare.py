"""Product comparison helpers: which products to open on, readable cells, why one is missing.

The Compare page opens on the products with the most reviews in the selection (not the
alphabetically first ones), shows ``—`` where a product has no mentions of a category (never
``nan (0)``), and says why a chosen product has no bars instead of leaving it out silently.
"""

from __future__ import annotations

import pandas as pd

from analysis.ordering import natural_key

EMPTY_CELL = "—"


def products_by_volume(reviews: pd.DataFrame) -> pd.Series:
    """Review count per product, most reviewed first (ties in natural order)."""
    if reviews.empty:
        return pd.Series(dtype=int)
    counts = reviews["product_id"].fillna("(none)").astype(str).value_counts()
    order = sorted(counts.index, key=lambda p: (-int(counts[p]), natural_key(p)))
    return counts.reindex(order)


def default_products(reviews: pd.DataFrame, n: int = 2) -> list[str]:
    """The ``n`` products with the most reviews in ``reviews``."""
    return products_by_volume(reviews).index[:n].tolist()


def comparison_cells(wide: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """``+0.42 (17)`` per category and product; ``—`` where the product has no mentions."""
    cells = pd.DataFrame(EMPTY_CELL, index=wide.index, columns=wide.columns, dtype=object)
    for product in wide.columns:
        for category in wide.index:
            value = wide.at[category, product]
            count = mentions.at[category, product] if product in mentions.columns else None
            if pd.notna(value) and pd.notna(count) and count > 0:
                cells.at[category, product] = f"{value:+.2f} ({int(count)})"
    cells.index.name = "category"
    return cells


def missing_reasons(aspects: pd.DataFrame, chosen: list[str], wide: pd.DataFrame,
                    min_mentions: int) -> dict[str, str]:
    """For each chosen product with nothing in the comparison, the reason in a sentence."""
    reasons = {}
    for product in chosen:
        if product in wide.columns and wide[product].notna().any():
            continue
        mine = aspects[aspects["product_id"].astype(str) == product]
        if mine.empty:
            reasons[product] = "has no aspect mentions in the current selection."
            continue
        counts = mine["category"].value_counts()
        if int(counts.max()) < min_mentions:
            reasons[product] = (f"has no category with at least {min_mentions} mentions (its "
                                f"most mentioned, {counts.index[0]}, has {int(counts.max())}); "
                                "lower the minimum to include it.")
        else:
            reasons[product] = (f"shares no category with at least {min_mentions} mentions "
                                "with the other products chosen.")
    return reasons
