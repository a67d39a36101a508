"""Read any tabular export (CSV/TSV, XLSX, JSON array, JSON Lines, gzipped or not) as strings.

:func:`read_table` returns a :class:`RawTable` whose frame has every column as text (``""`` for
an empty cell) under the file's original headers, so later stages (column mapping, date and
rating parsing) see exactly what the user's file says. Rows the parser cannot use (a CSV line
with more fields than the header, a JSON line that is not valid JSON) are listed in
``bad_rows`` with a reason instead of failing the whole file or disappearing.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from pathlib import Path

import pandas as pd

from analysis.errors import IngestError
from analysis.ingest import limits as ingest_limits
from analysis.ingest.delimited import SINGLE_COLUMN, read_delimited, sniff_delimiter
from analysis.ingest.encodings import decode
from analysis.ingest.rawtable import RawTable
from analysis.ingest.workbook import read_xlsx

_MARKUP = re.compile(r"^\s*<(?:!doctype\s+html|html|\?xml|head|body|table)\b", re.IGNORECASE)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # an archive with files; an empty archive
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_GZIP_MAGIC = b"\x1f\x8b"


def read_table(path: str | Path, delimiter: str | None = None) -> RawTable:
    """Read a review or sales export into a :class:`RawTable` (format and encoding detected)."""
    path = Path(path)
    source = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(source, f"the file could not be opened ({exc.strerror}).") from None
    return read_bytes(data, source, delimiter=delimiter)


def read_bytes(data: bytes, source: str, delimiter: str | None = None) -> RawTable:
    """Like :func:`read_table` for bytes already in memory (e.g. a browser upload)."""
    ingest_limits.check_file_size(len(data), source)
    compressed = data.startswith(_GZIP_MAGIC)
    if compressed:
        data = _gunzip(data, source)
    if not data.strip():
        raise IngestError(
            source,
            "the file is empty (no header and no rows). Export the reviews again and check "
            "that the export finished before uploading.",
        )
    suffix = ".gz" if compressed else ""
    notes: list[str] = []
    if data.startswith(_ZIP_MAGIC):
        member = _single_table_in_zip(data, source)
        if member is not None:
            return read_bytes(member, source, delimiter=delimiter)
        ingest_limits.check_xlsx(data, source)
        table = read_xlsx(data, source)
    elif data.startswith(_OLE_MAGIC):
        raise IngestError(
            source,
            "this is an old binary Excel (.xls) or other OLE file, which is not supported. Open "
            "it in Excel or LibreOffice and save it as .xlsx or CSV UTF-8, then upload that.",
        )
    else:
        text, encoding = decode(data, source, notes)
        stripped = text.lstrip()
        if not stripped:
            raise IngestError(source, "the file holds only whitespace: there are no rows.")
        if stripped[0] in "[{":
            nesting = ingest_limits.check_json_depth(
                text, source, raw=data if encoding == "utf-8" else None)
        if stripped[0] == "[":
            table = _read_json_array(text, source, encoding)
        elif stripped[0] == "{":
            table = _read_json_object_or_lines(text, source, encoding, nesting.lines_complete)
        elif _MARKUP.match(stripped[:200]):
            raise IngestError(
                source,
                "this is a web page (HTML/XML), not a table of reviews: it was probably saved "
                "from the browser instead of downloaded as an export. Use the site's export or "
                "download button to get a CSV, XLSX or JSON file and upload that.",
            )
        else:
            table = read_delimited(text, source, encoding, delimiter)
    table.format += suffix
    table.notes = notes + table.notes
    ingest_limits.check_rows(table.rows_read, source)
    if table.rows_read == 0:
        raise IngestError(
            source,
            f"the file has a header row ({_preview(list(table.frame.columns))}) but no data "
            "rows. Export the reviews again, including the rows, and upload that file.",
        )
    return table


def _gunzip(data: bytes, source: str) -> bytes:
    return ingest_limits.gunzip(data, source)  # bounded: a bomb stops after a few MB


def _single_table_in_zip(data: bytes, source: str) -> bytes | None:
    """The one file inside a plain ZIP archive (not a workbook), or None for an XLSX.

    An archive holding several files is refused with a message saying to extract one.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None  # damaged: let the workbook reader report it
    names = [n for n in archive.namelist() if not n.endswith("/")
             and not n.startswith("__MACOSX/")]
    if "[Content_Types].xml" in names:
        return None
    if not names:
        raise IngestError(source, "this ZIP archive is empty: it holds no files. Create it "
                                  "again with the review export inside, or upload the export "
                                  "itself.")
    if len(names) != 1:
        raise IngestError(
            source,
            f"this ZIP archive holds {len(names)} files ({', '.join(names[:5])}). Extract the "
            "review export from it and upload that file on its own.",
        )
    try:
        return ingest_limits.read_zip_member(archive, names[0], len(data), source)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise IngestError(
            source, f"the ZIP archive is damaged ({exc}). Create it again and re-upload."
        ) from None


# ---------------------------------------------------------------------------- JSON


