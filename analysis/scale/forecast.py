"""statsforecast's distributed path on Ray: a Ray dataset through fugue.

:class:`RayStatsForecast` is what :class:`~analysis.forecasting.engine.ModelRunner` calls
instead of a local ``StatsForecast.forecast`` when the forecast runs on Ray. It hands the
series to statsforecast's ``FugueBackend`` as a Ray dataset and returns statsforecast's usual
wide pandas frame, sorted like the local one, so the backtest, combination and interval
calibration run unchanged on the driver. Two settings matter for speed:

- the partition count follows the series and the workers (``partitions_for``) instead of Ray
  Data's default of 200 shuffle partitions;
- the group-by uses Ray Data's sort shuffle (plain tasks): the hash shuffle starts aggregator
  actors for every call, ~25 s each on a busy 2-core machine against ~2 s.

Fugue types the forecast columns float32; here they stay float64, so each series' forecast
is the same number the local engine gives (statsforecast fits every series on its own).
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from statsforecast.distributed.fugue import FugueBackend
from triad import Schema

from analysis.scale.runtime import RayRun, ray_session

PARTITIONS_PER_WORKER = 2


def partitions_for(series: int, workers: int) -> int:
    """Partitions of one forecast call: two per worker (one runs while the other's result is
    sent back), never more than there are series."""
    return max(1, min(series, workers * PARTITIONS_PER_WORKER))


@dataclass
class RayStatsForecast:
    """Runs statsforecast forecasts on Ray; Ray starts (or is joined) on the first call.

    Use as a context manager: a local Ray started here is shut down on exit. ``address``:
    an existing cluster (``None``: a local Ray with ``workers`` CPUs).
    """

    address: str | None = None
    workers: int | None = None
    calls: int = 0
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)
    _run: RayRun | None = field(default=None, repr=False)

    def __enter__(self) -> RayStatsForecast:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Shut down the Ray this object started (if any)."""
        self._stack.close()
        self._run = None

    def _ray(self) -> RayRun:
        if self._run is None:
            self._run = self._stack.enter_context(ray_session(self.address, self.workers))
        return self._run

    def forecast(self, *, models: list, freq: str, df: pd.DataFrame, h: int, level: list[int],
                 fallback_model=None, X_df: pd.DataFrame | None = None) -> pd.DataFrame:
        """``StatsForecast(models, freq, fallback_model).forecast(df, h, X_df, level)`` on Ray;
        the wide frame (``unique_id, ds`` + a column per model and bound), float64."""
        import ray.data

        run = self._ray()
        partitions = partitions_for(int(df["unique_id"].nunique()), run.workers)
        context = ray.data.DataContext.get_current()
        saved = (context.shuffle_strategy, context.default_hash_shuffle_parallelism,
                 context.enable_progress_bars)
        context.shuffle_strategy = "sort_shuffle_pull_based"
        context.default_hash_shuffle_parallelism = partitions
        context.enable_progress_bars = False
        quiet = logging.getLogger("ray.data")
        level_before = quiet.level
        quiet.setLevel(logging.WARNING)
        try:
            backend = _Float64Backend(conf={"fugue.ray.shuffle.partitions": partitions})
            x_ds = ray.data.from_pandas(X_df) if X_df is not None else None
            result = backend.forecast(
                df=ray.data.from_pandas(df), freq=freq, models=models,
                fallback_model=fallback_model, X_df=x_ds, h=h, level=level, fitted=False,
                prediction_intervals=None, id_col="unique_id", time_col="ds", target_col="y")
            # with X_df fugue's co-transform may hand back a local pandas frame already
            raw = result if isinstance(result, pd.DataFrame) else result.to_pandas()
        finally:
            (context.shuffle_strategy, context.default_hash_shuffle_parallelism,
             context.enable_progress_bars) = saved
            quiet.setLevel(level_before)
        self.calls += 1
        return _like_local(raw)


def _like_local(raw: pd.DataFrame) -> pd.DataFrame:
    """Arrow-backed columns to numpy ones, rows in the local engine's order (id, then date)."""
    return _plain(raw).sort_values(["unique_id", "ds"], kind="stable").reset_index(drop=True)


class _Float64Backend(FugueBackend):
    """statsforecast's FugueBackend with float64 forecast columns (its schema says float32)."""

    def _get_output_schema(self, **kwargs) -> Schema:
        schema = super()._get_output_schema(**kwargs)
        return Schema([pa.field(f.name, pa.float64()) if pa.types.is_float32(f.type) else f
                       for f in schema.fields])

    def _forecast_noX(self, df: pd.DataFrame, **kwargs: Any) -> pd.DataFrame:
        return super()._forecast_noX(_plain(df), **kwargs)

    def _forecast_X(self, df: pd.DataFrame, X_df: pd.DataFrame,  # noqa: N803 - statsforecast's
                    **kwargs: Any) -> pd.DataFrame:
        # fugue's co-transform hands nullable Float64 columns over, which statsforecast reads
        # at float32 precision; plain float64 numpy columns give the local engine's numbers.
        return super()._forecast_X(_plain(df), _plain(X_df), **kwargs)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable/arrow columns as numpy ones: floats float64, ids str, dates datetime64[ns]."""
    out = {}
    for name, column in frame.items():
        if name == "unique_id":
            out[name] = column.astype(str).to_numpy(dtype=object)
        elif name == "ds":
            out[name] = pd.to_datetime(column).astype("datetime64[ns]").to_numpy()
        else:
            out[name] = column.to_numpy(dtype=np.float64, na_value=np.nan)
    return pd.DataFrame(out)
