"""Sharing one store file between processes: per-operation Stores, lock waits, clear errors."""

from __future__ import annotations

import threading
import time

import duckdb
import pandas as pd
import pytest

from analysis.errors import UserInputError
from analysis.services.views import load_review_frames, store_version
from analysis.store import results
from analysis.store.connection import StoreBusyError, lock_timeout_from_env
from analysis.store.core import Store
from tests.store.other_process import holding, save_run, write_run


@pytest.fixture
def db(tmp_path):
    """A store file with one analyzed run of 30 reviews."""
    path = tmp_path / "shared.duckdb"
    with Store(path) as store:
        save_run(store, "first", 30)
    return path


def test_other_process_writes_while_a_per_operation_store_is_open(db):
    app = Store(db, per_operation=True)
    before = store_version(app)
    assert len(load_review_frames(app).reviews) == 30

    write_run(db, "second", 40)  # a normal Store in another process: fails if the file is held

    assert store_version(app) != before  # the dashboard's cache key changes
    frames = load_review_frames(app)
    assert len(frames.reviews) == 70
    assert frames.reviews["review_id"].str.startswith("second-").sum() == 40
    app.close()


def test_session_shares_one_connection_and_releases_the_file_after(db):
    app = Store(db, per_operation=True)
    with pytest.raises(RuntimeError, match="session"):
        _ = app.con  # no connection outside an operation: the file is free
    with app.session() as con:
        assert app.con is con
        assert len(results.list_runs(app)) == 1
        with app.transaction() as inner:  # nested operations reuse the session's connection
            assert inner is con
    write_run(db, "after-session")
    assert len(results.list_runs(app)) == 2


def test_failed_transaction_rolls_back_and_frees_the_file(db):
    app = Store(db, per_operation=True)
    with pytest.raises(ValueError), app.transaction() as con:
        con.execute("DELETE FROM runs")
        raise ValueError("boom")
    assert len(results.list_runs(app)) == 1
    write_run(db, "after-rollback")
    assert len(results.list_runs(app)) == 2


def test_locked_store_waits_its_budget_then_names_file_and_holder(db):
    with holding(db) as holder:
        started = time.monotonic()
        with pytest.raises(StoreBusyError) as caught:
            Store(db, per_operation=True, lock_timeout=0.3)
        waited = time.monotonic() - started
    message = str(caught.value)
    assert str(db) in message
    assert f"PID {holder.pid}" in message
    assert "another ReviewLens process" in message
    assert isinstance(caught.value, UserInputError)  # the CLI turns it into status 2
    assert 0.3 <= waited < 5


def test_operation_waits_for_a_lock_held_briefly(db):
    app = Store(db, per_operation=True, lock_timeout=30)
    with holding(db) as holder:
        release = threading.Timer(0.5, holder.stdin.close)
        release.start()
        started = time.monotonic()
        assert len(results.list_runs(app)) == 1  # retried until the holder let go
        assert time.monotonic() - started >= 0.3
        release.join()


def test_not_a_store_fails_at_once_without_waiting(tmp_path):
    bad = tmp_path / "notes.duckdb"
    bad.write_text("not a database " * 100)
    started = time.monotonic()
    with pytest.raises(duckdb.IOException, match="not a valid DuckDB"):
        Store(bad, per_operation=True, lock_timeout=30)
    assert time.monotonic() - started < 5


def test_memory_store_keeps_one_connection_in_per_operation_mode():
    store = Store(":memory:", per_operation=True)
    assert not store.per_operation
    save_run(store, "mem", 5)
    assert len(results.list_runs(store)) == 1  # a new connection would be a new empty db


def test_per_operation_store_is_thread_safe(db):
    app = Store(db, per_operation=True)
    counts, errors = [], []

    def read() -> None:
        try:
            for _ in range(5):
                counts.append(len(app.query("SELECT * FROM review_results")))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counts == [30] * 20


def test_closed_store_refuses_operations(db):
    for per_operation in (False, True):
        store = Store(db, per_operation=per_operation)
        store.close()
        with pytest.raises(RuntimeError, match="closed"):
            store.query("SELECT 1")


def test_query_frames_in_per_operation_mode(db):
    app = Store(db, per_operation=True)
    wanted = pd.DataFrame({"review_id": ["first-r000001", "missing"]})
    found = app.query_frames("SELECT r.review_id FROM review_results r JOIN _w USING "
                             "(review_id)", _w=wanted)
    assert found["review_id"].tolist() == ["first-r000001"]


@pytest.mark.parametrize(("raw", "expected"), [("", 10.0), ("2.5", 2.5), ("0", 0.0)])
def test_lock_timeout_from_env(monkeypatch, raw, expected):
    monkeypatch.setenv("REVIEWLENS_LOCK_TIMEOUT", raw)
    assert lock_timeout_from_env() == expected


@pytest.mark.parametrize("raw", ["ten", "-1"])
def test_bad_lock_timeout_is_a_clear_error(monkeypatch, raw):
    monkeypatch.setenv("REVIEWLENS_LOCK_TIMEOUT", raw)
    with pytest.raises(UserInputError, match="REVIEWLENS_LOCK_TIMEOUT"):
        lock_timeout_from_env()
