"""Sales series and forecast runs in the store.

``sales`` holds the long series (events as JSON per row); a forecast run is keyed by a hash of
the series data plus the forecast settings, so forecasting unchanged data with unchanged
settings is served from ``forecasts``/``backtests`` instead of recomputed. Each save runs in one
transaction. The dashboard and reports read through :func:`load_sales`,
:func:`load_forecast` and :func:`load_backtest`.

An import adds or replaces only the series in its file: :func:`save_sales` replaces those
series whole and leaves the others alone, and a forecast run holds the series of the file it
was made for. So reads without a ``run_id`` take, per series, the most recently used run that
holds it: importing file B never hides the forecast and backtest of file A's series.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pandas as pd

from analysis.store.core import Store, register_schema, registered

# The forecast tables keep their original column names (existing stores must read); everything
# above the store sees the statsforecast names, renamed here on save and load only.
_TABLE_NAMES = {"unique_id": "series_id", "ds": "date"}
_CODE_NAMES = {table: code for code, table in _TABLE_NAMES.items()}

register_schema(
    "sales",
    """
    CREATE TABLE IF NOT EXISTS sales (
        unique_id VARCHAR, ds TIMESTAMP, y DOUBLE, events VARCHAR,
        PRIMARY KEY (unique_id, ds)
    );
    CREATE TABLE IF NOT EXISTS forecast_runs (
        run_id VARCHAR PRIMARY KEY, created_at TIMESTAMP, used_at TIMESTAMP, horizon INTEGER,
        freq VARCHAR, season_length INTEGER, settings VARCHAR, strategy VARCHAR,
        calibration VARCHAR, series_count INTEGER
    );
    CREATE TABLE IF NOT EXISTS forecasts (
        run_id VARCHAR, series_id VARCHAR, date TIMESTAMP, yhat DOUBLE, yhat_lo_80 DOUBLE,
        yhat_hi_80 DOUBLE, yhat_lo_95 DOUBLE, yhat_hi_95 DOUBLE
    );
    CREATE TABLE IF NOT EXISTS backtests (
        run_id VARCHAR, series_id VARCHAR, model VARCHAR, "MASE" DOUBLE, "sMAPE" DOUBLE,
        coverage_80 DOUBLE, coverage_95 DOUBLE, points INTEGER
    );
    CREATE TABLE IF NOT EXISTS forecast_messages (
        run_id VARCHAR, series_id VARCHAR, severity VARCHAR, message VARCHAR
    );
    CREATE TABLE IF NOT EXISTS forecast_weights (
        run_id VARCHAR, series_id VARCHAR, model VARCHAR, weight DOUBLE
    );
    CREATE TABLE IF NOT EXISTS backtest_fits (
        run_id VARCHAR, series_id VARCHAR, cutoff TIMESTAMP, date TIMESTAMP, yhat DOUBLE,
        y DOUBLE
    );
    """,
)

_RUN_TABLES = ["forecasts", "backtests", "forecast_messages", "forecast_weights",
               "backtest_fits"]


def save_sales(store: Store, series: pd.DataFrame) -> int:
    """Store ``series`` (``unique_id, ds, y`` + event columns), replacing each of its series
    whole (its old rows go, also dates the new file lacks); other series are kept."""
    events = [c for c in series.columns if c not in ("unique_id", "ds", "y")]
    frame = pd.DataFrame({
        "unique_id": series["unique_id"].astype(str),
        "ds": pd.to_datetime(series["ds"]),
        "y": pd.to_numeric(series["y"], errors="coerce").astype(float),
        "events": ([json.dumps(dict(zip(events, map(float, row), strict=True)))
                    for row in series[events].itertuples(index=False)] if events
                   else [None] * len(series)),
    })
    with store.transaction() as con, registered(con, _new_sales=frame):
        con.execute("DELETE FROM sales WHERE unique_id IN (SELECT unique_id FROM _new_sales)")
        con.execute("INSERT INTO sales SELECT unique_id, ds, y, events FROM _new_sales")
    return len(frame)


def load_sales(store: Store, series: list[str] | None = None, start: object = None,
               end: object = None, with_events: bool = False) -> pd.DataFrame:
    """Stored sales as ``unique_id, ds, y`` (plus event columns when ``with_events``)."""
    sql, params = "SELECT unique_id, ds, y, events FROM sales WHERE 1=1", []
    if series:
        sql += f" AND unique_id IN ({', '.join('?' * len(series))})"
        params += [str(s) for s in series]
    if start is not None:
        sql += " AND ds >= ?"
        params.append(pd.Timestamp(start))
    if end is not None:
        sql += " AND ds <= ?"
        params.append(pd.Timestamp(end))
    frame = store.query(sql + " ORDER BY unique_id, ds", params)
    if with_events and frame["events"].notna().any():
        flags = pd.DataFrame([json.loads(e) if e else {} for e in frame["events"]],
                             index=frame.index).fillna(0.0)
        frame = pd.concat([frame, flags], axis=1)
    return frame.drop(columns="events")


def run_key(series: pd.DataFrame, settings: dict,
            future_exog: pd.DataFrame | None = None) -> str:
    """Hash of the series data (sorted), the settings and the planned future flags (when
    any): the forecast cache key, so changing only the planned promotions recomputes."""
    digest = hashlib.sha256()
    _hash_frame(digest, series)
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    if future_exog is not None and not future_exog.empty:
        digest.update(b"future_exog")
        _hash_frame(digest, future_exog)
    return digest.hexdigest()[:32]


def _hash_frame(digest: object, frame: pd.DataFrame) -> None:
    ordered = frame.sort_values(["unique_id", "ds"]).reset_index(drop=True)
    digest.update(pd.util.hash_pandas_object(ordered, index=False).to_numpy().tobytes())
    digest.update(",".join(map(str, ordered.columns)).encode())


def has_run(store: Store, run_id: str) -> bool:
    """Whether a forecast run with this key is stored."""
    found = store.query("SELECT count(*) AS n FROM forecast_runs WHERE run_id = ?", [run_id])
    return bool(found["n"].iloc[0])


def save_forecast_run(store: Store, run_id: str, frames: dict[str, pd.DataFrame],
                      run: dict) -> None:
    """Store one forecast run under ``run_id`` (replacing it).

    ``frames``: table name (``forecasts, backtests, forecast_messages, forecast_weights,
    backtest_fits``) -> its rows; ``run``: ``horizon, freq, season_length, settings (dict),
    strategy, calibration (dict)``.
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    forecasts = frames.get("forecasts")
    series_count = (int(forecasts["unique_id"].nunique())
                    if forecasts is not None and len(forecasts) else 0)
    with store.transaction() as con:
        con.execute("DELETE FROM forecast_runs WHERE run_id = ?", [run_id])
        for table in _RUN_TABLES:
            con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
        con.execute(
            "INSERT INTO forecast_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, now, now, int(run.get("horizon", 0)), run["freq"],
             int(run["season_length"]), json.dumps(run["settings"], sort_keys=True, default=str),
             run["strategy"], json.dumps(run["calibration"], default=str), series_count])
        for table in _RUN_TABLES:
            frame = frames.get(table)
            if frame is None or frame.empty:
                continue
            rows = frame.rename(columns=_TABLE_NAMES).assign(run_id=run_id)
            with registered(con, _new_rows=rows):
                columns = ", ".join(f'"{c}"' for c in _columns(con, table))
                con.execute(f"INSERT INTO {table} SELECT {columns} FROM _new_rows")


