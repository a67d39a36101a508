"""CLI commands and a store that another process uses: they share it, or fail with status 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.store.core import Store
from analysis.store.reviews import load_reviews
from tests.store.other_process import holding, save_run

REPO = Path(__file__).resolve().parents[1]
REVIEWS = REPO / "data" / "sample_reviews.csv"
SALES = REPO / "data" / "sample_sales.csv"


def _command(name: str, db: Path, out: Path) -> list[str]:
    """A valid command line for ``name`` on the store ``db``."""
    return {
        "ingest": ["ingest", str(REVIEWS), "--out", str(out)],
        "analyze": ["analyze", str(REVIEWS), "--out", str(out)],
        "forecast": ["forecast", str(SALES), "--out", str(out), "--horizon", "4"],
        "report": ["report", "--out", str(out / "report.pdf")],
    }[name] + ["--db", str(db)]


COMMANDS = ["ingest", "analyze", "forecast", "report"]


def _error_paragraph(err: str) -> str:
    """The error after any progress bar: analyze reads the file (its bar is cleared with a
    carriage return) before it opens the store."""
    return err.rsplit("\r", 1)[-1].strip()


@pytest.fixture(scope="module")
def held_db(tmp_path_factory):
    """A store with analyzed reviews that another process keeps open (held connection)."""
    path = tmp_path_factory.mktemp("held") / "held.duckdb"
    with Store(path) as store:
        save_run(store, "run", 20)
    with holding(path) as holder:
        yield path, holder.pid


@pytest.mark.parametrize("name", COMMANDS)
def test_locked_store_is_one_paragraph_and_status_2(name, held_db, tmp_path, monkeypatch,
                                                   capsys):
    path, pid = held_db
    monkeypatch.setenv("REVIEWLENS_LOCK_TIMEOUT", "0.2")  # the default waits 10 s
    status = main(_command(name, path, tmp_path / "out"))
    assert status == 2
    err = _error_paragraph(capsys.readouterr().err)
    assert err.startswith(f"reviewlens {name}: the store {path} is in use by another "
                          f"ReviewLens process (PID {pid}")
    assert "try again" in err
    assert "\n" not in err
    assert not (tmp_path / "out" / "reviews.csv").exists()


@pytest.mark.parametrize("name", COMMANDS)
def test_unreadable_store_is_one_paragraph_and_status_2(name, tmp_path, capsys):
    bad = tmp_path / "notes.duckdb"
    bad.write_text("these are my notes, not a store\n" * 50)
    assert main(_command(name, bad, tmp_path / "out")) == 2
    err = _error_paragraph(capsys.readouterr().err)
    assert err.startswith(f"reviewlens {name}: the store {bad} could not be opened (")
    assert "--db" in err
    assert "\n" not in err
    assert bad.read_text().startswith("these are my notes")  # left as it was


def test_commands_run_while_the_dashboard_has_the_store_open(tmp_path):
    db = tmp_path / "app.duckdb"
    with Store(db) as store:
        save_run(store, "run", 20)
    app = Store(db, per_operation=True)  # what dashboard/common.get_store keeps for its life
    assert load_reviews(app).empty

    script = Path(sys.executable).parent / "reviewlens"
    env = {**os.environ, "REVIEWLENS_LOCK_TIMEOUT": "10"}
    for name in ("ingest", "report"):
        done = subprocess.run([str(script), *_command(name, db, tmp_path / "out")],
                              capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr

    assert len(load_reviews(app)) == 2998  # the app sees what the command wrote
    assert (tmp_path / "out" / "report.pdf").stat().st_size > 0
    app.close()
