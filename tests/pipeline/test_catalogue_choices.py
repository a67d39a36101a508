"""Per-product catalogues through the analyzer and the store: picks, overrides, added
categories and suggestions persist; re-categorizing never re-encodes a review."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.aspects import taxonomy_from_dict
from analysis.services.analyzer import ReviewAnalyzer
from analysis.services.categories import recategorize, recategorize_catalogues
from analysis.store import catalogues
from analysis.store.core import Store
from tests.pipeline.fakes import FakeModel

GADGET = ["Great battery.", "The screen is bad.", "Good sound, great battery.", "Slow screen."]
JACKET = ["Nice fit.", "The zipper broke.", "Size is perfect.", "Bad zipper, good fit."]


@pytest.fixture()
def store():
    with Store(":memory:") as s:
        yield s


@pytest.fixture()
def reviews_csv(tmp_path):
    rows = [(f"g{i}", "GADGET", GADGET[i % 4] + f" Day {i}.") for i in range(40)]
    rows += [(f"j{i}", "JACKET", JACKET[i % 4] + f" Day {i}.") for i in range(40)]
    path = tmp_path / "reviews.csv"
    pd.DataFrame(rows, columns=["review_id", "product_id", "text"]).to_csv(path, index=False)
    return path


def categories(store, product):
    frame = store.query("SELECT aspect_norm, category FROM aspects WHERE product_id = ?", [product])
    return dict(zip(frame["aspect_norm"], frame["category"], strict=False))


def test_each_product_gets_the_catalogue_that_fits(reviews_csv, store):
    result = ReviewAnalyzer(store, FakeModel()).analyze([reviews_csv])
    choices = catalogues.load_choices(store).set_index("product_id")
    assert choices.loc["GADGET", "catalogue"] == "electronics"
    assert choices.loc["JACKET", "catalogue"] == "apparel"
    assert set(choices["chosen_by"]) == {"auto"}
    assert categories(store, "GADGET")["battery"] == "battery"
    assert categories(store, "JACKET")["zipper"] == "construction/details"
    assert result.summary["taxonomy"] == "catalogues"
    assert result.summary["products"]["JACKET"]["catalogue"] == "apparel"
    assert catalogues.custom_taxonomy(store) == []  # nothing forces a taxonomy on later runs


def test_override_and_added_category_recategorize_without_encoding(reviews_csv, store):
    model = FakeModel()
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    predicted = len(model.predict_calls)
    catalogues.set_override(store, "JACKET", "home")
    catalogues.save_taxonomy_parts(
        store, [], [{"name": "zips", "description": "zippers", "examples": ["zipper"]}]
    )
    mapped = recategorize_catalogues(store, model)
    assert len(model.predict_calls) == predicted
    assert set(mapped.loc[mapped["product_id"] == "JACKET", "catalogue"]) == {"home"}
    assert categories(store, "JACKET")["zipper"] == "zips"  # the added category wins by example
    assert catalogues.overrides(store) == {"JACKET": "home"}
    # A later analysis keeps the user's choice.
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    choices = catalogues.load_choices(store).set_index("product_id")
    assert choices.loc["JACKET", "catalogue"] == "home"
    assert choices.loc["JACKET", "chosen_by"] == "user"
    catalogues.set_override(store, "JACKET", None)
    assert catalogues.overrides(store) == {}


def test_custom_taxonomy_replaces_catalogues_until_cleared(reviews_csv, store):
    model = FakeModel()
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    custom = taxonomy_from_dict({"categories": [{"name": "parts", "examples": ["zipper"]}]})
    recategorize(store, custom, model)
    assert categories(store, "GADGET")["battery"] == "other"
    assert [c["name"] for c in catalogues.custom_taxonomy(store)] == ["parts"]
    again = ReviewAnalyzer(store, model).analyze([reviews_csv])
    assert again.summary["taxonomy"] == "store"
    recategorize_catalogues(store, model)
    assert catalogues.custom_taxonomy(store) == []
    assert categories(store, "GADGET")["battery"] == "battery"


def test_suggestions_round_trip(store):
    frame = pd.DataFrame({"name": ["grommet"], "examples": [["grommet", "eyelet"]],
                          "mentions": [7], "terms": [["grommet", "eyelet", "hole"]]})
    catalogues.save_suggestions(store, frame)
    loaded = catalogues.load_suggestions(store)
    assert loaded.loc[0, "examples"] == ["grommet", "eyelet"] and loaded.loc[0, "mentions"] == 7
    catalogues.save_suggestions(store, frame.iloc[0:0])
    assert catalogues.load_suggestions(store).empty


def test_a_store_holding_the_old_auto_saved_default_uses_catalogues(store):
    from analysis.store import results

    records = [{"name": n, "description": "", "examples": [n]}
               for n in catalogues.LEGACY_DEFAULT_NAMES]
    results.save_taxonomy(store, records)
    assert catalogues.custom_taxonomy(store) == []
    results.save_taxonomy(store, records[:3])
    assert len(catalogues.custom_taxonomy(store)) == 3
