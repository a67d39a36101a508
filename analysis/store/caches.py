"""The store as the engine's caches: sentence outputs and term embeddings over DuckDB.

Structurally :class:`analysis.pipeline.cache.SentenceCache` and ``EmbeddingCache`` (the store
imports nothing from the pipeline; the protocols are met by shape). The services hand these to
the analysis transform, which never opens the store itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.store import results
from analysis.store.core import Store


class StoreSentenceCache:
    """``sentence_cache`` table: each write commits on its own, so a stopped run keeps it."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get_many(self, keys: Sequence[str]) -> pd.DataFrame:
        return results.lookup_sentences(self.store, keys)

    def put_many(self, model_version: str, rows: pd.DataFrame) -> None:
        results.save_sentences_to_cache(self.store, model_version, rows)


class StoreEmbeddingCache:
    """``embeddings`` table: vectors of short texts per model version."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get_vectors(self, model_version: str, texts: Iterable[str]) -> dict[str, np.ndarray]:
        return results.lookup_embeddings(self.store, model_version, texts)

    def put_vectors(self, model_version: str, vectors: dict[str, np.ndarray]) -> None:
        results.save_embeddings(self.store, model_version, vectors)
