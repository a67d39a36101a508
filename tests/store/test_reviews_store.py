"""The reviews store: idempotent import, overlapping exports, crash safety, filtered reads."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis.store.reviews as reviews_store
from analysis.ingest import ingest_reviews
from analysis.services.review_import import import_reviews
from analysis.store.core import Store
from analysis.store.reviews import (
    list_datasets,
    list_products,
    load_rejected,
    load_reviews,
)

HEADER = "product,text,date,rating,author\n"


def _rows(start: int, stop: int) -> str:
    return "".join(
        f"P{i % 2},Review {i} of the product,2024-02-{i + 1:02d},{1 + i % 5},user{i}\n"
        for i in range(start, stop)
    )


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "test.duckdb") as s:
        yield s


def _count(store: Store, table: str) -> int:
    return int(store.query(f"SELECT count(*) AS n FROM {table}")["n"].iloc[0])


def test_import_then_reimport_same_file_is_a_no_op(store, tmp_path):
    path = tmp_path / "feb.csv"
    path.write_text(HEADER + _rows(0, 6) + "Px,,2024-02-20,3,u\n")
    first = import_reviews(store, ingest_reviews(path))
    assert (first.reviews_added, first.rejected_added) == (6, 1)
    again = import_reviews(store, ingest_reviews(path))
    assert again.datasets_skipped == ["feb.csv"] and again.reviews_added == 0
    assert (_count(store, "reviews"), _count(store, "rejected"), _count(store, "datasets")) == (
        6, 1, 1)


def test_overlapping_export_adds_only_new_reviews(store, tmp_path):
    early, late = tmp_path / "early.csv", tmp_path / "late.csv"
    early.write_text(HEADER + _rows(0, 10))
    late.write_text(HEADER + _rows(6, 15))
    import_reviews(store, ingest_reviews(early))
    summary = import_reviews(store, ingest_reviews(late))
    assert (summary.reviews_added, summary.reviews_known) == (5, 4)
    assert _count(store, "reviews") == 15
    datasets = list_datasets(store).set_index("source")
    assert datasets.loc["late.csv", "reviews_added"] == 5
    assert datasets.loc["late.csv", "rows"] == 9


def test_failure_mid_import_leaves_the_store_unchanged(store, tmp_path, monkeypatch):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(HEADER + _rows(0, 4))
    bad.write_text(HEADER + _rows(10, 14) + "P1,,2024-02-28,2,u\n")
    import_reviews(store, ingest_reviews(good))
    before = load_reviews(store)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    # reviews of bad.csv are inserted, then recording its rejected rows fails
    monkeypatch.setattr(reviews_store, "insert_rejected", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        import_reviews(store, ingest_reviews(bad))
    after = load_reviews(store)
    pd.testing.assert_frame_equal(before, after)
    assert _count(store, "datasets") == 1 and _count(store, "rejected") == 0

    monkeypatch.undo()  # the same file imports cleanly afterwards
    assert import_reviews(store, ingest_reviews(bad)).reviews_added == 4


def test_load_reviews_filters_and_types(store, tmp_path):
    path = tmp_path / "feb.csv"
    path.write_text(HEADER + _rows(0, 10))
    result = ingest_reviews(path)
    import_reviews(store, result, keep_author_names=True)  # round trip: names opted in
    loaded = load_reviews(store, products=["P1"], start="2024-02-03", end="2024-02-08")
    assert loaded["product_id"].unique().tolist() == ["P1"]
    assert loaded["date"].min() >= pd.Timestamp("2024-02-03")
    assert loaded["date"].max() <= pd.Timestamp("2024-02-08")
    assert len(loaded) == 3  # days 4, 6, 8 (i = 3, 5, 7)
    everything = load_reviews(store)
    expected = result.reviews.sort_values("date").reset_index(drop=True)
    pd.testing.assert_frame_equal(
        everything.drop(columns="dataset_id"), expected, check_dtype=False
    )
    assert everything["date"].dtype == "datetime64[ns]"
    assert everything["rating"].dtype == "float64"


def test_list_products_and_rejected(store, tmp_path):
    path = tmp_path / "feb.csv"
    path.write_text(HEADER + _rows(0, 5) + "P9,,2024-02-20,3,u\n")
    import_reviews(store, ingest_reviews(path))
    products = list_products(store)
    assert products["product_id"].tolist() == ["P0", "P1"]
    assert products["reviews"].tolist() == [3, 2]
    rejected = load_rejected(store)
    assert rejected.to_dict("records") == [
        {"source": "feb.csv", "row": 6, "reason": "empty review text (column 'text')"}
    ]


def test_store_reopens_with_data(tmp_path):
    path = tmp_path / "feb.csv"
    path.write_text(HEADER + _rows(0, 3))
    with Store(tmp_path / "s.duckdb") as store:
        import_reviews(store, ingest_reviews(path))
    with Store(tmp_path / "s.duckdb") as store:
        assert len(load_reviews(store)) == 3
