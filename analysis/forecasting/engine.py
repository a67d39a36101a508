"""Run the models on a training frame and return every model's forecast in one long frame.

Seasonal series are STL-adjusted first; the models forecast the adjusted series and the
repeated last season is added back (to the mean and both bounds). The baseline (seasonal
naive / naive) runs on the raw series. Output rows: ``unique_id, ds, step, model, mean,
lo_80, hi_80, lo_95, hi_95``.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from statsforecast import StatsForecast

from analysis.forecasting.models import baseline_model, fallback_model, model_names
from analysis.forecasting.seasonal import future_seasonal, min_points_for_adjustment, stl_seasonal

LEVELS = (80, 95)
BOUNDS = ["lo_80", "hi_80", "lo_95", "hi_95"]
KEY = ["unique_id", "ds", "y"]


@dataclass
class ModelRunner:
    """One forecasting pass: models on adjusted series plus the baseline on raw ones."""

    models: list
    season_length: int
    freq: str
    n_jobs: int = 1
    exog_cols: list[str] = field(default_factory=list)
    # Where the model pass runs: None = this process (StatsForecast with n_jobs), else an
    # object with StatsForecast's forecast call, e.g. analysis.scale.forecast.RayStatsForecast.
    backend: object | None = None

    def predict(self, train: pd.DataFrame, horizon: int, seasonal_ids: set[str],
                future_exog: pd.DataFrame | None = None) -> pd.DataFrame:
        """Forecast ``horizon`` steps for every series in ``train`` (sorted by id and date)."""
        adjusted, seasonal_future = self._adjust(train, horizon, seasonal_ids)
        # Unit scale per series: optimisers (ARIMA's BFGS) converge in far fewer steps.
        scale = adjusted.groupby("unique_id")["y"].transform(lambda v: np.abs(v).mean())
        scale = scale.where(scale > 0, 1.0)
        adjusted["y"] = adjusted["y"] / scale
        names = model_names(self.models)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            modelled = self._run(self.models, names, adjusted, horizon, future_exog)
            factor = modelled["unique_id"].map(
                scale.groupby(adjusted["unique_id"]).first()).to_numpy()
            for column in ["mean", *BOUNDS]:
                modelled[column] = modelled[column] * factor
            frames = [modelled, *self._baselines(train, horizon, seasonal_ids)]
        out = pd.concat(frames, ignore_index=True)
        if seasonal_future:
            adds = pd.DataFrame(
                [(uid, step, value) for uid, values in seasonal_future.items()
                 for step, value in enumerate(values, start=1)],
                columns=["unique_id", "step", "seasonal"])
            out = out.merge(adds, on=["unique_id", "step"], how="left")
            add = out["seasonal"].fillna(0.0).where(out["model"].isin(names), 0.0)
            for column in ["mean", *BOUNDS]:
                out[column] = out[column] + add
            out = out.drop(columns="seasonal")
        return out

    def _adjust(self, train: pd.DataFrame, horizon: int, seasonal_ids: set[str]
                ) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
        adjusted = train.copy()
        futures: dict[str, np.ndarray] = {}
        need = min_points_for_adjustment(self.season_length)
        y = adjusted["y"].to_numpy(dtype=float).copy()
        for uid, index in adjusted.groupby("unique_id", sort=False).indices.items():
            if uid not in seasonal_ids or len(index) < need:
                continue
            seasonal = stl_seasonal(y[index], self.season_length)
            y[index] = y[index] - seasonal
            futures[uid] = future_seasonal(seasonal, self.season_length, horizon)
        adjusted["y"] = y
        return adjusted, futures

    def _run(self, models: list, names: list[str], df: pd.DataFrame, horizon: int,
             future_exog: pd.DataFrame | None) -> pd.DataFrame:
        columns = KEY + self.exog_cols
        x_df = None
        if self.exog_cols:
            x_df = future_exog[["unique_id", "ds", *self.exog_cols]]
        if self.backend is not None:
            raw = self.backend.forecast(models=models, freq=self.freq, df=df[columns], h=horizon,
                                        level=list(LEVELS), fallback_model=fallback_model(),
                                        X_df=x_df)
        else:
            engine = StatsForecast(models=models, freq=self.freq, n_jobs=self.n_jobs,
                                   fallback_model=fallback_model())
            raw = engine.forecast(df=df[columns], h=horizon, X_df=x_df, level=list(LEVELS))
        return _to_long(raw.reset_index() if "unique_id" not in raw else raw, names)

    def _baselines(self, train: pd.DataFrame, horizon: int, seasonal_ids: set[str]
                   ) -> list[pd.DataFrame]:
        is_seasonal = train["unique_id"].isin(seasonal_ids)
        frames = []
        for mask, season in ((is_seasonal, self.season_length), (~is_seasonal, 1)):
            if mask.any():
                model = baseline_model(season)
                engine = StatsForecast(models=[model], freq=self.freq, n_jobs=1)
                raw = engine.forecast(df=train.loc[mask, KEY], h=horizon, level=list(LEVELS))
                frames.append(_to_long(raw, [model.alias]))
        return frames


def _to_long(raw: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """statsforecast's wide output (one column set per model) to one row per model."""
    raw = raw.copy()
    raw["unique_id"] = raw["unique_id"].astype(str)
    raw["step"] = raw.groupby("unique_id").cumcount() + 1
    parts = []
    for name in names:
        part = raw[["unique_id", "ds", "step"]].copy()
        part["model"] = name
        part["mean"] = raw[name].to_numpy(dtype=float)
        for level in LEVELS:
            part[f"lo_{level}"] = raw[f"{name}-lo-{level}"].to_numpy(dtype=float)
            part[f"hi_{level}"] = raw[f"{name}-hi-{level}"].to_numpy(dtype=float)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def future_exog_frame(train: pd.DataFrame, horizon: int, freq: str, exog_cols: list[str],
                      season_length: int) -> pd.DataFrame:
    """Future flags for each series: the value one season earlier (holidays recur), else 0."""
    rows = []
    for uid, group in train.groupby("unique_id", sort=False):
        last = group["ds"].iloc[-1]
        dates = pd.date_range(last, periods=horizon + 1, freq=freq)[1:]
        frame = pd.DataFrame({"unique_id": uid, "ds": dates})
        history = group[exog_cols].to_numpy(dtype=float)
        for j, column in enumerate(exog_cols):
            values = []
            for step in range(1, horizon + 1):
                back = len(history) + step - 1 - season_length
                values.append(history[back, j] if 0 <= back < len(history) else 0.0)
            frame[column] = values
        rows.append(frame)
    return pd.concat(rows, ignore_index=True)
