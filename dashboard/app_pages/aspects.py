"""Aspects explorer: search and filter aspect mentions, drill down to the reviews behind them."""

from __future__ import annotations

import streamlit as st

from analysis.insights import aspect_tables
from analysis.insights import filters as filtering
from analysis.insights import search as mention_search
from dashboard import common, markdown


@st.cache_data(show_spinner=False, max_entries=64)
def matching(path: str, version: str, filters: filtering.ViewFilters, query: str,
             categories: tuple[str, ...], polarities: tuple[str, ...]):
    """Mentions matching the search, and their per-term table."""
    aspects = common.frames_for(path, version, filters).aspects
    found = mention_search.search_mentions(aspects, query, categories, polarities)
    return found, mention_search.term_table(found)


def render() -> None:
    st.title("Aspects explorer")
    if common.empty_store_notice():
        return
    filters = common.current_filters()
    frames = common.selection()
    categories = sorted(frames.aspects["category"].dropna().unique().tolist())
    cols = st.columns([2, 2, 2])
    query = cols[0].text_input("Search aspect terms", key="ax_query", placeholder="e.g. battery")
    picked = cols[1].multiselect("Categories", categories, key="ax_categories")
    polarity = cols[2].multiselect("Polarity", list(aspect_tables.POLARITIES), key="ax_polarity")
    found, terms = matching(common.db_path(), common.version(), filters, query, tuple(picked),
                            tuple(polarity))
    n_terms = found["aspect_norm"].nunique()
    listed = "" if n_terms <= len(terms) else f"; the {len(terms)} most mentioned are listed"
    st.caption(f"{len(found):,} of {len(frames.aspects):,} mentions match, "
               f"{n_terms:,} terms{listed}")
    if terms.empty:
        st.info("No aspect mentions match. Clear the search or widen the filters.")
        return
    st.dataframe(common.aspect_display(terms, "aspect_norm"), hide_index=True,
                 width="stretch")
    term = st.selectbox("Drill down to the reviews that mention", terms["aspect_norm"].tolist(),
                        key="ax_term")
    mentions = found[found["aspect_norm"] == term].sort_values("date", ascending=False)
    st.subheader(f"Reviews mentioning “{term}”")
    shown = mentions.head(20).merge(
        frames.reviews[["review_id", "text", "rating"]], on="review_id", how="left"
    )
    for row in shown.itertuples(index=False):
        colour = {"positive": "green", "negative": "red"}.get(row.polarity, "gray")
        badge = f":{colour}-badge[{row.polarity}]"  # our label; the review text is escaped
        st.markdown(badge + " " + markdown.highlight_markdown(str(row.text), row.start, row.end))
        st.caption(markdown.escape_markdown(
            f"{row.review_id} · {row.product_id} · {row.polarity} · confidence "
            f"{row.confidence:.2f}"))
    if len(mentions) > 20:
        st.caption(f"Showing the 20 newest of {len(mentions):,} mentions; export them all on "
                   "the Reports page.")


render()
