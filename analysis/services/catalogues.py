"""Catalogue per product, suggested categories and categories added on top: what the Settings
page reads and changes. Each change is stored and the stored mentions are re-categorized
through the embedding cache (no review is encoded again).

The work is done by :mod:`analysis.aspects.catalogue_admin`; this module is the use case the
app calls, so pages depend on services only.
"""

from __future__ import annotations

import pandas as pd

from analysis.aspects import catalogue_admin as admin
from analysis.aspects.catalogues import catalogue_titles
from analysis.store.core import Store

__all__ = ["catalogue_titles", "catalogue_table", "uses_custom_taxonomy", "set_catalogue",
           "use_catalogues", "suggestion_table", "add_suggestion"]


def catalogue_table(store: Store) -> pd.DataFrame:
    """One row per product: ``product_id, catalogue, title, chosen_by, fit, mentions``."""
    return admin.catalogue_table(store)


def uses_custom_taxonomy(store: Store) -> bool:
    """True when a custom taxonomy replaces the catalogues for every product."""
    return admin.uses_custom_taxonomy(store)


def suggestion_table(store: Store) -> pd.DataFrame:
    """Stored suggestions for display: ``name, examples`` (comma-separated), ``mentions``."""
    return admin.suggestion_table(store)


# The changes keep their names: the audit trail records the function name as the action.
def set_catalogue(store: Store, product_id: str, catalogue: str | None, model) -> pd.DataFrame:
    """Override a product's catalogue (``"*"``: all products; ``None``: automatic again) and
    re-categorize; returns the re-categorized terms."""
    return admin.set_catalogue(store, product_id, catalogue, model)


def use_catalogues(store: Store, model) -> pd.DataFrame:
    """Drop the custom taxonomy and go back to per-product catalogues."""
    return admin.use_catalogues(store, model)


def add_suggestion(store: Store, name: str, model) -> pd.DataFrame:
    """Accept the stored suggestion ``name`` as a category and re-categorize."""
    return admin.add_suggestion(store, name, model)