def _cell_text(value: object) -> str:
    """A JSON value as the text a spreadsheet would show (lists/objects stay as JSON)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value != value:  # NaN from json_normalize gaps
        return ""
    return str(value)


def _records_frame(records: list[dict]) -> pd.DataFrame:
    """Flatten nested objects into dotted column names; every cell becomes text."""
    if any(isinstance(v, dict) for rec in records[:1000] for v in rec.values()):
        frame = pd.json_normalize(records, sep=".")
    else:
        frame = pd.DataFrame.from_records(records)
    for col in frame.columns:
        kind = pd.api.types.infer_dtype(frame[col], skipna=False)
        if kind == "string":
            frame[col] = frame[col].astype(object)
        elif kind == "integer":
            frame[col] = frame[col].astype(str).astype(object)
        else:  # floats, booleans, nested lists, gaps: cell by cell
            frame[col] = frame[col].map(_cell_text).astype(object)
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _wraps_records(payload: object) -> bool:
    """An object whose single list value holds the records, e.g. ``{"reviews": [{...}]}``."""
    if not isinstance(payload, dict):
        return False
    lists = [v for v in payload.values() if isinstance(v, list)]
    return len(lists) == 1 and bool(lists[0]) and all(isinstance(x, dict) for x in lists[0])


def _parse_json(text: str, source: str, looks_like: str) -> object:
    """``json.loads`` with an IngestError that says where the file stops being valid."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(
            source,
            f"the file starts like {looks_like} but is not valid JSON (line {exc.lineno}, column "
            f"{exc.colno}: {exc.msg}). Export it again or convert it to CSV.",
        ) from None


def _read_json_array(text: str, source: str, encoding: str) -> RawTable:
    payload = _parse_json(text, source, "a JSON array")
    return _table_from_records(payload, source, encoding, "json")


def _table_from_records(payload: object, source: str, encoding: str, fmt: str) -> RawTable:
    if isinstance(payload, dict):
        lists = [v for v in payload.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise IngestError(
                source,
                "the JSON object does not hold one list of reviews. Provide a JSON array of "
                "objects (one per review), an object with a single such list, or JSON Lines.",
            )
        payload = lists[0]
    if not isinstance(payload, list) or not payload:
        raise IngestError(source, "the JSON holds no records: expected a non-empty array.")
    bad: list[tuple[int, str]] = []
    records: list[dict] = []
    numbers: list[int] = []
    for i, item in enumerate(payload, start=1):
        if isinstance(item, dict):
            records.append(item)
            numbers.append(i)
        else:
            bad.append((i, f"record is a JSON {type(item).__name__}, not an object"))
    if not records:
        raise IngestError(source, "the JSON array holds no objects (one object per review).")
    return RawTable(_records_frame(records), source, fmt, encoding, bad, numbers)


def _loads_line(line: str) -> object:
    """One JSON Lines record; a trailing comma (an array's separator left in) is tolerated."""
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        stripped = line.rstrip()
        if stripped.endswith(",") and len(stripped) > 1:
            return json.loads(stripped[:-1])
        raise


def _loads_lines(lines: list[str]) -> list[object] | None:
    """All lines parsed in one ``json.loads`` call (about a third faster than one call per
    line), or None when that is not exactly one value per line (a line does not parse, has a
    trailing comma, or holds two values): then each line is parsed on its own.

    Only called when no line runs on into the next (``Nesting.lines_complete``), so no value
    can span lines and a count of one value per line means value ``i`` is line ``i``.
    """
    try:
        values = json.loads("[" + ",".join(lines) + "]")
    except (json.JSONDecodeError, RecursionError):
        return None
    return values if len(values) == len(lines) else None


def _read_json_object_or_lines(text: str, source: str, encoding: str,
                               lines_complete: bool = False) -> RawTable:
    """A JSON object holding a list of records, or JSON Lines (one record per line).

    ``lines_complete``: :attr:`~analysis.ingest.jsonscan.Nesting.lines_complete` of the text.
    """
    # Split on newlines only: U+2028 and friends may stand unescaped inside JSON strings.
    filled = [line for line in text.split("\n") if line.strip()]
    try:
        head = _loads_line(filled[0])
        one_per_line = True
    except json.JSONDecodeError:
        one_per_line = False
    if one_per_line and len(filled) == 1 and _wraps_records(head):
        return _table_from_records(head, source, encoding, "json")
    if not one_per_line:
        payload = _parse_json(text, source, "JSON or JSON Lines")
        return _table_from_records(payload, source, encoding, "json")
    records: list[dict] = []
    numbers: list[int] = []
    bad: list[tuple[int, str]] = []
    values = _loads_lines(filled) if lines_complete else None
    for record_no, line in enumerate(filled, start=1):
        if values is not None:
            item = values[record_no - 1]
        else:
            try:
                item = _loads_line(line)
            except json.JSONDecodeError as exc:
                bad.append((record_no, f"line is not valid JSON ({exc.msg})"))
                continue
        if not isinstance(item, dict):
            bad.append((record_no, f"line is a JSON {type(item).__name__}, not an object"))
            continue
        records.append(item)
        numbers.append(record_no)
    if not records:
        raise IngestError(source, "no line of this JSON Lines file is a JSON object.")
    return RawTable(_records_frame(records), source, "jsonl", encoding, bad, numbers)




def _preview(columns: list[str]) -> str:
    shown = ", ".join(repr(c) for c in columns[:8])
    return shown + (", ..." if len(columns) > 8 else "")


__all__ = ["SINGLE_COLUMN", "RawTable", "read_bytes", "read_table", "sniff_delimiter"]
