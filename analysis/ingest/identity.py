"""Review identity: stable ids for exports without one, and duplicate detection with reasons.

A stable id hashes only source-independent content (product, text, date, author), so the same
review in an overlapping export (or in a CSV and a JSON copy) gets the same id and is stored
once. Duplicates are found vectorised (hash, then group) and every rejected row's reason names
the row it repeats. A review whose id a different review already uses (two shops both numbering
their reviews 1..N) is kept under a qualified id, ``<review_id>@<8 hex digits of its file's
sha256>``, never dropped.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from analysis.ingest.textops import map_distinct

ID_PREFIX = "h"
CONTENT_FIELDS = ["product_id", "text", "date", "author"]


def _text(column: pd.Series) -> pd.Series:
    return column.astype(object).where(column.notna(), "").astype(str)


def _iso(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m-%dT%H:%M:%S").fillna("")


def content_keys(reviews: pd.DataFrame) -> pd.Series:
    """One string per review joining its identifying content (the stable id's input).

    ``product_id`` and ``author`` arrive stripped (canonical form); text is used exactly.
    """
    date = pd.Series(map_distinct(reviews["date"], _iso), index=reviews.index)
    parts = [_text(reviews["product_id"]), _text(reviews["text"]), date,
             _text(reviews["author"])]
    key = parts[0]
    for part in parts[1:]:
        key = key + "\x1f" + part
    return key


def stable_ids(reviews: pd.DataFrame) -> pd.Series:
    """Deterministic ids ('h' + 16 hex digits of SHA-1) from product, text, date and author."""
    keys = content_keys(reviews)
    ids = [ID_PREFIX + hashlib.sha1(k.encode("utf-8")).hexdigest()[:16] for k in keys]
    return pd.Series(ids, index=reviews.index, dtype=object)


def first_occurrence(keys: pd.Series) -> np.ndarray:
    """For each position, the position of the first row with an equal key."""
    codes, _ = pd.factorize(keys)
    positions = np.arange(len(keys))
    first = pd.Series(positions).groupby(codes).transform("min").to_numpy()
    return first


def exact_duplicates(frame: pd.DataFrame) -> np.ndarray:
    """For each row of a raw table, the position of the earlier identical row, or -1."""
    if frame.empty:
        return np.full(0, -1)
    hashes = pd.util.hash_pandas_object(frame, index=False)
    first = first_occurrence(hashes)
    dup = first != np.arange(len(frame))
    # Confirm hash matches value by value, so a collision can never reject a real review.
    positions = np.flatnonzero(dup)
    if len(positions):
        values = frame.to_numpy(dtype=object)
        dup[positions] = same_values(values[positions], values[first[positions]])
    return np.where(dup, first, -1)


def same_values(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise equality of two object arrays, treating missing == missing."""
    equal = (a == b) | (pd.isna(a) & pd.isna(b))
    return equal.all(axis=1) if equal.ndim == 2 else equal


# --- ids reused by different reviews ------------------------------------------------------------

QUALIFIER_DIGITS = 8
SAME_REVIEW_FIELDS = ["product_id", "text"]  # what makes two rows with one id the same review


def qualifier(sha256: str) -> str:
    """The suffix that qualifies an id from a file: '@' + the first 8 hex digits of its sha256.

    The store's dataset id is the first 16 hex digits of the same sha256, so the suffix also
    names the dataset the review came from.
    """
    return "@" + sha256[:QUALIFIER_DIGITS]


def qualified_ids(review_ids: pd.Series, sha256: str) -> pd.Series:
    """Ids under which reviews are kept when a *different* review already uses their id.

    Scheme: ``<review_id>@<first 8 hex digits of the file's sha256>``, e.g. ``17@3fa2c9d1``:
    stable (the same file always gives the same id), readable (the original id comes first)
    and traceable (the suffix starts the file's dataset id, see ``list_datasets``). ``sha256``
    may also be the dataset id: only its first 8 digits are used.
    """
    return review_ids.astype(str) + qualifier(sha256)


def original_ids(review_ids: pd.Series, sha256: str) -> pd.Series:
    """Undo :func:`qualified_ids` for a file's ids: strip its own qualifier where present.

    A file's own ids cannot end with its own hash, so only ids qualified on ingest change.
    """
    ids = review_ids.astype(str)
    suffix = qualifier(sha256)
    qualified = ids.str.endswith(suffix)
    return ids.where(~qualified, ids.str[: -len(suffix)])


def same_review_keys(reviews: pd.DataFrame) -> pd.Series:
    """One string per review: equal strings mean the same review under the same id.

    Same ``review_id``, product and exactly the same text, as in an overlapping export of the
    same shop. Ratings, dates and votes may be edited or parsed differently between exports,
    so they do not count.
    """
    key = reviews["review_id"].astype(str)
    for name in SAME_REVIEW_FIELDS:
        key = key + "\x1f" + _text(reviews[name])
    return key
