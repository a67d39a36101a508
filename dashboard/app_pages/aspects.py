"""Aspects explorer: search and filter aspect mentions, drill down to the reviews behind them."""

from __future__ import annotations

import streamlit as st

from analysis.services import review_views
from analysis.services import views as view_data
from dashboard import common, markdown


@st.cache_data(show_spinner=False, max_entries=64)
def matching(path: str, version: str, filters: view_data.ViewFilters, query: str,
             categories: tuple[str, ...], polarities: tuple[str, ...]):
    """Mentions matching the search, and their per-term table."""
    return review_views.mention_search(common.frames_for(path, version, filters), query,
                                       categories, polarities)


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
    polarity = cols[2].multiselect("Polarity", list(review_views.POLARITIES), key="ax_polarity")
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
    shown, total = review_views.mention_reviews(frames, found, term, limit=20)
    st.subheader(f"Reviews mentioning “{term}”")
    for row in shown.itertuples(index=False):
        color = {"positive": "green", "negative": "red"}.get(row.polarity, "gray")
        badge = f":{color}-badge[{row.polarity}]"  # our label; the review text is escaped
        st.markdown(badge + " " + markdown.highlight_markdown(str(row.text), row.start, row.end))
        st.caption(markdown.escape_markdown(
            f"{row.review_id} · {row.product_id} · {row.polarity} · confidence "
            f"{row.confidence:.2f}"))
    if total > 20:
        st.caption(f"Showing the 20 newest of {total:,} mentions; export them all on "
                   "the Reports page.")


render()
