"""The audit trail: record_audit, the CLI's OS user, the dashboard's signed-in user, Settings."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from analysis.cli import main
from analysis.security.sessions import Identity
from analysis.services import audit
from analysis.store.audit import load_audit, record_audit
from analysis.store.core import Store
from tests.dashboard.conftest import fill_store

SETTINGS = str(Path(__file__).resolve().parents[2] / "dashboard" / "app_pages" / "settings.py")


def test_record_and_load_newest_first(tmp_path):
    with Store(tmp_path / "a.duckdb") as store:
        record_audit(store, "ana", "import_reviews", {"files": ["a.csv"], "reviews": 3})
        record_audit(store, "bo", "remove_dataset", "dataset 1234")
        trail = load_audit(store)
    assert trail["actor"].tolist() == ["bo", "ana"]
    assert trail["action"].tolist() == ["remove_dataset", "import_reviews"]
    assert json.loads(trail["detail"].iloc[1]) == {"files": ["a.csv"], "reviews": 3}
    assert trail["occurred_at"].notna().all()


def test_cli_import_is_recorded_under_the_os_user(tmp_path):
    csv = tmp_path / "r.csv"
    csv.write_text("text,rating\nGreat battery,5\nBad lid,1\n", encoding="utf-8")
    db = tmp_path / "c.duckdb"
    assert main(["ingest", str(csv), "--out", str(tmp_path / "out"), "--db", str(db)]) == 0
    with Store(db) as store:
        trail = load_audit(store)
    assert trail["actor"].tolist() == [f"cli:{getpass.getuser()}"]
    assert trail["action"].tolist() == ["import_reviews"]
    assert json.loads(trail["detail"].iloc[0])["files"] == ["r.csv"]


def test_settings_shows_the_trail_to_an_editor(tmp_path, monkeypatch):
    db = tmp_path / "s.duckdb"
    fill_store(db, 50)
    with Store(db) as store:
        audit.audit_trail(store)  # empty before anything is recorded
        record_audit(store, "eddie", "recategorise", {"mentions": 12})
    monkeypatch.setenv("REVIEWLENS_DB", str(db))
    monkeypatch.setenv("REVIEWLENS_NO_SAMPLE", "1")
    at = AppTest.from_file(SETTINGS, default_timeout=60)
    at.session_state["auth_identity"] = Identity("eddie", "editor", "password")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Audit trail" in [s.value for s in at.subheader]
    shown = at.dataframe[-1].value
    assert list(shown.columns) == ["When (UTC)", "Who", "Action", "Details"]
    assert shown["Who"].tolist() == ["eddie"] and shown["Action"].tolist() == ["recategorise"]
