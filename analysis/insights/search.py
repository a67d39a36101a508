"""Searching aspect mentions (the drill-down): by term, category and polarity, and the
normalized terms of a result with their counts and net sentiment.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.insights.aspect_tables import aspect_table


def search_mentions(
    aspects: pd.DataFrame,
    query: str = "",
    categories: tuple[str, ...] = (),
    polarities: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Mentions whose term or normalized term contains ``query`` (case-insensitive)."""
    mask = np.ones(len(aspects), dtype=bool)
    if query.strip():
        q = query.strip().lower()
        mask &= (
            aspects["aspect"].str.lower().str.contains(q, regex=False, na=False)
            | aspects["aspect_norm"].str.lower().str.contains(q, regex=False, na=False)
        ).to_numpy()
    if categories:
        mask &= aspects["category"].isin(categories).to_numpy()
    if polarities:
        mask &= aspects["polarity"].isin(polarities).to_numpy()
    return aspects.loc[mask]


def term_table(mentions: pd.DataFrame, limit: int = 50) -> pd.DataFrame:
    """Normalized terms with mention counts and net sentiment, most mentioned first."""
    table = aspect_table(mentions, ("aspect_norm", "category"))
    return table.sort_values("mentions", ascending=False).head(limit).reset_index(drop=True)
