"""Generate the sample data everyone uses: data/sample_reviews.csv and data/sample_sales.csv.

``python -m data.generate [--out DIR] [--seed N]`` is deterministic for a given seed. Reviews
of an office-supplies catalogue (data/phrases.py) are composed sentence by sentence from
aspect templates whose polarity follows each product's known strengths and weaknesses; the
star rating follows the sentences. One emerging problem is planted: LP-100 paper jams and
overheating from 2026-10-05, with LP-100 sales falling after it. A few realistic bad rows
(empty text, an exact duplicate, an unreadable rating) exercise the rejection path.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from data.phrases import (
    AUTHORS_FIRST,
    AUTHORS_LAST,
    CLOSERS,
    EMERGING_PRODUCT,
    EMERGING_START,
    FOREIGN,
    OPENERS,
    PRODUCTS,
    TEMPLATES,
    TITLES,
    VERY,
    WHEN,
    WHO,
    Product,
)

START = pd.Timestamp("2024-12-01")
END = pd.Timestamp("2026-11-30")
N_REVIEWS = 3000
FOREIGN_SHARE = 0.012
REVIEW_COLUMNS = ["review_id", "product_id", "product_name", "date", "rating", "title",
                  "review_text", "author", "verified_purchase", "helpful_votes"]


def _fill(template: str, product: Product, rng: np.random.Generator) -> str:
    text = template.format(
        item=rng.choice(product.nouns), very=rng.choice(VERY), when=rng.choice(WHEN),
        who=rng.choice(WHO),
    )
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def _seasonal_weight(dates: pd.DatetimeIndex) -> np.ndarray:
    """Review volume follows sales: Q4 and back-to-school (Aug/Sep) are busier."""
    month = dates.month.to_numpy()
    boost = np.where(np.isin(month, [11, 12]), 1.6, 1.0)
    boost = boost * np.where(np.isin(month, [8, 9]), 1.3, 1.0)
    return boost


def _review_dates(n: int, rng: np.random.Generator) -> pd.Series:
    days = pd.date_range(START, END - pd.Timedelta(days=1), freq="D")
    growth = np.linspace(0.8, 1.2, len(days))
    weights = _seasonal_weight(days) * growth
    picked = rng.choice(len(days), size=n, p=weights / weights.sum())
    return pd.Series(days[np.sort(picked)])


def _aspect_mentions(
    product: Product, date: pd.Timestamp, rng: np.random.Generator
) -> list[tuple[str, bool]]:
    """Pick 1-3 aspects and a polarity for each from the profile (and the planted issue)."""
    aspects = list(product.aspects)
    k = int(rng.choice([1, 2, 2, 3, 3]))
    chosen = list(rng.choice(aspects, size=min(k, len(aspects)), replace=False))
    emerging = product.product_id == EMERGING_PRODUCT and date >= pd.Timestamp(EMERGING_START)
    if emerging and rng.random() < 0.6:
        issue = "overheating" if rng.random() < 0.45 else "paper jams"
        if issue not in chosen:
            chosen[0] = issue
        return [(a, False if a == issue else bool(rng.random() < product.aspects.get(a, 0.5)))
                for a in chosen]
    return [(a, bool(rng.random() < product.aspects[a])) for a in chosen]


def _rating(mentions: list[tuple[str, bool]], rng: np.random.Generator) -> int:
    share = sum(pos for _, pos in mentions) / len(mentions)
    score = 1 + 4 * share + rng.normal(0, 0.6)
    return int(np.clip(round(score), 1, 5))


def _compose(product: Product, mentions: list[tuple[str, bool]], rating: int,
             rng: np.random.Generator) -> str:
    mood = "pos" if rating >= 4 else "neg" if rating <= 2 else "mixed"
    parts = [_fill(str(rng.choice(OPENERS[mood])), product, rng)]
    for aspect, positive in mentions:
        options = TEMPLATES[aspect]["pos" if positive else "neg"]
        parts.append(_fill(str(rng.choice(options)), product, rng))
    parts.append(str(rng.choice(CLOSERS[rating])))
    return " ".join(p for p in parts if p)


def make_reviews(seed: int = 7, n: int = N_REVIEWS) -> pd.DataFrame:
    """The sample reviews, including the few deliberately bad rows (see module docstring)."""
    rng = np.random.default_rng(seed)
    dates = _review_dates(n, rng)
    weights = np.array([p.weight for p in PRODUCTS])
    product_idx = rng.choice(len(PRODUCTS), size=n, p=weights / weights.sum())
    rows = []
    for i, (date, pi) in enumerate(zip(dates, product_idx, strict=True), start=1):
        product = PRODUCTS[pi]
        if rng.random() < FOREIGN_SHARE:
            text, rating = FOREIGN[int(rng.integers(len(FOREIGN)))]
            title = ""
        else:
            mentions = _aspect_mentions(product, date, rng)
            rating = _rating(mentions, rng)
            text = _compose(product, mentions, rating, rng)
            title = str(rng.choice(TITLES[rating]))
        rows.append({
            "review_id": f"R{i:05d}",
            "product_id": product.product_id,
            "product_name": product.name,
            "date": date.strftime("%Y-%m-%d"),
            "rating": str(rating),
            "title": title,
            "review_text": text,
            "author": f"{rng.choice(AUTHORS_FIRST)} {rng.choice(AUTHORS_LAST)}",
            "verified_purchase": "true" if rng.random() < 0.85 else "false",
            "helpful_votes": str(int(rng.poisson(1.5))),
        })
    frame = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    return _add_bad_rows(frame)


def _add_bad_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Plant the rows real exports contain: blank text, an exact duplicate, a bad rating."""
    frame = frame.copy()
    frame.loc[frame.index[120], "review_text"] = ""
    frame.loc[frame.index[1830], "review_text"] = "   "
    frame.loc[frame.index[640], "rating"] = "n/a"
    duplicates = frame.iloc[[300, 2210]]
    frame = pd.concat([frame.iloc[:301], duplicates.iloc[[0]], frame.iloc[301:2211],
                       duplicates.iloc[[1]], frame.iloc[2211:]], ignore_index=True)
    return frame


