"""View models: filters, KPIs, aspect tables with CIs, quotes, trends, alerts."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from analysis import plots
from analysis.insights import aspect_tables, timeseries
from analysis.insights import filters as filtering
from analysis.insights import kpis as kpi
from analysis.insights import quotes as quoting
from analysis.insights import search as mention_search
from dashboard import markdown
from tests.dashboard.frames import make_frames


@pytest.fixture(scope="module")
def frames():
    return make_frames(800)


def test_filters_select_products_and_inclusive_days(frames):
    reviews, aspects = frames
    filters = filtering.ViewFilters(("P-GOOD",), date(2024, 2, 1), date(2024, 2, 29))
    picked = filtering.filter_reviews(reviews, filters)
    assert set(picked["product_id"]) == {"P-GOOD"}
    assert picked["date"].min() >= pd.Timestamp("2024-02-01")
    assert picked["date"].max() == pd.Timestamp("2024-02-29")  # end day included
    expected = reviews[(reviews.product_id == "P-GOOD") & reviews.date.between(
        "2024-02-01", "2024-02-29")]
    assert len(picked) == len(expected)
    mentions = filtering.filter_aspects(aspects, picked)
    assert set(mentions["review_id"]) <= set(picked["review_id"])
    assert filtering.filter_mentions(aspects, filters).index.equals(mentions.index)


def test_kpis_match_hand_computed_numbers(frames):
    reviews, _ = frames
    table = kpi.kpi_table(reviews)
    assert table.iloc[0]["product_id"] == "All products"
    assert table.iloc[0]["reviews"] == len(reviews)
    good = reviews[reviews.product_id == "P-GOOD"]
    row = table.set_index("product_id").loc["P-GOOD"]
    share_pos = (good.sentiment == "positive").mean()
    share_neg = (good.sentiment == "negative").mean()
    assert row["net_sentiment"] == pytest.approx(share_pos - share_neg)
    assert row["share_negative"] == pytest.approx(share_neg)
    assert row["avg_rating"] == pytest.approx(good.rating.mean())


def test_trend_arrow_points_down_for_a_product_that_got_worse(frames):
    reviews, _ = frames
    table = kpi.kpi_table(reviews).set_index("product_id")
    assert table.loc["P-BAD", "trend"] == kpi.ARROW_DOWN
    assert table.loc["P-BAD", "net_sentiment_change"] < -0.05
    assert kpi.trend_arrow(0.2) == kpi.ARROW_UP
    assert kpi.trend_arrow(float("nan")) == kpi.ARROW_FLAT


def test_aspect_intervals_narrow_with_more_mentions_and_avoid_false_certainty():
    few = pd.DataFrame({"category": "a", "polarity": ["positive"] * 3})
    many = pd.DataFrame({"category": "a", "polarity": ["positive"] * 300})
    small = aspect_tables.aspect_table(few).iloc[0]
    large = aspect_tables.aspect_table(many).iloc[0]
    assert small["net_sentiment"] == large["net_sentiment"] == 1.0
    assert small["ci_low"] < 0.5 and large["ci_low"] > 0.95  # 3 happy reviews are weak evidence
    assert small["ci_low"] <= small["net_sentiment"] <= small["ci_high"]


def test_bar_figure_shows_only_the_most_mentioned(frames):
    _, aspects = frames
    table = aspect_tables.aspect_table(aspects, ("aspect_norm",))
    fig = plots.aspect_bar_figure(table, "aspect_norm", limit=4)
    shown = set(fig.data[0].y)
    assert len(shown) == 4
    assert shown == set(table.nlargest(4, "mentions")["aspect_norm"])


def test_aspect_table_counts_polarities(frames):
    _, aspects = frames
    table = aspect_tables.aspect_table(aspects, ("category",)).set_index("category")
    battery = aspects[aspects.category == "battery"]
    assert table.loc["battery", "mentions"] == len(battery)
    assert table.loc["battery", "negative"] == (battery.polarity == "negative").sum()
    assert list(table["net_sentiment"]) == sorted(table["net_sentiment"], reverse=True)


def test_strengths_positive_weaknesses_negative(frames):
    _, aspects = frames
    strengths, weaknesses = aspect_tables.strengths_and_weaknesses(aspects, "P-BAD")
    assert (strengths["net_sentiment"] > 0).all()
    assert (weaknesses["net_sentiment"] < 0).all()
    assert "battery" in weaknesses["category"].tolist()


def test_markdown_escaping_defuses_markup_and_html():
    hostile = "<img src=x onerror=alert(1)> **bold** :red[x] $x$ [link](http://e.vil)"
    escaped = markdown.escape_markdown(hostile)
    assert re.search(r"(?<!\\)[<>*:\[\]$()]", escaped) is None  # every one escaped
    assert escaped.replace("\\", "") == hostile
    marked = markdown.highlight_markdown("the *battery* died", 4, 13)
    assert marked.startswith("the **") and marked.count("**") == 2
    assert "\\*battery\\*" in marked


def test_highlight_plain_marks_the_aspect_and_cuts_long_text():
    text = "x" * 500 + " battery " + "y" * 500
    start = text.index("battery")
    snippet = quoting.highlight_plain(text, start, start + 7, width=100)
    assert "«battery»" in snippet and len(snippet) <= 102
    assert snippet.startswith("…") and snippet.endswith("…")


def test_quotes_point_at_the_aspect_in_the_review_text(frames):
    reviews, aspects = frames
    quotes = quoting.quotes_for(aspects, reviews, "battery", "negative", "P-BAD", limit=3)
    assert 0 < len(quotes) <= 3
    assert quotes["review_id"].is_unique
    for q in quotes.itertuples():
        assert q.text[q.start:q.end] == q.aspect
        assert q.polarity == "negative"


def test_search_and_compare(frames):
    _, aspects = frames
    found = mention_search.search_mentions(aspects, "DISPLAY")
    assert not found.empty and set(found["aspect_norm"]) == {"display"}
    wide, mentions = aspect_tables.compare_products(aspects, ["P-GOOD", "P-BAD"])
    assert list(wide.columns) == ["P-GOOD", "P-BAD"]
    assert (wide["P-GOOD"] > wide["P-BAD"]).sum() >= len(wide) - 1
    assert (mentions.values > 0).all()


def test_time_series_sum_back_to_totals(frames):
    reviews, aspects = frames
    weekly = timeseries.sentiment_over_time(reviews, "W")
    assert weekly["reviews"].sum() == reviews["date"].notna().sum()
    per_cat = timeseries.aspect_over_time(aspects, "M", ("battery",))
    assert per_cat["mentions"].sum() == (aspects.category == "battery").sum()


def test_figures_build_for_empty_and_full_selections(frames):
    reviews, aspects = frames
    assert len(plots.aspect_bar_figure(aspect_tables.aspect_table(aspects)).data) == 1
    assert plots.aspect_bar_figure(aspect_tables.aspect_table(aspects.iloc[:0])).layout.annotations
    assert len(plots.sentiment_time_figure(timeseries.sentiment_over_time(reviews)).data) == 2
