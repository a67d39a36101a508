"""Turn review exports into canonical reviews plus rejected rows with reasons.

:func:`ingest_reviews` reads each file (:mod:`readers`), maps its columns (:mod:`columns`),
parses dates and ratings (:mod:`dates`, :mod:`ratings`), assigns review ids
(:mod:`identity`) and rejects rows it cannot use, naming the reason. For every file,
input rows == reviews + rejected rows, always. Review text is kept exactly as read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import IngestError, UserInputError
from analysis.ingest.canonical import (
    _BLANK_FLAGS,
    REVIEW_COLUMNS,
    _parse_counts,
    _reject_rows,
    canonical_frame,
)
from analysis.ingest.columns import FIELDS, map_columns, text_tiers
from analysis.ingest.identity import (
    copy_reason,
    family_column,
    first_occurrence,
    positional,
    qualified_ids,
    same_review_keys,
    same_values,
    stable_ids,
    variant_copies,
)
from analysis.ingest.readers import RawTable, read_bytes
from analysis.ingest.textcolumn import suggest_text_column
from analysis.ingest.textops import is_blank

REJECTED_COLUMNS = ["source", "row", "reason"]
LINK_COLUMNS = ["source", "source_row", "product_id"]
Progress = Callable[[int, int, str], None]


@dataclass
class IngestResult:
    """Canonical reviews, rejected rows, per-file stats and the column mapping used per file.

    ``links``: ``source, source_row, product_id``, every product id each kept review is shown on
    (its variants; a review without copies is linked to its own product id). A review's
    ``product_id`` is its product family's id (see :func:`analysis.ingest.identity
    .variant_copies`). Rows without a link are linked to their ``product_id``.
    """

    reviews: pd.DataFrame
    rejected: pd.DataFrame
    stats: dict[str, dict] = field(default_factory=dict)
    mappings: dict[str, dict[str, str | None]] = field(default_factory=dict)
    links: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LINK_COLUMNS))

    @property
    def sources(self) -> list[str]:
        """File names in input order."""
        return list(self.stats)


def detect_columns(path: str | Path | RawTable, columns: dict[str, str] | None = None
                   ) -> dict[str, str | None]:
    """Preview which column feeds each canonical field (for the upload page).

    Takes a file path or a :class:`RawTable` already read (e.g. from an upload's bytes with
    :func:`~analysis.ingest.read_bytes`); ``columns`` are the user's overrides so far.
    """
    if isinstance(path, RawTable):
        table = path
    else:
        table = read_bytes(Path(path).read_bytes(), Path(path).name)
    return map_columns(table.frame, table.source, columns)


def ingest_reviews(paths: str | Path | Iterable[str | Path],
                   columns: dict[str, str] | None = None,
                   progress: Progress | None = None) -> IngestResult:
    """Read, map, parse and de-duplicate review exports into an :class:`IngestResult`.

    ``columns`` overrides the detected mapping, e.g. ``{"text": "Comment", "rating": "Stars"}``.
    Raises :class:`~analysis.errors.IngestError` for a file that is unusable as a whole.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if not paths:
        raise UserInputError("no input files were given: pass at least one review export.")
    total = len(paths) + 1
    tables: list[tuple[RawTable, str]] = []
    for i, path in enumerate(paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            message = f"the file could not be opened ({exc.strerror})."
            raise IngestError(path.name, message) from None
        source = _unique_name(path.name, [t.source for t, _ in tables])
        tables.append((read_bytes(data, source), hashlib.sha256(data).hexdigest()))
        if progress:
            progress(i + 1, total, "read")
    return ingest_tables(tables, columns, progress=progress)


def ingest_tables(tables: list[tuple[RawTable, str]], columns: dict[str, str] | None = None,
                  progress: Progress | None = None) -> IngestResult:
    """Ingest tables already read (each with the sha256 of its file's bytes)."""
    kept_parts, rejected_parts = [], []
    stats: dict[str, dict] = {}
    mappings: dict[str, dict[str, str | None]] = {}
    for table, sha256 in tables:
        mapping = map_columns(table.frame, table.source, columns)
        mapping["product_family"] = family_column(
            [str(c) for c in table.frame.columns], {c for c in mapping.values() if c})
        canonical, parse_info = canonical_frame(table, mapping)
        blank_text = is_blank(canonical["text"])
        keep, rejected = _reject_rows(table, canonical, mapping, blank_text)
        empty_text = np.flatnonzero(blank_text)
        kept_parts.append(canonical[keep])
        rejected_parts.append(rejected)
        mappings[table.source] = mapping
        stats[table.source] = {
            "sha256": sha256, "format": table.format, "encoding": table.encoding,
            "rows_read": table.rows_read,
            "date_order": parse_info["dates"].order if parse_info["dates"] else "n/a",
            "rating_scale": parse_info["ratings"].scale if parse_info["ratings"] else "n/a",
            "text_suggestion": _text_suggestion(table, mapping, empty_text),
        }
    reviews = pd.concat(kept_parts, ignore_index=True) if kept_parts else _empty_reviews()
    rejected = pd.concat(rejected_parts, ignore_index=True)
    reviews, copies, links = _collapse_variant_copies(reviews)
    rejected = pd.concat([rejected, copies], ignore_index=True)
    reviews, conflicts = _resolve_id_conflicts(
        reviews, {table.source: sha256 for table, sha256 in tables})
    rejected = pd.concat([rejected, conflicts], ignore_index=True)
    rejected = _sorted_rejections(rejected, list(stats))
    for source, info in stats.items():
        mine = reviews if len(stats) == 1 else reviews[reviews["source"] == source]
        info["reviews"] = len(mine)
        info["rejected"] = int((rejected["source"] == source).sum())
        info["variant_copies"] = int((copies["source"] == source).sum())
        info.update(_parse_counts(mine))
    reviews = reviews.drop(columns=_BLANK_FLAGS)
    if progress:
        progress(len(tables) + 1, len(tables) + 1, "dedupe")
    return IngestResult(reviews, rejected, stats, mappings, links)


def _collapse_variant_copies(reviews: pd.DataFrame
                             ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Keep each review once under its family's id; its copies become rejected rows.

    Returns the kept reviews (``product_id`` = family id; generated ids recomputed from it,
    so the same review gets the same id whichever variant an export lists first), the copies
    as rejected rows (reason ``variant copy of row N ...``) and the links of kept reviews.
    """
    reviews = positional(reviews)
    variants = variant_copies(reviews, reviews["_family"])
    copy_of = variants.copy_of
    copied = np.flatnonzero(copy_of >= 0)
    sources = reviews["source"].to_numpy()
    rows = reviews["source_row"].to_numpy()
    products = reviews["product_id"].to_numpy()
    reasons = [copy_reason(rows[k], products[c], None if sources[k] == sources[c] else sources[k])
               for c, k in zip(copied, copy_of[copied], strict=True)]
    copies = pd.DataFrame({"source": sources[copied], "row": rows[copied], "reason": reasons})
    links = pd.DataFrame({"source": sources[variants.links["position"].to_numpy()],
                          "source_row": rows[variants.links["position"].to_numpy()],
                          "product_id": variants.links["product_id"].to_numpy()})
    family = variants.family.to_numpy()
    moved = (family != products) & pd.notna(family)
    reviews["product_id"] = family
    if len(copied):
        reviews = reviews[copy_of < 0].reset_index(drop=True)
        moved = moved[copy_of < 0]
    regenerate = reviews["_id_generated"].to_numpy(dtype=bool) & moved
    if regenerate.any():
        reviews.loc[regenerate, "review_id"] = stable_ids(reviews[regenerate]).to_numpy()
    return reviews, copies, links


def _text_suggestion(table: RawTable, mapping: dict[str, str | None],
                     empty_rows: np.ndarray) -> str | None:
    """A column holding text where the chosen text column is empty in most rows, else None."""
    if len(empty_rows) <= 0.5 * len(table.frame):
        return None
    columns = [str(c) for c in table.frame.columns]
    return suggest_text_column(table.frame, table.frame.index[empty_rows],
                               str(mapping["text"]), text_tiers(columns))


def _unique_name(name: str, taken: list[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} ({n})", n + 1
    return candidate


def _empty_reviews() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in REVIEW_COLUMNS + _BLANK_FLAGS})


def _resolve_id_conflicts(reviews: pd.DataFrame, sha256: dict[str, str]
                          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every kept review a unique id; the rows that cannot have one are rejected.

    Within one file a repeated ``review_id`` is rejected, naming the first row. Across files,
    a row repeating an earlier file's review (same id, product and text) is rejected as its
    duplicate, and a *different* review reusing an earlier file's id is kept under its
    qualified id ``<review_id>@<8 hex digits of its file's sha256>`` (``sha256`` by source).
    """
    if reviews.empty:
        return reviews, pd.DataFrame(columns=REJECTED_COLUMNS)
    reviews = positional(reviews)
    if not reviews["review_id"].astype(str).duplicated().any():  # the usual case: nothing to do
        return reviews, pd.DataFrame(columns=REJECTED_COLUMNS)
    reviews, within_files = _reject_repeated_ids(reviews, reviews["source"].astype(str) + "\x1f")
    reviews, across_files = _qualify_reused_ids(reviews, sha256)
    # Only a file whose own ids end like another file's qualified ids can still clash here.
    reviews, leftovers = _reject_repeated_ids(reviews, "")
    return reviews, pd.concat([within_files, across_files, leftovers], ignore_index=True)


def _reject_repeated_ids(reviews: pd.DataFrame, scope: pd.Series | str
                         ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep the first review per ``scope + review_id``; later ones are rejected, naming it."""
    first = first_occurrence(scope + reviews["review_id"].astype(str))
    later = np.flatnonzero(first != np.arange(len(reviews)))
    if not len(later):
        return reviews, pd.DataFrame(columns=REJECTED_COLUMNS)
    content = reviews[["product_id", "date", "rating", "title", "text", "author"]].astype(
        object).to_numpy()
    same = same_values(content[later], content[first[later]])
    ids = reviews["review_id"].to_numpy()[later]
    rows = reviews["source_row"].to_numpy()[first[later]]
    sources = reviews["source"].to_numpy()[first[later]]
    reasons = [
        f"duplicate of review {rid!r} (row {row} in {src})" if is_same else
        f"review_id {rid!r} already used by row {row} in {src} with different content"
        for rid, row, src, is_same in zip(ids, rows, sources, same, strict=True)
    ]
    return _drop_rejected(reviews, later, reasons)


def _qualify_reused_ids(reviews: pd.DataFrame, sha256: dict[str, str]
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Across files: reject repeats of an earlier review, qualify different reviews' ids."""
    positions = np.arange(len(reviews))
    shared = reviews["review_id"].astype(str).duplicated(keep=False).to_numpy()
    if not shared.any():
        return reviews, pd.DataFrame(columns=REJECTED_COLUMNS)
    # Build the long text keys only for rows whose id occurs more than once.
    repeats_review = positions.copy()
    subset = np.flatnonzero(shared)
    repeats_review[subset] = subset[first_occurrence(
        same_review_keys(reviews.iloc[subset]).reset_index(drop=True))]
    duplicate = np.flatnonzero(repeats_review != positions)
    reuses_id = (first_occurrence(reviews["review_id"].astype(str)) != positions)
    reuses_id[duplicate] = False
    reviews = reviews.copy()
    for source in pd.unique(reviews.loc[reuses_id, "source"]):
        mine = reuses_id & (reviews["source"] == source).to_numpy()
        reviews.loc[mine, "review_id"] = qualified_ids(reviews.loc[mine, "review_id"],
                                                      sha256[source])
    if not len(duplicate):
        return reviews, pd.DataFrame(columns=REJECTED_COLUMNS)
    first = repeats_review[duplicate]
    reasons = [
        f"duplicate of review {rid!r} (row {row} in {src})"
        for rid, row, src in zip(reviews["review_id"].to_numpy()[first],
                                 reviews["source_row"].to_numpy()[first],
                                 reviews["source"].to_numpy()[first], strict=True)
    ]
    return _drop_rejected(reviews, duplicate, reasons)


def _drop_rejected(reviews: pd.DataFrame, positions: np.ndarray, reasons: list[str]
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Remove the rows at ``positions`` and return them as rejected rows with ``reasons``."""
    rejected = pd.DataFrame({"source": reviews["source"].to_numpy()[positions],
                             "row": reviews["source_row"].to_numpy()[positions],
                             "reason": reasons})
    return reviews.drop(index=positions).reset_index(drop=True), rejected


def _sorted_rejections(rejected: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    if rejected.empty:
        return pd.DataFrame({"source": pd.Series(dtype=object), "row": pd.Series(dtype="int64"),
                             "reason": pd.Series(dtype=object)})
    rank = {s: i for i, s in enumerate(order)}
    rejected = rejected.assign(_rank=rejected["source"].map(rank), row=rejected["row"].astype(
        "int64"))
    return rejected.sort_values(["_rank", "row"], kind="stable").drop(columns="_rank"
                                                                       ).reset_index(drop=True)


__all__ = ["FIELDS", "LINK_COLUMNS", "IngestResult", "REVIEW_COLUMNS", "detect_columns",
           "ingest_reviews"]