def make_sales(seed: int = 7) -> pd.DataFrame:
    """Weekly units per product: trend, yearly seasonality, promotions, noise, planted drop."""
    rng = np.random.default_rng(seed + 1)
    weeks = pd.date_range(START, END, freq="W-MON")
    t = np.arange(len(weeks))
    frames = []
    for product in PRODUCTS:
        trend = 1 + rng.uniform(-0.1, 0.35) * t / len(t)
        month = weeks.month.to_numpy()
        season = (1 + 0.35 * np.isin(month, [11, 12]) + 0.2 * np.isin(month, [8, 9])
                  - 0.12 * np.isin(month, [1, 2]))
        promo = rng.random(len(weeks)) < 0.08
        lift = np.where(promo, rng.uniform(1.25, 1.6, len(weeks)), 1.0)
        noise = rng.normal(1, 0.07, len(weeks))
        drop = np.ones(len(weeks))
        if product.product_id == EMERGING_PRODUCT:
            after = np.asarray(weeks >= pd.Timestamp(EMERGING_START))
            weeks_after = np.cumsum(after)
            drop = np.where(after, np.maximum(0.55, 1 - 0.06 * weeks_after), 1.0)
        units = np.maximum(0, np.round(product.units * trend * season * lift * noise * drop))
        frames.append(pd.DataFrame({
            "week": weeks.strftime("%Y-%m-%d"),
            "product_id": product.product_id,
            "units": units.astype(int),
            "promotion": promo.astype(int),
        }))
    return pd.concat(frames, ignore_index=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    reviews = make_reviews(args.seed)
    sales = make_sales(args.seed)
    reviews.to_csv(args.out / "sample_reviews.csv", index=False, lineterminator="\n")
    sales.to_csv(args.out / "sample_sales.csv", index=False, lineterminator="\n")
    print(f"wrote {len(reviews)} review rows and {len(sales)} sales rows to {args.out}")


if __name__ == "__main__":
    main()
