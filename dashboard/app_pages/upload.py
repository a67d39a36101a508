"""Upload: review and sales exports, a preview of what each would import (columns with example
values, expected kept/rejected rows, a warning that asks before losing much of a file), then
analysis with progress and the rejected rows."""

from __future__ import annotations

import tempfile

import streamlit as st

from analysis.errors import UserInputError
from analysis.services import engine_settings, uploads
from analysis.services import reviews as review_import
from analysis.services import sales as sales_import
from dashboard import auth, common, markdown
from dashboard.datasets_panel import render_datasets

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
    return [uploads.stage_upload(folder, f.name, f.getvalue()) for f in files or []]


def _current_overrides() -> dict[str, str]:
    """The corrections chosen in the selectboxes (read before they are drawn, so the preview
    above them already follows them)."""
    chosen = {field: st.session_state.get(f"map_{field}", AUTO) for field in EDITABLE_FIELDS}
    return {field: column for field, column in chosen.items() if column != AUTO}


def _correction_boxes(preview: uploads.UploadPreview) -> None:
    """One selectbox per editable field: its column, or automatic detection."""
    options = [AUTO, *preview.common_columns()]
    st.caption("Correct a field if the detection picked the wrong column (applies to every file "
               "above; upload files with different layouts separately). The preview updates.")
    cols = st.columns(len(EDITABLE_FIELDS))
    for column, field in zip(cols, EDITABLE_FIELDS, strict=True):
        column.selectbox(field, options, key=f"map_{field}")


def _show_review_previews(preview: uploads.UploadPreview) -> None:
    """Per file: detected columns with example values, and the expected kept/rejected rows."""
    st.subheader("Detected columns")
    for name, file_preview in preview.previews.items():
        st.markdown(f"**{name}**: {file_preview.rows_read:,} rows, expected "
                    f"{file_preview.kept:,} kept and {file_preview.rejected:,} rejected")
        for note in file_preview.reader_notes:
            st.caption(note)
        fields = file_preview.fields
        st.dataframe(fields[fields["column"] != ""].drop(columns=["flag"]), hide_index=True,
                     width="stretch")
        st.dataframe(file_preview.outcomes, hide_index=True, width="stretch")


def _checked_preview(preview: uploads.UploadPreview) -> uploads.UploadPreview:
    """The preview under the current corrections (recomputed only when they change)."""
    overrides = _current_overrides()
    if overrides != preview.overrides:
        preview = uploads.repreview_reviews(preview, overrides)  # no file read again
        st.session_state["upload_preview"] = preview
    return preview


def _review_section(preview: uploads.UploadPreview) -> None:
    for name, message in preview.errors.items():
        st.error(f"{name} cannot be used and will be skipped: {message}")
    if not preview.paths:
        return
    _show_review_previews(preview)
    _correction_boxes(preview)
    accept = True
    for warning in preview.warnings:
        st.warning(warning)
    if preview.warnings:
        accept = st.checkbox("Import anyway: keep what can be used and list the rejected rows",
                             key="accept_rejections")
    keep_names = st.checkbox(
        "Keep reviewer names and ids (personal data)", key="keep_author_names",
        help="Off: the store keeps only a salted hash of each reviewer, enough to spot "
             "repeat reviewers. Turn on only if you need the names and may keep them.")
    engine = engine_settings.current_engine(common.store())
    st.caption(markdown.escape_markdown(f"Analysis engine: {engine.describe()} (chosen in "
                                        "Settings)."))
    if st.button(f"Import and analyse {len(preview.paths)} review file(s)", type="primary",
                 key="import_reviews", disabled=not accept):
        _import_reviews(preview, preview.overrides, keep_names,
                        accept_rejections=bool(preview.warnings))


def _sales_section(sales: uploads.SalesUploadPreview) -> None:
    for name, message in sales.errors.items():
        st.error(f"{name} cannot be used as sales data: {message}")
    for name, file_preview in sales.previews.items():
        span = (f", {file_preview.first:%Y-%m-%d} to {file_preview.last:%Y-%m-%d}"
                if file_preview.first is not None else "")
        st.markdown(f"**{name}** (sales): {file_preview.series} series, frequency "
                    f"{file_preview.freq}, {file_preview.periods} periods{span}")
        st.dataframe(file_preview.columns.drop(columns=["flag"]), hide_index=True,
                     width="stretch")
    if sales.paths and st.button(f"Import and forecast {len(sales.paths)} sales file(s)",
                                 key="import_sales"):
        _import_sales(sales.paths)


def _import_reviews(preview: uploads.UploadPreview, overrides: dict[str, str], keep_names: bool,
                    accept_rejections: bool = False) -> None:
    bar = common.ProgressBar("Analysing reviews")
    model = common.get_model()
    try:
        with common.store_wait_notice():  # "another process is writing ..." while it waits
            result = review_import.analyze_reviews(
                common.store(), preview.paths, model, overrides, progress=bar,
                accept_rejections=accept_rejections, actor=auth.actor(),
                keep_author_names=keep_names, tables=preview.parsed())
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
            outcome = sales_import.import_sales(common.store(), paths, progress=bar,
                                                actor=auth.actor())
    except UserInputError as exc:
        bar.done()
        st.error(f"No sales were imported. {exc}")
        return
    bar.done()
    st.session_state["sales_result"] = outcome
    st.session_state.pop("sales_preview", None)
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
        copies, rejected = review_import.split_rejections(outcome["rejected"])
        if len(copies):
            st.info(f"{len(copies):,} row(s) repeat a review kept once (copies of one review on "
                    "several product variants are linked to its product family; exact "
                    "duplicates and repeated headers are listed too): nothing was lost.")
            with st.expander("Rows that repeat a kept review"):
                st.dataframe(copies, hide_index=True, width="stretch")
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
    auth.require("upload")
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
        st.session_state["upload_staged"] = _stage(review_files)
        st.session_state["upload_preview"] = uploads.preview_reviews(
            st.session_state["upload_staged"], _current_overrides())
        st.session_state["sales_preview"] = uploads.preview_sales(_stage(sales_files))
        if not review_files and not sales_files:
            st.warning("Choose at least one file first.")
    preview: uploads.UploadPreview | None = st.session_state.get("upload_preview")
    if preview is not None and st.session_state.get("upload_staged"):
        preview = _checked_preview(preview)
    if preview is not None:
        _review_section(preview)
    sales: uploads.SalesUploadPreview | None = st.session_state.get("sales_preview")
    if sales is not None:
        _sales_section(sales)
    _show_results()
    render_datasets()


render()
