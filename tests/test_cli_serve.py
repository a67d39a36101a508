"""``reviewlens serve`` as a service manager runs it: a signal to its PID stops the server.

Real processes throughout: the command is started as a subprocess, stopped with SIGTERM, and
the port and process table are checked afterwards, because an orphaned Streamlit server is
only visible from outside.
"""

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

from analysis.cli.serve_cmd import exit_status, forward_and_wait

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc for the tree")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reviewlens(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "reviewlens"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "import sys; from analysis.cli import main; sys.exit(main())",
            *args]


def descendants(pid: int) -> set[int]:
    """PIDs of every process below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def processes_mentioning(marker: str) -> list[int]:
    """Live PIDs whose command line contains ``marker`` (catches orphans re-parented to 1)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if marker in cmdline and alive(int(entry.name)):
                pids.append(int(entry.name))
    return pids


def listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited early with {process.returncode}: "
                        f"{process.stdout.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                        timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail("the dashboard did not answer /_stcore/health in time")


@pytest.fixture
def served(tmp_path):
    """A running ``reviewlens serve`` on a free port with an empty temp store."""
    port = free_port()
    db = tmp_path / "served-store.duckdb"
    process = subprocess.Popen(
        reviewlens("serve", "--port", str(port), "--no-sample", "--db", str(db)),
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        wait_healthy(port, process)
        yield process, port, db
    finally:
        for pid in [process.pid, *descendants(process.pid)]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=30)


def test_sigterm_to_serve_stops_the_server_and_leaves_no_process(served):
    process, port, db = served
    tree = {process.pid, *descendants(process.pid)}
    assert processes_mentioning(str(db))  # the marker finds the running server

    os.kill(process.pid, signal.SIGTERM)  # what `systemctl stop` / `docker stop` send
    status = process.wait(timeout=60)

    assert status == 0  # the server's own status: it shut down cleanly
    assert not listening(port)
    assert [pid for pid in tree if alive(pid)] == []
    assert processes_mentioning(str(db)) == []  # nothing left behind, not even re-parented


def test_second_serve_on_a_busy_port_says_so_and_exits_2(served, tmp_path):
    _, port, _ = served
    second = subprocess.run(
        reviewlens("serve", "--port", str(port), "--no-sample", "--db",
                   str(tmp_path / "other.duckdb")),
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert second.returncode == 2
    assert f"port {port}" in second.stderr
    assert "already in use" in second.stderr
    assert "--port" in second.stderr  # says what to do
    assert listening(port)  # the first server is untouched
    assert not (tmp_path / "other.duckdb").exists()  # refused before anything started


CHILD = "import signal, sys, time; print('ready', flush=True); time.sleep(120)"


def test_forwarding_fallback_passes_sigterm_to_the_child_and_returns_its_status(tmp_path):
    """Where exec is not available, ``serve`` forwards the signal and waits for the child."""
    runner = (
        "import sys; from analysis.cli.serve_cmd import forward_and_wait; "
        f"sys.exit(forward_and_wait([sys.executable, '-c', {CHILD!r}]))"
    )
    parent = subprocess.Popen([sys.executable, "-c", runner], cwd=REPO, stdout=subprocess.PIPE)
    try:
        assert parent.stdout.readline().strip() == b"ready"
        children = descendants(parent.pid)
        assert len(children) == 1
        os.kill(parent.pid, signal.SIGTERM)
        status = parent.wait(timeout=30)
    finally:
        if parent.poll() is None:
            parent.kill()
    assert status == 128 + signal.SIGTERM  # the child's death by SIGTERM, shell-style
    assert [pid for pid in children if alive(pid)] == []


def test_exit_status_reports_signals_like_a_shell():
    assert exit_status(0) == 0
    assert exit_status(3) == 3
    assert exit_status(-signal.SIGTERM) == 128 + signal.SIGTERM
    assert forward_and_wait([sys.executable, "-c", "raise SystemExit(5)"]) == 5
