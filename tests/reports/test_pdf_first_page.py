"""Page 1 of the PDF: what it covers and leaves out, and the executive summary (via pypdf)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from pypdf import PdfReader

from analysis.forecasting.explain import BASELINE, COMBINED
from analysis.reports.pdf import ReportData, build_pdf
from analysis.reports.summary import choose_products
from tests.dashboard.frames import make_frames


def sales_frames(n_series: int = 20, weeks: int = 60):
    """Sales, forecast and a contract backtest for ``n_series`` series named 1..n."""
    rng = np.random.default_rng(1)
    sales, forecast, backtest = [], [], []
    for i in range(1, n_series + 1):
        ds = pd.date_range("2023-01-06", periods=weeks, freq="W-FRI")
        y = 1000 * i + rng.normal(0, 50, weeks)
        sales.append(pd.DataFrame({"unique_id": str(i), "ds": ds, "y": y}))
        future = pd.date_range(ds[-1] + pd.Timedelta(weeks=1), periods=8, freq="W-FRI")
        yhat = np.full(8, y[-8:].mean())
        forecast.append(pd.DataFrame({"unique_id": str(i), "ds": future, "yhat": yhat,
                                      "yhat_lo_80": yhat - 60, "yhat_hi_80": yhat + 60,
                                      "yhat_lo_95": yhat - 100, "yhat_hi_95": yhat + 100}))
        backtest.append(pd.DataFrame({
            "unique_id": str(i), "model": [COMBINED, "AutoETS", BASELINE],
            "MASE": [0.7, 0.8, 1.0], "sMAPE": 0.05, "coverage_80": 0.8,
            "coverage_95": 0.95, "points": 36}))
    return (pd.concat(sales, ignore_index=True), pd.concat(forecast, ignore_index=True),
            pd.concat(backtest, ignore_index=True))


def report(**options) -> PdfReader:
    reviews, aspects = make_frames(600)
    negative = reviews.index[reviews["sentiment"] == "negative"][:4]
    reviews.loc[negative, "rating"] = 5.0  # stars that contradict the words
    sales, forecast, backtest = sales_frames()
    data = ReportData(reviews, aspects, sales, forecast, backtest, title="Monthly report",
                      **options)
    return PdfReader(io.BytesIO(build_pdf(data)))


@pytest.fixture(scope="module")
def reader() -> PdfReader:
    return report()


def text_of(page) -> str:
    return " ".join(page.extract_text().split())


def test_first_page_says_what_the_report_covers(reader):
    first = text_of(reader.pages[0])
    assert "What this report covers" in first
    assert "Reviews analysed: 600 across 4 product(s), 2024-01-01 to 2024-06-2" in first
    assert "Products with a page of their own (chosen by what matters)" in first
    assert "P-BAD" in first and "most reviewed" in first


def test_first_page_has_the_executive_summary(reader):
    first = text_of(reader.pages[0])
    for part in ("Executive summary", "Period: 2024-01-01 to", "Review volume: 600",
                 "Net sentiment:", "95% CI", "Top strengths", "Top weaknesses",
                 "Emerging issues", "P-BAD · battery", "negative mentions a week", "Forecast",
                 "Sales forecast:", "times a seasonal naive forecast"):
        assert part in first, part
    assert "“" in first  # strengths and weaknesses come with a quote


def test_backtest_table_says_how_many_series_are_left_out_and_where(reader):
    text = " ".join(text_of(p) for p in reader.pages)
    assert "Showing 15 of 20 series (the largest by sales)" in text
    assert "the other 5 are in the full backtest table" in text
    assert "Charts: 4 of 20 series" in text


def test_rating_text_mismatches_are_reported_with_examples(reader):
    text = " ".join(text_of(p) for p in reader.pages)
    assert "Stars and words that disagree" in text
    assert "High rating, negative text (4)" in text and "5★, text score -0.80" in text


def test_products_chosen_by_the_user_and_the_rest_said_left_out():
    first = text_of(report(detail_products=("P-GOOD",)).pages[0])
    assert "(chosen by you): P-GOOD (chosen)" in first
    assert "Left out of the product pages: 3 product(s)" in first


def test_choice_by_what_matters_takes_volume_change_and_negativity():
    rng = np.random.default_rng(0)
    rows = []
    for i in range(12):
        n = 200 - 15 * i
        sentiment = np.where(rng.random(n) < (0.1 if i == 9 else 0.7), "positive", "negative")
        rows.append(pd.DataFrame({"product_id": f"P{i}", "sentiment": sentiment,
                                  "rating": 4.0, "date": pd.Timestamp("2024-01-01")
                                  + pd.to_timedelta(rng.integers(0, 90, n), unit="D")}))
    choice = choose_products(pd.concat(rows, ignore_index=True), limit=6)
    assert choice.products[:4] == ["P0", "P1", "P2", "P3"]
    assert "P9" in choice.products and "most negative" in choice.reasons["P9"]
    assert len(choice.products) == 6 and choice.left_out == 6
    assert choice.left_out_reviews > 0
