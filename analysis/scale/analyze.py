"""The encoder pass of ``analyze --engine ray``: Ray Data ``map_batches`` over review blocks
with one model per worker, filling the store's sentence cache as blocks come back.

The per-sentence cache is the source of truth (keys ``sha1(model version, sentence)``): the
workers detect the language, split the English reviews into sentences and predict each
distinct sentence once (:class:`SentenceScorer`, the model loaded once per actor); the driver
writes every returned block to the store's cache at once, so a run stopped part-way keeps
what came back and a killed worker's block is simply retried by Ray Data. The analysis that
follows (:class:`~analysis.services.analyzer.ReviewAnalyzer`, the same transform as the local
engine) then reads every sentence back from the cache: results are the local engine's.

Incremental: reviews whose text the store already holds analyzed with the current model
version are not sent (their sentences are in the cache), so a re-run of an unchanged store
sends nothing to the workers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.scale.runtime import ray_session

BLOCK_REVIEWS = 256  # reviews per block: a few seconds of encoder work per worker
MARKER = ""  # key of the one row per block that carries its review count


@dataclass
class RayEncodeStats:
    """What the Ray pass did: distinct review texts sent, reviews skipped (analyzed before
    with this model version), distinct sentences the workers encoded."""

    reviews: int = 0
    sent: int = 0
    skipped: int = 0
    encoded: int = 0
    workers: int = 0


class SentenceScorer:
    """Ray Data actor: loads the model once, scores the English sentences of a review block.

    Returns the block's sentence-cache rows (``key, p_negative, p_neutral, p_positive,
    aspects`` as JSON) plus one marker row (``key == ""``) with the block's review count.
    """

    def __init__(self, threads: int = 1) -> None:
        from analysis.config import EngineConfig
        from analysis.encoder import ReviewModel
        from analysis.text.language import LanguageDetector

        self.model = ReviewModel.load(engine=EngineConfig(num_threads=threads))
        self.detector = LanguageDetector()

    def __call__(self, batch: pd.DataFrame) -> pd.DataFrame:
        from analysis.pipeline.cache import SENTENCE_COLUMNS, MemorySentenceCache
        from analysis.pipeline.encode import score_sentences
        from analysis.pipeline.segment import segment_reviews
        from analysis.text.language import ENGLISH

        texts = batch["text"].astype(str).tolist()
        english = [t for t, lang in zip(texts, self.detector.detect_many(texts), strict=True)
                   if lang == ENGLISH]
        sentences, _ = segment_reviews([str(i) for i in range(len(english))], english)
        cache = MemorySentenceCache()
        if not sentences.empty:
            score_sentences(cache, self.model, sentences["text"])
        rows = pd.DataFrame([(key, *values) for key, values in cache.rows.items()],
                            columns=SENTENCE_COLUMNS)
        rows["aspects"] = [json.dumps(a) for a in rows["aspects"]]
        rows["reviews"] = 0
        marker = pd.DataFrame({"key": [MARKER], "p_negative": [np.nan], "p_neutral": [np.nan],
                               "p_positive": [np.nan], "aspects": ["[]"],
                               "reviews": [len(batch)]})
        return pd.concat([marker, rows], ignore_index=True)


def unanalyzed(store, reviews: pd.DataFrame, model_version: str) -> pd.Series:
    """Mask of ``reviews`` whose text the store has not analyzed with ``model_version``."""
    texts = pd.DataFrame({"text": reviews["text"].astype(str).drop_duplicates()})
    if texts.empty:
        return pd.Series(False, index=reviews.index)
    done = store.query_frames(
        "SELECT DISTINCT t.text FROM _texts t JOIN review_results r ON r.text = t.text "
        "JOIN _version v ON r.model_version = v.model_version",
        _texts=texts, _version=pd.DataFrame({"model_version": [model_version]}))
    return ~reviews["text"].astype(str).isin(set(done["text"]))


def encode_on_ray(store, reviews: pd.DataFrame, model_version: str, *,
                  address: str | None = None, workers: int | None = None,
                  progress: Callable[[int, int, str], None] | None = None,
                  block_reviews: int = BLOCK_REVIEWS, keep_ray: bool = False) -> RayEncodeStats:
    """Fill ``store``'s sentence cache for ``reviews`` (``text`` column) on Ray workers.

    ``address``: an existing cluster (default: a local Ray with ``workers`` CPUs, shut down
    after, unless ``keep_ray``: see :func:`analysis.scale.runtime.ray_session`).
    ``progress(done, total, "encode")`` counts reviews.
    """
    from analysis.store import results

    mask = unanalyzed(store, reviews, model_version)
    todo = reviews.loc[mask, ["text"]].astype(str).drop_duplicates("text").reset_index(drop=True)
    stats = RayEncodeStats(reviews=len(reviews), sent=len(todo), skipped=int((~mask).sum()))
    if todo.empty:
        if progress:
            progress(0, 0, "encode")
        return stats
    with ray_session(address, workers, keep=keep_ray) as run:
        import ray.data

        stats.workers = run.workers
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        blocks = [todo.iloc[lo:lo + block_reviews] for lo in range(0, len(todo), block_reviews)]
        scored = ray.data.from_pandas(blocks).map_batches(
            SentenceScorer, batch_format="pandas", batch_size=None,
            concurrency=min(run.workers, len(blocks)), num_cpus=1)
        done, seen = 0, set()
        for batch in scored.iter_batches(batch_size=None, batch_format="pandas"):
            done += int(batch["reviews"].sum())
            rows = batch[batch["key"] != MARKER].drop_duplicates("key")
            rows = rows[~rows["key"].isin(seen)]
            if not rows.empty:
                held = set(results.lookup_sentences(store, rows["key"].tolist())["key"])
                fresh = rows[~rows["key"].isin(held)].drop(columns="reviews").copy()
                fresh["aspects"] = [json.loads(a) for a in fresh["aspects"]]
                if not fresh.empty:
                    results.save_sentences_to_cache(store, model_version, fresh)
                stats.encoded += len(fresh)
                seen.update(rows["key"])
            if progress:
                progress(done, len(todo), "encode")
    return stats


def analyze_on_ray(analyzer, ingested, *, address: str | None = None,
                   workers: int | None = None,
                   progress: Callable[[int, int, str], None] | None = None,
                   keep_ray: bool = False,
                   before_commit: Callable[[dict], None] | None = None):
    """``analyzer.analyze(ingested)`` with the encoder pass on Ray (:func:`encode_on_ray`);
    ``before_commit`` as in :meth:`~analysis.services.analyzer.ReviewAnalyzer.analyze`.

    The summary counts the sentences the workers encoded as encoded (as the local engine
    would), not as read from the cache.
    """
    store = analyzer._store()
    version = str(analyzer.model.version)
    stats = encode_on_ray(store, ingested.reviews, version, address=address, workers=workers,
                          progress=progress, keep_ray=keep_ray)
    result = analyzer.analyze(ingested, progress=progress, before_commit=before_commit)
    counts = result.summary["counts"]
    distinct = counts["sentences_from_cache"] + counts["sentences_encoded"]
    counts["sentences_encoded"] = min(distinct, counts["sentences_encoded"] + stats.encoded)
    counts["sentences_from_cache"] = distinct - counts["sentences_encoded"]
    return result
