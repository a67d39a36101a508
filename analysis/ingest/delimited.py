"""Read delimited text (CSV, TSV, semicolon or pipe separated) into a :class:`RawTable`.

The fast path is pandas' C parser. It hands over to a record-by-record reader when it fails
(a row with more fields than the header, a quote that never closes) or when a cell spans
lines in a way strict CSV rules reject: a quote that opens and never closes properly would
otherwise swallow the rows after it into one text. The careful reader reports such a row with
the line where its quote opened and reads the lines after it as rows again. Checking costs
one ``str.count`` on files without multi-line cells, so big clean files stay fast.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

import pandas as pd

from analysis.errors import IngestError
from analysis.ingest.rawtable import RawTable
from analysis.ingest.workbook import dedupe_names

DELIMITERS = [",", ";", "\t", "|"]
SINGLE_COLUMN = "\x1f"  # a separator that never occurs in text: the whole line is one field


def normalize_line_ends(text: str) -> str:
    """Old Mac exports end lines with a bare CR: make those newlines (CRLF is left alone)."""
    if "\r" in text and "\n" not in text:
        return text.replace("\r", "\n")
    return text


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter giving the most consistent field count (>1) over a sample of rows.

    Parses the sample with the csv module, so quoted fields (with delimiters or newlines
    inside) do not mislead the count the way counting characters per line would. A file whose
    header holds none of the delimiters is one column: :data:`SINGLE_COLUMN` is returned, so
    unquoted commas inside its values do not split them.
    """
    sample = text[:65536]
    cut = sample.rfind("\n")
    if cut > 0 and len(text) > len(sample):
        sample = sample[:cut]
    header = sample.split("\n", 1)[0]
    if not any(delim in header for delim in DELIMITERS):
        return SINGLE_COLUMN
    best, best_score = ",", (-1.0, 0)
    for delim in DELIMITERS:
        rows = list(csv.reader(io.StringIO(sample), delimiter=delim))[:200]
        rows = [r for r in rows if r]
        if not rows:
            continue
        counts = Counter(len(r) for r in rows)
        mode, freq = counts.most_common(1)[0]
        if mode < 2:
            continue
        header_ok = len(rows[0]) == mode
        score = (freq / len(rows) + (0.5 if header_ok else 0.0), mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_delimited(text: str, source: str, encoding: str, delimiter: str | None) -> RawTable:
    """Parse delimited text; malformed records become ``bad_rows`` with their reason."""
    text = normalize_line_ends(text)
    delim = delimiter or sniff_delimiter(text)
    fmt = "tsv" if delim == "\t" else "csv"
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delim, dtype=str, na_filter=False, engine="c",
            skip_blank_lines=True,
        )
        if _has_multiline_cells(text, frame) and not _strictly_valid(text, delim):
            table = _read_tolerant(text, source, encoding, delim, fmt)
        else:
            table = RawTable(frame, source, fmt, encoding)
    except pd.errors.ParserError:
        table = _read_tolerant(text, source, encoding, delim, fmt)
    except pd.errors.EmptyDataError:
        raise IngestError(source, "the file has no header row and no data.") from None
    table.frame.columns = [str(c).strip() for c in table.frame.columns]
    if table.frame.shape[1] < 2 and not table.bad_rows:
        _check_single_column(table, source)
    return table


def _has_multiline_cells(text: str, frame: pd.DataFrame) -> bool:
    """Could a cell span lines? Only when the file has more lines than header plus rows."""
    if text.count("\n") <= len(frame) + 1:
        return False
    return any(frame[c].str.contains("\n", regex=False).any() for c in frame.columns)


def _strictly_valid(text: str, delim: str) -> bool:
    """Does the whole text parse under strict CSV rules (every quote closes properly)?"""
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True):
            pass
    except csv.Error:
        return False
    return True


class _Lines:
    """The text's lines (split on newline only) as an iterator that can be rewound."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.pos = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1] + "\n"


def _records(text: str, delim: str):
    """Yield ``(first line, fields or None, reason)`` per record, strictly parsed.

    A record that breaks strict CSV rules on one line is read leniently (a stray quote inside
    a value). One that spans lines and breaks them has a quote that opens on its first line
    and never closes properly: it is yielded with ``None`` and the reason, and reading goes on
    at the next line, so the rows after it stay rows.
    """
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delim, strict=True)
    while True:
        start = lines.pos
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reader = csv.reader(lines, delimiter=delim, strict=True)
            if lines.pos - start <= 1 and "end of data" not in str(exc):
                line = lines.lines[start]
                yield start + 1, next(csv.reader([line], delimiter=delim), []), None
                continue
            swallowed = lines.pos - start - 1
            lines.pos = start + 1
            yield start + 1, None, (
                f"a quote opened on line {start + 1} never closes properly: this row was not "
                "read" + (f", and the {swallowed} line(s) after it, which it would have "
                          "swallowed into one value, were read as rows" if swallowed else "")
                + ". Fix the quote and import the row again")
            continue
        yield start + 1, fields, None


def _read_tolerant(text: str, source: str, encoding: str, delim: str, fmt: str) -> RawTable:
    """Record-by-record parse used only when some records are malformed: they become bad_rows."""
    header: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    bad: list[tuple[int, str]] = []
    record_no = 0
    for line_no, fields, reason in _records(text, delim):
        if fields is not None and (not fields or all(not f.strip() for f in fields)
                                   and len(fields) <= 1):
            continue
        if header is None:
            if fields is None:
                raise IngestError(source, f"the header row (line {line_no}) has a quote that "
                                          "never closes. Fix the header and import again.")
            header = fields
            continue
        record_no += 1
        if fields is None:
            bad.append((record_no, reason))
        elif len(fields) > len(header):
            bad.append(
                (record_no, f"row has {len(fields)} fields but the header has {len(header)} "
                 f"(unquoted '{delim}' in a value?)")
            )
        else:
            rows.append(fields + [""] * (len(header) - len(fields)))
            numbers.append(record_no)
    if header is None:
        raise IngestError(source, "the file has no header row and no data.")
    frame = pd.DataFrame(rows, columns=dedupe_names(header), dtype=object)
    return RawTable(frame, source, fmt, encoding, bad, numbers)


def _check_single_column(table: RawTable, source: str) -> None:
    """A one-column 'table' is fine only when it really is one column of text."""
    header = table.frame.columns[0] if len(table.frame.columns) else ""
    if len(header) > 200:
        raise IngestError(
            source,
            "no table structure was found: the first line is a long run of text with no "
            "delimiter (, ; tab |). Export the reviews as a table with a header row.",
        )
