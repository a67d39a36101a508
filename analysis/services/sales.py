"""Importing sales: read the exports, store them and forecast them (a rerun on the same data
and settings is read back from the store).

One use case for ``reviewlens forecast``, the Upload page and the sample bootstrap:
:func:`read_sales` then :func:`forecast_sales`, or both at once with :func:`import_sales`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.store.core import Store

if TYPE_CHECKING:
    from analysis.forecasting import ForecastResult
    from analysis.ingest.sales import SalesIngestResult

Progress = Callable[[int, int, str], None]
DEFAULT_HORIZONS = {"D": 28, "W": 12, "M": 6, "MS": 6, "Q": 4, "QS": 4}


@dataclass
class SalesImport:
    """Outcome of a sales import: what was forecast, and the ingest/forecast messages.

    ``issues`` joins the ingest issues and the forecast messages (``series_id, severity,
    message``); ``ingest_issues`` and ``result`` keep them apart for the CLI's files.
    """

    series: int
    rows: int
    freq: str
    horizon: int
    from_cache: bool
    issues: pd.DataFrame
    ingest_issues: pd.DataFrame | None = None
    result: ForecastResult | None = None

    @property
    def message(self) -> str:
        from analysis.forecasting.explain import describe_frequency

        how = " The forecast was read back from the store (same data and settings as before)." \
            if self.from_cache else ""
        return (f"Imported {self.rows:,} sales rows in {self.series} series, "
                f"{describe_frequency(self.freq)}, and forecast {self.horizon} periods "
                f"ahead.{how}")


def read_sales(paths: Sequence[str | Path], *, date_col: str | None = None,
               value_col: str | None = None, series_col: str | None = None,
               freq: str | None = None, events: str | Path | None = None
               ) -> SalesIngestResult:
    """Read sales exports into long series (``unique_id, ds, y``) with per-series issues;
    ``events`` adds the planned holiday/promotion flags of a separate file."""
    from analysis.ingest.events import add_future_events
    from analysis.ingest.sales import ingest_sales

    ingested = ingest_sales([str(p) for p in paths], date_col=date_col, value_col=value_col,
                            series_col=series_col, freq=freq)
    if events is not None:
        ingested = add_future_events(ingested, events)
    return ingested


def forecast_sales(store: Store, ingested: SalesIngestResult, horizon: int | None = None,
                   progress: Progress | None = None, *, engine: str = "local",
                   address: str | None = None, workers: int | None = None,
                   **options: object) -> SalesImport:
    """Store the read series and forecast them ``horizon`` periods ahead (default by
    frequency: 28 days, 12 weeks or 6 months); ``options`` go to the forecaster (windows,
    n_jobs).

    ``engine="ray"`` runs the statsforecast calls on Ray (a local Ray with ``workers`` CPUs,
    or the cluster at ``address``; started only when something has to be computed); the
    backtest, combination and calibration are the same code either way.
    """
    from contextlib import nullcontext

    from analysis.forecasting.schema import to_file_names
    from analysis.services.forecasts import forecast_with_store

    steps = horizon or DEFAULT_HORIZONS.get(str(ingested.freq).split("-")[0], 12)
    if engine not in ("local", "ray"):
        raise ValueError(f"engine must be local or ray, got {engine!r}")
    if engine == "ray":
        from analysis.scale.forecast import RayStatsForecast

        runtime = RayStatsForecast(address=address, workers=workers)
    else:
        runtime = nullcontext()
    with runtime as backend:
        cached = forecast_with_store(store, ingested.series, steps, progress=progress,
                                     freq=ingested.freq, future_exog=ingested.future_events,
                                     backend=backend, **options)
    messages = cached.result.messages
    issues = pd.concat([ingested.issues, to_file_names(messages)[["series_id", "severity",
                                                                  "message"]]],
                       ignore_index=True) if not messages.empty else ingested.issues
    return SalesImport(
        series=int(ingested.series["unique_id"].nunique()), rows=len(ingested.series),
        freq=str(ingested.freq), horizon=steps, from_cache=cached.from_cache, issues=issues,
        ingest_issues=ingested.issues, result=cached.result,
    )


def import_sales(store: Store, paths: Sequence[str | Path], horizon: int | None = None,
                 progress: Progress | None = None, *, actor: str | None = None) -> SalesImport:
    """Read, store and forecast sales exports (see :func:`forecast_sales`); recorded in the
    audit trail under ``actor``."""
    from analysis.store.audit import record_audit

    ingested = read_sales(paths)
    outcome = forecast_sales(store, ingested, horizon, progress)
    record_audit(store, actor or "dashboard", "import_sales",
                 {"files": [Path(p).name for p in paths], "rows": len(ingested.series)})
    return outcome
