"""Which network address the dashboard may listen on, given the sign-in it has.

Loopback (this computer only) needs nothing. Any other address makes the reviews reachable
from the network, so it needs a sign-in method, or the explicit ``--insecure-no-auth``.
"""

from __future__ import annotations

import ipaddress

from analysis.errors import UserInputError

LOOPBACK = "127.0.0.1"

INSECURE_WARNING = (
    "WARNING: ReviewLens is serving on {address} WITHOUT sign-in (--insecure-no-auth). Anyone "
    "who can reach this address can read every review, upload files and change the taxonomy. "
    "Use this only on a closed network you trust."
)


def is_loopback(address: str | None) -> bool:
    """True for ``None`` (the default, loopback), ``localhost`` and loopback IPs."""
    if address is None or address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def check_serve_address(address: str | None, sign_in: str | None, insecure: bool) -> str | None:
    """Allow or refuse serving on ``address``; return a warning to print, if any.

    ``sign_in`` names the configured method (``"password"``, ``"oidc"``) or is None.
    Raises :class:`UserInputError` (exit status 2) for a non-loopback address without one.
    """
    if is_loopback(address) or sign_in:
        return None
    if insecure:
        return INSECURE_WARNING.format(address=address)
    raise UserInputError(
        f"--address {address} makes the dashboard reachable from the network, but no sign-in "
        "is configured, so anyone there could read the reviews. Add a user first with "
        "`reviewlens users add NAME --role editor` (the password is asked for), or configure "
        "an OpenID Connect provider in .streamlit/secrets.toml ([auth], see docs/security.md); "
        "on a closed network you trust, --insecure-no-auth serves without sign-in."
    )
