"""Several writers on one store at once: two app sessions uploading different files while a
real ``reviewlens analyze`` process writes the same file. Everything lands, once, and a
session that has to wait for the other process is told so instead of failing.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from analysis.services import reviews
from analysis.store import results
from analysis.store.connection import wait_notice
from analysis.store.core import Store
from tests.pipeline.fakes import FakeModel
from tests.store.other_process import holding

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample_reviews.csv"


@pytest.fixture
def exports(tmp_path) -> dict[str, Path]:
    """Three review exports with different reviews (slices of the sample)."""
    sample = pd.read_csv(SAMPLE, dtype=str, nrows=900)
    paths = {}
    for i, name in enumerate(("alice", "bob", "nightly")):
        paths[name] = tmp_path / f"{name}.csv"
        sample.iloc[i * 300:(i + 1) * 300].to_csv(paths[name], index=False)
    return paths


def test_two_sessions_and_a_cli_run_writing_at_once_all_land(exports, tmp_path):
    db = tmp_path / "team.duckdb"
    app_store = Store(db, per_operation=True, lock_timeout=60)  # the server's one Store
    cli = subprocess.Popen(
        [sys.executable, "-m", "tests.pipeline.analyze_process", "slow", "analyze",
         str(exports["nightly"]), "--out", str(tmp_path / "cli-out"), "--db", str(db)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert cli.stdout.readline().startswith("cached")  # the CLI is mid-analysis now
    outcomes, errors = {}, []

    def upload(name: str) -> None:  # what the Upload page runs in a session's script thread
        try:
            outcomes[name] = reviews.analyze_reviews(app_store, [exports[name]], FakeModel())
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append((name, exc))

    sessions = [threading.Thread(target=upload, args=(n,)) for n in ("alice", "bob")]
    for session in sessions:
        session.start()
    for session in sessions:
        session.join(timeout=300)
    stdout, stderr = cli.communicate(timeout=300)

    assert errors == []
    assert cli.returncode == 0, stderr[-2000:]
    # every input row of each upload is a review or a rejected row with its reason
    assert {n: len(o.reviews) + len(o.rejected) for n, o in outcomes.items()} == \
        {"alice": 300, "bob": 300}
    with Store(db, read_only=True) as store:
        stored = results.load_analyzed_reviews(store)
        runs = results.list_runs(store)
        imported = store.query("SELECT count(*) AS n FROM reviews")["n"][0]
    cli_reviews = pd.read_csv(tmp_path / "cli-out" / "reviews.csv", dtype=str)
    expected = set(cli_reviews["review_id"])
    for outcome in outcomes.values():
        expected |= set(outcome.reviews["review_id"].astype(str))
    assert len(expected) >= 880  # the sample's few unusable rows aside
    assert set(stored["review_id"]) == expected  # every upload landed
    assert not stored["review_id"].duplicated().any()  # and none twice
    assert imported == len(expected)
    assert len(runs) == 3


def test_a_wait_for_another_process_is_announced_then_cleared(exports, tmp_path):
    db = tmp_path / "busy.duckdb"
    Store(db).close()
    store = Store(db, per_operation=True, lock_timeout=30)
    heard = []
    with holding(db) as holder:
        release = threading.Timer(0.8, holder.stdin.close)
        release.start()
        with wait_notice(lambda *args: heard.append(args)):
            assert store.query("SELECT count(*) AS n FROM runs")["n"][0] == 0
        release.join()
    assert len(heard) == 2
    waiting, who, timeout = heard[0]
    assert waiting is True and f"PID {holder.pid}" in who and timeout == 30
    assert heard[1][0] is False  # cleared once the file was free


def test_no_notice_without_a_wait_or_outside_the_block(tmp_path):
    db = tmp_path / "free.duckdb"
    store = Store(db, per_operation=True)
    heard = []
    with wait_notice(lambda *args: heard.append(args)):
        store.query("SELECT 1")
    with holding(db) as holder:
        threading.Timer(0.5, holder.stdin.close).start()
        store.query("SELECT 1")  # waits, but nobody asked to hear about it
    assert heard == []