def _columns(con: object, table: str) -> list[str]:
    return [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]


def touch_run(store: Store, run_id: str) -> None:
    """Mark a run as the most recently used (what the dashboard shows by default)."""
    store.execute("UPDATE forecast_runs SET used_at = ? WHERE run_id = ?",
                  [datetime.now(UTC).replace(tzinfo=None), run_id])


def latest_run_id(store: Store) -> str | None:
    """The most recently used forecast run, or None when there is none."""
    found = store.query("SELECT run_id FROM forecast_runs ORDER BY used_at DESC LIMIT 1")
    return None if found.empty else str(found["run_id"].iloc[0])


# Per series, the most recently used run holding it (in any of the run's tables).
_LATEST_PER_SERIES = """
    WITH held AS (
        SELECT run_id, series_id FROM forecasts UNION
        SELECT run_id, series_id FROM backtests UNION
        SELECT run_id, series_id FROM forecast_messages
    ), latest AS (
        SELECT h.series_id, arg_max(h.run_id, r.used_at) AS run_id
        FROM held h JOIN forecast_runs r USING (run_id) GROUP BY h.series_id
    )
"""


def latest_runs_per_series(store: Store) -> pd.DataFrame:
    """``unique_id, run_id``: the run each series' forecast is read from by default."""
    found = store.query(_LATEST_PER_SERIES + " SELECT * FROM latest ORDER BY series_id")
    return found.rename(columns=_CODE_NAMES)


