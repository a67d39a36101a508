"""Ingested reviews in the store: datasets (one per imported file), reviews and rejected rows.

Import is idempotent: a file whose bytes were imported before (same sha256) is not imported
again, and a review the store already holds (same original id, product and text: an
overlapping export of the same shop) is "already known", not added twice. A *different*
review whose ``review_id`` is taken (two shops both numbering their reviews 1..N) is kept
under the qualified id ``<review_id>@<first 8 hex digits of its dataset_id>``; the stored
``original_id`` column keeps the id as given. Each import runs in one
:meth:`Store.transaction`, so a failure part-way leaves the store unchanged. Rows are inserted
in bulk from DataFrames (DuckDB scans them directly), never one by one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.errors import IngestError
from analysis.ingest.identity import original_ids, qualified_ids
from analysis.ingest.reviews import REVIEW_COLUMNS, IngestResult
from analysis.store.core import Store, register_schema, registered
from analysis.store.privacy import _salt, hash_authors_sql, note_names_kept
from analysis.store.variants import file_links, insert_links, stored_families

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


@dataclass
class ImportSummary:
    """What one import changed: datasets added/skipped, reviews added/already known, rejects.

    ``id_conflicts``: reviews added under a qualified id because a different review already
    used their ``review_id``. ``review_ids``: the id each row of the imported
    ``IngestResult.reviews`` has in the store (same index); use it for everything downstream.
    ``ids_qualified``: how many of those differ from the id in their file (added now or before).
    ``product_ids``: the product (family) id each row has in the store (same index): the
    ingest's family, or the family the store already files one of its variants under.
    """

    datasets_added: list[str] = field(default_factory=list)
    datasets_skipped: list[str] = field(default_factory=list)
    reviews_added: int = 0
    reviews_known: int = 0
    id_conflicts: int = 0
    rejected_added: int = 0
    review_ids: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    ids_qualified: int = 0
    product_ids: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))

    def line(self) -> str:
        """One-line human summary."""
        skipped = (f", {len(self.datasets_skipped)} file(s) already imported"
                   if self.datasets_skipped else "")
        conflicts = (f", {self.id_conflicts} kept under a qualified id (<id>@<file hash>) "
                     "because a different stored review already uses their review_id"
                     if self.id_conflicts else "")
        return (f"store: {self.reviews_added} new reviews, {self.reviews_known} already "
                f"known{conflicts}, {self.rejected_added} rejected rows recorded{skipped}")


@dataclass
class _FileImport:
    """One file's reviews in the store: counts and the stored id of each row."""

    added: int
    rekeyed: int
    review_ids: np.ndarray
    qualified: int


def dataset_id(sha256: str) -> str:
    """A dataset's id: the first 16 hex digits of its file's sha256."""
    return sha256[:16]


def import_reviews(store: Store, result: IngestResult,
                   keep_author_names: bool = False) -> ImportSummary:
    """Add an ingest result to the store atomically and say which id each review has there.

    A file imported before (same sha256) is skipped; only reviews of it the store lacks (lost
    to a review_id clash by versions before qualified ids) are added. Reviews the store holds
    are "known"; a different review whose id is taken is added as ``<id>@<8 hex of its
    dataset_id>`` and counted in ``id_conflicts``.
    """
    summary = ImportSummary()
    ids = result.reviews["review_id"].astype(str).to_numpy(dtype=object, copy=True)
    products = result.reviews["product_id"].to_numpy(dtype=object, copy=True)
    sources = result.reviews["source"].to_numpy()
    with store.transaction() as con:
        insert = (_insert_sql(keep_author_names), _salt(con))
        if keep_author_names:
            note_names_kept(con)
        for source, stats in result.stats.items():
            sha = stats["sha256"]
            ds = dataset_id(sha)
            rows = np.flatnonzero(sources == source)
            reviews = result.reviews.iloc[rows]
            links = file_links(result, reviews, source)
            reviews = stored_families(con, reviews, links)
            products[rows] = reviews["product_id"].to_numpy()
            known_file = con.execute("SELECT 1 FROM datasets WHERE sha256 = ?", [sha]).fetchall()
            done = _insert_reviews(con, reviews, ds, source, insert)
            ids[rows] = done.review_ids
            insert_links(con, links, done.review_ids)
            summary.reviews_added += done.added
            summary.id_conflicts += done.rekeyed
            summary.ids_qualified += done.qualified
            if known_file:
                summary.datasets_skipped.append(source)
                if done.added:
                    con.execute("UPDATE datasets SET reviews_added = reviews_added + ?, "
                                "reviews_known = reviews_known - ? WHERE dataset_id = ?",
                                [done.added, done.added, ds]).fetchall()
                continue
            rejected = result.rejected[result.rejected["source"] == source]
            _insert_rejected(con, rejected, ds)
            _insert_dataset(con, ds, source, stats, result.mappings.get(source, {}),
                            done.added, len(reviews) - done.added, len(rejected))
            summary.datasets_added.append(source)
            summary.reviews_known += len(reviews) - done.added
            summary.rejected_added += len(rejected)
    summary.review_ids = pd.Series(ids, index=result.reviews.index, dtype=object)
    summary.product_ids = pd.Series(products, index=result.reviews.index, dtype=object)
    return summary


