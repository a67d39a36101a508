"""Seasonal adjustment with STL so long seasons (52 weeks) cost little to model.

Fitting AutoETS or AutoARIMA with a 52-week season is slow (tens of parameters per series);
removing the seasonal component with STL first and modelling the adjusted series with
non-seasonal models is an order of magnitude faster and, on weekly retail data, as accurate.
The seasonal component is added back to the forecast by repeating its last season.
"""

from __future__ import annotations

import numpy as np
from statsmodels.tsa.seasonal import STL


def min_points_for_adjustment(season_length: int) -> int:
    """Shortest history STL can estimate a season from: one season plus a quarter of one."""
    return season_length + max(4, season_length // 4)


def stl_seasonal(y: np.ndarray, season_length: int, seasonal_window: int = 11) -> np.ndarray:
    """The STL seasonal component of ``y`` (additive)."""
    fit = STL(np.asarray(y, dtype=float), period=season_length, seasonal=seasonal_window,
              seasonal_deg=0).fit()
    return np.asarray(fit.seasonal)


def future_seasonal(seasonal: np.ndarray, season_length: int, horizon: int) -> np.ndarray:
    """Repeat the last estimated season over the next ``horizon`` steps."""
    last = seasonal[-season_length:]
    return np.array([last[step % season_length] for step in range(horizon)])
