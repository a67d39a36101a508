"""The one forecast schema inside the code, statsforecast's: a series is ``unique_id``, a
period ``ds``; forecasts add the point ``yhat`` and the intervals ``yhat_lo_80, yhat_hi_80,
yhat_lo_95, yhat_hi_95``; backtest rows and combination weights are per ``unique_id``.

The CLI's documented ``forecast.csv``/``backtest.csv`` (and the store's forecast tables and
the forecaster's result, for now) name the same columns ``series_id, date``. The reads the
pages, the PDF and notebooks use convert with :func:`from_file_names` as they leave the
store; the exports convert back with :func:`to_file_names`, once, at that edge.
"""

from __future__ import annotations

import pandas as pd

FILE_NAMES = {"unique_id": "series_id", "ds": "date"}
CODE_NAMES = {file: code for code, file in FILE_NAMES.items()}


def from_file_names(frame: pd.DataFrame) -> pd.DataFrame:
    """``series_id, date`` -> ``unique_id, ds`` (other columns unchanged)."""
    return frame.rename(columns=CODE_NAMES)


def to_file_names(frame: pd.DataFrame) -> pd.DataFrame:
    """``unique_id, ds`` -> ``series_id, date``: the documented file columns."""
    return frame.rename(columns=FILE_NAMES)
