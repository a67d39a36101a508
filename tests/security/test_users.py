"""Users file (Argon2 hashes, mode 0600), `reviewlens users`, rate limiting, roles, OIDC config."""

from __future__ import annotations

import io
import json
import os
import stat

import pytest

from analysis.cli import main
from analysis.errors import UserInputError
from analysis.security.oidc import configured_provider, provider_from_secrets
from analysis.security.ratelimit import RateLimiter
from analysis.security.roles import EDITOR, VIEWER, can
from analysis.security.sessions import expired
from analysis.security.users import UserFile


@pytest.fixture
def users_path(tmp_path, monkeypatch):
    path = tmp_path / "conf" / "users.json"
    monkeypatch.setenv("REVIEWLENS_USERS", str(path))
    return path


def test_add_verify_remove(users_path):
    users = UserFile(users_path)
    users.add("ana", EDITOR, "correct horse battery")
    assert stat.S_IMODE(users_path.stat().st_mode) == 0o600
    stored = json.loads(users_path.read_text())["users"]["ana"]
    assert stored["password_hash"].startswith("$argon2id$")
    assert "correct horse battery" not in users_path.read_text()
    assert users.verify("ana", "correct horse battery").role == EDITOR
    assert users.verify("ana", "wrong password!!") is None
    assert users.verify("nobody", "correct horse battery") is None
    assert users.remove("ana") and not users.remove("ana")
    assert users.users() == {}


def test_short_password_and_bad_role_are_refused(users_path):
    with pytest.raises(UserInputError, match="too short"):
        UserFile(users_path).add("ana", VIEWER, "short")
    with pytest.raises(ValueError, match="unknown role"):
        UserFile(users_path).add("ana", "admin", "long enough password")


def test_a_file_others_can_read_is_refused(users_path):
    UserFile(users_path).add("ana", VIEWER, "long enough password")
    os.chmod(users_path, 0o644)
    with pytest.raises(UserInputError, match="chmod 600"):
        UserFile(users_path).users()


def test_oidc_only_user_cannot_sign_in_with_a_password(users_path):
    users = UserFile(users_path)
    users.add("ana@example.org", VIEWER, None)
    assert not users.has_password_users()
    assert users.verify("ana@example.org", "") is None


def test_cli_reads_the_password_from_stdin_never_argv(users_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("a secret long phrase\n"))
    assert main(["users", "add", "bo", "--role", "editor", "--password-stdin"]) == 0
    assert UserFile(users_path).verify("bo", "a secret long phrase").role == EDITOR
    assert main(["users", "list"]) == 0
    listed = capsys.readouterr().out
    assert "bo\teditor\tpassword" in listed and "argon2" not in listed
    assert main(["users", "remove", "bo"]) == 0
    assert main(["users", "remove", "bo"]) == 2
    with pytest.raises(SystemExit):  # there is no --password flag to put it on the command line
        main(["users", "add", "cy", "--password", "x"])


def test_rate_limiter_locks_after_failures_and_unlocks_later():
    now = [0.0]
    limiter = RateLimiter(max_failures=3, window_s=60, lockout_s=120, clock=lambda: now[0])
    for _ in range(2):
        limiter.failed("user:ana")
    assert limiter.retry_after("user:ana") == 0
    limiter.failed("user:ana")
    assert limiter.retry_after("user:ana") == pytest.approx(120)
    assert limiter.retry_after("user:bo") == 0  # other users unaffected
    now[0] = 121
    assert limiter.retry_after("user:ana") == 0
    limiter.failed("user:ana")
    limiter.succeeded("user:ana")
    assert limiter._failures.get("user:ana") is None


def test_roles_and_session_expiry():
    assert can(VIEWER, "read") and can(VIEWER, "download")
    assert not can(VIEWER, "upload") and not can(VIEWER, "edit_taxonomy")
    assert can(EDITOR, "upload") and can(EDITOR, "remove_dataset")
    assert not can(None, "read") and not can(EDITOR, "no-such-action")
    assert expired(0.0, 1801.0, 1800.0) and not expired(0.0, 1799.0, 1800.0)


def test_oidc_detection_needs_a_complete_auth_section(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    base = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "s"}
    provider = {"client_id": "c", "client_secret": "x",
                "server_metadata_url": "https://id.example.org/.well-known/openid-configuration"}
    assert provider_from_secrets({}) is None
    assert provider_from_secrets({"auth": base}) is None
    assert provider_from_secrets({"auth": {**base, **provider}}) == ""
    assert provider_from_secrets({"auth": {**base, "corp": provider}}) == "corp"
    app = tmp_path / "app"
    (app / ".streamlit").mkdir(parents=True)
    assert configured_provider(app) is None
    (app / ".streamlit" / "secrets.toml").write_text(
        '[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\ncookie_secret = "s"\n'
        '[auth.corp]\nclient_id = "c"\nclient_secret = "x"\n'
        'server_metadata_url = "https://id.example.org/.well-known/openid-configuration"\n')
    assert configured_provider(app) == "corp"
