"""What a reader sees: natural order, compare cells and defaults, readable trends, alert sizes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.insights import compare as cmp
from analysis.insights import trends
from analysis.insights.emerging import EmergingConfig, describe_alert, emerging_issues
from analysis.ordering import natural_sorted
from analysis.plots.trends import banded_figure
from tests.dashboard.frames import make_frames


def test_natural_order_puts_2_before_10():
    assert natural_sorted(["10", "2", "1", "Store 10", "store 9", "11"]) == [
        "1", "2", "10", "11", "store 9", "Store 10"]


def test_compare_opens_on_the_most_reviewed_products():
    reviews = pd.DataFrame({"product_id": ["a"] * 2 + ["b"] * 9 + ["c"] * 5 + ["d"] * 9})
    assert cmp.products_by_volume(reviews).index.tolist() == ["b", "d", "c", "a"]
    assert cmp.default_products(reviews) == ["b", "d"]


def test_compare_cells_show_a_dash_not_nan():
    wide = pd.DataFrame({"A": [0.5, np.nan], "B": [-0.25, 0.1]}, index=["fit", "price"])
    mentions = pd.DataFrame({"A": [4, np.nan], "B": [8, 3]}, index=["fit", "price"])
    cells = cmp.comparison_cells(wide, mentions)
    assert cells.loc["fit", "A"] == "+0.50 (4)" and cells.loc["fit", "B"] == "-0.25 (8)"
    assert cells.loc["price", "A"] == cmp.EMPTY_CELL
    assert "nan" not in cells.to_string()


def test_a_product_left_out_of_the_comparison_is_explained():
    aspects = pd.DataFrame({"product_id": ["A"] * 5 + ["B"] * 5 + ["C"] * 2,
                            "category": ["fit"] * 5 + ["fit"] * 5 + ["price"] * 2})
    wide = pd.DataFrame({"A": [0.2], "B": [0.1]}, index=["fit"])
    reasons = cmp.missing_reasons(aspects, ["A", "B", "C", "D"], wide, min_mentions=3)
    assert set(reasons) == {"C", "D"}
    assert "at least 3 mentions" in reasons["C"] and "price, has 2" in reasons["C"]
    assert "no aspect mentions" in reasons["D"]


def test_period_follows_the_volume():
    many = pd.Series(pd.date_range("2024-01-01", periods=600, freq="6h"))
    assert trends.choose_period(many) == "W"
    monthly = pd.Series(pd.date_range("2024-01-01", periods=60, freq="2D"))
    assert trends.choose_period(monthly) == "M"
    sparse = pd.Series(pd.date_range("2020-01-01", periods=30, freq="20D"))
    assert trends.choose_period(sparse) == "Q"


def test_gaps_stay_gaps_and_small_periods_have_no_sentiment_point():
    dates = (["2024-01-03"] * 12 + ["2024-03-05"] * 2)
    reviews = pd.DataFrame({"product_id": "P", "date": pd.to_datetime(dates),
                            "sentiment": ["positive"] * 12 + ["negative"] * 2})
    table = trends.readable_trend(trends.review_trends(reviews, "M", by_product=False), "M")
    assert table["period"].tolist() == list(pd.to_datetime(["2024-01-01", "2024-02-01",
                                                            "2024-03-01"]))
    assert table["reviews"].tolist() == [12, 0, 2]
    assert table["too_few"].tolist() == [False, True, True]
    assert table["net_sentiment"].iloc[0] == 1.0
    assert table["net_sentiment"].iloc[1:].isna().all()  # no -1 for two negative reviews
    figure = banded_figure(table, "M")
    line = next(t for t in figure.data if t.name == "net sentiment")
    assert line.connectgaps is False and np.isnan(line.y[2])


def test_alert_states_size_of_change_with_interval_and_quotes():
    reviews, aspects = make_frames(600)
    aspects = aspects.assign(sentence=aspects["aspect"] + " is awful")
    alerts = emerging_issues(aspects, EmergingConfig(level="category"))
    alert = alerts.iloc[0]
    assert alert["product_id"] == "P-BAD" and alert["aspect"] == "battery"
    assert alert["change_lo"] < alert["change"] < alert["change_hi"]
    assert alert["change_lo"] > 0  # the rise is clear of zero
    text = describe_alert(next(alerts.itertuples(index=False)))
    assert text.startswith("P-BAD · battery:") and "95% CI" in text and "a week" in text
    assert alert["quotes"] and alert["quotes"][0]["quote"]


def test_unscored_reviews_count_as_neither_positive_nor_negative():
    reviews = pd.DataFrame({"product_id": "P", "date": pd.to_datetime(["2024-01-01"] * 3),
                            "sentiment": pd.array(["positive", None, "negative"],
                                                  dtype="string[pyarrow]")})
    table = trends.review_trends(reviews, "M", by_product=False)
    assert table[["reviews", "positive", "negative"]].iloc[0].tolist() == [3, 1, 1]
