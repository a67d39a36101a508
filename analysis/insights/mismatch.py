"""Rating vs text mismatches: 5 stars with a complaint, 1 star with praise.

Such reviews are worth a look (wrong star clicked, praise for the product but anger at the
delivery, fake reviews), and they explain why star averages and text sentiment can disagree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

HIGH_NEGATIVE = "high rating, negative text"
LOW_POSITIVE = "low rating, positive text"


def mismatch_labels(reviews: pd.DataFrame, high: float = 4, low: float = 2,
                    threshold: float = 0.5) -> pd.Series:
    """Per review (same index): ``high rating, negative text``, ``low rating, positive text``
    or empty (no contradiction, no rating or no sentiment score).

    ``high``/``low``: ratings at or above / at or below count as positive / negative ratings;
    ``threshold``: how far ``sentiment_score`` (``p_positive - p_negative``) must point the other
    way.
    """
    rating = pd.to_numeric(reviews["rating"], errors="coerce")
    score = pd.to_numeric(reviews["sentiment_score"], errors="coerce")
    high_negative = ((rating >= high) & (score <= -threshold)).to_numpy()
    low_positive = ((rating <= low) & (score >= threshold)).to_numpy()
    labels = np.where(high_negative, HIGH_NEGATIVE, np.where(low_positive, LOW_POSITIVE, ""))
    return pd.Series(labels, index=reviews.index, dtype=object)


def rating_text_mismatch(
    reviews: pd.DataFrame, high: float = 4, low: float = 2, threshold: float = 0.5
) -> pd.DataFrame:
    """Reviews whose star rating contradicts their text sentiment (see :func:`mismatch_labels`).

    Returns the flagged reviews with a ``mismatch`` column (``high rating, negative text`` or
    ``low rating, positive text``) and ``gap`` (how strong the contradiction is), largest first.
    Unscored reviews (no sentiment) and reviews without a rating are never flagged.
    """
    labels = mismatch_labels(reviews, high, low, threshold)
    flagged = reviews[(labels != "").to_numpy()].copy()
    flagged["mismatch"] = labels[flagged.index]
    rating = pd.to_numeric(flagged["rating"], errors="coerce")
    score = pd.to_numeric(flagged["sentiment_score"], errors="coerce")
    # gap: rating position on [-1, 1] minus the text score, in absolute value
    flagged["gap"] = ((rating - 3) / 2 - score).abs()
    return flagged.sort_values("gap", ascending=False).reset_index(drop=True)
