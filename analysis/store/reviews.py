"""Ingested reviews in the store: datasets (one per imported file), reviews and rejected rows.

Plain frames in and out; the import use case (:mod:`analysis.services.review_import`) decides
identity with :mod:`analysis.ingest.identity` and calls these inside one transaction. The store
answers which stored review a row repeats (:func:`known_reviews`: same original id, product and
text, or a variant copy) and which ids are taken (:func:`taken_ids`); the stored
``original_id`` column keeps each id as given. Rows are inserted in bulk from DataFrames
(DuckDB scans them directly), never one by one.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.review_fields import REVIEW_COLUMNS
from analysis.store.core import Store, register_schema, registered
from analysis.store.privacy import _salt, hash_authors_sql
from analysis.store.privacy import note_names_kept as note_names_kept

# The review fields the ``reviews`` table keeps (the canonical ingest columns), in order.
REVIEW_FIELDS = REVIEW_COLUMNS

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
        source_row BIGINT, original_id VARCHAR
    );
    -- Stores written before original_id existed: every id there is as given.
    ALTER TABLE reviews ADD COLUMN IF NOT EXISTS original_id VARCHAR;
    UPDATE reviews SET original_id = review_id WHERE original_id IS NULL;
    -- Salted hash of the reviewer (analysis/store/privacy.py fills it for older stores).
    ALTER TABLE reviews ADD COLUMN IF NOT EXISTS author_hash VARCHAR;
    CREATE TABLE IF NOT EXISTS rejected (
        dataset_id VARCHAR, source VARCHAR, "row" BIGINT, reason VARCHAR
    );
    -- Every product id (variant) each review is shown on; reviews.product_id is its family.
    CREATE TABLE IF NOT EXISTS review_products (review_id VARCHAR, product_id VARCHAR);
    -- Stores written before variants were linked: each review is on its own product.
    INSERT INTO review_products
    SELECT r.review_id, r.product_id FROM reviews r
    WHERE r.product_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM review_products p WHERE p.review_id = r.review_id);
    """,
)

# The stored review each new row repeats, if any: same original id, product and text, or
# (a variant copy listed first in another export) same family, author, text and date; the
# author is compared through the store's salted hash (names are not kept by default).
_KNOWN_REVIEWS = """
    SELECT _pos, min(review_id) AS review_id FROM (
        SELECT n._pos, r.review_id
        FROM _new_reviews n JOIN reviews r
          ON r.original_id = n.original_id AND r.text = CAST(n.text AS VARCHAR)
         AND r.product_id IS NOT DISTINCT FROM CAST(n.product_id AS VARCHAR)
        UNION ALL
        SELECT n._pos, r.review_id
        FROM _new_reviews n JOIN reviews r
          ON r.product_id = CAST(n.product_id AS VARCHAR) AND r.text = CAST(n.text AS VARCHAR)
         AND r.author_hash = sha256(?::VARCHAR || ':' || trim(CAST(n.author AS VARCHAR)))
         AND r.date = CAST(n.date AS TIMESTAMP)
    ) GROUP BY _pos
"""

# New rows come from the registered file frame; ``_add_ids`` says which rows and their ids.
_INSERT_REVIEWS = """
    INSERT INTO reviews BY NAME
    SELECT a.review_id AS review_id, ?::VARCHAR AS dataset_id,
           CAST(n.product_id AS VARCHAR) AS product_id,
           CAST(n.product_name AS VARCHAR) AS product_name, CAST(n.date AS TIMESTAMP) AS date,
           CAST(n.rating AS DOUBLE) AS rating, CAST(n.title AS VARCHAR) AS title,
           CAST(n.text AS VARCHAR) AS text, {author} AS author, {author_hash} AS author_hash,
           CAST(n.verified AS BOOLEAN) AS verified,
           CAST(n.helpful_votes AS BIGINT) AS helpful_votes, CAST(n.source AS VARCHAR) AS source,
           CAST(n.source_row AS BIGINT) AS source_row,
           CAST(n.original_id AS VARCHAR) AS original_id
    FROM _new_reviews AS n JOIN _add_ids AS a ON a._pos = n._pos
"""


def _insert_sql(keep_names: bool) -> str:
    author, author_hash = hash_authors_sql(keep_names)
    return _INSERT_REVIEWS.format(author=author, author_hash=author_hash)


def dataset_id(sha256: str) -> str:
    """A dataset's id: the first 16 hex digits of its file's sha256."""
    return sha256[:16]


def author_salt(con) -> str:
    """The store's salt for reviewer hashes (made on first use), on an open connection."""
    return _salt(con)


def file_imported(con, sha256: str) -> bool:
    """Whether a file with these bytes was imported before."""
    return bool(con.execute("SELECT 1 FROM datasets WHERE sha256 = ?", [sha256]).fetchall())


