"""Editing the taxonomy: the one in use, the editor's table, custom themes, and
re-categorizing every stored mention under a new taxonomy without re-encoding reviews.
"""

from __future__ import annotations

import pandas as pd

from analysis.store import results
from analysis.store.core import Store


def current_taxonomy_records(store: Store) -> list[dict]:
    """The taxonomy in use (stored by the last analysis), else the packaged default."""
    from analysis.aspects import load_taxonomy

    table = results.load_taxonomy_table(store)
    table = table[table["kind"].fillna("taxonomy") == "taxonomy"] if "kind" in table else table
    if table.empty:
        return load_taxonomy().to_records()
    return [
        {"name": row.name, "description": row.description or "", "examples": list(row.examples)}
        for row in table.itertuples(index=False)
    ]


def taxonomy_editor_frame(records: list[dict]) -> pd.DataFrame:
    """Records as an editable table: examples as one comma-separated string."""
    return pd.DataFrame(
        {
            "name": [r["name"] for r in records],
            "description": [r.get("description", "") for r in records],
            "examples": [", ".join(r.get("examples", [])) for r in records],
        }
    )


def records_from_editor(frame: pd.DataFrame) -> list[dict]:
    """Rows of the edited table back to taxonomy records (blank rows dropped)."""
    records = []
    for row in frame.fillna("").itertuples(index=False):
        name = str(row.name).strip()
        if not name:
            continue
        examples = [t.strip() for t in str(row.examples).split(",") if t.strip()]
        records.append({"name": name, "description": str(row.description).strip(),
                        "examples": examples})
    return records


def add_theme(records: list[dict], name: str, examples: str, description: str = "") -> list[dict]:
    """A copy of ``records`` with a custom theme added (validated like any taxonomy)."""
    from analysis.aspects import taxonomy_from_dict

    terms = [t.strip() for t in examples.replace("\n", ",").split(",") if t.strip()]
    updated = [*records, {"name": name.strip(), "description": description.strip(),
                          "examples": terms}]
    taxonomy_from_dict({"categories": updated}, source="custom theme")
    return updated


def apply_taxonomy(store: Store, records: list[dict], model,
                   actor: str | None = None) -> pd.DataFrame:
    """Re-categorize every stored mention under ``records`` without re-encoding reviews.

    Returns ``aspect_norm, mentions, category``. Raises ``TaxonomyError`` for an invalid table.
    The change is recorded in the audit trail under ``actor``.
    """
    from analysis.aspects import taxonomy_from_dict
    from analysis.services.categories import recategorize
    from analysis.store.audit import record_audit

    taxonomy = taxonomy_from_dict({"categories": records}, source="Settings page")
    terms = recategorize(store, taxonomy, model)
    record_audit(store, actor or "dashboard", "recategorise",
                 {"categories": [r.get("name") for r in records],
                  "mentions": int(terms["mentions"].sum()) if len(terms) else 0})
    return terms
