"""Trends: sentiment and volume per aspect over time, emerging-issue alerts with quotes."""

from __future__ import annotations

import streamlit as st

from analysis.insights import dashboard_views as views
from dashboard import common

FREQUENCIES = {"Week": "W", "Month": "M", "Day": "D"}


@st.cache_data(show_spinner=False, max_entries=64)
def trend_tables(path: str, version: str, filters: views.ViewFilters, freq: str,
                 categories: tuple[str, ...]):
    """Review series, per-category series and emerging-issue alerts for a selection."""
    frames = common.frames_for(path, version, filters)
    return (
        views.sentiment_over_time(frames.reviews, freq),
        views.aspect_over_time(frames.aspects, freq, categories),
        views.emerging_issues(frames.aspects),
    )


def render() -> None:
    st.title("Trends")
    if common.empty_store_notice():
        return
    filters = common.current_filters()
    frames = common.selection()
    counts = frames.aspects["category"].value_counts()
    cols = st.columns([1, 3])
    freq_label = cols[0].radio("Period", list(FREQUENCIES), horizontal=True, key="tr_freq")
    chosen = cols[1].multiselect("Categories", counts.index.tolist(),
                                 default=counts.index[:5].tolist(), key="tr_categories")
    reviews_series, aspect_series, alerts = trend_tables(
        common.db_path(), common.version(), filters, FREQUENCIES[freq_label], tuple(chosen)
    )
    st.subheader("Emerging issues")
    if alerts.empty:
        st.success("No category's negative mentions rose sharply in the last four weeks.")
    for alert in alerts.head(5).itertuples(index=False):
        st.warning(views.escape_markdown(
            f"{alert.product_id} · {alert.category}: {alert.recent_negative} negative mentions "
            f"in the last 28 days, {alert.rate_ratio:.1f}× the earlier rate"),
            icon=":material/warning:")
        with st.expander("Quotes"):
            common.show_quotes(views.quotes_for(frames.aspects, frames.reviews, alert.category,
                                                "negative", alert.product_id, 3))
    st.subheader("Reviews and net sentiment")
    st.plotly_chart(views.sentiment_time_figure(reviews_series), width="stretch")
    left, right = st.columns(2)
    with left:
        st.subheader("Net sentiment per category")
        st.plotly_chart(views.aspect_time_figure(aspect_series, "net_sentiment"),
                        width="stretch")
    with right:
        st.subheader("Mentions per category")
        st.plotly_chart(views.aspect_time_figure(aspect_series, "mentions"),
                        width="stretch")


render()
