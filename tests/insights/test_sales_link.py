"""Sales link: lagged correlation of complaints with sales, with n and the causation note."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.insights.sales_link import NOTE, sales_link
from analysis.plots.sales_link import sales_link_figure


def _data(lag: int = 2, weeks: int = 40):
    rng = np.random.default_rng(4)
    dates = pd.date_range("2024-01-01", periods=weeks, freq="W-MON")
    complaints = rng.poisson(3, weeks)
    rows = []
    for week, count in zip(dates, complaints, strict=True):
        for j in range(count):
            rows.append({"review_id": f"{week:%Y%m%d}-{j}", "product_id": "P1",
                         "category": "battery", "polarity": "negative",
                         "date": week + pd.Timedelta(days=2)})
        rows.append({"review_id": f"{week:%Y%m%d}-pos", "product_id": "P1",
                     "category": "design", "polarity": "positive",
                     "date": week + pd.Timedelta(days=1)})
    sales = 500 - 30 * np.roll(complaints, lag) + rng.normal(0, 5, weeks)
    sales_frame = pd.DataFrame({"unique_id": "P1", "ds": dates, "y": sales})
    return pd.DataFrame(rows), sales_frame.iloc[lag:]


def test_lagged_complaints_correlate_negatively_at_the_planted_lag():
    aspects, sales = _data(lag=2)
    link = sales_link(aspects, sales, max_lag=4)
    battery = link[link["aspect"] == "battery"].set_index("lag")
    assert set(battery.index) == {0, 1, 2, 3, 4}
    assert battery["correlation"].idxmin() == 2
    assert battery.loc[2, "correlation"] < -0.9
    assert battery.loc[2, "n"] == len(sales) - 2
    assert battery.loc[2, "p_value"] < 0.001
    assert link.attrs["note"] == NOTE
    assert "not causation" in NOTE
    # "design" never has complaints: a constant signal is left out, not reported as r=nan.
    assert "design" not in set(link["aspect"])


def test_no_overlap_gives_an_empty_table_with_the_note():
    aspects, sales = _data()
    link = sales_link(aspects, sales.assign(unique_id="OTHER"))
    assert link.empty
    assert link.attrs["note"] == NOTE


def test_figure_shows_one_bar_per_lag():
    aspects, sales = _data()
    link = sales_link(aspects, sales, max_lag=3)
    figure = sales_link_figure(link, "P1", "battery")
    assert list(figure.data[0].x) == [0, 1, 2, 3]
