"""A deterministic stand-in for ``ReviewModel`` (same API), so pipeline tests need no weights.

Sentiment comes from cue words, aspects from a fixed vocabulary, embeddings from hashed
character trigrams (similar spellings -> similar vectors). It records every call so tests can
check caching: which texts were predicted or embedded, and how often.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from analysis.encoder import AspectSpan, SentencePrediction

POSITIVE = {"great", "good", "love", "excellent", "fast", "perfect", "nice", "works"}
NEGATIVE = {"bad", "broke", "slow", "terrible", "awful", "leaks", "late", "poor", "died"}
VOCABULARY = re.compile(
    r"\b(battery life|batteries|battery|lids?|delivery|shipping|price|screen|customer service"
    r"|packaging|box|sound|fit|size|zipper)\b",
    re.IGNORECASE,
)


def cue_probs(text: str) -> tuple[float, float, float]:
    words = re.findall(r"[a-z]+", text.lower())
    pos = sum(w in POSITIVE for w in words)
    neg = sum(w in NEGATIVE for w in words)
    if pos > neg:
        return (0.1, 0.1, 0.8)
    if neg > pos:
        return (0.8, 0.1, 0.1)
    return (0.2, 0.6, 0.2)


class FakeModel:
    """Duck-typed ReviewModel: ``version``, ``predict``, ``embed``; counts its calls."""

    def __init__(self, version: str = "fake-1", dims: int = 64) -> None:
        self.version = version
        self.dims = dims
        self.predict_calls: list[list[str]] = []
        self.embed_calls: list[list[str]] = []

    @property
    def predicted(self) -> list[str]:
        return [t for call in self.predict_calls for t in call]

    def predict(self, sentences, progress=None):
        sentences = list(sentences)
        self.predict_calls.append(sentences)
        out = []
        for text in sentences:
            probs = cue_probs(text)
            labels = ("negative", "neutral", "positive")
            polarity = labels[int(np.argmax(probs))]
            spans = [
                AspectSpan(m.start(), m.end(), m.group(), polarity, probs, 0.9)
                for m in VOCABULARY.finditer(text)
            ]
            out.append(SentencePrediction(probs, spans))
        if progress is not None:
            progress(len(sentences), len(sentences), "sentences")
        return out

    def embed(self, texts, progress=None) -> np.ndarray:
        texts = list(texts)
        self.embed_calls.append(texts)
        matrix = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for i in range(len(padded) - 2):
                digest = hashlib.md5(padded[i : i + 3].encode()).digest()
                matrix[row, digest[0] % self.dims] += 1.0
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.clip(norms, 1e-12, None)
