"""Sign-in gate in the app (AppTest): nothing shows before sign-in; roles gate the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.security.sessions import Identity
from analysis.security.users import UserFile
from analysis.store.core import Store
from dashboard.auth import _limiter

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PASSWORD = "a long enough phrase"


@pytest.fixture
def users(filled_db, tmp_path, monkeypatch) -> UserFile:
    """A viewer and an editor; the app signs in with passwords."""
    file = UserFile(tmp_path / "users.json")
    file.add("vera", "viewer", PASSWORD)
    file.add("eddie", "editor", PASSWORD)
    monkeypatch.setenv("REVIEWLENS_USERS", str(file.path))
    monkeypatch.setenv("REVIEWLENS_AUTH", "password")
    _limiter.clear()  # failures are counted server-wide; each test starts a fresh server
    return file


def _review_texts(db: Path) -> list[str]:
    with Store(db, read_only=True) as store:
        return store.query("SELECT text FROM review_results LIMIT 50")["text"].tolist()


def _everything(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title]
    parts += [c.value for c in at.caption] + [str(d.value) for d in at.dataframe]
    parts += [m.value for m in at.metric] + [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def _sign_in(name: str, password: str = PASSWORD) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key="signin_user").input(name)
    at.text_input(key="signin_password").input(password)
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_unauthenticated_session_sees_only_the_sign_in_form(users, filled_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Sign in to ReviewLens"
    shown = _everything(at)
    assert not any(text[:30] in shown for text in _review_texts(filled_db))
    assert not at.metric and not at.sidebar.multiselect  # no numbers, no product list


def test_viewer_reads_but_has_no_upload_or_settings(users):
    at = _sign_in("vera")
    assert {m.label for m in at.metric} >= {"Reviews"}
    assert any("Signed in as vera (viewer)" in c.value for c in at.sidebar.caption)
    for page in ("upload", "settings"):  # not registered for viewers: no way to reach them
        with pytest.raises(ValueError, match="Could not find a navigation page") as refused:
            at.switch_page(f"app_pages/{page}.py")
        assert f"{page}.py" not in str(refused.value).split("Known pages")[1]
    at.switch_page("app_pages/reports.py").run()  # viewers download reports
    assert not at.exception and at.title[0].value == "Reports"


@pytest.mark.parametrize("page", ["upload", "settings"])
def test_editor_pages_refuse_a_viewer_even_when_run_directly(users, page):
    at = AppTest.from_file(str(Path(APP).parent / "app_pages" / f"{page}.py"),
                           default_timeout=60)
    at.session_state["auth_identity"] = Identity("vera", "viewer", "password")
    at.run()
    assert any("Your role may not use this page" in e.value for e in at.error)
    assert not at.get("file_uploader") and not at.get("data_editor")


def test_editor_sees_the_upload_form(users):
    at = _sign_in("eddie")
    at.switch_page("app_pages/upload.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Upload"
    assert at.get("file_uploader")


def test_wrong_password_is_refused_and_rate_limited(users):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for _ in range(5):
        at.text_input(key="signin_user").input("eddie")
        at.text_input(key="signin_password").input("not the password")
        at.button[0].click().run()
    assert "Wrong user name or password." in [e.value for e in at.error]
    at.text_input(key="signin_password").input(PASSWORD)
    at.button[0].click().run()
    assert any("Too many failed sign-ins" in e.value for e in at.error)
    assert not at.metric


def test_sign_out_and_removed_users_lose_access(users):
    at = _sign_in("eddie")
    assert at.metric
    at.sidebar.button(key="sign_out").click().run()
    assert at.title[0].value == "Sign in to ReviewLens"
    at = _sign_in("vera")
    users.remove("vera")
    at.run()
    assert at.title[0].value == "Sign in to ReviewLens" and not at.metric


def test_idle_session_expires(users, monkeypatch):
    at = _sign_in("vera")
    at.session_state["auth_last_seen"] = at.session_state["auth_last_seen"] - 3600
    at.run()
    assert at.title[0].value == "Sign in to ReviewLens"
    assert any("expired" in i.value for i in at.info)
