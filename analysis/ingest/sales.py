"""Sales ingestion: any sales export to statsforecast's long format (``unique_id, ds, y``).

Accepts long form (a date, a value and optionally a store/product/sku column) or wide form (a
date and one numeric column per product). Columns are found by name (English and Chinese) and
checked by content; the frequency (daily, weekly with its weekday, monthly) is detected; dates
with ambiguous day/month order are resolved by which order makes the series regular. Duplicate
dates are summed, missing periods are inserted as explicit missing values, unparseable cells
are left out, and each of these is reported per series in ``issues`` rather than silently
fixed. Holiday/promotion flag columns are kept as exogenous regressors.

Future rows: a row dated after its series' last sales value, with an empty value and at least
one flag cell filled, plans the flags of a future period (a promotion next month). Such rows go
to ``future_events`` (``unique_id, ds`` + flags; an empty flag cell stays NaN, "not given"), not
into the series, so they never count as missing sales. Empty trailing values without any flag
are kept as missing values, as before, and reported as not used.
:func:`analysis.ingest.events.add_future_events` adds the planned flags of a separate events
file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import IngestError
from analysis.forecasting.frequency import detect_frequency, snap_to_frequency
from analysis.ingest.dates import parse_dates
from analysis.ingest.readers import RawTable, read_table

DATE_NAMES = ["ds", "date", "week", "weekstart", "weekending", "weekdate", "day", "month",
              "period", "orderdate", "salesdate", "time", "日期", "周", "月份", "时间"]
VALUE_NAMES = ["y", "sales", "units", "unitssold", "revenue", "qty", "quantity", "weeklysales",
               "value", "amount", "sold", "demand", "销量", "销售额", "数量", "销售量"]
SERIES_NAMES = ["uniqueid", "seriesid", "series", "productid", "product", "sku", "store",
                "storeid", "item", "itemid", "asin", "商品", "商品id", "产品", "门店", "店铺"]
EVENT_WORDS = ["holiday", "promo", "promotion", "event", "discount", "campaign", "节假日", "促销"]
ISSUE_COLUMNS = ["series_id", "severity", "message"]
_FLAG_VALUES = {"0", "1", "true", "false", "yes", "no", "y", "n", "0.0", "1.0", ""}
_NUMBER_JUNK = re.compile(r"[,\s$€£¥￥]")


def _no_future_events() -> pd.DataFrame:
    return pd.DataFrame({"unique_id": pd.Series(dtype=object),
                         "ds": pd.Series(dtype="datetime64[ns]")})


@dataclass
class SalesIngestResult:
    """Long sales series (``unique_id, ds, y`` + event flags), issues and the frequency.

    ``future_events``: planned flags of periods after each series' last sales value
    (``unique_id, ds`` + the flag columns; NaN where a cell was left empty), from future rows.
    """

    series: pd.DataFrame
    issues: pd.DataFrame
    freq: str
    mappings: dict
    future_events: pd.DataFrame = field(default_factory=_no_future_events)


def _norm(header: object) -> str:
    return re.sub(r"[\s_\-./()]+", "", str(header).strip().lower())


def _find(frame: pd.DataFrame, names: list[str], skip: set[str]) -> str | None:
    normal = {col: _norm(col) for col in frame.columns if col not in skip}
    for name in names:
        for col, norm in normal.items():
            if norm == name:
                return col
    for name in names:
        if len(name) < 3:
            continue
        for col, norm in normal.items():
            if name in norm:
                return col
    return None


def parse_numbers(column: pd.Series) -> pd.Series:
    """Numbers from text cells: thousands separators and currency signs are ignored."""
    cleaned = column.fillna("").astype(str).str.replace(_NUMBER_JUNK, "", regex=True)
    cleaned = cleaned.str.replace(r"^\((.*)\)$", r"-\1", regex=True)  # (12) accounting negative
    return pd.to_numeric(cleaned.replace("", np.nan), errors="coerce")


def _is_flag(column: pd.Series) -> bool:
    values = set(column.fillna("").astype(str).str.strip().str.lower().unique())
    return values <= _FLAG_VALUES and len(values - {""}) >= 1


def _flags(column: pd.Series) -> pd.Series:
    """1.0 for a set flag, 0.0 for an unset one, NaN for an empty cell (not given)."""
    text = column.fillna("").astype(str).str.strip().str.lower()
    flags = text.isin(["1", "true", "yes", "y", "1.0"]).astype(float)
    return flags.where(text != "")


def _is_numeric(column: pd.Series) -> bool:
    filled = column.fillna("").astype(str).str.strip()
    filled = filled[filled != ""]
    return len(filled) > 0 and parse_numbers(filled).notna().mean() >= 0.8


def _dates(column: pd.Series, source: str) -> tuple[pd.Series, str | None]:
    """Parse dates; when day/month order is only assumed, keep the order that is regular."""
    parsed = parse_dates(column)
    note = None
    if "assumed" in parsed.order:
        swapped_text = column.fillna("").astype(str).str.strip().str.replace(
            r"^(\d{1,2})([./-])(\d{1,2})\2", r"\3\2\1\2", regex=True)
        swapped = parse_dates(swapped_text)
        first, second = _regularity(parsed.values), _regularity(swapped.values)
        if second > first:
            parsed = swapped
            note = (f"{source}: day/month order was ambiguous (no field above 12); read as "
                    "the order that makes the dates evenly spaced (swapped from the default).")
        elif first == second:
            note = (f"{source}: day/month order is ambiguous (no field above 12 and both "
                    f"orders are equally regular); read as {parsed.order}. Pass ISO dates "
                    "(YYYY-MM-DD) to be sure.")
    return parsed.values, note


def _regularity(values: pd.Series) -> float:
    unique = pd.DatetimeIndex(values.dropna().unique()).sort_values()
    if len(unique) < 3:
        return 0.0
    gaps = np.round(np.diff(unique.as_unit("ns").asi8) / 86_400e9)
    return float(pd.Series(gaps).value_counts(normalize=True).iloc[0])


def _map(table: RawTable, date_col: str | None, value_col: str | None,
         series_col: str | None, event_cols: list[str] | None) -> dict:
    frame, source = table.frame, table.source
    for given in (date_col, value_col, series_col, *(event_cols or [])):
        if given is not None and given not in frame.columns:
            raise IngestError(source, f"column {given!r} is not in the file; its columns are "
                                      f"{list(map(str, frame.columns))}.")
    date = date_col or _find(frame, DATE_NAMES, set())
    if date is None or parse_dates(frame[date]).values.notna().mean() < 0.5:
        raise IngestError(source, "no date column was found (looked for names like date, "
                                  f"week, ds, 日期 with parseable dates among "
                                  f"{list(map(str, frame.columns))}). Name it with --date-col.")
    used = {date}
    events = list(event_cols) if event_cols is not None else [
        c for c in frame.columns if c != date and any(w in _norm(c) for w in EVENT_WORDS)
        and _is_flag(frame[c])]
    used |= set(events)
    series = series_col or _find(frame, SERIES_NAMES, used)
    if series is not None and _is_numeric(frame[series]) and series_col is None and \
            frame[series].nunique() > max(50, len(frame) // 2):
        series = None  # a numeric column with mostly distinct values is not an id
    if series is not None:
        used.add(series)
    value = value_col or _find(frame, VALUE_NAMES, used)
    if value is not None and not _is_numeric(frame[value]) and value_col is None:
        value = None
    if value is not None:
        return {"date": date, "value": value, "series": series, "events": events,
                "layout": "long"}
    wide = [c for c in frame.columns if c not in used and _is_numeric(frame[c])]
    if not wide:
        raise IngestError(source, "no numeric sales column was found (looked for names like "
                                  "sales, units, revenue, qty, Weekly_Sales, 销量, or numeric "
                                  "columns, one per product). Name it with --value-col.")
    return {"date": date, "value": None, "series": None, "wide": wide, "events": events,
            "layout": "wide"}


def map_sales_columns(table: RawTable) -> dict:
    """The detected sales mapping of one table (date, value, series, events, layout)."""
    return _map(table, None, None, None, None)


def _long_rows(table: RawTable, mapping: dict, issues: list[dict]) -> pd.DataFrame:
    frame, source = table.frame, table.source
    rows = table.record_numbers()
    dates, note = _dates(frame[mapping["date"]], source)
    if note:
        issues.append({"series_id": "*", "severity": "warning", "message": note})
    if mapping["layout"] == "long":
        ids = (frame[mapping["series"]].fillna("").astype(str).str.strip()
               if mapping["series"] else pd.Series(str(mapping["value"]), index=frame.index))
        long = pd.DataFrame({"unique_id": ids, "ds": dates, "raw": frame[mapping["value"]],
                             "row": rows})
        for event in mapping["events"]:
            long[event] = _flags(frame[event])
    else:
        parts = []
        for column in mapping["wide"]:
            part = pd.DataFrame({"unique_id": str(column), "ds": dates, "raw": frame[column],
                                 "row": rows})
            for event in mapping["events"]:
                part[event] = _flags(frame[event])
            parts.append(part)
        long = pd.concat(parts, ignore_index=True)
    long["y"] = parse_numbers(long["raw"])
    blank_id = long["unique_id"] == ""
    if blank_id.any():
        issues.append({"series_id": "*", "severity": "warning",
                       "message": f"{source}: {int(blank_id.sum())} row(s) without a series id "
                                  f"were left out (rows {_rows(long.loc[blank_id, 'row'])})."})
        long = long[~blank_id]
    bad_date = long["ds"].isna()
    for uid, group in long[bad_date].groupby("unique_id"):
        issues.append({"series_id": uid, "severity": "warning",
                       "message": f"{source}: {len(group)} row(s) with a missing or unreadable "
                                  f"date were left out (rows {_rows(group['row'])})."})
    long = long[~bad_date]
    text = long["raw"].fillna("").astype(str).str.strip()
    bad_value = long["y"].isna() & (text != "")
    for uid, group in long[bad_value].groupby("unique_id"):
        examples = ", ".join(repr(v) for v in group["raw"].astype(str).unique()[:3])
        issues.append({"series_id": uid, "severity": "warning",
                       "message": f"{source}: {len(group)} non-numeric value(s) ({examples}) "
                                  f"treated as missing (rows {_rows(group['row'])})."})
    return long.assign(source=source, blank=text == "").drop(columns=["raw"])


def last_sale_dates(frame: pd.DataFrame) -> pd.Series:
    """Date of each series' last non-missing sales value (``unique_id`` -> ``ds``)."""
    return frame[frame["y"].notna()].groupby("unique_id")["ds"].max()


