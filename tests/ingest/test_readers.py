"""read_table: the shared reader (reviews and sales) keeps every cell as the text of the file."""

from __future__ import annotations

import codecs
import gzip
import json

import pandas as pd

from analysis.ingest import read_bytes, read_table


def test_all_cells_are_strings_with_original_headers(tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text("Week,Units Sold,Store\n2024-01-01,0012,A\n2024-01-08,,B\n")
    table = read_table(path)
    assert list(table.frame.columns) == ["Week", "Units Sold", "Store"]
    assert table.frame["Units Sold"].tolist() == ["0012", ""]  # leading zeros, empty kept
    assert table.format == "csv" and table.encoding == "utf-8" and table.source == "sales.csv"
    assert table.rows_read == 2


def test_format_and_encoding_are_reported(tmp_path):
    path = tmp_path / "x.tsv.gz"
    path.write_bytes(gzip.compress(codecs.BOM_UTF8 + b"a\tb\n1\t2\n"))
    table = read_table(path)
    assert (table.format, table.encoding) == ("tsv.gz", "utf-8-sig")
    assert table.frame.to_dict("records") == [{"a": "1", "b": "2"}]


def test_xlsx_cells_become_text(tmp_path):
    path = tmp_path / "s.xlsx"
    pd.DataFrame({"week": pd.to_datetime(["2024-01-01"]), "units": [12]}).to_excel(path,
                                                                                    index=False)
    table = read_table(path)
    assert table.format == "xlsx"
    assert table.frame.iloc[0].tolist() == ["2024-01-01 00:00:00", "12"]


def test_jsonl_bad_lines_are_reported_with_record_numbers():
    data = b'{"a": 1}\n\n{"a": 2, "b": {"c": true}}\nnot json\n[1, 2]\n'
    table = read_bytes(data, "x.jsonl")
    assert table.frame.to_dict("records") == [{"a": "1", "b.c": ""}, {"a": "2", "b.c": "true"}]
    assert table.bad_rows[0][0] == 3 and "not valid JSON" in table.bad_rows[0][1]
    assert table.bad_rows[1] == (4, "line is a JSON list, not an object")
    assert table.record_numbers().tolist() == [1, 2]


def test_jsonl_read_in_one_call_or_line_by_line_gives_the_same_records():
    good = b'{"t": "a"}\r\n  {"t": "b \\"[x\\" {"}\n\n[3]\n{"t": "\\u2028 d"}\n'
    table = read_bytes(good, "good.jsonl")  # every line complete: parsed in one call
    assert table.frame["t"].tolist() == ["a", 'b "[x" {', "\u2028 d"]
    assert table.bad_rows == [(3, "line is a JSON list, not an object")]
    assert table.record_numbers().tolist() == [1, 2, 4]
    # Two values on one line, a trailing comma, a record broken over two lines: each line is
    # then read on its own, so every record keeps its own number.
    mixed = (b'{"t": "a"}\n{"t": "b"}, {"t": "c"}\n{"t": "d"},\n'
             b'{"t": [1,\n2]}\n{"t": "e"}\n')
    table = read_bytes(mixed, "mixed.jsonl")
    assert table.frame["t"].tolist() == ["a", "d", "e"]
    assert [row for row, _ in table.bad_rows] == [2, 4, 5]
    assert table.record_numbers().tolist() == [1, 3, 6]


def test_json_object_wrapping_one_list_is_accepted():
    data = json.dumps({"meta": {"n": 2}, "reviews": [{"t": "x"}, {"t": "y"}]}).encode()
    assert read_bytes(data, "x.json").frame["t"].tolist() == ["x", "y"]
