"""The sample data: deterministic, the documented size and bad rows, the planted signals."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.config import SAMPLE_DATA_DIR
from analysis.ingest import ingest_reviews
from data.generate import main, make_reviews, make_sales
from data.phrases import EMERGING_PRODUCT, EMERGING_START, PRODUCTS


@pytest.fixture(scope="module")
def reviews() -> pd.DataFrame:
    return make_reviews()


def test_generation_is_deterministic_and_matches_committed_files(tmp_path):
    main(["--out", str(tmp_path)])
    for name in ["sample_reviews.csv", "sample_sales.csv"]:
        generated = (tmp_path / name).read_bytes()
        assert generated == (SAMPLE_DATA_DIR / name).read_bytes(), name
        assert len(generated) < 2_000_000


def test_committed_sample_ingests_with_the_documented_counts():
    result = ingest_reviews(SAMPLE_DATA_DIR / "sample_reviews.csv")
    assert (len(result.reviews), len(result.rejected)) == (2998, 4)
    assert result.rejected["row"].tolist() == [121, 302, 1832, 2213]
    stats = result.stats["sample_reviews.csv"]
    assert stats["ratings_unparsed"] == 1 and stats["dates_unparsed"] == 0
    assert result.reviews["product_id"].nunique() == len(PRODUCTS)
    span = result.reviews["date"]
    assert span.min() >= pd.Timestamp("2024-12-01") and span.max() <= pd.Timestamp("2026-11-30")


def test_rating_follows_the_text(reviews):
    rated = reviews[reviews["rating"] != "n/a"].assign(stars=lambda d: d["rating"].astype(int))
    negative = rated["review_text"].str.contains("Not worth|unbearable|nightmare|Avoid")
    assert rated.loc[negative, "stars"].mean() < rated.loc[~negative, "stars"].mean() - 0.8


def test_emerging_problem_rises_sharply(reviews):
    lp = reviews[reviews["product_id"] == EMERGING_PRODUCT]
    dates = pd.to_datetime(lp["date"])
    complaint = lp["review_text"].str.contains("jam|overheat|too hot|hot and", case=False)
    before = complaint[dates < pd.Timestamp(EMERGING_START)].mean()
    after = complaint[dates >= pd.Timestamp(EMERGING_START)].mean()
    assert after > 2.5 * before and after > 0.5


def test_some_reviews_are_not_english(reviews):
    foreign = reviews["review_text"].str.contains("[\u4e00-\u9fff]|ñ|ü|é|ó", regex=True)
    assert 10 <= foreign.sum() <= 120


def test_sales_have_seasonality_and_the_planted_drop():
    sales = make_sales()
    sales["week"] = pd.to_datetime(sales["week"])
    assert set(sales["product_id"]) == {p.product_id for p in PRODUCTS}
    assert sales.groupby("product_id").size().nunique() == 1
    month = sales["week"].dt.month
    q4 = sales[month.isin([11, 12])].groupby("product_id")["units"].mean()
    spring = sales[month.isin([3, 4, 5])].groupby("product_id")["units"].mean()
    assert (q4 > spring).all()
    lp = sales[sales["product_id"] == EMERGING_PRODUCT].set_index("week")["units"]
    start = pd.Timestamp(EMERGING_START)
    last_year = lp[(lp.index >= start - pd.Timedelta(days=364)) & (lp.index < "2025-12-01")]
    this_year = lp[lp.index >= start]
    assert this_year.mean() < 0.85 * last_year.mean()
    assert set(sales["promotion"].unique()) == {0, 1}
