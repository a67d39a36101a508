"""Rating vs text mismatches: 5 stars with a complaint, 1 star with praise.

Such reviews are worth a look (wrong star clicked, praise for the product but anger at the
delivery, fake reviews), and they explain why star averages and text sentiment can disagree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def rating_text_mismatch(
    reviews: pd.DataFrame, high: float = 4, low: float = 2, threshold: float = 0.5
) -> pd.DataFrame:
    """Reviews whose star rating contradicts their text sentiment.

    ``high``/``low``: ratings at or above / at or below count as positive / negative ratings;
    ``threshold``: how far ``sentiment_score`` (``p_positive - p_negative``) must point the other
    way. Returns the flagged reviews with a ``mismatch`` column (``high rating, negative text`` or
    ``low rating, positive text``) and ``gap`` (how strong the contradiction is), largest first.
    Unscored reviews (no sentiment) and reviews without a rating are never flagged.
    """
    rating = pd.to_numeric(reviews["rating"], errors="coerce")
    score = pd.to_numeric(reviews["sentiment_score"], errors="coerce")
    high_negative = (rating >= high) & (score <= -threshold)
    low_positive = (rating <= low) & (score >= threshold)
    flagged = reviews[high_negative | low_positive].copy()
    flagged["mismatch"] = np.where(
        high_negative[flagged.index], "high rating, negative text", "low rating, positive text"
    )
    # gap: rating position on [-1, 1] minus the text score, in absolute value
    rating_scaled = (rating[flagged.index] - 3) / 2
    flagged["gap"] = (rating_scaled - score[flagged.index]).abs()
    return flagged.sort_values("gap", ascending=False).reset_index(drop=True)
