"""Representative quotes: the sentences that best show why an aspect is praised or criticised.

Within each group (product, aspect key, polarity) candidates are scored by the model's
confidence and, when sentence embeddings are given, by closeness to the group's centre (typical
rather than odd). Picks are diverse: one quote per review and no near-duplicate wording.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

_TOKEN = re.compile(r"\w+")


def _tokens(text: str) -> set[str]:
    return set(_TOKEN.findall(text.lower()))


def _too_similar(tokens: set[str], chosen: list[set[str]], limit: float) -> bool:
    for other in chosen:
        union = tokens | other
        if union and len(tokens & other) / len(union) > limit:
            return True
    return False


def representative_quotes(
    aspects: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    by: str = "category",
    n: int = 3,
    polarity: str | None = None,
    embeddings: Mapping[str, np.ndarray] | None = None,
    max_overlap: float = 0.6,
) -> pd.DataFrame:
    """Up to ``n`` quotes per (product_id, ``by``, polarity).

    ``aspects`` needs review_id, sentence_index, ``by``, polarity, confidence and either a
    ``sentence`` column or a ``sentences`` table (review_id, sentence_index, text). ``product_id``
    is used when present. Returns product_id, ``by``, polarity, review_id, sentence_index,
    aspect, quote, score.
    """
    frame = aspects.copy()
    if "sentence" not in frame.columns:
        if sentences is None:
            raise ValueError("representative_quotes needs a 'sentence' column or a sentences table")
        texts = sentences.set_index(["review_id", "sentence_index"])["text"]
        frame["sentence"] = pd.MultiIndex.from_frame(frame[["review_id", "sentence_index"]]).map(
            texts
        )
    if "product_id" not in frame.columns:
        frame["product_id"] = None
    if polarity is not None:
        frame = frame[frame["polarity"] == polarity]
    frame = frame[frame["sentence"].notna()]
    columns = [
        "product_id",
        by,
        "polarity",
        "review_id",
        "sentence_index",
        "aspect",
        "quote",
        "score",
    ]
    picked: list[dict] = []
    for (product, key, pol), group in frame.groupby(
        [frame["product_id"].fillna(""), by, "polarity"], sort=True
    ):
        group = group.assign(score=group["confidence"].astype(float).fillna(0.0))
        if embeddings is not None:
            vectors = [embeddings.get(s) for s in group["sentence"]]
            if all(v is not None for v in vectors) and len(vectors) > 1:
                matrix = np.stack(vectors).astype(float)
                matrix /= np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12, None)
                centre = matrix.mean(axis=0)
                centre /= max(np.linalg.norm(centre), 1e-12)
                group["score"] = 0.5 * group["score"] + 0.5 * (matrix @ centre)
        group = group.sort_values(["score", "review_id"], ascending=[False, True])
        seen_reviews: set[str] = set()
        chosen_tokens: list[set[str]] = []
        for row in group.itertuples(index=False):
            if len(chosen_tokens) >= n:
                break
            tokens = _tokens(row.sentence)
            if row.review_id in seen_reviews or _too_similar(tokens, chosen_tokens, max_overlap):
                continue
            seen_reviews.add(row.review_id)
            chosen_tokens.append(tokens)
            picked.append(
                {
                    "product_id": product or None,
                    by: key,
                    "polarity": pol,
                    "review_id": row.review_id,
                    "sentence_index": int(row.sentence_index),
                    "aspect": row.aspect,
                    "quote": row.sentence,
                    "score": float(row.score),
                }
            )
    return pd.DataFrame(picked, columns=columns)
