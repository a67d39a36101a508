"""Strengths & weaknesses: per product, ranked categories with net sentiment, CI and quotes."""

from __future__ import annotations

import streamlit as st

from analysis.insights import dashboard_views as views
from dashboard import common


@st.cache_data(show_spinner=False, max_entries=64)
def ranked(path: str, version: str, filters: views.ViewFilters, product: str | None,
           min_mentions: int):
    """Category table, strengths and weaknesses of one product within the selection."""
    aspects = common.frames_for(path, version, filters).aspects
    subset = aspects if product is None else aspects[aspects["product_id"] == product]
    table = views.aspect_table(subset, ("category",), min_mentions=min_mentions)
    strengths, weaknesses = views.strengths_and_weaknesses(
        aspects, product, top=8, min_mentions=min_mentions
    )
    return table, strengths, weaknesses


def _quotes_block(frames, category: str, polarity: str, product: str | None) -> None:
    quotes = views.quotes_for(frames.aspects, frames.reviews, category, polarity, product, 3)
    common.show_quotes(quotes)


def render() -> None:
    st.title("Strengths & weaknesses")
    if common.empty_store_notice():
        return
    filters = common.current_filters()
    frames = common.selection()
    products = views.product_list(frames.reviews)
    choice = st.selectbox("Product", ["All products", *products], key="sw_product")
    product = None if choice == "All products" else choice
    min_mentions = st.slider("Minimum mentions per category", 1, 30, 3, key="sw_min")
    table, strengths, weaknesses = ranked(common.db_path(), common.version(), filters, product,
                                          min_mentions)
    st.plotly_chart(views.aspect_bar_figure(table), width="stretch")
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
                st.caption(f"No {title.lower()} with at least {min_mentions} mentions.")
                continue
            st.dataframe(common.aspect_display(frame, compact=True), hide_index=True,
                         width="stretch")
            for category in frame["category"].head(3):
                with st.expander(f"What reviewers say about {category}"):
                    _quotes_block(frames, category, polarity, product)


render()
