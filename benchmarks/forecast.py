"""Forecast accuracy on Walmart weekly sales and speed on 1,000 series, with baselines.

``python -m benchmarks.forecast [--data DIR] [--series N] [--jobs J] [--skip-speed]
[--origins K] [--origin-step S] [--points CSV]``

Accuracy: the 45 Walmart stores (123 weeks, dd-mm-yyyy dates, Holiday_Flag as regressor) are
read through ``ingest_sales``; the last 12 weeks are held out. The forecaster only sees the
weeks before (its backtest windows, weights and interval calibration come from those), then
each single model, the seasonal naive baseline, the plain median of the models and the
backtest-weighted combination are scored on the held-out weeks: MASE (scaled by the in-sample
seasonal naive error), MASE relative to seasonal naive, sMAPE and 80%/95% coverage.

Calibration: the same forecast from ``K`` origins ``S`` weeks apart (default 4 origins 2 weeks
apart: the last 12 weeks held out, then the 12 weeks after cuts 14, 16 and 18 weeks before the
end), every fit seeing only the weeks before its cut. The combination's 80% and 95% coverage
of those held-out weeks, which no interval factor was fitted on, is reported per horizon step
(K x 45 points a step) and per origin. With the default spacing every origin keeps two years
of history, so the series are modelled with their yearly season as on the full data; with
``--origin-step 4`` the two earliest origins have under two years and are modelled without
it (a different regime, see docs/forecasting.md).

Speed: N synthetic weekly two-year series (default 1,000) forecast 12 weeks ahead with the
full backtest, next to statsforecast's AutoARIMA(season_length=52) alone on the same series,
both with ``n_jobs=J`` (default 2); then the same forecast through the store twice (the second
is served from the store). Tables are printed and written to benchmarks/results/forecast.md.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import default_shared_data
from analysis.forecasting import BASELINE, COMBINED, SalesForecaster
from analysis.forecasting.metrics import coverage, mase_scale, smape
from analysis.forecasting.models import default_models, model_names

WALMART = Path("walmart_weekly_sales_train") / "walmart_weekly_sales_train.csv"
HOLDOUT = 12
ORIGIN_STEP = 2
RESULTS = Path(__file__).resolve().parent / "results" / "forecast.md"


def holdout_split(series: pd.DataFrame, weeks: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The last ``weeks`` rows of each series as test, the rest as train."""
    position = series.groupby("unique_id").cumcount(ascending=False)
    return series[position >= weeks].copy(), series[position < weeks].copy()


def score_holdout(predictions: pd.DataFrame, test: pd.DataFrame, scales: pd.Series
                  ) -> pd.DataFrame:
    """MASE, sMAPE and coverage per model over the held-out weeks (means over series)."""
    merged = predictions.merge(test[["unique_id", "ds", "y"]], on=["unique_id", "ds"])
    rows = []
    for model, group in merged.groupby("model"):
        err = (group["y"] - group["mean"]).abs() / group["unique_id"].map(scales)
        rows.append({
            "model": model,
            "MASE": float(err.groupby(group["unique_id"]).mean().mean()),
            "sMAPE": smape(group["y"], group["mean"]),
            "coverage_80": coverage(group["y"], group["lo_80"], group["hi_80"]),
            "coverage_95": coverage(group["y"], group["lo_95"], group["hi_95"]),
        })
    table = pd.DataFrame(rows)
    base = table.loc[table["model"] == BASELINE, "MASE"].iloc[0]
    table.insert(2, "vs_seasonal_naive", table["MASE"] / base)
    return table.sort_values("MASE").reset_index(drop=True)


