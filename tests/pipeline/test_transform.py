"""Analyze_frame: the pure transform, run with in-memory caches (no store, no DuckDB)."""

from __future__ import annotations

import pandas as pd
import pandas.testing as pdt
import pytest

from analysis.pipeline.cache import (
    EmbeddingCache,
    MemoryEmbeddingCache,
    MemorySentenceCache,
    SentenceCache,
)
from analysis.pipeline.transform import AspectSettings, analyze_frame
from tests.pipeline.fakes import FakeModel

TEXTS = [
    ("r1", "P1", "Great battery life! The lid is bad. Delivery was fast."),
    ("r2", "P1", "The batteries died. Delivery was fast."),
    ("r3", "P2", "Good price. Nice box, love it."),
    ("r4", "P2", "La batería es muy mala y el envío fue lento, no lo recomiendo."),
    ("r5", "P1", ""),
    ("r6", "P2", "The screen is great but shipping was slow."),
    ("r7", "P2", "Good price, terrible packaging."),
]
GENERAL = AspectSettings(overrides={"*": "general"})


def _reviews(rows=TEXTS) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["review_id", "product_id", "text"])
    frame["date"] = pd.Timestamp("2024-01-01")
    frame["rating"] = 4.0
    return frame


def _run(reviews, cache=None, settings=GENERAL, model=None):
    cache = MemorySentenceCache() if cache is None else cache
    return analyze_frame(reviews, model or FakeModel(), cache,
                         embeddings=MemoryEmbeddingCache(), aspects=settings)


def test_the_memory_caches_meet_the_protocols():
    assert isinstance(MemorySentenceCache(), SentenceCache)
    assert isinstance(MemoryEmbeddingCache(), EmbeddingCache)


def test_frames_in_frames_out():
    frames = _run(_reviews())
    reviews = frames.reviews
    assert reviews["review_id"].tolist() == [r[0] for r in TEXTS]
    assert reviews.set_index("review_id").loc["r4", "language"] != "en"
    scored = reviews[reviews["sentiment"].notna()]
    assert set(scored["review_id"]) == {"r1", "r2", "r3", "r6", "r7"}
    assert reviews.set_index("review_id").loc["r2", "sentiment"] == "negative"
    assert set(frames.aspects["review_id"]) <= set(scored["review_id"])
    assert {"battery life", "lid", "delivery"} <= set(
        frames.aspects.loc[frames.aspects["review_id"] == "r1", "aspect"].str.lower())
    assert set(frames.choices["catalogue"]) == {"general"}
    assert frames.stats.encoded == frames.stats.distinct > 0


def test_the_cache_answers_a_second_run():
    cache, model = MemorySentenceCache(), FakeModel()
    first = _run(_reviews(), cache, model=model)
    predicted = len(model.predicted)
    second = _run(_reviews(), cache, model=model)
    assert len(model.predicted) == predicted  # nothing encoded twice
    assert second.stats.cached == first.stats.distinct and second.stats.encoded == 0
    pdt.assert_frame_equal(first.reviews, second.reviews)
    pdt.assert_frame_equal(first.aspects, second.aspects)


def test_chunks_give_the_rows_of_the_whole():
    """Each review is analyzed on its own: batches concatenated equal one run over all."""
    whole = _run(_reviews())
    parts = [_run(_reviews(TEXTS[:3])), _run(_reviews(TEXTS[3:]))]
    for name in ("reviews", "sentences", "aspects"):
        joined = pd.concat([getattr(p, name) for p in parts], ignore_index=True)
        pdt.assert_frame_equal(joined, getattr(whole, name).reset_index(drop=True),
                               check_dtype=False)


def test_repeated_ids_are_refused():
    rows = [*TEXTS, ("r1", "P1", "Another review under the same id.")]
    with pytest.raises(ValueError, match="unique review_id"):
        _run(_reviews(rows))


def _ingested(tmp_path):
    from analysis.ingest import ingest_reviews

    path = tmp_path / "reviews.csv"
    _reviews().drop(columns=["date", "rating"]).to_csv(path, index=False)
    return ingest_reviews([path])


def test_the_store_use_case_gives_the_frames_of_the_pure_transform(tmp_path):
    """ReviewAnalyzer (store, caches in DuckDB) adds nothing to the transform's results."""
    from analysis.services.analyzer import ReviewAnalyzer
    from analysis.store.core import Store

    ingested = _ingested(tmp_path)
    with Store(":memory:") as store:
        stored = ReviewAnalyzer(store, FakeModel()).analyze(ingested)
    pure = analyze_frame(ingested.reviews, FakeModel(), MemorySentenceCache(),
                         embeddings=MemoryEmbeddingCache())
    columns = ["review_id", "language", "sentiment", "sentiment_score"]
    pdt.assert_frame_equal(stored.reviews[columns], pure.reviews[columns], check_dtype=False)
    pdt.assert_frame_equal(stored.aspects, pure.aspects[stored.aspects.columns],
                           check_dtype=False)


def test_a_failed_analysis_stores_nothing_but_the_cache(tmp_path, monkeypatch):
    """Import, analysis and results are one transaction; encoded chunks commit on their own."""
    from analysis.pipeline import encode
    from analysis.services.analyzer import ReviewAnalyzer
    from analysis.store.core import Store

    class Failing(FakeModel):
        def predict(self, sentences, progress=None):
            if self.predict_calls:
                raise RuntimeError("stopped")
            return super().predict(sentences, progress)

    monkeypatch.setattr(encode, "CACHE_CHUNK", 3)
    with Store(tmp_path / "store.duckdb") as store:
        with pytest.raises(RuntimeError, match="stopped"):
            ReviewAnalyzer(store, Failing()).analyze(_ingested(tmp_path))
        counts = {t: int(store.query(f"SELECT count(*) AS n FROM {t}")["n"][0])
                  for t in ("datasets", "reviews", "review_results", "runs", "sentence_cache")}
    assert counts == {"datasets": 0, "reviews": 0, "review_results": 0, "runs": 0,
                      "sentence_cache": 3}
