"""Rating vs text mismatch flags."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.insights import rating_text_mismatch


def test_flags_contradictions_only():
    reviews = pd.DataFrame(
        {
            "review_id": ["a", "b", "c", "d", "e", "f"],
            "rating": [5, 1, 5, 1, np.nan, 5],
            "sentiment_score": [-0.8, 0.9, 0.7, -0.9, -0.9, np.nan],
        }
    )
    flagged = rating_text_mismatch(reviews)
    assert flagged["review_id"].tolist() == ["b", "a"]  # larger gap first
    assert flagged["mismatch"].tolist() == [
        "low rating, positive text",
        "high rating, negative text",
    ]
    assert flagged["gap"].iloc[0] > flagged["gap"].iloc[1]


def test_threshold_controls_sensitivity():
    reviews = pd.DataFrame({"review_id": ["a"], "rating": [4], "sentiment_score": [-0.4]})
    assert rating_text_mismatch(reviews).empty
    assert rating_text_mismatch(reviews, threshold=0.3)["review_id"].tolist() == ["a"]


def test_labels_per_review_match_the_flagged_reviews():
    from analysis.insights.mismatch import mismatch_labels

    reviews = pd.DataFrame({"review_id": ["a", "b", "c"], "rating": [5, 1, 3],
                            "sentiment_score": [-0.8, 0.9, 0.9]}, index=[10, 11, 12])
    labels = mismatch_labels(reviews)
    assert labels.index.tolist() == [10, 11, 12]
    assert labels.tolist() == ["high rating, negative text", "low rating, positive text", ""]
    flagged = rating_text_mismatch(reviews).set_index("review_id")["mismatch"]
    assert flagged.to_dict() == {r: m for r, m in zip(reviews["review_id"], labels,
                                                       strict=True) if m}