def accuracy(data_dir: Path, jobs: int, origin: int = 0
             ) -> tuple[pd.DataFrame, str, pd.DataFrame]:
    """Scores on the 12 weeks after a cut ``origin`` weeks before the end, and the
    combination's held-out points (``unique_id, ds, step, y`` and bounds)."""
    from analysis.ingest.sales import ingest_sales

    ingested = ingest_sales(data_dir / WALMART)
    series = ingested.series
    if origin:
        series = holdout_split(series, origin)[0]
    train, test = holdout_split(series, HOLDOUT)
    forecaster = SalesForecaster(horizon=HOLDOUT, freq=ingested.freq, n_jobs=jobs)
    start = time.perf_counter()
    forecaster.fit(train)
    result = forecaster.predict()
    seconds = time.perf_counter() - start
    models = forecaster.model_forecasts_
    names = model_names(forecaster.runner_.models)
    median = (models[models["model"].isin(names)]
              .groupby(["unique_id", "ds", "step"])[["mean", "lo_80", "hi_80", "lo_95",
                                                     "hi_95"]].median().reset_index()
              .assign(model="Median of models"))
    combined = result.forecast.rename(columns={
        "series_id": "unique_id", "date": "ds", "yhat": "mean", "yhat_lo_80": "lo_80",
        "yhat_hi_80": "hi_80", "yhat_lo_95": "lo_95", "yhat_hi_95": "hi_95"}).assign(
        model=COMBINED)
    scales = train.groupby("unique_id")["y"].apply(
        lambda y: mase_scale(y.to_numpy(), forecaster.season_length_))
    table = score_holdout(pd.concat([models, median, combined], ignore_index=True), test,
                          scales)
    note = (f"{train['unique_id'].nunique()} series, {len(train) // train['unique_id'].nunique()}"
            f" training weeks each, {HOLDOUT} held out; fit+forecast {seconds:.1f} s; "
            f"{getattr(forecaster, 'windows_', forecaster.windows)} backtest windows "
            f"{getattr(forecaster, 'step_', forecaster.step or HOLDOUT)} weeks apart; "
            f"combination chosen on the backtest: {result.strategy}; interval factors "
            f"{_rounded(result.calibration['factors'])} (raw backtest coverage "
            f"{_rounded(result.calibration['raw_coverage'])})")
    held = combined.merge(test[["unique_id", "ds", "y"]], on=["unique_id", "ds"])
    held["step"] = held.groupby("unique_id")["ds"].rank().astype(int)
    return table, note, held.assign(origin=origin)


def coverage_by_step(held: pd.DataFrame) -> pd.DataFrame:
    """80% and 95% coverage of held-out points per horizon step, and over all steps."""
    inside = held.assign(
        in_80=(held["y"] >= held["lo_80"]) & (held["y"] <= held["hi_80"]),
        in_95=(held["y"] >= held["lo_95"]) & (held["y"] <= held["hi_95"]))
    table = inside.groupby("step").agg(points=("y", "size"), coverage_80=("in_80", "mean"),
                                       coverage_95=("in_95", "mean")).reset_index()
    total = pd.DataFrame([{"step": "all", "points": len(inside),
                           "coverage_80": inside["in_80"].mean(),
                           "coverage_95": inside["in_95"].mean()}])
    table["step"] = table["step"].astype(str)
    return pd.concat([table, total], ignore_index=True)


def _combined_mase_ratio(table: pd.DataFrame) -> float:
    return float(table.loc[table["model"] == COMBINED, "vs_seasonal_naive"].iloc[0])


def _rounded(values: dict) -> dict:
    return {key: round(value, 2) for key, value in values.items()}


