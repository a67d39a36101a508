"""Overview: the count of reviews whose stars and words disagree, with the reviews behind it
(Streamlit AppTest on a store holding known mismatches)."""

from __future__ import annotations

import pandas as pd

from analysis.insights.mismatch import rating_text_mismatch
from dashboard.markdown import escape_markdown
from tests.dashboard.frames import make_frames, save_frames
from tests.dashboard.test_pages import run_page


def _fill(path) -> pd.DataFrame:
    reviews, aspects = make_frames(80)
    first = reviews.index[:3]
    reviews.loc[first, ["rating", "sentiment_score"]] = [[5.0, -0.8], [1.0, 0.9], [5.0, -0.7]]
    reviews.loc[first[0], "text"] = "**Broke** on day one <b>bad</b>"
    save_frames(path, reviews, aspects, "m.csv")
    return reviews


def test_overview_counts_mismatches_and_shows_the_reviews(tmp_path, monkeypatch):
    path = tmp_path / "mismatch.duckdb"
    reviews = _fill(path)
    monkeypatch.setenv("REVIEWLENS_DB", str(path))
    monkeypatch.setenv("REVIEWLENS_NO_SAMPLE", "1")
    flagged = rating_text_mismatch(reviews)
    at = run_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rating vs text mismatches"] == str(len(flagged))
    assert len(flagged) >= 3
    quoted = [m.value for m in at.markdown if str(m.value).startswith("> ")]
    assert "> " + escape_markdown("**Broke** on day one <b>bad</b>") in quoted  # never rendered
    product = str(reviews.loc[reviews.index[0], "product_id"])
    at.sidebar.multiselect(key="filter_products").set_value([product]).run()
    assert not at.exception
    mine = flagged[flagged["product_id"] == product]
    assert {m.label: m.value for m in at.metric}["Rating vs text mismatches"] == str(len(mine))
