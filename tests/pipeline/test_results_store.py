"""Engine tables: sentence cache, embeddings, result replacement, category updates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.store import results
from analysis.store.core import Store


def _cache_rows(keys, positive):
    return pd.DataFrame(
        {
            "key": keys,
            "p_negative": [0.1] * len(keys),
            "p_neutral": [0.1] * len(keys),
            "p_positive": positive,
            "aspects": [[{"start": 0, "end": 3, "term": "lid"}]] + [[]] * (len(keys) - 1),
        }
    )


def test_sentence_cache_roundtrip_and_first_write_wins():
    with Store(":memory:") as store:
        results.save_sentences_to_cache(store, "v1", _cache_rows(["a", "b"], [0.8, 0.7]))
        results.save_sentences_to_cache(store, "v1", _cache_rows(["a"], [0.1]))  # ignored
        found = results.lookup_sentences(store, ["a", "zzz", "a", "b"]).set_index("key")
        assert sorted(found.index) == ["a", "b"]
        assert found.loc["a", "p_positive"] == 0.8
        assert found.loc["a", "aspects"] == [{"start": 0, "end": 3, "term": "lid"}]
        assert results.lookup_sentences(store, []).empty


def test_text_key_depends_on_model_version():
    assert results.text_key("v1", "Great lid.") != results.text_key("v2", "Great lid.")
    assert results.text_key("v1", "Great lid.") == results.text_key("v1", "Great lid.")


def test_embeddings_roundtrip():
    with Store(":memory:") as store:
        results.save_embeddings(store, "v1", {"lid": np.array([0.6, 0.8])})
        found = results.lookup_embeddings(store, "v1", ["lid", "box"])
        assert list(found) == ["lid"]
        np.testing.assert_allclose(found["lid"], [0.6, 0.8], rtol=1e-6)
        assert results.lookup_embeddings(store, "v2", ["lid"]) == {}


def _review(review_id, text, product="P"):
    return {
        "review_id": review_id, "product_id": product, "date": pd.Timestamp("2024-05-01"),
        "rating": 4.0, "text": text, "sentiment": "positive", "sentiment_score": 0.5,
        "p_negative": 0.1, "p_neutral": 0.3, "p_positive": 0.6, "title": None,
        "language": "en", "source": "f.csv",
    }  # fmt: skip


def test_save_results_replaces_a_review_and_update_categories():
    with Store(":memory:") as store:
        sentences = pd.DataFrame(
            {"review_id": ["r1"], "sentence_index": [0], "start": [0], "end": [9],
             "text": ["Great lid"], "p_negative": [0.1], "p_neutral": [0.3], "p_positive": [0.6]}
        )  # fmt: skip
        aspects = pd.DataFrame(
            {"review_id": ["r1"], "sentence_index": [0], "aspect": ["lid"], "start": [6],
             "end": [9], "aspect_norm": ["lid"], "category": ["other"], "polarity": ["positive"],
             "confidence": [0.9]}
        )  # fmt: skip
        for text in ["Great lid", "Great lid"]:  # saving twice keeps one copy
            reviews = pd.DataFrame([_review("r1", text), _review("r2", "Fine.")])
            results.save_results(store, reviews, sentences, aspects, "v1", "run1")
        assert len(results.load_analyzed_reviews(store)) == 2
        assert len(results.load_aspect_mentions(store)) == 1
        assert results.update_categories(store, {"lid": "packaging"}) == 1
        mention = results.load_aspect_mentions(store).iloc[0]
        assert mention["category"] == "packaging" and mention["sentence"] == "Great lid"
        terms = results.distinct_aspect_terms(store)
        assert terms.to_dict("records") == [{"aspect_norm": "lid", "mentions": 1}]
