"""The analysis as a pure transform: canonical reviews frame in, result frames out.

``analyze_frame`` opens nothing: encoded sentences come from and go to the
:class:`~analysis.pipeline.cache.SentenceCache` it is handed, aspect-term vectors from an
optional :class:`~analysis.pipeline.cache.EmbeddingCache`, and the categories to use are given
(:class:`AspectSettings`). Reviews are analyzed independently of each other, so any chunk of a
file can be analyzed on its own (a worker per batch) and gives the same per-review rows; only
the per-product catalogue pick and the category suggestions look at all reviews of a product
in the frame, so a caller that splits one product across batches passes the catalogue of each
product in ``AspectSettings.overrides``. Same input, model and settings: same output.

Stages: language -> sentences -> cached encoder pass -> aspect chain (trim, filter, normalize,
categorize) -> review sentiment. Chinese reviews take the Chinese route (:mod:`analysis.zh`);
other languages are kept, flagged in ``language``, and not scored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.aspects import (
    AspectCategorizer,
    AspectChain,
    AspectFilter,
    AspectNormalizer,
    CachedEmbedder,
    CatalogueCategorizer,
    Category,
    FunctionWordTrimmer,
    Taxonomy,
)
from analysis.labels import POLARITIES
from analysis.pipeline.cache import EmbeddingCache, SentenceCache
from analysis.pipeline.encode import EncodeStats, score_sentences
from analysis.pipeline.mentions import map_mentions
from analysis.pipeline.progress import Progress, no_progress
from analysis.pipeline.segment import segment_reviews
from analysis.text.language import CHINESE, ENGLISH, LanguageDetector

LABELS = POLARITIES  # the order of the probability columns below
PROBABILITIES = ["p_negative", "p_neutral", "p_positive"]


@dataclass
class AspectSettings:
    """Which categories aspects go into.

    ``taxonomy``: one taxonomy for every product; ``None``: each product gets the packaged
    catalogue that fits its terms, or the one named in ``overrides`` (``product_id`` or
    ``"*"`` -> catalogue), with the ``extra`` categories added to every catalogue.
    """

    taxonomy: Taxonomy | None = None
    overrides: Mapping[str, str] = field(default_factory=dict)
    extra: Sequence[Category] = ()


@dataclass
class Stages:
    """Stage objects replacing the defaults (``None``: the default stage)."""

    language_detector: object = None
    aspect_filter: object = None
    normalizer: object = None
    categorizer: object = None
    chinese_scorer: object = None


@dataclass
class AnalysisFrames:
    """What one transform returns.

    ``reviews``: the input rows (same order) plus ``language``, ``p_negative``, ``p_neutral``,
    ``p_positive``, ``sentiment``, ``sentiment_score``; ``sentences``: ``review_id,
    sentence_index, start, end, text, clean_start`` + probabilities; ``aspects``: one row per
    mention (``analysis.store.results.ASPECT_COLUMNS`` + ``product_id`` and more);
    ``stats``: cache use of the encoder pass; ``choices``: the catalogue picked per product
    (``None`` under a taxonomy); ``suggestions``: clusters of frequent unmatched terms.
    """

    reviews: pd.DataFrame
    sentences: pd.DataFrame
    aspects: pd.DataFrame
    stats: EncodeStats
    choices: pd.DataFrame | None = None
    suggestions: pd.DataFrame | None = None


def analyze_frame(
    reviews: pd.DataFrame,
    model,
    cache: SentenceCache,
    progress: Progress | None = None,
    *,
    embeddings: EmbeddingCache | None = None,
    aspects: AspectSettings | None = None,
    stages: Stages | None = None,
) -> AnalysisFrames:
    """Analyze canonical reviews (``review_id`` unique, ``product_id``, ``text``, ...).

    ``model``: a loaded ``ReviewModel`` (or anything with ``version``, ``predict``, ``embed``).
    ``cache`` is read before and written while encoding (per chunk, so a stopped run keeps
    what it encoded). ``progress(done, total, stage)`` hears each stage.
    """
    progress = progress or no_progress
    stages = stages or Stages()
    settings = aspects or AspectSettings()
    reviews = reviews.reset_index(drop=True).copy()
    reviews["review_id"] = reviews["review_id"].astype(str)
    if reviews["review_id"].duplicated().any():
        raise ValueError("analyze_frame needs unique review_id values (see "
                         "analysis.ingest.identity); each review is analysed once.")

    progress(0, len(reviews), "language")
    detector = stages.language_detector or LanguageDetector()
    reviews["language"] = detector.detect_many(reviews["text"].astype(str).tolist())
    progress(len(reviews), len(reviews), "language")

    routed = reviews["language"].isin([ENGLISH, CHINESE])
    ids = reviews.loc[routed, "review_id"].tolist()
    progress(0, len(ids), "split")
    sentences, cleaned = segment_reviews(ids, reviews.loc[routed, "text"].astype(str).tolist())
    progress(len(ids), len(ids), "split")
    chinese_ids = set(reviews.loc[reviews["language"] == CHINESE, "review_id"])
    is_chinese = sentences["review_id"].isin(chinese_ids)
    chinese = _Chinese(stages)

    scored, stats = score_sentences(
        cache, model, sentences.loc[~is_chinese, "text"],
        lambda done, total, _: progress(done, total, "encode"),
    )  # fmt: skip
    if is_chinese.any():
        zh_scored = chinese.scorer.score(sentences.loc[is_chinese, "text"])
        scored = pd.concat([scored, zh_scored]).loc[sentences.index]
    for name in PROBABILITIES:
        sentences[name] = scored[name].to_numpy(dtype=float)

    progress(0, 1, "aspects")
    text_by_id = dict(zip(reviews["review_id"], reviews["text"].astype(str), strict=True))
    mentions = map_mentions(sentences, scored, cleaned, text_by_id)
    product_by_id = dict(zip(reviews["review_id"], reviews["product_id"], strict=True))
    mentions["product_id"] = mentions["review_id"].map(product_by_id)
    zh_mentions = mentions["review_id"].isin(chinese_ids)
    chain, categorizer = _chain(settings, stages, CachedEmbedder(model, embeddings))
    found = chain.transform(mentions[~zh_mentions])
    if zh_mentions.any():
        found = pd.concat([found, chinese.scorer.categorize(mentions[zh_mentions])],
                          ignore_index=True)
    progress(1, 1, "aspects")

    reviews = review_sentiment(reviews, sentences)
    if chinese_ids:
        reviews = chinese_review_sentiment(reviews, chinese.scorer)
    return AnalysisFrames(
        reviews=reviews, sentences=sentences, aspects=found, stats=stats,
        choices=getattr(categorizer, "choices_", None) if settings.taxonomy is None else None,
        suggestions=getattr(categorizer, "suggestions_", None),
    )  # fmt: skip


class _Chinese:
    """The Chinese scorer, loaded only when a Chinese review is there."""

    def __init__(self, stages: Stages) -> None:
        self.stages = stages

    @property
    def scorer(self):
        if self.stages.chinese_scorer is None:
            from analysis.zh import ChineseScorer

            self.stages.chinese_scorer = ChineseScorer()
        return self.stages.chinese_scorer


def _chain(settings: AspectSettings, stages: Stages, embed) -> tuple[AspectChain, object]:
    """The aspect chain for these settings and the (fitted) categorizer at its end."""
    taxonomy = settings.taxonomy
    if taxonomy is None:
        categorizer = stages.categorizer or CatalogueCategorizer(
            overrides=dict(settings.overrides), extra=list(settings.extra))
    else:
        categorizer = stages.categorizer or AspectCategorizer()
        categorizer.taxonomy = taxonomy
    categorizer.fit(embed)
    synonyms = taxonomy.synonyms if taxonomy is not None else {}
    normalizer = stages.normalizer or AspectNormalizer(synonyms=synonyms)
    trim_and_filter = [FunctionWordTrimmer(), stages.aspect_filter or AspectFilter()]
    return AspectChain([*trim_and_filter, normalizer, categorizer]), categorizer


def review_sentiment(reviews: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Review probabilities from their sentences (``aggregate_review``), label and score."""
    from analysis.sentiment import aggregate_review

    probs = np.full((len(reviews), 3), np.nan)
    position = {rid: i for i, rid in enumerate(reviews["review_id"])}
    if not sentences.empty:
        matrix = sentences[PROBABILITIES].to_numpy(dtype=float)
        weights = (sentences["end"] - sentences["start"]).to_numpy(dtype=float)
        bounds = np.flatnonzero(np.diff(sentences["review_id"].factorize()[0])) + 1
        starts = np.concatenate([[0], bounds])
        ends = np.concatenate([bounds, [len(sentences)]])
        ids = sentences["review_id"].to_numpy()
        for lo, hi in zip(starts, ends, strict=True):
            probs[position[ids[lo]]] = aggregate_review(matrix[lo:hi], weights[lo:hi])
    reviews = reviews.copy()
    reviews["p_negative"], reviews["p_neutral"], reviews["p_positive"] = probs.T
    scored = ~np.isnan(probs).any(axis=1)
    labels = np.array(LABELS, dtype=object)[np.nan_to_num(probs).argmax(axis=1)]
    reviews["sentiment"] = pd.Series(np.where(scored, labels, None), index=reviews.index)
    reviews["sentiment_score"] = reviews["p_positive"] - reviews["p_negative"]
    return reviews


def chinese_review_sentiment(reviews: pd.DataFrame, scorer) -> pd.DataFrame:
    """Chinese reviews take the model's whole-review prediction (what it was trained and
    measured on), not the clause average: a clause alone (下次还买) says less than the review."""
    reviews = reviews.copy()
    chinese = (reviews["language"] == CHINESE) & reviews["sentiment"].notna()
    if not chinese.any():
        return reviews
    probs = scorer.review_probs(reviews.loc[chinese, "text"].astype(str).tolist())
    reviews.loc[chinese, PROBABILITIES] = probs
    reviews.loc[chinese, "sentiment"] = np.array(LABELS, dtype=object)[probs.argmax(axis=1)]
    reviews["sentiment_score"] = reviews["p_positive"] - reviews["p_negative"]
    return reviews
