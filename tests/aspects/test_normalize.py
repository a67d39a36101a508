"""Aspect normalisation merges spellings of the same thing into one key."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.aspects import AspectNormalizer, singularize


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("The batteries", "battery"),
        ("battery life", "battery"),
        ("my battery's", "battery"),
        ("Battery", "battery"),
        ("Shipping", "delivery"),
        ("delivery", "delivery"),
        ("  The   Lids ", "lid"),
        ("boxes", "box"),
        ("knives", "knife"),
        ("glasses", "glasses"),
        ("Customer Support", "customer service"),
        ("price.", "price"),
        ("the", "the"),
        ("", ""),
    ],
)
def test_normalises_terms(term, expected):
    assert AspectNormalizer().one(term) == expected


def test_singularize_rules():
    assert [singularize(w) for w in ["cables", "batteries", "cases", "status", "lens", "gas"]] == [
        "cable",
        "battery",
        "case",
        "status",
        "lens",
        "gas",
    ]


def test_user_synonyms_override_defaults():
    normalizer = AspectNormalizer(synonyms={"shipping": "postage", "ink": "refill"})
    assert normalizer(["Shipping", "inks", "delivery"]) == ["postage", "refill", "delivery"]


def test_transform_adds_aspect_norm_column():
    mentions = pd.DataFrame({"aspect": ["Batteries", "battery life", "Lid"], "polarity": ["x"] * 3})
    out = AspectNormalizer().transform(mentions)
    assert out["aspect_norm"].tolist() == ["battery", "battery", "lid"]
    assert "aspect_norm" not in mentions
