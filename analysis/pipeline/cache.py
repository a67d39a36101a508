"""The caches the analysis transform reads and writes, as small protocols.

The transform never opens a store: it is handed a :class:`SentenceCache` (model output per
distinct sentence text) and optionally an :class:`EmbeddingCache` (vectors of aspect terms and
category descriptions). :mod:`analysis.store.caches` implements both over DuckDB; the
in-memory versions here serve tests, one-off scripts and workers that keep no store.

Keys are :func:`text_key` (``sha1(model_version, text)``), so entries of one model version
never answer for another.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd

from analysis.cache_keys import text_key

# Columns of a cached sentence: probabilities and the aspect spans (list of dicts with
# start, end, term, polarity, probs, confidence; offsets index the sentence text).
__all__ = ["SENTENCE_COLUMNS", "EmbeddingCache", "MemoryEmbeddingCache", "MemorySentenceCache",
           "SentenceCache", "text_key"]
SENTENCE_COLUMNS = ["key", "p_negative", "p_neutral", "p_positive", "aspects"]


@runtime_checkable
class SentenceCache(Protocol):
    """Model output per sentence key (:func:`text_key`)."""

    def get_many(self, keys: Sequence[str]) -> pd.DataFrame:
        """Cached rows for those of ``keys`` it holds (``SENTENCE_COLUMNS``; others absent)."""
        ...

    def put_many(self, model_version: str, rows: pd.DataFrame) -> None:
        """Keep ``rows`` (``SENTENCE_COLUMNS``); a key held already is left as it is."""
        ...


@runtime_checkable
class EmbeddingCache(Protocol):
    """Vectors of short texts per model version."""

    def get_vectors(self, model_version: str, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """Vectors of those ``texts`` it holds (the others are absent)."""
        ...

    def put_vectors(self, model_version: str, vectors: dict[str, np.ndarray]) -> None:
        """Keep these vectors (idempotent)."""
        ...


class MemorySentenceCache:
    """A :class:`SentenceCache` in a dict; ``puts`` counts the rows written (for tests)."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple] = {}
        self.puts = 0

    def get_many(self, keys: Sequence[str]) -> pd.DataFrame:
        found = [(k, *self.rows[k]) for k in dict.fromkeys(keys) if k in self.rows]
        return pd.DataFrame(found, columns=SENTENCE_COLUMNS)

    def put_many(self, model_version: str, rows: pd.DataFrame) -> None:
        for row in rows[SENTENCE_COLUMNS].itertuples(index=False):
            self.rows.setdefault(row[0], tuple(row[1:]))
        self.puts += len(rows)

    def __len__(self) -> int:
        return len(self.rows)


class MemoryEmbeddingCache:
    """An :class:`EmbeddingCache` in a dict keyed by :func:`text_key`."""

    def __init__(self) -> None:
        self.vectors: dict[str, np.ndarray] = {}

    def get_vectors(self, model_version: str, texts: Iterable[str]) -> dict[str, np.ndarray]:
        found = {t: self.vectors.get(text_key(model_version, t)) for t in dict.fromkeys(texts)}
        return {t: v for t, v in found.items() if v is not None}

    def put_vectors(self, model_version: str, vectors: dict[str, np.ndarray]) -> None:
        for text, vector in vectors.items():
            self.vectors.setdefault(text_key(model_version, text),
                                    np.asarray(vector, dtype=np.float32))
