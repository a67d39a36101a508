"""Re-runs served from the store: the same reviews, model and settings give the stored results.

A re-run of an unchanged store (a nightly import of the same export, ``analyze`` run twice,
``--engine ray`` after a stop) would detect languages, split, read every sentence from the cache
and run the aspect chain again, minutes for 100k reviews, to get exactly what the store holds.
:func:`reused_frames` instead reads the latest run's rows back when that run has the same key
(:func:`run_key`) and covered exactly the same reviews; anything else is analysed as usual.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache

import pandas as pd

from analysis import __version__
from analysis.config import MODELS_DIR, PACKAGE_DIR
from analysis.pipeline.encode import EncodeStats
from analysis.pipeline.transform import AnalysisFrames, AspectSettings
from analysis.store import catalogues as catalogue_store
from analysis.store import reruns
from analysis.store.core import Store
from analysis.text.language import CHINESE

# What shapes results besides the engine: the package's code (a development build changes it
# without a version bump), catalogues and the Chinese model and terms.
BUILD_FILES = ((PACKAGE_DIR, "*.py"), (PACKAGE_DIR / "resources", "*"),
               (MODELS_DIR / "zh_sentiment.npz", None))


@cache
def build_digest() -> str:
    """sha256 over the package's Python files and packaged resources (any change, released or
    not, re-analyses); read once per process, as the code and resources themselves are."""
    sha = hashlib.sha256()
    for root, pattern in BUILD_FILES:
        files = sorted(p for p in root.rglob(pattern) if p.is_file()) if pattern else [root]
        for path in files:
            sha.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            sha.update(path.read_bytes())
    return sha.hexdigest()


def run_key(model_version: str, settings: AspectSettings) -> str:
    """Fingerprint of everything but the reviews that decides a run's results."""
    taxonomy = settings.taxonomy
    parts = {
        "model": model_version,
        "reviewlens": __version__,
        "build": build_digest(),
        "taxonomy": taxonomy.to_records() if taxonomy is not None else None,
        "overrides": sorted(dict(settings.overrides).items()),
        "extra": [[c.name, c.description, list(c.examples)] for c in settings.extra],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


# What the transform computes per review; the other review columns pass through from the input.
COMPUTED = ["language", "p_negative", "p_neutral", "p_positive", "sentiment", "sentiment_score"]
# Input fields the store keeps with the results that an export may change without changing the
# review (a corrected rating, a renamed file): taken from the input, written back when changed.
PASSED_THROUGH = ["date", "rating", "title", "source"]


@dataclass
class Reuse:
    """A run that can stand for this one: its id, the frames :func:`analysis.pipeline.transform
    .analyze_frame` would return, and the input rows whose passed-through fields changed."""

    run_id: str
    frames: AnalysisFrames
    changed: pd.DataFrame


def reused_frames(store: Store, reviews: pd.DataFrame, key: str, *, catalogues: bool
                  ) -> Reuse | None:
    """The latest run when it can stand for analysing ``reviews`` (the canonical frame, stored
    ids), else ``None``.

    The frames are those the transform returns for the same input (row order included): the
    input's columns plus the stored results, every sentence counted as read from the cache,
    the catalogue choices as stored (``catalogues``: no taxonomy is in use), no new suggestions.
    """
    review_ids = reviews["review_id"].astype(str).tolist()
    latest = reruns.latest_record(store)
    if not review_ids or latest is None or latest["run_key"] != key:
        return None
    run_id = latest["run_id"]
    if not reruns.covers_exactly(store, run_id, review_ids):
        return None
    stored, sentences, aspects = reruns.read_results(store, review_ids)
    stored = _with_dtypes_of(stored, reviews)
    if not _same(stored["product_id"], reviews["product_id"]).all():
        return None  # categories follow the product: analyse again
    sentences, aspects = _wide_integers(sentences), _wide_integers(aspects)
    chinese = stored["language"].eq(CHINESE).to_numpy()
    # The transform appends the Chinese route's mentions after the English ones.
    aspects["chinese"] = chinese[aspects["position"].to_numpy()] if len(aspects) else []
    aspects = (aspects.sort_values(["chinese", "position", "sentence_index", "start"],
                                   kind="stable")
               .drop(columns=["chinese", "position"]).reset_index(drop=True))
    english_ids = set(stored.loc[~chinese, "review_id"])
    distinct = int(sentences.loc[sentences["review_id"].isin(english_ids), "text"].nunique())
    choices = None
    if catalogues:
        choices = catalogue_store.load_choices(store)
        products = stored["product_id"].dropna().astype(str).unique()
        choices = choices[choices["product_id"].isin(products)].reset_index(drop=True)
    merged = reviews.reset_index(drop=True).drop(columns=COMPUTED, errors="ignore")
    merged = pd.concat([merged, stored[COMPUTED]], axis=1)
    frames = AnalysisFrames(reviews=merged, sentences=sentences, aspects=aspects,
                            stats=EncodeStats(distinct=distinct, cached=distinct, encoded=0),
                            choices=choices)
    fields = [name for name in PASSED_THROUGH if name in merged]
    same = pd.concat([_same(stored[name], merged[name]) for name in fields], axis=1).all(axis=1)
    return Reuse(run_id, frames, merged.loc[~same.to_numpy(), ["review_id", *fields]])


def _same(stored: pd.Series, given: pd.Series) -> pd.Series:
    """Cell by cell: equal values, or missing in both (positions, not index labels)."""
    stored, given = stored.reset_index(drop=True), given.reset_index(drop=True)
    return (stored == given) | (stored.isna() & given.isna())


def _with_dtypes_of(stored: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """Stored review columns in the dtypes the input frame has (the store keeps microseconds)."""
    stored = stored.copy()
    for name in stored.columns.intersection(reviews.columns):
        if stored[name].dtype != reviews[name].dtype:
            stored[name] = stored[name].astype(reviews[name].dtype)
    return stored


def _wide_integers(frame: pd.DataFrame) -> pd.DataFrame:
    """The store's INTEGER columns as the int64 the transform computes."""
    narrow = [name for name in frame.columns if frame[name].dtype == "int32"]
    return frame.astype(dict.fromkeys(narrow, "int64")) if narrow else frame
