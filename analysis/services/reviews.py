"""Importing review files: ingest, analyze with the engine and store, in one use case and one
store transaction (the engine's caches aside, see :class:`analysis.services.analyzer
.ReviewAnalyzer`). The encoder pass runs locally or on Ray, as chosen in Settings
(:mod:`analysis.services.engine_settings`).

The engine (torch) is imported only inside the function, so reading an analyzed store never
loads the model. Checking a file before import is in :mod:`analysis.services.uploads`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from analysis.config import AnalysisEngine
from analysis.errors import UserInputError
from analysis.services.engine_settings import current_engine
from analysis.store.core import Store

Progress = Callable[[int, int, str], None]


def analyze_reviews(store: Store, paths: Sequence[str | Path], model,
                    columns: dict[str, str] | None = None, progress: Progress | None = None,
                    accept_rejections: bool = False, *, actor: str | None = None,
                    keep_author_names: bool = False, tables: list | None = None,
                    engine: AnalysisEngine | None = None):
    """Ingest and analyze review files into ``store``; returns the engine's AnalysisResult.

    ``tables``: the files already parsed, as ``(RawTable, sha256)`` pairs (an upload's
    :meth:`~analysis.services.uploads.UploadPreview.parsed`), so they are not read again;
    without it ``paths`` are read.

    ``engine``: local or Ray (default: the one chosen in Settings,
    :func:`~analysis.services.engine_settings.current_engine`); ``progress`` follows either.

    Raises :class:`~analysis.errors.RejectionsError` before storing anything when one reason
    would reject much of a file, unless ``accept_rejections`` (the user confirmed). ``actor``
    (the signed-in user) is recorded in the audit trail with the files imported.
    """
    from analysis.ingest import check_losses, ingest_reviews, ingest_tables
    from analysis.services.analyzer import ReviewAnalyzer

    engine = engine or current_engine(store)
    if tables is not None:
        ingested = ingest_tables(tables, columns or None, progress=progress)
    else:
        ingested = ingest_reviews([str(p) for p in paths], columns=columns or None,
                                  progress=progress)
    check_losses(ingested, accept=accept_rejections)
    analyzer = ReviewAnalyzer(store, model=model, columns=columns or None,
                              keep_author_names=keep_author_names)

    def record(summary: dict) -> None:  # inside the analyzer's transaction: all or nothing
        _record_import(store, actor, paths, summary, keep_author_names, engine)

    if engine.is_ray:
        return _analyze_on_ray(analyzer, ingested, engine, progress, record)
    return analyzer.analyze(ingested, progress=progress, before_commit=record)


def _record_import(store: Store, actor: str | None, paths: Sequence[str | Path],
                   summary: dict, keep_author_names: bool, engine: AnalysisEngine) -> None:
    """The import's audit entry: files, counts, and the Ray engine when it ran there."""
    from analysis.store.audit import record_audit

    counts = summary["counts"]
    detail = {"files": [Path(p).name for p in paths], "reviews": counts["reviews"],
              "rejected": counts["rejected"], "author_names_kept": keep_author_names}
    if engine.is_ray:
        detail["engine"] = engine.to_record()
    record_audit(store, actor or "dashboard", "import_reviews", detail)


def _analyze_on_ray(analyzer, ingested, engine: AnalysisEngine, progress: Progress | None,
                    before_commit: Callable[[dict], None]):
    """The analysis with its encoder pass on Ray (:func:`analysis.scale.analyze.analyze_on_ray`).

    The workers' sentences are committed to the cache before the analyzer's transaction
    begins (one opened earlier would not see them, and everything would be encoded again);
    that transaction still stores import, results and audit entry all or nothing. A Ray that
    cannot start or be joined raises UserInputError naming the engine setting. The Ray stays
    up for the server's next upload with the same engine setting.
    """
    from analysis.scale import analyze as ray_analyze

    try:
        return ray_analyze.analyze_on_ray(analyzer, ingested, address=engine.address,
                                          workers=engine.workers, progress=progress,
                                          keep_ray=True, before_commit=before_commit)
    except UserInputError as exc:
        raise UserInputError(f"{exc} (Analysis engine: {engine.describe()}; an editor can "
                             "change it in Settings.)") from exc


def split_rejections(rejected: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(copies, unusable)``: rows that repeat a review kept elsewhere (variant copies, exact
    duplicates, repeated headers: nothing is lost) and rows that could not be used."""
    from analysis.ingest.losses import NON_LOSS_PREFIXES

    if rejected.empty:
        return rejected, rejected
    copy = rejected["reason"].astype(str).str.startswith(NON_LOSS_PREFIXES)
    return rejected[copy], rejected[~copy]
