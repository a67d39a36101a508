"""Exports: formula-looking cells neutralized in CSV and XLSX, contract columns first."""

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


def test_csv_neutralizes_formula_cells_and_keeps_numbers():
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


EVERY_PREFIX = ["=1+1", "+1", "-1", "@A1", "\t=1+1", "\r=1+1", "plain"]


def test_every_formula_prefix_is_neutralized_in_csv_and_xlsx():
    hostile = pd.DataFrame({"review_id": [f"r{i}" for i in range(len(EVERY_PREFIX))],
                            "text": EVERY_PREFIX})
    csv_text = exports.to_csv_bytes(hostile).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(csv_text, newline=""), keep_default_na=False)
    assert back["text"].tolist() == ["'" + v for v in EVERY_PREFIX[:-1]] + ["plain"]
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes({"r": hostile})))["r"]
    values = [sheet.cell(row=r, column=2).value for r in range(2, len(EVERY_PREFIX) + 2)]
    # XML stores a carriage return as a line break: the cell still starts with the apostrophe
    assert values == ["'" + v.replace("\r", "\n") for v in EVERY_PREFIX[:-1]] + ["plain"]
    assert all(sheet.cell(row=r, column=2).data_type == "s"
               for r in range(2, len(EVERY_PREFIX) + 2))


def test_numbers_are_rounded_for_readers_in_csv_and_xlsx():
    reviews, aspects = make_frames(20)
    _, forecast, _ = make_sales()
    reviews = reviews.assign(sentiment_score=0.123456789, p_positive=0.987654321)
    forecast = forecast.assign(yhat=1234.56789)
    out = exports.reviews_export(reviews)
    assert out["sentiment_score"].iloc[0] == 0.123 and out["p_positive"].iloc[0] == 0.988
    assert exports.forecasts_export(forecast)["yhat"].iloc[0] == 1234.57
    assert exports.aspects_export(aspects.assign(confidence=0.55555))["confidence"].iloc[0] \
        == 0.556
    scored = pd.DataFrame({"model": ["Combination"], "points": [12], "MASE": [0.812345],
                           "unique_id": ["1"], "coverage_80": [0.79999]})
    out_bt = exports.backtest_export(scored)
    assert list(out_bt.columns) == ["series_id", "model", "MASE", "coverage_80", "points"]
    assert out_bt["MASE"].iloc[0] == 0.812 and out_bt["coverage_80"].iloc[0] == 0.8
    back = pd.read_csv(io.BytesIO(exports.to_csv_bytes(out)), encoding="utf-8-sig")
    assert back["sentiment_score"].iloc[0] == 0.123
    assert "0.12345" not in exports.to_csv_bytes(out).decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes({"f": exports.forecasts_export(
        forecast)})))["f"]
    assert sheet.cell(row=2, column=3).value == 1234.57
    assert reviews["sentiment_score"].iloc[0] == 0.123456789  # the source keeps full precision


def test_reviews_export_says_which_reviews_stars_and_words_disagree():
    from analysis.insights.mismatch import rating_text_mismatch

    reviews, _ = make_frames(60)
    reviews.loc[reviews.index[:2], ["rating", "sentiment_score"]] = [[5.0, -0.8], [1.0, 0.9]]
    out = exports.reviews_export(reviews)
    assert out.columns[-1] == "mismatch"
    assert out["mismatch"].iloc[:2].tolist() == ["high rating, negative text",
                                                 "low rating, positive text"]
    flagged = set(rating_text_mismatch(reviews)["review_id"])
    assert set(out.loc[out["mismatch"] != "", "review_id"]) == flagged  # as the Overview counts
    csv = exports.to_csv_bytes(out).decode("utf-8-sig").splitlines()
    assert csv[0].endswith(",mismatch")