def synthetic(n_series: int, weeks: int = 104, seed: int = 0) -> pd.DataFrame:
    """Weekly series with level, trend, yearly season, a holiday bump and noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(weeks)
    frames = []
    dates = pd.date_range("2023-01-02", periods=weeks, freq="W-MON")
    for i in range(n_series):
        level = rng.uniform(20, 2000)
        season = rng.uniform(0.05, 0.4) * np.sin(2 * np.pi * (t + rng.integers(52)) / 52)
        trend = rng.normal(0, 0.003) * t
        holiday = ((t % 52) == 47) * rng.uniform(0, 0.5)
        y = level * (1 + season + trend + holiday + rng.normal(0, 0.06, weeks))
        frames.append(pd.DataFrame({"unique_id": f"S{i:04d}", "ds": dates,
                                    "y": np.maximum(y, 0).round(1)}))
    return pd.concat(frames, ignore_index=True)


def speed(n_series: int, jobs: int) -> tuple[pd.DataFrame, str]:
    from statsforecast import StatsForecast
    from statsforecast.models import AutoARIMA

    from analysis.services.forecasts import forecast_with_store
    from analysis.store.core import Store

    series = synthetic(n_series)
    rows = []
    start = time.perf_counter()
    forecaster = SalesForecaster(horizon=12, freq="W-MON", n_jobs=jobs).fit(series)
    forecaster.predict()
    ours = time.perf_counter() - start
    windows = getattr(forecaster, "windows_", 3)
    rows.append({"run": f"ReviewLens forecast + {windows}-window backtest "
                        f"({len(model_names(default_models()))} models + baseline)",
                 "seconds": ours})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        StatsForecast(models=[AutoARIMA(season_length=52)], freq="W-MON",
                      n_jobs=jobs).forecast(df=series, h=12, level=[80, 95])
        arima = time.perf_counter() - start
    rows.append({"run": "statsforecast AutoARIMA(season_length=52) forecast only",
                 "seconds": arima})
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "b.duckdb") as store:
        start = time.perf_counter()
        first = forecast_with_store(store, series, 12, freq="W-MON", n_jobs=jobs)
        computed = time.perf_counter() - start
        start = time.perf_counter()
        second = forecast_with_store(store, series, 12, freq="W-MON", n_jobs=jobs)
        cached = time.perf_counter() - start
    assert not first.from_cache and second.from_cache
    rows.append({"run": "through the store, first run (computed + saved)", "seconds": computed})
    rows.append({"run": "through the store, re-run on unchanged data (served from store)",
                 "seconds": cached})
    table = pd.DataFrame(rows)
    table["vs_AutoARIMA"] = table["seconds"] / arima
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return table, (f"{n_series} weekly series x 104 weeks, horizon 12, n_jobs={jobs}; "
                   f"load average at the end {load} on {os.cpu_count()} cores")


def markdown(table: pd.DataFrame) -> str:
    """A DataFrame as a GitHub markdown table."""
    lines = ["| " + " | ".join(map(str, table.columns)) + " |",
             "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in table.itertuples(index=False)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_shared_data())
    parser.add_argument("--series", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--origins", type=int, default=4)
    parser.add_argument("--origin-step", type=int, default=ORIGIN_STEP)
    parser.add_argument("--points", type=Path, help="also write the held-out points here (CSV)")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 160)
    sections = ["# Forecast benchmark", "", "Produced by `python -m benchmarks.forecast`.", ""]
    table, note, held = accuracy(args.data, args.jobs)
    print("Walmart weekly sales, last 12 weeks held out\n" + note)
    print(table.round(3).to_string(index=False))
    sections += ["## Accuracy: Walmart weekly sales, last 12 weeks held out", "", note, "",
                 markdown(table.round(3)), ""]
    helds, ratios = [held], [_combined_mase_ratio(table)]
    for k in range(1, args.origins):
        other, other_note, other_held = accuracy(args.data, args.jobs, k * args.origin_step)
        print(f"origin {k * args.origin_step} weeks earlier: {other_note}")
        helds.append(other_held)
        ratios.append(_combined_mase_ratio(other))
    pooled = pd.concat(helds, ignore_index=True)
    if args.points:
        pooled.to_csv(args.points, index=False)
    steps = coverage_by_step(pooled)
    per_origin = pooled.groupby("origin").apply(
        lambda g: f"{g.name}: {coverage(g['y'], g['lo_80'], g['hi_80']):.3f}/"
                  f"{coverage(g['y'], g['lo_95'], g['hi_95']):.3f}", include_groups=False)
    calib_note = (f"{args.origins} forecast origins ({args.origin_step} weeks apart, the latest "
                  f"holding out the last {HOLDOUT} weeks), each fit only on the weeks before "
                  "its cut; coverage of the combination's intervals on the held-out weeks "
                  "(targets 0.78-0.82 and 0.93-0.97). Combination MASE relative to seasonal "
                  "naive per origin: " + ", ".join(f"{r:.3f}" for r in ratios)
                  + f" (mean {np.mean(ratios):.3f}). Coverage 80%/95% per origin (weeks "
                  "before the end): " + ", ".join(per_origin))
    print("\nCalibration per horizon step\n" + calib_note)
    print(steps.round(3).to_string(index=False))
    sections += ["## Interval calibration per horizon step, held-out weeks", "", calib_note,
                 "", markdown(steps.round(3)), ""]
    if not args.skip_speed:
        table, note = speed(args.series, args.jobs)
        print("\nSpeed: " + note)
        print(table.round(2).to_string(index=False))
        sections += ["## Speed", "", note, "", markdown(table.round(2)), ""]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(sections), encoding="utf-8")
    print(f"\nwrote {RESULTS}")


if __name__ == "__main__":
    main()
