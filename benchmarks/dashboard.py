"""Dashboard responsiveness on a large store: first render and filter changes, against a baseline.

Fills a temporary store with N generated analyzed reviews (default 100,000, one aspect mention
each, through the engine's public ``save_results``), then measures in the same run:

- dashboard, first render: the Overview page in Streamlit's AppTest on a cold cache (reads the
  whole store once, computes KPIs, weekly series, category table and figures);
- dashboard, filter change: the Overview rerun after changing the sidebar's product or date
  filter (median of several changes; reads come from ``st.cache_data``);
- views only: the same filter changes through the view functions on in-memory frames (what a
  filter change costs without Streamlit's page machinery);
- baseline: the naive path a dashboard without caching takes on every interaction, re-querying
  the store with the filter and recomputing the KPIs.

Target: a filter change answers in well under a second at 100k reviews.

    .venv/bin/python benchmarks/dashboard.py [--reviews 100000] [--changes 6]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the generated frames live beside the dashboard tests


def fill(path: Path, n_reviews: int) -> None:
    """Write ``n_reviews`` generated analyzed reviews into the store at ``path``."""
    from analysis.store import results
    from analysis.store.core import Store
    from tests.dashboard.frames import make_frames

    reviews, aspects = make_frames(n_reviews, days=720)
    sentences = pd.DataFrame({
        "review_id": reviews["review_id"], "sentence_index": 0, "start": 0,
        "end": reviews["text"].str.len(), "text": reviews["text"],
        "p_negative": reviews["p_negative"], "p_neutral": reviews["p_neutral"],
        "p_positive": reviews["p_positive"],
    })  # fmt: skip
    with Store(path) as store:
        results.save_results(store, reviews, sentences, aspects, "bench", "bench")
        results.record_run(store, "bench", datetime.now(), "bench", ["generated"], {})


FILTERS = [
    {"products": ["P-GOOD"]},
    {"products": ["P-BAD", "P-MID"]},
    {"dates": (date(2024, 3, 1), date(2024, 9, 30))},
    {"products": []},
    {"dates": (date(2025, 1, 1), date(2025, 6, 30))},
    {"products": ["耳机-3"]},
]


def apply(at, change: dict) -> None:
    if "products" in change:
        at.sidebar.multiselect(key="filter_products").set_value(change["products"])
    if "dates" in change:
        at.sidebar.date_input(key="filter_dates").set_value(change["dates"])


def time_dashboard(changes: int) -> tuple[float, float, list[float]]:
    """Seconds for the cold first render, a warm rerun, and each filter change."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    at = AppTest.from_file(str(REPO / "dashboard" / "app.py"), default_timeout=600)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    assert not at.exception, at.exception
    start = time.perf_counter()
    at.run()
    warm = time.perf_counter() - start
    per_change = []
    for change in FILTERS[:changes]:
        apply(at, change)
        start = time.perf_counter()
        at.run()
        per_change.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return first, warm, per_change


def to_filters(change: dict):
    from analysis.insights.filters import ViewFilters

    start, end = change.get("dates", (None, None))
    return ViewFilters(tuple(change.get("products", ())), start, end)


def time_views(db: Path, changes: int) -> tuple[float, list[float]]:
    """Load once, then each filter change through the view functions only."""
    from analysis.insights import aspect_tables, timeseries
    from analysis.insights import kpis as kpi
    from analysis.services import views as view_data
    from analysis.store.core import Store

    with Store(db) as store:
        start = time.perf_counter()
        frames = view_data.load_review_frames(store)
        load = time.perf_counter() - start
    per_change = []
    for change in FILTERS[:changes]:
        start = time.perf_counter()
        subset = frames.filtered(to_filters(change))
        kpi.kpi_table(subset.reviews)
        timeseries.sentiment_over_time(subset.reviews, "W")
        aspect_tables.aspect_table(subset.aspects, ("category",), min_mentions=3)
        per_change.append(time.perf_counter() - start)
    return load, per_change


def time_baseline(db: Path, changes: int) -> list[float]:
    """Naive: re-query the store with the filter on every change, then compute the same views."""
    from analysis.insights import aspect_tables, timeseries
    from analysis.insights import kpis as kpi
    from analysis.services import views as view_data
    from analysis.store.core import Store

    per_change = []
    with Store(db) as store:
        for change in FILTERS[:changes]:
            start = time.perf_counter()
            frames = view_data.load_review_frames(store, to_filters(change))
            kpi.kpi_table(frames.reviews)
            timeseries.sentiment_over_time(frames.reviews, "W")
            aspect_tables.aspect_table(frames.aspects, ("category",), min_mentions=3)
            per_change.append(time.perf_counter() - start)
    return per_change


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=len(FILTERS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        fill(db, args.reviews)
        print(f"filled store with {args.reviews:,} reviews in {time.perf_counter() - start:.1f} s")
        os.environ["REVIEWLENS_DB"] = str(db)
        os.environ["REVIEWLENS_NO_SAMPLE"] = "1"
        baseline = time_baseline(db, args.changes)
        load, views = time_views(db, args.changes)
        first, warm, dash = time_dashboard(args.changes)
    med = statistics.median
    print(f"\n{'measure':<48}{'seconds':>10}")
    print(f"{'dashboard: first render of Overview (cold)':<48}{first:>10.2f}")
    print(f"{'dashboard: rerun, same filters (warm)':<48}{warm:>10.2f}")
    print(f"{'dashboard: filter change, median':<48}{med(dash):>10.2f}")
    print(f"{'dashboard: filter change, worst':<48}{max(dash):>10.2f}")
    print(f"{'views only: load whole store once':<48}{load:>10.2f}")
    print(f"{'views only: filter change, median':<48}{med(views):>10.3f}")
    print(f"{'baseline (re-query store per change), median':<48}{med(baseline):>10.2f}")
    print(f"{'baseline (re-query store per change), worst':<48}{max(baseline):>10.2f}")
    print(f"\nviews-only filter change is {med(baseline) / med(views):.0f}x faster than the "
          "baseline; dashboard filter change (page included) "
          f"{med(baseline) / med(dash):.1f}x")


if __name__ == "__main__":
    main()
