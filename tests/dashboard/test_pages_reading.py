"""AppTest: Compare defaults and empty cells, Trends periods and gaps, Forecast captions,
Reports product choice."""

from __future__ import annotations

import re
from datetime import date

from tests.dashboard.frames import make_frames
from tests.dashboard.test_pages import run_page, texts


def volume_order(products: list[str] | None = None) -> list[str]:
    reviews, _ = make_frames(600)
    if products:
        reviews = reviews[reviews["product_id"].isin(products)]
    counts = reviews["product_id"].value_counts()
    return sorted(counts.index, key=lambda p: (-counts[p], p))


def test_compare_opens_on_the_most_reviewed_products_of_the_filter(filled_db):
    at = run_page("compare")
    assert at.multiselect(key="cmp_products").value == volume_order()[:2]
    filtered = volume_order()[1:]  # without the most reviewed product
    fresh = run_page("overview")
    fresh.sidebar.multiselect(key="filter_products").set_value(filtered).run()
    fresh.switch_page("app_pages/compare.py").run()
    assert not fresh.exception, [e.message for e in fresh.exception]
    assert fresh.multiselect(key="cmp_products").value == volume_order(filtered)[:2]


def test_compare_cells_are_dashes_not_nan(filled_db):
    at = run_page("overview")  # two months: about ten mentions per product and category
    at.sidebar.date_input(key="filter_dates").set_value((date(2024, 1, 1), date(2024, 2, 29)))
    at.run()
    at.switch_page("app_pages/compare.py").run()
    at.multiselect(key="cmp_products").set_value(volume_order()).run()
    at.slider(key="cmp_min").set_value(10).run()
    assert not at.exception, [e.message for e in at.exception]
    cells = [str(v) for v in at.dataframe[-1].value.to_numpy().ravel()]
    assert "—" in cells and not any("nan" in c for c in cells)
    assert all(re.fullmatch(r"[+-]\d\.\d\d \(\d+\)|—", c) for c in cells), cells


def test_a_chosen_product_without_bars_is_named_with_the_reason(filled_db):
    at = run_page("overview")
    at.sidebar.date_input(key="filter_dates").set_value((date(2024, 1, 1), date(2024, 1, 20)))
    at.run()
    at.switch_page("app_pages/compare.py").run()
    at.multiselect(key="cmp_products").set_value(volume_order()).run()
    at.slider(key="cmp_min").set_value(6).run()
    assert not at.exception, [e.message for e in at.exception]
    warnings = [w.value for w in at.warning]
    assert warnings and all("is not in the chart" in w for w in warnings)
    assert any("mentions" in w for w in warnings)


def test_trends_period_follows_the_volume_and_small_periods_are_marked(filled_db):
    at = run_page("trends")
    assert at.radio(key="tr_freq").value == "Week"  # 600 reviews over 26 weeks
    assert "Reviews and net sentiment per week" in texts(at)
    single = run_page("overview")
    single.sidebar.multiselect(key="filter_products").set_value(["P-GOOD"]).run()
    single.switch_page("app_pages/trends.py").run()
    assert not single.exception, [e.message for e in single.exception]
    assert single.radio(key="tr_freq").value == "Month"  # about 6 reviews a week
    single.radio(key="tr_freq").set_value("Week").run()
    body = texts(single)
    assert "the review volume suggests a month" in body
    assert "fewer than 10 reviews are grey bars" in body
    single.radio(key="tr_freq").set_value("Quarter").run()
    assert not single.exception and "per quarter" in texts(single)


def test_trends_alert_names_product_aspect_change_and_quote(filled_db):
    at = run_page("trends")
    warnings = " ".join(w.value for w in at.warning)
    assert "P\\-BAD" in warnings and "95% CI" in warnings and "a week" in warnings


def test_forecast_page_says_what_is_drawn_and_explains_the_ratio(sales_db, monkeypatch):
    monkeypatch.setenv("REVIEWLENS_DB", str(sales_db))
    monkeypatch.setenv("REVIEWLENS_NO_SAMPLE", "1")
    at = run_page("forecast")
    body = texts(at)
    assert "The forecast line is the Combination" in body
    assert "seasonal naive" in body and "vs seasonal naive" in body
    assert "MASE below 1 beats" not in body
    assert "calibrated per forecast step" in body
    table = at.dataframe[0].value
    assert "vs seasonal naive" in table.columns


def test_reports_page_suggests_the_products_that_matter(filled_db):
    at = run_page("reports")
    picked = at.multiselect(key="rp_products").value
    assert picked and set(picked) <= set(volume_order())
    assert volume_order()[0] in picked
    assert "Backtest accuracy" in at.selectbox(key="rp_dataset").options
