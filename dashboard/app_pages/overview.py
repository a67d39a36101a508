"""Overview: KPIs per product and overall, review volume and sentiment over time, and the
reviews whose stars and words disagree."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import plots
from analysis.services import review_views
from analysis.services import views as view_data
from dashboard import common, markdown

MISMATCHES_SHOWN = 20


@st.cache_data(show_spinner=False, max_entries=64)
def overview_tables(path: str, version: str, filters: view_data.ViewFilters
                    ) -> review_views.OverviewTables:
    """KPI table, weekly series, category table and mismatches for one selection (cached by
    arguments)."""
    return review_views.overview_tables(common.frames_for(path, version, filters))


def _mismatches(flagged: pd.DataFrame) -> None:
    """How many reviews' stars contradict their text, with the reviews behind the count."""
    st.subheader("Stars and words disagree")
    if flagged.empty:
        st.caption("No review in this selection has a star rating that contradicts its text.")
        return
    kinds = flagged["mismatch"].value_counts()
    st.metric("Rating vs text mismatches", f"{len(flagged):,}",
              help="5 stars with a complaint or 1 star with praise: a wrong star clicked, "
                   "anger at the delivery, or a review worth a closer look.")
    st.caption(" · ".join(f"{count:,} {kind}" for kind, count in kinds.items()))
    with st.expander(f"The {min(len(flagged), MISMATCHES_SHOWN)} strongest of them"):
        for row in flagged.head(MISMATCHES_SHOWN).itertuples(index=False):
            st.markdown("> " + markdown.escape_markdown(str(row.text)))
            rating = "" if pd.isna(row.rating) else f"{row.rating:.0f}★ · "
            st.caption(markdown.escape_markdown(
                f"{row.review_id} · {row.product_id} · {rating}{row.mismatch}"))
        if len(flagged) > MISMATCHES_SHOWN:
            st.caption(f"All {len(flagged):,} are in the reviews export on the Reports page "
                       "(column mismatch).")


def render() -> None:
    st.title("Overview")
    if common.empty_store_notice():
        return
    filters = common.current_filters()
    st.caption(markdown.escape_markdown(filters.describe()))
    tables = overview_tables(common.db_path(), common.version(), filters)
    kpis = tables.kpis
    overall = kpis.iloc[0]
    cols = st.columns(4)
    cols[0].metric("Reviews", f"{overall['reviews']:,}")
    cols[1].metric("Average rating", "–" if overall["reviews"] == 0
                   else f"{overall['avg_rating']:.2f} ★")
    change = overall["net_sentiment_change"]
    cols[2].metric(
        "Net sentiment", common.signed(overall["net_sentiment"]),
        delta=None if pd.isna(change) else f"{change:+.2f} vs previous 30 days",
    )
    cols[3].metric("Negative share", common.pct(overall["share_negative"]))
    st.subheader("Per product")
    st.dataframe(common.kpi_display(kpis), hide_index=True, width="stretch")
    common.show_variants([str(p) for p in kpis["product_id"] if p != "All products"])
    left, right = st.columns(2)
    with left:
        st.subheader("Reviews and net sentiment per week")
        st.plotly_chart(plots.sentiment_time_figure(tables.weekly), width="stretch")
    with right:
        st.subheader("Aspect categories")
        st.plotly_chart(plots.aspect_bar_figure(tables.categories), width="stretch")
    _mismatches(tables.mismatches)


render()
