"""Overview: KPIs per product and overall, review volume and sentiment over time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import plots
from analysis.insights import aspect_tables, timeseries
from analysis.insights import filters as filtering
from analysis.insights import kpis as kpi
from dashboard import common, markdown


@st.cache_data(show_spinner=False, max_entries=64)
def overview_tables(path: str, version: str, filters: filtering.ViewFilters):
    """KPI table, weekly series and category table for one selection (cached by arguments)."""
    frames = common.frames_for(path, version, filters)
    return (
        kpi.kpi_table(frames.reviews),
        timeseries.sentiment_over_time(frames.reviews, "W"),
        aspect_tables.aspect_table(frames.aspects, ("category",), min_mentions=3),
    )


def render() -> None:
    st.title("Overview")
    if common.empty_store_notice():
        return
    filters = common.current_filters()
    st.caption(markdown.escape_markdown(filters.describe()))
    kpis, weekly, categories = overview_tables(common.db_path(), common.version(), filters)
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
        st.plotly_chart(plots.sentiment_time_figure(weekly), width="stretch")
    with right:
        st.subheader("Aspect categories")
        st.plotly_chart(plots.aspect_bar_figure(categories), width="stretch")


render()
