"""Re-categorize stored aspects without re-encoding any review.

Two modes: :func:`recategorize` applies one custom taxonomy to every product (and stores it,
so later analyses keep it); :func:`recategorize_catalogues` goes back to per-product catalogue
taxonomies (user overrides and added categories included). Both embed only aspect terms and
category texts, through the store's embedding cache, and refresh the stored suggestions.
Chinese aspects keep the categories of the Chinese taxonomy (:mod:`analysis.zh`): the English
embeddings do not read Han characters, so they are left out of both.
"""

from __future__ import annotations

import pandas as pd

from analysis.aspects.catalogue_stage import CatalogueCategorizer
from analysis.aspects.categorize import AspectCategorizer
from analysis.aspects.embeddings import CachedEmbedder
from analysis.aspects.taxonomy import Category, Taxonomy
from analysis.store import catalogues as catalogue_store
from analysis.store import results
from analysis.store.caches import StoreEmbeddingCache
from analysis.store.core import Store


def _without_chinese(terms: pd.DataFrame) -> pd.DataFrame:
    chinese = terms["aspect_norm"].astype(str).str.contains(r"[\u4e00-\u9fff\u3400-\u4dbf]")
    return terms[~chinese].reset_index(drop=True)


def _model(model):
    if model is None:
        from analysis.encoder.lazy import LazyReviewModel

        return LazyReviewModel()
    return model


def recategorize(
    store: Store,
    taxonomy: Taxonomy,
    model=None,
    categorizer: AspectCategorizer | None = None,
) -> pd.DataFrame:
    """Assign every stored ``aspect_norm`` to a category of ``taxonomy``; update the store.

    ``model.predict`` is never called. Returns ``aspect_norm, mentions, category``.
    ``model``: the engine whose ``embed`` is used (``None``: load the default).
    """
    terms = _without_chinese(results.distinct_aspect_terms(store))
    stage = categorizer if categorizer is not None else AspectCategorizer()
    stage.taxonomy = taxonomy
    stage.fit(CachedEmbedder(_model(model), StoreEmbeddingCache(store)))
    counts = dict(zip(terms["aspect_norm"], terms["mentions"], strict=True))
    mapping = stage.categorize(list(counts), counts)
    results.update_categories(store, mapping)
    catalogue_store.save_taxonomy_parts(
        store, taxonomy.to_records(), catalogue_store.extra_categories(store)
    )
    catalogue_store.save_suggestions(store, stage.suggestions(counts))
    terms["category"] = terms["aspect_norm"].map(mapping)
    return terms


def recategorize_catalogues(
    store: Store, model=None, stage: CatalogueCategorizer | None = None
) -> pd.DataFrame:
    """Drop any custom taxonomy and categorize each product under its catalogue.

    Uses the store's overrides and added categories unless ``stage`` is given. Returns
    ``product_id, aspect_norm, mentions, catalogue, category``.
    """
    extra = catalogue_store.extra_categories(store)
    if stage is None:
        stage = CatalogueCategorizer(
            overrides=catalogue_store.overrides(store),
            extra=[Category(c["name"], c["description"], tuple(c["examples"])) for c in extra],
        )
    stage.fit(CachedEmbedder(_model(model), StoreEmbeddingCache(store)))
    mapped = stage.categorize_terms(_without_chinese(catalogue_store.terms_by_product(store)))
    catalogue_store.update_categories_by_product(store, mapped)
    catalogue_store.save_taxonomy_parts(store, [], extra)
    catalogue_store.save_choices(store, stage.choices_)
    catalogue_store.save_suggestions(store, stage.suggestions_)
    return mapped
