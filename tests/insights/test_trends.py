"""Review trends: per-period counts, net sentiment and its band, per product and aspect."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.insights.trends import aspect_trends, review_trends
from analysis.plots.trends import trend_figure, volume_figure


@pytest.fixture()
def reviews():
    # Week of 2024-01-01: 3 positive, 1 negative. Week of 2024-01-08: 1 positive, 3 negative.
    dates = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-07",
             "2024-01-08", "2024-01-09", "2024-01-10", "2024-01-14"]
    sentiment = ["positive", "positive", "positive", "negative",
                 "negative", "negative", "negative", "positive"]
    return pd.DataFrame({"review_id": [f"r{i}" for i in range(8)], "product_id": "P1",
                         "date": pd.to_datetime(dates), "sentiment": sentiment})


def test_weekly_counts_and_net_sentiment(reviews):
    table = review_trends(reviews, freq="W")
    assert list(table["period"]) == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-08")]
    assert list(table["reviews"]) == [4, 4]
    assert list(table["net_sentiment"]) == [0.5, -0.5]
    assert (table["net_lo"] < table["net_sentiment"]).all()
    assert (table["net_hi"] > table["net_sentiment"]).all()
    assert table[["net_lo", "net_hi"]].stack().between(-1, 1).all()


def test_monthly_and_band_narrows_with_more_data(reviews):
    monthly = review_trends(reviews, freq="M")
    assert len(monthly) == 1 and monthly["reviews"].iloc[0] == 8
    many = pd.concat([reviews] * 10, ignore_index=True)
    wide = review_trends(reviews, freq="W")
    narrow = review_trends(many, freq="W")
    assert ((narrow["net_hi"] - narrow["net_lo"]) < (wide["net_hi"] - wide["net_lo"])).all()


def test_aspect_trends_split_by_product_and_category():
    aspects = pd.DataFrame({
        "review_id": ["a", "b", "c", "d"], "product_id": ["P1", "P1", "P2", "P1"],
        "aspect_norm": ["battery", "battery", "battery", "screen"],
        "category": ["power", "power", "power", "display"],
        "polarity": ["negative", "negative", "positive", "positive"],
        "date": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-02", "2024-01-02"]),
    })
    table = aspect_trends(aspects, level="category")
    p1_power = table[(table["product_id"] == "P1") & (table["category"] == "power")]
    assert p1_power["mentions"].tolist() == [2]
    assert p1_power["net_sentiment"].tolist() == [-1.0]
    assert len(table) == 3
    overall = aspect_trends(aspects, level="aspect_norm", by_product=False)
    assert overall.set_index("aspect_norm").loc["battery", "mentions"] == 3
    with pytest.raises(ValueError, match="no 'topic' column"):
        aspect_trends(aspects, level="topic")


def test_figures_have_one_line_per_label(reviews):
    table = review_trends(reviews)
    figure = trend_figure(table, label="product_id")
    lines = [t for t in figure.data if t.mode == "lines+markers"]
    assert [t.name for t in lines] == ["P1"]
    assert list(lines[0].y) == [0.5, -0.5]
    assert len(volume_figure(table, label="product_id").data) == 1
