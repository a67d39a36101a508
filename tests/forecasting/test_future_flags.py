"""Planned future flags: a promotion given for a horizon week lifts that week's forecast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.forecasting import SalesForecaster
from analysis.forecasting.future_flags import future_flags
from analysis.services.forecasts import forecast_with_store
from analysis.store.core import Store
from analysis.store.sales import run_key
from tests.forecasting.synthetic import promo_series

HORIZON = 6


def _future(uid: str, last: pd.Timestamp, promotion: list[float]) -> pd.DataFrame:
    dates = pd.date_range(last, periods=len(promotion) + 1, freq="W-MON")[1:]
    return pd.DataFrame({"unique_id": uid, "ds": dates, "promotion": promotion})


def _yhat(result, uid: str) -> np.ndarray:
    return result.forecast.loc[result.forecast["unique_id"] == uid, "yhat"].to_numpy()


def _messages(result, uid: str) -> str:
    return " | ".join(result.messages.loc[result.messages["unique_id"] == uid, "message"])


@pytest.fixture(scope="module")
def fitted():
    history = pd.concat([promo_series("P"), promo_series("Q", seed=5)], ignore_index=True)
    return history, SalesForecaster(horizon=HORIZON, windows=3).fit(history)


def test_planned_promotion_lifts_its_week_and_only_with_the_flag(fitted):
    history, forecaster = fitted
    last = history["ds"].max()
    planned = _future("P", last, [0, 0, 1, 0, 0, 0])
    with_flags = _yhat(forecaster.predict(future_exog=planned), "P")
    # Week 3 carries the promotion: clearly above weeks 2 and 4 (the effect is +30%).
    assert with_flags[2] > 1.15 * with_flags[1]
    assert with_flags[2] > 1.15 * with_flags[3]
    without = _yhat(forecaster.predict(), "P")
    assert abs(without[2] - (without[1] + without[3]) / 2) < 0.05 * without[2]
    # The weeks without a promotion are the same either way.
    assert np.allclose(np.delete(with_flags, 2), np.delete(without, 2), rtol=0.02)


def test_messages_name_where_the_flags_came_from(fitted):
    history, forecaster = fitted
    last = history["ds"].max()
    result = forecaster.predict(future_exog=_future("P", last, [0, 0, 1, 0, 0, 0]))
    assert "given for all 6 forecast period(s)" in _messages(result, "P")
    star = _messages(result, "*")
    assert "for Q assumed to repeat the same period one season earlier" in star
    assumed_only = forecaster.predict()
    assert "future values assumed to repeat" in _messages(assumed_only, "*")
    assert "given for" not in " ".join(assumed_only.messages["message"])


def test_dates_not_given_fall_back_to_one_season_earlier(fitted):
    history, forecaster = fitted
    last = history["ds"].max()
    only_week_3 = _future("P", last, [1.0]).assign(ds=last + pd.Timedelta(weeks=3))
    result = forecaster.predict(future_exog=only_week_3)
    yhat = _yhat(result, "P")
    assert yhat[2] > 1.15 * yhat[1]
    assert "given for 1 of 6 forecast period(s); the other 5 assume" in _messages(result, "P")


def test_empty_given_cells_fall_back_per_flag():
    history = promo_series("P", weeks=60).assign(
        holiday=lambda f: (f.index % 52 == 10).astype(float))
    last = history["ds"].max()
    given = _future("P", last, [1.0, np.nan, np.nan]).assign(holiday=[np.nan, 0.0, np.nan])
    flags = future_flags(history, 3, "W-MON", ["promotion", "holiday"], 52, given)
    # Steps 1-3 are weeks 60-62; one season earlier are weeks 8-10: a promotion in week 9
    # (PROMO_WEEKS) and a holiday in week 10.
    assert flags.frame["promotion"].tolist() == [1.0, 1.0, 0.0]
    assert flags.frame["holiday"].tolist() == [0.0, 0.0, 1.0]
    assert flags.given == {"P": 2}


def test_flags_the_history_cannot_teach_are_reported_not_fatal(fitted):
    history, forecaster = fitted
    last = history["ds"].max()
    planned = _future("Q", last, [1.0] * HORIZON).assign(
        clearance=[1.0] * HORIZON)  # a column the history never had
    unknown = pd.DataFrame({"unique_id": ["Z"], "ds": [last], "promotion": [1.0]})
    result = forecaster.predict(future_exog=pd.concat([planned, unknown]))
    assert len(_yhat(result, "Q")) == HORIZON
    star = _messages(result, "*")
    assert "['clearance'] appear only in the future rows" in star
    assert "cannot be learned" in star
    assert "Z; they were not used" in star

    never = promo_series("N", weeks=60).assign(promotion=0.0)
    fit = SalesForecaster(horizon=3, windows=2).fit(never)
    result = fit.predict(future_exog=_future("N", never["ds"].max(), [0.0, 1.0, 0.0]))
    assert len(_yhat(result, "N")) == 3
    assert "'promotion' is planned in the forecast horizon of N but never set" in _messages(
        result, "*")


def test_bad_future_frame_is_a_clear_error(fitted):
    _, forecaster = fitted
    with pytest.raises(ValueError, match="lack columns \\['ds'\\]"):
        forecaster.predict(future_exog=pd.DataFrame({"unique_id": ["P"], "promotion": [1]}))


def test_cache_key_changes_when_only_the_planned_flags_change():
    history = promo_series("P", weeks=40)
    last = history["ds"].max()
    settings = {"horizon": 4}
    plain = run_key(history, settings)
    assert run_key(history, settings, _future("P", last, [])) == plain
    week_2 = run_key(history, settings, _future("P", last, [0, 1, 0, 0]))
    week_3 = run_key(history, settings, _future("P", last, [0, 0, 1, 0]))
    assert len({plain, week_2, week_3}) == 3
    shuffled = _future("P", last, [0, 1, 0, 0]).iloc[::-1]
    assert run_key(history, settings, shuffled) == week_2


def test_store_recomputes_when_the_planned_promotions_change(tmp_path):
    history = promo_series("P")
    last = history["ds"].max()
    with Store(tmp_path / "s.duckdb") as store:
        first = forecast_with_store(store, history, 4, windows=2,
                                    future_exog=_future("P", last, [0, 1, 0, 0]))
        again = forecast_with_store(store, history, 4, windows=2,
                                    future_exog=_future("P", last, [0, 1, 0, 0]))
        moved = forecast_with_store(store, history, 4, windows=2,
                                    future_exog=_future("P", last, [0, 0, 1, 0]))
    assert not first.from_cache and again.from_cache and not moved.from_cache
    assert moved.run_id != first.run_id
    assert not np.allclose(first.result.forecast["yhat"], moved.result.forecast["yhat"])
