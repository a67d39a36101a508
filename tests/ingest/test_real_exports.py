"""Acceptance: real reviews in the export shapes users bring keep every review, exactly."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.cli import main
from analysis.ingest import ingest_reviews
from tests.ingest.real_exports import BUILDERS, kinds

pytestmark = pytest.mark.shared

@pytest.mark.parametrize("build", [pytest.param(b, id=n) for n, b in BUILDERS.items()])
def test_real_export_ingests_exactly(build, shared_data, tmp_path):
    path, expected = build(shared_data, tmp_path)
    result = ingest_reviews(path)
    source = result.sources[0]
    mapping = result.mappings[source]
    assert {f: mapping.get(f) for f in expected.mapping} == expected.mapping
    assert kinds(result.rejected["reason"]) == expected.rejected
    assert len(result.reviews) == expected.kept
    assert result.reviews["text"].tolist() == expected.texts
    if expected.products is not None:
        assert result.reviews["product_id"].tolist() == expected.products
    if expected.helpful is not None:
        votes = result.reviews["helpful_votes"].astype(object).where(
            result.reviews["helpful_votes"].notna(), None)
        assert votes.tolist() == expected.helpful
    for key, value in expected.stats.items():
        assert result.stats[source][key] == value, key
    rows = sorted(result.reviews["source_row"].tolist() + result.rejected["row"].tolist())
    assert rows == list(range(1, result.stats[source]["rows_read"] + 1))


@pytest.mark.parametrize("name", ["amazon_2018", "amazon_2023"])
def test_cli_ingest_of_amazon_exports(name, shared_data, tmp_path, capsys):
    path, expected = BUILDERS[name](shared_data, tmp_path)
    out, db = tmp_path / "out", tmp_path / "store.duckdb"
    assert main(["ingest", str(path), "--out", str(out), "--db", str(db)]) == 0
    reviews = pd.read_csv(out / "reviews.csv", dtype=str, keep_default_na=False)
    rejected = pd.read_csv(out / "rejected.csv", dtype=str, keep_default_na=False)
    assert len(reviews) == expected.kept
    assert kinds(rejected["reason"]) == expected.rejected
    assert reviews["product_id"].tolist() == expected.products
    # texts come back exactly (none of these starts like a formula)
    assert reviews["text"].tolist() == expected.texts
    assert f"{expected.kept} new reviews" in capsys.readouterr().out
