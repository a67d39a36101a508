"""What the Settings page reads and changes about catalogues, suggestions and added categories.

Each change is stored, then the stored aspects are re-categorized through the embedding cache
(no review is encoded again). With a custom taxonomy in use, an accepted suggestion is appended
to it; otherwise it becomes an added category on top of every catalogue.
"""

from __future__ import annotations

import pandas as pd

from analysis.aspects.catalogues import catalogue_titles
from analysis.aspects.taxonomy import TaxonomyError, taxonomy_from_dict
from analysis.services.categories import recategorize, recategorize_catalogues
from analysis.store import catalogues as catalogue_store
from analysis.store.core import Store


def catalogue_table(store: Store) -> pd.DataFrame:
    """One row per product: ``product_id, catalogue, title, chosen_by, fit, mentions``.

    ``fit`` is the share of the product's mentions in a named category of its catalogue.
    ``"*"`` (all products) is shown first when the user set it.
    """
    choices = catalogue_store.load_choices(store)
    titles = catalogue_titles()
    return pd.DataFrame(
        {
            "product_id": choices["product_id"],
            "catalogue": choices["catalogue"],
            "title": choices["catalogue"].map(titles).fillna(choices["catalogue"]),
            "chosen_by": choices["chosen_by"],
            "fit": choices["score"].round(3),
            "mentions": choices["mentions"],
        }
    )


def uses_custom_taxonomy(store: Store) -> bool:
    """True when a custom taxonomy replaces the catalogues for every product."""
    return bool(catalogue_store.custom_taxonomy(store))


def set_catalogue(store: Store, product_id: str, catalogue: str | None, model) -> pd.DataFrame:
    """Override a product's catalogue (``"*"``: all products; ``None``: automatic again) and
    re-categorize; returns the re-categorized terms."""
    if catalogue is not None and catalogue not in catalogue_titles():
        raise TaxonomyError(
            f"unknown catalogue {catalogue!r}; choose one of: {', '.join(catalogue_titles())}."
        )
    catalogue_store.set_override(store, product_id, catalogue)
    if uses_custom_taxonomy(store):
        return catalogue_store.terms_by_product(store)
    return recategorize_catalogues(store, model)


def use_catalogues(store: Store, model) -> pd.DataFrame:
    """Drop the custom taxonomy and go back to per-product catalogues."""
    return recategorize_catalogues(store, model)


def suggestion_table(store: Store) -> pd.DataFrame:
    """Stored suggestions for display: ``name, examples`` (comma-separated), ``mentions``."""
    frame = catalogue_store.load_suggestions(store)
    return pd.DataFrame(
        {
            "name": frame["name"],
            "examples": [", ".join(v) for v in frame["examples"]],
            "mentions": frame["mentions"],
        }
    )


def add_suggestion(store: Store, name: str, model, category_name: str | None = None):
    """Accept the stored suggestion ``name`` as a category (named ``category_name`` if given)
    with all its terms as examples, then re-categorize; returns the re-categorized terms."""
    stored = catalogue_store.load_suggestions(store)
    match = stored[stored["name"] == name]
    if match.empty:
        raise TaxonomyError(f"no suggestion named {name!r}; re-run the analysis to refresh them.")
    row = match.iloc[0]
    label = (category_name or name).strip()
    category = {"name": label, "description": f"{label}: " + ", ".join(row["examples"]),
                "examples": list(row["terms"])}
    custom = catalogue_store.custom_taxonomy(store)
    if custom:
        taxonomy = taxonomy_from_dict({"categories": [*custom, category]}, source="Settings page")
        return recategorize(store, taxonomy, model)
    extra = catalogue_store.extra_categories(store)
    taxonomy_from_dict({"categories": [*extra, category]}, source="added categories")
    catalogue_store.save_taxonomy_parts(store, [], [*extra, category])
    return recategorize_catalogues(store, model)


def remove_added_category(store: Store, name: str, model) -> pd.DataFrame:
    """Remove a category the user added on top of the catalogues, then re-categorize."""
    extra = [c for c in catalogue_store.extra_categories(store) if c["name"] != name]
    custom = catalogue_store.custom_taxonomy(store)
    catalogue_store.save_taxonomy_parts(store, custom, extra)
    if custom:
        return recategorize(store, taxonomy_from_dict({"categories": custom}), model)
    return recategorize_catalogues(store, model)
