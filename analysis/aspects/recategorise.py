"""Re-categorise stored aspects under a new taxonomy without re-encoding any review."""

from __future__ import annotations

import pandas as pd

from analysis.aspects.categorize import AspectCategorizer
from analysis.aspects.embeddings import CachedEmbedder
from analysis.aspects.taxonomy import Taxonomy
from analysis.store import results
from analysis.store.core import Store


def recategorise(
    store: Store,
    taxonomy: Taxonomy,
    model=None,
    categorizer: AspectCategorizer | None = None,
) -> pd.DataFrame:
    """Assign every stored ``aspect_norm`` to a category of ``taxonomy``; update the store.

    Only aspect terms and category texts are embedded (through the store's embedding cache, so
    usually nothing new); ``model.predict`` is never called. Returns ``aspect_norm, mentions,
    category``. ``model``: the engine whose ``embed`` is used (``None``: load the default).
    """
    if model is None:
        from analysis.encoder import ReviewModel

        model = ReviewModel.load()
    terms = results.distinct_aspect_terms(store)
    stage = categorizer if categorizer is not None else AspectCategorizer()
    stage.taxonomy = taxonomy
    stage.fit(CachedEmbedder(model, store))
    counts = dict(zip(terms["aspect_norm"], terms["mentions"], strict=True))
    mapping = stage.categorize(list(counts), counts)
    results.update_categories(store, mapping)
    results.save_taxonomy(store, taxonomy.to_records())
    terms["category"] = terms["aspect_norm"].map(mapping)
    return terms
