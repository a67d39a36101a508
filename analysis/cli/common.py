"""What every store-using subcommand shares: opening the store with an actionable error.

Commands open the store in per-operation mode (see :class:`analysis.store.core.Store`): the
file is locked only while a read or write runs, so ``analyze`` encoding for minutes, or
``forecast`` fitting models, never locks the dashboard or a notebook out; a command does a few
dozen operations at about 20 ms of opening each. A store another process keeps locked past
the wait (``$REVIEWLENS_LOCK_TIMEOUT``, default 10 s) and a file that is not a readable store
both end the command with one paragraph on stderr and status 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from analysis.config import default_db_path
from analysis.errors import UserInputError

if TYPE_CHECKING:
    from analysis.store.core import Store


def open_store(path: str | Path | None) -> Store:
    """The command's store (``--db`` or the default), opened per operation.

    Raises :class:`UserInputError` (status 2) when the file is locked by another process for
    the whole wait, is not a DuckDB store, or cannot be created or read.
    """
    import duckdb  # here, not at import: `reviewlens --help` stays quick

    from analysis.store.connection import StoreBusyError
    from analysis.store.core import Store

    where = path or default_db_path()
    try:
        return Store(path, per_operation=True)
    except StoreBusyError:
        raise  # already says which file, who holds it and what to do (a UserInputError)
    except (duckdb.Error, OSError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserInputError(
            f"the store {where} could not be opened ({first_line}). Check that it is a "
            "ReviewLens store (a DuckDB file) you can read and write, or pass --db with "
            "another file."
        ) from None


def add_db_flag(parser) -> None:
    """``--db FILE``: the store a command reads and writes (the one definition of the flag)."""
    parser.add_argument("--db", type=Path, default=None,
                        help=f"store file (default {default_db_path()})")


def add_privacy_flag(parser) -> None:
    """``--keep-author-names``: store reviewer names/ids as read, not only a salted hash."""
    parser.add_argument(
        "--keep-author-names", action="store_true",
        help="keep reviewer names/ids in the store and exports (personal data; default: only "
             "a salted hash, enough to spot repeat reviewers)")


def audit_cli(store: Store, action: str, detail: dict | str) -> None:
    """Record a command's change in the store's audit trail under the OS user."""
    from analysis.store.audit import cli_actor, record_audit

    record_audit(store, cli_actor(), action, detail)


def add_engine_flags(parser) -> None:
    """``--engine local|ray``, ``--address ADDR`` and ``--workers N`` (docs/scale.md)."""
    parser.add_argument(
        "--engine", choices=("local", "ray"), default="local",
        help="where the work runs: this process (local, default) or Ray (a local Ray started "
             "for the run, or the cluster at --address); same results either way")
    parser.add_argument(
        "--address", metavar="ADDR", default=None,
        help="an existing Ray cluster (host:port of `ray start --head`, or ray://host:10001); "
             "only with --engine ray")
    parser.add_argument(
        "--workers", type=int, default=None, metavar="N",
        help="Ray workers (default: this machine's CPUs, or the cluster's with --address)")
