"""Managing the user's datasets: list them, find one by what the user typed, remove it, and
the bundled sample's life cycle (labelled on first start, never re-analyzed once removed).

The CLI (``reviewlens datasets|remove``) and the dashboard call these functions; the SQL is in
:mod:`analysis.store.datasets`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.errors import UserInputError
from analysis.services import sample
from analysis.services.engine_settings import LOCAL
from analysis.services.reviews import analyze_reviews
from analysis.services.sales import import_sales
from analysis.services.views import has_reviews
from analysis.store import datasets as store_datasets
from analysis.store import sales as sales_store
from analysis.store.audit import record_audit
from analysis.store.core import Store
from analysis.store.reviews import dataset_id

SAMPLE_REMOVED = "sample_removed"  # settings key: the user removed the sample
SAMPLE_SERIES = "sample_series"  # settings key: the sales series the sample added
LIST_COLUMNS = ["dataset_id", "source", "format", "rows", "kept", "rejected", "imported_at",
                "sample"]

Progress = Callable[[int, int, str], None]


class DatasetNotFound(UserInputError):
    """What the user named matches no dataset, or more than one (``candidates`` lists them)."""

    def __init__(self, message: str, candidates: pd.DataFrame) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class Removal:
    """What removing a dataset deleted (rows per table; sales series for the sample)."""

    removed: store_datasets.Removed
    sample: bool
    sales_rows: int = 0

    def line(self) -> str:
        """One sentence for the CLI and the app."""
        r = self.removed
        what = "the bundled sample" if self.sample else r.source
        sales = f" and {self.sales_rows:,} sample sales rows" if self.sales_rows else ""
        return (f"Removed {what} (dataset {r.dataset_id}): {r.reviews:,} reviews, "
                f"{r.counts.get('aspects', 0):,} aspect mentions, {r.rejected:,} rejected "
                f"rows{sales}.")


@cache
def _file_dataset_id(path: Path) -> str | None:
    if not path.is_file():
        return None
    return dataset_id(hashlib.sha256(path.read_bytes()).hexdigest())


def sample_dataset_id() -> str | None:
    """The id the bundled sample reviews get when imported (None when not shipped)."""
    return _file_dataset_id(sample.SAMPLE_REVIEWS)


def list_datasets(store: Store) -> pd.DataFrame:
    """Datasets newest first: ``dataset_id, source, format, rows, kept, rejected, imported_at,
    sample`` (``sample``: the bundled sample, by label or by its exact bytes)."""
    frame = store_datasets.list_datasets(store)
    frame["sample"] = ((frame["label"] == store_datasets.SAMPLE_LABEL).fillna(False)
                       | (frame["dataset_id"] == sample_dataset_id())).astype(bool)
    return frame[LIST_COLUMNS].reset_index(drop=True)


def resolve_dataset(store: Store, wanted: str) -> pd.Series:
    """The one dataset ``wanted`` names: its id, a unique id prefix, or its file name.

    Raises :class:`DatasetNotFound` (a UserInputError: exit status 2) naming the candidates
    when nothing or more than one dataset matches.
    """
    frame = list_datasets(store)
    wanted = wanted.strip()
    exact = frame[frame["dataset_id"] == wanted]
    if len(exact) == 1:
        return exact.iloc[0]
    matches = frame[frame["dataset_id"].str.startswith(wanted) | (frame["source"] == wanted)] \
        if wanted else frame.iloc[0:0]
    if len(matches) == 1:
        return matches.iloc[0]
    if matches.empty:
        listed = _describe(frame) or "  (the store holds no datasets)"
        raise DatasetNotFound(
            f"no dataset is called {wanted!r}. Give its id (or a unique start of it) or its "
            f"file name; the store holds:\n{listed}", frame)
    raise DatasetNotFound(
        f"{wanted!r} matches {len(matches)} datasets; give the id (or a longer start of it) "
        f"of the one to remove:\n{_describe(matches)}", matches)


def _describe(frame: pd.DataFrame) -> str:
    return "\n".join(f"  {row.dataset_id}  {row.source}  ({row.kept:,} reviews, imported "
                     f"{pd.Timestamp(row.imported_at):%Y-%m-%d %H:%M})"
                     for row in frame.itertuples(index=False))


def remove_dataset(store: Store, wanted: str, actor: str | None = None) -> Removal:
    """Remove the dataset ``wanted`` names (see :func:`resolve_dataset`) with its results.

    Removing the bundled sample also removes the sales series the sample added and remembers
    the choice, so the next start does not analyze the sample again. The removal is recorded
    in the audit trail under ``actor``.
    """
    row = resolve_dataset(store, wanted)
    removed = store_datasets.remove_dataset(store, str(row["dataset_id"]))
    sales_rows = 0
    if bool(row["sample"]):
        store_datasets.set_setting(store, SAMPLE_REMOVED, "1")
        series = store_datasets.get_setting(store, SAMPLE_SERIES)
        found = series.split("\n") if series else _unchanged_sample_series(store)
        sales_rows = sales_store.remove_series(store, found)
        store_datasets.set_setting(store, SAMPLE_SERIES, None)
    record_audit(store, actor or "unknown", "remove_dataset",
                 {"dataset_id": str(row["dataset_id"]), "file": str(row["source"]),
                  "reviews": int(row["kept"]), "sample": bool(row["sample"]),
                  "sales_rows": int(sales_rows)})
    return Removal(removed, bool(row["sample"]), sales_rows)


def _unchanged_sample_series(store: Store) -> list[str]:
    """Sample sales series still stored exactly as the sample has them (stores bootstrapped
    before the sample's series were recorded); a series the user re-imported is kept."""
    from analysis.ingest.sales import ingest_sales

    if not sample.SAMPLE_SALES.is_file():
        return []
    series = ingest_sales([str(sample.SAMPLE_SALES)]).series
    stored = sales_store.load_sales(store, sorted(series["unique_id"].astype(str).unique()))
    same = []
    for uid, rows in series.sort_values("ds").groupby("unique_id"):
        mine = stored[stored["unique_id"] == str(uid)]
        if len(mine) == len(rows) and (
                pd.to_datetime(mine["ds"]).dt.date.tolist()
                == pd.to_datetime(rows["ds"]).dt.date.tolist()) and (
                mine["y"].round(6).tolist() == rows["y"].astype(float).round(6).tolist()):
            same.append(str(uid))
    return same


def sample_removed(store: Store) -> bool:
    """Whether the user removed the bundled sample (it is then never analyzed again)."""
    return store_datasets.get_setting(store, SAMPLE_REMOVED) == "1"


def bootstrap_sample(store: Store, model, progress: Progress | None = None) -> bool:
    """Analyze the bundled sample into an empty store, once; label it and its sales series.

    Does nothing (returns False) when the store holds analyzed reviews or the user removed
    the sample before. The sample sales are imported only into a store without sales.
    """
    if has_reviews(store) or sample_removed(store):
        return False
    analyze_reviews(store, [sample.SAMPLE_REVIEWS], model, progress=progress,
                    engine=LOCAL)  # as analyze_sample: the sample never waits on Ray
    ds = sample_dataset_id()
    if ds is not None:
        store_datasets.set_label(store, ds, store_datasets.SAMPLE_LABEL)
    # The sample sales only go into a store without sales: never replace the user's series.
    if sample.SAMPLE_SALES.is_file() and sales_store.load_sales(store).empty:
        import_sales(store, [sample.SAMPLE_SALES], progress=progress)
        added = sorted(sales_store.load_sales(store)["unique_id"].astype(str).unique())
        store_datasets.set_setting(store, SAMPLE_SERIES, "\n".join(added))
    return True
