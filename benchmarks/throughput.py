"""Throughput of the whole ``analyze`` pipeline against a bare int8 encoder pass, same run.

Builds N unique reviews (default 5,000) from data/sample_reviews.csv: sentences of the sample
are recombined across reviews and each gets a small variation (an adverb, a time detail), so no
two sentences repeat and the cache cannot help. Then it measures, with the same thread count:

- baseline: tokenize + forward pass of the base MiniLM (int8 dynamic quantization, batches of
  32 sorted by length, no heads) over every sentence those reviews contain;
- pipeline: ``ReviewAnalyzer.analyze`` on the CSV with a fresh store (ingest, language,
  sentences, engine with heads and aspect decoding, categorization, store, summary);
- warm: the same ``analyze`` again (everything read back from the cache), for information.

Model loading is outside every timing. Target: pipeline reviews/s >= 0.7 x baseline reviews/s.

Chinese reviews/s (``--zh-reviews``, default 5,000; 0 skips; ``--zh-only`` skips the English
part): real reviews of ``online_shopping_10_cats`` from the shared data, timed as the plain char
1-3-gram TF-IDF + LR baseline (fitted on other reviews outside the timing: transform + predict),
the shipped Chinese model on whole reviews, and ``analyze`` on a CSV of them (cold store: the
Chinese route with clause split, clause sentiment, aspects, store, summary).

    .venv/bin/python benchmarks/throughput.py [--reviews 5000] [--threads 2] [--zh-only]
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
    """Seconds for tokenize + forward of the int8 base encoder over ``sentences``."""
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


def chinese_reviews(count: int, seed: int = 13) -> tuple[pd.DataFrame, list[tuple[str, int]]]:
    """``count`` Chinese reviews as an upload frame, and other labelled ones to fit a baseline."""
    import numpy as np

    from analysis.training.zh import load_shopping

    rows = load_shopping()
    order = np.random.default_rng(seed).permutation(len(rows))
    picked = [rows[i] for i in order[:count]]
    spare = [(rows[i][2], rows[i][1]) for i in order[count : count + 5000]]
    frame = pd.DataFrame({
        "review_id": [f"Z{i:06d}" for i in range(len(picked))],
        "product_id": [f"ZH-{category}" for category, _, _ in picked],
        "date": "2024-05-01",
        "rating": [5 if label else 1 for _, label, _ in picked],
        "review_text": [text for _, _, text in picked],
    })  # fmt: skip
    return frame, spare


def chinese_throughput(count: int, model) -> None:
    """Prints Chinese reviews/s: TF-IDF baseline, shipped model, full ``analyze`` (cold store)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from analysis.services.analyzer import ReviewAnalyzer
    from analysis.store.core import Store
    from analysis.zh import ChineseScorer

    reviews, spare = chinese_reviews(count)
    texts = reviews["review_text"].tolist()
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    baseline = LogisticRegression(max_iter=1000).fit(
        vectorizer.fit_transform([t for t, _ in spare]), [label for _, label in spare]
    )
    started = time.perf_counter()
    baseline.predict(vectorizer.transform(texts))
    timings = [("baseline char TF-IDF + LR", time.perf_counter() - started)]
    scorer = ChineseScorer()
    scorer.review_probs(texts[:10])  # loads the model file outside the timing
    started = time.perf_counter()
    scorer.review_probs(texts)
    timings.append(("shipped model, whole reviews", time.perf_counter() - started))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "zh_reviews.csv"
        reviews.to_csv(path, index=False)
        with Store(Path(folder) / "bench_zh.duckdb") as store:
            analyzer = ReviewAnalyzer(store, model, chinese_scorer=scorer)
            started = time.perf_counter()
            result = analyzer.analyze([path])
            timings.append(("full analyze, Chinese (cold)", time.perf_counter() - started))
    languages = result.reviews["language"].value_counts().to_dict()
    n = len(reviews)
    print(f"\n{n} Chinese reviews ({len(result.sentences)} clauses, languages {languages}, "
          f"{len(result.aspects)} aspect mentions)")
    print(f"{'':34}{'seconds':>9}{'reviews/s':>12}")
    for label, seconds in timings:
        print(f"{label:34}{seconds:9.2f}{n / seconds:12.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=5000)
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: cores)")
    parser.add_argument("--int8", action="store_true",
                        help="run the pipeline's model int8-quantised (default: EngineConfig)")
    parser.add_argument("--zh-reviews", type=int, default=5000, help="Chinese reviews; 0 skips")
    parser.add_argument("--zh-only", action="store_true", help="only the Chinese figures")
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
    if args.zh_only:
        model = ReviewModel.load(engine=engine)  # the analyzer wants one; Chinese never uses it
        chinese_throughput(args.zh_reviews, model)
        return 0
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
    if args.zh_reviews:
        chinese_throughput(args.zh_reviews, model)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
