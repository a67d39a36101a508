"""Future holiday/promotion flags for the forecast horizon: given where known, else assumed.

A user often knows the planned promotions and holidays of the next periods. Flags given for a
series and date (``unique_id, ds`` + flag columns; NaN = not given) are used as they are; every
other horizon cell falls back to the flag of the same period one season earlier (holidays
recur). The messages say which series used given flags and which the assumption, and which
given flags cannot change the forecast because the history never shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.forecasting.checks import message
from analysis.forecasting.engine import future_exog_frame

ASSUMPTION = "repeat the same period one season earlier"
_NAMES_SHOWN = 10


@dataclass
class FutureFlags:
    """Flags for every horizon date of every series, and what the user gave of them.

    ``frame``: ``unique_id, ds`` + flag columns (no NaN). ``given``: series -> number of
    horizon dates with at least one given flag. ``messages``: rows of the messages frame.
    """

    frame: pd.DataFrame
    given: dict[str, int]
    messages: list[dict]


def future_flags(train: pd.DataFrame, horizon: int, freq: str, exog_cols: list[str],
                 season_length: int, given: pd.DataFrame | None = None) -> FutureFlags:
    """Horizon flags for the series in ``train``: ``given`` cells first, else one season back."""
    assumed = future_exog_frame(train, horizon, freq, exog_cols, season_length)
    given = _normalize(given)
    if given is None:
        return FutureFlags(assumed, {}, [_assumed_message(exog_cols, None)])
    messages = _column_messages(given, exog_cols)
    known = [c for c in exog_cols if c in given.columns]
    messages += _series_messages(given, set(train["unique_id"]))
    if not known:
        return FutureFlags(assumed, {}, [*messages, _assumed_message(exog_cols, None)])
    merged = assumed.merge(given[["unique_id", "ds", *known]], on=["unique_id", "ds"],
                           how="left", suffixes=("", "_given"))
    given_cells = merged[[f"{c}_given" for c in known]].notna()
    for column in known:
        merged[column] = merged[f"{column}_given"].fillna(merged[column])
    frame = merged[assumed.columns].reset_index(drop=True)
    per_series = given_cells.any(axis=1).groupby(merged["unique_id"]).sum()
    counts = {str(uid): int(n) for uid, n in per_series.items() if n}
    messages += _outside_horizon(given, frame)
    messages += _source_messages(counts, list(per_series.index), horizon, exog_cols)
    messages += _unlearnable(train, frame, given_cells.set_axis(known, axis=1), known)
    return FutureFlags(frame, counts, messages)


def _normalize(given: pd.DataFrame | None) -> pd.DataFrame | None:
    if given is None or given.empty:
        return None
    missing = {"unique_id", "ds"} - set(given.columns)
    if missing:
        raise ValueError(f"future flags lack columns {sorted(missing)}: expected unique_id, ds "
                         "and one column per flag")
    flags = [c for c in given.columns if c not in ("unique_id", "ds")]
    frame = given.assign(unique_id=given["unique_id"].astype(str),
                         ds=pd.to_datetime(given["ds"]))
    if not flags:
        return frame[["unique_id", "ds"]].drop_duplicates()
    frame[flags] = frame[flags].apply(pd.to_numeric, errors="coerce").astype(float)
    return frame.groupby(["unique_id", "ds"], as_index=False)[flags].max()


def _names(ids: list[str]) -> str:
    shown = ", ".join(ids[:_NAMES_SHOWN])
    more = len(ids) - _NAMES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _assumed_message(exog_cols: list[str], series: list[str] | None) -> dict:
    whom = "" if series is None else f" for {_names(series)}"
    return message("*", "info",
                   f"exogenous flags {exog_cols} used by ARIMA; future values{whom} assumed to "
                   f"{ASSUMPTION}. Give planned holidays/promotions as future rows (a date after "
                   "the last sales value, an empty value and the flags filled) to use them "
                   "instead.")


def _column_messages(given: pd.DataFrame, exog_cols: list[str]) -> list[dict]:
    new = [c for c in given.columns if c not in ("unique_id", "ds", *exog_cols)]
    if not new:
        return []
    return [message("*", "warning",
                    f"flag column(s) {new} appear only in the future rows, never in the sales "
                    "history: their effect cannot be learned, so they do not change the "
                    "forecast.")]


def _series_messages(given: pd.DataFrame, known_ids: set[str]) -> list[dict]:
    unknown = sorted(set(given["unique_id"]) - known_ids)
    if not unknown:
        return []
    return [message("*", "warning",
                    f"future flags were given for series that are not forecast with a model "
                    f"(no usable sales history or a constant one): {_names(unknown)}; they "
                    "were not used.")]


def _outside_horizon(given: pd.DataFrame, frame: pd.DataFrame) -> list[dict]:
    modelled = given[given["unique_id"].isin(frame["unique_id"])]
    used = modelled.merge(frame[["unique_id", "ds"]], on=["unique_id", "ds"], how="inner")
    outside = len(modelled) - len(used)
    if outside <= 0:
        return []
    return [message("*", "info",
                    f"{outside} future flag row(s) fall outside the forecast horizon (after it, "
                    "or not on a forecast date) and were not used.")]


def _source_messages(counts: dict[str, int], series: list[str], horizon: int,
                     exog_cols: list[str]) -> list[dict]:
    messages = []
    for uid, n in counts.items():
        if n == horizon:
            text = f"future flags {exog_cols}: given for all {horizon} forecast period(s)."
        else:
            text = (f"future flags {exog_cols}: given for {n} of {horizon} forecast "
                    f"period(s); the other {horizon - n} assume the flags {ASSUMPTION}.")
        messages.append(message(uid, "info", text))
    assumed = [str(uid) for uid in series if str(uid) not in counts]
    if assumed:
        messages.append(_assumed_message(exog_cols, assumed))
    return messages


def _unlearnable(train: pd.DataFrame, frame: pd.DataFrame, given_cells: pd.DataFrame,
                 known: list[str]) -> list[dict]:
    """Given flags set in the horizon of a series whose history never sets them."""
    seen = train.groupby("unique_id")[known].max()
    messages = []
    for column in known:
        planned = frame.loc[given_cells[column] & (frame[column] != 0), "unique_id"].unique()
        blind = [str(uid) for uid in planned if not seen[column].get(uid, 0)]
        if blind:
            messages.append(message(
                "*", "warning",
                f"flag {column!r} is planned in the forecast horizon of {_names(blind)} but "
                "never set in their sales history: its effect cannot be learned there, so it "
                "does not change their forecast."))
    return messages
