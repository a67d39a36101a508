"""Catalogue taxonomies: each fits its catalogue, the right one is picked per product, what
matches nothing is "other" and unmatched clusters are only suggestions."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.aspects import (
    OTHER,
    AspectCategorizer,
    CachedEmbedder,
    CatalogueCategorizer,
    CataloguePicker,
    TaxonomyError,
    catalogue_names,
    catalogue_titles,
    load_catalogue,
)
from analysis.aspects.taxonomy import Category
from tests.pipeline.fakes import FakeModel

REQUIRED = {
    "apparel": ["size/fit", "comfort", "material/fabric", "quality/durability", "style/look",
                "color", "sole/support", "price/value", "delivery/shipping",
                "returns/exchange"],
    "food": ["taste/flavor", "freshness", "texture", "ingredients/nutrition", "packaging",
             "price/value", "portion/quantity", "smell/aroma", "delivery/shipping"],
    "electronics": ["battery", "display/screen", "performance", "connectivity", "price/value"],
    "home": ["cleaning", "assembly/installation", "size/capacity", "durability", "price/value"],
    "beauty": ["scent/fragrance", "skin/hair reaction", "ingredients", "color/shade"],
    "restaurants": ["food quality", "service/staff", "ambience", "wait/booking", "price/value"],
}
CLOTHING = {"shoe": 40, "size": 25, "comfort": 12, "arch support": 8, "tongue": 5, "fruit": 3,
            "return window": 4, "bag": 3, "outfit": 6, "lace": 6, "sock": 9, "zumba": 4}
FOOD = {"taste": 30, "flavor": 20, "coffee": 25, "price": 10, "texture": 6, "smell": 4,
        "ingredient": 5, "dog": 8, "bag": 4, "freshness": 3}


def fake_embed():
    return CachedEmbedder(FakeModel())


def terms_frame(**products) -> pd.DataFrame:
    rows = [(p, t, n) for p, counts in products.items() for t, n in counts.items()]
    return pd.DataFrame(rows, columns=["product_id", "aspect_norm", "mentions"])


def test_packaged_catalogues_have_the_categories_of_their_domain():
    assert catalogue_names()[0] == "general"
    assert set(REQUIRED) <= set(catalogue_names())
    assert catalogue_titles()["apparel"] == "Apparel & shoes"
    for name, wanted in REQUIRED.items():
        taxonomy = load_catalogue(name)
        assert set(wanted) <= set(taxonomy.names), name
        assert all(c.description and c.examples for c in taxonomy.categories), name
    assert "taste/flavor" not in load_catalogue("apparel").names


def test_unknown_catalogue_is_a_clear_error():
    with pytest.raises(TaxonomyError, match="unknown catalogue 'toys'.*apparel"):
        load_catalogue("toys")


def test_extra_categories_are_appended_once():
    extra = [Category("grommet", "eyelets", ("grommet",)), Category("color", "dup", ("x",))]
    names = load_catalogue("apparel", extra).names
    assert names[-1] == "grommet" and names.count("color") == 1


def test_clothing_terms_land_in_apparel_categories():
    categorizer = AspectCategorizer(load_catalogue("apparel"), threshold=0.8).fit(fake_embed())
    mapping = categorizer.categorize(list(CLOTHING), CLOTHING)
    assert mapping["tongue"] == "comfort"
    assert mapping["arch support"] == "sole/support"
    assert mapping["return window"] == "returns/exchange"
    assert mapping["bag"] == "packaging" and mapping["outfit"] == "style/look"
    assert mapping["lace"] == "construction/details" and mapping["shoe"] == "product overall"
    assert mapping["fruit"] not in {"taste/flavor", "customer service"}


def test_picker_fits_each_product_and_respects_overrides():
    embed = fake_embed()
    categorizers = {
        n: AspectCategorizer(load_catalogue(n), threshold=0.8).fit(embed) for n in catalogue_names()
    }  # the hashed-trigram fake is noisy below 0.8
    odd = {"wibble": 20, "zorp": 15}
    terms = terms_frame(clothes=CLOTHING, snacks=FOOD, odd=odd, tiny={"sock": 2, "size": 1})
    picker = CataloguePicker(categorizers, min_mentions=30)
    scores = picker.scores(terms)
    assert scores.loc["clothes", "apparel"] > scores.loc["clothes", "food"]
    picks = picker.pick(terms).set_index("product_id")
    assert picks.loc["clothes", "catalogue"] == "apparel"
    assert picks.loc["snacks", "catalogue"] == "food"
    assert picks.loc["odd", "catalogue"] == picker._best(scores.loc["*"])  # no better fit
    alone = picker.pick(terms_frame(odd=odd))
    assert alone.loc[0, "catalogue"] == "general"  # nothing fits anything: the fallback
    assert picks.loc["tiny", "chosen_by"] == "auto"  # too few mentions: the pooled pick
    assert picks.loc["tiny", "catalogue"] == picker._best(scores.loc["*"])
    # A product's own best fit replaces the pooled pick only when clearly better.
    strict = CataloguePicker(categorizers, min_mentions=30, switch_gain=1.0).pick(terms)
    assert set(strict.loc[strict["product_id"] != "odd", "catalogue"]) == {
        picker._best(scores.loc["*"])}
    forced = picker.pick(terms, {"snacks": "home", "*": "beauty"}).set_index("product_id")
    assert forced.loc["snacks", "catalogue"] == "home"  # own override beats "*"
    assert forced.loc["clothes", "catalogue"] == "beauty"
    assert set(forced["chosen_by"]) == {"user"}


def test_stage_categorizes_each_product_under_its_catalogue():
    mentions = pd.DataFrame(
        {
            "product_id": ["P1"] * 5 + ["P2"] * 4 + [None],
            "aspect_norm": ["tongue", "size", "bag", "wibble", "wibble",
                            "taste", "bag", "coffee", "wibble", "size"],
        }  # fmt: skip
    )
    stage = CatalogueCategorizer(
        overrides={"P1": "apparel", "P2": "food"}, min_cluster_mentions=2, threshold=0.8
    )
    out = stage.fit(fake_embed()).transform(mentions)
    keys = zip(out["product_id"].fillna(""), out["aspect_norm"], strict=True)
    by = dict(zip(keys, out["category"], strict=True))
    assert by[("P1", "tongue")] == "comfort" and by[("P1", "bag")] == "packaging"
    assert by[("P2", "taste")] == "taste/flavor" and by[("P2", "bag")] == "packaging"
    assert by[("P1", "wibble")] == OTHER  # unmatched: other, never a category of its own
    assert stage.suggestions_["name"].tolist() == ["wibble"]
    assert stage.suggestions_.loc[0, "mentions"] == 3
    assert set(stage.choices_["product_id"]) == {"P1", "P2", ""}


def test_override_to_an_unknown_catalogue_fails_before_categorizing():
    with pytest.raises(TaxonomyError, match="'toys' is not a packaged catalogue"):
        CatalogueCategorizer(overrides={"P1": "toys"}).fit(fake_embed())


@pytest.mark.model
def test_real_embeddings_put_clothing_terms_in_apparel_categories(review_model):
    """The issue's misfits, through the auto-pick with the real encoder."""
    stage = CatalogueCategorizer().fit(CachedEmbedder(review_model))
    terms = terms_frame(clothes={**CLOTHING, "toe box": 5, "heel slip": 4, "grommet": 3})
    out = stage.categorize_terms(terms).set_index("aspect_norm")["category"]
    assert stage.choices_.loc[0, "catalogue"] == "apparel"
    assert out["tongue"] not in {"taste/flavor"} and out["fruit"] != "taste/flavor"
    assert out["arch support"] == "sole/support"
    assert out["return window"] == "returns/exchange"
    assert out["bag"] != "durability" and out["outfit"] == "style/look"
    assert out["heel slip"] in {"size/fit", "sole/support", "comfort"}
