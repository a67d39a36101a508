"""Importing review files: ingest, analyze with the engine and store, in one use case and one
store transaction (the engine's caches aside, see :class:`analysis.services.analyzer
.ReviewAnalyzer`).

The engine (torch) is imported only inside the function, so reading an analyzed store never
loads the model. Checking a file before import is in :mod:`analysis.services.uploads`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from analysis.store.core import Store

Progress = Callable[[int, int, str], None]


def analyze_reviews(store: Store, paths: Sequence[str | Path], model,
                    columns: dict[str, str] | None = None, progress: Progress | None = None,
                    accept_rejections: bool = False, *, actor: str | None = None,
                    keep_author_names: bool = False, tables: list | None = None):
    """Ingest and analyze review files into ``store``; returns the engine's AnalysisResult.

    ``tables``: the files already parsed, as ``(RawTable, sha256)`` pairs (an upload's
    :meth:`~analysis.services.uploads.UploadPreview.parsed`), so they are not read again;
    without it ``paths`` are read.

    Raises :class:`~analysis.errors.RejectionsError` before storing anything when one reason
    would reject much of a file, unless ``accept_rejections`` (the user confirmed). ``actor``
    (the signed-in user) is recorded in the audit trail with the files imported.
    """
    from analysis.ingest import check_losses, ingest_reviews, ingest_tables
    from analysis.services.analyzer import ReviewAnalyzer
    from analysis.store.audit import record_audit

    if tables is not None:
        ingested = ingest_tables(tables, columns or None, progress=progress)
    else:
        ingested = ingest_reviews([str(p) for p in paths], columns=columns or None,
                                  progress=progress)
    check_losses(ingested, accept=accept_rejections)
    analyzer = ReviewAnalyzer(store, model=model, columns=columns or None,
                              keep_author_names=keep_author_names)
    with store.transaction():  # import, analysis, results and audit record: all or nothing
        result = analyzer.analyze(ingested, progress=progress)
        record_audit(store, actor or "dashboard", "import_reviews",
                     {"files": [Path(p).name for p in paths], "reviews": len(result.reviews),
                      "rejected": len(result.rejected), "author_names_kept": keep_author_names})
    return result


def split_rejections(rejected: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(copies, unusable)``: rows that repeat a review kept elsewhere (variant copies, exact
    duplicates, repeated headers: nothing is lost) and rows that could not be used."""
    from analysis.ingest.losses import NON_LOSS_PREFIXES

    if rejected.empty:
        return rejected, rejected
    copy = rejected["reason"].astype(str).str.startswith(NON_LOSS_PREFIXES)
    return rejected[copy], rejected[~copy]
