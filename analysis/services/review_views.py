"""The tables each review page shows, computed from a selection of analyzed frames.

One function per page question, so the Overview, Aspects, Compare, Strengths and Trends pages
(and notebooks) call one service and draw what it returns; the numbers themselves are the
pure functions of :mod:`analysis.insights`. Every function takes the selection as
:class:`~analysis.services.views.ReviewFrames` (already inside the sidebar's filters) and
returns plain frames, so the pages can cache the small results.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.insights import aspect_tables, compare, kpis, quotes, search, timeseries, trends
from analysis.insights.emerging import EmergingConfig, describe_alert, emerging_issues
from analysis.insights.mismatch import rating_text_mismatch
from analysis.services.views import ReviewFrames

POLARITIES = aspect_tables.POLARITIES
PERIOD_NAMES = trends.PERIOD_NAMES
MIN_COUNT = trends.MIN_COUNT
products_by_volume = compare.products_by_volume
default_products = compare.default_products
__all__ = ["POLARITIES", "PERIOD_NAMES", "MIN_COUNT", "products_by_volume", "default_products",
           "describe_alert", "OverviewTables", "overview_tables", "mismatched_reviews",
           "mention_search", "mention_reviews", "comparison", "ranked_aspects", "aspect_quotes",
           "suggested_period", "trend_tables", "monthly_sentiment"]


@dataclass
class OverviewTables:
    """The Overview page: KPIs (first row: all products), weekly series, category table, and
    the reviews whose stars and words disagree."""

    kpis: pd.DataFrame
    weekly: pd.DataFrame
    categories: pd.DataFrame
    mismatches: pd.DataFrame


def overview_tables(frames: ReviewFrames) -> OverviewTables:
    """KPI table, weekly sentiment, category table and rating/text mismatches of a selection."""
    return OverviewTables(
        kpis.kpi_table(frames.reviews),
        timeseries.sentiment_over_time(frames.reviews, "W"),
        aspect_tables.aspect_table(frames.aspects, ("category",), min_mentions=3),
        mismatched_reviews(frames.reviews),
    )


MISMATCH_COLUMNS = ["review_id", "product_id", "date", "rating", "sentiment", "sentiment_score",
                    "mismatch", "text"]


def mismatched_reviews(reviews: pd.DataFrame) -> pd.DataFrame:
    """Reviews whose star rating contradicts their text (strongest first), for a drill-down."""
    flagged = rating_text_mismatch(reviews)
    return flagged[[c for c in MISMATCH_COLUMNS if c in flagged.columns]]


def mention_search(frames: ReviewFrames, query: str, categories: tuple[str, ...],
                   polarities: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mentions matching the Aspects page's search, and their per-term table."""
    found = search.search_mentions(frames.aspects, query, categories, polarities)
    return found, search.term_table(found)


def mention_reviews(frames: ReviewFrames, found: pd.DataFrame, term: str, limit: int = 20
                    ) -> tuple[pd.DataFrame, int]:
    """The ``limit`` newest mentions of ``term`` with their review's text and rating, and how
    many mentions there are in all."""
    mentions = found[found["aspect_norm"] == term].sort_values("date", ascending=False)
    shown = mentions.head(limit).merge(
        frames.reviews[["review_id", "text", "rating"]], on="review_id", how="left")
    return shown, len(mentions)


def comparison(frames: ReviewFrames, products: tuple[str, ...], min_mentions: int):
    """``(cells, wide, missing, kpis)`` for the Compare page: net sentiment and mentions per
    shared category, the wide table for the chart, why a product is left out, their KPIs."""
    chosen = list(products)
    wide, mentions = aspect_tables.compare_products(frames.aspects, chosen, min_mentions)
    table = kpis.kpi_table(frames.reviews[frames.reviews["product_id"].isin(products)])
    missing = compare.missing_reasons(frames.aspects, chosen, wide, min_mentions)
    return (compare.comparison_cells(wide, mentions), wide, missing,
            table[table["product_id"] != "All products"])


def ranked_aspects(frames: ReviewFrames, product: str | None, min_mentions: int, by: str):
    """``(table, strengths, weaknesses)`` of one product (None: all) within the selection."""
    aspects = frames.aspects
    subset = aspects if product is None else aspects[aspects["product_id"] == product]
    table = aspect_tables.aspect_table(subset, (by,), min_mentions=min_mentions)
    strengths, weaknesses = aspect_tables.strengths_and_weaknesses(
        aspects, product, top=8, min_mentions=min_mentions, by=by)
    return table, strengths, weaknesses


def aspect_quotes(frames: ReviewFrames, key: str, polarity: str, product: str | None,
                  by: str, count: int = 3) -> pd.DataFrame:
    """Representative quotes for one aspect (``by``: category or term) of one product."""
    return quotes.quotes_for(frames.aspects, frames.reviews, key, polarity, product, count,
                             by=by)


def suggested_period(frames: ReviewFrames) -> str:
    """The period (``W``/``M``/``Q``) the selection's review volume supports."""
    return trends.choose_period(frames.reviews["date"])


def trend_tables(frames: ReviewFrames, freq: str, categories: tuple[str, ...], level: str):
    """``(reviews, aspects, alerts)``: the banded review trend, the banded trend per chosen
    category (gaps and small periods marked) and the emerging-issue alerts by ``level``."""
    reviews = trends.readable_trend(
        trends.review_trends(frames.reviews, freq, by_product=False), freq)
    chosen = frames.aspects[frames.aspects["category"].isin(categories)]
    aspects = trends.readable_trend(
        trends.aspect_trends(chosen, freq, "category", by_product=False), freq,
        count="mentions", keys=("category",))
    return reviews, aspects, emerging_issues(frames.aspects, EmergingConfig(level=level))


def monthly_sentiment(reviews: pd.DataFrame, product: str) -> pd.DataFrame:
    """Reviews and net sentiment per month of one product (empty frame: no reviews)."""
    mine = reviews[reviews["product_id"].astype(str) == product]
    return mine if mine.empty else timeseries.sentiment_over_time(mine, "M")
