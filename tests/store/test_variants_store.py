"""Variant families in the store: links, re-imports of overlapping exports, older stores."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.ingest import ingest_reviews
from analysis.services.review_import import import_reviews
from analysis.store.core import Store
from analysis.store.reviews import list_products, load_reviews

LONG = "These boots fit perfectly and the leather softened after a week of wear."
DAY = 1514851200


def _export(path, rows):
    """rows: (asin, reviewer, text, day offset); written as Amazon 2018-style JSON Lines."""
    path.write_text("".join(json.dumps({
        "asin": asin, "reviewerID": who, "reviewText": text, "overall": 4,
        "unixReviewTime": DAY + 86400 * day}) + "\n" for asin, who, text, day in rows),
        encoding="utf-8")
    return path


@pytest.fixture()
def store():
    with Store(":memory:") as s:
        yield s


def test_family_is_listed_once_with_its_variants(tmp_path, store):
    path = _export(tmp_path / "a.jsonl", [("B2", "u1", LONG, 0), ("B3", "u1", LONG, 0),
                                         ("B1", "u1", LONG, 0), ("B3", "u2", "Too tight.", 1),
                                         ("C9", "u3", "Nice mug.", 2)])
    summary = import_reviews(store, ingest_reviews(path))
    assert summary.reviews_added == 3
    products = list_products(store)
    assert products["product_id"].tolist() == ["B1", "C9"]
    assert products["reviews"].tolist() == [2, 1]
    assert products["variants"].tolist() == [["B1", "B2", "B3"], ["C9"]]
    assert summary.product_ids.tolist() == ["B1", "B1", "C9"]


def test_reimporting_an_overlapping_export_adds_no_copy(tmp_path, store):
    first = _export(tmp_path / "a.jsonl", [("B1", "u1", LONG, 0), ("B2", "u1", LONG, 0),
                                          ("B2", "u2", "Too tight.", 1)])
    import_reviews(store, ingest_reviews(first))
    # Another export: lists the review first on B3 (a new variant) and B2, plus a new review.
    later = _export(tmp_path / "b.jsonl", [("B3", "u1", LONG, 0), ("B2", "u1", LONG, 0),
                                          ("B3", "u4", "Great colour, runs true to size.", 3)])
    result = ingest_reviews(later)
    assert result.reviews["product_id"].tolist() == ["B2", "B2"]  # this file alone: B2, B3
    summary = import_reviews(store, result)
    assert (summary.reviews_added, summary.reviews_known) == (1, 1)
    assert summary.product_ids.tolist() == ["B1", "B1"]  # filed under the stored family
    reviews = load_reviews(store)
    assert len(reviews) == 3 and set(reviews["product_id"]) == {"B1"}
    assert reviews["text"].tolist().count(LONG) == 1
    assert list_products(store)["variants"].tolist() == [["B1", "B2", "B3"]]
    # and the same file again changes nothing
    again = import_reviews(store, ingest_reviews(later))
    assert again.reviews_added == 0 and len(load_reviews(store)) == 3


def test_store_without_links_is_upgraded_on_open(tmp_path):
    db = tmp_path / "old.duckdb"
    path = _export(tmp_path / "a.jsonl", [("B1", "u1", "Fine.", 0), ("C1", "u2", "Good.", 1)])
    with Store(db) as store:
        import_reviews(store, ingest_reviews(path))
        store.execute("DROP TABLE review_products")  # as written before variants existed
    with Store(db) as store:
        assert list_products(store)["variants"].tolist() == [["B1"], ["C1"]]
        links = store.query("SELECT count(*) AS n FROM review_products")
        assert int(links["n"].iloc[0]) == 2


def test_hand_made_ingest_result_links_each_review_to_its_product(store, tmp_path):
    path = _export(tmp_path / "a.jsonl", [("B1", "u1", "Fine.", 0)])
    result = ingest_reviews(path)
    result.links = pd.DataFrame(columns=["source", "source_row", "product_id"])
    import_reviews(store, result)
    assert list_products(store)["variants"].tolist() == [["B1"]]
