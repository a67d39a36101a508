"""Reports: the PDF report and CSV/XLSX exports of the current selection, built on demand.

Files are built only when asked for and cached by (db path, store version, filters), so
downloading, or rerunning the page for any other reason, never rebuilds them.
"""

from __future__ import annotations

import streamlit as st

from analysis.insights import dashboard_data as data
from analysis.insights import dashboard_views as views
from analysis.reports import exports
from analysis.reports.pdf import build_pdf
from dashboard import common

DATASETS = {"Reviews": "reviews", "Aspect mentions": "aspects", "Forecasts": "forecasts"}


@st.cache_data(show_spinner="Building the PDF report…", max_entries=8)
def pdf_bytes(path: str, version: str, filters: views.ViewFilters) -> bytes:
    """The PDF report of a selection."""
    return build_pdf(data.report_data(common.get_store(path), filters))


@st.cache_data(show_spinner="Preparing the export…", max_entries=16)
def export_bytes(path: str, version: str, filters: views.ViewFilters, dataset: str,
                 fmt: str) -> bytes:
    """One dataset of a selection as formula-safe CSV or XLSX."""
    report = data.report_data(common.get_store(path), filters)
    frame = {
        "reviews": exports.reviews_export(report.reviews),
        "aspects": exports.aspects_export(report.aspects),
        "forecasts": exports.forecasts_export(report.forecast),
    }[dataset]
    return exports.to_csv_bytes(frame) if fmt == "csv" else exports.to_xlsx_bytes({dataset: frame})


def render() -> None:
    st.title("Reports")
    if common.empty_store_notice():
        return
    filters = common.current_filters()
    path, version = common.db_path(), common.version()
    st.caption("Selection: " + views.escape_markdown(filters.describe()))
    st.subheader("PDF report")
    st.write("KPIs, strengths and weaknesses per product with quotes, trends, emerging issues "
             "and the sales forecast, for the products and dates chosen in the sidebar.")
    if st.button("Build PDF report", key="rp_build_pdf", type="primary"):
        st.session_state["rp_pdf_for"] = (version, filters)
    if st.session_state.get("rp_pdf_for") == (version, filters):
        st.download_button("Download PDF", pdf_bytes(path, version, filters),
                           file_name="reviewlens-report.pdf", mime="application/pdf",
                           on_click="ignore", key="rp_download_pdf")
    st.subheader("Data exports")
    st.write("Cells that start with = + - @ are prefixed with ' so spreadsheets never run them "
             "as formulas.")
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
