"""Score sentences through the cache: each distinct text is predicted at most once per model.

Keys are ``sha1(model.version, text)``. Cached texts are read back from the cache (a
:class:`~analysis.pipeline.cache.SentenceCache`: the store's, or one in memory); the rest
(deduplicated, so a sentence repeated across reviews or within a run is encoded once) are sorted
by length and sent to ``model.predict`` in chunks of ``CACHE_CHUNK`` texts, each chunk's results
written to the cache as soon as it is done. A run stopped part-way (a signal, a crash, a closed
browser tab) therefore keeps what it encoded, and the next run over the same reviews encodes
only the rest. Sorting before chunking keeps the model's length-sorted batches as full as in
one call.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.cache_keys import text_key
from analysis.pipeline.cache import SentenceCache
from analysis.pipeline.progress import Progress

CACHE_CHUNK = 1024  # texts per predict call and cache write: a few seconds of CPU work


@dataclass
class EncodeStats:
    """How many distinct sentence texts came from the cache and how many the model encoded."""

    distinct: int = 0
    cached: int = 0
    encoded: int = 0


def _span_record(span) -> dict:
    return {
        "start": int(span.start),
        "end": int(span.end),
        "term": str(span.term),
        "polarity": str(span.polarity),
        "probs": [float(p) for p in span.probs],
        "confidence": float(span.confidence),
    }


def score_sentences(
    cache: SentenceCache, model, texts: pd.Series, progress: Progress | None = None
) -> tuple[pd.DataFrame, EncodeStats]:
    """Probabilities and aspect spans for each text: DataFrame aligned with ``texts``.

    Columns: ``p_negative, p_neutral, p_positive, aspects`` (list of span dicts whose offsets
    index the sentence text).
    """
    version = str(model.version)
    keys = pd.Series([text_key(version, t) for t in texts], index=texts.index)
    distinct = pd.DataFrame({"key": keys, "text": texts}).drop_duplicates("key")
    found = cache.get_many(distinct["key"].tolist())
    missing = distinct[~distinct["key"].isin(found["key"])]
    stats = EncodeStats(distinct=len(distinct), cached=len(found), encoded=len(missing))
    if not missing.empty:
        fresh = _encode_in_chunks(cache, model, version, missing, progress)
        found = pd.concat([found, fresh], ignore_index=True) if len(found) else fresh
    elif progress is not None:
        progress(len(distinct), len(distinct), "encode")
    scored = found.set_index("key").reindex(keys.to_numpy())
    scored.index = texts.index
    return scored, stats


def _encode_in_chunks(cache: SentenceCache, model, version: str, missing: pd.DataFrame,
                      progress: Progress | None) -> pd.DataFrame:
    """Predict ``missing`` (key, text) chunk by chunk, caching each chunk when it is done."""
    order = np.argsort(missing["text"].str.len().to_numpy(), kind="stable")
    missing = missing.iloc[order]
    total, done, parts = len(missing), 0, []
    for lo in range(0, total, CACHE_CHUNK):
        chunk = missing.iloc[lo : lo + CACHE_CHUNK]

        def chunk_progress(n: int, _total: int, stage: str, offset: int = done) -> None:
            if progress is not None:
                progress(offset + n, total, stage)

        predictions = model.predict(chunk["text"].tolist(), progress=chunk_progress)
        fresh = pd.DataFrame(
            {
                "key": chunk["key"].to_numpy(),
                "p_negative": [float(p.probs[0]) for p in predictions],
                "p_neutral": [float(p.probs[1]) for p in predictions],
                "p_positive": [float(p.probs[2]) for p in predictions],
                "aspects": [[_span_record(s) for s in p.aspects] for p in predictions],
            }
        )
        cache.put_many(version, fresh)
        parts.append(fresh)
        done += len(chunk)
    return pd.concat(parts, ignore_index=True)
