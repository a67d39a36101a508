"""Hostile uploads are refused early, with a clear message and bounded memory.

The bomb files are built in tmp_path. Memory is checked with tracemalloc's peak (Python
allocations: the decompressed bytes would show up there), never with timings.
"""

from __future__ import annotations

import gzip
import io
import tracemalloc
import zipfile

import pytest

from analysis.errors import IngestError
from analysis.ingest import limits as ingest_limits
from analysis.ingest.limits import MB, UploadLimits
from analysis.ingest.readers import read_bytes, read_table


def _peak(call) -> tuple[Exception | None, int]:
    tracemalloc.start()
    error = None
    try:
        call()
    except IngestError as exc:
        error = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return error, peak


def _zeros_gzip(path, size: int) -> None:
    """``size`` bytes of a CSV header plus zeros, gzip-compressed, written in steps."""
    block = b"0" * MB
    with gzip.open(path, "wb", compresslevel=6) as out:
        out.write(b"text,rating\n")
        for _ in range(size // MB):
            out.write(block)


def test_a_1gb_gzip_bomb_is_refused_in_bounded_memory(tmp_path):
    bomb = tmp_path / "reviews.csv.gz"
    _zeros_gzip(bomb, 1024 * MB)
    assert bomb.stat().st_size < 5 * MB
    error, peak = _peak(lambda: read_table(bomb))
    assert error is not None and "compression bomb" in str(error)
    assert "reviews.csv.gz" in str(error)
    assert peak < 120 * MB  # stopped at 50x the ~1 MB input, not at 1 GB


def test_a_zip_bomb_member_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("reviews.csv", "w", force_zip64=True) as member:
        member.write(b"text,rating\n")
        for _ in range(512):
            member.write(b"a" * MB)
    data = buffer.getvalue()
    error, peak = _peak(lambda: read_bytes(data, "export.zip"))
    assert error is not None and "ZIP member reviews.csv" in str(error)
    assert peak < 120 * MB


def _xlsx(sheet_xml: bytes, shared: list[bytes] | None = None, repeat: int = 1) -> bytes:
    """A minimal workbook around one worksheet (and optional shared strings: the middle part
    written ``repeat`` times, so a huge member never exists in the test's memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
                head, middle, tail = shared
                member.write(head)
                for _ in range(repeat):
                    member.write(middle)
                member.write(tail)
    return buffer.getvalue()


def test_xlsx_with_huge_declared_dimensions_is_refused_before_loading():
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData/>'
             b"</worksheet>")
    with pytest.raises(IngestError, match="1,048,576 rows x 16,384 columns"):
        read_bytes(_xlsx(sheet), "huge.xlsx")


def test_xlsx_shared_string_bomb_is_refused_in_bounded_memory():
    one = b"<si><t>" + b"x" * (4 * MB) + b"</t></si>"
    shared = [b'<sst count="200" uniqueCount="200">', one, b"</sst>"]
    data = _xlsx(b'<worksheet><dimension ref="A1:B2"/></worksheet>', shared, repeat=200)
    assert len(data) < 5 * MB  # 800 MB of shared strings inside
    error, peak = _peak(lambda: read_bytes(data, "strings.xlsx"))
    assert error is not None and "sharedStrings.xml" in str(error)
    assert peak < 40 * MB  # chunks are counted and dropped


def test_deeply_nested_json_is_refused_with_the_position():
    text = "[" * 100_000 + "]" * 100_000
    with pytest.raises(IngestError, match="nested more than 64 levels"):
        read_bytes(text.encode(), "deep.json")
    lines = '{"text": "fine", "x": ' + "[" * 5000 + "]" * 5000 + "}\n"
    with pytest.raises(IngestError, match="nested more than"):
        read_bytes(lines.encode(), "deep.jsonl")


def test_brackets_inside_strings_do_not_count():
    text = '[{"text": "' + "[[[[" * 100 + '", "rating": "5"}]'
    assert len(read_bytes(text.encode(), "ok.json").frame) == 1


def test_escaped_quotes_and_a_broken_jsonl_line_do_not_fool_the_depth_check():
    deep_text = "[" * 70
    lines = ('{"text": "a \\"quoted\\" [[[ \\\\", "rating": "5"}\n'
             '{"text": "cut off here\n'
             f'{{"text": "{deep_text}", "rating": "4"}}\n')
    table = read_bytes(lines.encode(), "broken.jsonl")
    assert list(table.frame["text"]) == ['a "quoted" [[[ \\', deep_text]
    assert [row for row, _ in table.bad_rows] == [2]
    with pytest.raises(IngestError, match=r"nested more than 64 levels deep \(near character 83\)"):
        read_bytes(('{"text": "\\\\", "x": ' + "[" * 64 + "]" * 64 + "}").encode(), "deep.json")


def test_file_size_and_row_limits_come_from_one_settings_object(tmp_path, monkeypatch):
    csv = b"text,rating\n" + b"good,5\n" * 50
    monkeypatch.setenv("REVIEWLENS_LIMIT_MAX_ROWS", "20")
    with pytest.raises(IngestError, match="50 rows, over the limit of 20"):
        read_bytes(csv, "rows.csv")
    monkeypatch.setenv("REVIEWLENS_LIMIT_MAX_FILE_BYTES", "100")
    with pytest.raises(IngestError, match="over the 0 KB limit|over the"):
        read_bytes(csv, "big.csv")
    assert UploadLimits.from_env().max_rows == 20
    with pytest.raises(ValueError):
        UploadLimits(max_rows=0)


def test_ordinary_compressed_exports_still_read(tmp_path):
    csv = b"text,rating\n" + b"Battery life is great,5\n" * 2000
    assert len(read_bytes(gzip.compress(csv), "ok.csv.gz").frame) == 2000
    allowance = UploadLimits().output_allowance(len(gzip.compress(csv)))
    assert allowance == ingest_limits.UploadLimits().ratio_floor_bytes
