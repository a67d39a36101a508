"""Combine the models' forecasts with weights learned from the backtest.

Strategies: ``median`` (plain median of the models, the reference), ``best`` (per series, the
model with the lowest backtest MASE), ``inverse_mase`` (per series, the ``top_k`` models
weighted by 1/MASE) and ``pooled`` (the same ``top_k`` models and 1/MASE weights for every
series, from the MASE over all series). A series' MASE is shrunk towards the model's MASE over
all series, since a few windows of one series are a noisy judge. ``auto`` picks the strategy
whose weights, learned on the other windows, forecast each held-out window best (leave-one-
window-out), so the choice is itself backtested rather than assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.forecasting.engine import BOUNDS

STRATEGIES = ("median", "best", "inverse_mase", "pooled")
COMBINED = "Combination"


@dataclass
class Combiner:
    """Learn per-series model weights from backtest points; apply them to forecasts."""

    strategy: str = "auto"
    top_k: int = 2
    shrinkage: float = 2.0
    models: tuple[str, ...] | None = None

    def fit(self, points: pd.DataFrame) -> Combiner:
        """Learn ``weights_`` (series -> model -> weight) and ``strategy_`` from the points."""
        if self.strategy not in (*STRATEGIES, "auto"):
            raise ValueError(f"strategy must be one of {STRATEGIES} or 'auto'")
        candidates = self._candidates(points)
        self.scores_ = {}
        if self.strategy == "auto":
            for name, top_k in candidates:
                self.scores_[(name, top_k)] = leave_one_window_out(
                    points, name, top_k, self.shrinkage, self.models)
            finite = {k: v for k, v in self.scores_.items() if np.isfinite(v)}
            self.strategy_, self.top_k_ = min(finite, key=finite.get) if finite else (
                "median", 0)
        else:
            self.strategy_, self.top_k_ = self.strategy, self.top_k
        self.weights_ = learn_weights(points, self.strategy_, self.top_k_, self.shrinkage,
                                      self.models)
        return self

    def _candidates(self, points: pd.DataFrame) -> list[tuple[str, int]]:
        n_models = len(self.models or points["model"].unique())
        out = [("median", 0), ("best", 1)]
        out += [(name, k) for name in ("inverse_mase", "pooled") for k in range(2, n_models + 1)]
        return out

    def transform(self, predictions: pd.DataFrame) -> pd.DataFrame:
        """Combined forecast rows (model ``Combination``) for the series in ``predictions``."""
        return combine(predictions, self.weights_, self.strategy_, self.models)


def _series_mase(points: pd.DataFrame, shrinkage: float) -> pd.DataFrame:
    """Per series and model MASE, shrunk towards the model's mean over all series."""
    errors = points.assign(err=(points["y"] - points["mean"]).abs() / points["scale"])
    per_window = errors.groupby(["unique_id", "model", "window"])["err"].mean().reset_index()
    stats = per_window.groupby(["unique_id", "model"])["err"].agg(["mean", "count"])
    pooled = per_window.groupby("model")["err"].mean()
    prior = stats.index.get_level_values("model").map(pooled).to_numpy()
    stats["shrunk"] = (stats["mean"] * stats["count"] + prior * shrinkage) / (
        stats["count"] + shrinkage)
    return stats.reset_index()


def learn_weights(points: pd.DataFrame, strategy: str, top_k: int, shrinkage: float,
                  models: tuple[str, ...] | None) -> dict[str, dict[str, float]]:
    """Weights per series; ``median`` returns no weights (the median needs none)."""
    if models:
        points = points[points["model"].isin(models)]
    if strategy == "median" or points.empty:
        return {}
    stats = _series_mase(points.dropna(subset=["scale"]), shrinkage)
    if strategy == "pooled":
        pooled = stats.groupby("model")["mean"].mean()
        pooled = pooled[np.isfinite(pooled)].nsmallest(top_k)
        inverse = 1.0 / np.maximum(pooled.to_numpy(), 1e-6)
        shared = dict(zip(pooled.index, inverse / inverse.sum(), strict=True))
        return {str(uid): dict(shared) for uid in stats["unique_id"].unique()}
    weights: dict[str, dict[str, float]] = {}
    k = 1 if strategy == "best" else top_k
    for uid, group in stats.groupby("unique_id", sort=False):
        group = group[np.isfinite(group["shrunk"])].nsmallest(k, "shrunk")
        if group.empty:
            continue
        inverse = 1.0 / np.maximum(group["shrunk"].to_numpy(), 1e-6)
        weights[str(uid)] = dict(zip(group["model"], inverse / inverse.sum(), strict=True))
    return weights


def combine(predictions: pd.DataFrame, weights: dict[str, dict[str, float]], strategy: str,
            models: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Weighted mean of the chosen models per series (median where a series has no weights)."""
    keys = ["unique_id", "ds", "step"]
    extra = [c for c in ("window", "cutoff", "y", "scale", "spread")
             if c in predictions.columns]
    pool = predictions[predictions["model"].isin(models)] if models else predictions
    values = ["mean", *BOUNDS]
    median = pool.groupby([*keys, *extra], sort=False, dropna=False)[values].median()
    median = median.reset_index()
    if strategy == "median" or not weights:
        return median.assign(model=COMBINED)
    table = pd.DataFrame([(u, m, w) for u, ws in weights.items() for m, w in ws.items()],
                         columns=["unique_id", "model", "weight"])
    weighted = pool.merge(table, on=["unique_id", "model"], how="inner")
    for column in values:
        weighted[column] = weighted[column] * weighted["weight"]
    summed = weighted.groupby([*keys, *extra], sort=False, dropna=False)[
        [*values, "weight"]].sum().reset_index()
    for column in values:
        summed[column] = summed[column] / summed["weight"]
    summed = summed.drop(columns="weight")
    missing = ~median["unique_id"].isin(table["unique_id"])
    return pd.concat([summed, median[missing]], ignore_index=True).assign(model=COMBINED)


def leave_one_window_out(points: pd.DataFrame, strategy: str, top_k: int, shrinkage: float,
                         models: tuple[str, ...] | None) -> float:
    """Mean MASE of a strategy when each window is forecast with weights from the others."""
    windows = sorted(points["window"].unique())
    if len(windows) < 2:
        return float("nan")
    errors = []
    for held in windows:
        weights = learn_weights(points[points["window"] != held], strategy, top_k, shrinkage,
                                models)
        combined = combine(points[points["window"] == held], weights, strategy, models)
        err = (combined["y"] - combined["mean"]).abs() / combined["scale"]
        errors.append(err.groupby(combined["unique_id"]).mean())
    per_series = pd.concat(errors).groupby(level=0).mean()
    return float(per_series.mean())
