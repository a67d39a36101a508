"""Application settings in one place: where the store lives, model and engine defaults.

Everything here is a plain, typed, validated dataclass so the CLI, the dashboard and notebooks
share the same defaults. Environment variables override the defaults (documented per field).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "reviewlens"


def default_db_path() -> Path:
    """The default DuckDB store: ``$REVIEWLENS_DB`` or a file in the user's data directory."""
    env = os.environ.get("REVIEWLENS_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "reviewlens.duckdb"


def default_shared_data() -> Path:
    """Where training/benchmark scripts find the public datasets (``$REVIEWLENS_SHARED_DATA``)."""
    env = os.environ.get("REVIEWLENS_SHARED_DATA")
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data"


PACKAGE_DIR = Path(__file__).resolve().parent
MODELS_DIR = PACKAGE_DIR / "models"
REPO_DIR = PACKAGE_DIR.parent
SAMPLE_DATA_DIR = REPO_DIR / "data"


@dataclass(frozen=True)
class EngineConfig:
    """Knobs of the review-understanding engine."""

    batch_size: int = 32
    max_length: int = 128
    num_threads: int = field(default_factory=lambda: max(1, os.cpu_count() or 1))
    # int8 is 1.4-2.3x faster but costs 2-5 points of aspect F1 (analysis/models/README.md)
    quantize: bool = False

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {self.batch_size}")
        if not 8 <= self.max_length <= 512:
            raise ValueError(f"max_length must be in 8..512, got {self.max_length}")
        if self.num_threads < 1:
            raise ValueError(f"num_threads must be >= 1, got {self.num_threads}")
