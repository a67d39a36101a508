"""The analysis engine the app uses for uploads (Settings -> Analysis engine).

Kept in the store's key/value ``settings`` table (:mod:`analysis.store.datasets`) as JSON
under :data:`ENGINE_KEY`, so every session and server on one store analyses the same way; the
CLI has its own ``--engine`` flags and does not read it. Changes are audited.
"""

from __future__ import annotations

import json

from analysis.config import AnalysisEngine
from analysis.errors import UserInputError
from analysis.store import datasets as store_settings
from analysis.store.audit import record_audit
from analysis.store.core import Store

ENGINE_KEY = "analysis_engine"
LOCAL = AnalysisEngine()


def current_engine(store: Store) -> AnalysisEngine:
    """The stored engine choice (local when never set)."""
    text = store_settings.get_setting(store, ENGINE_KEY)
    return LOCAL if text is None else AnalysisEngine.from_record(json.loads(text))


def engine_choice(engine: str, address: str | None = None,
                  workers: int | str | None = None) -> AnalysisEngine:
    """An :class:`AnalysisEngine` from form input: blanks mean "not set"; for ``local`` the
    address and workers are dropped (they apply to Ray only). Bad input raises
    :class:`UserInputError` with what to enter."""
    if engine != "ray":
        return AnalysisEngine(engine)
    address = (address or "").strip() or None
    return AnalysisEngine(engine, address, _workers(workers))


def _workers(value: int | str | None) -> int | None:
    """Workers typed in a text box: empty -> None, else a whole number (checked >= 1 later)."""
    if value is None or isinstance(value, int):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise UserInputError(f"Workers must be a whole number of at least 1, got {text!r} "
                             "(leave it empty for all CPUs).") from None


def save_engine(store: Store, choice: AnalysisEngine, *, actor: str) -> AnalysisEngine:
    """Store ``choice`` for the app's next analyses and record who changed it, together."""
    with store.transaction():
        store_settings.set_setting(store, ENGINE_KEY, json.dumps(choice.to_record()))
        record_audit(store, actor, "set_analysis_engine", choice.to_record())
    return choice
