"""Dashboard users with Argon2id password hashes in a JSON file only its owner can read.

The file (``$REVIEWLENS_USERS`` or ``users.json`` in the user's config directory) maps each
user name to a role and a password hash made by argon2-cffi (never a hand-made hash). A user
with no hash signs in through OpenID Connect only (the name is their e-mail address). The
file is written atomically with mode 0600; a file others can read is refused.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from analysis.config import APP_NAME
from analysis.errors import UserInputError
from analysis.security.roles import check_role

MIN_PASSWORD_LENGTH = 10
_HASHER = PasswordHasher()
# Verifying an unknown name costs as much as a known one, so timing does not reveal names.
_DUMMY_HASH = _HASHER.hash("reviewlens-no-such-user")


def default_users_path() -> Path:
    """``$REVIEWLENS_USERS`` or ``users.json`` in the user's config directory."""
    env = os.environ.get("REVIEWLENS_USERS")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME)) / "users.json"


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str | None  # None: OpenID Connect only


class UserFile:
    """Read and change the users file; every change rewrites it whole with mode 0600."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_users_path()

    def users(self) -> dict[str, User]:
        """Every user by name (empty when the file does not exist)."""
        if not self.path.exists():
            return {}
        self._check_mode()
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {name: User(name, check_role(entry["role"]), entry.get("password_hash"))
                    for name, entry in raw.get("users", {}).items()}
        except (ValueError, KeyError, AttributeError, TypeError) as exc:
            raise UserInputError(
                f"the users file {self.path} is damaged ({exc}). Restore it from a backup or "
                "delete it and add the users again with `reviewlens users add`."
            ) from None

    def has_password_users(self) -> bool:
        return any(u.password_hash for u in self.users().values())

    def add(self, name: str, role: str, password: str | None) -> None:
        """Add or replace a user; ``password`` None makes an OpenID-Connect-only entry."""
        name = name.strip()
        if not name or any(c.isspace() for c in name):
            raise UserInputError("a user name must be non-empty and hold no spaces.")
        check_role(role)
        if password is not None and len(password) < MIN_PASSWORD_LENGTH:
            raise UserInputError(
                f"the password is too short: use at least {MIN_PASSWORD_LENGTH} characters.")
        users = self.users()
        users[name] = User(name, role, _HASHER.hash(password) if password is not None else None)
        self._write(users)

    def remove(self, name: str) -> bool:
        """Remove a user; False when there was none of that name."""
        users = self.users()
        if users.pop(name, None) is None:
            return False
        self._write(users)
        return True

    def verify(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs, else None (same cost for unknown names)."""
        user = self.users().get(name.strip())
        try:
            _HASHER.verify(user.password_hash if user and user.password_hash else _DUMMY_HASH,
                           password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        return user if user and user.password_hash else None

    def _check_mode(self) -> None:
        if os.name != "posix":
            return
        mode = stat.S_IMODE(self.path.stat().st_mode)
        if mode & 0o077:
            raise UserInputError(
                f"the users file {self.path} can be read by other accounts (mode "
                f"{mode:o}). Run `chmod 600 {self.path}` and start again.")

    def _write(self, users: dict[str, User]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"users": {u.name: {"role": u.role, "password_hash": u.password_hash}
                             for u in sorted(users.values(), key=lambda u: u.name)}}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-", suffix=".json")
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # mkstemp makes it 0600 already; say it outright
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(payload, out, indent=2)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
