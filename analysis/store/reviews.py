"""Ingested reviews in the store: datasets (one per imported file), reviews and rejected rows.

Import is idempotent: a file whose bytes were imported before (same sha256) is skipped, and an
overlapping export adds only reviews whose ``review_id`` the store does not hold yet. Each
import runs in one :meth:`Store.transaction`, so a failure part-way leaves the store unchanged.
Rows are inserted in bulk from DataFrames (DuckDB scans them directly), never one by one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
import pyarrow as pa

from analysis.ingest.reviews import REVIEW_COLUMNS, IngestResult
from analysis.store.core import Store, register_schema, registered

register_schema(
    "reviews",
    """
    CREATE TABLE IF NOT EXISTS datasets (
        dataset_id VARCHAR PRIMARY KEY, source VARCHAR, sha256 VARCHAR, imported_at TIMESTAMP,
        "rows" BIGINT, reviews_added BIGINT, reviews_known BIGINT, rejected BIGINT,
        format VARCHAR, encoding VARCHAR, mapping VARCHAR, stats VARCHAR
    );
    CREATE TABLE IF NOT EXISTS reviews (
        review_id VARCHAR PRIMARY KEY, dataset_id VARCHAR, product_id VARCHAR,
        product_name VARCHAR, date TIMESTAMP, rating DOUBLE, title VARCHAR, text VARCHAR,
        author VARCHAR, verified BOOLEAN, helpful_votes BIGINT, source VARCHAR,
        source_row BIGINT
    );
    CREATE TABLE IF NOT EXISTS rejected (
        dataset_id VARCHAR, source VARCHAR, "row" BIGINT, reason VARCHAR
    );
    """,
)

_INSERT_REVIEWS = """
    INSERT INTO reviews
    SELECT CAST(n.review_id AS VARCHAR), ? AS dataset_id, CAST(n.product_id AS VARCHAR),
           CAST(n.product_name AS VARCHAR), CAST(n.date AS TIMESTAMP),
           CAST(n.rating AS DOUBLE), CAST(n.title AS VARCHAR), CAST(n.text AS VARCHAR),
           CAST(n.author AS VARCHAR), CAST(n.verified AS BOOLEAN),
           CAST(n.helpful_votes AS BIGINT), CAST(n.source AS VARCHAR),
           CAST(n.source_row AS BIGINT)
    FROM _new_reviews AS n
    WHERE NOT EXISTS (SELECT 1 FROM reviews r WHERE r.review_id = CAST(n.review_id AS VARCHAR))
