"""Trends: sentiment and volume per aspect over time, emerging-issue alerts with quotes."""

from __future__ import annotations

import streamlit as st

from analysis.insights import dashboard_views as views
from analysis.insights.emerging import EmergingConfig, emerging_issues
from dashboard import common

FREQUENCIES = {"Week": "W", "Month": "M", "Day": "D"}


LEVELS = {"Category": "category", "Aspect term": "aspect_norm"}


@st.cache_data(show_spinner=False, max_entries=64)
def trend_tables(path: str, version: str, filters: views.ViewFilters, freq: str,
                 categories: tuple[str, ...], level: str):
    """Review series, per-category series and emerging-issue alerts for a selection."""
    frames = common.frames_for(path, version, filters)
    return (
        views.sentiment_over_time(frames.reviews, freq),
        views.aspect_over_time(frames.aspects, freq, categories),
        emerging_issues(frames.aspects, EmergingConfig(level=level)),
    )


def render() -> None:
    st.title("Trends")
    if common.empty_store_notice():
        return
    filters = common.current_filters()
    frames = common.selection()
    counts = frames.aspects["category"].value_counts()
    cols = st.columns([1, 1, 3])
    freq_label = cols[0].radio("Period", list(FREQUENCIES), horizontal=True, key="tr_freq")
    level_label = cols[1].radio("Alerts by", list(LEVELS), horizontal=True, key="tr_level")
    chosen = cols[2].multiselect("Categories", counts.index.tolist(),
                                 default=counts.index[:5].tolist(), key="tr_categories")
    reviews_series, aspect_series, alerts = trend_tables(
        common.db_path(), common.version(), filters, FREQUENCIES[freq_label], tuple(chosen),
        LEVELS[level_label],
    )
    st.subheader("Emerging issues")
    if alerts.empty:
        st.success("No negative mentions rose well above their usual weekly level in the last "
                   "four weeks.")
    for alert in alerts.head(5).itertuples(index=False):
        st.warning(views.escape_markdown(views.alert_text(alert)), icon=":material/warning:")
        with st.expander("What reviewers said"):
            for quote in alert.quotes:
                if quote.get("quote"):
                    st.markdown("> " + views.escape_markdown(quote["quote"]))
                    st.caption(views.escape_markdown(str(quote["review_id"])))
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
