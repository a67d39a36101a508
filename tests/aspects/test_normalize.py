"""Aspect normalization merges spellings of the same thing into one key."""

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
def test_normalizes_terms(term, expected):
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


# Plural -> singular across product domains (the lemmatizer, not suffix stripping).
DOMAIN_PAIRS = {
    "apparel/shoes": [("shoes", "shoe"), ("training shoes", "training shoe"), ("socks", "sock"),
                      ("insoles", "insole"), ("laces", "lace"), ("sneakers", "sneaker"),
                      ("grommets", "grommet"), ("heels", "heel"), ("sleeves", "sleeve"),
                      ("scarves", "scarf"), ("hoodies", "hoodie"), ("dresses", "dress")],
    "food": [("cookies", "cookie"), ("potatoes", "potato"), ("fries", "fry"),
             ("tea leaves", "tea leaf"), ("tomatoes", "tomato"), ("loaves", "loaf"),
             ("calories", "calorie"), ("veggies", "veggie"), ("spices", "spice"),
             ("k-cups", "k-cup"), ("berries", "berry"), ("sauces", "sauce")],
    "electronics": [("batteries", "battery"), ("lenses", "lens"), ("cables", "cable"),
                    ("chargers", "charger"), ("mice", "mouse"), ("earbuds", "earbud"),
                    ("buses", "bus"), ("speakers", "speaker")],
    "home": [("knives", "knife"), ("dishes", "dish"), ("brushes", "brush"),
             ("shelves", "shelf"), ("boxes", "box"), ("mattresses", "mattress"),
             ("glasses", "glasses"), ("wine glasses", "wine glasses")],
    "beauty": [("lashes", "lash"), ("eyelashes", "eyelash"), ("teeth", "tooth"),
               ("ingredients", "ingredient"), ("brushes", "brush"), ("serums", "serum")],
}


@pytest.mark.parametrize(
    ("domain", "plural", "singular"),
    [(d, p, s) for d, pairs in DOMAIN_PAIRS.items() for p, s in pairs],
)
def test_plurals_become_their_singular(domain, plural, singular):
    normalizer = AspectNormalizer()
    assert normalizer.one(plural) == singular, domain
    assert normalizer.one(singular) == singular, domain  # singular forms are stable


@pytest.mark.parametrize(
    "word",
    ["jeans", "pants", "shorts", "leggings", "tights", "scissors", "clothes", "sunglasses",
     "headphones", "series", "species", "news", "electronics", "goods"],
)
def test_plurale_tantum_words_stay_plural(word):
    assert singularize(word) == word


@pytest.mark.parametrize("word", ["sho", "zumba", "ps4", "wifi", "ss", "us"])
def test_unknown_or_odd_tokens_are_left_alone(word):
    assert singularize(word) == word


def test_shoes_never_become_sho():
    normalizer = AspectNormalizer()
    assert normalizer(["Shoes", "the shoes", "running shoes"]) == ["shoe", "shoe", "running shoe"]


def test_user_synonyms_override_defaults():
    normalizer = AspectNormalizer(synonyms={"shipping": "postage", "ink": "refill"})
    assert normalizer(["Shipping", "inks", "delivery"]) == ["postage", "refill", "delivery"]


def test_transform_adds_aspect_norm_column():
    mentions = pd.DataFrame({"aspect": ["Batteries", "battery life", "Lid"], "polarity": ["x"] * 3})
    out = AspectNormalizer().transform(mentions)
    assert out["aspect_norm"].tolist() == ["battery", "battery", "lid"]
    assert "aspect_norm" not in mentions
