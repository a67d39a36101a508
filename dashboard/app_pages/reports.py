"""Reports: the PDF report and CSV/XLSX exports of the current selection, built on demand.

Files are built only when asked for and cached by (db path, store version, filters), so
downloading, or rerunning the page for any other reason, never rebuilds them.
"""

from __future__ import annotations

import streamlit as st

from analysis.services import report_files, review_views
from analysis.services import views as view_data
from dashboard import common, markdown

DATASETS = {"Reviews": "reviews", "Aspect mentions": "aspects", "Forecasts": "forecasts",
            "Backtest accuracy": "backtest"}
MAX_PRODUCTS = report_files.MAX_PRODUCTS


@st.cache_data(show_spinner="Building the PDF report…", max_entries=8)
def pdf_bytes(path: str, version: str, filters: view_data.ViewFilters,
              products: tuple[str, ...] = ()) -> bytes:
    """The PDF report of a selection, with pages for ``products`` (empty: chosen by what
    matters)."""
    return report_files.pdf_report(common.get_store(path), filters, products)


@st.cache_data(show_spinner=False, max_entries=16)
def suggested_products(path: str, version: str, filters: view_data.ViewFilters) -> list[str]:
    """The products the report would detail on its own (most reviewed, biggest change, most
    negative)."""
    return report_files.suggested_products(common.frames_for(path, version, filters).reviews)


@st.cache_data(show_spinner="Preparing the export…", max_entries=16)
def export_bytes(path: str, version: str, filters: view_data.ViewFilters, dataset: str,
                 fmt: str) -> bytes:
    """One dataset of a selection as formula-safe CSV or XLSX."""
    return report_files.export_bytes(common.get_store(path), filters, dataset, fmt)


def render() -> None:
    st.title("Reports")
    if common.empty_store_notice():
        return
    filters = common.current_filters()
    path, version = common.db_path(), common.version()
    st.caption("Selection: " + markdown.escape_markdown(filters.describe()))
    st.subheader("PDF report")
    st.write("Page 1: what the report covers and an executive summary. Then KPIs, a page per "
             "chosen product with quotes, trends and emerging issues, reviews whose stars and "
             "words disagree, and the sales forecast, for the products and dates chosen in the "
             "sidebar.")
    volume = review_views.products_by_volume(common.selection().reviews)
    kept = st.session_state.get("rp_products")
    if kept is not None:  # drop picks the current filter no longer holds
        st.session_state["rp_products"] = [p for p in kept if p in volume.index]
    picked = st.multiselect(
        f"Products with a page of their own (up to {MAX_PRODUCTS})", volume.index.tolist(),
        default=None if kept is not None else suggested_products(path, version, filters),
        max_selections=MAX_PRODUCTS,
        format_func=lambda p: f"{p} ({volume[p]:,} reviews)", key="rp_products",
        help="Suggested: the most reviewed, the biggest recent change and the most negative.")
    products = tuple(picked)
    if st.button("Build PDF report", key="rp_build_pdf", type="primary"):
        st.session_state["rp_pdf_for"] = (version, filters, products)
    if st.session_state.get("rp_pdf_for") == (version, filters, products):
        st.download_button("Download PDF", pdf_bytes(path, version, filters, products),
                           file_name="reviewlens-report.pdf", mime="application/pdf",
                           on_click="ignore", key="rp_download_pdf")
    st.subheader("Data exports")
    st.write("Numbers are rounded to what a reader uses (sentiment 3 decimals, money 2); the "
             "store keeps full precision. Cells that start with = + - @, a tab or a carriage "
             "return are prefixed with ' so spreadsheets never run them as formulas.")
    cols = st.columns(3)
    label = cols[0].selectbox("Data", list(DATASETS), key="rp_dataset")
    fmt = cols[1].radio("Format", ["csv", "xlsx"], horizontal=True, key="rp_format")
    if cols[2].button("Prepare export", key="rp_prepare"):
        st.session_state["rp_export_for"] = (version, filters, label, fmt)
    if st.session_state.get("rp_export_for") == (version, filters, label, fmt):
        mime = "text/csv" if fmt == "csv" else \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        st.download_button(f"Download {label.lower()} ({fmt.upper()})",
                           export_bytes(path, version, filters, DATASETS[label], fmt),
                           file_name=f"reviewlens-{DATASETS[label]}.{fmt}", mime=mime,
                           on_click="ignore", key="rp_download_export")


render()
