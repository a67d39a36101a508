"""Hostile review files: broken quotes, stray BOMs, odd line ends, wrong extensions, damage.

Each is either handled with every row kept or reported (exact counts in the :class:`Case`), or
refused with an error naming the file and what to do (``HOSTILE_FAILING``: a fragment of it).
"""

from __future__ import annotations

import codecs
import gzip
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from tests.ingest.corpus import Case, _text_file, _write

BASIC = "text,rating\nGood value,4\nBroke in a week,1\nFine for the price,3\n"
BASIC_TEXTS = ["Good value", "Broke in a week", "Fine for the price"]
ONE_MB = "word " * 200_000


def _bytes_file(name: str, data: bytes) -> Callable[[Path], Path]:
    return lambda folder: _write(folder / name, data)


def _jsonl_lines(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _records(n: int, texts: list[str]) -> list[str]:
    return [json.dumps({"reviewText": texts[i % len(texts)], "overall": 1 + i % 5,
                        "reviewerID": f"U{i}", "unixReviewTime": 1441324800 + i * 86400})
            for i in range(n)]


def _workbook_file(name: str, sheets: dict[str, list[list]]) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        book = Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        path = folder / name
        book.save(path)
        return path
    return write


def _zip_members(name: str, members: dict[str, bytes]) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        with zipfile.ZipFile(path, "w") as archive:
            for member, content in members.items():
                archive.writestr(member, content)
        return path
    return write


THIRTY = _records(29, ["Great", "Too small", "Fits well, nice colour", "Returned it"])
THIRTY.insert(16, '{"reviewText": "cut off')

HOSTILE_CASES: list[Case] = [
    Case("unterminated_quote", _text_file("quote.csv", 'id,text,rating\n1,"fine product,5\n'
                                          "2,ok,4\n3,bad,1\n"), 2, 1,
         {"text": "text"}, texts=["ok", "bad"], ratings=[4, 1],
         reasons=["a quote opened on line 2 never closes properly"]),
    Case("quote_closing_rows_later", _text_file("late.csv", 'id,text,rating\n1,"fine,5\n'
                                                '2,ok,4\n3,"bad",1\n4,great,5\n'), 3, 1,
         texts=["ok", "bad", "great"], reasons=["a quote opened on line 2"]),
    Case("unterminated_quote_on_last_line", _text_file("lastq.csv", 'text,rating\nGood,4\n'
                                                       '"Bad,1\n'), 1, 1,
         texts=["Good"], reasons=["a quote opened on line 3 never closes properly: this row"]),
    Case("cr_only_line_ends", _text_file("mac.csv", BASIC.replace("\n", "\r")), 3, 0,
         texts=BASIC_TEXTS, ratings=[4, 1, 3]),
    Case("crlf_with_blank_lines", _text_file("blanklines.csv",
                                             BASIC.replace("\n", "\r\n\r\n")), 3, 0,
         texts=BASIC_TEXTS),
    Case("header_repeated_mid_file", _text_file("pasted.csv", BASIC + "text,rating\n"
                                                "Lovely colour,5\n"), 4, 1,
         texts=[*BASIC_TEXTS, "Lovely colour"], reasons=["repeats the header row"]),
    Case("bom_in_the_middle", _bytes_file("joined.csv", codecs.BOM_UTF8 + BASIC.encode()
                                          + codecs.BOM_UTF8 + b"text,rating\nLovely,5\n"), 4, 1,
         texts=[*BASIC_TEXTS, "Lovely"], reasons=["repeats the header row"]),
    Case("one_mb_review", _text_file("long.csv", f'text,rating\n"{ONE_MB}",5\nShort,4\n'), 2, 0,
         texts=[ONE_MB, "Short"]),
    Case("xlsx_that_is_really_a_csv", _text_file("export.xlsx", BASIC), 3, 0,
         texts=BASIC_TEXTS),
    Case("json_single_object", _text_file("one.json", '{"text": "Only review", "rating": 4}\n'),
         1, 0, texts=["Only review"], ratings=[4]),
    Case("jsonl_trailing_commas", _text_file("commas.jsonl", _jsonl_lines(
        [json.dumps({"text": t, "rating": 3}) + "," for t in BASIC_TEXTS])), 3, 0,
         texts=BASIC_TEXTS),
    Case("jsonl_lone_comma_line", _text_file("lone.jsonl", _jsonl_lines(
        [json.dumps({"text": t}) for t in BASIC_TEXTS] + [","])), 3, 1,
         reasons=["line is not valid JSON"]),
    Case("jsonl_line_separator_in_text", _text_file("ls.jsonl", _jsonl_lines(
        ['{"text": "first\u2028still first"}', '{"text": "second"}'])), 2, 0,
         texts=["first\u2028still first", "second"]),
    Case("jsonl_thirty_lines_four_texts_one_broken", _text_file("thirty.jsonl",
                                                                _jsonl_lines(THIRTY)), 29, 1,
         {"text": "reviewText"}, reasons=["line is not valid JSON"]),
    Case("json_array_with_non_objects", _text_file("mixed.json", json.dumps(
        [{"text": "Solid"}, 5, "loose string", {"text": "Weak"}])), 2, 2,
         texts=["Solid", "Weak"], reasons=["record is a JSON int", "record is a JSON str"]),
    Case("nul_padding_at_end", _bytes_file("padded.csv", BASIC.encode() + b"\x00" * 512), 3, 0,
         texts=BASIC_TEXTS),
    Case("mixed_encodings", _bytes_file("mixed.csv", "text,rating\nTrès bien,5\n".encode()
                                        + "Café crème,4\n".encode()
                                        + "“Naïve” design,3\n".encode("cp1252")), 3, 0,
         texts=["Très bien", "Café crème", "“Naïve” design"]),
    Case("utf16_be_with_bom", _bytes_file("be.csv", codecs.BOM_UTF16_BE
                                          + BASIC.encode("utf-16-be")), 3, 0, texts=BASIC_TEXTS),
    Case("tab_inside_quoted_tsv_value", _text_file("tabs.tsv", 'text\trating\n"Tab\tinside"\t5\n'
                                                   "Plain\t4\n"), 2, 0,
         texts=["Tab\tinside", "Plain"]),
    Case("trailing_delimiters", _text_file("trail.csv", "text,rating,\nGood value,4,\n"
                                           "Broke,1,\n"), 2, 0, texts=["Good value", "Broke"]),
    Case("short_rows_padded", _text_file("short.csv", "text,rating,date\nGood,4\nBad\n"), 2, 0,
         texts=["Good", "Bad"], ratings=[4, float("nan")]),
    Case("formula_text_kept_exactly", _text_file("formula.csv",
                                                 "text,rating\n\"=cmd|' /C calc'!A0\",1\n"), 1, 0,
         texts=["=cmd|' /C calc'!A0"]),
    Case("xlsx_title_row_and_summary_sheet", _workbook_file("book.xlsx", {
        "Summary": [["Report"], ["Rows", 2]],
        "Reviews": [["Export of 2024-03"], ["Comment", "Stars"], ["Soft and warm", 5],
                    ["Pilled after a wash", 2]]}), 2, 0, {"text": "Comment", "rating": "Stars"},
         texts=["Soft and warm", "Pilled after a wash"], ratings=[5, 2]),
]

HOSTILE_FAILING: list[tuple[str, Callable[[Path], Path], str]] = [
    ("html_saved_as_csv", _text_file("page.csv", "<!DOCTYPE html>\n<html><body><table><tr>"
                                     "<td>Good</td></tr></table></body></html>\n"), "web page"),
    ("xml_saved_as_csv", _text_file("feed.csv", '<?xml version="1.0"?>\n<reviews><r>Good</r>'
                                    "</reviews>\n"), "web page"),
    ("one_mb_single_line", _text_file("blob.csv", ONE_MB), "no table structure"),
    ("nul_bytes_inside", _bytes_file("damaged.csv", BASIC.encode() + b"Bro\x00ke,1\n"
                                     + b"Fine,3\n" * 300), "NUL byte"),
    ("json_object_not_a_list", _text_file("object.json", json.dumps(
        {"shop": "A", "summary": {"count": 2}}, indent=2)), "does not hold one list"),
    ("jsonl_every_line_broken", _text_file("bad.jsonl", '{"text": "a",\n{"text": "b",\n'),
     "not valid JSON"),
    ("zip_with_no_files", _zip_members("empty.zip", {}), "ZIP archive is empty"),
    ("zip_with_two_csvs", _zip_members("pair.zip", {"a.csv": BASIC.encode(),
                                                    "b.csv": BASIC.encode()}), "Extract"),
    ("header_quote_never_closes", _text_file("head.csv", '"text,rating\nGood,4\nBad,1\n'),
     "header row (line 1) has a quote that never closes"),
    ("bom_and_blank_lines_only", _bytes_file("bom.csv", codecs.BOM_UTF8 + b"\n\n  \n"),
     "no rows"),
    ("xlsx_every_sheet_empty", _workbook_file("blank.xlsx", {"A": [], "B": []}),
     "every sheet of the workbook is empty"),
    ("gzip_of_an_empty_file", _bytes_file("empty.csv.gz", gzip.compress(b"")), "empty"),
    ("utf16_header_only", _bytes_file("head16.csv", codecs.BOM_UTF16_LE
                                      + "text,rating\n".encode("utf-16-le")), "no data rows"),
]
