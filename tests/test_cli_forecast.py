"""``reviewlens forecast`` end to end: CSVs written, messages printed, cache, exit 2."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.cli import main


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
    # the documented file columns (design.md), not the code's unique_id/ds
    assert list(forecast.columns) == ["series_id", "date", "yhat", "yhat_lo_80", "yhat_hi_80",
                                      "yhat_lo_95", "yhat_hi_95"]
    assert forecast.groupby("series_id").size().to_dict() == {"A": 5, "B": 5}
    assert forecast["date"].iloc[0] == "2024-02-26"
    backtest = pd.read_csv(out / "backtest.csv")
    assert {"series_id", "model", "MASE", "sMAPE", "coverage_80", "coverage_95"} <= set(
        backtest.columns)
    assert set(backtest["series_id"]) == {"A", "B"}
    printed = capsys.readouterr().out
    assert "[error] TINY: only 3 data point(s)" in printed
    assert "2 series, weekly (weeks end on Monday), forecast 5 weeks ahead (computed;" in printed
    assert "W-MON" not in printed

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


def _promo_csv(path, planned_week: int) -> None:
    """History of a series with +30% promotion weeks, then 6 future rows planning one promo."""
    from tests.forecasting.synthetic import promo_series

    history = promo_series("P")
    future = pd.DataFrame({"ds": pd.date_range(history["ds"].max(), periods=7,
                                               freq="W-MON")[1:]})
    future["promotion"] = [1.0 if week == planned_week else 0.0 for week in range(1, 7)]
    rows = pd.concat([history.assign(units=history["y"].round(2)),
                      future.assign(unique_id="P", units="")], ignore_index=True)
    rows = rows.assign(week=rows["ds"].dt.strftime("%Y-%m-%d"), product_id=rows["unique_id"],
                       promotion=rows["promotion"].astype(int))
    rows[["week", "product_id", "units", "promotion"]].to_csv(path, index=False)


def test_future_rows_plan_a_promotion_and_a_changed_plan_recomputes(tmp_path, capsys):
    source, out, db = tmp_path / "sales.csv", tmp_path / "out", tmp_path / "store.duckdb"
    _promo_csv(source, planned_week=3)
    args = ["forecast", str(source), "--out", str(out), "--horizon", "6", "--db", str(db),
            "--windows", "2"]
    assert main(args) == 0
    yhat = pd.read_csv(out / "forecast.csv")["yhat"].to_numpy()
    assert len(yhat) == 6
    assert yhat[2] > 1.15 * yhat[1] and yhat[2] > 1.15 * yhat[3]
    printed = capsys.readouterr().out
    assert "6 future period(s) from" in printed and "not as missing sales" in printed
    assert "P: future flags ['promotion']: given for all 6 forecast period(s)" in printed
    assert "(computed;" in printed

    _promo_csv(source, planned_week=5)
    assert main(args) == 0
    assert "(computed;" in capsys.readouterr().out
    moved = pd.read_csv(out / "forecast.csv")["yhat"].to_numpy()
    assert moved[4] > 1.15 * moved[2]


def test_events_file_plans_a_promotion_for_every_series(tmp_path, capsys):
    from tests.forecasting.synthetic import promo_series

    history = promo_series("P")
    source, events = tmp_path / "sales.csv", tmp_path / "events.csv"
    history.assign(week=history["ds"].dt.strftime("%Y-%m-%d"),
                   promotion=history["promotion"].astype(int)).rename(
        columns={"unique_id": "product_id", "y": "units"})[
        ["week", "product_id", "units", "promotion"]].to_csv(source, index=False)
    week_3 = history["ds"].max() + pd.Timedelta(weeks=3)
    events.write_text(f"date,promotion\n{week_3:%Y-%m-%d},1\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["forecast", str(source), "--events", str(events), "--out", str(out),
                 "--horizon", "4", "--db", str(tmp_path / "s.duckdb"), "--windows", "2"]) == 0
    yhat = pd.read_csv(out / "forecast.csv")["yhat"].to_numpy()
    assert yhat[2] > 1.15 * yhat[1] and yhat[2] > 1.15 * yhat[3]
    printed = capsys.readouterr().out
    assert "events.csv: planned flags ['promotion'] for 1 series" in printed
    assert "given for 1 of 4 forecast period(s)" in printed
