"""Application settings in one place: where the store lives, model and engine defaults.

Everything here is a plain, typed, validated dataclass so the CLI, the dashboard and notebooks
share the same defaults. Environment variables override the defaults (documented per field).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from analysis.errors import UserInputError

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


ENGINES = ("local", "ray")
# host:port or ray://host:port; host a name, an IPv4 address or a bracketed IPv6 address
_RAY_ADDRESS = re.compile(
    r"(?:ray://)?(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])"
    r":(?P<port>[0-9]{1,5})"
)


@dataclass(frozen=True)
class AnalysisEngine:
    """Where the app analyses uploads: this process (``local``) or Ray (docs/scale.md).

    ``address``: an existing Ray cluster (``host:port`` of ``ray start --head`` or
    ``ray://host:port`` for a Ray Client); ``None`` starts a local Ray for each run.
    ``workers``: CPUs to use (``None``: all of the machine's or the cluster's). Both apply to
    Ray only, as the CLI's ``--address``/``--workers`` do. Invalid values raise
    :class:`~analysis.errors.UserInputError` naming the field.
    """

    engine: str = "local"
    address: str | None = None
    workers: int | None = None

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise UserInputError(f"unknown analysis engine {self.engine!r}: choose local or "
                                 "ray.")
        if self.workers is not None and (isinstance(self.workers, bool)
                                         or not isinstance(self.workers, int)
                                         or self.workers < 1):
            raise UserInputError(f"Workers must be a whole number of at least 1, got "
                                 f"{self.workers!r} (leave it empty for all CPUs).")
        if self.address is not None:
            _check_ray_address(self.address)
        if self.engine == "local" and self.address is not None:
            raise UserInputError("A cluster address is used only with the Ray engine: clear "
                                 "it or choose Ray.")

    @property
    def is_ray(self) -> bool:
        """True when the encoder pass runs on Ray."""
        return self.engine == "ray"

    def describe(self) -> str:
        """One line for people, e.g. ``Ray at head:6379, 4 workers``."""
        if not self.is_ray:
            return "local (this process)"
        where = f"Ray at {self.address}" if self.address else "a local Ray started for each run"
        cpus = (f"{self.workers} worker{'s' if self.workers > 1 else ''}" if self.workers
                else "all CPUs")
        return f"{where}, {cpus}"

    def to_record(self) -> dict:
        """The fields as a plain dict (stored as JSON, shown in the audit trail)."""
        return {"engine": self.engine, "address": self.address, "workers": self.workers}

    @classmethod
    def from_record(cls, record: dict) -> AnalysisEngine:
        """Back from :meth:`to_record` (validated again)."""
        return cls(str(record.get("engine", "local")), record.get("address"),
                   record.get("workers"))


def _check_ray_address(address: str) -> None:
    """UserInputError unless ``address`` is ``host:port`` or ``ray://host:port`` (port 1-65535)."""
    match = _RAY_ADDRESS.fullmatch(address)
    if match is None or not 1 <= int(match["port"]) <= 65535:
        raise UserInputError(
            f"{address!r} is not a Ray cluster address: use host:port (the head's `ray start "
            "--head --port`, e.g. 10.0.0.5:6379) or ray://host:port for a Ray Client (e.g. "
            "ray://head:10001).")
