"""Compare: two to four products side by side on the aspect categories they share."""

from __future__ import annotations

import streamlit as st

from analysis import plots
from analysis.services import review_views
from analysis.services import views as view_data
from dashboard import common, markdown


@st.cache_data(show_spinner=False, max_entries=64)
def comparison(path: str, version: str, filters: view_data.ViewFilters,
               products: tuple[str, ...], min_mentions: int):
    """Net sentiment and mentions per shared category for the chosen products; their KPIs."""
    return review_views.comparison(common.frames_for(path, version, filters), products,
                                   min_mentions)


def render() -> None:
    st.title("Compare products")
    if common.empty_store_notice():
        return
    frames = common.selection()
    volume = review_views.products_by_volume(frames.reviews)
    products = volume.index.tolist()
    kept = st.session_state.get("cmp_products")
    if kept is not None:  # drop picks the current filter no longer holds
        st.session_state["cmp_products"] = [p for p in kept if p in volume.index]
    chosen = st.multiselect("Products (2 to 4), most reviewed first", products,
                            default=None if kept is not None
                            else review_views.default_products(frames.reviews),
                            format_func=lambda p: f"{p} ({volume[p]:,} reviews)",
                            max_selections=4, key="cmp_products")
    if len(chosen) < 2:
        st.info("Pick at least two products to compare.")
        return
    min_mentions = st.slider("Minimum mentions per product and category", 1, 20, 3,
                             key="cmp_min")
    cells, wide, missing, kpis = comparison(common.db_path(), common.version(),
                                            common.current_filters(), tuple(chosen),
                                            min_mentions)
    st.dataframe(common.kpi_display(kpis), hide_index=True, width="stretch")
    for product, reason in missing.items():
        st.warning(markdown.escape_markdown(f"{product} is not in the chart: it {reason}"),
                   icon=":material/info:")
    st.plotly_chart(plots.compare_figure(wide), width="stretch")
    if not cells.empty:
        st.caption("Net sentiment per category (mentions in brackets); — means the product "
                   f"has fewer than {min_mentions} mentions of that category.")
        st.dataframe(cells, width="stretch")


render()
