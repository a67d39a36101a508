"""Forecast: sales history, forecast with 80/95% intervals, backtest accuracy, review signals."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import plots
from analysis.forecasting import explain
from analysis.insights import filters as filtering
from analysis.insights import timeseries
from analysis.insights.sales_link import link_strength, sales_link
from analysis.ordering import natural_sorted
from analysis.plots import sales_link_figure
from analysis.services import views as view_data
from dashboard import common, markdown


@st.cache_data(show_spinner="Reading sales…", max_entries=8)
def sales_frames(path: str, version: str) -> view_data.SalesFrames:
    """Stored sales, latest forecast and backtest (keyed by db path and store version)."""
    return view_data.load_sales_frames(common.get_store(path))


@st.cache_data(show_spinner="Relating reviews to sales…", max_entries=32)
def review_signals(path: str, version: str, filters: filtering.ViewFilters, series: str):
    """Lagged correlations of complaint volume per category with this series' sales."""
    history = sales_frames(path, version).sales
    history = history[history["unique_id"].astype(str) == series]
    aspects = common.frames_for(path, version, filters).aspects
    link = sales_link(aspects[aspects["product_id"].astype(str) == series], history)
    return link, link.attrs.get("note", "")


def render() -> None:
    st.title("Sales forecast")
    frames = sales_frames(common.db_path(), common.version())
    if frames.empty:
        st.info("No sales data yet. Upload a sales export on the **Upload** page.")
        return
    series = natural_sorted(set(frames.sales["unique_id"].astype(str))
                                    | set(frames.forecast["series_id"].astype(str)))
    filters = common.current_filters()
    preferred = [s for s in series if s in filters.products] or series
    chosen = st.selectbox("Series", preferred, key="fc_series")
    history = frames.sales[frames.sales["unique_id"].astype(str) == chosen]
    future = frames.forecast[frames.forecast["series_id"].astype(str) == chosen]
    st.plotly_chart(plots.forecast_figure(history, future), width="stretch")
    run = frames.run or {}
    weights = run.get("weights")
    st.markdown(markdown.escape_markdown(explain.drawn_forecast_text(
        chosen, frames.backtest, weights if weights is not None else pd.DataFrame(),
        run.get("strategy", ""))))
    st.caption("Shaded bands: 80% and 95% prediction intervals. "
               + explain.calibration_text(run.get("calibration") or {}))
    left, right = st.columns(2)
    with left:
        st.subheader("Backtest accuracy")
        backtest = frames.backtest[frames.backtest["series_id"].astype(str) == chosen]
        if backtest.empty:
            st.caption("No backtest stored for this series.")
        else:
            st.dataframe(explain.with_naive_ratio(backtest).round(3), hide_index=True,
                         width="stretch")
            st.caption("Rolling-origin backtest on held-back weeks. " + explain.RATIO_HELP
                       + " Coverage: share of actual values inside the 80% and 95% intervals.")
    with right:
        st.subheader("Review signals")
        reviews = common.selection().reviews
        product_reviews = reviews[reviews["product_id"].astype(str) == chosen]
        if product_reviews.empty:
            st.caption("No reviews of a product with this id in the current selection.")
        else:
            st.plotly_chart(plots.sentiment_time_figure(
                timeseries.sentiment_over_time(product_reviews, "M")), width="stretch")
            st.caption("Reviews and net sentiment per month for this product.")
    link, note = review_signals(common.db_path(), common.version(), filters, chosen)
    if not link.empty:
        st.subheader("Complaints and later sales")
        best = link.iloc[0]
        st.plotly_chart(sales_link_figure(link, best["product_id"], best["aspect"]),
                        width="stretch")
        shown = link.head(10).assign(strength=link["correlation"].head(10).map(link_strength))
        st.dataframe(shown.round(3), hide_index=True, width="stretch")
        st.caption(note)


render()
