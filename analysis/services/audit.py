"""The audit trail as the app records and shows it (the SQL is in :mod:`analysis.store.audit`)."""

from __future__ import annotations

import pandas as pd

from analysis.store.core import Store


def record_change(store: Store, actor: str, action: str, detail: dict | list | str) -> None:
    """Record a change made in the app (e.g. a catalogue choice) in the audit trail."""
    from analysis.store.audit import record_audit

    record_audit(store, actor, action, detail if not isinstance(detail, list)
                 else {"arguments": detail})


def audit_trail(store: Store, limit: int = 500) -> pd.DataFrame:
    """The store's audit trail for display: ``When (UTC), Who, Action, Details``."""
    from analysis.store.audit import load_audit

    trail = load_audit(store, limit)
    return trail.rename(columns={"occurred_at": "When (UTC)", "actor": "Who", "action": "Action",
                                 "detail": "Details"})
