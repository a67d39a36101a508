"""Limits every uploaded or imported file must keep, so a hostile file is refused early.

One settings dataclass (:class:`UploadLimits`, defaults overridable with ``$REVIEWLENS_LIMIT_*``
environment variables) and one check per format, each called once from ``readers.py``:
file size, rows, decompressed size of gzip/ZIP (streamed with a counter, so a bomb is refused
after a few MB of output, not after filling memory), XLSX sheet dimensions and member sizes
(read from the archive before openpyxl loads anything), and JSON nesting depth.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, fields

from analysis.errors import IngestError
from analysis.ingest import jsonscan

MB = 1024 * 1024
_CHUNK = 1 * MB
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')

@dataclass(frozen=True)
class UploadLimits:
    """What one input file may hold. Sizes in bytes."""

    max_file_bytes: int = 200 * MB  # as `reviewlens serve --server.maxUploadSize`
    max_rows: int = 5_000_000
    max_decompressed_bytes: int = 1024 * MB
    # Output may exceed this many times the compressed size only up to ratio_floor_bytes:
    # real exports compress 5-20x; a bomb compresses 1000x.
    max_ratio: float = 50.0
    ratio_floor_bytes: int = 32 * MB
    max_xlsx_cells: int = 50_000_000
    max_json_depth: int = 64

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) <= 0:
                raise ValueError(f"UploadLimits.{f.name} must be positive")

    @classmethod
    def from_env(cls) -> UploadLimits:
        """Defaults, overridden by ``$REVIEWLENS_LIMIT_<FIELD>`` (e.g. ``..._MAX_ROWS``)."""
        given = {}
        for f in fields(cls):
            raw = os.environ.get(f"REVIEWLENS_LIMIT_{f.name.upper()}")
            if raw:
                given[f.name] = float(raw) if f.type in (float, "float") else int(raw)
        return cls(**given)

    def output_allowance(self, compressed: int) -> int:
        """Bytes a compressed input of this size may expand to."""
        by_ratio = max(self.ratio_floor_bytes, int(compressed * self.max_ratio))
        return min(self.max_decompressed_bytes, by_ratio)


def limits() -> UploadLimits:
    return UploadLimits.from_env()


def _mb(n: float) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n / 1024:,.0f} KB"


def check_file_size(size: int, source: str, lim: UploadLimits | None = None) -> None:
    lim = lim or limits()
    if size > lim.max_file_bytes:
        raise IngestError(source, f"the file is {_mb(size)}, over the {_mb(lim.max_file_bytes)} "
                          "limit. Split the export (e.g. by month) and import the parts.")


def _expanded_error(source: str, allowed: int, what: str) -> IngestError:
    return IngestError(
        source, f"{what} expands to more than {_mb(allowed)}; reading stopped there. Such "
        "expansion is typical of a compression bomb, not of a review export. Extract it "
        "yourself and import the parts, or raise REVIEWLENS_LIMIT_MAX_RATIO (expansion per "
        "compressed byte) or REVIEWLENS_LIMIT_MAX_DECOMPRESSED_BYTES.")


def _read_counted(stream, allowed: int, source: str, what: str) -> bytes:
    out = io.BytesIO()
    while chunk := stream.read(_CHUNK):
        if out.tell() + len(chunk) > allowed:
            raise _expanded_error(source, allowed, what)
        out.write(chunk)
    return out.getvalue()


def gunzip(data: bytes, source: str, lim: UploadLimits | None = None) -> bytes:
    """Decompress gzip in 1 MB steps, refusing once the output passes the allowance."""
    allowed = (lim or limits()).output_allowance(len(data))
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            return _read_counted(stream, allowed, source, "the gzip archive")
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise IngestError(
            source,
            f"the gzip archive is truncated or corrupt ({exc}). Download or compress the export "
            "again and check the file size matches the original.",
        ) from None


def read_zip_member(archive: zipfile.ZipFile, name: str, compressed: int, source: str,
                    lim: UploadLimits | None = None) -> bytes:
    """One member of a ZIP archive, decompressed with a counter (declared sizes can lie)."""
    allowed = (lim or limits()).output_allowance(compressed)
    if archive.getinfo(name).file_size > allowed:
        raise _expanded_error(source, allowed, f"the ZIP member {name}")
    with archive.open(name) as stream:
        return _read_counted(stream, allowed, source, f"the ZIP member {name}")


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_xlsx(data: bytes, source: str, lim: UploadLimits | None = None) -> None:
    """Refuse a workbook whose parts expand too far or whose first sheet declares too many
    cells, before openpyxl loads it. Every member is stream-read with a counter (chunks are
    dropped), so memory stays at about one chunk."""
    lim = lim or limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except zipfile.BadZipFile:
        return  # damaged: the workbook reader reports it
    allowed = lim.output_allowance(len(data))
    total = 0
    for info in infos:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > allowed:
                    raise _expanded_error(source, allowed,
                                          f"the workbook (at its part {info.filename})")
    sheets = sorted(i.filename for i in infos if i.filename.startswith("xl/worksheets/sheet"))
    if not sheets:
        return
    with archive.open(sheets[0]) as stream:
        head = stream.read(64 * 1024)
    found = _DIMENSION.search(head)
    if not found or not found.group(4):
        return
    first_col = _column_number(found.group(1) or b"A")
    first_row = int(found.group(2) or 1)
    cols = _column_number(found.group(3)) - first_col + 1
    rows = int(found.group(4)) - first_row + 1
    if rows > lim.max_rows + 1 or rows * cols > lim.max_xlsx_cells:
        raise IngestError(
            source, f"the first sheet declares {rows:,} rows x {cols:,} columns, over the limit "
            f"of {lim.max_rows:,} rows and {lim.max_xlsx_cells:,} cells. Delete the empty "
            "rows and columns (or export only the used range) and save it again.")


def check_json_depth(text: str, source: str, lim: UploadLimits | None = None,
                     raw: bytes | None = None) -> jsonscan.Nesting:
    """Refuse JSON nested deeper than the limit (the parser would exhaust its stack).

    Vectorised (:func:`analysis.ingest.jsonscan.scan`), well under a second for 50 MB.
    ``raw``: the text's UTF-8 bytes where the caller has them (saves encoding it again).
    Returns the scan, which tells the JSON Lines reader whether every line is complete.
    """
    limit = (lim or limits()).max_json_depth
    raw = text.encode("utf-8", "surrogatepass") if raw is None else raw
    nesting = jsonscan.scan(raw)
    if nesting.max_depth <= limit:
        return nesting
    position = len(raw[:nesting.first_deeper_than(limit)].decode("utf-8", "surrogatepass"))
    raise IngestError(
        source, f"the JSON is nested more than {limit} levels deep (near character "
        f"{position:,}). A review export is an array of flat records; export it again or "
        "convert it to CSV.")


def check_rows(rows: int, source: str, lim: UploadLimits | None = None) -> None:
    lim = lim or limits()
    if rows > lim.max_rows:
        raise IngestError(source, f"the file holds {rows:,} rows, over the limit of "
                          f"{lim.max_rows:,}. Split it (e.g. by month) and import the parts.")
