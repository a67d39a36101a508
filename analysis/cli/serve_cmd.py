"""``reviewlens serve [--db PATH] [--port P]``: start the Streamlit dashboard.

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

from analysis.errors import UserInputError

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
MAX_UPLOAD_MB = 200


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve", help="start the dashboard (http://localhost:PORT)",
        description="Start the ReviewLens dashboard. On the first start with an empty store it "
                    "analyses the bundled sample data (once) unless --no-sample is given.",
    )
    parser.add_argument("--db", help="store file (default: the user's data directory)")
    parser.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    parser.add_argument("--address", default=None, help="address to bind (default: all)")
    parser.add_argument("--no-sample", action="store_true",
                        help="do not analyse the sample data into an empty store")
    parser.set_defaults(func=run)


def streamlit_command(args: argparse.Namespace) -> list[str]:
    """The ``streamlit run`` command line for these arguments."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(args.port), "--server.headless", "true",
        "--server.maxUploadSize", str(MAX_UPLOAD_MB), "--browser.gatherUsageStats", "false",
        "--client.showErrorDetails", "false",
    ]
    if args.address:
        command += ["--server.address", args.address]
    command.append("--")
    if args.db:
        command += ["--db", str(Path(args.db).expanduser().resolve())]
    if args.no_sample:
        command.append("--no-sample")
    return command


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
    check_port_free(args.port, args.address)
    env = dict(os.environ)
    if args.db:
        env["REVIEWLENS_DB"] = str(Path(args.db).expanduser().resolve())
    command = streamlit_command(args)
    print(f"ReviewLens dashboard: http://localhost:{args.port}", flush=True)
    # Run from dashboard/ so Streamlit reads dashboard/.streamlit/config.toml (theme).
    if os.name == "posix":
        sys.stderr.flush()
        os.chdir(APP.parent)
        os.execve(command[0], command, env)  # does not return: this PID is now the server
    return forward_and_wait(command, env=env, cwd=APP.parent)
