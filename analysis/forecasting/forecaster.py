"""The sales forecaster front class: checks, backtest, combination, calibrated intervals.

``SalesForecaster(horizon=12).fit(series).predict()`` runs, in order: per-series checks
(:mod:`~analysis.forecasting.checks`), a rolling-origin backtest of every model
(:mod:`~analysis.forecasting.backtest`), combination weights learned from it
(:mod:`~analysis.forecasting.combine`), interval calibration on the combined backtest
(:mod:`~analysis.forecasting.calibrate`), and the final forecast. Input is statsforecast's long
format (``unique_id, ds, y`` plus optional exogenous flag columns); output is a
:class:`ForecastResult` of plain DataFrames. ``predict(future_exog=...)`` takes the planned
flags of the horizon (:mod:`~analysis.forecasting.future_flags`); the backtest always uses the
flags the history actually had.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.forecasting.backtest import min_train_points, plan_windows, rolling_origin, score
from analysis.forecasting.calibrate import IntervalCalibrator, coverage_by_step, honest_coverage
from analysis.forecasting.checks import SeriesPlan, message, plan_series
from analysis.forecasting.combine import COMBINED, Combiner
from analysis.forecasting.engine import BOUNDS, ModelRunner
from analysis.forecasting.frequency import detect_frequency, season_length_for
from analysis.forecasting.future_flags import future_flags
from analysis.forecasting.metrics import coverage, naive_spread
from analysis.forecasting.models import BASELINE, default_models, model_names

FORECAST_COLUMNS = ["unique_id", "ds", "yhat", "yhat_lo_80", "yhat_hi_80", "yhat_lo_95",
                    "yhat_hi_95"]
BACKTEST_COLUMNS = ["unique_id", "model", "MASE", "sMAPE", "coverage_80", "coverage_95",
                    "points"]
MESSAGE_COLUMNS = ["unique_id", "severity", "message"]
Progress = Callable[[int, int, str], None]


@dataclass
class ForecastResult:
    """What a forecast run produced, as DataFrames the CLI, store and dashboard share.

    All in the statsforecast schema (:mod:`analysis.forecasting.schema`): ``forecast``:
    ``unique_id, ds, yhat, yhat_lo_80 .. yhat_hi_95`` (horizon rows per series).
    ``backtest``: per series and model (including ``Combination`` with its calibrated,
    leave-one-window-out intervals) ``MASE, sMAPE, coverage_80, coverage_95, points``.
    ``messages``: ``unique_id, severity (info|warning|error), message``.
    ``weights``: ``unique_id, model, weight`` of the combination; ``fits``: the combined
    backtest forecasts (``unique_id, cutoff, ds, yhat, y``) for plotting.
    """

    forecast: pd.DataFrame
    backtest: pd.DataFrame
    messages: pd.DataFrame
    weights: pd.DataFrame
    fits: pd.DataFrame
    strategy: str
    calibration: dict = field(default_factory=dict)
    freq: str = ""
    season_length: int = 1

    def summary(self) -> pd.DataFrame:
        """Mean backtest MASE, sMAPE and coverage per model over all series."""
        if self.backtest.empty:
            return pd.DataFrame(columns=BACKTEST_COLUMNS[1:-1])
        return (self.backtest.groupby("model")[["MASE", "sMAPE", "coverage_80", "coverage_95"]]
                .mean().sort_values("MASE").reset_index())


@dataclass
class SalesForecaster:
    """Forecast many sales series with a backtested combination of statistical models.

    ``models``: statsforecast model objects with unique aliases (default
    :func:`~analysis.forecasting.models.default_models`); they run on seasonally adjusted
    series. ``combination``: ``auto`` (chosen by leave-one-window-out), ``median``, ``best``
    or ``inverse_mase``. ``calibration``: ``auto``, ``pooled``, ``per_series`` or ``none``.
    ``windows``: backtest windows, or ``auto`` (as many as the history allows, up to
    ``max_windows``; see :func:`~analysis.forecasting.backtest.plan_windows`).
    """

    horizon: int = 12
    models: list | None = None
    freq: str | None = None
    season_length: int | None = None
    windows: int | str = "auto"
    step: int | None = None
    max_windows: int = 6
    combination: str = "auto"
    top_k: int = 2
    calibration: str = "auto"
    include_baseline: bool = True
    n_jobs: int = 1
    # Where the statsforecast calls run (None: here); not a setting of the result: the Ray
    # backend (analysis.scale.forecast) gives the local engine's numbers.
    backend: object | None = None

    def fit(self, series: pd.DataFrame, progress: Progress | None = None) -> SalesForecaster:
        """Check the series, backtest the models and learn weights and interval factors."""
        if self.horizon < 1:
            raise ValueError(f"horizon must be >= 1, got {self.horizon}")
        missing = {"unique_id", "ds", "y"} - set(series.columns)
        if missing:
            raise ValueError(f"series frame lacks columns {sorted(missing)}")
        frame = series.assign(unique_id=series["unique_id"].astype(str),
                              ds=pd.to_datetime(series["ds"]))
        self.freq_ = self.freq or detect_frequency(frame["ds"])
        self.season_length_ = self.season_length or season_length_for(self.freq_)
        self.exog_cols_ = [c for c in frame.columns if c not in ("unique_id", "ds", "y")]
        plans, usable, messages = plan_series(frame, self.season_length_)
        self.plans_: dict[str, SeriesPlan] = plans
        self.messages_ = messages
        modelled = [p.series_id for p in plans.values() if p.kind in ("seasonal", "nonseasonal")]
        self.seasonal_ids_ = {p.series_id for p in plans.values() if p.kind == "seasonal"}
        self.history_ = usable.sort_values(["unique_id", "ds"]).reset_index(drop=True)
        self.history_[self.exog_cols_] = self.history_[self.exog_cols_].fillna(0).astype(float)
        train = self.history_[self.history_["unique_id"].isin(modelled)]
        self.runner_ = ModelRunner(self.models or default_models(), self.season_length_,
                                   self.freq_, self.n_jobs, self.exog_cols_, self.backend)
        names = model_names(self.runner_.models)
        candidates = (*names, BASELINE) if self.include_baseline else tuple(names)
        lengths = train.groupby("unique_id").size()
        self.windows_, self.step_ = plan_windows(
            int(lengths.median()) if len(lengths) else 0, self.horizon,
            min_train_points(self.season_length_, bool(self.seasonal_ids_)), self.windows,
            self.step, self.max_windows)
        self.points_ = (rolling_origin(self.runner_, train, self.horizon, self.seasonal_ids_,
                                       self.windows_, self.step_, progress)
                        if not train.empty else pd.DataFrame())
        self.combiner_ = Combiner(self.combination, self.top_k, models=candidates)
        self.calibrator_ = IntervalCalibrator(self.calibration)
        if self.points_.empty:
            self.combiner_.strategy_, self.combiner_.weights_ = "median", {}
            self.calibrator_.factors_ = {80: 1.0, 95: 1.0}
            self.calibrator_.step_factors_ = {80: {}, 95: {}}
            self.calibrator_.series_factors_, self.calibrator_.raw_coverage_ = {}, {}
            self.combined_points_ = pd.DataFrame()
        else:
            self.combiner_.fit(self.points_)
            self.combined_points_ = self.combiner_.transform(self.points_)
            self.calibrator_.fit(self.combined_points_)
        backtested = set(self.points_["unique_id"]) if not self.points_.empty else set()
        for uid in modelled:
            if uid not in backtested:
                messages.append(message(
                    uid, "warning",
                    f"too short for a backtest of horizon {self.horizon}: the forecast is the "
                    "median of the models and its intervals use the pooled calibration."))
        self.honest_points_ = (honest_coverage(self.combined_points_, self.calibration,
                                               self.calibrator_.tolerance)
                               if not self.combined_points_.empty else pd.DataFrame())
        return self

    def predict(self, progress: Progress | None = None,
                future_exog: pd.DataFrame | None = None) -> ForecastResult:
        """Forecast ``horizon`` steps per series with combined, calibrated intervals.

        ``future_exog``: planned flags (``unique_id, ds`` + flag columns, NaN = not given);
        every horizon cell not given repeats the flag of one season earlier.
        """
        if not hasattr(self, "runner_"):
            raise RuntimeError("SalesForecaster is not fitted: call fit(series) first")
        messages = list(self.messages_)
        parts = []
        train = self.history_[self.history_["unique_id"].isin(
            [p.series_id for p in self.plans_.values() if p.kind in ("seasonal", "nonseasonal")])]
        if not train.empty:
            future = None
            if self.exog_cols_:
                flags = future_flags(train, self.horizon, self.freq_, self.exog_cols_,
                                     self.season_length_, future_exog)
                future = flags.frame
                messages += flags.messages
            predicted = self.runner_.predict(train, self.horizon, self.seasonal_ids_, future)
            self.model_forecasts_ = predicted
            combined = self.combiner_.transform(predicted)
            spreads = train.groupby("unique_id")["y"].apply(
                lambda y: naive_spread(y.to_numpy()))
            combined["spread"] = combined["unique_id"].map(spreads)
            combined = self.calibrator_.transform(combined)
            parts.append(combined)
        parts.extend(self._constant_forecasts())
        if progress:
            progress(1, 1, "forecast")
        forecast = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            columns=["unique_id", "ds", "mean", *BOUNDS])
        forecast = self._clip(forecast, messages)
        forecast = forecast.rename(columns={"mean": "yhat"})
        forecast = forecast.rename(columns={b: f"yhat_{b}" for b in BOUNDS})
        forecast = forecast[FORECAST_COLUMNS].sort_values(["unique_id", "ds"])
        return ForecastResult(
            forecast=forecast.reset_index(drop=True), backtest=self._backtest_table(),
            messages=pd.DataFrame(messages, columns=MESSAGE_COLUMNS),
            weights=self._weights_table(), fits=self._fits(),
            strategy=f"{self.combiner_.strategy_}"
                     + (f" (top {self.combiner_.top_k_})"
                        if self.combiner_.strategy_ == "inverse_mase" else ""),
            calibration=self._calibration_report(),
            freq=self.freq_, season_length=self.season_length_)

    def _constant_forecasts(self) -> list[pd.DataFrame]:
        out = []
        for plan in self.plans_.values():
            if plan.kind != "constant":
                continue
            last = self.history_.loc[self.history_["unique_id"] == plan.series_id, "ds"].max()
            dates = pd.date_range(last, periods=self.horizon + 1, freq=self.freq_)[1:]
            frame = pd.DataFrame({"unique_id": plan.series_id, "ds": dates,
                                  "mean": plan.constant_value})
            for bound in BOUNDS:
                frame[bound] = plan.constant_value
            out.append(frame)
        return out

    def _clip(self, forecast: pd.DataFrame, messages: list[dict]) -> pd.DataFrame:
        """Clip forecasts of never-negative series at zero, and say so."""
        for uid, index in forecast.groupby("unique_id").groups.items():
            plan = self.plans_.get(str(uid))
            if plan is None or not plan.non_negative:
                continue
            block = forecast.loc[index, ["mean", *BOUNDS]]
            means, bounds = int((block["mean"] < 0).sum()), int((block[BOUNDS] < 0).sum().sum())
            if means or bounds:
                forecast.loc[index, ["mean", *BOUNDS]] = block.clip(lower=0)
                messages.append(message(
                    str(uid), "warning" if means else "info",
                    f"{means} forecast value(s) and {bounds} interval bound(s) fell below zero "
                    "and were clipped to 0 (the series has never been negative)."))
        return forecast

    def _calibration_report(self) -> dict:
        """Factors, raw coverage, windows and the coverage per step on windows the factors
        were not fitted on (JSON-able; stored with the run)."""
        report = {**self.calibrator_.report(), "method": self.calibration,
                  "windows": int(self.windows_), "window_step": int(self.step_)}
        if not self.honest_points_.empty:
            steps = coverage_by_step(self.honest_points_)
            held = self.honest_points_
            report["held_out_coverage"] = {
                level: coverage(held["y"], held[f"lo_{level}"], held[f"hi_{level}"])
                for level in (80, 95)}
            report["held_out_by_step"] = steps.to_dict(orient="records")
        return report

    def _backtest_table(self) -> pd.DataFrame:
        if self.points_.empty:
            return pd.DataFrame(columns=BACKTEST_COLUMNS)
        table = pd.concat([score(self.points_), score(self.honest_points_)],
                          ignore_index=True)
        return table[BACKTEST_COLUMNS].sort_values(["unique_id", "MASE"]).reset_index(drop=True)

    def _weights_table(self) -> pd.DataFrame:
        rows = [(uid, model, weight) for uid, ws in self.combiner_.weights_.items()
                for model, weight in ws.items()]
        return pd.DataFrame(rows, columns=["unique_id", "model", "weight"])

    def _fits(self) -> pd.DataFrame:
        if self.combined_points_.empty:
            return pd.DataFrame(columns=["unique_id", "cutoff", "ds", "yhat", "y"])
        fits = self.combined_points_[["unique_id", "cutoff", "ds", "mean", "y"]]
        return fits.rename(columns={"mean": "yhat"})


def forecast_sales(series: pd.DataFrame, horizon: int, progress: Progress | None = None,
                   future_exog: pd.DataFrame | None = None, **options: object
                   ) -> ForecastResult:
    """Fit a :class:`SalesForecaster` with ``options`` on ``series`` and forecast ``horizon``
    (with the planned flags ``future_exog`` where given)."""
    forecaster = SalesForecaster(horizon=horizon, **options)  # type: ignore[arg-type]
    return forecaster.fit(series, progress=progress).predict(progress=progress,
                                                             future_exog=future_exog)


def backtest_mase(result: ForecastResult, model: str = COMBINED) -> float:
    """Mean backtest MASE of one model over all series (NaN when there is none)."""
    rows = result.backtest[result.backtest["model"] == model]
    return float(np.nanmean(rows["MASE"])) if len(rows) else float("nan")
