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
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import IngestError
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
    """Deterministic ids ('h' + 16 hex digits of SHA-1) from product, text, date and author.

    The key is :func:`content_keys`' string, built and hashed in one pass per row (no
    intermediate columns of long joined strings).
    """
    date = map_distinct(reviews["date"], _iso)
    sha1 = hashlib.sha1
    ids = [ID_PREFIX + sha1(f"{p}\x1f{t}\x1f{d}\x1f{a}".encode()).hexdigest()[:16]
           for p, t, d, a in zip(_text(reviews["product_id"]).to_numpy(),
                                 _text(reviews["text"]).to_numpy(), date,
                                 _text(reviews["author"]).to_numpy(), strict=True)]
    return pd.Series(ids, index=reviews.index, dtype=object)


def first_occurrence(keys: pd.Series) -> np.ndarray:
    """For each position, the position of the first row with an equal key."""
    codes, _ = pd.factorize(keys)
    positions = np.arange(len(keys))
    first = pd.Series(positions).groupby(codes).transform("min").to_numpy()
    return first


def exact_duplicates(frame: pd.DataFrame, long_column: str | None = None) -> np.ndarray:
    """For each row of a raw table, the position of the earlier identical row, or -1.

    ``long_column`` (the review text): hashed only for rows whose other cells repeat another
    row's, since hashing long texts is most of the cost and most rows differ elsewhere.
    """
    if frame.empty:
        return np.full(0, -1)
    out = np.full(len(frame), -1)
    rows = np.arange(len(frame))
    others = [c for c in frame.columns if c != long_column]
    if long_column in frame.columns and others:
        rows = np.flatnonzero(frame[others].duplicated(keep=False).to_numpy())
        if len(rows) < 2:
            return out
        frame = frame.iloc[rows]
    hashes = pd.util.hash_pandas_object(frame, index=False)
    first = first_occurrence(hashes.reset_index(drop=True))
    dup = first != np.arange(len(frame))
    # Confirm hash matches value by value, so a collision can never reject a real review.
    positions = np.flatnonzero(dup)
    if len(positions):
        values = frame.to_numpy(dtype=object)
        dup[positions] = same_values(values[positions], values[first[positions]])
    out[rows[dup]] = rows[first[dup]]
    return out


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


def ids_for_new_reviews(new: pd.DataFrame, sha256: str, source: str,
                        taken: Callable[[pd.Series], set[str]]) -> tuple[pd.Series, int]:
    """The id each new review of a file is stored under, and how many were qualified.

    ``new``: ``original_id, source_row`` of the reviews the store does not hold yet;
    ``taken(candidates)`` answers which candidate ids the store already uses. A review keeps
    the id from its file when that is free, else takes :func:`qualified_ids`; if that is taken
    too (only ids shaped like qualified ones can be) or two new reviews would share an id,
    nothing is guessed: :class:`IngestError` names the row.
    """
    original = new["original_id"].astype(str)
    used = taken(original)
    rekey = original.isin(used)
    ids = original.copy()
    if rekey.any():  # qualify only the rows that need it (an import may hold millions)
        qualified = qualified_ids(original[rekey], sha256)
        ids[rekey] = qualified
        used |= taken(qualified)
    clash = (rekey & ids.isin(used)) | ids.duplicated(keep=False)
    if clash.any():
        row = clash.to_numpy().argmax()
        raise IngestError(
            source,
            f"row {new['source_row'].iloc[row]}: review_id {original.iloc[row]!r} is used by "
            f"another review, and so is {ids.iloc[row]!r}. Give the reviews in this file ids "
            "of their own (for example prefix them with the shop name) and import it again.",
        )
    return ids, int(rekey.sum())


