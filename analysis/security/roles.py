"""Two roles and what each may do: viewers read and download, editors also change data."""

from __future__ import annotations

VIEWER = "viewer"
EDITOR = "editor"
ROLES = (VIEWER, EDITOR)

# action -> roles allowed to do it
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset(ROLES),
    "download": frozenset(ROLES),
    "upload": frozenset({EDITOR}),
    "remove_dataset": frozenset({EDITOR}),
    "edit_taxonomy": frozenset({EDITOR}),
    "view_audit": frozenset({EDITOR}),
}


def can(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action`` (unknown roles and actions may do nothing)."""
    return role is not None and role in PERMISSIONS.get(action, frozenset())


def check_role(role: str) -> str:
    """``role`` if it is one of :data:`ROLES`, else ValueError naming the choices."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return role
