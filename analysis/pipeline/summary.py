"""summary.json: what came in, what was scored, and per product the ranked strengths/weaknesses."""

from __future__ import annotations

import math

import pandas as pd

from analysis.insights.quotes import representative_quotes
from analysis.insights.strengths import strengths_weaknesses
from analysis.text.language import SCORED_LANGUAGES

TOP = 5


def _number(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), 4)


def _ingest_counts(ingest, reviews: pd.DataFrame) -> dict[str, int]:
    """Missing/unparsed dates and ratings, from the ingest stats (or the frame when absent)."""
    stats = getattr(ingest, "stats", None) or {}
    keys = ["dates_unparsed", "dates_missing", "ratings_unparsed", "ratings_missing"]
    counts = dict.fromkeys(keys, 0)
    for per_file in stats.values():
        for key in keys:
            counts[key] += int(per_file.get(key, 0) or 0)
    if not stats:
        counts["dates_missing"] = int(reviews["date"].isna().sum())
        counts["ratings_missing"] = int(reviews["rating"].isna().sum())
    return counts


def _files(ingest) -> dict[str, dict]:
    stats = getattr(ingest, "stats", None) or {}
    keep = ("format", "encoding", "rows_read")
    return {str(name): {k: v for k, v in info.items() if k in keep} for name, info in stats.items()}


def build_summary(
    reviews: pd.DataFrame,
    aspects: pd.DataFrame,
    sentences: pd.DataFrame,
    rejected: pd.DataFrame,
    ingest,
    stats,
    min_mentions: int = 3,
    quotes: int = 3,
) -> dict:
    """Counts (input rows = reviews + rejected), language split, cache use, per-product ranks."""
    unscored = reviews.loc[~reviews["language"].isin(SCORED_LANGUAGES), "language"].value_counts()
    sentiment = reviews["sentiment"].value_counts()
    counts = {
        "input_rows": int(len(reviews) + len(rejected)),
        "reviews": int(len(reviews)),
        "rejected": int(len(rejected)),
        "scored_reviews": int(reviews["sentiment"].notna().sum()),
        "unscored_reviews": int(reviews["sentiment"].isna().sum()),
        "unscored_by_language": {str(k): int(v) for k, v in unscored.items()},
        **_ingest_counts(ingest, reviews),
        "sentences": int(len(sentences)),
        "distinct_sentences": int(stats.distinct),
        "sentences_from_cache": int(stats.cached),
        "sentences_encoded": int(stats.encoded),
        "aspect_mentions": int(len(aspects)),
        "sentiment": {
            label: int(sentiment.get(label, 0)) for label in ("negative", "neutral", "positive")
        },
    }
    products = _products(reviews, aspects, sentences, min_mentions, quotes)
    return {"counts": counts, "files": _files(ingest), "products": products}


def _products(reviews, aspects, sentences, min_mentions: int, quotes: int) -> dict:
    product_of = reviews.set_index("review_id")["product_id"]
    mentions = aspects.assign(product_id=aspects["review_id"].map(product_of).astype("object"))
    table = strengths_weaknesses(None, mentions, by="category", min_mentions=min_mentions)
    picked = representative_quotes(mentions, sentences, by="category", n=quotes)
    picked = picked.assign(product_id=picked["product_id"].fillna("(no product)").astype(str))
    quote_map = {
        key: group["quote"].tolist()
        for key, group in picked.groupby(["product_id", "category", "polarity"], sort=False)
    }
    out: dict[str, dict] = {}
    grouped = reviews.assign(product_id=reviews["product_id"].fillna("(no product)").astype(str))
    ranked = _top_rows(table)
    for product, group in grouped.groupby("product_id", sort=True):
        entry = {
            "reviews": int(len(group)),
            "mean_rating": _number(pd.to_numeric(group["rating"], errors="coerce").mean()),
            "mean_sentiment_score": _number(group["sentiment_score"].mean()),
            "strengths": _ranked(ranked.get((product, "strength"), []), "positive", product,
                                 quote_map),
            "weaknesses": _ranked(ranked.get((product, "weakness"), []), "negative", product,
                                  quote_map),
        }
        out[str(product)] = entry
    return out


def _top_rows(table: pd.DataFrame) -> dict[tuple, list[dict]]:
    """The ``TOP`` best-ranked rows per ``(product_id, kind)``, in rank order, as plain dicts:
    one pass over the table (per-product filtering cost seconds with hundreds of products)."""
    top = (table.sort_values(["product_id", "kind", "rank"])
           .groupby(["product_id", "kind"], sort=False).head(TOP))
    rows: dict[tuple, list[dict]] = {}
    for row in top.to_dict("records"):
        rows.setdefault((row["product_id"], row["kind"]), []).append(row)
    return rows


def _ranked(rows: list[dict], polarity: str, product: str, quote_map) -> list[dict]:
    return [
        {
            "category": row["category"],
            "rank": int(row["rank"]),
            "mentions": int(row["mentions"]),
            "net_sentiment": _number(row["net_sentiment"]),
            "ci": [_number(row["net_lo"]), _number(row["net_hi"])],
            "share_positive": _number(row["share_positive"]),
            "share_negative": _number(row["share_negative"]),
            "quotes": quote_map.get((product, row["category"], polarity), []),
        }
        for row in rows
    ]
