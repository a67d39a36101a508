"""Signed-in sessions expire after a period without activity."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_IDLE_MINUTES = 30.0


def idle_timeout_s() -> float:
    """Idle timeout in seconds: ``$REVIEWLENS_SESSION_IDLE_MINUTES`` or 30 minutes."""
    raw = os.environ.get("REVIEWLENS_SESSION_IDLE_MINUTES")
    try:
        minutes = float(raw) if raw else DEFAULT_IDLE_MINUTES
    except ValueError:
        minutes = DEFAULT_IDLE_MINUTES
    return max(1.0, minutes * 60.0)


@dataclass(frozen=True)
class Identity:
    """Who is signed in: name (user name or e-mail), role and how they signed in."""

    name: str
    role: str
    method: str  # "password" | "oidc" | "none"


def expired(last_seen: float, now: float, timeout_s: float) -> bool:
    """Whether a session last active at ``last_seen`` has expired at ``now``."""
    return now - last_seen > timeout_s
