"""``reviewlens serve [--db PATH] [--port P] [--address A]``: start the Streamlit dashboard.

Binds 127.0.0.1 unless ``--address`` says otherwise; a non-loopback address needs a sign-in
method (users with passwords, or OpenID Connect) or ``--insecure-no-auth`` (docs/security.md).

Service managers stop a service by signalling the PID they started, so that PID must be the
server: on POSIX ``serve`` replaces itself with Streamlit (``exec``), which keeps the PID and
gets SIGTERM/SIGINT/SIGHUP directly, and the server's exit status is the command's. Where exec
would start a new process instead (Windows), ``serve`` runs Streamlit as a child, forwards those
signals to it, waits and returns its status. A port another program already listens on is
reported up front (status 2) instead of after Streamlit has started.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from analysis.cli.common import add_db_flag
from analysis.errors import UserInputError
from analysis.security.binding import LOOPBACK

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
MAX_UPLOAD_MB = 200


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve", help="start the dashboard (http://localhost:PORT)",
        description="Start the ReviewLens dashboard. On the first start with an empty store it "
                    "analyses the bundled sample data (once) unless --no-sample is given.",
    )
    add_db_flag(parser)
    parser.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    parser.add_argument(
        "--address", default=LOOPBACK,
        help="address to bind (default 127.0.0.1: this computer only); any other address "
             "needs a sign-in method (`reviewlens users add`, or OpenID Connect)")
    parser.add_argument(
        "--insecure-no-auth", action="store_true",
        help="serve a non-loopback --address without sign-in (closed networks only; warns)")
    parser.add_argument("--users", default=None,
                        help="users file (default $REVIEWLENS_USERS or the config directory)")
    parser.add_argument("--no-sample", action="store_true",
                        help="do not analyse the sample data into an empty store")
    parser.set_defaults(func=run)


def streamlit_command(args: argparse.Namespace) -> list[str]:
    """The ``streamlit run`` command line for these arguments."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(args.port), "--server.headless", "true",
        "--server.maxUploadSize", str(MAX_UPLOAD_MB), "--browser.gatherUsageStats", "false",
        "--client.showErrorDetails", "false", "--server.enableXsrfProtection", "true",
        "--server.address", args.address or LOOPBACK,
    ]
    command.append("--")
    if args.db:
        command += ["--db", str(Path(args.db).expanduser().resolve())]
    if args.no_sample:
        command.append("--no-sample")
    return command


def sign_in_env(args: argparse.Namespace) -> dict[str, str]:
    """Check the address against the configured sign-in; the variables the app needs.

    Raises UserInputError (status 2) for a network address without sign-in; prints the
    warning of ``--insecure-no-auth`` at every start.
    """
    from analysis.security.binding import check_serve_address
    from analysis.security.mode import detect_method
    from analysis.security.users import UserFile, default_users_path

    users = UserFile(Path(args.users).expanduser() if args.users else default_users_path())
    method = detect_method(APP.parent, users)
    warning = check_serve_address(args.address, None if method == "none" else method,
                                  args.insecure_no_auth)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    return {"REVIEWLENS_AUTH": method, "REVIEWLENS_USERS": str(users.path.resolve())}


def check_port_free(port: int, address: str | None = None) -> None:
    """Raise :class:`UserInputError` when something already listens on ``address:port``.

    Binds a throw-away socket the way the server will (``SO_REUSEADDR``, as Tornado does), so
    a port left in TIME_WAIT by a stopped server counts as free and only a listener conflicts.
    """
    host = address or "0.0.0.0"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # on Windows SO_REUSEADDR would let two listeners share a port
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UserInputError(
                f"port {port} on {host} is already in use ({exc.strerror or exc}): another "
                "dashboard or program listens there. Stop it (e.g. `systemctl stop` the "
                "service that runs it) or choose another port with --port."
            ) from None


def exit_status(returncode: int) -> int:
    """A child's status as a shell reports it: killed by signal N becomes 128 + N."""
    return 128 - returncode if returncode < 0 else returncode


FORWARDED = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


def forward_and_wait(command: list[str], env: dict[str, str] | None = None,
                     cwd: str | Path | None = None) -> int:
    """Run ``command`` as a child, pass SIGTERM/SIGINT/SIGHUP on to it, return its status.

    The fallback where exec is not available: stopping this process stops the child, and this
    process exits only after the child has.
    """
    child = subprocess.Popen(command, env=env, cwd=cwd)
    previous = {}

    def relay(signum, _frame) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    for signum in FORWARDED:
        previous[signum] = signal.signal(signum, relay)
    try:
        while True:
            try:
                return exit_status(child.wait())
            except KeyboardInterrupt:  # relayed already; keep waiting for the child to exit
                continue
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run(args: argparse.Namespace) -> int:
    sign_in = sign_in_env(args)
    check_port_free(args.port, args.address)
    env = dict(os.environ)
    env.update(sign_in)
    if args.db:
        env["REVIEWLENS_DB"] = str(Path(args.db).expanduser().resolve())
    host = "localhost" if (args.address or LOOPBACK) == LOOPBACK else args.address
    command = streamlit_command(args)
    print(f"ReviewLens dashboard: http://{host}:{args.port}", flush=True)
    # Run from dashboard/ so Streamlit reads dashboard/.streamlit/config.toml (theme).
    if os.name == "posix":
        sys.stderr.flush()
        os.chdir(APP.parent)
        os.execve(command[0], command, env)  # does not return: this PID is now the server
    return forward_and_wait(command, env=env, cwd=APP.parent)
