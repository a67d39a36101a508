"""Small file helpers shared by tests of review-id handling across files."""

from __future__ import annotations

import hashlib
from pathlib import Path


def write_file(folder: Path, name: str, content: str) -> Path:
    """Write ``content`` (UTF-8) to ``folder/name`` and return the path."""
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def qualifier_of(path: Path) -> str:
    """The suffix a file's re-keyed review ids get: '@' + the first 8 hex of its sha256.

    Computed here from the file bytes, independently of ``analysis.ingest.identity``.
    """
    return "@" + hashlib.sha256(path.read_bytes()).hexdigest()[:8]
