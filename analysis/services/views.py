"""What a page, a report or a notebook reads from the store: analyzed reviews and aspect
mentions, sales with the latest forecast, the cache token, and the product families.

Reads only; the frames come back in the analysis contract's dtypes (dates as ns, text as
Arrow strings) so the pure functions in :mod:`analysis.insights` take them as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.insights.filters import (
    ViewFilters,
    filter_aspects,
    filter_mentions,
    filter_reviews,
)
from analysis.store import results
from analysis.store import sales as sales_store
from analysis.store.core import Store


@dataclass
class ReviewFrames:
    """Analyzed reviews and their aspect mentions (aspects carry ``product_id`` and ``date``)."""

    reviews: pd.DataFrame
    aspects: pd.DataFrame

    def filtered(self, filters: ViewFilters) -> ReviewFrames:
        """The subset inside the sidebar's products and date range."""
        reviews = filter_reviews(self.reviews, filters)
        if len(reviews) == len(self.reviews):
            return self
        if filters.languages:  # mentions carry no language: match them by review id
            return ReviewFrames(reviews, filter_aspects(self.aspects, reviews))
        return ReviewFrames(reviews, filter_mentions(self.aspects, filters))


def _ns(values: pd.Series) -> pd.Series:
    """Dates as ``datetime64[ns]`` (DuckDB returns microseconds; the contracts use ns)."""
    return pd.to_datetime(values).astype("datetime64[ns]")


def store_version(store: Store) -> str:
    """A token that changes whenever results are written or a dataset is added or removed
    (cache key for loaded frames)."""
    from analysis.store.datasets import data_version

    runs = results.list_runs(store)
    parts = [str(len(runs))]
    if not runs.empty:
        parts.append(str(runs["finished_at"].max()))
    taxonomy = results.load_taxonomy_table(store)
    parts.append(str(hash(tuple(taxonomy["name"]) + tuple(map(str, taxonomy["examples"])))))
    parts.append(str(sales_store.latest_run_id(store)))
    parts.append(data_version(store))
    return "|".join(parts)


def has_reviews(store: Store) -> bool:
    """True while the store holds analyzed reviews (none after every dataset was removed)."""
    return not store.query("SELECT 1 FROM review_results LIMIT 1").empty


def load_review_frames(store: Store, filters: ViewFilters | None = None) -> ReviewFrames:
    """Analyzed reviews and aspect mentions, optionally filtered in the store query."""
    f = filters or ViewFilters()
    products = list(f.products) or None
    first, last = f.date_range()  # the one date rule, as the pandas filter applies it
    reviews = results.load_analyzed_reviews(store, products, first, last)
    aspects = results.load_aspect_mentions(store, products, first, last)
    reviews["date"] = _ns(reviews["date"])
    aspects["date"] = _ns(aspects["date"])
    for column in ("start", "end", "sentence_index"):
        aspects[column] = aspects[column].astype("int64")
    frames = ReviewFrames(_arrow_strings(reviews), _arrow_strings(aspects))
    return frames.filtered(ViewFilters(languages=f.languages)) if f.languages else frames


def _arrow_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Arrow strings: filters run faster and cached copies (``st.cache_data``
    pickles every hit) load about 3x faster than with Python string objects."""
    text = {c: "string[pyarrow]" for c in frame.columns if frame[c].dtype == object}
    return frame.astype(text) if text else frame


@dataclass
class SalesFrames:
    """Sales history (``unique_id, ds, y``), latest forecast (``unique_id, ds, yhat`` and the
    interval columns) and backtest metrics (per ``unique_id`` and model): one schema,
    :mod:`analysis.forecasting.schema`."""

    sales: pd.DataFrame
    forecast: pd.DataFrame
    backtest: pd.DataFrame
    run: dict = field(default_factory=dict)  # strategy, calibration, freq, weights

    @property
    def empty(self) -> bool:
        return self.sales.empty and self.forecast.empty


def load_sales_frames(store: Store, series: Sequence[str] | None = None) -> SalesFrames:
    """Stored sales, the latest forecast and its backtest, optionally for some series only.

    All in the statsforecast schema (``unique_id, ds``), also the run's ``weights``.
    """
    history = sales_store.load_sales(store)
    forecast = sales_store.load_forecast(store)
    backtest = sales_store.load_backtest(store)
    run = sales_store.load_run_info(store)
    history["ds"] = _ns(history["ds"])
    forecast["ds"] = _ns(forecast["ds"])
    if series:
        wanted = {str(s) for s in series}
        history = history[history["unique_id"].astype(str).isin(wanted)]
        forecast = forecast[forecast["unique_id"].astype(str).isin(wanted)]
        backtest = backtest[backtest["unique_id"].astype(str).isin(wanted)]
    return SalesFrames(history, forecast, backtest, run)


def product_variants(store: Store) -> dict[str, list[str]]:
    """Each product (family) id -> the product ids (variants) its reviews were shown on.

    A review copied onto several variants is stored once under its family, so figures per
    product count it once; this says which variants a family covers.
    """
    try:
        from analysis.store.reviews import list_products
    except ImportError:  # no ingestion store in this build
        return {}
    products = list_products(store)
    return dict(zip(products["product_id"].astype(str), products["variants"], strict=True))


def variants_caption(product: str, variants: list[str], shown: int = 8) -> str | None:
    """'B07X covers 3 variants: B07X, B07Y, B07Z' for a family of two or more, else None."""
    if len(variants) < 2:
        return None
    listed = ", ".join(variants[:shown]) + (f" and {len(variants) - shown} more"
                                            if len(variants) > shown else "")
    return (f"{product} covers {len(variants)} variants: {listed}. A review shown on "
            "several of them counts once.")
