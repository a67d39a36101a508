"""Importing ingested reviews into the store, atomically, and which id each row has there.

Identity is decided by :mod:`analysis.ingest.identity` (original and qualified ids, clashes);
the store (:mod:`analysis.store.reviews`, :mod:`analysis.store.variants`) answers which stored
review a row repeats and which ids are taken, and keeps the rows. Import is idempotent: a file
whose bytes were imported before (same sha256) is not imported again, and a review the store
already holds (same original id, product and text: an overlapping export of the same shop) is
"already known", not added twice. A *different* review whose ``review_id`` is taken (two shops
both numbering their reviews 1..N) is kept under ``<review_id>@<first 8 hex digits of its
dataset_id>``. The whole import is one :meth:`Store.transaction` (joining the caller's, when
the import is part of an analysis), so a failure part-way leaves the store unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.ingest.identity import ids_for_new_reviews, original_ids
from analysis.ingest.reviews import REVIEW_COLUMNS, IngestResult
from analysis.store import reviews as review_store
from analysis.store import variants
from analysis.store.core import Store


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

    def keyed(self, reviews: pd.DataFrame) -> pd.DataFrame:
        """The imported reviews under the ids and product families the store keeps them by."""
        reviews = reviews.copy()
        reviews["review_id"] = self.review_ids
        reviews["product_id"] = self.product_ids  # its family (variants count once)
        return reviews


@dataclass
class _FileImport:
    """One file's reviews in the store: counts and the stored id of each row."""

    added: int
    rekeyed: int
    review_ids: np.ndarray
    qualified: int


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
        salt = review_store.author_salt(con)
        if keep_author_names:
            review_store.note_names_kept(con)
        for source, stats in result.stats.items():
            sha = stats["sha256"]
            ds = review_store.dataset_id(sha)
            rows = np.flatnonzero(sources == source)
            reviews = result.reviews.iloc[rows]
            links = file_links(result.links, reviews, source)
            reviews = variants.stored_families(con, reviews, links)
            products[rows] = reviews["product_id"].to_numpy()
            known_file = review_store.file_imported(con, sha)
            done = _add_reviews(con, reviews, ds, source, salt, keep_author_names)
            ids[rows] = done.review_ids
            variants.insert_links(con, links, done.review_ids)
            summary.reviews_added += done.added
            summary.id_conflicts += done.rekeyed
            summary.ids_qualified += done.qualified
            if known_file:
                summary.datasets_skipped.append(source)
                if done.added:
                    review_store.count_added(con, ds, done.added)
                continue
            rejected = result.rejected[result.rejected["source"] == source]
            review_store.insert_rejected(con, rejected, ds)
            review_store.insert_dataset(con, ds, source, stats, result.mappings.get(source, {}),
                                        done.added, len(reviews) - done.added, len(rejected))
            summary.datasets_added.append(source)
            summary.reviews_known += len(reviews) - done.added
            summary.rejected_added += len(rejected)
    summary.review_ids = pd.Series(ids, index=result.reviews.index, dtype=object)
    summary.product_ids = pd.Series(products, index=result.reviews.index, dtype=object)
    return summary


def _add_reviews(con, reviews: pd.DataFrame, ds: str, source: str, salt: str,
                 keep_author_names: bool) -> _FileImport:
    """Add the file's reviews the store lacks; known ones keep their stored id."""
    if reviews.empty:
        return _FileImport(0, 0, np.array([], dtype=object), 0)
    frame = reviews[REVIEW_COLUMNS].copy()
    frame["original_id"] = original_ids(frame["review_id"], ds)
    rows = review_store.review_rows(frame)
    stored = review_store.known_reviews(con, rows, salt)
    new = pd.DataFrame({"_pos": np.flatnonzero(pd.isna(stored)),
                        "original_id": frame["original_id"].to_numpy()[pd.isna(stored)],
                        "source_row": frame["source_row"].to_numpy()[pd.isna(stored)]})
    rekeyed = 0
    if not new.empty:
        new["review_id"], rekeyed = ids_for_new_reviews(
            new, ds, source, lambda candidates: review_store.taken_ids(con, candidates))
        review_store.insert_reviews(con, rows, new, ds, salt, keep_author_names)
        stored[new["_pos"].to_numpy()] = new["review_id"].to_numpy()
    qualified = int((stored != frame["original_id"].to_numpy(dtype=object)).sum())
    return _FileImport(len(new), rekeyed, stored, qualified)


def file_links(links: pd.DataFrame, reviews: pd.DataFrame, source: str) -> pd.DataFrame:
    """``_pos, product_id``: the products each of the file's reviews (by position) is on.

    ``links``: the ingest's ``source, source_row, product_id``. A review without a link (a
    hand-made result) is linked to its ``product_id``.
    """
    pos = pd.DataFrame({"source_row": reviews["source_row"].to_numpy(),
                        "_pos": np.arange(len(reviews))})
    given = links[links["source"] == source] if len(links) else None
    found = (pos.merge(given[["source_row", "product_id"]], on="source_row")
             if given is not None else pd.DataFrame(columns=["_pos", "product_id"]))
    missing = ~pos["_pos"].isin(found["_pos"]).to_numpy()
    own = pd.DataFrame({"_pos": pos["_pos"].to_numpy()[missing],
                        "product_id": reviews["product_id"].to_numpy()[missing]})
    found = pd.concat([found[["_pos", "product_id"]], own], ignore_index=True)
    return found.dropna(subset=["product_id"]).astype({"product_id": str})
