"""What a connection per operation costs against a held connection, on a large store.

Fills a temporary store with N generated analyzed reviews (default 100,000, through the
engine's ``save_results``), then times the same operations both ways in the same run:

- held: ``Store(path)``, one connection for the Store's life (tests, benchmarks);
- per operation: ``Store(path, per_operation=True)`` (the dashboard and the CLI), each call
  opening and closing the file, and the same calls grouped in one ``store.session()``.

Operations: an empty open/close, the dashboard's version check (three small reads), its
cached read of every analyzed review and mention, and a one-row write (closing after a write
also checkpoints). Prints the median milliseconds of each; takes a few seconds.

    .venv/bin/python benchmarks/store_open.py [--reviews 100000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the generated frames live beside the tests


def median_ms(operation: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``operation`` in milliseconds (after one warm-up call)."""
    operation()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        operation()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def grouped(store, operation: Callable[[], object]) -> Callable[[], object]:
    """``operation`` inside one ``store.session()`` (one open for all its reads)."""
    def run() -> object:
        with store.session():
            return operation()
    return run


def main() -> None:
    from analysis.services.views import load_review_frames, store_version
    from analysis.store.core import Store
    from tests.store.other_process import save_run

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        with Store(db) as store:
            save_run(store, "bench", args.reviews)
        print(f"filled store with {args.reviews:,} reviews in {time.perf_counter() - start:.1f} s"
              f" ({db.stat().st_size / 1e6:.0f} MB)")

        def write(store) -> Callable[[], None]:
            return lambda: store.execute("UPDATE runs SET finished_at = now()")

        rows = []
        with Store(db) as held:
            rows.append(("open + close (no query)", None))
            rows.append(("version check (4 reads)", median_ms(lambda: store_version(held),
                                                             args.repeat)))
            rows.append(("read all reviews + mentions",
                         median_ms(lambda: load_review_frames(held), max(3, args.repeat // 3))))
            rows.append(("one-row write", median_ms(write(held), args.repeat)))
        shared = Store(db, per_operation=True)
        per_op = [
            median_ms(grouped(shared, lambda: None), args.repeat),
            median_ms(lambda: store_version(shared), args.repeat),
            median_ms(lambda: load_review_frames(shared), max(3, args.repeat // 3)),
            median_ms(write(shared), args.repeat),
        ]
        in_session = [
            per_op[0],
            median_ms(grouped(shared, lambda: store_version(shared)), args.repeat),
            median_ms(grouped(shared, lambda: load_review_frames(shared)),
                      max(3, args.repeat // 3)),
            per_op[3],
        ]
        shared.close()

    print(f"\n{'median ms':<32}{'held':>10}{'per op':>10}{'session':>10}{'extra':>10}")
    for (label, held_ms), op_ms, session_ms in zip(rows, per_op, in_session, strict=True):
        held_text = "-" if held_ms is None else f"{held_ms:.1f}"
        extra = session_ms - (held_ms or 0)
        print(f"{label:<32}{held_text:>10}{op_ms:>10.1f}{session_ms:>10.1f}{extra:>+10.1f}")
    print("\nper op: each call opens and closes the file; session: the calls of one row share "
          "one open (what the dashboard's cached loaders do); extra: session minus held.")


if __name__ == "__main__":
    main()
