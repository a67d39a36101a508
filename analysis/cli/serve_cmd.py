"""``reviewlens serve [--db PATH] [--port P]``: start the Streamlit dashboard."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

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


def run(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    if args.db:
        env["REVIEWLENS_DB"] = str(Path(args.db).expanduser().resolve())
    print(f"ReviewLens dashboard: http://localhost:{args.port}", flush=True)
    try:
        # Run from dashboard/ so Streamlit reads dashboard/.streamlit/config.toml (theme).
        return subprocess.call(streamlit_command(args), env=env, cwd=APP.parent)
    except KeyboardInterrupt:
        return 0
