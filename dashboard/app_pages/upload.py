"""Upload: review and sales exports, column mapping check, analysis with progress, rejections."""

from __future__ import annotations

import tempfile

import pandas as pd
import streamlit as st

from analysis.errors import UserInputError
from analysis.insights import dashboard_data as data
from dashboard import common

REVIEW_TYPES = ["csv", "tsv", "txt", "xlsx", "json", "jsonl", "gz"]
SALES_TYPES = ["csv", "tsv", "txt", "xlsx"]
AUTO = "(detect automatically)"
MAX_UPLOAD_MB = 200  # also passed to Streamlit by `reviewlens serve` (--server.maxUploadSize)
EDITABLE_FIELDS = ["text", "review_id", "product_id", "date", "rating", "title"]


def _session_folder() -> str:
    """A temporary folder private to this browser session for its uploaded files."""
    if "upload_dir" not in st.session_state:
        st.session_state["upload_dir"] = tempfile.mkdtemp(prefix="reviewlens-upload-")
    return st.session_state["upload_dir"]


def _stage(files) -> list:
    folder = _session_folder()
    return [data.stage_upload(folder, f.name, f.getvalue()) for f in files or []]


def _mapping_editor(preview: data.UploadPreview) -> dict[str, str]:
    """Show detected mappings per file; return the user's corrections (field -> column)."""
    st.subheader("Detected columns")
    detected = pd.DataFrame(preview.mappings).rename_axis("field").reset_index()
    st.dataframe(detected.fillna("—"), hide_index=True, width="stretch")
    options = [AUTO, *preview.common_columns()]
    st.caption("Correct a field if the detection picked the wrong column (applies to every file "
               "above; upload files with different layouts separately).")
    overrides: dict[str, str] = {}
    cols = st.columns(len(EDITABLE_FIELDS))
    for column, field in zip(cols, EDITABLE_FIELDS, strict=True):
        choice = column.selectbox(field, options, key=f"map_{field}")
        if choice != AUTO:
            overrides[field] = choice
    return overrides


def _import_reviews(preview: data.UploadPreview, overrides: dict[str, str]) -> None:
    bar = common.ProgressBar("Analysing reviews")
    model = common.get_model()
    try:
        with common.store_wait_notice():  # "another process is writing ..." while it waits
            result = data.analyse_reviews(common.store(), preview.paths, model, overrides,
                                          progress=bar)
    except UserInputError as exc:
        bar.done()
        st.error(f"Nothing was imported. {exc}")
        return
    bar.done()
    st.session_state["upload_result"] = {
        "reviews": len(result.reviews), "aspects": len(result.aspects),
        "rejected": result.rejected,
        "ids_qualified": int(result.summary.get("counts", {}).get("ids_qualified", 0)),
    }
    st.session_state.pop("upload_preview", None)
    common.data_changed()
    st.rerun()  # redraw the sidebar and pages with the new data; the outcome stays in state


def _import_sales(paths: list) -> None:
    bar = common.ProgressBar("Forecasting sales")
    try:
        with common.store_wait_notice():
            outcome = data.import_sales(common.store(), paths, progress=bar)
    except UserInputError as exc:
        bar.done()
        st.error(f"No sales were imported. {exc}")
        return
    bar.done()
    st.session_state["sales_result"] = outcome
    st.session_state.pop("sales_staged", None)
    common.data_changed()
    st.rerun()


def _show_results() -> None:
    outcome = st.session_state.get("upload_result")
    if outcome:
        st.success(f"Imported and analysed {outcome['reviews']:,} reviews "
                   f"({outcome['aspects']:,} aspect mentions).")
        if outcome.get("ids_qualified"):
            st.info(f"{outcome['ids_qualified']:,} review(s) reuse a review id that a different "
                    "stored review already has (e.g. another shop numbering from 1); they were "
                    "kept under <id>@<file hash> ids so neither is lost.")
        rejected = outcome["rejected"]
        if len(rejected):
            rows = "1 row" if len(rejected) == 1 else f"{len(rejected):,} rows"
            st.warning(f"{rows} could not be used; the reasons are below.")
            st.dataframe(rejected, hide_index=True, width="stretch")
    sales = st.session_state.get("sales_result")
    if sales:
        st.success(sales.message)
        if len(sales.issues):
            st.warning(f"{len(sales.issues):,} notes about the sales data (gaps, duplicates, "
                       "rows that could not be used, short series):")
            st.dataframe(sales.issues, hide_index=True, width="stretch")


def render() -> None:
    st.title("Upload")
    st.write("Add review exports (CSV, TSV, XLSX, JSON or JSON Lines, also gzipped) and sales "
             "exports (CSV or XLSX: a date, a value and optionally a product column), up to "
             f"{MAX_UPLOAD_MB} MB per file. Files are checked first; nothing is imported until "
             "you confirm.")
    with st.form("upload_form"):
        review_files = st.file_uploader("Review exports", type=REVIEW_TYPES,
                                        accept_multiple_files=True, key="review_files")
        sales_files = st.file_uploader("Sales exports", type=SALES_TYPES,
                                       accept_multiple_files=True, key="sales_files")
        checked = st.form_submit_button("Check files", type="primary")
    if checked:
        st.session_state.pop("upload_result", None)
        st.session_state.pop("sales_result", None)
        st.session_state["upload_preview"] = data.preview_reviews(_stage(review_files))
        st.session_state["sales_staged"] = _stage(sales_files)
        if not review_files and not sales_files:
            st.warning("Choose at least one file first.")
    preview: data.UploadPreview | None = st.session_state.get("upload_preview")
    sales_paths = st.session_state.get("sales_staged") or []
    if preview is not None:
        for name, message in preview.errors.items():
            st.error(f"{name} cannot be used and will be skipped: {message}")
        if preview.paths:
            overrides = _mapping_editor(preview)
            if st.button(f"Import and analyse {len(preview.paths)} review file(s)",
                         type="primary", key="import_reviews"):
                _import_reviews(preview, overrides)
    if sales_paths and st.button(f"Import and forecast {len(sales_paths)} sales file(s)",
                                 key="import_sales"):
        _import_sales(sales_paths)
    _show_results()


render()