def _insert_reviews(con, reviews: pd.DataFrame, ds: str, source: str,
                    insert: tuple[str, str]) -> _FileImport:
    """Add the file's reviews the store lacks; known ones keep their stored id.

    A new review whose original id is free is stored under it, else under its qualified id;
    if that is taken too (only possible with ids shaped like qualified ones) nothing is
    guessed: the import stops with an error naming the row.
    """
    if reviews.empty:
        return _FileImport(0, 0, np.array([], dtype=object), 0)
    frame = reviews[REVIEW_COLUMNS].copy()
    frame["verified"] = frame["verified"].astype("boolean")
    frame["review_id"] = frame["review_id"].astype(str)
    frame["original_id"] = original_ids(frame["review_id"], ds)
    frame["_pos"] = np.arange(len(frame))
    # Arrow columns scan several times faster than pandas object columns.
    with registered(con, _new_reviews=pa.Table.from_pandas(frame, preserve_index=False)):
        known = con.execute(_KNOWN_REVIEWS, [insert[1]]).df()
        stored = np.full(len(frame), None, dtype=object)
        stored[known["_pos"].to_numpy(dtype=int)] = known["review_id"].to_numpy()
        new = frame.loc[pd.isna(stored), ["_pos", "original_id", "source_row"]].copy()
        if new.empty:
            return _FileImport(0, 0, stored, _count_qualified(stored, frame))
        return _add_new(con, new, stored, frame, ds, source, insert)


def _add_new(con, new: pd.DataFrame, stored: np.ndarray, frame: pd.DataFrame, ds: str,
             source: str, insert: tuple[str, str]) -> _FileImport:
    """Insert the rows of ``new`` (positions in the registered ``_new_reviews``) under a free id.

    The id from the file when the store does not hold it yet, else the qualified id.
    """
    taken = _taken_ids(con, new["original_id"])
    rekey = new["original_id"].isin(taken)
    new["review_id"] = new["original_id"]
    if rekey.any():  # qualify only the rows that need it (an import may hold millions)
        qualified = qualified_ids(new.loc[rekey, "original_id"], ds)
        new.loc[rekey, "review_id"] = qualified
        taken |= _taken_ids(con, qualified)
    _refuse_clashes(new, taken, rekey, source)
    with registered(con, _add_ids=new[["_pos", "review_id"]]):
        sql, salt = insert
        con.execute(sql, [ds, salt]).fetchall()
    stored[new["_pos"].to_numpy()] = new["review_id"].to_numpy()
    return _FileImport(len(new), int(rekey.sum()), stored, _count_qualified(stored, frame))


def _count_qualified(stored: np.ndarray, frame: pd.DataFrame) -> int:
    """How many rows are stored under an id other than the one in their file."""
    return int((stored != frame["original_id"].to_numpy(dtype=object)).sum())


def _taken_ids(con, candidates: pd.Series) -> set[str]:
    """Which of ``candidates`` are stored review ids already."""
    wanted = pd.DataFrame({"review_id": candidates.astype(str).unique()})
    with registered(con, _wanted_ids=wanted):
        found = con.execute(
            "SELECT r.review_id FROM reviews r JOIN _wanted_ids w USING (review_id)"
        ).fetchall()
    return {row[0] for row in found}


def _refuse_clashes(new: pd.DataFrame, taken: set[str], rekey: pd.Series, source: str) -> None:
    """Raise when a new review's id (even qualified) is taken or used twice in the batch."""
    clash = (rekey & new["review_id"].isin(taken)) | new["review_id"].duplicated(keep=False)
    if not clash.any():
        return
    row = new[clash.to_numpy()].iloc[0]
    raise IngestError(
        source,
        f"row {row['source_row']}: review_id {row['original_id']!r} is used by another "
        f"review, and so is {row['review_id']!r}. Give the reviews in this file ids of "
        "their own (for example prefix them with the shop name) and import it again.",
    )


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
