"""Trends: banded net sentiment and volume over time, per category, and emerging-issue alerts."""

from __future__ import annotations

import streamlit as st

from analysis import plots
from analysis.services import review_views
from analysis.services import views as view_data
from dashboard import common, markdown

FREQUENCIES = {"Week": "W", "Month": "M", "Quarter": "Q"}
LEVELS = {"Category": "category", "Aspect term": "aspect_norm"}


@st.cache_data(show_spinner=False, max_entries=64)
def suggested_period(path: str, version: str, filters: view_data.ViewFilters) -> str:
    """The period the selection's review volume supports (week, month or quarter)."""
    return review_views.suggested_period(common.frames_for(path, version, filters))


@st.cache_data(show_spinner=False, max_entries=64)
def trend_tables(path: str, version: str, filters: view_data.ViewFilters, freq: str,
                 categories: tuple[str, ...], level: str):
    """Banded review trend, per-category trend (gaps and small periods marked) and alerts."""
    return review_views.trend_tables(common.frames_for(path, version, filters), freq,
                                     categories, level)


def render() -> None:
    st.title("Trends")
    if common.empty_store_notice():
        return
    filters = common.current_filters()
    path, version = common.db_path(), common.version()
    frames = common.selection()
    counts = frames.aspects["category"].value_counts()
    suggested = suggested_period(path, version, filters)
    labels = list(FREQUENCIES)
    cols = st.columns([1.3, 1, 3])
    freq_label = cols[0].radio("Period", labels, horizontal=True, key="tr_freq",
                               index=list(FREQUENCIES.values()).index(suggested))
    level_label = cols[1].radio("Alerts by", list(LEVELS), horizontal=True, key="tr_level")
    chosen = cols[2].multiselect("Categories", counts.index.tolist(),
                                 default=counts.index[:5].tolist(), key="tr_categories")
    freq = FREQUENCIES[freq_label]
    reviews_series, aspect_series, alerts = trend_tables(path, version, filters, freq,
                                                         tuple(chosen), LEVELS[level_label])
    st.subheader("Emerging issues")
    if alerts.empty:
        st.success("No negative mentions rose well above their usual weekly level in the last "
                   "four weeks.")
    for alert in alerts.head(5).itertuples(index=False):
        st.warning(markdown.escape_markdown(review_views.describe_alert(alert)),
                   icon=":material/warning:")
        quotes = [q for q in alert.quotes if q.get("quote")]
        if quotes:
            st.markdown("> " + markdown.escape_markdown(quotes[0]["quote"]))
        if len(quotes) > 1:
            with st.expander(f"{len(quotes) - 1} more of the mentions behind it"):
                for quote in quotes[1:]:
                    st.markdown("> " + markdown.escape_markdown(quote["quote"]))
                    st.caption(markdown.escape_markdown(str(quote["review_id"])))
    name = review_views.PERIOD_NAMES[freq]
    st.subheader(f"Reviews and net sentiment per {name}")
    st.plotly_chart(plots.banded_figure(reviews_series, freq), width="stretch")
    few = int(reviews_series["too_few"].sum()) if not reviews_series.empty else 0
    empty = int((reviews_series["reviews"] == 0).sum()) if not reviews_series.empty else 0
    hint = "" if freq == suggested else \
        f" (the review volume suggests a {review_views.PERIOD_NAMES[suggested]})"
    note = ("Shaded band: 95% interval of net sentiment (positive minus negative share). "
            f"Period: {name}{hint}.")
    if few:
        note += (f" {few} {name}(s) with fewer than {review_views.MIN_COUNT} reviews are grey bars "
                 f"without a sentiment point (too few to judge); {empty} had none and are left "
                 "as gaps.")
    st.caption(note)
    st.subheader(f"Net sentiment per category and {name}")
    if aspect_series.empty:
        st.caption("No dated mentions of the chosen categories.")
    else:
        st.plotly_chart(plots.trend_figure(aspect_series, "category"), width="stretch")
        st.caption(f"Bands: 95% intervals. A {name} with fewer than {review_views.MIN_COUNT} "
                   "mentions of a category has no point (a gap), not a -1 or +1.")
        st.plotly_chart(plots.volume_figure(aspect_series, "category"), width="stretch")


render()
