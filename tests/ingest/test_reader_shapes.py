"""Reader robustness on the file shapes real exports come in (small synthetic files)."""

from __future__ import annotations

import codecs

import pandas as pd
from openpyxl import Workbook

from analysis.ingest import ingest_reviews, read_bytes, read_table

PLAY_HEADER = ("Package Name,App Version Code,App Version Name,Reviewer Language,Device,"
               "Review Submit Date and Time,Review Submit Millis Since Epoch,"
               "Review Last Update Date and Time,Review Last Update Millis Since Epoch,"
               "Star Rating,Review Title,Review Text,Developer Reply Date and Time,"
               "Developer Reply Millis Since Epoch,Developer Reply Text,Review Link")


def _workbook(path, sheets: dict[str, list[list]]):
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_xlsx_with_summary_sheet_first_and_a_title_row_above_the_header(tmp_path):
    path = _workbook(tmp_path / "shop.xlsx", {
        "Summary": [["Shop report"], ["Reviews", 3], ["Average", 3.7]],
        "Reviews": [["Product reviews export - March 2024"], [],
                    ["Product", "Rating", "Review Content", "Date"],
                    ["P1", 5, "Arrived quickly, works well", "2024-03-01"],
                    ["P2", 2, "Stopped charging after two days", "2024-03-02"],
                    [],
                    ["P1", 4, "Good value for the price", "2024-03-04"]],
    })
    table = read_table(path)
    assert list(table.frame.columns) == ["Product", "Rating", "Review Content", "Date"]
    assert table.frame["Review Content"].tolist()[1] == "Stopped charging after two days"
    assert table.row_numbers == [1, 2, 4]  # records counted from the header; blank row kept out
    assert any("read sheet 'Reviews' of 2" in note for note in table.notes)
    assert any("header is on row 3" in note for note in table.notes)
    result = ingest_reviews(path)
    assert result.mappings["shop.xlsx"]["text"] == "Review Content"
    assert result.reviews["rating"].tolist() == [5.0, 2.0, 4.0]


def test_xlsx_without_a_review_sheet_reads_the_first_and_says_so(tmp_path):
    path = _workbook(tmp_path / "book.xlsx", {
        "First": [["a", "b"], ["Soft and warm, lovely", "x"]],
        "Second": [["c", "d"], ["1", "2"]],
    })
    table = read_table(path)
    assert list(table.frame.columns) == ["a", "b"]
    assert any("read the first sheet 'First' of 2" in note for note in table.notes)


def test_google_play_console_csv_in_utf16_with_bom(tmp_path):
    rows = [
        'com.example.app,120,1.2.0,en,pixel7,2024-03-01T10:00:00Z,1709287200000,'
        '2024-03-01T10:00:00Z,1709287200000,5,,"Love it, works offline",,,,'
        'http://play.google.com/x',
        'com.example.app,120,1.2.0,de,a52,2024-03-02T11:00:00Z,1709377200000,'
        '2024-03-02T11:00:00Z,1709377200000,1,,"Stürzt beim Start ab",2024-03-03T09:00:00Z,'
        '1709456400000,"Thanks, fixed in 1.2.1",http://play.google.com/y',
    ]
    path = tmp_path / "reviews_reviews_com.example.app_202403.csv"
    content = PLAY_HEADER + "\n" + "\n".join(rows) + "\n"
    path.write_bytes(codecs.BOM_UTF16_LE + content.encode("utf-16-le"))
    result = ingest_reviews(path)
    mapping = result.mappings[path.name]
    assert (mapping["text"], mapping["rating"], mapping["title"]) == (
        "Review Text", "Star Rating", "Review Title")
    assert mapping["date"] == "Review Submit Date and Time"
    assert result.reviews["text"].tolist() == ["Love it, works offline", "Stürzt beim Start ab"]
    assert result.stats[path.name]["encoding"] == "utf-16-le"


def test_gbk_csv_with_chinese_headers(tmp_path):
    content = ("订单编号,商品名称,评价内容,评分,评价时间,买家昵称\n"
               "1001,蓝牙耳机,音质很好，续航也不错,5,2024-01-05 10:00:00,小王\n"
               "1002,蓝牙耳机,用了两天就断连，很失望,1,2024-01-06 12:30:00,阿李\n"
               "1003,充电宝,\"容量足,充电快\",4,2024-01-07 08:15:00,张三\n")
    path = tmp_path / "taobao.csv"
    path.write_bytes(content.encode("gbk"))
    result = ingest_reviews(path)
    mapping = result.mappings["taobao.csv"]
    assert (mapping["text"], mapping["rating"], mapping["date"]) == ("评价内容", "评分", "评价时间")
    assert mapping["product_name"] == "商品名称"
    assert result.reviews["text"].tolist() == ["音质很好，续航也不错", "用了两天就断连，很失望",
                                               "容量足,充电快"]
    assert result.stats["taobao.csv"]["encoding"] == "gb18030"


def test_unterminated_quote_reports_its_line_and_keeps_the_rows_after_it():
    table = read_bytes(b'id,text,rating\n1,"fine product,5\n2,ok,4\n3,bad,1\n', "q.csv")
    assert table.frame.values.tolist() == [["2", "ok", "4"], ["3", "bad", "1"]]
    assert table.row_numbers == [2, 3]
    [(row, reason)] = table.bad_rows
    assert row == 1
    assert reason.startswith("a quote opened on line 2 never closes properly")
    assert "2 line(s) after it" in reason


def test_quote_closing_rows_later_does_not_swallow_them():
    data = b'id,text,rating\n1,"fine product,5\n2,ok,4\n3,"bad",1\n4,great,5\n'
    table = read_bytes(data, "q.csv")
    assert table.frame["text"].tolist() == ["ok", "bad", "great"]
    assert [row for row, _ in table.bad_rows] == [1]


def test_multiline_quoted_text_with_commas_stays_one_value():
    data = b'id,text,rating\n1,"Pros: cheap, light, fast\nCons: none",5\n2,ok,4\n'
    table = read_bytes(data, "m.csv")
    assert table.frame["text"].tolist() == ["Pros: cheap, light, fast\nCons: none", "ok"]
    assert table.bad_rows == []


def test_stray_quote_inside_one_line_is_read_leniently():
    data = b'text,rating\nThe "best" pan,5\n"Nice" enough really,4\n2 "inch" bigger,3\n'
    table = read_bytes(data, "s.csv")
    assert table.rows_read == 3 and table.bad_rows == []


def test_cr_only_line_ends():
    table = read_bytes(b"text,rating\rGood,4\rBad,1\r", "mac.csv")
    assert table.frame.values.tolist() == [["Good", "4"], ["Bad", "1"]]


def test_mixed_utf8_and_cp1252_lines_are_each_decoded():
    data = ("text,rating\nTrès bien,5\nCafé crème,4\n".encode()
            + "“Naïve” design,3\n".encode("cp1252"))
    table = read_bytes(data, "mixed.csv")
    assert table.frame["text"].tolist() == ["Très bien", "Café crème", "“Naïve” design"]
    assert table.encoding == "utf-8+cp1252"
    assert "the first is line 4" in table.notes[0]


def test_xlsx_dates_and_numbers_stay_text_for_the_parsers(tmp_path):
    path = _workbook(tmp_path / "d.xlsx", {"Sheet": [["text", "date", "stars"],
                                                     ["Fine", pd.Timestamp("2024-02-01"), 4]]})
    frame = read_table(path).frame
    assert frame.loc[0, "date"].startswith("2024-02-01") and frame.loc[0, "stars"] == "4"
