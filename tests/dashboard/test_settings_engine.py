"""Settings -> Analysis engine (AppTest): an editor stores local or Ray (audited), bad input is
refused with its reason, a viewer cannot reach it; the Upload page then analyses on the
chosen engine with its one progress bar, and a Ray that cannot be joined is its error. Ray is
replaced by a recorder: no Ray starts here."""

from __future__ import annotations

import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from analysis.config import AnalysisEngine
from analysis.errors import UserInputError
from analysis.security.sessions import Identity
from analysis.services import engine_settings
from analysis.services.audit import audit_trail
from analysis.services.views import has_reviews
from analysis.store.core import Store
from tests.dashboard.test_pages import run_page
from tests.dashboard.test_upload_preview import _check
from tests.services.test_engine_settings import SHOP, RayRecorder

SETTINGS = str(Path(__file__).resolve().parents[2] / "dashboard" / "app_pages" / "settings.py")


def _shown(elements) -> str:
    """What the elements read as on screen: markdown escapes (``\\:``) removed."""
    return " ".join(re.sub(r"\\(.)", r"\1", e.value) for e in elements)


def _stored(db) -> tuple[AnalysisEngine, list[dict]]:
    """The stored engine and the engine changes in the audit trail (oldest first)."""
    with Store(db) as store:
        trail = audit_trail(store)
        changes = trail[trail["Action"] == "set_analysis_engine"].iloc[::-1]
        return engine_settings.current_engine(store), [
            {"who": w, **json.loads(d)} for w, d in zip(changes["Who"], changes["Details"],
                                                        strict=True)]


def _choose(at: AppTest, engine: str, address: str = "", workers: str = "") -> AppTest:
    at.radio(key="engine_choice").set_value(engine).run()
    if engine == "ray":  # the Ray-only fields are disabled for local
        at.text_input(key="engine_address").input(address)
        at.text_input(key="engine_workers").input(workers)
    at.button(key="save_engine").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_an_editor_saves_ray_with_an_address_and_it_is_stored_and_audited(filled_db):
    at = run_page("settings")
    assert at.radio(key="engine_choice").value == "local"
    assert at.text_input(key="engine_address").disabled  # Ray-only fields
    _choose(at, "ray", "head-host:6379", "4")
    assert "Saved: uploads are analysed with Ray at head-host:6379, 4 workers." in _shown(
        at.success)
    engine, changes = _stored(filled_db)
    assert engine == AnalysisEngine("ray", "head-host:6379", 4)
    assert changes == [{"who": "local", "engine": "ray", "address": "head-host:6379",
                        "workers": 4}]
    again = run_page("settings")  # a new session shows the stored choice
    assert again.radio(key="engine_choice").value == "ray"
    assert again.text_input(key="engine_address").value == "head-host:6379"
    assert again.text_input(key="engine_workers").value == "4"
    _choose(again, "local")
    assert _stored(filled_db)[0] == engine_settings.LOCAL


def test_bad_input_is_refused_with_its_reason_and_nothing_is_stored(filled_db):
    at = _choose(run_page("settings"), "ray", "head-host:6379", "0")
    assert "Workers must be a whole number of at least 1, got 0" in _shown(at.error)
    at = _choose(at, "ray", "<b>head</b>", "2")
    assert "'<b>head</b>' is not a Ray cluster address" in _shown(at.error)
    assert not any("<b>" in e.value for e in at.error)  # shown escaped, never as HTML
    assert _stored(filled_db) == (engine_settings.LOCAL, [])


def test_a_viewer_cannot_change_the_engine(filled_db):
    at = AppTest.from_file(SETTINGS, default_timeout=60)
    at.session_state["auth_identity"] = Identity("vera", "viewer", "password")
    at.run()
    assert any("Your role may not use this page" in e.value for e in at.error)
    assert not at.radio and not at.button  # no engine choice, no save
    assert _stored(filled_db) == (engine_settings.LOCAL, [])


def _upload_with_ray(app_dir, monkeypatch, recorder: RayRecorder) -> AppTest:
    """The Upload page on a store whose engine is Ray, with ``recorder`` as Ray."""
    with Store(app_dir / "upload.duckdb") as store:
        engine_settings.save_engine(store, AnalysisEngine("ray", "head-host:6379", 2),
                                    actor="eddie")
    monkeypatch.setattr("analysis.scale.analyze.analyze_on_ray", recorder)
    at = _check(run_page("upload"), "shop.csv", SHOP)
    assert "Analysis engine: Ray at head-host:6379, 2 workers (chosen in Settings)." in _shown(
        at.caption)
    at.button(key="import_reviews").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_upload_analyses_on_ray_with_the_pages_progress_bar(empty_app, monkeypatch):
    from dashboard.common import ProgressBar

    recorder = RayRecorder()
    at = _upload_with_ray(empty_app, monkeypatch, recorder)
    assert [(c["address"], c["workers"], c["reviews"]) for c in recorder.calls] == [
        ("head-host:6379", 2, 2)]
    assert isinstance(recorder.calls[0]["progress"], ProgressBar)
    assert "Imported and analysed 2 reviews" in " ".join(s.value for s in at.success)


def test_a_ray_that_cannot_be_joined_is_the_upload_pages_error(empty_app, monkeypatch):
    failure = UserInputError("could not join the Ray cluster at head-host:6379 (refused).")
    at = _upload_with_ray(empty_app, monkeypatch, RayRecorder(failure))
    errors = " ".join(e.value for e in at.error)
    assert "Nothing was imported. could not join the Ray cluster at head-host:6379" in errors
    assert "Analysis engine: Ray at head-host:6379, 2 workers" in errors
    assert not at.success
    with Store(empty_app / "upload.duckdb") as store:
        assert not has_reviews(store)