def _split_future(long: pd.DataFrame, events: list[str], last: pd.Series
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(history, future)``: future rows are empty values with a flag, after the last sale."""
    after = long["ds"] > long["unique_id"].map(last)
    flagged = long[events].notna().any(axis=1) if events else pd.Series(False, long.index)
    future = after & long["blank"] & flagged
    return long[~future], long[future]


def _report_empty(long: pd.DataFrame, events: list[str], last: pd.Series,
                  issues: list[dict]) -> None:
    """Empty values: inside a series they are missing values; after its last sale, unused."""
    hint = ("fill its flag column" if events else
            "add a 0/1 column such as promotion or holiday and fill it")
    empty = long[long["y"].isna() & long["blank"]]
    trailing = empty["ds"] > empty["unique_id"].map(last)
    for (source, uid), group in empty[~trailing].groupby(["source", "unique_id"], sort=False):
        issues.append({"series_id": uid, "severity": "info",
                       "message": f"{source}: {len(group)} empty value(s) treated as missing "
                                  f"(rows {_rows(group['row'])})."})
    for (source, uid), group in empty[trailing].groupby(["source", "unique_id"], sort=False):
        issues.append({"series_id": uid, "severity": "info",
                       "message": f"{source}: {len(group)} empty value(s) after the last sales "
                                  f"value ({last[uid]:%Y-%m-%d}) are not used: the forecast "
                                  f"starts after it (rows {_rows(group['row'])}). To plan a "
                                  f"holiday/promotion for such a date, {hint}."})


def _regularize_future(future: pd.DataFrame, series: pd.DataFrame, freq: str,
                       events: list[str], issues: list[dict]) -> pd.DataFrame:
    """Future rows snapped to the frequency, one row per series and period (flags: max)."""
    columns = ["unique_id", "ds", *events]
    if future.empty:
        return _no_future_events().assign(**{e: pd.Series(dtype=float) for e in events})
    future = future.assign(ds=snap_to_frequency(future["ds"], freq))
    last = last_sale_dates(series)
    taken = future["ds"] <= future["unique_id"].map(last)
    for uid, group in future[taken].groupby("unique_id"):
        issues.append({"series_id": uid, "severity": "warning",
                       "message": f"{_rows_by_source(group)}: future flag row(s) fall in the "
                                  f"period of the last sales value ({last[uid]:%Y-%m-%d}) and "
                                  "were left out."})
    future = future[~taken]
    for uid, group in future.groupby("unique_id"):
        periods = group["ds"].drop_duplicates()
        issues.append({"series_id": uid, "severity": "info",
                       "message": f"{len(periods)} future period(s) from "
                                  f"{periods.min():%Y-%m-%d} to {periods.max():%Y-%m-%d} have "
                                  "flags but no sales value: read as planned holidays/"
                                  "promotions for the forecast, not as missing sales "
                                  f"({_rows_by_source(group)})."})
    out = future.groupby(["unique_id", "ds"], sort=True)[events].max().reset_index()
    return out[columns]


def _rows_by_source(group: pd.DataFrame) -> str:
    return "; ".join(f"{source} rows {_rows(part['row'])}"
                     for source, part in group.groupby("source", sort=False))


def _rows(rows: pd.Series, limit: int = 5) -> str:
    values = [str(int(r)) for r in rows.iloc[:limit]]
    return ", ".join(values) + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def _regularize(long: pd.DataFrame, freq: str, events: list[str], issues: list[dict]
                ) -> pd.DataFrame:
    """Snap dates to the frequency, sum duplicates, insert missing periods as NaN."""
    long = long.assign(ds=snap_to_frequency(long["ds"], freq))
    out = []
    for uid, group in long.groupby("unique_id", sort=True):
        counts = group.groupby("ds").size()
        dupes = counts[counts > 1]
        if len(dupes):
            issues.append({"series_id": uid, "severity": "warning",
                           "message": f"{int(dupes.sum())} rows share {len(dupes)} date(s) "
                                      f"(first {dupes.index[0]:%Y-%m-%d}); their values were "
                                      "summed."})
        agg = {"y": lambda v: v.sum(min_count=1), **{e: "max" for e in events}}
        series = group.groupby("ds").agg(agg)
        full = pd.date_range(series.index.min(), series.index.max(), freq=freq)
        missing = full.difference(series.index)
        end = series["y"].last_valid_index()
        if end is None:
            end = full[-1]
        missing = missing[missing < end]  # after the last sale nothing is forecast from
        if len(missing):
            issues.append({"series_id": uid, "severity": "warning",
                           "message": f"{len(missing)} missing period(s) between "
                                      f"{full[0]:%Y-%m-%d} and {end:%Y-%m-%d} (first "
                                      f"{missing[0]:%Y-%m-%d}) were added as missing values."})
        series = series.reindex(full)
        series[events] = series[events].fillna(0.0)
        series.index.name = "ds"
        out.append(series.reset_index().assign(unique_id=uid))
    columns = ["unique_id", "ds", "y", *events]
    return pd.concat(out, ignore_index=True)[columns] if out else pd.DataFrame(columns=columns)


def ingest_sales(paths: str | Path | Iterable[str | Path], date_col: str | None = None,
                 value_col: str | None = None, series_col: str | None = None,
                 freq: str | None = None, event_cols: list[str] | None = None
                 ) -> SalesIngestResult:
    """Read sales exports into long series with per-series issues (see module docstring)."""
    paths = [paths] if isinstance(paths, str | Path) else list(paths)
    tables = [read_table(p) for p in paths]
    return ingest_sales_tables(tables, date_col, value_col, series_col, freq, event_cols)


def ingest_sales_tables(tables: list[RawTable], date_col: str | None = None,
                        value_col: str | None = None, series_col: str | None = None,
                        freq: str | None = None, event_cols: list[str] | None = None
                        ) -> SalesIngestResult:
    """Like :func:`ingest_sales` for tables already read (e.g. uploads via ``read_bytes``)."""
    issues: list[dict] = []
    parts, mappings, events = [], {}, []
    for table in tables:
        mapping = _map(table, date_col, value_col, series_col, event_cols)
        mappings[table.source] = mapping
        events += [e for e in mapping["events"] if e not in events]
        for row, reason in table.bad_rows:
            issues.append({"series_id": "*", "severity": "warning",
                           "message": f"{table.source}: row {row} could not be read ({reason})."})
        parts.append(_long_rows(table, mapping, issues))
    long = pd.concat(parts, ignore_index=True)
    for event in events:
        if event not in long:
            long[event] = np.nan
    source = ", ".join(t.source for t in tables)
    if long.empty:
        raise IngestError(source, "no row has both a readable date and a series: nothing to "
                                  "forecast.")
    last = last_sale_dates(long)
    long, future = _split_future(long, events, last)
    _report_empty(long, events, last, issues)
    if events:
        long[events] = long[events].fillna(0.0)
    try:
        freq = freq or detect_frequency(long["ds"])
    except ValueError as exc:
        raise IngestError(source, f"the sales frequency could not be detected: {exc}. Pass "
                                  "--freq (D, W-MON, MS ...).") from None
    series = _regularize(long, freq, events, issues)
    future = _regularize_future(future, series, freq, events, issues)
    return SalesIngestResult(series, pd.DataFrame(issues, columns=ISSUE_COLUMNS), freq, mappings,
                             future)
