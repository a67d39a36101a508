"""Strengths & weaknesses: per product, ranked categories with net sentiment, CI and quotes."""

from __future__ import annotations

import streamlit as st

from analysis import plots
from analysis.services import review_views
from analysis.services import views as view_data
from dashboard import common

LEVELS = {"Category": "category", "Aspect term": "aspect_norm"}


@st.cache_data(show_spinner=False, max_entries=64)
def ranked(path: str, version: str, filters: view_data.ViewFilters, product: str | None,
           min_mentions: int, by: str):
    """Aspect table, strengths and weaknesses of one product within the selection."""
    return review_views.ranked_aspects(common.frames_for(path, version, filters), product,
                                       min_mentions, by)


@st.cache_data(show_spinner=False, max_entries=256)
def quotes(path: str, version: str, filters: view_data.ViewFilters, key: str, polarity: str,
           product: str | None, by: str):
    """Representative quotes for one aspect of one product (small, cached)."""
    return review_views.aspect_quotes(common.frames_for(path, version, filters), key, polarity,
                                      product, by)


def render() -> None:
    st.title("Strengths & weaknesses")
    if common.empty_store_notice():
        return
    filters = common.current_filters()
    path, version = common.db_path(), common.version()
    products = list(filters.products) or common.store_outline(path, version)[0]
    cols = st.columns([3, 1])
    choice = cols[0].selectbox("Product", ["All products", *products], key="sw_product")
    level = cols[1].radio("Group by", list(LEVELS), horizontal=True, key="sw_level")
    by = LEVELS[level]
    product = None if choice == "All products" else choice
    if product is not None:
        common.show_variants([product])
    min_mentions = st.slider("Minimum mentions", 1, 30, 3, key="sw_min")
    table, strengths, weaknesses = ranked(path, version, filters, product, min_mentions, by)
    st.plotly_chart(plots.aspect_bar_figure(table, by), width="stretch")
    st.caption("Net sentiment = share of positive minus share of negative mentions; whiskers "
               "are 95% confidence intervals. Ranking uses the interval bound nearest zero.")
    left, right = st.columns(2)
    for column, title, frame, polarity in (
        (left, "Strengths", strengths, "positive"),
        (right, "Weaknesses", weaknesses, "negative"),
    ):
        with column:
            st.subheader(title)
            if frame.empty:
                side = "above" if polarity == "positive" else "below"
                st.caption(f"No clear {title.lower()}: no aspect with at least {min_mentions} "
                           f"mentions has its whole interval {side} zero.")
                continue
            st.dataframe(common.aspect_display(frame, by, compact=True), hide_index=True,
                         width="stretch")
            for key in frame[by].head(3):
                with st.expander(f"What reviewers say about {key}"):
                    common.show_quotes(quotes(path, version, filters, key, polarity, product,
                                              by))


render()
