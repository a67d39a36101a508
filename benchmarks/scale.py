"""Local engine vs Ray engine, side by side in one run (issue 14's figures).

Usage: ``.venv/bin/python benchmarks/scale.py [--reviews 100000] [--big 1000000]
[--series 5000] [--workers 1,2] [--texts N] [--data PATH]``

Measures, each engine run as its own ``reviewlens`` process (so the driver's peak RSS is its
own, read from ``getrusage`` at exit):
- analyze ``--reviews`` reviews: local vs Ray with each of ``--workers``: wall time, reviews/s;
- analyze ``--big`` reviews (0 skips it): driver peak RSS and reviews/s, both engines;
- re-runs (each engine): of the unchanged input and store (the up-to-date check), and of the
  export with one rating corrected (the stored results read back), next to the same re-run
  with ``--recompute`` (the baseline: analysing again from the sentence cache);
- forecast ``--series`` weekly series (104 weeks, horizon 12, backtest): local vs Ray.
Review inputs are JSONL built by sampling real texts from ../shared/data (Fine Food) with new
ids, products and dates. Writes a markdown table to stdout and benchmarks/results/scale.md.
Sizes are flags so a small run fits a busy 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.config import default_shared_data  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "scale.md"
RUNNER = (
    "import json, resource, sys, time\n"
    "from analysis.cli import main\n"
    "t = time.perf_counter(); rc = main(sys.argv[1:]); wall = time.perf_counter() - t\n"
    "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
    "print(json.dumps({'rc': rc, 'wall': wall, 'rss_mb': rss}))\n"
)


def sample_texts(data: Path) -> pd.DataFrame:
    """Real review texts, scores and products from the Fine Food sample."""
    path = data / "amazon_fine_food_reviews_sample" / "Reviews.csv"
    if not path.is_file():
        sys.exit(f"needs {path} (set --data or $REVIEWLENS_SHARED_DATA)")
    frame = pd.read_csv(path, usecols=["ProductId", "Score", "Text"]).dropna()
    return frame.reset_index(drop=True)


def write_reviews(path: Path, source: pd.DataFrame, n: int, seed: int = 0,
                  chunk: int = 50_000) -> Path:
    """``n`` reviews as JSONL: sampled texts, new ids and dates, written chunk by chunk."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2023-01-01")
    with path.open("w", encoding="utf-8") as out:
        for lo in range(0, n, chunk):
            size = min(chunk, n - lo)
            picks = rng.integers(0, len(source), size)
            days = rng.integers(0, 730, size)
            for i, (pick, day) in enumerate(zip(picks, days, strict=True)):
                row = source.iloc[pick]
                out.write(json.dumps({
                    "review_id": f"B{lo + i:08d}", "product_id": str(row["ProductId"]),
                    "date": str(start + np.timedelta64(int(day), "D")),
                    "rating": int(row["Score"]), "text": str(row["Text"])}) + "\n")
    return path


def write_series(path: Path, n: int, weeks: int = 104, seed: int = 1) -> Path:
    """``n`` weekly sales series (trend, yearly season, noise) as a long CSV."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2023-01-02", periods=weeks, freq="W-MON").strftime("%Y-%m-%d")
    t = np.arange(weeks)
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["series", "date", "sales"])
        for s in range(n):
            level = rng.uniform(50, 500)
            y = (level * (1 + 0.002 * t) + 0.2 * level * np.sin(2 * np.pi * (t + s) / 52)
                 + rng.normal(0, 0.05 * level, weeks))
            writer.writerows((f"S{s:05d}", d, round(float(v), 2)) for d, v in zip(
                dates, y, strict=True))
    return path


def run_cli(*argv: str) -> dict:
    """One ``reviewlens`` process: its wall time and peak RSS (MB)."""
    env = {**os.environ, "RAY_AUTH_MODE": os.environ.get("RAY_AUTH_MODE", "disabled"),
           # A 1M-review JSONL is ~600 MB: past the 200 MB per-file default a user raises too.
           "REVIEWLENS_LIMIT_MAX_FILE_BYTES": os.environ.get(
               "REVIEWLENS_LIMIT_MAX_FILE_BYTES", str(4 * 1024 ** 3))}
    done = subprocess.run([sys.executable, "-c", RUNNER, *argv], capture_output=True, text=True,
                          env=env, cwd=ROOT, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    stats = json.loads(lines[-1]) if lines else {}
    if done.returncode != 0 or stats.get("rc") != 0:
        sys.exit(f"reviewlens {' '.join(argv)} failed (status {stats.get('rc')}):\n"
                 f"{done.stderr[-3000:]}")
    return stats


def engine_flags(engine: str, workers: int | None) -> list[str]:
    if engine == "local":
        return []
    return ["--engine", "ray", *(["--workers", str(workers)] if workers else [])]


def correct_first_rating(path: Path) -> None:
    """Rewrite the export in place with its first review's rating changed (a corrected export:
    same reviews, so the re-run reads its results back and updates one rating)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = json.loads(lines[0])
    first["rating"] = 1 if first["rating"] != 1 else 5
    lines[0] = json.dumps(first) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def bench_analyze(work: Path, reviews: Path, n: int, workers: list[int], rows: list,
                  slow_reruns: bool = True) -> None:
    """First analysis and re-runs per engine; ``slow_reruns=False`` keeps only the up-to-date
    re-run (the read-back and ``--recompute`` ones take about as long as the first at 1M)."""
    runs = [("local", None), *[("ray", w) for w in workers]]
    for engine, count in runs:
        name = engine if count is None else f"ray-{count}"
        db = work / f"{name}-{n}.duckdb"
        out = work / f"out-{name}-{n}"
        first = run_cli("analyze", str(reviews), "--out", str(out), "--db", str(db),
                        *engine_flags(engine, count))
        rows.append((f"analyze {n:,} reviews", name, first["wall"], n / first["wall"],
                     first["rss_mb"]))
        again = run_cli("analyze", str(reviews), "--out", str(out), "--db", str(db),
                        *engine_flags(engine, count))
        rows.append((f"re-run, unchanged input and store: up to date ({n:,})", name,
                     again["wall"], n / again["wall"], again["rss_mb"]))
        if not slow_reruns:
            print(*rows[-2:], sep="\n", flush=True)
            continue
        correct_first_rating(reviews)
        fixed = run_cli("analyze", str(reviews), "--out", str(out), "--db", str(db),
                        *engine_flags(engine, count))
        rows.append((f"re-run, one rating corrected: read back ({n:,})", name, fixed["wall"],
                     n / fixed["wall"], fixed["rss_mb"]))
        # Baseline in the same run: the re-run as it was before stored results were reused.
        anew = run_cli("analyze", str(reviews), "--out", str(out), "--db", str(db),
                       "--recompute", *engine_flags(engine, count))
        rows.append((f"re-run with --recompute, baseline ({n:,})", name, anew["wall"],
                     n / anew["wall"], anew["rss_mb"]))
        print(*rows[-4:], sep="\n", flush=True)


