"""A second ReviewLens process for store-sharing tests: it holds a store open, or writes to it.

DuckDB's file lock is per process, so only a real subprocess shows whether a Store leaves the
file free for others. Run as ``python -m tests.store.other_process hold|write PATH ...`` from
the repository root; the tests use :func:`holding` and :func:`write_run`.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def analyzed_frames(n_reviews: int, run_id: str):
    """``(reviews, sentences, aspects)`` of generated analyzed reviews with ids unique to
    ``run_id`` (so two runs add rows instead of replacing them)."""
    import pandas as pd

    from tests.dashboard.frames import make_frames

    reviews, aspects = make_frames(n_reviews)
    reviews["review_id"] = run_id + "-" + reviews["review_id"]
    aspects["review_id"] = run_id + "-" + aspects["review_id"]
    sentences = pd.DataFrame({
        "review_id": reviews["review_id"], "sentence_index": 0, "start": 0,
        "end": reviews["text"].str.len(), "text": reviews["text"],
        "p_negative": reviews["p_negative"], "p_neutral": reviews["p_neutral"],
        "p_positive": reviews["p_positive"],
    })
    return reviews, sentences, aspects


def save_run(store, run_id: str, n_reviews: int) -> None:
    """Store ``n_reviews`` analyzed reviews and record the run, as an analysis would."""
    from analysis.store import results

    reviews, sentences, aspects = analyzed_frames(n_reviews, run_id)
    results.save_results(store, reviews, sentences, aspects, "test-model", run_id)
    results.record_run(store, run_id, datetime(2024, 7, 1), "test-model", ["other.csv"],
                       {"reviews": n_reviews})


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tests.store.other_process", *args]


@contextmanager
def holding(path: Path) -> Iterator[subprocess.Popen]:
    """Another process keeps a normal (held-connection) Store on ``path`` open for the block."""
    proc = subprocess.Popen(_command("hold", str(path)), cwd=REPO, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready = proc.stdout.readline().strip()
        assert ready == "ready", f"holder did not start: {ready!r} {proc.stderr.read()}"
        yield proc
    finally:
        proc.stdin.close()  # the holder exits on end of input, closing its Store
        proc.wait(timeout=60)


def write_run(path: Path, run_id: str, n_reviews: int = 40) -> None:
    """Another process opens ``path`` with a normal Store, saves a run and exits."""
    done = subprocess.run(_command("write", str(path), run_id, str(n_reviews)), cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def main(argv: list[str]) -> None:
    from analysis.store.core import Store

    action, path = argv[0], argv[1]
    if action == "hold":
        with Store(path):
            print("ready", flush=True)
            sys.stdin.read()
    elif action == "write":
        with Store(path) as store:
            save_run(store, argv[2], int(argv[3]))
    else:
        raise SystemExit(f"unknown action {action!r}: use hold or write")


if __name__ == "__main__":
    main(sys.argv[1:])
