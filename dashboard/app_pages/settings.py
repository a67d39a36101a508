"""Settings: edit the aspect taxonomy, add a custom theme, re-categorise without re-encoding."""

from __future__ import annotations

import streamlit as st

from analysis.errors import UserInputError
from analysis.insights import dashboard_data as data
from dashboard import auth, common


def _records() -> list[dict]:
    """This session's working copy of the taxonomy (starts from the store's)."""
    if "taxonomy_draft" not in st.session_state:
        st.session_state["taxonomy_draft"] = data.current_taxonomy_records(common.store())
    return st.session_state["taxonomy_draft"]


def _audit_trail() -> None:
    st.subheader("Audit trail")
    st.caption("Who imported, removed or re-categorised what, and when (UTC), newest first.")
    trail = data.audit_trail(common.store())
    if trail.empty:
        st.caption("Nothing recorded yet.")
    else:
        st.dataframe(trail, hide_index=True, width="stretch", key="audit_table")


def render() -> None:
    auth.require("edit_taxonomy")
    st.title("Settings")
    st.caption(f"Store: {common.db_path()}")
    st.subheader("Aspect taxonomy")
    st.write("Aspect terms found in reviews are grouped into these categories by meaning (the "
             "name, description and example terms). Edit them, then re-categorise: only the "
             "aspect terms are re-matched, reviews are not encoded again.")
    edited = st.data_editor(
        data.taxonomy_editor_frame(_records()), num_rows="dynamic", hide_index=True,
        width="stretch", key="taxonomy_editor",
        column_config={
            "name": st.column_config.TextColumn("Category", required=True),
            "description": st.column_config.TextColumn("Description"),
            "examples": st.column_config.TextColumn("Example terms (comma-separated)"),
        },
    )
    with st.form("add_theme", clear_on_submit=True):
        st.markdown("**Add a custom theme**")
        name = st.text_input("Theme name", placeholder="e.g. sustainability")
        examples = st.text_input("Example terms", placeholder="recycled, eco, plastic-free")
        added = st.form_submit_button("Add theme")
    if added:
        try:
            st.session_state["taxonomy_draft"] = data.add_theme(
                data.records_from_editor(edited), name, examples)
            st.session_state.pop("taxonomy_editor", None)
            st.rerun()
        except UserInputError as exc:
            st.error(str(exc))
    if st.button("Re-categorise stored aspects", type="primary", key="recategorise"):
        records = data.records_from_editor(edited)
        try:
            with st.spinner("Matching aspect terms to the categories…"):
                terms = data.apply_taxonomy(common.store(), records, common.get_model(),
                                            actor=auth.actor())
        except UserInputError as exc:
            st.error(str(exc))
        else:
            common.data_changed()
            st.session_state["taxonomy_draft"] = records
            st.success(f"Re-categorised {int(terms['mentions'].sum()):,} mentions of "
                       f"{len(terms):,} terms.")
            st.dataframe(terms.groupby("category", as_index=False)["mentions"].sum()
                         .sort_values("mentions", ascending=False), hide_index=True)
    _audit_trail()


render()
