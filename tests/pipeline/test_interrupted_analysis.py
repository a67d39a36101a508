"""A real ``reviewlens analyze`` process stopped part-way, then run again: nothing lost, nothing
counted twice, nothing encoded twice, and the outputs equal an uninterrupted run's.

The process runs the real CLI with the fake model (tests/pipeline/analyze_process.py), so a
stop can be timed: after some cache chunks were written, or inside the final results commit.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.store.core import Store
from tests.pipeline.analyze_process import CHUNK

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample_reviews.csv"
ROWS = 900  # ~300 distinct sentences: six cache chunks of CHUNK
RUN_SPECIFIC = {"run_id", "sentences_from_cache", "sentences_encoded"}


@pytest.fixture(scope="module")
def reviews_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("input") / "reviews.csv"
    pd.read_csv(SAMPLE, nrows=ROWS, dtype=str).to_csv(path, index=False)
    return path


def command(mode: str, reviews: Path, db: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "tests.pipeline.analyze_process", mode, "analyze",
            str(reviews), "--out", str(out), "--db", str(db)]


def run_to_end(mode: str, reviews: Path, db: Path, out: Path) -> int:
    """Run an analysis to completion; returns how many texts the model encoded."""
    done = subprocess.run(command(mode, reviews, db, out), cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return int(done.stdout.split("predicted ")[-1].split()[0])


def start_and_stop(mode: str, wait_for: str, count: int, sig: int, reviews: Path, db: Path,
                   out: Path) -> subprocess.CompletedProcess:
    """Start an analysis, wait for ``count`` stdout lines starting with ``wait_for``, send
    ``sig`` and wait for the process to end."""
    process = subprocess.Popen(command(mode, reviews, db, out), cwd=REPO, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = 0
    try:
        for line in process.stdout:
            seen += line.startswith(wait_for)
            if seen >= count:
                os.kill(process.pid, sig)
                break
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert seen >= count, f"the run ended before {count} x {wait_for!r}: {stderr[-2000:]}"
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def store_counts(db: Path) -> dict[str, int]:
    with Store(db, read_only=True) as store:
        return {
            table: int(store.query(f"SELECT count(*) AS n FROM {table}")["n"][0])
            for table in ("reviews", "review_results", "sentences", "aspects", "runs",
                          "taxonomy", "sentence_cache")
        }


def comparable_summary(out: Path) -> dict:
    summary = json.loads((out / "summary.json").read_text())
    for key in RUN_SPECIFIC:
        summary.pop(key, None)
        summary["counts"].pop(key, None)
    return summary


def assert_same_outputs(out: Path, baseline: Path) -> None:
    for name, key in (("reviews.csv", ["review_id"]),
                      ("aspects.csv", ["review_id", "sentence_index", "start"]),
                      ("rejected.csv", ["source", "row"])):
        got = pd.read_csv(out / name).sort_values(key).reset_index(drop=True)
        want = pd.read_csv(baseline / name).sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want, obj=name)
    assert comparable_summary(out) == comparable_summary(baseline)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, reviews_file):
    """An uninterrupted run on a fresh store: its outputs, store counts and encoded texts."""
    root = tmp_path_factory.mktemp("baseline")
    encoded = run_to_end("fast", reviews_file, root / "store.duckdb", root / "out")
    return root / "out", store_counts(root / "store.duckdb"), encoded


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_stop_during_encoding_then_rerun_resumes_from_the_cache(sig, baseline, reviews_file,
                                                                tmp_path):
    base_out, base_counts, base_encoded = baseline
    db, out = tmp_path / "store.duckdb", tmp_path / "out"

    stopped = start_and_stop("slow", "cached", 3, sig, reviews_file, db, out)

    if sig == signal.SIGTERM:  # a graceful stop: says what was kept, shell status 128 + 15
        assert stopped.returncode == 128 + signal.SIGTERM
        assert "stopped (SIGTERM)" in stopped.stderr
        assert "run the same command again" in stopped.stderr
    else:
        assert stopped.returncode == -signal.SIGKILL
    after_stop = store_counts(db)
    # Consistent: import and analysis are one transaction, so nothing of the stopped run is
    # visible (no review, no result), and the chunks encoded before the stop are kept.
    assert after_stop["reviews"] == 0
    assert {k: after_stop[k] for k in ("review_results", "sentences", "aspects", "runs")} == \
        dict.fromkeys(("review_results", "sentences", "aspects", "runs"), 0)
    assert 3 * CHUNK <= after_stop["sentence_cache"] < base_counts["sentence_cache"]
    assert not (out / "reviews.csv").exists()

    encoded = run_to_end("fast", reviews_file, db, out)

    assert encoded == base_encoded - after_stop["sentence_cache"]  # nothing encoded twice
    assert store_counts(db) == base_counts  # no review lost or stored twice
    assert_same_outputs(out, base_out)


def test_kill_inside_the_results_commit_stores_nothing_of_that_run(baseline, reviews_file,
                                                                   tmp_path):
    base_out, base_counts, _ = baseline
    db, out = tmp_path / "store.duckdb", tmp_path / "out"

    killed = start_and_stop("hang-in-commit", "in-commit", 1, signal.SIGKILL, reviews_file,
                            db, out)

    assert killed.returncode == -signal.SIGKILL
    after_kill = store_counts(db)
    # Results, taxonomy and the run record are one commit: all of it or (here) none of it.
    assert {k: after_kill[k] for k in ("review_results", "sentences", "aspects", "runs",
                                       "taxonomy")} == \
        dict.fromkeys(("review_results", "sentences", "aspects", "runs", "taxonomy"), 0)
    assert after_kill["sentence_cache"] == base_counts["sentence_cache"]

    assert run_to_end("fast", reviews_file, db, out) == 0  # everything came from the cache
    assert store_counts(db) == base_counts
    assert_same_outputs(out, base_out)

