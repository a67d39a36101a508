"""``ReviewAnalyzer``: reviews in, per-review sentiment and per-aspect mentions out.

Stages (each swappable through a constructor argument, defaults used when ``None``):
ingest -> import into the store -> language -> sentences -> cached encoder pass (one batched
``predict`` for every text not yet seen by this model version) -> aspect chain (filter ->
normalise -> categorise, under the catalogue taxonomy that fits each product unless a taxonomy
is given) -> review sentiment (``aggregate_review``) -> store -> summary.

Chinese reviews (``language == "zh"``) take the Chinese route inside the same call
(:mod:`analysis.zh`): their clauses get the Chinese model's probabilities and taxonomy aspects,
their review sentiment is the model's whole-review prediction. Other languages are kept and
flagged in ``language``; they are not scored as English, so their sentiment columns are empty
and they carry no aspects. The summary counts them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
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
from analysis.pipeline.outputs import write_outputs
from analysis.pipeline.progress import Progress, no_progress
from analysis.pipeline.summary import build_summary
from analysis.pipeline.transform import AnalysisFrames, AspectSettings, Stages, analyze_frame
from analysis.store import catalogues as catalogue_store
from analysis.store import results
from analysis.store.caches import StoreEmbeddingCache, StoreSentenceCache
from analysis.store.core import Store


@dataclass
class AnalysisResult:
    """The outputs of one ``analyze`` call (see design.md's CLI contract for the columns)."""

    reviews: pd.DataFrame
    aspects: pd.DataFrame
    rejected: pd.DataFrame
    summary: dict
    sentences: pd.DataFrame = field(default_factory=pd.DataFrame)

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write reviews.csv, aspects.csv, rejected.csv and summary.json into ``out_dir``."""
        return write_outputs(self, Path(out_dir))


class ReviewAnalyzer:
    """Front class of the review-understanding engine.

    ``store``: where reviews, results and caches live (``None``: an in-memory store).
    ``model``: a loaded ``ReviewModel`` (``None``: loaded on first use). ``taxonomy``: a
    :class:`Taxonomy` or a path to one, applied to every product (``None``: the custom taxonomy
    the store holds, e.g. after :func:`analysis.aspects.recategorise`, else each product gets
    the packaged catalogue taxonomy that fits its terms, see :class:`CatalogueCategorizer`).
    ``columns``: column mapping for ingestion. The stage arguments replace the default stage
    objects.
    ``keep_author_names``: store reviewer names/ids as read (default: only a salted hash).
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

    def _chinese(self):
        if self.chinese_scorer is None:
            from analysis.zh import ChineseScorer

            self.chinese_scorer = ChineseScorer()
        return self.chinese_scorer

    @property
    def model(self):
        """The engine, loaded on first use."""
        if self._model is None:
            from analysis.encoder import ReviewModel

            self._model = ReviewModel.load()
        return self._model

    def _store(self) -> Store:
        if self.store is None:
            self.store = Store(":memory:")
        return self.store

    def _taxonomy(self, store: Store) -> Taxonomy | None:
        """Given taxonomy, else the categoriser's, else the store's custom one; ``None`` means
        per-product catalogues (a plain categoriser without taxonomy gets the general one)."""
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

    def analyze(self, inputs, progress: Progress | None = None) -> AnalysisResult:
        """Analyse review files (paths) or an already ingested result (``IngestResult``)."""
        progress = progress or no_progress
        started = datetime.now(UTC).replace(tzinfo=None)
        store = self._store()
        taxonomy = self._taxonomy(store)
        ingest = self._ingest(inputs, progress)
        stored = self._import(store, ingest)
        reviews = ingest.reviews.copy()
        if stored is not None:  # the ids the store keeps them under (see import_reviews)
            reviews["review_id"] = stored.review_ids
            reviews["product_id"] = stored.product_ids  # its family (variants count once)
        reviews, rejected = _split_repeated_ids(reviews, ingest.rejected)

        stages = self._stages()
        frames = analyze_frame(reviews, self.model, StoreSentenceCache(store), progress,
                               embeddings=StoreEmbeddingCache(store),
                               aspects=self._settings(taxonomy, store), stages=stages)
        self.chinese_scorer = stages.chinese_scorer
        reviews, sentences, aspects, stats = (frames.reviews, frames.sentences, frames.aspects,
                                              frames.stats)
        model = self.model
        run_id = uuid.uuid4().hex[:12]
        summary = build_summary(
            reviews, aspects, sentences, rejected, ingest, stats,
            min_mentions=self.min_mentions, quotes=self.quotes_per_aspect,
        )  # fmt: skip
        summary["counts"]["ids_qualified"] = stored.ids_qualified if stored is not None else 0
        summary["counts"]["variant_copies"] = int(
            rejected["reason"].astype(str).str.startswith("variant copy of row").sum())
        _add_variants(store, summary["products"])
        summary["run_id"] = run_id
        summary["model_version"] = str(model.version)
        progress(0, 1, "store")
        # One commit for results, categories and run record: a stop part-way stores none of
        # them, and the next run reads the encoded sentences back from the cache.
        with store.transaction():
            results.save_results(store, reviews, sentences, aspects, str(model.version), run_id)
            self._save_categories(store, taxonomy, summary, frames)
            results.record_run(store, run_id, started, str(model.version), _sources(ingest),
                               summary)
        progress(1, 1, "store")
        return AnalysisResult(
            reviews=_contract_reviews(reviews),
            aspects=aspects[results.ASPECT_COLUMNS].copy(),
            rejected=rejected,
            summary=summary,
            sentences=sentences.drop(columns=["clean_start"]),
        )

    def _ingest(self, inputs, progress: Progress):
        if hasattr(inputs, "reviews") and hasattr(inputs, "rejected"):
            return inputs
        from analysis.ingest import ingest_reviews

        paths = [inputs] if isinstance(inputs, str | Path) else list(inputs)
        if not paths:
            raise UserInputError("No input files given: pass at least one review export.")
        return ingest_reviews(paths, columns=self.columns, progress=progress)

    def _import(self, store: Store, ingest):
        """Import into the store; returns its ``ImportSummary`` (``None`` without the store).

        Results are saved under the stored ids, so a review re-keyed on import (its id was
        taken by a different review) never overwrites the results of the review owning it.
        """
        try:
            from analysis.store.reviews import import_reviews
        except ImportError:  # ingestion store not installed in this build: results stand alone
            return None
        return import_reviews(store, ingest, keep_author_names=self.keep_author_names)


def _add_variants(store: Store, products: dict[str, dict]) -> None:
    """Each summary product (a family) lists the product ids (variants) it covers."""
    try:
        from analysis.store.reviews import list_products
    except ImportError:
        return
    listed = list_products(store).set_index("product_id")["variants"]
    for product, entry in products.items():
        entry["variants"] = list(listed.get(product, [product]))


def _sources(ingest) -> list[str]:
    sources = ingest.reviews.get("source", pd.Series(dtype=str)).dropna().unique().tolist()
    return [str(s) for s in sources]


def _split_repeated_ids(reviews: pd.DataFrame, rejected: pd.DataFrame):
    """Rows whose ``review_id`` an earlier row already has become rejected, naming that row.

    After import two rows share a stored id only when they are the same stored review (e.g.
    in a hand-made ``IngestResult``), so each review is analysed and written once.
    """
    reviews = reviews.copy()
    reviews["review_id"] = reviews["review_id"].astype(str)
    repeated = reviews["review_id"].duplicated(keep="first")
    if not repeated.any():
        return reviews.reset_index(drop=True), rejected.reset_index(drop=True)
    first = reviews[~repeated].set_index("review_id")
    extra = reviews[repeated]
    reasons = [
        f"duplicate of review {rid!r} ({first.at[rid, 'source']} row "
        f"{first.at[rid, 'source_row']}); each review is analysed once"
        for rid in extra["review_id"]
    ]
    more = pd.DataFrame({"source": extra["source"], "row": extra["source_row"], "reason": reasons})
    rejected = pd.concat([rejected, more], ignore_index=True)
    return reviews[~repeated].reset_index(drop=True), rejected


def _contract_reviews(reviews: pd.DataFrame) -> pd.DataFrame:
    frame = reviews.copy()
    for name in results.REVIEW_EXTRA_COLUMNS:
        if name not in frame:
            frame[name] = None
    return frame[results.REVIEW_COLUMNS + results.REVIEW_EXTRA_COLUMNS].reset_index(drop=True)


def analyze(paths: Sequence[str | Path], store: Store | None = None, **kwargs) -> AnalysisResult:
    """Shortcut: ``ReviewAnalyzer(store, **kwargs).analyze(paths)``."""
    return ReviewAnalyzer(store, **kwargs).analyze(paths)
