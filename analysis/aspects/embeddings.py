"""Embedding of short texts (aspect terms, category prototypes) with a cache.

Aspect vocabularies are small and repetitive, so each distinct text is embedded once per model
version: first from memory, then from the store's ``embeddings`` table, and only then by the
model (one batched call for everything missing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np


class VectorCache(Protocol):
    """Where vectors persist across runs (``analysis.pipeline.cache.EmbeddingCache``)."""

    def get_vectors(self, model_version: str, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """Vectors of those ``texts`` it holds."""
        ...

    def put_vectors(self, model_version: str, vectors: dict[str, np.ndarray]) -> None:
        """Keep these vectors."""
        ...


@dataclass
class CachedEmbedder:
    """Callable ``embedder(texts) -> np.ndarray[n, d]`` backed by ``model.embed``.

    ``cache`` is optional; with it, vectors persist across runs. ``calls_`` counts model calls
    and ``embedded_`` the texts the model actually encoded (useful to show caching works).
    """

    model: object
    cache: VectorCache | None = None
    _memory: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    calls_: int = 0
    embedded_: int = 0

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self._memory]
        version = str(getattr(self.model, "version", "unversioned"))
        if missing and self.cache is not None:
            self._memory.update(self.cache.get_vectors(version, missing))
            missing = [t for t in missing if t not in self._memory]
        if missing:
            vectors = np.asarray(self.model.embed(missing), dtype=np.float32)
            self.calls_ += 1
            self.embedded_ += len(missing)
            fresh = dict(zip(missing, vectors, strict=True))
            self._memory.update(fresh)
            if self.cache is not None:
                self.cache.put_vectors(version, fresh)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._memory[t] for t in texts])
