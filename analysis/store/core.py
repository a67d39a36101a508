"""Store connection, schema registry and transactions.

Each domain module (reviews, analysis results, sales...) registers its DDL with
:func:`register_schema`; :class:`Store` creates every registered table on open, so a new table
is one module, not an edit here. All writes go through :meth:`Store.transaction` so a crash
mid-import leaves the store as it was. How the Store shares its file with other processes
(held connection or one per operation) is explained on :class:`Store`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from analysis.config import default_db_path
from analysis.store.connection import connect_waiting, lock_timeout_from_env

_SCHEMAS: dict[str, str] = {}
_UPGRADES: dict[str, object] = {}


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


def register_upgrade(name: str, upgrade) -> None:
    """Register an idempotent ``upgrade(con)`` run after all DDL on every writable open.

    For upgrades SQL alone cannot do (e.g. one that needs a secret made in Python).
    """
    _UPGRADES[name] = upgrade


class Store:
    """A DuckDB file (or ``:memory:``) holding everything ReviewLens knows.

    Two ways to use the file, both safe to call from several threads (a lock serializes the
    operations, which is what Streamlit's script threads need):

    - held (default): one connection for the Store's life. Fastest (no open per call), but
      DuckDB's file lock keeps every other process out until :meth:`close`. Right for tests,
      benchmarks and anything short-lived in one process.
    - ``per_operation=True``: each :meth:`query`, :meth:`query_frames`, :meth:`execute` and
      :meth:`transaction` opens a connection and closes it afterwards, so the lock is held only
      while an operation runs and other processes (the CLI, a notebook) can use the file in
      between. :meth:`session` groups several operations on one connection. Opening costs
      about 20 ms (benchmarks/store_open.py), so long-lived processes that mostly wait (the
      dashboard, the CLI while it encodes) use it and group their reads with ``session()``.

    Opening waits up to ``lock_timeout`` seconds (default ``$REVIEWLENS_LOCK_TIMEOUT`` or 10)
    while another process holds the file, then raises
    :class:`analysis.store.connection.StoreBusyError`. ``:memory:`` always keeps its one
    connection: a new connection would be a new, empty database.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        read_only: bool = False,
        *,
        per_operation: bool = False,
        lock_timeout: float | None = None,
    ) -> None:
        self.path = str(path) if path is not None else str(default_db_path())
        self.read_only = read_only
        self.per_operation = per_operation and self.path != ":memory:"
        self.lock_timeout = lock_timeout_from_env() if lock_timeout is None else lock_timeout
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._closed = False
        self._in_transaction = False
        if not self.per_operation:
            self._con = self._connect()
        if not read_only:
            self._ensure_schema()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        return connect_waiting(self.path, self.read_only, self.lock_timeout)

    def _ensure_schema(self) -> None:
        # Import domain modules so their schemas are registered before creating tables.
        import analysis.store.schema  # noqa: F401

        with self.session() as con:
            for ddl in _SCHEMAS.values():
                con.execute(ddl)
            for upgrade in _UPGRADES.values():
                upgrade(con)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection: always in held mode, inside :meth:`session` in per-operation
        mode (outside one there is none, so the file stays free for other processes)."""
        if self._closed:
            raise RuntimeError(f"{self.path}: the store is closed.")
        if self._con is None:
            raise RuntimeError(
                f"{self.path}: this Store opens a connection per operation; use "
                "`with store.session() as con:` to get one."
            )
        return self._con

    @contextmanager
    def session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One connection for a block of operations (nested calls reuse it).

        In per-operation mode the connection opens here and closes when the outermost block
        ends; in held mode this is the held connection. Other threads wait for the block.
        """
        with self._lock:
            if self._closed:
                raise RuntimeError(f"{self.path}: the store is closed.")
            opened_here = self._con is None
            if opened_here:
                self._con = self._connect()
            try:
                yield self._con
            finally:
                if opened_here:
                    con, self._con = self._con, None
                    con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block atomically: commit on success, roll back on any exception.

        A transaction opened inside another one joins it, so a use case can group several
        writers (results, taxonomy, run record) into one commit. A process killed mid-block
        commits nothing: DuckDB replays only committed work when the file is opened again.
        """
        with self.session() as con:
            if self._in_transaction:
                yield con
                return
            con.execute("BEGIN TRANSACTION")
            self._in_transaction = True
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            finally:
                self._in_transaction = False
            con.execute("COMMIT")

    @contextmanager
    def side_transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A transaction that commits on its own, even inside an open :meth:`transaction`.

        For caches: a use case that spans one long transaction (import -> analysis -> save)
        and is stopped rolls back, but what it cached on the way stays. Inside a transaction
        this runs on a second connection to the same database (``cursor()``), which sees only
        committed data; otherwise it is a plain :meth:`transaction`.
        """
        with self.session() as con:
            if not self._in_transaction:
                with self.transaction() as own:
                    yield own
                return
            side = con.cursor()
            try:
                side.execute("BEGIN TRANSACTION")
                try:
                    yield side
                except BaseException:
                    side.execute("ROLLBACK")
                    raise
                side.execute("COMMIT")
            finally:
                side.close()

    def query(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        with self.session() as con:
            return con.execute(sql, params or []).df()

    def query_frames(self, sql: str, **frames: object) -> pd.DataFrame:
        """Run a read query that joins the given DataFrames (see :func:`registered`)."""
        with self.session() as con, registered(con, **frames):
            return con.execute(sql).df()

    def execute(self, sql: str, params: list | tuple | None = None) -> None:
        """Run a single statement (its own implicit transaction)."""
        with self.session() as con:
            con.execute(sql, params or [])

    def close(self) -> None:
        """Close the held connection; afterwards every operation raises."""
        with self._lock:
            self._closed = True
            if self._con is not None:
                con, self._con = self._con, None
                con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
