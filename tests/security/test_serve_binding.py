"""`reviewlens serve` binds loopback by default and refuses a network address without sign-in."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.cli import build_parser, main
from analysis.cli.serve_cmd import sign_in_env, streamlit_command
from analysis.errors import UserInputError
from analysis.security.binding import check_serve_address, is_loopback
from analysis.security.users import UserFile


@pytest.fixture(autouse=True)
def no_real_users(tmp_path, monkeypatch):
    """Never read the developer's own users file or secrets."""
    monkeypatch.setenv("REVIEWLENS_USERS", str(tmp_path / "users.json"))
    monkeypatch.delenv("REVIEWLENS_AUTH", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.mark.parametrize("address", [None, "127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_addresses(address):
    assert is_loopback(address)


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "192.168.1.10", "reviews.example.org"])
def test_network_addresses(address):
    assert not is_loopback(address)


def test_network_address_needs_sign_in_or_the_insecure_flag():
    with pytest.raises(UserInputError, match="reviewlens users add"):
        check_serve_address("0.0.0.0", None, insecure=False)
    assert check_serve_address("0.0.0.0", "password", insecure=False) is None
    assert "WITHOUT sign-in" in check_serve_address("0.0.0.0", None, insecure=True)


def test_default_command_binds_loopback_with_xsrf_on():
    args = build_parser().parse_args(["serve"])
    command = streamlit_command(args)
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("--server.enableXsrfProtection") + 1] == "true"


def test_serve_on_all_interfaces_without_sign_in_exits_2(capsys):
    assert main(["serve", "--address", "0.0.0.0", "--no-sample"]) == 2
    err = capsys.readouterr().err
    assert "no sign-in is configured" in err and "reviewlens users add" in err


def test_insecure_flag_warns_at_start(capsys):
    args = build_parser().parse_args(["serve", "--address", "0.0.0.0", "--insecure-no-auth"])
    env = sign_in_env(args)
    assert env["REVIEWLENS_AUTH"] == "none"
    assert "WITHOUT sign-in" in capsys.readouterr().err


def test_a_user_with_a_password_allows_a_network_address(tmp_path, capsys):
    UserFile(tmp_path / "users.json").add("ana", "editor", "a long secret phrase")
    args = build_parser().parse_args(["serve", "--address", "0.0.0.0"])
    assert sign_in_env(args)["REVIEWLENS_AUTH"] == "password"
    assert capsys.readouterr().err == ""


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) in LISTEN state on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux /proc/net/tcp")
def test_serve_without_address_listens_on_loopback_only(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "REVIEWLENS_NO_SAMPLE": "1"}
    log = (tmp_path / "serve.log").open("wb")
    cli = "import sys; from analysis.cli import main; sys.exit(main())"
    process = subprocess.Popen(
        [sys.executable, "-c", cli, "serve", "--port", str(port), "--no-sample",
         "--db", str(tmp_path / "s.duckdb")],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                            timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail((tmp_path / "serve.log").read_text()[-2000:])
                time.sleep(0.5)
        addresses = _listening(port)
        assert addresses == ["0100007F"], addresses  # 127.0.0.1 only, nothing on 0.0.0.0/::
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
