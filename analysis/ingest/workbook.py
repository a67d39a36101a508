"""Read an Excel workbook (.xlsx) as text: the sheet that holds reviews, its real header row.

Shop back-ends export workbooks with a summary sheet first and a title line ("Review export,
March 2024") above the header. Every sheet is read without a header; the header is the first
row (among the first :data:`HEADER_SEARCH_ROWS`) filling most of the table's width, and the
sheet read is the one whose header names a review-text column (the most rows wins), else the
first sheet with data. What was chosen is written to the table's ``notes``.
"""

from __future__ import annotations

import io
from collections import Counter

import pandas as pd

from analysis.errors import IngestError
from analysis.ingest.rawtable import RawTable

HEADER_SEARCH_ROWS = 20


def dedupe_names(names: list[str]) -> list[str]:
    """Unique column names: a repeated name gets ``.1``, ``.2`` ...; an empty one 'column N'."""
    seen: Counter[str] = Counter()
    out = []
    for i, name in enumerate(names, start=1):
        name = name or f"column {i}"
        out.append(name if not seen[name] else f"{name}.{seen[name]}")
        seen[name] += 1
    return out


def _header_position(raw: pd.DataFrame) -> int:
    """Position (in ``raw``, blank rows already dropped) of the header row."""
    filled = raw.notna() & (raw.astype(str).apply(lambda c: c.str.strip()) != "")
    counts = filled.sum(axis=1).to_numpy()
    width = int(counts[: HEADER_SEARCH_ROWS * 3].max())
    for position, count in enumerate(counts[:HEADER_SEARCH_ROWS]):
        if count >= max(2, 0.6 * width) or width == 1:
            return position
    return 0


def _sheet_table(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[int], int]:
    """``(frame, record numbers, header's spreadsheet row)`` of one sheet read without header."""
    raw = raw.dropna(how="all")
    position = _header_position(raw)
    header_row = int(raw.index[position])
    names = ["" if pd.isna(v) else str(v).strip() for v in raw.iloc[position]]
    body = raw.iloc[position + 1:]
    keep = [i for i, name in enumerate(names) if name or body.iloc[:, i].notna().any()]
    frame = body.iloc[:, keep].fillna("").astype(str)
    frame.columns = dedupe_names([names[i] for i in keep])
    numbers = [int(i) - header_row for i in body.index]
    return frame.reset_index(drop=True), numbers, header_row + 1


def _names_text(columns: list[str]) -> bool:
    from analysis.ingest.columns import text_tiers  # here: columns imports the parsers

    return any(tier < 4 for tier in text_tiers(columns).values())


def read_xlsx(data: bytes, source: str) -> RawTable:
    """Read the review sheet of a workbook into a :class:`RawTable` (see module doc)."""
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=str,
                               engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for damaged workbooks
        raise IngestError(
            source,
            f"the Excel workbook could not be read ({type(exc).__name__}: {exc}). Open it in "
            "Excel or LibreOffice, save it again as .xlsx (or CSV UTF-8) and upload that.",
        ) from None
    tables = {name: _sheet_table(raw) for name, raw in sheets.items()
              if not raw.dropna(how="all").empty}
    if not tables:
        raise IngestError(source, "every sheet of the workbook is empty. Export the reviews "
                                  "again, including the rows, and upload that file.")
    named = [name for name, (frame, _, _) in tables.items() if _names_text(list(frame.columns))]
    notes = []
    if named:
        chosen = max(named, key=lambda n: len(tables[n][0]))
        if len(tables) > 1:
            notes.append(f"read sheet {chosen!r} of {len(tables)} ({_sheet_list(tables)}): its "
                         "header names a review-text column")
    else:
        chosen = next(iter(tables))
        if len(tables) > 1:
            notes.append(f"read the first sheet {chosen!r} of {len(tables)} "
                         f"({_sheet_list(tables)}): no sheet's header names a review-text "
                         "column; save the review sheet on its own to read another")
    frame, numbers, header_row = tables[chosen]
    if header_row > 1:
        notes.append(f"the header is on row {header_row} of sheet {chosen!r}; the row(s) above "
                     "it (a title) were not read as data")
    return RawTable(frame, source, "xlsx", None, row_numbers=numbers, notes=notes)


def _sheet_list(tables: dict) -> str:
    return ", ".join(repr(name) for name in tables)
