"""Awkward review exports, written on demand into a test's tmp_path.

Each :class:`Case` writes one file the way a real tool would (Excel's UTF-16 'Unicode text',
a GBK export from a Chinese shop back-end, a gzipped JSON Lines dump...) and states exactly what
ingesting it must give.
"""

from __future__ import annotations

import codecs
import gzip
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass
class Case:
    name: str
    write: Callable[[Path], Path]
    reviews: int
    rejected: int
    mapping: dict[str, str] = field(default_factory=dict)
    texts: list[str] | None = None  # exact review texts, in order
    ratings: list[float] | None = None
    dates: list[str] | None = None
    reasons: list[str] | None = None  # substrings of the rejection reasons, in order


def _text_file(name: str, content: str, encoding: str = "utf-8", bom: bytes = b"") -> Callable:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(bom + content.encode(encoding))
        return path
    return write


def _gzip_file(name: str, content: str) -> Callable:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(gzip.compress(content.encode("utf-8")))
        return path
    return write


def _zip_file(name: str, members: dict[str, str]) -> Callable:
    def write(folder: Path) -> Path:
        path = folder / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, content in members.items():
                archive.writestr(member, content.encode("utf-8"))
        return path
    return write


def _xlsx_file(name: str, frame: pd.DataFrame) -> Callable:
    def write(folder: Path) -> Path:
        path = folder / name
        frame.to_excel(path, index=False)
        return path
    return write


BASIC = "text,rating,date\nGreat printer,5,2024-01-02\nJams a lot,2,2024-01-03\nOkay,3,2024-01-04\n"
CN_HEADER = (
    "评论内容,评分,评论时间,商品ID\n"
    "质量很好，送货也快,5,2023年5月6日,A1\n"
    "打印机卡纸严重,1,2023年5月7日 12:00,A1\n"
)
AMAZON_LINES = [
    {"reviewerID": "A1", "asin": "B01", "reviewText": "Sturdy chair, easy assembly.",
     "overall": 5.0, "summary": "Great", "unixReviewTime": 1441324800,
     "reviewTime": "09 4, 2015", "helpful": [2, 3]},
    {"reviewerID": "A2", "asin": "B01", "reviewText": "Wobbly after a week.",
     "overall": 2.0, "summary": "Meh", "unixReviewTime": 1441411200,
     "reviewTime": "09 5, 2015", "helpful": [0, 0]},
]
NESTED_LINES = [
    {"product": {"id": "P1", "name": "Desk"}, "review": {"body": "Solid desk", "stars": 4},
     "created": "2024-03-01T10:00:00Z"},
    {"product": {"id": "P2", "name": "Lamp"}, "review": {"body": "Flickers", "stars": 1},
     "created": "2024-03-02T11:30:00+02:00"},
]


def _jsonl(records: list[dict]) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"


