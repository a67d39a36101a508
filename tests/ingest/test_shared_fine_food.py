"""The real Amazon Fine Food sample (../shared/data): mapped and parsed without help."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.ingest import detect_columns, ingest_reviews

pytestmark = pytest.mark.shared


def test_fine_food_reviews_ingest(shared_data):
    path = shared_data / "amazon_fine_food_reviews_sample" / "Reviews.csv"
    mapping = detect_columns(path)
    assert mapping == {
        "review_id": "Id", "text": "Text", "rating": "Score", "date": "Time",
        "product_id": "ProductId", "product_name": None, "title": "Summary",
        "author": "UserId", "verified": None, "helpful_votes": "HelpfulnessNumerator",
    }
    result = ingest_reviews(path)
    stats = result.stats["Reviews.csv"]
    assert stats["rows_read"] == 5003
    # 9 rows are copies of a review on another variant (same user, text and time): kept once.
    assert len(result.reviews) == 4994 and len(result.rejected) == 9
    assert result.rejected["reason"].str.startswith("variant copy of row ").all()
    assert stats["ratings_missing"] + stats["ratings_unparsed"] == 2
    blank = result.reviews[result.reviews["rating"].isna()]["review_id"].tolist()
    assert blank == ["4935", "4957"]
    assert stats["dates_unparsed"] == 0 and result.reviews["date"].notna().all()
    assert result.reviews["date"].min() == pd.Timestamp("2000-06-23")
    assert result.reviews["date"].max() == pd.Timestamp("2012-10-26")
    assert result.reviews["product_id"].nunique() == 725  # families
    assert result.links["product_id"].nunique() == 731  # every product id stays linked
    first = result.reviews.iloc[0]
    assert first["text"].startswith("I have bought several of the Vitality canned dog food")
    assert first["rating"] == 5.0 and first["date"] == pd.Timestamp("2011-04-27")