def review_rows(frame: pd.DataFrame) -> pa.Table:
    """A file's rows (review fields + ``original_id``) with their position ``_pos``, as the
    Arrow table :func:`known_reviews` and :func:`insert_reviews` read (built once per file:
    Arrow columns scan several times faster than pandas object columns)."""
    rows = frame[[*REVIEW_FIELDS, "original_id"]].assign(
        _pos=np.arange(len(frame)),
        verified=frame["verified"].astype("boolean"),
        review_id=frame["review_id"].astype(str),
    )
    return pa.Table.from_pandas(rows, preserve_index=False)


def known_reviews(con, rows: pa.Table, salt: str) -> np.ndarray:
    """For each of ``rows`` (:func:`review_rows`), the stored review it repeats (its
    ``review_id``), or ``None``. An empty store answers without a query."""
    stored = np.full(rows.num_rows, None, dtype=object)
    if not con.execute("SELECT 1 FROM reviews LIMIT 1").fetchall():
        return stored
    with registered(con, _new_reviews=rows):
        known = con.execute(_KNOWN_REVIEWS, [salt]).df()
    stored[known["_pos"].to_numpy(dtype=int)] = known["review_id"].to_numpy()
    return stored


def taken_ids(con, candidates: pd.Series) -> set[str]:
    """Which of ``candidates`` are stored review ids already."""
    wanted = pd.DataFrame({"review_id": candidates.astype(str).unique()})
    with registered(con, _wanted_ids=wanted):
        found = con.execute(
            "SELECT r.review_id FROM reviews r JOIN _wanted_ids w USING (review_id)"
        ).fetchall()
    return {row[0] for row in found}


def insert_reviews(con, rows: pa.Table, ids: pd.DataFrame, dataset: str, salt: str,
                   keep_author_names: bool = False) -> None:
    """Add some of ``rows`` (:func:`review_rows`) to dataset ``dataset``.

    ``ids``: ``_pos, review_id``: which rows (positions) and the id each is stored under.
    Reviewer names are kept only when ``keep_author_names``; the salted hash always.
    """
    with registered(con, _new_reviews=rows, _add_ids=ids[["_pos", "review_id"]]):
        con.execute(_insert_sql(keep_author_names), [dataset, salt]).fetchall()


def count_added(con, dataset: str, added: int) -> None:
    """Reviews of a file imported before, added now (lost to an id clash by old versions)."""
    con.execute("UPDATE datasets SET reviews_added = reviews_added + ?, "
                "reviews_known = reviews_known - ? WHERE dataset_id = ?",
                [added, added, dataset]).fetchall()


def insert_rejected(con, rejected: pd.DataFrame, dataset: str) -> None:
    """Record a file's rejected rows (``source, row, reason``)."""
    if rejected.empty:
        return
    frame = rejected[["source", "row", "reason"]].astype({"row": "int64"})
    with registered(con, _new_rejected=frame):
        con.execute(
            'INSERT INTO rejected SELECT ?, CAST(source AS VARCHAR), "row", '
            "CAST(reason AS VARCHAR) FROM _new_rejected",
            [dataset],
        ).fetchall()


def insert_dataset(con, dataset: str, source: str, stats: dict, mapping: dict, added: int,
                   known: int, rejected: int) -> None:
    """Record an imported file (``stats``: its ingest stats, with ``sha256`` and
    ``rows_read``; ``mapping``: canonical field -> its column)."""
    con.execute(
        "INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [dataset, source, stats["sha256"], datetime.now(UTC).replace(tzinfo=None),
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
    cols = ", ".join(f'"{c}"' for c in REVIEW_FIELDS)
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
    mean_rating, variants``, most reviewed first (reviews without a product are not listed).

    ``product_id`` is a product family (see ``variant_copies``); ``variants`` lists the product
    ids it covers (sorted; just the product itself when it has no variants). Each review counts
    once however many variants it was shown on.
    """
    frame = store.query(
        """
        WITH families AS (
            SELECT product_id, any_value(product_name) AS product_name, count(*) AS reviews,
                   min(date) AS first_date, max(date) AS last_date, avg(rating) AS mean_rating
            FROM reviews WHERE product_id IS NOT NULL GROUP BY product_id
        ), variants AS (
            SELECT r.product_id, list(DISTINCT p.product_id ORDER BY p.product_id) AS variants
            FROM reviews r JOIN review_products p USING (review_id)
            WHERE r.product_id IS NOT NULL GROUP BY r.product_id
        )
        SELECT f.*, v.variants FROM families f LEFT JOIN variants v USING (product_id)
        ORDER BY reviews DESC, product_id
        """
    )
    frame["variants"] = [list(v) if v is not None and len(v) else [p]
                         for v, p in zip(frame["variants"], frame["product_id"], strict=True)]
    return frame


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
