"""Settings: catalogue per product, suggested categories, edit the aspect taxonomy, add a
custom theme, re-categorize without re-encoding; the engine uploads are analysed with."""

from __future__ import annotations

import streamlit as st

from analysis.errors import UserInputError
from analysis.services import audit, catalogues, engine_settings, taxonomy
from dashboard import auth, common, markdown

ENGINE_LABELS = {"local": "Local (this process)", "ray": "Ray (a local Ray or a cluster)"}


def _records() -> list[dict]:
    """This session's working copy of the taxonomy (starts from the store's)."""
    if "taxonomy_draft" not in st.session_state:
        st.session_state["taxonomy_draft"] = taxonomy.current_taxonomy_records(common.store())
    return st.session_state["taxonomy_draft"]


def _audit_trail() -> None:
    st.subheader("Audit trail")
    st.caption("Who imported, removed or re-categorised what, and when (UTC), newest first.")
    trail = audit.audit_trail(common.store())
    if trail.empty:
        st.caption("Nothing recorded yet.")
    else:
        st.dataframe(trail, hide_index=True, width="stretch", key="audit_table")
def _recategorized(action, *args) -> None:
    """Run a re-categorizing change with a spinner; errors are shown, success is recorded in
    the audit trail and reruns."""
    try:
        with st.spinner("Matching aspect terms to the categories…"):
            action(common.store(), *args, common.get_model())
    except UserInputError as exc:
        st.error(str(exc))
    else:
        audit.record_change(common.store(), auth.actor(), action.__name__,
                           [str(a) for a in args])
        common.data_changed()
        st.rerun()


def _catalogue_section() -> None:
    """Which catalogue taxonomy each product uses (with an override) and suggested categories."""
    store = common.store()
    titles = catalogues.catalogue_titles()
    st.subheader("Catalogue per product")
    st.write("Each product's aspects are grouped with the catalogue taxonomy that fits its "
             "terms best (fit: share of its mentions in a named category). Choose another "
             "catalogue for one product or for all of them.")
    if catalogues.uses_custom_taxonomy(store):
        st.info("A custom taxonomy (below) is used for every product instead of catalogues.")
        if st.button("Use catalogue taxonomies again", key="use_catalogues"):
            _recategorized(catalogues.use_catalogues)
    table = catalogues.catalogue_table(store)
    if table.empty:
        st.caption("No analysed products yet.")
    else:
        st.dataframe(table, hide_index=True, width="stretch")
        products = [p for p in table["product_id"] if p != "*"]
        with st.form("catalogue_override"):
            product = st.selectbox("Product", ["*", *products],
                                   format_func=lambda p: "All products" if p == "*" else p)
            choice = st.selectbox("Catalogue", ["", *titles],
                                  format_func=lambda n: titles.get(n, "Automatic (best fit)"))
            applied = st.form_submit_button("Apply catalogue")
        if applied:
            _recategorized(catalogues.set_catalogue, product, choice or None)
    st.subheader("Suggested categories")
    suggestions = catalogues.suggestion_table(store)
    if suggestions.empty:
        st.caption("No suggestions: frequent aspect terms all fit a category.")
        return
    st.write("Frequent aspect terms that fit no category (now under \"other\"), grouped by "
             "meaning. Add one as a category with one click.")
    for row in suggestions.itertuples():
        name_col, examples_col, count_col, button_col = st.columns([2, 5, 1, 2])
        name_col.text(row.name)
        examples_col.text(row.examples)
        count_col.text(f"{row.mentions:,}")
        if button_col.button("Add as category", key=f"add_suggestion_{row.Index}"):
            _recategorized(catalogues.add_suggestion, row.name)


def _engine_section() -> None:
    """Local or Ray for the app's analyses (the CLI's ``--engine``), stored in the store."""
    current = engine_settings.current_engine(common.store())
    st.subheader("Analysis engine")
    st.write("Where uploaded reviews are analysed: in this process, or with the encoder pass "
             "on Ray workers (a local Ray started for each upload, or the cluster at an "
             "address). The results are the same; Ray pays off on large uploads.")
    engine = st.radio("Engine", list(ENGINE_LABELS), index=list(ENGINE_LABELS).index(
        current.engine), format_func=ENGINE_LABELS.get, horizontal=True, key="engine_choice")
    on_ray = engine == "ray"
    address = st.text_input(
        "Ray cluster address (optional)", value=current.address or "", disabled=not on_ray,
        placeholder="head-host:6379 or ray://head-host:10001", key="engine_address",
        help="Empty: a local Ray is started for each upload and shut down after it.")
    workers = st.text_input(
        "Workers (optional)", value=str(current.workers or ""), disabled=not on_ray,
        placeholder="all CPUs", key="engine_workers",
        help="How many CPUs Ray may use (empty: all of this machine's, or the cluster's).")
    if st.button("Save engine", key="save_engine"):
        _save_engine(engine, address, workers)


def _save_engine(engine: str, address: str, workers: str) -> None:
    """Validate and store the engine choice (audited); a bad value is shown, nothing saved."""
    try:
        choice = engine_settings.engine_choice(engine, address, workers)
    except UserInputError as exc:
        st.error(markdown.escape_markdown(str(exc)))
        return
    engine_settings.save_engine(common.store(), choice, actor=auth.actor())
    st.success(markdown.escape_markdown(f"Saved: uploads are analysed with "
                                        f"{choice.describe()}."))


def render() -> None:
    auth.require("edit_taxonomy")
    st.title("Settings")
    st.caption(f"Store: {common.db_path()}")
    _catalogue_section()
    st.subheader("Custom aspect taxonomy")
    st.write("Aspect terms found in reviews are grouped into these categories by meaning (the "
             "name, description and example terms). Edit them, then re-categorise: the table "
             "then replaces the catalogue taxonomies for every product. Only the aspect terms "
             "are re-matched, reviews are not encoded again.")
    edited = st.data_editor(
        taxonomy.taxonomy_editor_frame(_records()), num_rows="dynamic", hide_index=True,
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
            st.session_state["taxonomy_draft"] = taxonomy.add_theme(
                taxonomy.records_from_editor(edited), name, examples)
            st.session_state.pop("taxonomy_editor", None)
            st.rerun()
        except UserInputError as exc:
            st.error(str(exc))
    if st.button("Re-categorise stored aspects", type="primary", key="recategorise"):
        records = taxonomy.records_from_editor(edited)
        try:
            with st.spinner("Matching aspect terms to the categories…"):
                terms = taxonomy.apply_taxonomy(common.store(), records, common.get_model(),
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
    _engine_section()
    _audit_trail()


render()
