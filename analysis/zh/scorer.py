"""Chinese sentences -> the scored frame ``score_sentences`` returns for English.

Columns ``p_negative, p_neutral, p_positive, aspects`` (span dicts with offsets into each
sentence), so mentions, summary, store and dashboard treat both languages alike. An aspect's
polarity is its clause's: the sentence splitter cuts Chinese text at commas, and a clause
(物流很快 / 包装很差) usually judges one thing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.labels import POLARITIES
from analysis.zh.aspects import ChineseAspectFinder
from analysis.zh.sentiment import ChineseSentimentModel, default_model

LABELS = POLARITIES
OTHER = "其他"


class ChineseScorer:
    """``scorer.score(texts)``: sentence probabilities and aspect spans; ``review_probs(texts)``."""

    def __init__(
        self,
        model: ChineseSentimentModel | None = None,
        finder: ChineseAspectFinder | None = None,
    ) -> None:
        self._model = model
        self.finder = finder or ChineseAspectFinder()

    @property
    def model(self) -> ChineseSentimentModel:
        if self._model is None:
            self._model = default_model()
        return self._model

    @property
    def version(self) -> str:
        return self.model.version

    def review_probs(self, texts: Sequence[str]) -> np.ndarray:
        """Whole-review probabilities (the model was trained on whole reviews)."""
        return self.model.predict_proba(list(texts))

    def score(self, texts: pd.Series) -> pd.DataFrame:
        """One row per text, indexed like ``texts``."""
        probs = self.model.predict_proba(texts.astype(str).tolist())
        aspects = []
        for text, row in zip(texts.astype(str), probs, strict=True):
            polarity = LABELS[int(np.argmax(row))]
            spans = [
                {"start": m.start, "end": m.end, "term": m.term, "polarity": polarity,
                 "probs": [float(p) for p in row], "confidence": float(row.max())}
                for m in self.finder.find(text)
            ]  # fmt: skip
            aspects.append(spans)
        return pd.DataFrame(
            {"p_negative": probs[:, 0], "p_neutral": probs[:, 1], "p_positive": probs[:, 2],
             "aspects": aspects},
            index=texts.index,
        )  # fmt: skip

    def categorize(self, mentions: pd.DataFrame) -> pd.DataFrame:
        """Adds ``aspect_norm`` and ``category`` from the taxonomy to Chinese mentions."""
        mentions = mentions.copy()
        found = [self.finder.lookup(a) for a in mentions["aspect"].astype(str)]
        mentions["aspect_norm"] = [
            t.norm if t else a for t, a in zip(found, mentions["aspect"], strict=True)
        ]
        mentions["category"] = [t.category if t else OTHER for t in found]
        return mentions.reset_index(drop=True)