"""


@dataclass
class ImportSummary:
    """What one import changed: datasets added/skipped, reviews added/already known, rejects."""

    datasets_added: list[str] = field(default_factory=list)
    datasets_skipped: list[str] = field(default_factory=list)
    reviews_added: int = 0
    reviews_known: int = 0
    id_conflicts: int = 0
    rejected_added: int = 0

    def line(self) -> str:
        """One-line human summary."""
        skipped = (f", {len(self.datasets_skipped)} file(s) already imported"
                   if self.datasets_skipped else "")
        conflicts = (f", {self.id_conflicts} kept the stored version of a review_id whose text "
                     "differs" if self.id_conflicts else "")
        return (f"store: {self.reviews_added} new reviews, {self.reviews_known} already "
                f"known{conflicts}, {self.rejected_added} rejected rows recorded{skipped}")


def dataset_id(sha256: str) -> str:
    """A dataset's id: the first 16 hex digits of its file's sha256."""
    return sha256[:16]


def import_reviews(store: Store, result: IngestResult) -> ImportSummary:
    """Add an ingest result to the store atomically; files imported before are skipped."""
    summary = ImportSummary()
    with store.transaction() as con:
        for source, stats in result.stats.items():
            sha = stats["sha256"]
            known = con.execute("SELECT 1 FROM datasets WHERE sha256 = ?", [sha]).fetchall()
            if known:
                summary.datasets_skipped.append(source)
                continue
            ds = dataset_id(sha)
            reviews = result.reviews[result.reviews["source"] == source]
            added, conflicts = _insert_reviews(con, reviews, ds)
            rejected = result.rejected[result.rejected["source"] == source]
            _insert_rejected(con, rejected, ds)
            _insert_dataset(con, ds, source, stats, result.mappings.get(source, {}),
                            added, len(reviews) - added, len(rejected))
            summary.datasets_added.append(source)
            summary.reviews_added += added
            summary.reviews_known += len(reviews) - added
            summary.id_conflicts += conflicts
            summary.rejected_added += len(rejected)
    return summary


def _insert_reviews(con, reviews: pd.DataFrame, ds: str) -> tuple[int, int]:
    """Insert reviews the store lacks; return (added, known ids whose stored text differs)."""
    if reviews.empty:
        return 0, 0
    frame = reviews[REVIEW_COLUMNS].copy()
    frame["verified"] = frame["verified"].astype("boolean")
    # Arrow columns scan several times faster than pandas object columns.
    with registered(con, _new_reviews=pa.Table.from_pandas(frame, preserve_index=False)):
        conflicts = con.execute(
            "SELECT count(*) FROM _new_reviews n JOIN reviews r "
            "ON r.review_id = CAST(n.review_id AS VARCHAR) WHERE r.text <> n.text"
        ).fetchall()[0][0]
        inserted = con.execute(_INSERT_REVIEWS, [ds]).fetchall()
    return (int(inserted[0][0]) if inserted else 0), int(conflicts)


def _insert_rejected(con, rejected: pd.DataFrame, ds: str) -> None:
    if rejected.empty:
        return
    frame = rejected[["source", "row", "reason"]].astype({"row": "int64"})
    with registered(con, _new_rejected=frame):
        con.execute(
            'INSERT INTO rejected SELECT ?, CAST(source AS VARCHAR), "row", '
            "CAST(reason AS VARCHAR) FROM _new_rejected",
            [ds],
        ).fetchall()


def _insert_dataset(con, ds: str, source: str, stats: dict, mapping: dict, added: int,
                    known: int, rejected: int) -> None:
    con.execute(
        "INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [ds, source, stats["sha256"], datetime.now(UTC).replace(tzinfo=None),
         int(stats["rows_read"]), added, known, rejected, stats.get("format"),
         stats.get("encoding"), json.dumps(mapping, ensure_ascii=False),
         json.dumps(stats, ensure_ascii=False, default=str)],
    ).fetchall()


def load_reviews(store: Store, products: list[str] | None = None,
                 start: str | pd.Timestamp | None = None,
                 end: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Stored reviews in the canonical columns (+ ``dataset_id``), oldest first.

    ``products`` filters by product_id; ``start``/``end`` bound the date (inclusive).
    """
    where, params = [], []
    if products:
        where.append(f"product_id IN ({', '.join('?' for _ in products)})")
        params.extend(str(p) for p in products)
    if start is not None:
        where.append("date >= ?")
        params.append(pd.Timestamp(start).to_pydatetime())
    if end is not None:
        where.append("date <= ?")
        params.append(pd.Timestamp(end).to_pydatetime())
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    cols = ", ".join(f'"{c}"' for c in REVIEW_COLUMNS)
    frame = store.query(
        f"SELECT {cols}, dataset_id FROM reviews {clause} "
        "ORDER BY date NULLS LAST, source, source_row",
        params,
    )
    return _canonical_dtypes(frame)


def _canonical_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame["rating"] = frame["rating"].astype("float64")
    frame["helpful_votes"] = frame["helpful_votes"].astype("Int64")
    frame["verified"] = frame["verified"].astype(object).where(frame["verified"].notna(), None)
    for col in ["review_id", "product_id", "product_name", "title", "text", "author", "source"]:
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    frame["source_row"] = frame["source_row"].astype("int64")
    return frame


def list_products(store: Store) -> pd.DataFrame:
    """Products in the store: ``product_id, product_name, reviews, first_date, last_date,
    mean_rating``, most reviewed first (reviews without a product are not listed)."""
    return store.query(
        """
        SELECT product_id, any_value(product_name) AS product_name, count(*) AS reviews,
               min(date) AS first_date, max(date) AS last_date, avg(rating) AS mean_rating
        FROM reviews WHERE product_id IS NOT NULL
        GROUP BY product_id ORDER BY reviews DESC, product_id
        """
    )


def list_datasets(store: Store) -> pd.DataFrame:
    """Imported files, newest first: id, source, sha256, time, row counts, format, encoding."""
    return store.query(
        'SELECT dataset_id, source, sha256, imported_at, "rows", reviews_added, reviews_known, '
        "rejected, format, encoding FROM datasets ORDER BY imported_at DESC"
    )


def load_rejected(store: Store, dataset: str | None = None) -> pd.DataFrame:
    """Rejected rows (``source, row, reason``), optionally of one dataset."""
    if dataset is None:
        return store.query('SELECT source, "row", reason FROM rejected ORDER BY source, "row"')
    return store.query(
        'SELECT source, "row", reason FROM rejected WHERE dataset_id = ? ORDER BY "row"',
        [dataset],
    )
