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


def test_json_object_wrapping_one_list_is_accepted():
    data = json.dumps({"meta": {"n": 2}, "reviews": [{"t": "x"}, {"t": "y"}]}).encode()
    assert read_bytes(data, "x.json").frame["t"].tolist() == ["x", "y"]
