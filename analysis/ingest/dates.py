"""Parse a whole column of review dates, whatever the export wrote.

Handles ISO dates and timestamps (offsets are converted to UTC), unix seconds and
milliseconds, Excel serial day numbers, Chinese dates (2023年5月6日, 2023年5月6日 12:00),
English month names and Amazon's ``"09 4, 2015"``. Numeric day/month dates are resolved for the
whole column at once: if any value has a first field above 12 the column is day-first, if any
has a second field above 12 it is month-first; otherwise ``.`` separators mean day-first
(European) and ``/`` or ``-`` month-first (US exports), and the choice is reported.

Each distinct string is parsed once, so a million rows with a few thousand distinct dates cost
little. Values that cannot be parsed become NaT and are counted, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

_NUMERIC = re.compile(r"^\d+(\.\d+)?$")
_DMY = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?$")
_ISO = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_CHINESE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*(.*)$")

# Plausible ranges that tell the numeric encodings apart.
_UNIX_S = (1e8, 1e10)  # 1973 .. 2286
_UNIX_MS = (1e11, 1e13)
_EXCEL = (20000, 80000)  # 1954 .. 2119 as Excel serial days
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


@dataclass
class DateParse:
    """Parsed dates plus what it took: how many were missing or unparseable, and the rules."""

    values: pd.Series
    missing: int
    unparsed: int
    order: str  # "day-first", "month-first", "month-first (assumed)", ... or "n/a"
    empty_mask: np.ndarray  # True where the cell was empty (missing, not unparseable)


def parse_dates(column: pd.Series) -> DateParse:
    """Parse a column of date strings into datetime64[ns] (naive, UTC for offset timestamps)."""
    codes, raw = pd.factorize(column.fillna("").astype(str), sort=False)
    uniques = pd.Series(raw, dtype=object).str.strip()
    parsed, order = _parse_unique(uniques)
    values = pd.Series(
        parsed.to_numpy()[codes] if len(uniques) else np.array([], dtype="datetime64[ns]"),
        index=column.index,
        dtype="datetime64[ns]",
    )
    empty = (uniques == "").to_numpy()[codes] if len(uniques) else np.zeros(0, dtype=bool)
    missing = int(empty.sum())
    unparsed = int((values.isna().to_numpy() & ~empty).sum())
    return DateParse(values, missing, unparsed, order, empty)


def _parse_unique(values: pd.Series) -> tuple[pd.Series, str]:
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    todo = values != ""
    numeric = todo & values.str.match(_NUMERIC)
    if numeric.any():
        out[numeric] = _parse_numeric(values[numeric].astype(float))
    todo &= ~numeric

    chinese = todo & values.str.contains("年", regex=False)
    if chinese.any():
        out[chinese] = _parse_chinese(values[chinese])
    todo &= ~chinese

    dmy = todo & values.str.match(_DMY)
    order = "n/a"
    if dmy.any():
        parts = values[dmy].str.extract(_DMY)
        order = _day_month_order(parts)
        out[dmy] = _parse_dmy(parts, day_first=order.startswith("day"))
    todo &= ~dmy

    iso = todo & values.str.match(_ISO)
    if iso.any():
        stamps = pd.to_datetime(values[iso], errors="coerce", format="ISO8601", utc=True)
        out[iso] = _to_naive(stamps)
        retry = iso & out.isna()  # "2023/5/6" style that ISO8601 refuses
        if retry.any():
            out[retry] = _to_naive(
                pd.to_datetime(values[retry], errors="coerce", format="mixed", utc=True)
            )
    todo &= ~iso

    if todo.any():
        out[todo] = _parse_free(values[todo])
    return out, order


def _to_naive(stamps: pd.Series) -> pd.Series:
    return stamps.dt.tz_convert(None).astype("datetime64[ns]")


def _parse_numeric(numbers: pd.Series) -> pd.Series:
    """Unix seconds / milliseconds / Excel serial days / yyyymmdd, by magnitude."""
    out = pd.Series(pd.NaT, index=numbers.index, dtype="datetime64[ns]")
    secs = numbers.between(*_UNIX_S)
    out[secs] = pd.to_datetime(numbers[secs], unit="s")
    millis = numbers.between(*_UNIX_MS)
    out[millis] = pd.to_datetime(numbers[millis], unit="ms")
    excel = numbers.between(*_EXCEL)
    out[excel] = _EXCEL_EPOCH + pd.to_timedelta(numbers[excel], unit="D")
    ymd = numbers.between(19000101, 21001231) & (numbers % 1 == 0)
    out[ymd] = pd.to_datetime(
        numbers[ymd].astype("int64").astype(str), format="%Y%m%d", errors="coerce"
    )
    return out


def _parse_chinese(values: pd.Series) -> pd.Series:
    parts = values.str.extract(_CHINESE)
    iso = parts[0] + "-" + parts[1].str.zfill(2) + "-" + parts[2].str.zfill(2)
    rest = parts[3].fillna("").str.strip()
    rest = rest.str.replace("时", ":", regex=False).str.replace("分", "", regex=False)
    full = (iso + " " + rest).str.strip()
    return _to_naive(pd.to_datetime(full, errors="coerce", format="mixed", utc=True))


def _day_month_order(parts: pd.DataFrame) -> str:
    first = parts[0].astype(int)
    second = parts[2].astype(int)
    if (first > 12).any():
        return "day-first"
    if (second > 12).any():
        return "month-first"
    if (parts[1] == ".").all():
        return "day-first (assumed from '.' separators)"
    return "month-first (assumed: no value has a field above 12)"


def _parse_dmy(parts: pd.DataFrame, day_first: bool) -> pd.Series:
    day, month = (parts[0], parts[2]) if day_first else (parts[2], parts[0])
    year = parts[3].where(parts[3].str.len() == 4, "20" + parts[3])
    time = parts[4].fillna("00:00")
    iso = year + "-" + month.str.zfill(2) + "-" + day.str.zfill(2) + " " + time
    return pd.to_datetime(iso, errors="coerce", format="mixed")


def _parse_free(values: pd.Series) -> pd.Series:
    """Month names, Amazon's '09 4, 2015' and other free forms, through dateutil."""
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for idx, value in values.items():
        try:
            stamp = pd.to_datetime(value, format="mixed", utc=True)
        except (ValueError, OverflowError, TypeError):
            continue
        if stamp is not pd.NaT:
            parsed[idx] = stamp.tz_convert(None)
    return parsed
