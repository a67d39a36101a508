"""Planned holiday/promotion flags from a separate events file (``forecast --events FILE``).

The sales file can carry planned flags as future rows (see :mod:`analysis.ingest.sales`); an
events file gives them apart from the sales export: a date column, optionally a series column,
and 0/1 flag columns. Its cells win over the sales file's future rows, cell by cell.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from analysis.errors import IngestError
from analysis.forecasting.frequency import snap_to_frequency
from analysis.ingest.dates import parse_dates
from analysis.ingest.readers import RawTable, read_table
from analysis.ingest.sales import (
    DATE_NAMES,
    ISSUE_COLUMNS,
    SERIES_NAMES,
    SalesIngestResult,
    _dates,
    _find,
    _flags,
    _is_flag,
    _rows,
    last_sale_dates,
)


def add_future_events(result: SalesIngestResult, path: str | Path) -> SalesIngestResult:
    """``result`` with the planned flags of a separate events file (CSV/XLSX) added.

    The file has a date column, optionally a series column (a row with an empty series cell,
    or a file without the column, applies to every series) and 0/1 flag columns. A series'
    own row wins over an every-series row, and the file wins over future rows of the sales
    file, cell by cell; dates within a series' sales history are left out (the history's
    flags come from the sales file).
    """
    issues: list[dict] = []
    table = read_table(path)
    planned = _planned_flags(table, sorted(result.series["unique_id"].unique()), result.freq,
                             issues)
    last = last_sale_dates(result.series)
    past = planned["ds"] <= planned["unique_id"].map(last)
    if past.any():
        issues.append({"series_id": "*", "severity": "info",
                       "message": f"{table.source}: {int(past.sum())} planned series-period(s) "
                                  "fall within the sales history and were not used (the "
                                  "history's flags come from the sales file)."})
    planned = planned[~past]
    merged = _first_given([planned, result.future_events])
    if not planned.empty:
        flags = [c for c in planned.columns if c not in ("unique_id", "ds")]
        issues.append({"series_id": "*", "severity": "info",
                       "message": f"{table.source}: planned flags {flags} for "
                                  f"{planned['unique_id'].nunique()} series from "
                                  f"{planned['ds'].min():%Y-%m-%d} to "
                                  f"{planned['ds'].max():%Y-%m-%d}."})
    return replace(result, future_events=merged, issues=pd.concat(
        [result.issues, pd.DataFrame(issues, columns=ISSUE_COLUMNS)], ignore_index=True))


def _planned_flags(table: RawTable, series_ids: list[str], freq: str, issues: list[dict]
                   ) -> pd.DataFrame:
    """The events file as ``unique_id, ds`` + flags (NaN where a cell is empty)."""
    frame, source = table.frame, table.source
    date = _find(frame, DATE_NAMES, set())
    if date is None or parse_dates(frame[date]).values.notna().mean() < 0.5:
        raise IngestError(source, "no date column was found in the events file (looked for "
                                  f"names like date, week, 日期 among "
                                  f"{list(map(str, frame.columns))}). Name it date.")
    series = _find(frame, SERIES_NAMES, {date})
    if series is not None and _is_flag(frame[series]):
        series = None  # a 0/1 column named like store_promo is a flag, not a series
    flags, skipped = [], []
    for column in frame.columns:
        if column not in (date, series):
            (flags if _is_flag(frame[column]) else skipped).append(column)
    if skipped:
        issues.append({"series_id": "*", "severity": "warning",
                       "message": f"{source}: column(s) {skipped} hold values other than 0/1, "
                                  "yes/no or true/false and were not used as flags."})
    if not flags:
        raise IngestError(source, "the events file has no flag column (0/1, yes/no or true/"
                                  "false values) besides the date and series columns.")
    dates, note = _dates(frame[date], source)
    if note:
        issues.append({"series_id": "*", "severity": "warning", "message": note})
    rows = table.record_numbers()
    bad = dates.isna()
    if bad.any():
        issues.append({"series_id": "*", "severity": "warning",
                       "message": f"{source}: {int(bad.sum())} row(s) with a missing or "
                                  f"unreadable date were left out (rows {_rows(rows[bad])})."})
    ids = (frame[series].fillna("").astype(str).str.strip() if series
           else pd.Series("", index=frame.index))
    events = pd.DataFrame({"unique_id": ids, "ds": snap_to_frequency(dates, freq)})
    for column in flags:
        events[column] = _flags(frame[column])
    events = events[~bad & events[flags].notna().any(axis=1)]
    unknown = sorted(set(events["unique_id"]) - {""} - set(series_ids))
    if unknown:
        issues.append({"series_id": "*", "severity": "warning",
                       "message": f"{source}: series {unknown[:10]} are not in the sales data; "
                                  "their rows were left out."})
    specific = events[events["unique_id"].isin(series_ids)]
    shared = events[events["unique_id"] == ""].drop(columns="unique_id")
    every = shared.merge(pd.DataFrame({"unique_id": series_ids}), how="cross")
    return _first_given([specific, every])


def _first_given(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per series and period; each flag from the first frame that gives it."""
    flags = list(dict.fromkeys(c for f in frames for c in f.columns
                               if c not in ("unique_id", "ds")))
    ranked = [f.groupby(["unique_id", "ds"])[[c for c in flags if c in f]].max()
              .reset_index().assign(_rank=rank) for rank, f in enumerate(frames)]
    stacked = pd.concat(ranked, ignore_index=True).sort_values("_rank", kind="stable")
    merged = stacked.groupby(["unique_id", "ds"], sort=True)[flags].first().reset_index()
    return merged[["unique_id", "ds", *flags]].astype({c: float for c in flags})
