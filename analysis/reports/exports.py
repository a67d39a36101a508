"""CSV and XLSX exports of reviews, aspect mentions and forecasts, safe to open in a spreadsheet.

Review text is untrusted: a cell starting with ``= + - @`` would run as a formula in Excel or
LibreOffice, so every text cell goes through :func:`analysis.textsafety.neutralize_frame`.
XLSX cannot hold ASCII control characters, so those are removed there (CSV keeps the text);
a tab or carriage return that starts a cell is kept behind the ``'`` prefix. Numbers are
rounded to what a reader uses (:data:`DECIMALS`: probabilities, scores and accuracy measures 3
decimals, sales and forecasts 2); the store keeps full precision.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from analysis.forecasting.schema import to_file_names
from analysis.insights.mismatch import mismatch_labels
from analysis.textsafety import neutralize_frame

_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

EXPORT_REVIEW_COLUMNS = [
    "review_id", "product_id", "date", "rating", "title", "text", "sentiment",
    "sentiment_score", "p_negative", "p_neutral", "p_positive", "source",
]
ASPECT_COLUMNS = [
    "review_id", "product_id", "date", "sentence_index", "aspect", "start", "end",
    "aspect_norm", "category", "polarity", "confidence",
]
FORECAST_COLUMNS = [
    "series_id", "date", "yhat", "yhat_lo_80", "yhat_hi_80", "yhat_lo_95", "yhat_hi_95",
]
BACKTEST_COLUMNS = ["series_id", "model", "MASE", "sMAPE", "coverage_80", "coverage_95",
                    "points"]
SCORE_DECIMALS, MONEY_DECIMALS = 3, 2
DECIMALS = {
    **dict.fromkeys(["sentiment_score", "p_negative", "p_neutral", "p_positive",
                     "confidence", "MASE", "sMAPE", "coverage_80", "coverage_95"],
                    SCORE_DECIMALS),
    **dict.fromkeys(["y", "yhat", "yhat_lo_80", "yhat_hi_80", "yhat_lo_95", "yhat_hi_95"],
                    MONEY_DECIMALS),
}


def rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with the :data:`DECIMALS` columns rounded (other columns untouched)."""
    out = frame.copy()
    for column, digits in DECIMALS.items():
        if column in out.columns and pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(digits)
    return out


def select_columns(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The contract columns that ``frame`` has, in contract order, then any extra ones."""
    known = [c for c in columns if c in frame.columns]
    return frame[known + [c for c in frame.columns if c not in columns]]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM so Excel detects the encoding) of a formula-safe copy of ``frame``.

    Rows end in CRLF, so a cell holding a carriage return is quoted and stays one cell.
    """
    return neutralize_frame(frame).to_csv(index=False, lineterminator="\r\n").encode(
        "utf-8-sig")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per entry, every text cell formula-safe."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe = neutralize_frame(frame)
            for column in safe.columns:
                if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
                    safe[column] = safe[column].map(
                        lambda v: _XLSX_ILLEGAL.sub("", v) if isinstance(v, str) else v
                    )
                elif isinstance(safe[column].dtype, pd.DatetimeTZDtype):
                    safe[column] = safe[column].dt.tz_localize(None)
            safe.to_excel(writer, sheet_name=_sheet_name(name), index=False)
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "sheet"


def reviews_export(reviews: pd.DataFrame) -> pd.DataFrame:
    """The reviews table in the CLI's ``reviews.csv`` column order (with title and source),
    plus ``mismatch``: ``high rating, negative text``, ``low rating, positive text`` or empty
    (:func:`analysis.insights.mismatch.mismatch_labels`, as the Overview page counts them)."""
    out = rounded(select_columns(reviews, EXPORT_REVIEW_COLUMNS))
    if {"rating", "sentiment_score"} <= set(reviews.columns):
        out["mismatch"] = mismatch_labels(reviews).to_numpy()
    return out


def aspects_export(aspects: pd.DataFrame) -> pd.DataFrame:
    """Aspect mentions in the CLI's ``aspects.csv`` column order (plus product and date)."""
    return rounded(select_columns(aspects, ASPECT_COLUMNS))


def forecasts_export(forecast: pd.DataFrame) -> pd.DataFrame:
    """Forecast rows (``unique_id, ds, ...``) under the CLI's ``forecast.csv`` columns and
    order (``series_id, date, ...``)."""
    return rounded(select_columns(to_file_names(forecast), FORECAST_COLUMNS))


def backtest_export(backtest: pd.DataFrame) -> pd.DataFrame:
    """Backtest accuracy per series and model under the CLI's ``backtest.csv`` columns."""
    return rounded(select_columns(to_file_names(backtest), BACKTEST_COLUMNS))
