"""Forecast: sales history, forecast with 80/95% intervals, backtest accuracy, review signals."""

from __future__ import annotations

import streamlit as st

from analysis import plots
from analysis.services import forecast_view, review_views
from analysis.services import views as view_data
from dashboard import common, markdown


@st.cache_data(show_spinner="Reading sales…", max_entries=8)
def sales_frames(path: str, version: str) -> view_data.SalesFrames:
    """Stored sales, latest forecast and backtest (keyed by db path and store version)."""
    return view_data.load_sales_frames(common.get_store(path))


@st.cache_data(show_spinner="Relating reviews to sales…", max_entries=32)
def review_signals(path: str, version: str, filters: view_data.ViewFilters, series: str):
    """Lagged correlations of complaint volume per category with this series' sales."""
    return forecast_view.review_signals(sales_frames(path, version),
                                        common.frames_for(path, version, filters).aspects,
                                        series)


def render() -> None:
    st.title("Sales forecast")
    frames = sales_frames(common.db_path(), common.version())
    if frames.empty:
        st.info("No sales data yet. Upload a sales export on the **Upload** page.")
        return
    series = forecast_view.series_names(frames)
    filters = common.current_filters()
    preferred = [s for s in series if s in filters.products] or series
    chosen = st.selectbox("Series", preferred, key="fc_series")
    view = forecast_view.series_view(frames, chosen)
    st.plotly_chart(plots.forecast_figure(view.history, view.forecast), width="stretch")
    st.markdown(markdown.escape_markdown(view.drawn))
    st.caption("Shaded bands: 80% and 95% prediction intervals. " + view.intervals)
    left, right = st.columns(2)
    with left:
        st.subheader("Backtest accuracy")
        if view.backtest.empty:
            st.caption("No backtest stored for this series.")
        else:
            st.dataframe(view.backtest.round(3), hide_index=True, width="stretch")
            st.caption("Rolling-origin backtest on held-back weeks. " + forecast_view.RATIO_HELP
                       + " Coverage: share of actual values inside the 80% and 95% intervals.")
    with right:
        st.subheader("Review signals")
        monthly = review_views.monthly_sentiment(common.selection().reviews, chosen)
        if monthly.empty:
            st.caption("No reviews of a product with this id in the current selection.")
        else:
            st.plotly_chart(plots.sentiment_time_figure(monthly), width="stretch")
            st.caption("Reviews and net sentiment per month for this product.")
    link, note = review_signals(common.db_path(), common.version(), filters, chosen)
    if not link.empty:
        st.subheader("Complaints and later sales")
        best = link.iloc[0]
        st.plotly_chart(plots.sales_link_figure(link, best["product_id"], best["aspect"]),
                        width="stretch")
        st.dataframe(link.head(10).round(3), hide_index=True, width="stretch")
        st.caption(note)


render()