def bench_forecast(work: Path, series: Path, n: int, workers: list[int], rows: list) -> None:
    for engine, count in [("local", None), ("ray", max(workers))]:
        name = engine if count is None else f"ray-{count}"
        stats = run_cli("forecast", str(series), "--out", str(work / f"fc-{name}"),
                        "--horizon", "12", "--db", str(work / f"fc-{name}.duckdb"),
                        *engine_flags(engine, count))
        rows.append((f"forecast {n:,} weekly series", name, stats["wall"], n / stats["wall"],
                     stats["rss_mb"]))
        print(rows[-1], flush=True)
    local = pd.read_csv(work / "fc-local" / "forecast.csv")
    remote = pd.read_csv(work / f"fc-ray-{max(workers)}" / "forecast.csv")
    diff = np.abs(local.select_dtypes("number").to_numpy()
                  - remote.select_dtypes("number").to_numpy()).max()
    rows.append((f"forecast max abs(local - ray) ({n:,} series)", "-", float(diff), 0.0, 0.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=1_000_000, help="0 skips the 1M run")
    parser.add_argument("--big-first-only", action="store_true",
                        help="at the --big size, only the first analysis and the up-to-date "
                             "re-run per engine")
    parser.add_argument("--series", type=int, default=5_000, help="0 skips the forecast")
    parser.add_argument("--workers", default="1,2", help="Ray worker counts, comma-separated")
    parser.add_argument("--data", type=Path, default=default_shared_data())
    parser.add_argument("--texts", type=int, default=0,
                        help="draw reviews from this many distinct real texts (0: all 5,000); "
                             "fewer keeps the first encoder pass short on a small machine")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help=f"markdown file for the table (default {RESULTS.relative_to(ROOT)})")
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",") if w]
    rows: list[tuple] = []
    with tempfile.TemporaryDirectory(prefix="rl-scale-") as tmp:
        work = Path(tmp)
        source = sample_texts(args.data) if args.reviews or args.big else None
        if source is not None and args.texts:
            source = source.sample(n=min(args.texts, len(source)), random_state=0)
        if args.reviews:
            path = write_reviews(work / "reviews.jsonl", source, args.reviews)
            bench_analyze(work, path, args.reviews, workers, rows)
        if args.big:
            path = write_reviews(work / "big.jsonl", source, args.big, seed=2)
            bench_analyze(work, path, args.big, [max(workers)] if workers else [], rows,
                          slow_reruns=not args.big_first_only)
        if args.series:
            bench_forecast(work, write_series(work / "sales.csv", args.series), args.series,
                           workers, rows)
    table = ["| measure | engine | seconds | per second | driver peak RSS (MB) |",
             "| --- | --- | ---: | ---: | ---: |"]
    table += [f"| {m} | {e} | {s:.3g} | {r:,.1f} | {rss:,.0f} |" for m, e, s, r, rss in rows]
    header = (f"# Scale benchmark\n\n`benchmarks/scale.py --reviews {args.reviews} --big "
              f"{args.big}{' --big-first-only' if args.big_first_only else ''} --series "
              f"{args.series} --workers {args.workers} --texts {args.texts}` on "
              f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d')}.\n\n")
    text = header + "\n".join(table) + "\n"
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
