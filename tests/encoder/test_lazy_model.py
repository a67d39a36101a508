"""LazyReviewModel: the real model's version without its weights, loaded only when needed."""

from __future__ import annotations

import pandas as pd

from analysis.encoder.lazy import LazyReviewModel
from analysis.encoder.version import model_version
from analysis.services.analyzer import ReviewAnalyzer
from analysis.store.core import Store


def test_version_without_loading_is_the_loaded_models(review_model):
    lazy = LazyReviewModel()
    assert lazy.version == review_model.version == model_version()
    assert not lazy.loaded
    assert model_version(quantize=True).endswith("-int8")


def test_a_fully_cached_run_never_loads_the_weights(review_model, tmp_path):
    first = tmp_path / "first.csv"
    pd.DataFrame({"review_id": ["r1", "r2"], "product_id": ["P", "P"],
                  "text": ["The battery lasts all day.", "Shipping was slow."]}).to_csv(
        first, index=False)
    with Store(tmp_path / "store.duckdb") as store:
        ReviewAnalyzer(store, review_model).analyze([first])
        analyzer = ReviewAnalyzer(store, reuse_results=False)  # analyse, from the cache
        cached = analyzer.analyze([first])
        assert not analyzer.model.loaded
        assert cached.summary["counts"]["sentences_encoded"] == 0
        assert cached.summary["model_version"] == review_model.version

        second = tmp_path / "second.csv"
        pd.DataFrame({"review_id": ["r3"], "product_id": ["P"],
                      "text": ["The screen cracked after a week."]}).to_csv(second, index=False)
        fresh = analyzer.analyze([second])
        assert analyzer.model.loaded
        assert fresh.summary["counts"]["sentences_encoded"] == 1
        assert fresh.reviews["sentiment"].iloc[0] == "negative"
