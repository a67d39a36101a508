"""ReviewAnalyzer with a fake model: contract columns, row accounting, caching, languages."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.aspects import taxonomy_from_dict
from analysis.services.analyzer import ReviewAnalyzer
from analysis.services.categories import recategorize
from analysis.store import results
from analysis.store.core import Store
from tests.pipeline.fakes import FakeModel
from tests.pipeline.zh_tiny import tiny_scorer

REVIEW_COLUMNS = ["review_id", "product_id", "date", "rating", "text", "sentiment",
                  "sentiment_score", "p_negative", "p_neutral", "p_positive"]  # fmt: skip
ASPECT_COLUMNS = ["review_id", "sentence_index", "aspect", "start", "end", "aspect_norm",
                  "category", "polarity", "confidence"]  # fmt: skip

ROWS = [
    ("r1", "P1", "2024-01-05", 5, "Great battery life! The lid is bad.<br />Delivery was fast."),
    ("r2", "P1", "2024-01-06", 1, "The batteries died. Delivery was fast."),
    ("r3", "P2", "2024-02-01", 4, "Good price.   Nice  box, love it."),
    ("r4", "P2", "2024-02-03", 2, "La batería es muy mala y el envío fue lento, no lo recomiendo."),
    ("r5", "P2", "2024-02-04", 5, "这个手机很好用，电池也不错"),
    ("r6", "P1", "2024-02-05", 3, ""),
    ("r7", "P2", "2024-02-06", 5, "!!!"),
    ("r8", "P1", "bad date", 5, "=cmd|' /C calc'!A0 great screen"),
    ("r3", "P2", "2024-02-01", 4, "Good price.   Nice  box, love it."),  # exact duplicate
]


@pytest.fixture()
def reviews_csv(tmp_path):
    frame = pd.DataFrame(ROWS, columns=["review_id", "product_id", "date", "rating", "text"])
    path = tmp_path / "reviews.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture()
def store():
    with Store(":memory:") as s:
        yield s


def test_outputs_follow_the_contract(reviews_csv, store):
    result = ReviewAnalyzer(store, FakeModel()).analyze([reviews_csv])
    assert list(result.reviews.columns)[:10] == REVIEW_COLUMNS
    assert {"title", "language", "source"} <= set(result.reviews.columns)
    assert list(result.aspects.columns) == ASPECT_COLUMNS
    assert list(result.rejected.columns) == ["source", "row", "reason"]
    scored = result.reviews[result.reviews["sentiment"].notna()]
    assert set(scored["sentiment"]) <= {"negative", "neutral", "positive"}
    np.testing.assert_allclose(
        scored["sentiment_score"], scored["p_positive"] - scored["p_negative"]
    )
    np.testing.assert_allclose(scored[["p_negative", "p_neutral", "p_positive"]].sum(axis=1), 1)
    assert set(result.aspects["polarity"]) <= {"negative", "neutral", "positive"}
    by_id = result.reviews.set_index("review_id")
    assert by_id.loc["r2", "sentiment"] == "neutral" or by_id.loc["r2", "p_negative"] > 0.3
    assert by_id.loc["r3", "sentiment"] == "positive"
    assert by_id.loc["r1", "text"] == ROWS[0][4]  # text exactly as read


def test_input_rows_equal_reviews_plus_rejected(reviews_csv, store):
    result = ReviewAnalyzer(store, FakeModel()).analyze([reviews_csv])
    counts = result.summary["counts"]
    assert counts["input_rows"] == len(ROWS) == len(result.reviews) + len(result.rejected)
    assert counts["reviews"] == len(result.reviews) and counts["rejected"] == len(result.rejected)
    assert any("duplicate" in reason for reason in result.rejected["reason"])


def test_aspect_offsets_index_the_original_text(reviews_csv, store):
    result = ReviewAnalyzer(store, FakeModel()).analyze([reviews_csv])
    text = result.reviews.set_index("review_id")["text"]
    assert len(result.aspects) >= 6
    for row in result.aspects.itertuples():
        assert text[row.review_id][row.start : row.end] == row.aspect
    norms = result.aspects.set_index("aspect")["aspect_norm"].to_dict()
    assert norms["batteries"] == norms["battery life"] == "battery"
    categories = result.aspects.set_index("aspect_norm")["category"].to_dict()
    assert categories["delivery"] == "delivery/shipping"


def test_unsupported_languages_are_flagged_not_scored(reviews_csv, store):
    analyzer = ReviewAnalyzer(store, FakeModel(), chinese_scorer=tiny_scorer())
    result = analyzer.analyze([reviews_csv])
    by_id = result.reviews.set_index("review_id")
    assert by_id.loc["r4", "language"] == "es" and by_id.loc["r5", "language"] == "zh"
    assert by_id.loc[["r4"], ["sentiment", "p_positive"]].isna().all().all()
    assert not result.aspects["review_id"].isin(["r4"]).any()
    assert by_id.loc["r5", "sentiment"] == "positive"  # Chinese has its own model
    assert set(result.aspects.loc[result.aspects["review_id"] == "r5", "aspect"]) == {"电池"}
    assert result.summary["counts"]["unscored_by_language"] == {"es": 1}
    assert by_id.loc["r7", "sentiment"] in {"negative", "neutral", "positive"}  # "!!!" scored


def test_each_distinct_sentence_is_encoded_once(tmp_path, store):
    texts = ["Delivery was fast. The lid is bad.", "Delivery was fast.", "The lid is bad. Ok."]
    path = tmp_path / "dups.csv"
    pd.DataFrame({"id": ["a", "b", "c"], "text": texts}).to_csv(path, index=False)
    model = FakeModel()
    ReviewAnalyzer(store, model).analyze([path])
    assert len(model.predict_calls) == 1
    assert sorted(model.predicted) == ["Delivery was fast.", "Ok.", "The lid is bad."]


def test_rerun_reads_results_back_without_encoding(reviews_csv, store):
    model = FakeModel()
    analyzer = ReviewAnalyzer(store, model)
    first = analyzer.analyze([reviews_csv])
    calls = len(model.predict_calls)
    second = analyzer.analyze([reviews_csv])
    assert len(model.predict_calls) == calls
    assert second.summary["counts"]["sentences_encoded"] == 0
    assert second.summary["counts"]["input_rows"] == first.summary["counts"]["input_rows"]
    pd.testing.assert_frame_equal(first.reviews, second.reviews)
    pd.testing.assert_frame_equal(first.aspects, second.aspects)
    # A new model version is a different cache key: everything is encoded again.
    other = FakeModel(version="fake-2")
    ReviewAnalyzer(store, other).analyze([reviews_csv])
    assert len(other.predicted) == first.summary["counts"]["distinct_sentences"]


def test_results_are_stored_and_filtered(reviews_csv, store):
    ReviewAnalyzer(store, FakeModel()).analyze([reviews_csv])
    reviews = results.load_analyzed_reviews(store)
    assert len(reviews) == 7
    assert list(reviews.columns)[:10] == REVIEW_COLUMNS
    p1 = results.load_analyzed_reviews(store, products=["P1"], start="2024-01-01", end="2024-01-31")
    assert sorted(p1["review_id"]) == ["r1", "r2"]
    mentions = results.load_aspect_mentions(store, products=["P1"])
    assert set(mentions["review_id"]) <= {"r1", "r2", "r6", "r8"}
    assert {"product_id", "date", "sentence"} <= set(mentions.columns)
    row = mentions[mentions["aspect"] == "lid"].iloc[0]
    assert row["sentence"] == "The lid is bad."
    assert len(results.list_runs(store)) == 1


def test_write_outputs_and_summary(reviews_csv, store, tmp_path):
    more = tmp_path / "more.csv"
    pd.DataFrame(
        {
            "review_id": [f"m{i}" for i in range(24)],
            "product_id": "P1",
            "text": [f"Great battery, day {i}." for i in range(12)]
            + [
                [
                    "The lid is bad.",
                    "Bad lid, it cracked on day one.",
                    "Awful lid overall.",
                    "My kids say the lid leaks.",
                ][i % 4]
                + f" Week {i}."
                for i in range(12)
            ],  # fmt: skip
        }
    ).to_csv(more, index=False)
    result = ReviewAnalyzer(store, FakeModel()).analyze([reviews_csv, more])
    paths = result.write(tmp_path / "out")
    reviews = pd.read_csv(paths["reviews"], dtype=str, keep_default_na=False)
    assert list(reviews.columns)[:10] == REVIEW_COLUMNS
    assert reviews.set_index("review_id").loc["r8", "text"].startswith("'=")  # formula-safe
    assert reviews.set_index("review_id").loc["r1", "date"] == "2024-01-05"
    aspects = pd.read_csv(paths["aspects"])
    assert list(aspects.columns) == ASPECT_COLUMNS and len(aspects) == len(result.aspects)
    summary = json.loads(paths["summary"].read_text())
    assert summary["counts"]["input_rows"] == len(reviews) + len(pd.read_csv(paths["rejected"]))
    p1 = summary["products"]["P1"]
    assert p1["reviews"] == 3 + 24  # r1, r2, r8 (r6 has no text: rejected) and the 24 more
    strength, weakness = p1["strengths"][0], p1["weaknesses"][0]
    assert strength["category"] == "battery" and strength["ci"][0] > 0
    assert weakness["mentions"] == 13 and weakness["ci"][1] < 0  # 12 + r1's lid
    assert len(weakness["quotes"]) == 3 and all("lid" in q for q in weakness["quotes"])
    assert strength["mentions"] == 14 and strength["rank"] == 1


def test_progress_reports_each_stage(reviews_csv, store):
    seen = []
    ReviewAnalyzer(store, FakeModel()).analyze(
        [reviews_csv], progress=lambda done, total, stage: seen.append((done, total, stage))
    )
    stages = [stage for _, _, stage in seen]
    for stage in ["language", "split", "encode", "aspects", "store"]:
        assert stage in stages
    assert all(0 <= done <= total for done, total, _ in seen)


def test_recategorize_uses_no_review_encoding(reviews_csv, store):
    model = FakeModel()
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    predicted = len(model.predict_calls)
    embedded = sum(len(c) for c in model.embed_calls)
    taxonomy = taxonomy_from_dict(
        {
            "categories": [
                {"name": "logistics", "examples": ["delivery", "box"]},
                {"name": "power", "examples": ["battery"]},
            ]
        }  # fmt: skip
    )
    table = recategorize(store, taxonomy, model)
    assert len(model.predict_calls) == predicted
    new_texts = [t for call in model.embed_calls for t in call][embedded:]
    assert set(new_texts) <= {"logistics", "power"}  # only the new category names
    mapping = dict(zip(table["aspect_norm"], table["category"], strict=True))
    assert mapping["delivery"] == "logistics" and mapping["battery"] == "power"
    stored = results.load_aspect_mentions(store)
    assert set(stored.loc[stored["aspect_norm"] == "delivery", "category"]) == {"logistics"}
    assert results.load_taxonomy_table(store)["name"].tolist() == ["logistics", "power"]
    # The next analysis without an explicit taxonomy keeps using the store's current one.
    again = ReviewAnalyzer(store, model).analyze([reviews_csv])
    assert set(again.aspects["category"]) >= {"logistics", "power"}
    assert again.summary["taxonomy"] == "store"


def test_accepts_an_ingest_result(reviews_csv, store):
    from analysis.ingest.reviews import ingest_reviews

    ingested = ingest_reviews([reviews_csv])
    result = ReviewAnalyzer(store, FakeModel()).analyze(ingested)
    assert len(result.reviews) == len(ingested.reviews)


def test_input_without_english_reviews(tmp_path, store):
    path = tmp_path / "foreign.csv"
    texts = [
        "这个手机很好用，电池也不错",
        "Muy buena calidad y envío rápido, lo recomiendo a todos.",
    ]
    pd.DataFrame({"id": ["c1", "s1"], "text": texts}).to_csv(path, index=False)
    model = FakeModel()
    result = ReviewAnalyzer(store, model, chinese_scorer=tiny_scorer()).analyze([path])
    assert result.reviews["language"].tolist() == ["zh", "es"]
    assert result.reviews["sentiment"].tolist()[1] is None
    assert result.aspects["aspect"].tolist() == ["电池"]
    assert model.predicted == []
    assert result.summary["counts"]["scored_reviews"] == 1
