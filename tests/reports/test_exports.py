"""Exports: formula-looking cells neutralised in CSV and XLSX, contract columns first."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from analysis.reports import exports
from tests.dashboard.frames import make_frames, make_sales

HOSTILE = ["=HYPERLINK(\"http://e.vil\")", "+1+2", "-2+3", "@SUM(A1)", "fine text"]


def frame() -> pd.DataFrame:
    return pd.DataFrame({"review_id": ["a", "b", "c", "d", "e"], "text": HOSTILE,
                         "sentiment_score": [-0.5, 0.1, -1.0, 0.0, 0.9]})


def test_csv_neutralises_formula_cells_and_keeps_numbers():
    back = pd.read_csv(io.BytesIO(exports.to_csv_bytes(frame())), encoding="utf-8-sig")
    assert back["text"].tolist() == ["'" + v for v in HOSTILE[:4]] + ["fine text"]
    assert back["sentiment_score"].tolist() == [-0.5, 0.1, -1.0, 0.0, 0.9]  # still numbers


@pytest.mark.parametrize("dtype", [object, "string[pyarrow]"])
def test_xlsx_cells_are_text_not_formulas(dtype):
    data = exports.to_xlsx_bytes({"reviews": frame().assign(
        text=lambda f: f["text"].where(f.index != 4, "bell\x07 inside").astype(dtype))})
    sheet = openpyxl.load_workbook(io.BytesIO(data))["reviews"]
    cells = [sheet.cell(row=r, column=2) for r in range(2, 7)]
    assert all(c.data_type == "s" for c in cells)
    assert cells[0].value.startswith("'=")
    assert cells[4].value == "bell inside"  # control character removed, text kept


def test_exports_follow_the_cli_column_order():
    reviews, aspects = make_frames(30)
    _, forecast, _ = make_sales()
    assert list(exports.reviews_export(reviews).columns[:4]) == ["review_id", "product_id",
                                                                 "date", "rating"]
    assert list(exports.aspects_export(aspects).columns[:5]) == [
        "review_id", "product_id", "date", "sentence_index", "aspect"]
    assert list(exports.forecasts_export(forecast).columns) == exports.FORECAST_COLUMNS


def test_xlsx_holds_one_sheet_per_dataset_with_all_rows():
    reviews, aspects = make_frames(40)
    data = exports.to_xlsx_bytes({"reviews": exports.reviews_export(reviews),
                                  "aspects": exports.aspects_export(aspects)})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["reviews", "aspects"]
    assert book["reviews"].max_row == 41
