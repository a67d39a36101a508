"""Emerging issues: a planted spike in complaints about one aspect is flagged with its quotes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.insights.emerging import EmergingConfig, emerging_issues


def _mentions(rng, weeks: pd.DatetimeIndex, aspect: str, per_week: int, polarity: str,
              text: str, product: str = "P1") -> list[dict]:
    rows = []
    for week in weeks:
        for j in range(per_week):
            rows.append({"review_id": f"{product}-{aspect}-{week:%Y%m%d}-{j}-{polarity}",
                         "sentence_index": 0, "product_id": product, "aspect": aspect,
                         "aspect_norm": aspect, "category": aspect, "polarity": polarity,
                         "confidence": float(rng.uniform(0.5, 1.0)),
                         "date": week + pd.Timedelta(days=int(rng.integers(0, 7))),
                         "sentence": f"{text} ({week:%Y-%m-%d} #{j})"})
    return rows


@pytest.fixture()
def aspects():
    rng = np.random.default_rng(0)
    weeks = pd.date_range("2024-01-01", periods=16, freq="W-MON")
    rows = []
    for aspect in ("battery", "screen", "price"):
        rows += _mentions(rng, weeks, aspect, 1, "negative", f"the {aspect} is a bit meh")
        rows += _mentions(rng, weeks, aspect, 3, "positive", f"love the {aspect}")
    rows += _mentions(rng, weeks[-4:], "battery", 6, "negative", "battery died after a day")
    # Another product with a steady, high complaint level: no alert.
    rows += _mentions(rng, weeks, "lid", 5, "negative", "lid cracks", product="P2")
    return pd.DataFrame(rows)


def test_planted_spike_is_flagged_first_with_its_quotes(aspects):
    alerts = emerging_issues(aspects)
    assert len(alerts) == 1
    top = alerts.iloc[0]
    assert (top["product_id"], top["aspect"]) == ("P1", "battery")
    assert top["recent_negative"] == 4 * 7
    assert top["baseline_weekly"] == pytest.approx(1.0)
    assert top["z_score"] >= 3
    quotes = top["quotes"]
    assert len(quotes) == 3
    assert all(q["quote"].startswith("battery died after a day") for q in quotes)
    spike = aspects[aspects["sentence"].str.startswith("battery died")]
    best = spike.nlargest(3, "confidence")["review_id"].tolist()
    assert [q["review_id"] for q in quotes] == best


def test_steady_complaints_and_small_counts_do_not_alert(aspects):
    no_spike = aspects[~aspects["sentence"].str.startswith("battery died")]
    assert emerging_issues(no_spike).empty
    strict = EmergingConfig(min_count=100)
    assert emerging_issues(aspects, strict).empty


def test_config_is_validated():
    with pytest.raises(ValueError):
        EmergingConfig(recent_weeks=0)
    with pytest.raises(ValueError):
        EmergingConfig(level="product")


def test_as_of_moves_the_recent_window(aspects):
    before_spike = emerging_issues(aspects, as_of="2024-03-18")
    assert before_spike.empty
