"""Variant copies through the analyzer and the CLI: figures per product never count a copy twice."""

from __future__ import annotations

import json

import pandas as pd

from analysis.cli import main
from analysis.services.analyzer import ReviewAnalyzer
from analysis.store.core import Store
from tests.pipeline.fakes import FakeModel

DAY = 1514851200
GOOD = "Great fit and the zipper works, love the colour."
BAD = "The zipper broke after two days, terrible size chart."


def _export(path):
    """An Amazon 2018-style export: one good review copied onto 4 variants, one bad on one."""
    records = [{"asin": f"J{size}", "reviewerID": "R1", "overall": 5, "reviewText": GOOD,
                "unixReviewTime": DAY, "style": {"Size:": size}} for size in "SMLX"]
    records.append({"asin": "JM", "reviewerID": "R2", "overall": 1, "reviewText": BAD,
                    "unixReviewTime": DAY + 86400, "style": {"Size:": "M"}})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_analyzer_counts_each_review_once_per_family(tmp_path):
    with Store(":memory:") as store:
        result = ReviewAnalyzer(store, FakeModel()).analyze([_export(tmp_path / "j.jsonl")])
    assert len(result.reviews) == 2 and len(result.rejected) == 3
    assert result.summary["counts"]["input_rows"] == 5
    assert result.summary["counts"]["variant_copies"] == 3
    assert set(result.reviews["product_id"]) == {"JL"}
    product = result.summary["products"]["JL"]
    assert list(result.summary["products"]) == ["JL"]
    assert product["reviews"] == 2 and product["mean_rating"] == 3.0
    assert product["variants"] == ["JL", "JM", "JS", "JX"]
    # each aspect mention comes from one stored review, never from a copy
    assert result.aspects.groupby("review_id").size().max() <= 2
    assert result.aspects["review_id"].nunique() <= 2


def test_cli_ingest_writes_copies_as_rejected_rows(tmp_path, capsys):
    path = _export(tmp_path / "j.jsonl")
    out, db = tmp_path / "out", tmp_path / "store.duckdb"
    assert main(["ingest", str(path), "--out", str(out), "--db", str(db)]) == 0
    reviews = pd.read_csv(out / "reviews.csv", dtype=str)
    rejected = pd.read_csv(out / "rejected.csv", dtype=str)
    assert len(reviews) + len(rejected) == 5
    assert reviews["product_id"].tolist() == ["JL", "JL"]
    assert rejected["reason"].tolist() == [
        "variant copy of row 1 (linked to product JM)",
        "variant copy of row 1 (linked to product JL)",
        "variant copy of row 1 (linked to product JX)",
    ]
    # importing it again adds nothing
    assert main(["ingest", str(path), "--out", str(out), "--db", str(db)]) == 0
    assert "0 new reviews" in capsys.readouterr().out.splitlines()[-1]
