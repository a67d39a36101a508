"""Frequencies of sales series: detect daily/weekly/monthly (with the weekly anchor day).

A frequency is a pandas offset alias (``D``, ``W-MON`` ... ``W-SUN``, ``MS``/``ME``); the
season length the models use follows from it (daily 7, weekly 52, monthly 12).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
SEASON_LENGTHS = {"D": 7, "W": 52, "M": 12, "Q": 4}


def season_length_for(freq: str) -> int:
    """Season length for a frequency alias: daily 7, weekly 52, monthly 12, quarterly 4."""
    key = freq.upper()[0]
    if key not in SEASON_LENGTHS:
        raise ValueError(f"unsupported frequency {freq!r}: use D, W-<DAY>, MS/ME or QS")
    return SEASON_LENGTHS[key]


def detect_frequency(dates: pd.Series) -> str:
    """The frequency alias of a column of dates (one series or several, duplicates allowed).

    Uses the most common gap between consecutive distinct dates; weekly series get the
    weekday they fall on as anchor, monthly series month-start or month-end by their days.
    Raises ``ValueError`` when the dates are neither daily, weekly nor monthly.
    """
    unique = pd.DatetimeIndex(pd.to_datetime(dates).dropna().unique()).sort_values()
    if len(unique) < 2:
        raise ValueError("fewer than two distinct dates: the frequency cannot be detected")
    gaps = np.diff(unique.as_unit("ns").asi8) / 86_400e9
    typical = float(pd.Series(np.round(gaps)).mode().iloc[0])
    if typical == 1:
        return "D"
    if typical == 7:
        weekday = pd.Series(unique.dayofweek).mode().iloc[0]
        return f"W-{WEEKDAYS[int(weekday)]}"
    if 28 <= typical <= 31:
        return "MS" if (unique.day == 1).mean() >= 0.5 else "ME"
    if 89 <= typical <= 92:
        return "QS" if (unique.day == 1).mean() >= 0.5 else "QE"
    raise ValueError(
        f"dates are {typical:g} days apart most often; expected daily (1), weekly (7) or "
        "monthly (28-31) data"
    )


def snap_to_frequency(dates: pd.Series, freq: str) -> pd.Series:
    """Move each date onto the period it belongs to (a Wednesday onto W-MON's Monday before it).

    A weekly date labels the week that starts on it, so a review on any day of that week maps
    to it.
    """
    dates = pd.to_datetime(dates)
    if freq == "D":
        return dates.dt.normalize()
    if freq.startswith("W-"):
        anchor = WEEKDAYS.index(freq[2:].upper())
        back = (dates.dt.dayofweek - anchor) % 7
        return (dates - pd.to_timedelta(back, unit="D")).dt.normalize()
    if freq in ("MS", "ME"):
        period = dates.dt.to_period("M")
        stamp = period.dt.start_time if freq == "MS" else period.dt.end_time
        return stamp.dt.normalize()
    if freq in ("QS", "QE"):
        period = dates.dt.to_period("Q")
        stamp = period.dt.start_time if freq == "QS" else period.dt.end_time
        return stamp.dt.normalize()
    raise ValueError(f"unsupported frequency {freq!r}")
