"""Bad series get a clear message each and never stop the good ones from being forecast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.forecasting import forecast_sales
from tests.forecasting.synthetic import seasonal_series

HORIZON = 6


def _series(uid: str, values, start: str = "2022-01-03") -> pd.DataFrame:
    dates = pd.date_range(start, periods=len(values), freq="W-MON")
    return pd.DataFrame({"unique_id": uid, "ds": dates, "y": values})


@pytest.fixture(scope="module")
def mixed():
    good, _ = seasonal_series(n_series=1, weeks=110)
    good = good.assign(unique_id="good")
    rng = np.random.default_rng(0)
    gap = 100 + rng.normal(0, 5, 80)
    gap[10:40] = np.nan  # thirty missing weeks: cut before the gap
    holes = 100 + rng.normal(0, 5, 60)
    holes[[20, 21]] = np.nan  # two missing weeks: interpolated
    negative = 20 + rng.normal(0, 8, 60)
    negative[[5, 30]] = [-4.0, -7.0]
    falling = np.maximum(60 - np.arange(60) * 1.2, 0.5) + rng.normal(0, 0.3, 60).clip(0)
    frame = pd.concat([
        good,
        _series("too_short", [5.0, 6.0, 7.0]),
        _series("zeros", np.zeros(40)),
        _series("constant", np.full(40, 12.0)),
        _series("gap", gap),
        _series("holes", holes),
        _series("negative", negative),
        _series("falling", falling),
        _series("empty", [np.nan] * 10),
    ], ignore_index=True)
    return forecast_sales(frame, HORIZON)


def _messages(result, uid: str) -> str:
    rows = result.messages[result.messages["unique_id"] == uid]
    return " | ".join(rows["severity"] + ": " + rows["message"])


def test_good_series_is_still_forecast(mixed):
    good = mixed.forecast[mixed.forecast["unique_id"] == "good"]
    assert len(good) == HORIZON
    assert good["yhat"].notna().all()


def test_too_short_and_empty_series_are_skipped_with_an_error(mixed):
    assert "too_short" not in set(mixed.forecast["unique_id"])
    assert "error: only 3 data point(s)" in _messages(mixed, "too_short")
    assert "empty" not in set(mixed.forecast["unique_id"])
    assert "no numeric values" in _messages(mixed, "empty")


def test_all_zero_and_constant_series_repeat_their_value(mixed):
    for uid, value in (("zeros", 0.0), ("constant", 12.0)):
        rows = mixed.forecast[mixed.forecast["unique_id"] == uid]
        assert len(rows) == HORIZON
        assert np.allclose(rows[["yhat", "yhat_lo_95", "yhat_hi_95"]], value)
    assert "all values are zero" in _messages(mixed, "zeros")
    assert "every value is 12" in _messages(mixed, "constant")


def test_long_gap_cuts_the_history_and_short_gap_is_interpolated(mixed):
    assert "a gap of 30 missing periods" in _messages(mixed, "gap")
    assert "only the 40 periods after it are used" in _messages(mixed, "gap")
    assert len(mixed.forecast[mixed.forecast["unique_id"] == "gap"]) == HORIZON
    assert "2 missing value(s)" in _messages(mixed, "holes")


def test_negative_values_are_reported_and_not_clipped(mixed):
    assert "2 negative value(s)" in _messages(mixed, "negative")
    assert "clipped to 0" not in _messages(mixed, "negative")


def test_negative_forecasts_of_non_negative_series_are_clipped_and_said(mixed):
    rows = mixed.forecast[mixed.forecast["unique_id"] == "falling"]
    assert (rows[["yhat", "yhat_lo_80", "yhat_lo_95"]] >= 0).all().all()
    assert "clipped to 0" in _messages(mixed, "falling")


def test_every_bad_series_has_a_message(mixed):
    flagged = set(mixed.messages["unique_id"])
    assert {"too_short", "zeros", "constant", "gap", "holes", "negative", "empty"} <= flagged
    assert set(mixed.messages["severity"]) <= {"info", "warning", "error"}
