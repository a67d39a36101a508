"""Throughput of the whole ``analyze`` pipeline against a bare int8 encoder pass, same run.

Builds N unique reviews (default 5,000) from data/sample_reviews.csv: sentences of the sample
are recombined across reviews and each gets a small variation (an adverb, a time detail), so no
two sentences repeat and the cache cannot help. Then it measures, with the same thread count:

- baseline: tokenise + forward pass of the base MiniLM (int8 dynamic quantisation, batches of
  32 sorted by length, no heads) over every sentence those reviews contain;
- pipeline: ``ReviewAnalyzer.analyze`` on the CSV with a fresh store (ingest, language,
  sentences, engine with heads and aspect decoding, categorisation, store, summary);
- warm: the same ``analyze`` again (everything read back from the cache), for information.

Model loading is outside every timing. Target: pipeline reviews/s >= 0.7 x baseline reviews/s.

    .venv/bin/python benchmarks/throughput.py [--reviews 5000] [--threads 2]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

from analysis.config import SAMPLE_DATA_DIR

ADVERBS = ["really", "honestly", "frankly", "overall", "truly", "clearly", "simply", "still"]
DETAILS = [
    "after {n} days", "in week {n}", "on order {n}", "for {n} people", "at desk {n}",
    "after {n} uses", "by day {n}", "with {n} colleagues",
]  # fmt: skip


def build_reviews(count: int, seed: int = 13) -> pd.DataFrame:
    """``count`` reviews with unique sentences, recombined from the sample data."""
    from analysis.text import split_sentences

    sample = pd.read_csv(SAMPLE_DATA_DIR / "sample_reviews.csv", dtype=str, keep_default_na=False)
    sample = sample[sample["review_text"].str.len() > 0]
    pool = sorted({s.text for text in sample["review_text"] for s in split_sentences(text)})
    pool = [s for s in pool if s.isascii()]
    rng = random.Random(seed)
    rows, serial = [], 0
    for i in range(count):
        parts = []
        for _ in range(rng.randint(2, 6)):
            serial += 1
            sentence = rng.choice(pool).rstrip(".!?")
            detail = rng.choice(DETAILS).format(n=serial)
            parts.append(f"{sentence}, {rng.choice(ADVERBS)} {detail}.")
        base = sample.iloc[rng.randrange(len(sample))]
        rows.append(
            {
                "review_id": f"B{i:06d}",
                "product_id": base["product_id"],
                "date": base["date"],
                "rating": base["rating"],
                "review_text": " ".join(parts),
            }
        )
    return pd.DataFrame(rows)


def bare_int8_pass(sentences: list[str], batch_size: int = 32, max_length: int = 128) -> float:
    """Seconds for tokenise + forward of the int8 base encoder over ``sentences``."""
    import torch

    from analysis.encoder.base import load_encoder, load_tokenizer
    from analysis.encoder.predictor import quantize_int8

    tokenizer = load_tokenizer()
    encoder = quantize_int8(load_encoder())
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    started = time.perf_counter()
    with torch.inference_mode():
        for lo in range(0, len(order), batch_size):
            batch = [sentences[i] for i in order[lo : lo + batch_size]]
            enc = tokenizer(batch, padding=True, truncation=True, max_length=max_length,
                            return_tensors="pt")  # fmt: skip
            encoder(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=5000)
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: cores)")
    parser.add_argument("--int8", action="store_true",
                        help="run the pipeline's model int8-quantised (default: EngineConfig)")
    args = parser.parse_args(argv)

    import torch

    from analysis.config import EngineConfig
    from analysis.encoder import ReviewModel
    from analysis.services.analyzer import ReviewAnalyzer
    from analysis.store.core import Store
    from analysis.text import split_sentences

    engine = EngineConfig()
    if args.threads is not None:
        engine = replace(engine, num_threads=args.threads)
    if args.int8:
        engine = replace(engine, quantize=True)
    reviews = build_reviews(args.reviews)
    sentences = [s.text for text in reviews["review_text"] for s in split_sentences(text)]
    print(f"{len(reviews)} reviews, {len(sentences)} sentences "
          f"({len(set(sentences))} distinct), torch threads {engine.num_threads}, "
          f"pipeline model {'int8' if engine.quantize else 'fp32'}")  # fmt: skip

    model = ReviewModel.load(engine=engine)  # loaded before any timing,
    model.embed(["warm-up"])  # including the base encoder used for aspect categories
    torch.set_num_threads(engine.num_threads)
    bare = bare_int8_pass(sentences, engine.batch_size, model.max_length)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reviews.csv"
        reviews.to_csv(path, index=False)
        with Store(Path(folder) / "bench.duckdb") as store:
            analyzer = ReviewAnalyzer(store, model)
            started = time.perf_counter()
            result = analyzer.analyze([path])
            cold = time.perf_counter() - started
            started = time.perf_counter()
            analyzer.analyze([path])
            warm = time.perf_counter() - started
    assert len(result.reviews) == len(reviews), "every generated review must be analysed"

    n = len(reviews)
    print(f"{'':34}{'seconds':>9}{'reviews/s':>12}{'sentences/s':>13}")
    for label, seconds in [
        ("bare int8 encoder forward pass", bare),
        ("full analyze (cold store)", cold),
        ("full analyze (warm, cached)", warm),
    ]:
        print(f"{label:34}{seconds:9.2f}{n / seconds:12.1f}{len(sentences) / seconds:13.1f}")
    ratio = (n / cold) / (n / bare)
    print(f"pipeline / bare int8 throughput ratio: {ratio:.2f}x (target >= 0.70x) "
          f"{'OK' if ratio >= 0.7 else 'BELOW TARGET'}")  # fmt: skip
    counts = result.summary["counts"]
    print(f"encoded {counts['sentences_encoded']} sentences, {counts['aspect_mentions']} aspect "
          f"mentions, {counts['unscored_reviews']} unscored reviews")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
