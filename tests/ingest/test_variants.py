"""Variant copies: one review shown on several product ids is kept once, linked to all."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.ingest import ingest_reviews
from analysis.ingest.identity import family_column, variant_copies

LONG = "These boots fit perfectly and the leather softened after a week of wear."


def _frame(rows, family=None) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["product_id", "author", "text", "date"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_copies_across_three_asins_are_one_review_linked_to_all():
    frame = _frame([("A1", "u1", LONG, "2018-01-02"), ("A2", "u1", LONG, "2018-01-02"),
                    ("A3", "u1", LONG, "2018-01-02"), ("A2", "u2", "Too small.", "2018-01-03")])
    found = variant_copies(frame)
    assert found.copy_of.tolist() == [-1, 0, 0, -1]
    assert found.family.tolist() == ["A1", "A1", "A1", "A1"]  # A2's own review joins A1
    links = found.links.groupby("position")["product_id"].apply(list).to_dict()
    assert links == {0: ["A1", "A2", "A3"], 3: ["A2"]}


def test_same_text_by_another_author_is_not_a_copy():
    frame = _frame([("A1", "u1", LONG, "2018-01-02"), ("A2", "u2", LONG, "2018-01-02")])
    found = variant_copies(frame)
    assert found.copies == 0 and found.family.tolist() == ["A1", "A2"]


def test_same_author_and_text_on_another_date_is_not_a_copy():
    frame = _frame([("A1", "u1", LONG, "2018-01-02"), ("A2", "u1", LONG, "2018-03-09")])
    found = variant_copies(frame)
    assert found.copies == 0 and found.family.tolist() == ["A1", "A2"]


def test_rows_without_author_or_date_are_never_copies():
    frame = _frame([("A1", None, LONG, "2018-01-02"), ("A2", None, LONG, "2018-01-02"),
                    ("A3", "u1", LONG, None), ("A4", "u1", LONG, None)])
    assert variant_copies(frame).copies == 0


def test_one_short_shared_text_does_not_join_unrelated_products():
    frame = _frame([("A1", "u1", "Great", "2018-01-02"), ("A2", "u1", "Great", "2018-01-02")])
    found = variant_copies(frame)
    assert found.copies == 0 and found.family.tolist() == ["A1", "A2"]
    # Two shared short texts are evidence enough.
    twice = _frame([("A1", "u1", "Great", "2018-01-02"), ("A2", "u1", "Great", "2018-01-02"),
                    ("A1", "u2", "Love it", "2018-02-02"), ("A2", "u2", "Love it", "2018-02-02")])
    found = variant_copies(twice)
    assert found.copy_of.tolist() == [-1, 0, -1, 2]
    assert found.family.tolist() == ["A1"] * 4


def test_parent_id_is_the_family_and_bounds_the_copies():
    frame = _frame([("B2", "u1", "Great", "2018-01-02"), ("B1", "u1", "Great", "2018-01-02"),
                    ("C1", "u1", "Great", "2018-01-02"), ("B3", "u9", "Fine.", "2018-05-01")])
    parent = pd.Series(["P1", "P1", "P2", "P1"])
    found = variant_copies(frame, parent)
    # Even a short text is a copy within one parent; the P2 row is a different product.
    assert found.copy_of.tolist() == [-1, 0, -1, -1]
    assert found.family.tolist() == ["P1", "P1", "P2", "P1"]


def test_family_column_is_found_by_name_unless_it_is_the_product():
    assert family_column(["asin", "parent_asin", "text"], {"asin", "text"}) == "parent_asin"
    assert family_column(["parent_asin", "text"], {"parent_asin", "text"}) is None
    assert family_column(["sku", "Parent SKU"], {"sku"}) == "Parent SKU"


def _jsonl(path, records):
    import json

    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_ingest_keeps_one_row_per_review_and_reports_each_copy(tmp_path):
    records = []
    for size in ("S", "M", "L"):
        records.append({"asin": f"X{size}", "reviewerID": "R1", "overall": 5,
                        "reviewText": LONG, "unixReviewTime": 1514851200})
    records.append({"asin": "XM", "reviewerID": "R2", "overall": 2, "reviewText": "Runs small.",
                    "unixReviewTime": 1514937600})
    records.append({"asin": "Y1", "reviewerID": "R3", "overall": 4, "reviewText": "",
                    "unixReviewTime": 1514937600})
    result = ingest_reviews(_jsonl(tmp_path / "boots.jsonl", records))
    assert result.reviews["source_row"].tolist() == [1, 4]
    assert result.reviews["product_id"].tolist() == ["XL", "XL"]  # the family: smallest id
    assert result.rejected["reason"].tolist() == [
        "variant copy of row 1 (linked to product XM)",
        "variant copy of row 1 (linked to product XL)",
        "empty review text (column 'reviewText')",
    ]
    assert len(result.reviews) + len(result.rejected) == len(records)
    assert result.stats["boots.jsonl"]["variant_copies"] == 2
    linked = result.links.groupby("source_row")["product_id"].apply(list).to_dict()
    assert linked == {1: ["XL", "XM", "XS"], 4: ["XM"]}


def test_generated_ids_do_not_depend_on_which_variant_comes_first(tmp_path):
    rows = [("A1", "u1", LONG, "2018-01-02"), ("A2", "u1", LONG, "2018-01-02")]
    frame = pd.DataFrame(rows, columns=["asin", "reviewerID", "reviewText", "date"])
    frame.to_csv(tmp_path / "a.csv", index=False)
    frame.iloc[::-1].to_csv(tmp_path / "b.csv", index=False)
    first = ingest_reviews(tmp_path / "a.csv").reviews
    second = ingest_reviews(tmp_path / "b.csv").reviews
    assert first["review_id"].tolist() == second["review_id"].tolist()
    assert np.array_equal(first["product_id"], second["product_id"])


def test_copies_across_files_name_the_file_of_the_kept_row(tmp_path):
    rows = [("A1", "u1", LONG, "2018-01-02")]
    pd.DataFrame(rows, columns=["asin", "reviewerID", "reviewText", "date"]).to_csv(
        tmp_path / "a.csv", index=False)
    rows = [("A2", "u1", LONG, "2018-01-02")]
    pd.DataFrame(rows, columns=["asin", "reviewerID", "reviewText", "date"]).to_csv(
        tmp_path / "b.csv", index=False)
    result = ingest_reviews([tmp_path / "a.csv", tmp_path / "b.csv"])
    assert result.rejected["reason"].tolist() == [
        "variant copy of row 1 in a.csv (linked to product A2)"]
