"""Datasets as the user manages them: labels, app settings, and removal of one dataset.

A dataset is one imported review file (``datasets`` in :mod:`analysis.store.reviews`). This
module adds what managing them needs without changing the import path:

- ``dataset_labels``: a label per dataset (``sample`` marks the bundled sample data);
- ``settings``: small app choices as key/value text (e.g. that the user removed the sample, so
  a later start does not analyze it again; the analysis engine chosen in Settings);
- :func:`remove_dataset`: the dataset's reviews, their engine results (``review_results``,
  ``sentences``, ``aspects``), its rejected rows, its label and the dataset row, in one
  transaction. The sentence and embedding caches are keyed by text hash, shared by every
  dataset, and stay: removing data never makes a later import slower.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.store.core import Store, register_schema

SAMPLE_LABEL = "sample"

register_schema(
    "datasets",
    """
    CREATE TABLE IF NOT EXISTS dataset_labels (dataset_id VARCHAR PRIMARY KEY, label VARCHAR);
    CREATE TABLE IF NOT EXISTS settings (key VARCHAR PRIMARY KEY, value VARCHAR);
    """,
)

# Tables whose rows belong to a dataset's reviews (by review_id), removed with the dataset.
REVIEW_TABLES = ("aspects", "sentences", "review_results")
# Tables whose rows carry the dataset_id itself.
DATASET_TABLES = ("rejected", "dataset_labels", "reviews", "datasets")


@dataclass(frozen=True)
class Removed:
    """Rows one removal deleted, per table (what the CLI and the app report)."""

    dataset_id: str
    source: str
    counts: dict[str, int]

    @property
    def reviews(self) -> int:
        return self.counts.get("reviews", 0)

    @property
    def rejected(self) -> int:
        return self.counts.get("rejected", 0)


def list_datasets(store: Store) -> pd.DataFrame:
    """Every imported file, newest first: ``dataset_id, source, format, rows, kept, rejected,
    imported_at, sha256, label`` (``kept`` = reviews of the file now in the store)."""
    return store.query(
        """
        SELECT d.dataset_id, d.source, d.format, d."rows",
               coalesce(k.kept, 0) AS kept, d.rejected, d.imported_at, d.sha256, l.label
        FROM datasets d
        LEFT JOIN (SELECT dataset_id, count(*) AS kept FROM reviews GROUP BY dataset_id) k
          USING (dataset_id)
        LEFT JOIN dataset_labels l USING (dataset_id)
        ORDER BY d.imported_at DESC, d.dataset_id
        """
    )


def set_label(store: Store, dataset_id: str, label: str | None) -> None:
    """Label a stored dataset (None clears the label)."""
    with store.transaction() as con:
        con.execute("DELETE FROM dataset_labels WHERE dataset_id = ?", [dataset_id])
        if label is not None:
            con.execute("INSERT INTO dataset_labels VALUES (?, ?)", [dataset_id, label])


def remove_dataset(store: Store, dataset_id: str) -> Removed:
    """Delete one dataset and everything keyed by it or by its reviews, atomically.

    Raises ``KeyError`` when no dataset has this exact id. Reviews of other datasets are left
    exactly as they are, including ids that were qualified because of a clash with this one.
    """
    counts: dict[str, int] = {}
    with store.transaction() as con:
        found = con.execute("SELECT source FROM datasets WHERE dataset_id = ?",
                            [dataset_id]).fetchall()
        if not found:
            raise KeyError(dataset_id)
        mine = "SELECT review_id FROM reviews WHERE dataset_id = ?"
        for table in REVIEW_TABLES:
            counts[table] = _deleted(con.execute(
                f"DELETE FROM {table} WHERE review_id IN ({mine})", [dataset_id]).fetchall())
        for table in DATASET_TABLES:
            counts[table] = _deleted(con.execute(
                f"DELETE FROM {table} WHERE dataset_id = ?", [dataset_id]).fetchall())
    return Removed(dataset_id, str(found[0][0]), counts)


def _deleted(rows: list[tuple]) -> int:
    return int(rows[0][0]) if rows else 0


def get_setting(store: Store, key: str) -> str | None:
    """A stored app setting, or None when never set."""
    found = store.query("SELECT value FROM settings WHERE key = ?", [key])
    return None if found.empty else found["value"].iloc[0]


def set_setting(store: Store, key: str, value: str | None) -> None:
    """Store (or with None forget) an app setting."""
    with store.transaction() as con:
        con.execute("DELETE FROM settings WHERE key = ?", [key])
        if value is not None:
            con.execute("INSERT INTO settings VALUES (?, ?)", [key, value])


def data_version(store: Store) -> str:
    """Changes when datasets are added or removed (part of the dashboard's cache key)."""
    row = store.query(
        "SELECT (SELECT count(*) FROM datasets) AS d, (SELECT count(*) FROM reviews) AS r, "
        "(SELECT count(*) FROM review_results) AS a, (SELECT count(*) FROM sales) AS s"
    ).iloc[0]
    return f"{row['d']}:{row['r']}:{row['a']}:{row['s']}"
