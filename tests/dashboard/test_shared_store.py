"""The running app shares its store file with other processes (the CLI, a notebook)."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.store.other_process import holding, write_run

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def reviews_metric(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Reviews"]


def test_app_sees_what_another_process_writes_while_it_runs(filled_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert reviews_metric(at) == "600"

    write_run(filled_db, "cli", 40)  # a normal Store in a subprocess: needs the file free
    time.sleep(2.1)  # the app checks the store version at most every two seconds
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert reviews_metric(at) == "640"
    assert "640 reviews in the store" in " ".join(c.value for c in at.sidebar.caption)


def test_store_locked_by_another_process_shows_a_notice(filled_db, monkeypatch):
    monkeypatch.setenv("REVIEWLENS_LOCK_TIMEOUT", "0.2")
    with holding(filled_db) as holder:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    notice = " ".join(w.value for w in at.warning)
    assert "in use by another ReviewLens process" in notice
    assert f"PID {holder.pid}" in notice
    assert not at.metric  # the page stopped instead of showing stale or partial numbers

    at.run()  # once the other process is gone the next rerun shows the data
    assert not at.exception, [e.message for e in at.exception]
    assert reviews_metric(at) == "600"


def test_a_page_whose_own_store_read_finds_it_locked_shows_the_notice(filled_db, monkeypatch):
    from analysis.services import taxonomy
    from analysis.store import StoreBusyError

    def locked(*_args, **_kwargs):
        raise StoreBusyError(str(filled_db), 0.2, "PID 4242")

    monkeypatch.setattr(taxonomy, "current_taxonomy_records", locked)
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("app_pages/settings.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert "PID 4242" in " ".join(w.value for w in at.warning)
