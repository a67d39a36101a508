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
        texts = sentences[["review_id", "sentence_index", "text"]].rename(
            columns={"text": "sentence"}
        )
        frame = frame.merge(texts, on=["review_id", "sentence_index"], how="left")
    if "product_id" not in frame.columns:
        frame["product_id"] = None
    if polarity is not None:
        frame = frame[frame["polarity"] == polarity]
    frame = frame[frame["sentence"].notna()].copy()
    columns = ["product_id", by, "polarity", "review_id", "sentence_index", "aspect", "quote",
               "score"]  # fmt: skip
    frame["_product"] = frame["product_id"].fillna("").astype(str)
    keys = ["_product", by, "polarity"]
    frame["score"] = pd.to_numeric(frame["confidence"], errors="coerce").fillna(0.0).astype(float)
    if embeddings is not None:
        frame["score"] = _with_centrality(frame, keys, embeddings)
    # Best candidates first; one per review per group; a short list per group is plenty.
    frame = frame.sort_values(
        [*keys, "score", "review_id"], ascending=[True, True, True, False, True]
    )
    frame = frame.drop_duplicates([*keys, "review_id"])
    frame = frame[frame.groupby(keys, sort=False).cumcount() < max(10, 5 * n)]
    picked: list[dict] = []
    group_key, chosen_tokens = None, []
    for row in frame[
        [*keys, "review_id", "sentence_index", "aspect", "sentence", "score"]
    ].itertuples(index=False, name=None):
        product, key, pol, review_id, sentence_index, aspect, sentence, score = row
        if (product, key, pol) != group_key:
            group_key, chosen_tokens = (product, key, pol), []
        if len(chosen_tokens) >= n:
            continue
        tokens = _tokens(sentence)
        if _too_similar(tokens, chosen_tokens, max_overlap):
            continue
        chosen_tokens.append(tokens)
        picked.append(
            {
                "product_id": product or None,
                by: key,
                "polarity": pol,
                "review_id": review_id,
                "sentence_index": int(sentence_index),
                "aspect": aspect,
                "quote": sentence,
                "score": float(score),
            }
        )
    return pd.DataFrame(picked, columns=columns)


def _with_centrality(frame: pd.DataFrame, keys: list[str], embeddings) -> pd.Series:
    """Half confidence, half cosine to the group's mean embedding (when every vector is known)."""
    score = frame["score"].copy()
    for _, group in frame.groupby(keys, sort=False):
        vectors = [embeddings.get(s) for s in group["sentence"]]
        if len(vectors) < 2 or any(v is None for v in vectors):
            continue
        matrix = np.stack(vectors).astype(float)
        matrix /= np.clip(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12, None)
        centre = matrix.mean(axis=0)
        centre /= max(np.linalg.norm(centre), 1e-12)
        score.loc[group.index] = 0.5 * group["score"] + 0.5 * (matrix @ centre)
    return score


def highlight_plain(text: str, start: int, end: int, width: int = 240) -> str:
    """``text`` with the aspect wrapped in «», cut to about ``width`` characters around it."""
    start, end = max(0, int(start)), min(len(text), int(end))
    if end <= start:
        return text[:width]
    marked = text[:start] + "«" + text[start:end] + "»" + text[end:]
    if len(marked) <= width:
        return marked
    left = max(0, start - width // 2)
    snippet = marked[left : left + width]
    return ("…" if left else "") + snippet + ("…" if left + width < len(marked) else "")


def quotes_for(
    aspects: pd.DataFrame,
    reviews: pd.DataFrame,
    category: str,
    polarity: str | None = None,
    product: str | None = None,
    limit: int = 3,
    by: str = "category",
) -> pd.DataFrame:
    """Representative sentences about ``category`` (most confident, diverse, one per review).

    ``by`` names the column ``category`` is a value of (``category`` or ``aspect_norm``).

    Picks come from :func:`analysis.insights.quotes.representative_quotes` (the engine's
    choice, also in summary.json). Returns ``review_id, product_id, date, rating, aspect,
    polarity, text, start, end`` where ``text`` is the quoted sentence and ``text[start:end]``
    the aspect term in it. Without a ``sentence`` column the whole review text is quoted.
    """
    mask = aspects[by] == category
    if product is not None:
        mask &= aspects["product_id"] == product
    subset = aspects[mask]
    if "sentence" not in subset.columns:
        subset = subset.merge(reviews[["review_id", "text"]].rename(columns={"text": "sentence"}),
                              on="review_id", how="left")
    picked = representative_quotes(subset.assign(product_id="selection"), by=by, n=limit,
                                   polarity=polarity)
    picked = picked.sort_values("score", ascending=False).drop_duplicates("review_id")
    picked = picked.head(limit)
    starts = [str(q).find(str(a)) for q, a in zip(picked["quote"], picked["aspect"], strict=True)]
    out = pd.DataFrame({
        "review_id": picked["review_id"].to_numpy(), "aspect": picked["aspect"].to_numpy(),
        "polarity": picked["polarity"].to_numpy(), "text": picked["quote"].to_numpy(),
        "start": starts,
        "end": [s + len(str(a)) if s >= 0 else -1 for s, a in zip(starts, picked["aspect"],
                                                                  strict=True)],
    })
    details = reviews[["review_id", "product_id", "date", "rating"]]
    return out.merge(details, on="review_id", how="left")[
        ["review_id", "product_id", "date", "rating", "aspect", "polarity", "text", "start", "end"]
    ]
