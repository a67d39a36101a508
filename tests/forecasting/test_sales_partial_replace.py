"""A sales import adds or replaces only the series in its file; other series keep their
history, forecast and backtest (through the store, the CLI and the dashboard's import)."""

from __future__ import annotations

import pandas as pd

from analysis.cli import main
from analysis.services.sales import import_sales
from analysis.services.views import load_sales_frames
from analysis.store import sales as sales_store
from analysis.store.core import Store
from tests.forecasting.synthetic import seasonal_series


def _write(frame: pd.DataFrame, path) -> None:
    frame.rename(columns={"unique_id": "product", "ds": "week", "y": "units"}).to_csv(
        path, index=False)


def _files(tmp_path):
    history, _ = seasonal_series(n_series=3, weeks=60)
    a = history[history["unique_id"] == "S0"]
    b = history[history["unique_id"].isin(["S1", "S2"])]
    _write(a, tmp_path / "a.csv")
    _write(b, tmp_path / "b.csv")
    changed = a.assign(y=a["y"] * 2).iloc[10:]  # a shorter, doubled S0
    _write(changed, tmp_path / "a2.csv")
    return tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "a2.csv"


def _by_series(store: Store) -> tuple[dict, set, dict]:
    frames = load_sales_frames(store)
    return (frames.forecast.groupby("unique_id")["yhat"].mean().to_dict(),
            set(frames.backtest["unique_id"]), frames.sales.groupby("unique_id").size().to_dict())


def test_second_file_keeps_the_first_files_series_and_reimport_replaces_only_its_own(tmp_path):
    a, b, a2 = _files(tmp_path)
    with Store(tmp_path / "s.duckdb") as store:
        import_sales(store, [a], horizon=4)
        import_sales(store, [b], horizon=4)
        forecast, backtest, points = _by_series(store)
        assert set(forecast) == {"S0", "S1", "S2"} == backtest
        assert points == {"S0": 60, "S1": 60, "S2": 60}
        assert len(sales_store.load_forecast(store, series=["S0"])) == 4

        import_sales(store, [a2], horizon=4)
        again, backtest, points = _by_series(store)
        assert backtest == {"S0", "S1", "S2"}
        assert points == {"S0": 50, "S1": 60, "S2": 60}  # S0 replaced whole, others kept
        assert again["S1"] == forecast["S1"] and again["S2"] == forecast["S2"]
        assert again["S0"] > 1.5 * forecast["S0"]  # the doubled series' new forecast


def test_forecast_command_keeps_other_series_in_the_store(tmp_path, capsys):
    a, b, _ = _files(tmp_path)
    db = tmp_path / "cli.duckdb"
    for path in (a, b):
        assert main(["forecast", str(path), "--out", str(tmp_path / path.stem), "--horizon", "4",
                     "--windows", "2", "--db", str(db)]) == 0
    with Store(db) as store:
        forecast, backtest, _ = _by_series(store)
    assert set(forecast) == {"S0", "S1", "S2"} == backtest
