"""Synthetic sales series with known level, trend, season and noise for forecasting tests."""

from __future__ import annotations

import numpy as np
import pandas as pd


def seasonal_series(n_series: int = 6, weeks: int = 130, horizon: int = 12, noise: float = 4.0,
                    seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(history, future)``: weekly series with a yearly sine season and a trend.

    ``future`` holds the next ``horizon`` weeks with ``y`` (noisy actuals) and ``truth`` (the
    noise-free signal).
    """
    rng = np.random.default_rng(seed)
    t = np.arange(weeks + horizon)
    dates = pd.date_range("2021-01-04", periods=weeks + horizon, freq="W-MON")
    history, future = [], []
    for i in range(n_series):
        truth = 200 + 40 * i + 0.3 * t + 30 * np.sin(2 * np.pi * (t + 5 * i) / 52)
        y = truth + rng.normal(0, noise, len(t))
        frame = pd.DataFrame({"unique_id": f"S{i}", "ds": dates, "y": y, "truth": truth})
        history.append(frame.iloc[:weeks][["unique_id", "ds", "y"]])
        future.append(frame.iloc[weeks:])
    return pd.concat(history, ignore_index=True), pd.concat(future, ignore_index=True)


PROMO_WEEKS = (3, 9, 15, 21, 40, 46, 52, 58, 64, 70, 76)


def promo_series(uid: str = "P", weeks: int = 80, lift: float = 0.3, seed: int = 3
                 ) -> pd.DataFrame:
    """Weekly ``unique_id, ds, y, promotion``: sales ``lift`` (30%) higher in promotion weeks.

    The promotions avoid history weeks 28-33, the weeks "one season (52) earlier" than the
    first six forecast weeks, so a forecast without planned flags assumes no promotion there.
    """
    rng = np.random.default_rng(seed)
    promotion = np.zeros(weeks)
    promotion[[w for w in PROMO_WEEKS if w < weeks]] = 1.0
    y = (100 + 0.2 * np.arange(weeks) + rng.normal(0, 3, weeks)) * (1 + lift * promotion)
    dates = pd.date_range("2022-01-03", periods=weeks, freq="W-MON")
    return pd.DataFrame({"unique_id": uid, "ds": dates, "y": y, "promotion": promotion})
