"""Two shops numbering their reviews alike: both analyzed, results never overwrite each other."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.services.analyzer import ReviewAnalyzer
from analysis.store import results
from analysis.store.core import Store
from tests.files import qualifier_of
from tests.pipeline.fakes import FakeModel

SHOP_A = ("id,product,text\n1,P1,Great battery life.\n"
          "2,P1,The screen is bad.\n")
SHOP_B = ("id,product,text\n1,P1,Delivery was slow and the box was bad.\n"
          "2,P2,Nice price.\n")


@pytest.fixture()
def shops(tmp_path):
    a, b = tmp_path / "shop_a.csv", tmp_path / "shop_b.csv"
    a.write_text(SHOP_A, encoding="utf-8")
    b.write_text(SHOP_B, encoding="utf-8")
    return a, b, qualifier_of(b)


@pytest.fixture()
def store():
    with Store(":memory:") as s:
        yield s


def _stored(store: Store) -> pd.DataFrame:
    return results.load_analyzed_reviews(store).set_index("review_id")


@pytest.mark.parametrize("together", [False, True], ids=["one_by_one", "in_one_run"])
def test_both_shops_results_are_kept_and_distinct(shops, store, together):
    a, b, tag = shops
    analyzer = ReviewAnalyzer(store, FakeModel())
    first = None if together else analyzer.analyze([a])
    result = analyzer.analyze([a, b] if together else [b])
    ids_b = ["1" + tag, "2" + tag]
    assert result.reviews["review_id"].tolist()[-2:] == ids_b
    assert result.reviews["source"].tolist()[-2:] == ["shop_b.csv", "shop_b.csv"]
    assert result.summary["counts"]["ids_qualified"] == 2
    assert set(result.aspects["review_id"]) >= {"1" + tag}
    stored = _stored(store)
    assert sorted(stored.index) == sorted(["1", "2", *ids_b])
    # shop A's review 1 keeps its own text and sentiment; shop B's is scored on its own text
    assert stored.at["1", "text"] == "Great battery life."
    assert stored.at["1", "sentiment"] == "positive"
    assert stored.at["1" + tag, "sentiment"] == "negative"
    mentions = results.load_aspect_mentions(store)
    assert set(mentions.loc[mentions["review_id"] == "1", "aspect"]) == {"battery life"}
    assert set(mentions.loc[mentions["review_id"] == "1" + tag, "aspect"]) == {"Delivery", "box"}
    if first is not None:
        assert first.reviews["review_id"].tolist() == ["1", "2"]


def test_rerun_of_the_second_shop_updates_only_its_own_results(shops, store):
    a, b, tag = shops
    analyzer = ReviewAnalyzer(store, FakeModel())
    analyzer.analyze([a])
    analyzer.analyze([b])
    again = analyzer.analyze([b])
    assert again.reviews["review_id"].tolist() == ["1" + tag, "2" + tag]
    assert again.summary["counts"]["ids_qualified"] == 2
    stored = _stored(store)
    assert len(stored) == 4 and stored.at["1", "text"] == "Great battery life."
