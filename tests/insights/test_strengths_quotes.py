"""Representative quotes: confident, central, one per review, no near-duplicates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.insights import representative_quotes


def _aspects():
    return pd.DataFrame(
        {
            "review_id": ["r1", "r1", "r2", "r3", "r4", "r5"],
            "sentence_index": [0, 1, 0, 0, 0, 0],
            "product_id": ["P"] * 6,
            "category": ["battery"] * 5 + ["lid"],
            "aspect": ["battery"] * 5 + ["lid"],
            "polarity": ["negative"] * 5 + ["negative"],
            "confidence": [0.95, 0.9, 0.94, 0.5, 0.93, 0.8],
        }
    )


SENTENCES = pd.DataFrame(
    {
        "review_id": ["r1", "r1", "r2", "r3", "r4", "r5"],
        "sentence_index": [0, 1, 0, 0, 0, 0],
        "text": [
            "The battery died after a week.",
            "Battery is bad.",
            "The battery died after a week!",  # near-duplicate of r1's sentence
            "Battery meh.",
            "Battery drains overnight.",
            "The lid leaks.",
        ],
    }
)


def test_quotes_are_confident_diverse_and_one_per_review():
    quotes = representative_quotes(_aspects(), SENTENCES, n=3)
    battery = quotes[quotes["category"] == "battery"]
    assert battery["review_id"].tolist() == ["r1", "r4", "r3"]
    assert battery["quote"].tolist()[0] == "The battery died after a week."
    assert quotes[quotes["category"] == "lid"]["quote"].tolist() == ["The lid leaks."]


def test_polarity_filter_and_sentence_column():
    aspects = _aspects().assign(polarity=["negative", "positive"] + ["negative"] * 4)
    aspects["sentence"] = SENTENCES["text"].to_numpy()
    quotes = representative_quotes(aspects, polarity="positive")
    assert quotes["quote"].tolist() == ["Battery is bad."]


def test_embeddings_favor_typical_sentences():
    vectors = {
        "The battery died after a week.": np.array([1.0, 0.0]),
        "Battery is bad.": np.array([1.0, 0.1]),
        "The battery died after a week!": np.array([1.0, 0.05]),
        "Battery meh.": np.array([0.9, 0.1]),
        "Battery drains overnight.": np.array([-1.0, 0.0]),  # atypical
        "The lid leaks.": np.array([0.0, 1.0]),
    }
    quotes = representative_quotes(_aspects(), SENTENCES, n=2, embeddings=vectors)
    battery = quotes[quotes["category"] == "battery"]["review_id"].tolist()
    assert "r4" not in battery and battery[0] == "r1"
