"""``reviewlens serve [--db PATH] [--port P] [--address A]``: start the Streamlit dashboard.

Binds 127.0.0.1 unless ``--address`` says otherwise; a non-loopback address needs a sign-in
method (users with passwords, or OpenID Connect) or ``--insecure-no-auth`` (docs/security.md).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from analysis.security.binding import LOOPBACK

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


def run(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    env.update(sign_in_env(args))
    if args.db:
        env["REVIEWLENS_DB"] = str(Path(args.db).expanduser().resolve())
    host = "localhost" if (args.address or LOOPBACK) == LOOPBACK else args.address
    print(f"ReviewLens dashboard: http://{host}:{args.port}", flush=True)
    try:
        # Run from dashboard/ so Streamlit reads dashboard/.streamlit/config.toml (theme).
        return subprocess.call(streamlit_command(args), env=env, cwd=APP.parent)
    except KeyboardInterrupt:
        return 0
