"""The audit trail: who imported, removed or re-categorized what, and when.

Any part of ReviewLens that changes the store's data calls :func:`record_audit` with the
actor (the signed-in dashboard user, or the OS user for the CLI: :func:`cli_actor`).
Rows are only ever added; Settings shows them to editors.
"""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime

import pandas as pd

from analysis.store.core import Store, register_schema

register_schema(
    "audit",
    """
    CREATE TABLE IF NOT EXISTS audit_log (
        occurred_at TIMESTAMP, actor VARCHAR, action VARCHAR, detail VARCHAR
    );
    """,
)


def cli_actor() -> str:
    """The OS user running a command, marked as such (``cli:NAME``)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def record_audit(store: Store, actor: str, action: str, detail: str | dict) -> None:
    """Append one entry (UTC time now). ``detail`` as text, or a dict stored as JSON."""
    text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False,
                                                            default=str)
    store.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?)",
                  [datetime.now(UTC).replace(tzinfo=None), actor, action, text])


def load_audit(store: Store, limit: int = 500) -> pd.DataFrame:
    """The newest ``limit`` entries, newest first: ``occurred_at, actor, action, detail``."""
    return store.query("SELECT occurred_at, actor, action, detail FROM audit_log "
                       "ORDER BY occurred_at DESC LIMIT ?", [int(limit)])
