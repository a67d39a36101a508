"""Train the Chinese sentiment model: ``python -m analysis.training.zh``.

Data: ``online_shopping_10_cats`` (binary labels, 10 e-commerce categories) from the shared data
folder. The hotel category (酒店) is left out of training because it copies the public
ChnSentiCorp hotel set word for word, which is a natural held-out test. Features are TF-IDF
columns scaled by their naive-Bayes log-count ratio (NB-LR), folded into the coefficients.
Texts are deduplicated; a seeded 10% dev split of the rest (never trained on) chooses ``C`` from
``--grid``, then the model is refitted on everything but dev and saved as an npz of IDF weights
and coefficients (see :mod:`analysis.zh.sentiment`).
"""

from __future__ import annotations

import argparse
import csv
import io
import time
import zipfile
from pathlib import Path

import numpy as np

from analysis.config import default_shared_data
from analysis.zh.sentiment import MODEL_PATH, make_vectorizer, tfidf

HELD_OUT = ("酒店",)
DEFAULT_C = 10.0  # chosen on the dev split (see the model card)
DATASET = Path("chinese_online_shopping_10_cats") / "online_shopping_10_cats.zip"


def load_shopping(shared: Path | None = None) -> list[tuple[str, int, str]]:
    """``(category, label, review)`` rows, blank reviews and repeated texts dropped."""
    path = (shared or default_shared_data()) / DATASET
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: set REVIEWLENS_SHARED_DATA to the data folder")
    with zipfile.ZipFile(path) as archive:
        raw = archive.read("online_shopping_10_cats.csv").decode("utf-8-sig")
    rows, seen = [], set()
    for record in csv.DictReader(io.StringIO(raw)):
        text = (record["review"] or "").strip()
        if not text or text in seen:
            continue
        seen.add(text)
        rows.append((record["cat"], int(record["label"]), text))
    return rows


def load_aspect_labels(
    labels: Path, shared: Path | None = None
) -> list[tuple[str, list[tuple[str, int, str | None]]]] | None:
    """Hand-labelled aspects (``tests/data/zh_aspect_labels.json``) joined to their review texts.

    The label file names reviews by row and SHA-1 prefix, never by text (the data may not be
    redistributed). Each aspect is ``(term, start, polarity)`` (polarity ``None`` when the entry
    has none). ``None`` when the shared data is absent; a changed text is an error.
    """
    import hashlib
    import json

    try:
        rows = load_shopping(shared)
    except FileNotFoundError:
        return None
    labelled = []
    for entry in json.loads(labels.read_text(encoding="utf-8"))["reviews"]:
        text = rows[entry["row"]][2]
        if hashlib.sha1(text.encode()).hexdigest()[: len(entry["sha1"])] != entry["sha1"]:
            raise ValueError(f"{labels}: row {entry['row']} no longer holds the labelled text")
        aspects = [(a[0], int(a[1]), a[2] if len(a) > 2 else None) for a in entry["aspects"]]
        labelled.append((text, aspects))
    return labelled


def fit_idf(counts) -> np.ndarray:
    """Smoothed IDF (as ``TfidfTransformer(smooth_idf=True)``) over the hashed columns."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0


def log_count_ratio(counts, labels: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Naive-Bayes log-count ratio per column (Wang & Manning's NB features), from presence."""
    present = (counts > 0).astype(np.float64)
    positive = np.asarray(present[labels == 1].sum(axis=0)).ravel() + alpha
    negative = np.asarray(present[labels == 0].sum(axis=0)).ravel() + alpha
    return np.log((positive / positive.sum()) / (negative / negative.sum()))


def fit_counts(
    counts, labels: np.ndarray, c: float = DEFAULT_C
) -> tuple[np.ndarray, np.ndarray, float]:
    """``(idf, coef, intercept)`` of a logistic regression on NB-scaled TF-IDF features.

    ``counts``: hashed n-gram counts (:func:`analysis.zh.sentiment.make_vectorizer`). Each TF-IDF
    column is scaled by its NB log-count ratio before the regression; the scaling is folded into
    the returned coefficients, so prediction is a plain TF-IDF dot product.
    """
    from sklearn.linear_model import LogisticRegression

    counts = counts.tocsr()
    idf = fit_idf(counts)
    ratio = log_count_ratio(counts, labels)
    classifier = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    classifier.fit(tfidf(counts, idf).multiply(ratio).tocsr(), labels)
    return idf, classifier.coef_[0] * ratio, float(classifier.intercept_[0])


def fit(texts: list[str], labels: np.ndarray, c: float = DEFAULT_C):
    """:func:`fit_counts` on raw texts."""
    return fit_counts(make_vectorizer().transform(texts), labels, c)


def logits(model: tuple[np.ndarray, np.ndarray, float], counts) -> np.ndarray:
    """Decision values of a fitted ``(idf, coef, intercept)`` on hashed counts."""
    idf, coef, intercept = model
    return tfidf(counts, idf) @ coef + intercept


def accuracy(idf, coef, intercept, texts: list[str], labels: np.ndarray) -> float:
    scores = logits((idf, coef, intercept), make_vectorizer().transform(texts))
    return float(((scores > 0).astype(int) == labels).mean())


def split_dev(rows, share: float = 0.1, seed: int = 13):
    rng = np.random.default_rng(seed)
    dev = rng.random(len(rows)) < share
    return [r for r, d in zip(rows, dev, strict=True) if not d], [
        r for r, d in zip(rows, dev, strict=True) if d
    ]


def save(path: Path, idf, coef, intercept: float, version: str) -> None:
    coef = coef.astype(np.float32)
    # Columns no training text hit keep the constant IDF and a zero weight: both compress away.
    np.savez_compressed(
        path, idf=idf.astype(np.float16), coef=coef, intercept=np.float64(intercept),
        version=np.array(version),
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="shared data folder")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--grid", type=float, nargs="+", default=[1.0, 3.0, 10.0])
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = [r for r in load_shopping(args.data) if r[0] not in HELD_OUT]
    train, dev = split_dev(rows)
    texts, labels = [r[2] for r in train], np.array([r[1] for r in train])
    dev_texts, dev_labels = [r[2] for r in dev], np.array([r[1] for r in dev])
    scores = {}
    for c in args.grid:
        scores[c] = accuracy(*fit(texts, labels, c), dev_texts, dev_labels)
        print(f"C={c:g}: dev accuracy {scores[c]:.4f} ({len(dev)} reviews)")
    best = max(scores, key=scores.get)
    idf, coef, intercept = fit(texts, labels, best)
    version = f"zh-char13-nbtfidf-lr-C{best:g}"
    save(args.out, idf, coef, intercept, version)
    size = args.out.stat().st_size / 1e6
    print(f"saved {args.out} ({size:.1f} MB, {version}, {len(train)} training reviews, "
          f"{time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
