"""Store connection, schema registry and transactions.

Each domain module (reviews, analysis results, sales...) registers its DDL with
:func:`register_schema`; :class:`Store` creates every registered table on open, so a new table
is one module, not an edit here. All writes go through :meth:`Store.transaction` so a crash
mid-import leaves the store as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from analysis.config import default_db_path

_SCHEMAS: dict[str, str] = {}


@contextmanager
def registered(
    con: duckdb.DuckDBPyConnection, **frames: object
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Expose DataFrames (or Arrow tables) to SQL under the given names for one block.

    The bulk path for every write and keyed lookup: one set-based statement instead of a query
    per row; the names are unregistered afterwards even when the block fails.
    """
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        yield con
    finally:
        for name in frames:
            con.unregister(name)


def register_schema(name: str, ddl: str) -> None:
    """Register idempotent DDL (``CREATE TABLE IF NOT EXISTS ...``) under a unique name."""
    _SCHEMAS[name] = ddl


class Store:
    """A DuckDB file (or ``:memory:``) holding everything ReviewLens knows.

    One connection per Store; methods are safe to call from several threads (a lock serialises
    them), which is what Streamlit's script threads need.
    """

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = str(path) if path is not None else str(default_db_path())
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            self._ensure_schema()

    def _ensure_schema(self) -> None:
        # Import domain modules so their schemas are registered before creating tables.
        import analysis.store.schema  # noqa: F401

        with self._lock:
            for ddl in _SCHEMAS.values():
                self.con.execute(ddl)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block atomically: commit on success, roll back on any exception."""
        with self._lock:
            self.con.execute("BEGIN TRANSACTION")
            try:
                yield self.con
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")

    def query(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        with self._lock:
            return self.con.execute(sql, params or []).df()

    def query_frames(self, sql: str, **frames: object) -> pd.DataFrame:
        """Run a read query that joins the given DataFrames (see :func:`registered`)."""
        with self._lock, registered(self.con, **frames):
            return self.con.execute(sql).df()

    def execute(self, sql: str, params: list | tuple | None = None) -> None:
        """Run a single statement (its own implicit transaction)."""
        with self._lock:
            self.con.execute(sql, params or [])

    def close(self) -> None:
        with self._lock:
            self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
