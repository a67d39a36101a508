"""Strengths/weaknesses: counts, intervals, classification and ranking per product."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.insights import (
    net_sentiment_interval,
    strengths_weaknesses,
    wilson_interval,
)
from analysis.plots.strengths import strengths_weaknesses_figure


def _mentions(product: str, category: str, pos: int, neu: int, neg: int, start: int = 0):
    polarities = ["positive"] * pos + ["neutral"] * neu + ["negative"] * neg
    return pd.DataFrame(
        {
            "review_id": [f"{product}-{category}-{i + start}" for i in range(len(polarities))],
            "product_id": product,
            "category": category,
            "aspect_norm": category + " term",
            "polarity": polarities,
        }
    )


@pytest.fixture()
def aspects():
    return pd.concat(
        [
            _mentions("P1", "battery", 80, 10, 10),  # clear strength, many mentions
            _mentions("P1", "design", 4, 0, 0),  # all positive but only 4 mentions
            _mentions("P1", "lid", 5, 5, 40),  # clear weakness
            _mentions("P1", "price", 10, 0, 10),  # mixed
            _mentions("P1", "noise", 0, 0, 2),  # below min_mentions
            _mentions("P2", "battery", 2, 0, 18),
        ],
        ignore_index=True,
    )


def test_counts_shares_and_kinds(aspects):
    table = strengths_weaknesses(None, aspects, min_mentions=3)
    p1 = table[table["product_id"] == "P1"].set_index("category")
    assert set(p1.index) == {"battery", "design", "lid", "price"}
    assert p1.loc["battery", ["mentions", "positive", "neutral", "negative"]].tolist() == [
        100, 80, 10, 10,
    ]  # fmt: skip
    assert p1.loc["battery", "net_sentiment"] == pytest.approx(0.7)
    assert p1.loc["lid", "share_negative"] == pytest.approx(0.8)
    assert p1.loc["battery", "kind"] == "strength"
    assert p1.loc["lid", "kind"] == "weakness"
    assert p1.loc["price", "kind"] == "mixed"
    assert (table["net_lo"] <= table["net_sentiment"]).all()
    assert (table["net_sentiment"] <= table["net_hi"]).all()
    p2 = table[table["product_id"] == "P2"].set_index("category")
    assert p2.loc["battery", "kind"] == "weakness"


def test_other_is_never_ranked(aspects):
    frame = pd.concat([aspects, _mentions("P1", "other", 60, 0, 0)], ignore_index=True)
    table = strengths_weaknesses(None, frame, min_mentions=3)
    assert "other" not in set(table["category"])
    by_term = strengths_weaknesses(None, frame, by="aspect_norm", min_mentions=3)
    assert "other term" in set(by_term["aspect_norm"])


def test_ranking_prefers_evidence_over_a_perfect_small_score(aspects):
    table = strengths_weaknesses(None, aspects, min_mentions=3)
    strengths = table[(table["product_id"] == "P1") & (table["kind"] == "strength")]
    strengths = strengths.sort_values("rank")
    assert strengths["category"].tolist()[0] == "battery"  # 0.7 over 100 beats 1.0 over 4
    assert strengths["rank"].tolist() == list(range(1, len(strengths) + 1))


def test_products_come_from_reviews_when_aspects_lack_them(aspects):
    reviews = aspects[["review_id", "product_id"]].drop_duplicates()
    table = strengths_weaknesses(reviews, aspects.drop(columns="product_id"), min_mentions=3)
    assert set(table["product_id"]) == {"P1", "P2"}


def test_by_aspect_norm_and_bad_by(aspects):
    table = strengths_weaknesses(None, aspects, by="aspect_norm", min_mentions=3)
    assert "battery term" in set(table["aspect_norm"])
    with pytest.raises(ValueError, match="by must be"):
        strengths_weaknesses(None, aspects, by="polarity")


def test_wilson_interval_known_value():
    lo, hi = wilson_interval(np.array([8]), np.array([10]))
    assert lo[0] == pytest.approx(0.4902, abs=1e-3)
    assert hi[0] == pytest.approx(0.9433, abs=1e-3)


def test_net_interval_narrows_with_more_mentions():
    lo_small, hi_small = net_sentiment_interval([8], [2], [10])
    lo_big, hi_big = net_sentiment_interval([800], [200], [1000])
    assert (hi_big - lo_big)[0] < (hi_small - lo_small)[0]
    assert -1 <= lo_small[0] < 0.6 < hi_small[0] <= 1


def test_figure_has_one_bar_per_strength_and_weakness(aspects):
    table = strengths_weaknesses(None, aspects, min_mentions=3)
    figure = strengths_weaknesses_figure(table, product="P1")
    bar = figure.data[0]
    assert sorted(bar.y) == ["battery", "design", "lid"]
    assert "P1" in figure.layout.title.text
