"""The dashboard's sign-in gate, sign-out and role checks (logic in analysis/security).

``app.py`` calls :func:`require_sign_in` before anything reads the store: without a valid
identity the run shows only the sign-in form and stops, so no review text, product or number
reaches an unauthenticated browser. Methods (``analysis.security.mode``): passwords from the
users file, OpenID Connect through ``st.login``, or none (local use on 127.0.0.1).
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import streamlit as st

from analysis.errors import UserInputError
from analysis.security.mode import current_method
from analysis.security.ratelimit import RateLimiter
from analysis.security.roles import EDITOR, can
from analysis.security.sessions import Identity, expired, idle_timeout_s
from analysis.security.users import UserFile

APP_DIR = Path(__file__).resolve().parent
_STATE = "auth_identity"


@st.cache_resource(show_spinner=False)
def _limiter() -> RateLimiter:
    """One limiter for the server: failures per user name count across all sessions."""
    return RateLimiter()


def _session_key() -> str:
    if "auth_session" not in st.session_state:
        st.session_state["auth_session"] = secrets.token_hex(16)
    return "session:" + st.session_state["auth_session"]


def identity() -> Identity | None:
    """Who this session is signed in as (None before sign-in)."""
    return st.session_state.get(_STATE)


def allowed(action: str) -> bool:
    """Whether the signed-in role may do ``action`` (see analysis.security.roles)."""
    who = identity()
    return who is not None and can(who.role, action)


def actor() -> str:
    """The name the audit trail records for this session's changes."""
    who = identity()
    return "unknown" if who is None else ("local" if who.method == "none" else who.name)


def require(action: str) -> None:
    """Stop the page with a notice when the signed-in role may not do ``action``."""
    if not allowed(action):
        st.error("Your role may not use this page: ask an editor, or an administrator to run "
                 "`reviewlens users add NAME --role editor`.", icon=":material/block:")
        st.stop()


def _sign_out() -> None:
    st.session_state.pop(_STATE, None)
    st.session_state.pop("auth_last_seen", None)


def _still_valid(who: Identity) -> bool:
    """Refresh the idle timer, or drop an expired or since-removed session."""
    now = time.monotonic()
    last = st.session_state.get("auth_last_seen", now)
    if expired(last, now, idle_timeout_s()):
        _sign_out()
        st.session_state["auth_notice"] = "Your session expired; please sign in again."
        return False
    if who.method in ("password", "oidc"):
        current = UserFile().users().get(who.name)
        gone = current is None or (who.method == "password" and not current.password_hash)
        if gone or (who.method == "oidc" and not st.user.is_logged_in):
            _sign_out()
            return False
        if current.role != who.role:
            st.session_state[_STATE] = Identity(who.name, current.role, who.method)
    st.session_state["auth_last_seen"] = now
    return True


def _password_form() -> None:
    st.title("Sign in to ReviewLens")
    notice = st.session_state.pop("auth_notice", None)
    if notice:
        st.info(notice)
    with st.form("sign_in"):
        name = st.text_input("User name", key="signin_user")
        password = st.text_input("Password", type="password", key="signin_password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if not submitted:
        return
    limiter, keys = _limiter(), [f"user:{name.strip()}", _session_key()]
    wait = max(limiter.retry_after(k) for k in keys)
    if wait > 0:
        st.error(f"Too many failed sign-ins. Try again in {wait:.0f} seconds.")
        return
    user = UserFile().verify(name, password)
    if user is None:
        for key in keys:
            limiter.failed(key)
        st.error("Wrong user name or password.")
        return
    for key in keys:
        limiter.succeeded(key)
    st.session_state[_STATE] = Identity(user.name, user.role, "password")
    st.session_state["auth_last_seen"] = time.monotonic()
    st.rerun()


def _oidc_identity() -> Identity | None:
    """The provider's signed-in user, if the users file lists their e-mail."""
    from analysis.security.oidc import configured_provider

    if not st.user.is_logged_in:
        st.title("Sign in to ReviewLens")
        provider = configured_provider(APP_DIR)
        if st.button("Sign in with your organisation's account", type="primary"):
            st.login(provider or None)
        return None
    email = str(st.user.get("email") or "")
    user = UserFile().users().get(email)
    if user is None:
        st.error(f"{email or 'This account'} may not use ReviewLens. An administrator can "
                 f"allow it with `reviewlens users add {email or 'EMAIL'} --oidc --role viewer`.")
        if st.button("Sign out"):
            st.logout()
        return None
    return Identity(email, user.role, "oidc")


def require_sign_in() -> Identity:
    """The session's identity; otherwise show the sign-in page and stop this run."""
    try:
        method = current_method(APP_DIR)
        if method == "none":
            who = Identity("local", EDITOR, "none")
            st.session_state[_STATE] = who
            return who
        who = identity()
        if who is not None and _still_valid(who):
            return who
        if method == "oidc":
            who = _oidc_identity()
            if who is not None:
                st.session_state[_STATE] = who
                st.session_state["auth_last_seen"] = time.monotonic()
                st.rerun()
        else:
            _password_form()
    except UserInputError as exc:  # e.g. a users file others can read
        st.error(str(exc))
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def sidebar_account(who: Identity) -> None:
    """Who is signed in, and a sign-out button (not shown for local use without sign-in)."""
    if who.method == "none":
        return
    st.sidebar.caption(f"Signed in as {who.name} ({who.role})")
    if st.sidebar.button("Sign out", key="sign_out"):
        _sign_out()
        if who.method == "oidc":
            st.logout()
        st.rerun()
