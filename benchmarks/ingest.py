"""Ingestion speed and memory on a large export, against plain pandas in the same run.

``python -m benchmarks.ingest [--rows N] [--keep DIR]`` writes N synthetic reviews (default
1,000,000, built from the sample data's sentences) as CSV and JSON Lines in a temporary folder,
then measures, each in a fresh subprocess so peak memory (max RSS) is its own:

- baseline: ``pandas.read_csv`` (CSV) / ``pandas.read_json(lines=True)`` (JSONL) of the file;
- ``ingest_reviews`` (read, detect, map, parse dates/ratings, ids, de-duplicate);
- ``ingest_reviews`` + ``import_reviews`` into a fresh DuckDB store.

It prints rows/s, seconds, peak memory and the ratio to the baseline, side by side.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import SAMPLE_DATA_DIR

# Each task: imports (not timed, so start-up cost is not counted) and the timed work.
TASKS = {
    "pandas": ("import pandas as pd", """
path = {path!r}
frame = pd.read_json(path, lines=True) if path.endswith('.jsonl') else pd.read_csv(path)
rows = len(frame)
"""),
    "ingest": ("from analysis.ingest import ingest_reviews", """
result = ingest_reviews({path!r})
rows = len(result.reviews) + len(result.rejected)
"""),
    "ingest+store": ("""
from analysis.ingest import ingest_reviews
from analysis.store.core import Store
from analysis.services.review_import import import_reviews
""", """
result = ingest_reviews({path!r})
with Store({db!r}) as store:
    import_reviews(store, result)
rows = len(result.reviews) + len(result.rejected)
"""),
}

RUNNER = """
import json, resource, time
{setup}
start = time.perf_counter()
{body}
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"rows": rows, "seconds": seconds, "peak_mb": peak_mb}}))
"""


def make_export(rows: int, seed: int = 11) -> pd.DataFrame:
    """``rows`` reviews: sample sentences, random products/dates/ratings, unique texts, no id."""
    rng = np.random.default_rng(seed)
    sample = pd.read_csv(SAMPLE_DATA_DIR / "sample_reviews.csv", dtype=str,
                         keep_default_na=False)
    texts = sample["review_text"][sample["review_text"].str.strip() != ""].to_numpy()
    pick = rng.integers(0, len(texts), rows)
    order = pd.Series(np.arange(rows)).astype(str).to_numpy()
    days = pd.date_range("2022-01-01", "2026-11-30", freq="D").strftime("%Y-%m-%d").to_numpy()
    return pd.DataFrame({
        "product_id": np.char.add("P-", rng.integers(0, 500, rows).astype(str)),
        "date": days[rng.integers(0, len(days), rows)],
        "rating": rng.integers(1, 6, rows),
        "title": sample["title"].to_numpy()[rng.integers(0, len(sample), rows)],
        "review_text": pd.Series(texts[pick]) + " (order " + order + ")",
        "author": np.char.add("user", rng.integers(0, 200_000, rows).astype(str)),
    })


def write_inputs(folder: Path, rows: int) -> dict[str, Path]:
    frame = make_export(rows)
    csv_path = folder / "reviews.csv"
    frame.to_csv(csv_path, index=False)
    jsonl_path = folder / "reviews.jsonl"
    with jsonl_path.open("w", encoding="utf-8") as handle:
        for record in frame.to_dict("records"):
            record["rating"] = int(record["rating"])
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {"CSV": csv_path, "JSONL": jsonl_path}


def measure(task: str, path: Path, folder: Path) -> dict:
    db = folder / f"bench-{task}-{path.suffix[1:]}.duckdb"
    setup, body = TASKS[task]
    code = RUNNER.format(setup=setup, body=body.format(path=str(path), db=str(db)))
    proc = subprocess.run([sys.executable, "-c", code],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{task} on {path.name} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Ingestion throughput vs pandas.")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the inputs here and keep them (default: a temp folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        inputs = write_inputs(folder, args.rows)
        print(f"{args.rows:,} reviews; CSV {inputs['CSV'].stat().st_size / 1e6:.0f} MB, "
              f"JSONL {inputs['JSONL'].stat().st_size / 1e6:.0f} MB")
        print(f"{'format':<7}{'task':<14}{'seconds':>9}{'rows/s':>11}{'peak MB':>9}"
              f"{'x pandas':>10}")
        for label, path in inputs.items():
            base = None
            for task in TASKS:
                got = measure(task, path, folder)
                assert got["rows"] == args.rows, got
                base = base or got["seconds"]
                print(f"{label:<7}{task:<14}{got['seconds']:>9.2f}"
                      f"{got['rows'] / got['seconds']:>11,.0f}{got['peak_mb']:>9,.0f}"
                      f"{got['seconds'] / base:>10.2f}")


if __name__ == "__main__":
    main()