CASES: list[Case] = [
    Case("utf8_plain", _text_file("plain.csv", BASIC), 3, 0,
         {"text": "text", "rating": "rating", "date": "date"},
         texts=["Great printer", "Jams a lot", "Okay"], ratings=[5, 2, 3],
         dates=["2024-01-02", "2024-01-03", "2024-01-04"]),
    Case("utf8_bom", _text_file("bom.csv", BASIC, bom=codecs.BOM_UTF8), 3, 0, {"text": "text"},
         texts=["Great printer", "Jams a lot", "Okay"]),
    Case("utf16_excel_unicode_text",
         _text_file("excel.txt", BASIC.replace(",", "\t") + "Très bien\t4\t2024-01-05\n",
                    "utf-16-le", codecs.BOM_UTF16_LE), 4, 0, {"text": "text"},
         texts=["Great printer", "Jams a lot", "Okay", "Très bien"]),
    Case("gbk_chinese_header", _text_file("gbk.csv", CN_HEADER, "gbk"), 2, 0,
         {"text": "评论内容", "rating": "评分", "date": "评论时间", "product_id": "商品ID"},
         texts=["质量很好，送货也快", "打印机卡纸严重"], ratings=[5, 1],
         dates=["2023-05-06 00:00:00", "2023-05-07 12:00:00"]),
    Case("gb18030_tsv",
         _text_file("gb.tsv", "内容\t星级\n纸张卡住了，很失望的一次购买体验\t2\n"
                    "外观漂亮，物超所值\t★★★★★\n", "gb18030"), 2, 0,
         {"text": "内容", "rating": "星级"},
         texts=["纸张卡住了，很失望的一次购买体验", "外观漂亮，物超所值"], ratings=[2, 5]),
    Case("cp1252_smart_quotes",
         _text_file("win.csv", "comment;stars\n“Très” bon café – crème;5\nSo-so naïve design;3\n",
                    "cp1252"), 2, 0, {"text": "comment", "rating": "stars"},
         texts=["“Très” bon café – crème", "So-so naïve design"]),
    Case("latin1_spanish",
         _text_file("es.csv", "review|score\nLlegó rápido, buena impresión y señal|4\n"
                    "El envío tardó muchísimo, qué pena|2\n", "latin-1"), 2, 0,
         {"text": "review", "rating": "score"},
         texts=["Llegó rápido, buena impresión y señal", "El envío tardó muchísimo, qué pena"]),
    Case("semicolon_decimal_comma",
         _text_file("semi.csv", "Produkt;Bewertung;Kommentar\nA;4,5;Schnelle Lieferung\n"
                    "B;2,0;Papierstau nach einer Woche\n"), 2, 0,
         {"text": "Kommentar", "rating": "Bewertung"},
         ratings=[4.5, 2.0]),
    Case("multiline_quoted",
         _text_file("multi.csv", 'id,body,stars\n1,"Line one,\nline two ""quoted""",4\n'
                    '2,"Plain, with comma",5\n'), 2, 0, {"text": "body", "review_id": "id"},
         texts=['Line one,\nline two "quoted"', "Plain, with comma"]),
    Case("exact_duplicates",
         _text_file("dups.csv", BASIC + "Great printer,5,2024-01-02\nJams a lot,2,2024-01-03\n"),
         3, 2, reasons=["exact duplicate of row 1 in dups.csv",
                        "exact duplicate of row 2 in dups.csv"]),
    Case("empty_and_blank_text",
         _text_file("blank.csv", "text,rating\nGood value,4\n,3\n   ,2\nFine,4\n"), 2, 2,
         reasons=["empty review text", "empty review text"]),
    Case("gzipped_csv", _gzip_file("export.csv.gz", BASIC), 3, 0, {"text": "text"}),
    Case("xlsx_chinese", _xlsx_file("shop.xlsx", pd.DataFrame({
        "评价内容": ["物流很快，包装完好", "噪音太大了"], "评分": [5, 2],
        "评价时间": pd.to_datetime(["2024-02-01", "2024-02-03"])})), 2, 0,
         {"text": "评价内容", "rating": "评分", "date": "评价时间"}, ratings=[5, 2],
         dates=["2024-02-01", "2024-02-03"]),
    Case("jsonl_nested", _text_file("nested.jsonl", _jsonl(NESTED_LINES)), 2, 0,
         {"text": "review.body", "rating": "review.stars", "product_id": "product.id",
          "product_name": "product.name", "date": "created"},
         texts=["Solid desk", "Flickers"], dates=["2024-03-01 10:00:00", "2024-03-02 09:30:00"]),
    Case("amazon_jsonl_gz", _gzip_file("amazon.jsonl.gz", _jsonl(AMAZON_LINES)), 2, 0,
         {"text": "reviewText", "rating": "overall", "date": "unixReviewTime",
          "product_id": "asin", "title": "summary", "author": "reviewerID",
          "helpful_votes": "helpful"},
         dates=["2015-09-04", "2015-09-05"], ratings=[5, 2]),
    Case("json_array", _text_file("array.json", json.dumps(
        [{"content": "Nice keyboard", "score": 80}, {"content": "Keys stick", "score": 20},
         {"content": "Average mouse", "score": 55}])), 3, 0,
         {"text": "content", "rating": "score"}, ratings=[4.2, 1.8, 3.2]),
    Case("day_first_dates", _text_file("dmy.csv", "text,date\nA fine chair,13-05-2023\n"
                                        "Broken leg,01-06-2023\n"), 2, 0,
         dates=["2023-05-13", "2023-06-01"]),
    Case("month_first_dates", _text_file("mdy.csv", "text,date\nA fine chair,05/13/2023\n"
                                          "Broken leg,06/01/2023\n"), 2, 0,
         dates=["2023-05-13", "2023-06-01"]),
    Case("ten_point_scale", _text_file("ten.csv", "text,rating\nSuperb,10\nPoor,1\nMeh,7\n"),
         3, 0, ratings=[5.0, 1.0, 1 + 4 * 6 / 9]),
    Case("rating_strings", _text_file("stars.csv",
         "text\trating\nGood\t4.0 out of 5 stars\nBad\t★☆☆☆☆\nOk\t3/5\nHmm\tn/a\n"), 4, 0,
         ratings=[4.0, 1.0, 3.0, float("nan")]),
    Case("too_many_fields", _text_file("ragged.csv", "text,rating\nGood,4\nBad, really bad,1\n"
                                        "Fine,3\n"), 2, 1,
         reasons=["row has 3 fields but the header has 2"]),
    Case("id_reused_with_other_text", _text_file("ids.csv", "review_id,text\n7,First text\n"
                                                  "8,Second\n7,Different text\n"), 2, 1,
         reasons=["review_id '7' already used by row 1 in ids.csv with different content"]),
    Case("unreadable_dates_kept", _text_file("baddate.csv", "text,date\nOne,2024-01-01\n"
                                              "Two,someday\nThree,\nFour,2024-01-04\n"), 4, 0,
         dates=["2024-01-01", None, None, "2024-01-04"]),
    Case("fine_food_header", _text_file("ff.csv",
         "Id,ProductId,UserId,ProfileName,HelpfulnessNumerator,HelpfulnessDenominator,Score,"
         "Time,Summary,Text\n1,B001,U1,Ann,1,1,5,1303862400,Good,Good quality dog food\n"
         "2,B002,U2,Bob,0,0,1,1346976000,Bad,Not as advertised\n"), 2, 0,
         {"review_id": "Id", "product_id": "ProductId", "author": "UserId", "rating": "Score",
          "date": "Time", "title": "Summary", "text": "Text",
          "helpful_votes": "HelpfulnessNumerator"}, dates=["2011-04-27", "2012-09-07"]),
    Case("zip_with_one_csv", _zip_file("export.zip", {"reviews.csv": BASIC}), 3, 0,
         {"text": "text"}, texts=["Great printer", "Jams a lot", "Okay"]),
    Case("single_column_with_commas",
         _text_file("one.csv", 'review\nGreat, really good value\n"Quoted, fine"\nBad\n'), 3, 0,
         {"text": "review"}, texts=["Great, really good value", "Quoted, fine", "Bad"]),
]

