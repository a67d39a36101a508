"""The one forecast schema inside the code, statsforecast's: a series is ``unique_id``, a
period ``ds``; forecasts add the point ``yhat`` and the intervals ``yhat_lo_80, yhat_hi_80,
yhat_lo_95, yhat_hi_95``; backtest rows and combination weights are per ``unique_id``.

The forecaster's :class:`~analysis.forecasting.ForecastResult`, the store reads, the pages,
the PDF and notebooks all use these names. Only the CLI's documented ``forecast.csv``/
``backtest.csv``/``messages.csv`` and the dashboard exports keep ``series_id, date``: they
convert with :func:`to_file_names`, once, at that edge. (The store's forecast tables keep
those names too, renamed inside :mod:`analysis.store.sales` on save and load.)
"""

from __future__ import annotations

import pandas as pd

FILE_NAMES = {"unique_id": "series_id", "ds": "date"}


def to_file_names(frame: pd.DataFrame) -> pd.DataFrame:
    """``unique_id, ds`` -> ``series_id, date``: the documented file columns."""
    return frame.rename(columns=FILE_NAMES)
