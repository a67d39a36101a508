"""``reviewlens forecast`` end to end: CSVs written, messages printed, cache, exit 2."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.cli import main
from analysis.forecasting import FORECAST_COLUMNS


def _sales_csv(path):
    rng = np.random.default_rng(2)
    dates = pd.date_range("2023-01-02", periods=60, freq="W-MON")
    frames = [pd.DataFrame({"week": dates.strftime("%Y-%m-%d"), "product_id": p,
                            "units": (100 + 20 * np.sin(np.arange(60) / 5)
                                      + rng.normal(0, 3, 60)).round(1)})
              for p in ("A", "B")]
    frames.append(pd.DataFrame({"week": dates[:3].strftime("%Y-%m-%d"), "product_id": "TINY",
                                "units": [1, 2, 3]}))
    pd.concat(frames).to_csv(path, index=False)


def test_forecast_command_end_to_end(tmp_path, capsys):
    source = tmp_path / "sales.csv"
    _sales_csv(source)
    out, db = tmp_path / "out", tmp_path / "store.duckdb"
    code = main(["forecast", str(source), "--out", str(out), "--horizon", "5", "--db", str(db),
                 "--windows", "2"])
    assert code == 0
    forecast = pd.read_csv(out / "forecast.csv")
    assert list(forecast.columns) == FORECAST_COLUMNS
    assert forecast.groupby("series_id").size().to_dict() == {"A": 5, "B": 5}
    assert forecast["date"].iloc[0] == "2024-02-26"
    backtest = pd.read_csv(out / "backtest.csv")
    assert {"series_id", "model", "MASE", "sMAPE", "coverage_80", "coverage_95"} <= set(
        backtest.columns)
    assert set(backtest["series_id"]) == {"A", "B"}
    printed = capsys.readouterr().out
    assert "[error] TINY: only 3 data point(s)" in printed
    assert "(computed;" in printed

    again = main(["forecast", str(source), "--out", str(out), "--horizon", "5", "--db", str(db),
                  "--windows", "2"])
    assert again == 0
    assert "read from the store" in capsys.readouterr().out
    assert pd.read_csv(out / "forecast.csv").equals(forecast)


def test_unusable_file_exits_2_with_a_paragraph(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("colour,size\nred,big\n", encoding="utf-8")
    code = main(["forecast", str(bad), "--out", str(tmp_path / "o"), "--horizon", "4",
                 "--db", str(tmp_path / "s.duckdb")])
    assert code == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "no date column" in err and "--date-col" in err
