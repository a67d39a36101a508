"""One filter: a page and the report/export built from the same selection hold the same rows,
also for reviews written in the last microsecond of the end day or at the next midnight."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analysis.insights.filters import ViewFilters
from analysis.reports import exports
from analysis.services import reports
from analysis.services.views import load_review_frames
from analysis.store.core import Store
from tests.dashboard.frames import make_frames, save_frames

BOUNDARY = [
    pd.Timestamp("2024-03-09 23:59:59"),         # the day before the range: out
    pd.Timestamp("2024-03-10 00:00:00"),         # first instant of the start day: in
    pd.Timestamp("2024-03-15 12:00:00"),         # inside
    pd.Timestamp("2024-03-20 23:59:59.999999"),  # last microsecond of the end day: in
    pd.Timestamp("2024-03-21 00:00:00"),         # next midnight: out
]


def _store_with_boundary_reviews(path) -> None:
    reviews, aspects = make_frames(len(BOUNDARY) * 4)
    dates = [BOUNDARY[i % len(BOUNDARY)] for i in range(len(reviews))]
    reviews["date"] = pd.to_datetime(dates)
    aspects["date"] = aspects["review_id"].map(dict(zip(reviews["review_id"], reviews["date"],
                                                        strict=True)))
    save_frames(path, reviews, aspects, "b.csv")


def test_page_report_and_export_agree_at_the_day_boundary(tmp_path):
    path = tmp_path / "boundary.duckdb"
    _store_with_boundary_reviews(path)
    filters = ViewFilters((), date(2024, 3, 10), date(2024, 3, 20))
    with Store(path) as store:
        page = load_review_frames(store).filtered(filters)  # pandas filter over all frames
        report = reports.report_data(store, filters)         # the store query
    export = exports.reviews_export(report.reviews)
    page_ids = sorted(page.reviews["review_id"])
    assert sorted(report.reviews["review_id"]) == page_ids
    assert sorted(export["review_id"]) == page_ids
    assert sorted(report.aspects["review_id"]) == sorted(page.aspects["review_id"])
    kept = set(pd.to_datetime(page.reviews["date"]))
    assert kept == set(BOUNDARY[1:4])  # both ends inclusive, nothing from the next day


def test_the_date_rule_spans_whole_days():
    first, last = ViewFilters((), date(2024, 3, 10), date(2024, 3, 20)).date_range()
    assert first == pd.Timestamp("2024-03-10")
    assert last == pd.Timestamp("2024-03-20 23:59:59.999999")
    assert ViewFilters().date_range() == (None, None)