FAILING: list[tuple[str, Callable[[Path], Path], str]] = [
    ("empty", _text_file("empty.csv", ""), "empty"),
    ("whitespace_only", _text_file("blank.csv", " \n\n  \n"), "empty"),
    ("binary", lambda folder: _write(folder / "photo.csv", bytes(range(256)) * 8), "binary"),
    ("truncated_gzip",
     lambda folder: _write(folder / "cut.csv.gz", gzip.compress(BASIC.encode() * 50)[:40]),
     "truncated"),
    ("not_an_xlsx",
     lambda folder: _write(folder / "fake.xlsx", b"PK\x03\x04" + b"\x00garbage" * 20),
     "Excel workbook could not be read"),
    ("legacy_xls", lambda folder: _write(folder / "old.xls",
                                         b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500),
     ".xls"),
    ("no_text_column", _text_file("numbers.csv", "id,rating,votes\n1,5,3\n2,4,0\n3,1,2\n"),
     "--text-col"),
    ("broken_json", _text_file("broken.json", '[{"text": "a"}, {"text": '), "not valid JSON"),
    ("header_only_csv", _text_file("head.csv", "text,rating\n"), "but no data rows"),
    ("header_only_xlsx", _xlsx_file("head.xlsx", pd.DataFrame({"text": [], "rating": []})),
     "but no data rows"),
    ("empty_json_array", _text_file("none.json", "[]"), "no records"),
    ("zip_with_two_files", _zip_file("two.zip", {"a.csv": BASIC, "b.csv": BASIC}),
     "holds 2 files"),
]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