def repeated_stored_ids(reviews: pd.DataFrame, rejected: pd.DataFrame
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows whose stored ``review_id`` an earlier row already has become rejected rows.

    After import two rows share a stored id only when they are the same stored review (e.g.
    in a hand-made ingest result), so each review is analyzed and written once; the reason
    names the row kept.
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


# --- variant copies: one review shown on several product ids ----------------------------------
#
# Marketplaces copy a review onto every size/color variant of a product, each under its own
# product id. Such copies are the same review (same author, exactly the same text, same date) on
# different product ids of one product family. The first row is kept, linked to every variant;
# the others are reported as "variant copy of row N" (not a loss: the review is kept once).
# The family is the export's parent id (parent_asin ...) where it has one, else the products
# the copies connect. Its id is the parent id, else the smallest product id of the family, and
# it becomes the kept reviews' ``product_id``, so per-product figures never count a copy twice.

COPY_FIELDS = ["author", "text", "date"]
# One shared copy links two products only when its text is at least this long; shorter texts
# ("Great", "Five Stars") must be shared twice, so a reviewer who wrote "Great" about two
# unrelated products on one day does not make them one family.
DISTINCTIVE_CHARS = 40
FAMILY_ALIASES = ["parentasin", "parentid", "parentsku", "parentproductid", "parentitemid",
                  "groupid", "productgroupid", "itemgroupid", "familyid", "productfamily",
                  "variantgroup", "父商品id", "商品组id"]
COPY_PREFIX = "variant copy of row"


def family_column(columns: list[str], taken: set[str]) -> str | None:
    """The column naming each row's product family (``parent_asin`` ...), if the file has one.

    ``taken``: columns already mapped to other fields (a file whose only product column is
    ``parent_asin`` uses it as the product, not also as the family).
    """
    from analysis.ingest.columns import normalize_header

    by_name = {normalize_header(c): c for c in columns if c not in taken}
    for alias in FAMILY_ALIASES:
        if alias in by_name:
            return by_name[alias]
    return None


@dataclass
class Variants:
    """The variant structure of a reviews frame (positions are 0-based rows of the frame).

    ``family``: the family id of each row (``None`` where the row has no product).
    ``copy_of``: for each row, the position of the kept review it copies, or -1.
    ``links``: ``position, product_id``: every product id each kept review is shown on.
    """

    family: pd.Series
    copy_of: np.ndarray
    links: pd.DataFrame

    @property
    def copies(self) -> int:
        return int((self.copy_of >= 0).sum())


def copy_reason(kept_row: int, product: str, kept_source: str | None = None) -> str:
    """Rejection reason of a variant copy: 'variant copy of row 12 (linked to product X)'."""
    where = f" in {kept_source}" if kept_source else ""
    return f"{COPY_PREFIX} {kept_row}{where} (linked to product {product})"


def variant_copies(reviews: pd.DataFrame, given_family: pd.Series | None = None) -> Variants:
    """Find variant copies and product families in canonical reviews (any row order).

    ``given_family``: the export's parent id per row (``None`` where absent). Rows with one are
    grouped by it and only copies within one parent are copies; other rows form families from
    the products their copies connect.
    """
    reviews = positional(reviews)
    product = reviews["product_id"].astype(object)
    given = (pd.Series(None, index=reviews.index, dtype=object) if given_family is None
             else given_family.reset_index(drop=True).astype(object))
    given = given.where(given.notna() & product.notna(), None)
    scope = given.where(given.notna(), "")
    group = _copy_groups(reviews, scope)
    multi = np.flatnonzero(group >= 0)
    sub = pd.DataFrame({"pos": multi, "group": group[multi],
                        "product": product.to_numpy()[multi]})
    spread = sub.groupby("group")["product"].transform("nunique").to_numpy()
    sub = sub[spread > 1]  # same review on two or more product ids
    family = given.where(given.notna(), product)
    if sub.empty:  # the usual case: no copies, every product is its own family or parent's
        has = np.flatnonzero(product.notna().to_numpy())
        links = pd.DataFrame({"position": has, "product_id": product.to_numpy()[has]})
        return Variants(family.where(product.notna(), None), np.full(len(reviews), -1), links)
    free = given.isna().to_numpy()
    components = _components(sub[free[sub["pos"].to_numpy()]],
                             reviews["text"].astype(str).to_numpy())
    family = family.where(~(free & product.isin(components.keys()).to_numpy()),
                          product.map(components))
    family = family.where(product.notna(), None)
    sub = sub.assign(family=family.to_numpy()[sub["pos"].to_numpy()])
    keys = sub["group"].astype(str) + "\x1f" + sub["family"].astype(str)
    first = sub.groupby(keys.to_numpy())["pos"].transform("min").to_numpy()
    spans = sub.groupby(keys.to_numpy())["product"].transform("nunique").to_numpy()
    is_copy = (first != sub["pos"].to_numpy()) & (spans > 1)
    copy_of = np.full(len(reviews), -1)
    copy_of[sub["pos"].to_numpy()[is_copy]] = first[is_copy]
    kept = np.flatnonzero(copy_of < 0)
    own = pd.DataFrame({"position": kept, "product_id": product.to_numpy()[kept]})
    copied = np.flatnonzero(copy_of >= 0)
    extra = pd.DataFrame({"position": copy_of[copied], "product_id": product.to_numpy()[copied]})
    links = pd.concat([own, extra], ignore_index=True).dropna(subset=["product_id"])
    links = links.drop_duplicates().sort_values(["position", "product_id"], kind="stable")
    return Variants(family, copy_of, links.reset_index(drop=True))


def positional(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` indexed 0..n-1, copied only when its index is not that already."""
    if isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0 \
            and frame.index.step == 1:
        return frame
    return frame.reset_index(drop=True)


def _copy_groups(reviews: pd.DataFrame, scope: pd.Series) -> np.ndarray:
    """For each row, the position of the first row with the same author, text, date and scope
    when at least two rows share them, else -1 (rows without author, date or product: -1)."""
    eligible = (reviews["author"].notna() & reviews["date"].notna()
                & reviews["product_id"].notna()).to_numpy()
    out = np.full(len(reviews), -1)
    rows = np.flatnonzero(eligible)
    # Cheap first cuts (most exports: few rows left): a copy repeats its author and date (short
    # values, hashed fast), and then its text (long, so hashed only for the rows left).
    pairs = pd.DataFrame({"author": reviews["author"].to_numpy()[rows],
                          "date": reviews["date"].to_numpy()[rows]})
    rows = rows[pairs.duplicated(keep=False).to_numpy()]
    rows = rows[reviews["text"].iloc[rows].duplicated(keep=False).to_numpy()]
    if len(rows) < 2:
        return out
    keys = pd.DataFrame({"author": _text(reviews["author"].iloc[rows]),
                         "text": reviews["text"].iloc[rows].astype(str),
                         "date": reviews["date"].iloc[rows],
                         "scope": scope.iloc[rows].astype(str)}).reset_index(drop=True)
    first = first_occurrence(pd.util.hash_pandas_object(keys, index=False))
    repeat = np.flatnonzero(first != np.arange(len(rows)))
    if not len(repeat):
        return out
    values = keys.to_numpy(dtype=object)
    confirmed = same_values(values[repeat], values[first[repeat]])
    repeat = repeat[confirmed]
    out[rows[repeat]] = rows[first[repeat]]
    out[rows[np.unique(first[repeat])]] = rows[np.unique(first[repeat])]
    return out


def _components(sub: pd.DataFrame, texts: np.ndarray) -> dict[str, str]:
    """Family id (smallest product id) of each product that copies connect.

    Products are linked by a shared copy of a distinctive text, or by two or more shared
    copies (see ``DISTINCTIVE_CHARS``).
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    pair_counts: dict[tuple[str, str], int] = {}
    for group, rows in sub.groupby("group"):
        products = sorted(set(rows["product"].astype(str)))
        if len(texts[group]) >= DISTINCTIVE_CHARS:
            for other in products[1:]:
                union(products[0], other)
            continue
        for i, a in enumerate(products):
            for b in products[i + 1:]:
                pair_counts[(a, b)] = pair_counts.get((a, b), 0) + 1
    for (a, b), count in pair_counts.items():
        if count >= 2:
            union(a, b)
    roots = {p: find(p) for p in list(parent)}
    sizes = pd.Series(list(roots.values())).value_counts()
    return {p: r for p, r in roots.items() if sizes[r] > 1}
