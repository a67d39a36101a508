"""Chinese sentiment: hashed character 1-3-gram TF-IDF + logistic regression, numpy at run time.

The model file (``analysis/models/zh_sentiment.npz``) holds the IDF weights and coefficients of
a ``2**N_BITS``-column hashed feature space, so no vocabulary is stored and loading is instant.
Training data is binary (positive/negative), so the neutral class is derived: reviews whose
positive probability lies in a band around 0.5 get most of their mass moved to neutral
(:func:`three_class`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "zh_sentiment.npz"
N_BITS = 20
NGRAMS = (1, 3)
NEUTRAL_BAND = 0.3  # |2q - 1| below this gives neutral some mass; argmax neutral near q=0.5


def make_vectorizer():
    """The hashed character n-gram vectorizer shared by training and prediction."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        analyzer="char", ngram_range=NGRAMS, n_features=2**N_BITS,
        alternate_sign=False, norm=None, lowercase=True,
    )  # fmt: skip


def tfidf(counts, idf: np.ndarray):
    """Sublinear TF times IDF, rows L2-normalized (what ``TfidfTransformer`` does)."""
    from sklearn.preprocessing import normalize

    counts = counts.astype(np.float64)
    counts.data = 1.0 + np.log(counts.data)
    return normalize(counts.multiply(idf).tocsr())


def three_class(q: np.ndarray, band: float = NEUTRAL_BAND) -> np.ndarray:
    """Binary positive probability ``q`` -> ``(negative, neutral, positive)`` rows summing to 1."""
    q = np.asarray(q, dtype=float)
    neutral = np.clip(1.0 - np.abs(2.0 * q - 1.0) / band, 0.0, 1.0)
    rest = 1.0 - neutral
    return np.column_stack([rest * (1.0 - q), neutral, rest * q])


@dataclass
class ChineseSentimentModel:
    """Loaded model: ``idf`` and ``coef`` over the hashed features, ``intercept``, ``version``."""

    idf: np.ndarray
    coef: np.ndarray
    intercept: float
    version: str

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> ChineseSentimentModel:
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(
                f"Chinese sentiment model not found at {path}; run `python -m analysis.training.zh`"
            )
        data = np.load(path)
        return cls(
            idf=data["idf"].astype(np.float64),
            coef=data["coef"].astype(np.float64),
            intercept=float(data["intercept"]),
            version=str(data["version"]),
        )

    def positive_probability(self, texts: Sequence[str]) -> np.ndarray:
        """P(positive) per text under the binary model."""
        if len(texts) == 0:
            return np.zeros(0)
        features = tfidf(make_vectorizer().transform(list(texts)), self.idf)
        logits = features @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), 3)`` probabilities: negative, neutral, positive."""
        return three_class(self.positive_probability(texts))


@lru_cache(maxsize=2)
def default_model(path: str = str(MODEL_PATH)) -> ChineseSentimentModel:
    """The packaged model, loaded once per process."""
    return ChineseSentimentModel.load(path)
