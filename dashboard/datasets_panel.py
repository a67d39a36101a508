"""The "Your datasets" section (Upload page): list imported files, remove one after a
confirmation, remove the bundled sample in one click. Renders what
:mod:`analysis.services.datasets` returns; the removal itself happens there."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.errors import UserInputError
from analysis.services import datasets
from dashboard import auth, common, markdown

CONFIRM = "ds_pending"  # session key: the dataset id awaiting confirmation


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "File": frame["source"], "Id": frame["dataset_id"], "Format": frame["format"],
        "Rows": frame["rows"], "Kept": frame["kept"], "Rejected": frame["rejected"],
        "Imported (UTC)": pd.to_datetime(frame["imported_at"]).dt.strftime("%Y-%m-%d %H:%M"),
        "Sample": frame["sample"].map({True: "bundled sample", False: ""}),
    })


def _remove(dataset_id: str) -> None:
    try:
        removal = datasets.remove_dataset(common.store(), dataset_id, actor=auth.actor())
    except UserInputError as exc:
        st.error(str(exc))
        return
    st.session_state.pop(CONFIRM, None)
    st.session_state["ds_removed"] = removal.line()
    common.data_changed()
    st.rerun()


def render_datasets() -> None:
    """List the datasets; select one, press Remove, then confirm (or cancel)."""
    st.subheader("Your datasets")
    done = st.session_state.pop("ds_removed", None)
    if done:
        st.success(done)
    frame = datasets.list_datasets(common.store())
    if frame.empty:
        st.caption("No datasets yet: every review file you import is listed here.")
        return
    st.dataframe(_table(frame), hide_index=True, width="stretch")
    if not auth.allowed("remove_dataset"):
        st.caption("Only editors can remove datasets.")
        return
    sample = frame[frame["sample"]]
    if not sample.empty and st.button("Remove the sample data", key="ds_remove_sample",
                                      help="Deletes the bundled demo reviews and sales; they "
                                           "are not analysed again on the next start."):
        _remove(str(sample["dataset_id"].iloc[0]))
    ids = {f"{row.source} ({row.dataset_id[:8]}, {row.kept:,} reviews)": row.dataset_id
           for row in frame.itertuples(index=False)}
    chosen = st.selectbox("Dataset to remove", list(ids), index=None,
                          placeholder="Choose a dataset", key="ds_choice")
    if st.button("Remove…", key="ds_remove", disabled=chosen is None):
        st.session_state[CONFIRM] = ids[chosen]
    pending = st.session_state.get(CONFIRM)
    if pending is None or pending not in ids.values():
        return
    row = frame[frame["dataset_id"] == pending].iloc[0]
    st.warning(markdown.escape_markdown(
        f"Remove {row['source']} ({row['kept']:,} reviews, {row['rejected']:,} rejected rows) "
        "and all their analysis results? This cannot be undone."))
    yes, no = st.columns(2)
    if yes.button("Yes, remove it", key="ds_confirm", type="primary"):
        _remove(pending)
    if no.button("Cancel", key="ds_cancel"):
        st.session_state.pop(CONFIRM, None)
        st.rerun()
