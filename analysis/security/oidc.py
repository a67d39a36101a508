"""Whether an OpenID Connect provider is configured for Streamlit's ``st.login``.

Streamlit reads ``[auth]`` from ``.streamlit/secrets.toml`` (in the app's working folder,
``dashboard/`` under ``reviewlens serve``, or the user's home). It needs ``redirect_uri``,
``cookie_secret`` and a provider: ``client_id``, ``client_secret`` and
``server_metadata_url``, either directly under ``[auth]`` or in one ``[auth.NAME]`` table.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

REQUIRED_AUTH = ("redirect_uri", "cookie_secret")
REQUIRED_PROVIDER = ("client_id", "client_secret", "server_metadata_url")


def secrets_paths(app_dir: Path) -> list[Path]:
    """Where Streamlit looks for secrets.toml, in its order."""
    return [Path.home() / ".streamlit" / "secrets.toml", app_dir / ".streamlit" / "secrets.toml"]


def provider_from_secrets(secrets: dict) -> str | None:
    """The provider name to pass to ``st.login`` ("" for the default), None if incomplete."""
    auth = secrets.get("auth")
    if not isinstance(auth, dict) or not all(auth.get(k) for k in REQUIRED_AUTH):
        return None
    if all(auth.get(k) for k in REQUIRED_PROVIDER):
        return ""
    for name, table in auth.items():
        if isinstance(table, dict) and all(table.get(k) for k in REQUIRED_PROVIDER):
            return name
    return None


def configured_provider(app_dir: Path) -> str | None:
    """The provider configured in any secrets.toml Streamlit would read, else None."""
    merged: dict = {}
    for path in secrets_paths(app_dir):
        if path.is_file():
            try:
                loaded = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                continue
            auth = {**merged.get("auth", {}), **loaded.get("auth", {})}
            merged = {**merged, **loaded, "auth": auth}
    return provider_from_secrets(merged)
