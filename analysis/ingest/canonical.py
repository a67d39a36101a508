"""One table's rows as canonical reviews, and the rows of it that cannot be used.

:func:`canonical_frame` builds the canonical columns for every row (dates and ratings parsed,
ids generated where the file has none); :func:`_reject_rows` names the rows to reject (empty
text, exact copies, a repeated header, rows the reader could not split). Used per file by
:func:`analysis.ingest.reviews.ingest_tables`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.ingest.dates import parse_dates
from analysis.ingest.identity import exact_duplicates, stable_ids
from analysis.ingest.ratings import parse_ratings
from analysis.ingest.readers import RawTable
from analysis.ingest.textops import strip
from analysis.ingest.values import parse_helpful, parse_verified
from analysis.review_fields import REVIEW_COLUMNS

# Internal columns (dropped before returning): date / rating cell empty, the export's product
# family (parent id) and whether the review id was generated (so it follows the family id).
_BLANK_FLAGS = ["_date_blank", "_rating_blank", "_family", "_id_generated"]


def _strings(frame: pd.DataFrame, column: str | None) -> pd.Series:
    """A column as stripped strings with empty -> None (None column -> all None)."""
    if column is None:
        return pd.Series(None, index=frame.index, dtype=object)
    values = strip(frame[column])
    values[values == ""] = None
    return values


def canonical_frame(table: RawTable, mapping: dict[str, str | None]
                    ) -> tuple[pd.DataFrame, dict]:
    """Build the canonical columns for every row of ``table`` (before any rejection)."""
    frame = table.frame
    dates = parse_dates(frame[mapping["date"]]) if mapping["date"] else None
    ratings = parse_ratings(frame[mapping["rating"]]) if mapping["rating"] else None
    out = pd.DataFrame(index=frame.index)
    out["product_id"] = _strings(frame, mapping["product_id"])
    out["product_name"] = _strings(frame, mapping["product_name"])
    if mapping["product_id"] is None and mapping["product_name"] is not None:
        out["product_id"] = out["product_name"]
    out["date"] = dates.values if dates else pd.Series(pd.NaT, index=frame.index,
                                                       dtype="datetime64[ns]")
    out["rating"] = ratings.values if ratings else pd.Series(np.nan, index=frame.index)
    out["title"] = _strings(frame, mapping["title"])
    out["text"] = frame[mapping["text"]].fillna("").astype(str)
    out["author"] = _strings(frame, mapping["author"])
    out["verified"] = (parse_verified(frame[mapping["verified"]]) if mapping["verified"]
                       else pd.Series([None] * len(frame), index=frame.index, dtype=object))
    out["helpful_votes"] = (parse_helpful(frame[mapping["helpful_votes"]])
                            if mapping["helpful_votes"]
                            else pd.Series(pd.NA, index=frame.index, dtype="Int64"))
    out["source"] = table.source
    out["source_row"] = table.record_numbers().to_numpy()
    given = _strings(frame, mapping["review_id"])
    needs_id = given.isna()
    out["review_id"] = given
    if needs_id.any():
        out.loc[needs_id, "review_id"] = stable_ids(out[needs_id])
    out["_id_generated"] = needs_id.to_numpy()
    out["_family"] = _strings(frame, mapping.get("product_family"))
    # Internal flags (dropped before returning): was the date / rating cell empty?
    out["_date_blank"] = dates.empty_mask if dates else True
    out["_rating_blank"] = ratings.empty_mask if ratings else True
    info = {"dates": dates, "ratings": ratings}
    return out[REVIEW_COLUMNS + _BLANK_FLAGS], info


def _parse_counts(reviews: pd.DataFrame) -> dict[str, int]:
    """Among a file's reviews: dates/ratings missing (empty cell) or unparsed (unreadable)."""
    counts = {}
    for name, column, flag in (("dates", "date", "_date_blank"),
                               ("ratings", "rating", "_rating_blank")):
        blank = reviews[flag].to_numpy(dtype=bool)
        counts[f"{name}_missing"] = int(blank.sum())
        counts[f"{name}_unparsed"] = int((reviews[column].isna().to_numpy() & ~blank).sum())
    return counts


def _reject_rows(table: RawTable, canonical: pd.DataFrame, mapping: dict[str, str | None],
                 blank_text: np.ndarray) -> tuple[np.ndarray, pd.DataFrame]:
    """Which rows to keep, and the rejected ones (parser failures, empty text, exact copies).

    ``blank_text``: :func:`is_blank` of the canonical text, computed once by the caller.
    """
    source = table.source
    rows = canonical["source_row"].to_numpy()
    reasons = pd.Series(None, index=canonical.index, dtype=object)
    empty = pd.Series(blank_text, index=canonical.index)
    reasons[empty] = f"empty review text (column {mapping['text']!r})"
    earlier = exact_duplicates(table.frame, mapping["text"])
    dup = (earlier >= 0) & ~empty.to_numpy()
    if dup.any():
        reasons[dup] = [f"exact duplicate of row {rows[e]} in {source}" for e in earlier[dup]]
    header = _repeated_header(table.frame, mapping["text"])
    if header.any():
        reasons[header] = "repeats the header row (two exports pasted together?)"
    keep = reasons.isna().to_numpy()
    rejected = pd.DataFrame({"source": source, "row": rows[~keep],
                             "reason": reasons[~keep].to_numpy()})
    if table.bad_rows:
        bad = pd.DataFrame(table.bad_rows, columns=["row", "reason"])
        bad.insert(0, "source", source)
        rejected = pd.concat([rejected, bad], ignore_index=True)
    return keep, rejected


def _repeated_header(frame: pd.DataFrame, text_column: str | None) -> np.ndarray:
    """True for rows whose every cell is its column's name (a header pasted in mid-file).

    Only rows whose text cell equals the text header are compared in full, so this costs one
    vectorised comparison on big files. A byte-order mark before the first cell is ignored.
    """
    if text_column is None or frame.empty:
        return np.zeros(len(frame), dtype=bool)
    cells = frame[text_column].to_numpy(dtype=object)
    candidates = np.flatnonzero((cells == text_column) | (cells == "\ufeff" + text_column))
    out = np.zeros(len(frame), dtype=bool)
    if not len(candidates):
        return out
    names = np.array([str(c) for c in frame.columns], dtype=object)
    values = frame.iloc[candidates].astype(str).to_numpy(dtype=object)
    values[:, 0] = [v.lstrip("\ufeff").strip() for v in values[:, 0]]
    out[candidates] = (values == names).all(axis=1)
    return out
