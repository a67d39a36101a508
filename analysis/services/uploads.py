"""Checking uploads before anything is stored: per file, the same preview as
``reviewlens inspect`` (columns with example values, expected kept/rejected counts by reason,
the bulk-rejection warning), for review and sales files alike.

Each review file is parsed once per upload: the preview keeps the parsed tables (with their
file's sha256), a mapping correction previews them again without reading, and the import
(:func:`analysis.services.reviews.analyze_reviews` with ``tables``) ingests the same tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import IngestError
from analysis.ingest.preview import ReviewPreview, SalesPreview
from analysis.ingest.rawtable import RawTable


@dataclass
class UploadPreview:
    """What the upload page shows before importing review files.

    ``previews`` holds each usable file's :class:`ReviewPreview` (under the overrides given);
    ``errors`` maps a file name to the one-paragraph reason it cannot be used at all.
    """

    paths: list[Path]
    columns: dict[str, list[str]]
    mappings: dict[str, dict[str, str | None]]
    errors: dict[str, str]
    previews: dict[str, ReviewPreview] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)
    tables: dict[str, tuple[RawTable, str]] = field(default_factory=dict)  # name -> (table,
    # sha256 of the file's bytes), every file that could be read, for re-previews and import
    all_paths: list[Path] = field(default_factory=list)  # every file uploaded, in order

    def parsed(self) -> list[tuple[RawTable, str]]:
        """The usable files' parsed tables with their sha256, in upload order (to ingest)."""
        return [self.tables[p.name] for p in self.paths]

    def common_columns(self) -> list[str]:
        """Columns present in every usable file (what a mapping correction can choose from)."""
        usable = [self.columns[p.name] for p in self.paths]
        if not usable:
            return []
        shared = set(usable[0]).intersection(*usable[1:])
        return [c for c in usable[0] if c in shared]

    @property
    def warnings(self) -> list[str]:
        """The bulk-rejection warnings (the import asks before going on)."""
        return [p.warning for p in self.previews.values() if p.warning]


def stage_upload(folder: str | Path, name: str, content: bytes) -> Path:
    """Write one uploaded file into this session's folder under a safe file name."""
    safe = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in Path(name).name)
    target = Path(folder) / (safe.strip() or "upload")
    target.write_bytes(content)
    return target


def preview_reviews(paths: Sequence[str | Path], overrides: dict[str, str] | None = None
                    ) -> UploadPreview:
    """Read each review file once and dry-run its import; unusable files are listed.

    An override naming a column a file lacks makes that file unusable, with the reason.
    """
    import hashlib

    from analysis.ingest import read_bytes

    tables, errors = {}, {}
    for path in map(Path, paths):
        try:
            data = path.read_bytes()
            tables[path.name] = (read_bytes(data, path.name), hashlib.sha256(data).hexdigest())
        except IngestError as exc:
            errors[path.name] = str(exc)
    return _preview_tables([Path(p) for p in paths], tables, errors, overrides)


def repreview_reviews(preview: UploadPreview, overrides: dict[str, str] | None = None
                      ) -> UploadPreview:
    """The same files under other mapping corrections, from the tables already parsed."""
    unread = {name: message for name, message in preview.errors.items()
              if name not in preview.tables}
    return _preview_tables(preview.all_paths, preview.tables, unread, overrides)


def _preview_tables(paths: list[Path], tables: dict[str, tuple[RawTable, str]],
                    errors: dict[str, str], overrides: dict[str, str] | None) -> UploadPreview:
    from analysis.ingest.preview import preview_review_table

    errors = dict(errors)
    good, columns, mappings, previews = [], {}, {}, {}
    for path in paths:
        if path.name not in tables:
            continue
        table = tables[path.name][0]
        try:
            preview = preview_review_table(table, overrides or None)
        except IngestError as exc:
            errors[path.name] = str(exc)
            continue
        columns[path.name] = [str(c) for c in table.frame.columns]
        mappings[path.name] = preview.mapping
        previews[path.name] = preview
        good.append(path)
    return UploadPreview(good, columns, mappings, errors, previews, dict(overrides or {}),
                         dict(tables), list(paths))


@dataclass
class SalesUploadPreview:
    """Per sales file: its preview (columns, frequency, series) or why it cannot be used."""

    paths: list[Path]
    previews: dict[str, SalesPreview]
    errors: dict[str, str]


def preview_sales(paths: Sequence[str | Path]) -> SalesUploadPreview:
    """Dry-run the sales import of each file (nothing stored or forecast)."""
    from analysis.ingest import read_bytes
    from analysis.ingest.preview import preview_sales_table

    good, previews, errors = [], {}, {}
    for path in map(Path, paths):
        try:
            previews[path.name] = preview_sales_table(read_bytes(path.read_bytes(), path.name))
        except IngestError as exc:
            errors[path.name] = str(exc)
            continue
        good.append(path)
    return SalesUploadPreview(good, previews, errors)