def _load(store: Store, table: str, run_id: str | None, series: list[str] | None,
          order: str) -> pd.DataFrame:
    if run_id is not None:
        sql, params = f"SELECT * EXCLUDE (run_id) FROM {table} t WHERE run_id = ?", [run_id]
    else:
        sql = (_LATEST_PER_SERIES + f" SELECT t.* EXCLUDE (run_id) FROM {table} t "
               "JOIN latest USING (series_id, run_id) WHERE 1=1")
        params = []
    if series:
        sql += f" AND t.series_id IN ({', '.join('?' * len(series))})"
        params += [str(s) for s in series]
    return store.query(f"{sql} ORDER BY {order}", params).rename(columns=_CODE_NAMES)


def load_forecast(store: Store, run_id: str | None = None, series: list[str] | None = None
                  ) -> pd.DataFrame:
    """Forecast rows (``unique_id, ds, yhat, yhat_lo_80 .. yhat_hi_95``) of a run; without
    ``run_id``, each series from the latest run that holds it."""
    return _load(store, "forecasts", run_id, series, "series_id, date")


def load_backtest(store: Store, run_id: str | None = None, series: list[str] | None = None
                  ) -> pd.DataFrame:
    """Backtest metrics per series and model of a run (default: latest per series)."""
    return _load(store, "backtests", run_id, series, 'series_id, "MASE"')


def load_forecast_messages(store: Store, run_id: str | None = None) -> pd.DataFrame:
    """Per-series messages of a run (default: latest per series)."""
    return _load(store, "forecast_messages", run_id, None, "series_id")


def load_run_info(store: Store, run_id: str | None = None) -> dict:
    """A run's ``strategy``, ``calibration`` (dict), ``freq`` and combination ``weights``
    (``unique_id, model, weight``); empty values when there is no run."""
    run_id = run_id or latest_run_id(store)
    runs = store.query("SELECT strategy, calibration, freq FROM forecast_runs WHERE run_id = ?",
                       [run_id])
    if runs.empty:
        return {"strategy": "", "calibration": {}, "freq": "",
                "weights": pd.DataFrame(columns=["unique_id", "model", "weight"])}
    run = runs.iloc[0]
    return {"strategy": str(run["strategy"] or ""),
            "calibration": json.loads(run["calibration"]) if run["calibration"] else {},
            "freq": str(run["freq"] or ""),
            "weights": _load(store, "forecast_weights", run_id, None, "series_id, model")}


def load_forecast_run(store: Store, run_id: str) -> tuple[dict[str, pd.DataFrame], dict] | None:
    """A stored run as ``(frames, run)`` in the shapes :func:`save_forecast_run` takes
    (``None`` if absent)."""
    runs = store.query("SELECT * FROM forecast_runs WHERE run_id = ?", [run_id])
    if runs.empty:
        return None
    row = runs.iloc[0]
    frames = {
        "forecasts": load_forecast(store, run_id), "backtests": load_backtest(store, run_id),
        "forecast_messages": load_forecast_messages(store, run_id),
        "forecast_weights": _load(store, "forecast_weights", run_id, None, "series_id, model"),
        "backtest_fits": _load(store, "backtest_fits", run_id, None, "series_id, date"),
    }
    run = {"horizon": int(row["horizon"]), "freq": str(row["freq"]),
           "season_length": int(row["season_length"]),
           "settings": json.loads(row["settings"]) if row["settings"] else {},
           "strategy": str(row["strategy"]),
           "calibration": json.loads(row["calibration"]) if row["calibration"] else {}}
    return frames, run


def remove_series(store: Store, series: list[str]) -> int:
    """Delete these series' sales and forecast rows (runs left empty go too); returns the
    number of sales rows removed."""
    if not series:
        return 0
    marks = ", ".join("?" * len(series))
    ids = [str(s) for s in series]
    with store.transaction() as con:
        found = con.execute(f"DELETE FROM sales WHERE unique_id IN ({marks})", ids).fetchall()
        for table in _RUN_TABLES:
            con.execute(f"DELETE FROM {table} WHERE series_id IN ({marks})", ids)
        held = " UNION ".join(f"SELECT run_id FROM {t}" for t in _RUN_TABLES)
        con.execute(f"DELETE FROM forecast_runs WHERE run_id NOT IN ({held})")
    return int(found[0][0]) if found else 0
