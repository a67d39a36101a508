"""Forecast runs explained: frequency words, ratio to seasonal naive, what is drawn and why."""

from __future__ import annotations

import pandas as pd

from analysis.forecasting import BASELINE, COMBINED, explain


def test_names_match_the_forecasting_package():
    assert explain.BASELINE == BASELINE and explain.COMBINED == COMBINED


def test_frequency_in_words():
    assert explain.describe_frequency("W-FRI") == "weekly (weeks end on Friday)"
    assert explain.period_word("W-FRI", 12) == "weeks"
    assert explain.period_word("MS", 1) == "month"
    assert explain.period_word("7D", 3) == "periods"
    assert explain.describe_frequency("D") == "daily"
    assert explain.describe_frequency("MS") == "monthly (dated on the first day)"


def backtest() -> pd.DataFrame:
    return pd.DataFrame({
        "unique_id": ["1", "1", "1", "2", "2"],
        "model": [COMBINED, "AutoETS", BASELINE, COMBINED, BASELINE],
        "MASE": [0.9, 1.0, 1.5, 1.2, 1.0], "sMAPE": 0.1, "coverage_80": 0.8,
        "coverage_95": 0.95, "points": 12})


def test_ratio_to_seasonal_naive_per_series():
    table = explain.with_naive_ratio(backtest())
    ratio = table.set_index(["unique_id", "model"])[explain.RATIO]
    assert ratio[("1", COMBINED)] == 0.6 and ratio[("1", BASELINE)] == 1.0
    assert ratio[("2", COMBINED)] == 1.2
    assert list(table.columns).index(explain.RATIO) == list(table.columns).index("MASE") + 1


def test_drawn_forecast_says_what_and_why():
    weights = pd.DataFrame({"unique_id": ["1", "1"], "model": ["AutoETS", "AutoTheta"],
                            "weight": [0.6, 0.4]})
    text = explain.drawn_forecast_text("1", backtest(), weights, "inverse_mase (top 2)")
    assert "Combination" in text and "AutoETS 60%" in text and "AutoTheta 40%" in text
    assert "40% smaller errors than a seasonal naive forecast (ratio 0.60)" in text
    worse = explain.drawn_forecast_text("2", backtest(), weights, "median")
    assert "median of the models" in worse and "20% larger errors" in worse
    assert "no backtest" in explain.drawn_forecast_text("9", backtest(), weights, "median")


def test_calibration_text_reports_held_out_coverage():
    text = explain.calibration_text({"held_out_coverage": {"80": 0.79, "95": 0.94},
                                     "windows": 6})
    assert "6 backtest windows" in text and "79%" in text and "94%" in text


def test_run_key_changes_with_the_calibrator_version(monkeypatch):
    from analysis.forecasting import cached
    from analysis.forecasting.forecaster import SalesForecaster

    settings = cached.forecast_settings(SalesForecaster(horizon=4))
    assert settings["calibrator"] == cached.CALIBRATOR_VERSION
    assert settings["windows"] == "auto" and settings["max_windows"] == 6
    monkeypatch.setattr(cached, "CALIBRATOR_VERSION", "older")
    assert cached.forecast_settings(SalesForecaster(horizon=4))["calibrator"] == "older"
