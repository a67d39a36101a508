"""Which sign-in the dashboard asks for: OpenID Connect, passwords, or none (local use).

``reviewlens serve`` decides once and passes it in ``$REVIEWLENS_AUTH`` so the app and the
command agree; without it (``streamlit run`` by hand, tests) the app detects it the same way:
an OIDC provider in secrets.toml wins, then users with passwords in the users file, else none.
"""

from __future__ import annotations

import os
from pathlib import Path

from analysis.security.oidc import configured_provider
from analysis.security.users import UserFile

METHODS = ("oidc", "password", "none")


def detect_method(app_dir: Path, users: UserFile | None = None) -> str:
    """``"oidc"``, ``"password"`` or ``"none"`` from what is configured."""
    if configured_provider(app_dir) is not None:
        return "oidc"
    if (users or UserFile()).has_password_users():
        return "password"
    return "none"


def current_method(app_dir: Path) -> str:
    """``$REVIEWLENS_AUTH`` when set to a known method, else :func:`detect_method`."""
    chosen = os.environ.get("REVIEWLENS_AUTH", "").strip().lower()
    return chosen if chosen in METHODS else detect_method(app_dir)
