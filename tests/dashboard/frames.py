"""Contract-shaped review/aspect/sales frames for dashboard and report tests and benchmarks.

Deterministic (seeded) and built without the model, so view and page tests run in seconds.
Product ``P-BAD`` gets a burst of negative battery mentions in its last four weeks, so trend
arrows and emerging-issue alerts have something real to find.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CATEGORIES = {
    "battery": ["battery", "battery life", "charge"],
    "screen": ["screen", "display"],
    "price": ["price", "value"],
    "delivery": ["delivery", "shipping"],
    "sound": ["sound", "speaker"],
}
PRODUCTS = ["P-GOOD", "P-BAD", "P-MID", "耳机-3"]


def make_frames(n_reviews: int = 600, seed: int = 7, days: int = 180):
    """Return ``(reviews, aspects)`` DataFrames following the analysis contract."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2024-01-01")
    product = rng.choice(PRODUCTS, size=n_reviews)
    day = rng.integers(0, days, size=n_reviews)
    dates = start + pd.to_timedelta(day, unit="D")
    base = {"P-GOOD": 0.75, "P-BAD": 0.35, "P-MID": 0.55, "耳机-3": 0.6}
    p_pos = np.array([base[p] for p in product])
    late_bad = (product == "P-BAD") & (day >= days - 28)
    cats = list(CATEGORIES)
    cat_idx = rng.integers(0, len(cats), size=n_reviews)
    cat_idx = np.where(late_bad, 0, cat_idx)
    bad_battery = (product == "P-BAD") & (cat_idx == 0)  # P-BAD's battery is a weakness
    p_pos = np.where(late_bad | bad_battery, 0.1, p_pos)
    draw = rng.random(n_reviews)
    sentiment = np.where(draw < p_pos, "positive",
                         np.where(draw < p_pos + 0.15, "neutral", "negative"))
    rating = np.select([sentiment == "positive", sentiment == "neutral"], [5.0, 3.0], 1.0)
    score = np.select([sentiment == "positive", sentiment == "neutral"], [0.8, 0.0], -0.8)
    ids = [f"r{i:06d}" for i in range(n_reviews)]
    terms = [CATEGORIES[cats[c]][i % len(CATEGORIES[cats[c]])] for i, c in enumerate(cat_idx)]
    texts = []
    for i, term in enumerate(terms):
        if sentiment[i] == "positive":
            texts.append(f"Really happy, the {term} is great. Would buy again.")
        elif sentiment[i] == "negative":
            texts.append(f"=cmd| the {term} is awful and broke fast." if i % 97 == 0
                         else f"Disappointed: the {term} is awful and broke fast.")
        else:
            texts.append(f"The {term} is okay I guess.")
    if n_reviews > 3:
        texts[3] = "电池续航很好，the battery is great 质量不错"
        terms[3] = "battery"
        cat_idx[3], sentiment[3] = 0, "positive"
    reviews = pd.DataFrame({
        "review_id": ids, "product_id": product, "date": dates, "rating": rating,
        "title": None, "text": texts, "sentiment": sentiment, "sentiment_score": score,
        "p_negative": (sentiment == "negative") * 0.8 + 0.1,
        "p_neutral": (sentiment == "neutral") * 0.8 + 0.1,
        "p_positive": (sentiment == "positive") * 0.8 + 0.1,
        "language": "en", "source": "synthetic.csv",
    })
    starts = np.array([t.find(term) for t, term in zip(texts, terms, strict=True)])
    aspects = pd.DataFrame({
        "review_id": ids, "sentence_index": 0, "aspect": terms, "start": starts,
        "end": starts + np.array([len(t) for t in terms]),
        "aspect_norm": terms, "category": [cats[c] for c in cat_idx], "polarity": sentiment,
        "confidence": 0.5 + rng.random(n_reviews) / 2, "product_id": product, "date": dates,
    })
    return reviews, aspects


def make_sales(weeks: int = 60, seed: int = 3):
    """Return ``(sales, forecast, backtest)`` frames in the code's forecast schema
    (``unique_id, ds``, :mod:`analysis.forecasting.schema`)."""
    rng = np.random.default_rng(seed)
    rows, fc, bt = [], [], []
    for series in ["P-GOOD", "P-BAD"]:
        ds = pd.date_range("2023-01-02", periods=weeks, freq="W-MON")
        y = 100 + 10 * np.sin(np.arange(weeks) / 4) + rng.normal(0, 3, weeks)
        rows.append(pd.DataFrame({"unique_id": series, "ds": ds, "y": y}))
        future = pd.date_range(ds[-1] + pd.Timedelta(weeks=1), periods=8, freq="W-MON")
        yhat = np.full(8, y[-8:].mean())
        fc.append(pd.DataFrame({
            "unique_id": series, "ds": future, "yhat": yhat,
            "yhat_lo_80": yhat - 5, "yhat_hi_80": yhat + 5,
            "yhat_lo_95": yhat - 9, "yhat_hi_95": yhat + 9,
        }))
        bt.append(pd.DataFrame({"unique_id": [series], "model": ["ensemble"], "mase": [0.8],
                                "smape": [0.05], "coverage_80": [0.79], "coverage_95": [0.93]}))
    return pd.concat(rows, ignore_index=True), pd.concat(fc, ignore_index=True), \
        pd.concat(bt, ignore_index=True)


def save_frames(path, reviews: pd.DataFrame, aspects: pd.DataFrame,
                source: str = "synthetic.csv") -> None:
    """Store analyzed ``reviews``/``aspects`` (one sentence per review) as run ``run1``."""
    from datetime import datetime

    from analysis.store import results
    from analysis.store.core import Store

    sentences = pd.DataFrame({
        "review_id": reviews["review_id"], "sentence_index": 0, "start": 0,
        "end": reviews["text"].str.len(), "text": reviews["text"],
        "p_negative": reviews["p_negative"], "p_neutral": reviews["p_neutral"],
        "p_positive": reviews["p_positive"],
    })
    with Store(path) as store:
        results.save_results(store, reviews, sentences, aspects, "test-model", "run1")
        results.record_run(store, "run1", datetime(2024, 7, 1), "test-model", [source],
                           {"reviews": len(reviews)})
