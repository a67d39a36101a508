"""Compare: two to four products side by side on the aspect categories they share."""

from __future__ import annotations

import streamlit as st

from analysis.insights import dashboard_views as views
from dashboard import common


@st.cache_data(show_spinner=False, max_entries=64)
def comparison(path: str, version: str, filters: views.ViewFilters, products: tuple[str, ...],
               min_mentions: int):
    """Net sentiment and mentions per shared category for the chosen products; their KPIs."""
    frames = common.frames_for(path, version, filters)
    wide, mentions = views.compare_products(frames.aspects, list(products), min_mentions)
    kpis = views.kpi_table(frames.reviews[frames.reviews["product_id"].isin(products)])
    return wide, mentions, kpis[kpis["product_id"] != "All products"]


def render() -> None:
    st.title("Compare products")
    if common.empty_store_notice():
        return
    frames = common.selection()
    products = views.product_list(frames.reviews)
    chosen = st.multiselect("Products (2 to 4)", products, default=products[:2],
                            max_selections=4, key="cmp_products")
    if len(chosen) < 2:
        st.info("Pick at least two products to compare.")
        return
    min_mentions = st.slider("Minimum mentions per product and category", 1, 20, 3,
                             key="cmp_min")
    wide, mentions, kpis = comparison(common.db_path(), common.version(),
                                      common.current_filters(), tuple(chosen), min_mentions)
    st.dataframe(common.kpi_display(kpis), hide_index=True, width="stretch")
    st.plotly_chart(views.compare_figure(wide), width="stretch")
    if not wide.empty:
        st.caption("Net sentiment per category (mentions in brackets)")
        table = wide.round(2).astype(str) + " (" + mentions.fillna(0).astype(int).astype(str) \
            + ")"
        st.dataframe(table, width="stretch")


render()
