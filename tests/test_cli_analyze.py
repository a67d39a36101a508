"""``reviewlens analyze`` end to end: files written, exit codes, errors as one paragraph."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.cli import main

REVIEWS = pd.DataFrame(
    {
        "Review ID": ["a1", "a2", "a3", "a4"],
        "Product": ["P1", "P1", "P2", "P2"],
        "Stars": [5, 1, 4, 5],
        "Posted": ["2024-03-01", "2024-03-02", "2024-03-05", "not a date"],
        "Comment": [
            "Great battery life. Delivery was fast!",
            "The lid broke after a week. Customer service never answered.",
            "Good price, nice box.",
            "Muy buen producto, la entrega fue rápida y el precio excelente.",
        ],
    }
)


@pytest.fixture()
def reviews_file(tmp_path):
    path = tmp_path / "export.csv"
    REVIEWS.to_csv(path, index=False)
    return path


def _run(reviews_file, tmp_path, *extra):
    out = tmp_path / "out"
    argv = ["analyze", str(reviews_file), "--out", str(out), "--db", str(tmp_path / "s.duckdb")]
    return main([*argv, *extra]), out


def test_analyze_writes_the_four_files(reviews_file, tmp_path, fake_engine, capsys):
    status, out = _run(reviews_file, tmp_path, "--text-col", "Comment", "--rating-col", "Stars")
    assert status == 0
    reviews = pd.read_csv(out / "reviews.csv")
    aspects = pd.read_csv(out / "aspects.csv", keep_default_na=False)
    rejected = pd.read_csv(out / "rejected.csv")
    summary = json.loads((out / "summary.json").read_text())
    assert reviews["review_id"].tolist() == ["a1", "a2", "a3", "a4"]
    assert reviews["rating"].tolist() == [5, 1, 4, 5]
    assert summary["counts"]["input_rows"] == len(reviews) + len(rejected) == 4
    assert summary["counts"]["unscored_by_language"] == {"es": 1}
    texts = reviews.set_index("review_id")["text"]
    for row in aspects.itertuples():
        assert texts[row.review_id][row.start : row.end] == row.aspect
    assert "4 reviews" in capsys.readouterr().out
    # A second run reads everything back from the store.
    status, _ = _run(reviews_file, tmp_path)
    assert status == 0 and len(fake_engine.predict_calls) == 1
    assert "0 sentences encoded" in capsys.readouterr().out


def test_bad_taxonomy_is_exit_2_with_one_paragraph(reviews_file, tmp_path, capsys):
    taxonomy = tmp_path / "tax.yaml"
    taxonomy.write_text("categories:\n  - description: nameless\n")
    status, out = _run(reviews_file, tmp_path, "--taxonomy", str(taxonomy))
    err = capsys.readouterr().err.strip()
    assert status == 2 and "tax.yaml" in err and "name" in err and "\n" not in err
    assert not out.exists()


def test_unusable_input_is_exit_2(tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    status, _ = _run(empty, tmp_path)
    err = capsys.readouterr().err.strip()
    assert status == 2 and "empty.csv" in err and "\n" not in err


@pytest.mark.model
def test_analyze_with_the_real_model(reviews_file, tmp_path, review_model, monkeypatch):
    from analysis.encoder import lazy

    monkeypatch.setattr(lazy, "LazyReviewModel", lambda *a, **k: review_model)
    status, out = _run(reviews_file, tmp_path)
    assert status == 0
    reviews = pd.read_csv(out / "reviews.csv").set_index("review_id")
    assert reviews.loc["a1", "sentiment"] == "positive"
    assert reviews.loc["a2", "sentiment"] == "negative"
    assert pd.isna(reviews.loc["a4", "sentiment"])
    aspects = pd.read_csv(out / "aspects.csv", keep_default_na=False)
    assert len(aspects) >= 3
    for row in aspects.itertuples():
        assert reviews.loc[row.review_id, "text"][row.start : row.end] == row.aspect
    lid = aspects[aspects["aspect_norm"].isin(["lid", "customer service"])]
    assert (lid["polarity"] == "negative").all() and len(lid) >= 1


def test_two_shops_with_the_same_ids_keep_separate_results(tmp_path, fake_engine, capsys):
    from tests.files import qualifier_of

    a, b = tmp_path / "shop_a.csv", tmp_path / "shop_b.csv"
    a.write_text("id,text\n1,Great battery life.\n2,Nice box.\n", encoding="utf-8")
    b.write_text("id,text\n1,The screen is bad.\n2,Slow delivery.\n", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    assert main(["analyze", str(a), "--out", str(tmp_path / "out_a"), "--db", db]) == 0
    capsys.readouterr()
    assert main(["analyze", str(b), "--out", str(tmp_path / "out_b"), "--db", db]) == 0
    assert "2 under a qualified id" in capsys.readouterr().out
    tag = qualifier_of(b)
    out_b = tmp_path / "out_b"
    reviews = pd.read_csv(out_b / "reviews.csv").set_index("review_id")
    aspects = pd.read_csv(out_b / "aspects.csv")
    assert reviews.index.tolist() == ["1" + tag, "2" + tag]
    assert reviews["sentiment"].tolist() == ["negative", "negative"]
    assert set(aspects["review_id"]) == set(reviews.index)
    assert json.loads((out_b / "summary.json").read_text())["counts"]["ids_qualified"] == 2
    # shop A's results are still its own when it is analyzed again
    assert main(["analyze", str(a), "--out", str(tmp_path / "again"), "--db", db]) == 0
    again = pd.read_csv(tmp_path / "again" / "reviews.csv", dtype={"review_id": str})
    again = again.set_index("review_id")
    assert again.at["1", "text"] == "Great battery life." and again.at["1", "sentiment"] == (
        "positive")


def test_a_rerun_of_an_unchanged_store_writes_the_stored_results(
        reviews_file, tmp_path, fake_engine, capsys):
    flags = ("--text-col", "Comment", "--rating-col", "Stars")
    files = ("reviews.csv", "aspects.csv", "rejected.csv")
    assert _run(reviews_file, tmp_path, *flags)[0] == 0
    first = {name: (tmp_path / "out" / name).read_bytes() for name in files}
    assert "nothing changed since run" not in capsys.readouterr().out
    calls = len(fake_engine.predict_calls)

    status, out = _run(reviews_file, tmp_path, *flags)
    told = capsys.readouterr().out
    assert status == 0 and "nothing changed since run" in told and "--recompute" in told
    assert {name: (out / name).read_bytes() for name in files} == first

    status, out = _run(reviews_file, tmp_path, *flags, "--recompute")
    assert status == 0 and "nothing changed since run" not in capsys.readouterr().out
    assert {name: (out / name).read_bytes() for name in files} == first
    assert len(fake_engine.predict_calls) == calls  # recomputed from the sentence cache
