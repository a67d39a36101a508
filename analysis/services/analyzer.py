"""``ReviewAnalyzer``: the import + analyze use case, reviews in, stored results out.

Ingest (files are read before the store changes) -> in ONE store transaction: import (ids the
store keeps each review under, :mod:`analysis.services.review_import`) -> the analysis
transform (:func:`analysis.pipeline.transform.analyze_frame`, a pure function of the reviews
frame, reading and writing the store's sentence and embedding caches) -> results, categories
and the run record. A stop or failure anywhere leaves the store as it was, except the caches:
they commit per chunk on a side connection, so the next run encodes only what is not cached.

Chinese reviews (``language == "zh"``) take the Chinese route inside the same call
(:mod:`analysis.zh`); other languages are kept and flagged in ``language``, unscored, and
counted in the summary.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.aspects import (
    CatalogueCategorizer,
    Category,
    Taxonomy,
    load_taxonomy,
    taxonomy_from_dict,
)
from analysis.errors import UserInputError
from analysis.ingest.identity import repeated_stored_ids
from analysis.pipeline.outputs import AnalysisResult
from analysis.pipeline.progress import Progress, no_progress
from analysis.pipeline.summary import build_summary
from analysis.pipeline.transform import AnalysisFrames, AspectSettings, Stages, analyze_frame
from analysis.services.rerun import reused_frames, run_key
from analysis.services.review_import import import_reviews
from analysis.store import catalogues as catalogue_store
from analysis.store import reruns, results
from analysis.store.caches import StoreEmbeddingCache, StoreSentenceCache
from analysis.store.core import Store
from analysis.store.reviews import list_products


class ReviewAnalyzer:
    """Front class of the review-understanding engine.

    ``store``: where reviews, results and caches live (``None``: an in-memory store).
    ``model``: a loaded ``ReviewModel`` (``None``: loaded on first use). ``taxonomy``: a
    :class:`Taxonomy` or a path to one, applied to every product (``None``: the custom taxonomy
    the store holds, e.g. after :func:`analysis.services.categories.recategorize`, else each
    product gets the packaged catalogue taxonomy that fits its terms, see
    :class:`CatalogueCategorizer`).
    ``columns``: column mapping for ingestion. The stage arguments replace the default stage
    objects.
    ``keep_author_names``: store reviewer names/ids as read (default: only a salted hash).
    ``reuse_results``: when the store's latest run covered exactly these reviews with the same
    model, ReviewLens version and categories, read its results back instead of recomputing
    them (:mod:`analysis.services.rerun`); ``False`` always recomputes.
    """

    def __init__(
        self,
        store: Store | None = None,
        model=None,
        taxonomy: Taxonomy | str | Path | None = None,
        *,
        columns: dict[str, str] | None = None,
        language_detector=None,
        aspect_filter=None,
        normalizer=None,
        categorizer=None,
        min_mentions: int = 3,
        quotes_per_aspect: int = 3,
        keep_author_names: bool = False,
        chinese_scorer=None,
        reuse_results: bool = True,
    ) -> None:
        self.store = store
        self._model = model
        self.taxonomy = taxonomy
        self.columns = columns
        self.language_detector = language_detector
        self.aspect_filter = aspect_filter
        self.normalizer = normalizer
        self.categorizer = categorizer
        self.min_mentions = min_mentions
        self.quotes_per_aspect = quotes_per_aspect
        self.keep_author_names = keep_author_names
        self.chinese_scorer = chinese_scorer
        self.reuse_results = reuse_results
        self._custom_stages = any(stage is not None for stage in (
            language_detector, aspect_filter, normalizer, categorizer, chinese_scorer))

    @property
    def model(self):
        """The engine: its weights load only when a sentence or term is not cached."""
        if self._model is None:
            from analysis.encoder.lazy import LazyReviewModel

            self._model = LazyReviewModel()
        return self._model

    def _store(self) -> Store:
        if self.store is None:
            self.store = Store(":memory:")
        return self.store

    def _taxonomy(self, store: Store) -> Taxonomy | None:
        """Given taxonomy, else the categorizer's, else the store's custom one; ``None`` means
        per-product catalogues (a plain categorizer without taxonomy gets the general one)."""
        if isinstance(self.taxonomy, Taxonomy):
            return self.taxonomy
        if self.taxonomy is not None:
            return load_taxonomy(self.taxonomy)
        if getattr(self.categorizer, "taxonomy", None) is not None:
            return self.categorizer.taxonomy
        custom = catalogue_store.custom_taxonomy(store)
        if custom:
            return taxonomy_from_dict({"categories": custom}, source="store")
        if self.categorizer is not None and not isinstance(self.categorizer, CatalogueCategorizer):
            return load_taxonomy()
        return None

    def _settings(self, taxonomy: Taxonomy | None, store: Store) -> AspectSettings:
        """The categories to use: the taxonomy, else the catalogues with the user's choices."""
        if taxonomy is not None:
            return AspectSettings(taxonomy=taxonomy)
        return AspectSettings(
            overrides=catalogue_store.overrides(store),
            extra=[Category(c["name"], c["description"], tuple(c["examples"]))
                   for c in catalogue_store.extra_categories(store)],
        )

    def _stages(self) -> Stages:
        return Stages(language_detector=self.language_detector, aspect_filter=self.aspect_filter,
                      normalizer=self.normalizer, categorizer=self.categorizer,
                      chinese_scorer=self.chinese_scorer)

    def _save_categories(self, store: Store, taxonomy: Taxonomy | None, summary: dict,
                         frames: AnalysisFrames) -> None:
        """Persist the catalogue picks or the custom taxonomy, and the suggestions."""
        if taxonomy is None:
            choices = frames.choices
            if choices is not None:
                catalogue_store.save_choices(store, choices)
                picked = dict(zip(choices["product_id"], choices["catalogue"], strict=True))
                for product, entry in summary.get("products", {}).items():
                    entry["catalogue"] = picked.get(str(product))
            summary["taxonomy"] = "catalogues"
        else:
            catalogue_store.save_taxonomy_parts(
                store, taxonomy.to_records(), catalogue_store.extra_categories(store)
            )
            summary["taxonomy"] = taxonomy.source
        suggestions = frames.suggestions
        if suggestions is not None:
            catalogue_store.save_suggestions(store, suggestions)

    def analyze(self, inputs, progress: Progress | None = None,
                before_commit: Callable[[dict], None] | None = None) -> AnalysisResult:
        """Analyze review files (paths) or an already ingested result (``IngestResult``).

        ``before_commit(summary)`` runs last inside the run's transaction (e.g. the import's
        audit entry), so it is stored together with the results or not at all.
        """
        progress = progress or no_progress
        started = datetime.now(UTC).replace(tzinfo=None)
        store = self._store()
        ingest = self._ingest(inputs, progress)
        # One transaction from import to results: a stop part-way stores nothing of this run
        # but the cache, and the next run reads the encoded sentences back from it.
        with store.transaction():
            taxonomy = self._taxonomy(store)
            stored = import_reviews(store, ingest, keep_author_names=self.keep_author_names)
            # Results are saved under the stored ids, so a review re-keyed on import (its id
            # was taken by a different review) never overwrites the results of the owner.
            reviews, rejected = repeated_stored_ids(stored.keyed(ingest.reviews),
                                                    ingest.rejected)
            settings = self._settings(taxonomy, store)
            version = str(self.model.version)
            key = run_key(version, settings)
            reused = (reused_frames(store, reviews, key, catalogues=taxonomy is None)
                      if self.may_reuse else None)
            if reused is None:
                stages = self._stages()
                frames = analyze_frame(reviews, self.model, StoreSentenceCache(store), progress,
                                       embeddings=StoreEmbeddingCache(store), aspects=settings,
                                       stages=stages)
                self.chinese_scorer = stages.chinese_scorer
            else:
                frames = reused.frames
                progress(len(reviews), len(reviews), "stored results")
            summary = self._summary(store, frames, rejected, ingest, stored.ids_qualified)
            progress(0, 1, "store")
            if reused is None:
                results.save_results(store, frames.reviews, frames.sentences, frames.aspects,
                                     version, summary["run_id"])
            else:
                reruns.relabel_run(store, reused.run_id, summary["run_id"])
                reruns.update_review_fields(store, reused.changed)
            self._save_categories(store, taxonomy, summary, frames)
            results.record_run(store, summary["run_id"], started, version, _sources(ingest),
                               summary)
            reruns.save_run_key(store, summary["run_id"], key)
            if before_commit is not None:
                before_commit(summary)
        progress(1, 1, "store")
        return AnalysisResult(
            reviews=_contract_reviews(frames.reviews),
            aspects=frames.aspects[results.ASPECT_COLUMNS].copy(),
            rejected=rejected,
            summary=summary,
            sentences=frames.sentences.drop(columns=["clean_start"], errors="ignore"),
            reused_run=None if reused is None else reused.run_id,
        )

    @property
    def may_reuse(self) -> bool:
        """Whether a run may stand for this one (:mod:`analysis.services.rerun`): asked for,
        and no replaced stage objects, whose behaviour the run key cannot see."""
        return self.reuse_results and not self._custom_stages

    def current_run_key(self) -> str:
        """The key of a run now (:func:`analysis.services.rerun.run_key`): model version and
        the categories the store's settings and this analyzer's taxonomy give."""
        store = self._store()
        return run_key(str(self.model.version), self._settings(self._taxonomy(store), store))

    def _summary(self, store: Store, frames: AnalysisFrames, rejected: pd.DataFrame, ingest,
                 ids_qualified: int) -> dict:
        summary = build_summary(
            frames.reviews, frames.aspects, frames.sentences, rejected, ingest, frames.stats,
            min_mentions=self.min_mentions, quotes=self.quotes_per_aspect,
        )  # fmt: skip
        summary["counts"]["ids_qualified"] = ids_qualified
        summary["counts"]["variant_copies"] = int(
            rejected["reason"].astype(str).str.startswith("variant copy of row").sum())
        listed = list_products(store).set_index("product_id")["variants"]
        for product, entry in summary["products"].items():
            entry["variants"] = list(listed.get(product, [product]))
        summary["run_id"] = uuid.uuid4().hex[:12]
        summary["model_version"] = str(self.model.version)
        return summary

    def _ingest(self, inputs, progress: Progress):
        if hasattr(inputs, "reviews") and hasattr(inputs, "rejected"):
            return inputs
        from analysis.ingest import ingest_reviews

        paths = [inputs] if isinstance(inputs, str | Path) else list(inputs)
        if not paths:
            raise UserInputError("No input files given: pass at least one review export.")
        return ingest_reviews(paths, columns=self.columns, progress=progress)


def _sources(ingest) -> list[str]:
    sources = ingest.reviews.get("source", pd.Series(dtype=str)).dropna().unique().tolist()
    return [str(s) for s in sources]


def _contract_reviews(reviews: pd.DataFrame) -> pd.DataFrame:
    frame = reviews.copy()
    for name in results.REVIEW_EXTRA_COLUMNS:
        if name not in frame:
            frame[name] = None
    return frame[results.REVIEW_COLUMNS + results.REVIEW_EXTRA_COLUMNS].reset_index(drop=True)


def analyze(paths: Sequence[str | Path], store: Store | None = None, **kwargs) -> AnalysisResult:
    """Shortcut: ``ReviewAnalyzer(store, **kwargs).analyze(paths)``."""
    return ReviewAnalyzer(store, **kwargs).analyze(paths)
