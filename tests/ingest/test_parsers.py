"""Unit tests for the date, rating, encoding and delimiter detectors."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.errors import IngestError
from analysis.ingest.columns import map_columns, normalize_header
from analysis.ingest.dates import parse_dates
from analysis.ingest.encodings import decode, detect_encoding
from analysis.ingest.ratings import parse_ratings
from analysis.ingest.readers import sniff_delimiter


def _dates(values):
    return parse_dates(pd.Series(values, dtype=object))


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2023-05-06", "2023-05-06"),
        ("2023-05-06T12:00:00Z", "2023-05-06 12:00"),
        ("2023-05-06T12:00:00+08:00", "2023-05-06 04:00"),
        ("2023/5/6", "2023-05-06"),
        ("1303862400", "2011-04-27"),
        ("1303862400000", "2011-04-27"),
        ("45000", "2023-03-15"),
        ("20230506", "2023-05-06"),
        ("2023年5月6日", "2023-05-06"),
        ("2023年5月6日 12:00", "2023-05-06 12:00"),
        ("09 4, 2015", "2015-09-04"),
        ("May 6, 2023", "2023-05-06"),
    ],
)
def test_single_date_formats(value, expected):
    assert _dates([value]).values.iloc[0] == pd.Timestamp(expected)


def test_day_first_decided_by_any_first_field_above_12():
    parsed = _dates(["03/04/2023", "25/04/2023"])
    assert parsed.order == "day-first"
    assert parsed.values.tolist() == [pd.Timestamp("2023-04-03"), pd.Timestamp("2023-04-25")]


def test_month_first_decided_by_any_second_field_above_12():
    parsed = _dates(["03/04/2023", "04/25/2023"])
    assert parsed.order == "month-first"
    assert parsed.values.tolist() == [pd.Timestamp("2023-03-04"), pd.Timestamp("2023-04-25")]


def test_ambiguous_column_reports_its_assumption():
    assert "assumed" in _dates(["03/04/2023", "04/05/2023"]).order
    dotted = _dates(["03.04.2023"])
    assert dotted.order.startswith("day-first") and dotted.values.iloc[0].month == 4


def test_unparseable_dates_are_counted_not_guessed():
    parsed = _dates(["2023-01-01", "next tuesday", "", "May"])
    assert parsed.missing == 1 and parsed.unparsed == 2
    assert parsed.values.isna().tolist() == [False, True, True, True]


def _ratings(values):
    return parse_ratings(pd.Series(values, dtype=object))


@pytest.mark.parametrize(
    "values,expected,scale",
    [
        (["1", "5", "3"], [1, 5, 3], "1-5"),
        (["1", "10", "4"], [1, 5, 1 + 4 * 3 / 9], "1-10"),
        (["0", "100", "50"], [1, 5, 3], "0-100"),
        (["0.25", "1.0"], [2, 5], "0-1"),
        (["4,5", "2"], [4.5, 2], "1-5"),
    ],
)
def test_numeric_rating_scale_is_inferred_from_the_column(values, expected, scale):
    parsed = _ratings(values)
    assert parsed.scale == scale
    assert parsed.values.tolist() == pytest.approx(expected)


@pytest.mark.parametrize(
    "value,expected",
    [("4.0 out of 5 stars", 4), ("★★★★☆", 4), ("★★☆☆☆", 2), ("4/5", 4), ("8/10", 1 + 4 * 7 / 9),
     ("80%", 4.2), ("4星", 4), ("五星", 5), ("3分", 3), ("2 stars", 2)],
)
def test_self_describing_ratings(value, expected):
    assert _ratings([value]).values.iloc[0] == pytest.approx(expected)


def test_out_of_scale_and_unreadable_ratings_are_nan_and_counted():
    parsed = _ratings(["5", "7/5", "great", ""])
    assert parsed.unparsed == 2 and parsed.missing == 1
    assert math.isnan(parsed.values.iloc[1]) and math.isnan(parsed.values.iloc[2])


@pytest.mark.parametrize(
    "text,codec",
    [("评论内容,评分\n质量很好，送货也快,5\n打印机卡纸严重,1\n", "gbk"),
     ("text\nDer Drucker ist schön und schnell. Größe passt.\n", "cp1252"),
     ("texto\nLa impresión es excelente, pero el envío tardó mucho. ¡Qué pena!\n", "latin-1")],
)
def test_legacy_encodings_are_detected(text, codec):
    data = text.encode(codec)
    decoded, used = decode(data, "f.csv")
    assert decoded == text
    assert used in {"gb18030", "cp1252", "latin-1"}


def test_boms_are_sniffed_and_skipped():
    assert detect_encoding(b"\xef\xbb\xbftext", "f") == ("utf-8-sig", 3)
    assert detect_encoding("text".encode("utf-16"), "f")[0].startswith("utf-16")
    assert decode("text,a\nx,1\n".encode("utf-16-le"), "f")[0] == "text,a\nx,1\n"


def test_binary_data_is_refused():
    with pytest.raises(IngestError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "img.csv")


@pytest.mark.parametrize(
    "text,delimiter",
    [("a,b,c\n1,2,3\n", ","), ("a;b;c\n1;2,5;3\n", ";"), ("a\tb\n1\t2\n", "\t"),
     ("a|b\n1|2\n", "|"), ('a;b\n"x, y, z";1\n"p, q";2\n', ";")],
)
def test_delimiter_sniffing(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_header_normalization():
    assert normalize_header(" Review_Text ") == "reviewtext"
    assert normalize_header("Star Rating") == "starrating"
    assert normalize_header("商品ID") == "商品id"


def test_content_check_overrides_a_misleading_header():
    frame = pd.DataFrame({"rating": ["Loved it, works great"] * 5, "body": ["ok text"] * 5})
    mapping = map_columns(frame, "f.csv")
    assert mapping["rating"] is None


def test_long_text_under_a_product_like_header_is_not_taken_as_product():
    text = "这台打印机速度很快，打印效果清晰，包装也很好"
    frame = pd.DataFrame({"商品评价": [text] * 3, "评分": ["5", "4", "5"]})
    mapping = map_columns(frame, "f.csv")
    assert mapping["product_id"] is None
    assert mapping["text"] == "商品评价"
