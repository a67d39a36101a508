"""Categorization by embedding similarity; frequent unmatched aspects become suggestions only."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.aspects import (
    OTHER,
    AspectCategorizer,
    AspectChain,
    AspectFilter,
    AspectNormalizer,
    CachedEmbedder,
    suggest_categories,
    taxonomy_from_dict,
)
from analysis.store.caches import StoreEmbeddingCache
from analysis.store.core import Store
from tests.pipeline.fakes import FakeModel

# A fake embedder with hand-made directions: 0 power, 1 delivery, 2 lid, 3 strap, 4 misc.
VECTORS = {
    "battery": [1, 0, 0, 0, 0],
    "charger": [0.9, 0.1, 0, 0, 0],
    "power bank": [0.8, 0, 0, 0, 0.2],
    "delivery": [0, 1, 0, 0, 0],
    "courier": [0, 0.95, 0, 0, 0.05],
    "lid": [0, 0, 1, 0, 0],
    "cap": [0, 0, 0.9, 0, 0.1],
    "strap": [0, 0, 0, 1, 0],
    "wobble": [0, 0, 0, 0, 1],
}
TAXONOMY = taxonomy_from_dict(
    {
        "categories": [
            {"name": "power", "examples": ["battery"]},
            {"name": "shipping", "examples": ["delivery"]},
        ]
    }  # fmt: skip
)


class HandEmbedder:
    def __init__(self):
        self.calls = []

    def __call__(self, texts):
        texts = list(texts)
        self.calls.append(texts)
        return np.array([VECTORS.get(t, [0.2, 0.2, 0.2, 0.2, 0.2]) for t in texts], dtype=float)


def test_terms_join_the_most_similar_category_above_threshold():
    categorizer = AspectCategorizer(TAXONOMY, threshold=0.8, min_cluster_mentions=2)
    categorizer.fit(HandEmbedder())
    counts = {"charger": 5, "courier": 3, "lid": 4, "cap": 2, "strap": 1, "wobble": 9}
    mapping = categorizer.categorize(list(counts), counts)
    assert mapping["charger"] == "power"
    assert mapping["courier"] == "shipping"
    # What fits no category is "other", however frequent: clusters are never categories.
    assert mapping["lid"] == mapping["cap"] == mapping["strap"] == mapping["wobble"] == OTHER
    assert sorted(categorizer.unmatched_) == ["cap", "lid", "strap", "wobble"]


def test_frequent_unmatched_terms_become_suggestions_with_examples():
    categorizer = AspectCategorizer(TAXONOMY, threshold=0.8, min_cluster_mentions=2)
    categorizer.fit(HandEmbedder())
    counts = {"charger": 5, "lid": 4, "cap": 2, "strap": 1, "wobble": 9}
    categorizer.categorize(list(counts), counts)
    table = categorizer.suggestions(counts)
    assert list(table.columns) == ["name", "examples", "mentions", "terms"]
    # wobble alone (9 mentions) first, then lid + cap together (4 + 2); strap is too rare.
    assert table["name"].tolist() == ["wobble", "lid"]
    assert table["mentions"].tolist() == [9, 6]
    assert table.loc[1, "examples"] == ["lid", "cap"]


def test_suggestions_of_nothing_frequent_is_an_empty_table():
    table = suggest_categories(["strap"], {"strap": 1}, HandEmbedder(), min_mentions=3)
    assert table.empty and list(table.columns) == ["name", "examples", "mentions", "terms"]


def test_exact_examples_match_without_embedding_terms():
    embedder = HandEmbedder()
    categorizer = AspectCategorizer(TAXONOMY).fit(embedder)
    calls = len(embedder.calls)
    assert categorizer.categorize(["battery", "delivery", "fast delivery"]) == {
        "battery": "power",
        "delivery": "shipping",
        "fast delivery": "shipping",  # head word
    }
    assert len(embedder.calls) == calls


def test_threshold_sends_weak_matches_to_other():
    categorizer = AspectCategorizer(TAXONOMY, threshold=0.999, min_cluster_mentions=100)
    categorizer.fit(HandEmbedder())
    assert categorizer.categorize(["charger"]) == {"charger": OTHER}


def test_unfitted_categorizer_says_so():
    with pytest.raises(RuntimeError, match="not fitted"):
        AspectCategorizer(TAXONOMY).categorize(["lid"])


def test_similarities_table_shape():
    categorizer = AspectCategorizer(TAXONOMY).fit(HandEmbedder())
    sims = categorizer.similarities(["charger", "lid"])
    assert list(sims.columns) == ["power", "shipping"]
    assert sims.loc["charger", "power"] > 0.9 > sims.loc["charger", "shipping"]


def test_cached_embedder_embeds_each_text_once_and_persists():
    store = Store(":memory:")
    model = FakeModel()
    first = CachedEmbedder(model, StoreEmbeddingCache(store))
    a = first(["lid", "cap", "lid"])
    assert a.shape == (3, model.dims) and np.allclose(a[0], a[2])
    first(["cap", "box"])
    assert model.embed_calls == [["lid", "cap"], ["box"]]
    # a new run: vectors come from the store
    second = CachedEmbedder(model, StoreEmbeddingCache(store))
    np.testing.assert_allclose(second(["lid", "box"]), first(["lid", "box"]), rtol=1e-6)
    assert len(model.embed_calls) == 2 and second.calls_ == 0


def test_chain_filters_normalizes_and_categorizes():
    mentions = pd.DataFrame(
        {
            "aspect": ["Batteries", "it", "battery life", "Courier", "x", "lid"],
            "polarity": ["negative"] * 6,
        }
    )
    categorizer = AspectCategorizer(TAXONOMY, threshold=0.8, min_cluster_mentions=5)
    categorizer.fit(HandEmbedder())
    out = AspectChain([AspectFilter(), AspectNormalizer(), categorizer]).transform(mentions)
    assert out["aspect"].tolist() == ["Batteries", "battery life", "Courier", "lid"]
    assert out["aspect_norm"].tolist() == ["battery", "battery", "courier", "lid"]
    assert out["category"].tolist() == ["power", "power", "shipping", OTHER]
