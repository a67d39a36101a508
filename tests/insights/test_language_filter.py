"""The language part of ``ViewFilters``: reviews by their ``language``, mentions by review id."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.insights.filters import (
    ViewFilters,
    filter_aspects,
    filter_mentions,
    filter_reviews,
    language_list,
)
from analysis.services.views import ReviewFrames

REVIEWS = pd.DataFrame({
    "review_id": ["e1", "z1", "z2", "s1"], "product_id": ["P", "P", "Q", "Q"],
    "date": pd.to_datetime(["2024-01-01"] * 4),
    "language": pd.array(["en", "zh", "zh", None], dtype="string[pyarrow]"),
})  # fmt: skip
ASPECTS = pd.DataFrame({
    "review_id": ["e1", "z1", "z2", "z2"], "product_id": ["P", "P", "Q", "Q"],
    "date": pd.to_datetime(["2024-01-01"] * 4), "aspect": ["lid", "物流", "质量", "包装"],
})  # fmt: skip


def test_reviews_keep_the_chosen_languages_and_unknown_language_only_unfiltered():
    assert filter_reviews(REVIEWS, ViewFilters())["review_id"].tolist() == ["e1", "z1", "z2", "s1"]
    zh = filter_reviews(REVIEWS, ViewFilters(languages=("zh",)))
    assert zh["review_id"].tolist() == ["z1", "z2"]
    both = filter_reviews(REVIEWS, ViewFilters(products=("P",), languages=("en", "zh")))
    assert both["review_id"].tolist() == ["e1", "z1"]
    assert language_list(REVIEWS) == ["en", "zh"]


def test_frames_filter_mentions_by_their_reviews_language():
    frames = ReviewFrames(REVIEWS, ASPECTS).filtered(ViewFilters(languages=("zh",)))
    assert frames.aspects["aspect"].tolist() == ["物流", "质量", "包装"]
    assert filter_aspects(ASPECTS, frames.reviews).equals(frames.aspects)
    with pytest.raises(ValueError, match="no language"):
        filter_mentions(ASPECTS, ViewFilters(languages=("zh",)))


def test_describe_names_languages_only_when_chosen():
    assert "languages" not in ViewFilters().describe()
    assert ViewFilters(languages=("zh",)).describe().endswith("; languages zh")
