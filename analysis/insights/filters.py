"""The sidebar's selection and the one filter definition pages, reports and exports share:
products, an inclusive day range and review languages, applied to reviews and to aspect
mentions alike.

The date rule lives in :meth:`ViewFilters.date_range` only: from midnight of ``start``
through the last microsecond of ``end`` (the store's resolution), both inclusive. The pandas
filter below and the store query of :func:`analysis.services.views.load_review_frames` both
take that pair, so a page and the report or export built from it hold the same reviews.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class ViewFilters:
    """What the sidebar selects; hashable so cached queries can be keyed by it.

    ``products`` empty means every product; ``start``/``end`` are inclusive days (None: open);
    ``languages`` empty means every language (codes as in the ``language`` column: en, zh...).
    """

    products: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    languages: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for page captions and report headers."""
        who = ", ".join(self.products) if self.products else "all products"
        since = self.start.isoformat() if self.start else "first review"
        until = self.end.isoformat() if self.end else "last review"
        line = f"{who}; {since} to {until}"
        return f"{line}; languages {', '.join(self.languages)}" if self.languages else line

    def date_range(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """``(first, last)`` instants inside the range, both inclusive (None: open).

        ``first`` is midnight of ``start``; ``last`` is the end of the ``end`` day, one
        microsecond before the next midnight (the store keeps microseconds).
        """
        first = pd.Timestamp(self.start) if self.start is not None else None
        last = (pd.Timestamp(self.end) + END_OF_DAY) if self.end is not None else None
        return first, last


END_OF_DAY = pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)


def _day_mask(dates: pd.Series, filters: ViewFilters) -> np.ndarray:
    first, last = filters.date_range()
    mask = np.ones(len(dates), dtype=bool)
    if first is not None:
        mask &= (dates >= first).to_numpy()
    if last is not None:
        mask &= (dates <= last).to_numpy()
    return mask


def filter_reviews(reviews: pd.DataFrame, filters: ViewFilters) -> pd.DataFrame:
    """Rows of ``reviews`` inside the selected products and date range.

    Reviews without a date are kept only when no date range is set (they cannot be placed).
    """
    mask = np.ones(len(reviews), dtype=bool)
    if filters.products:
        mask &= reviews["product_id"].isin(filters.products).to_numpy()
    if filters.start is not None or filters.end is not None:
        mask &= _day_mask(reviews["date"], filters)
    if filters.languages:
        mask &= reviews["language"].isin(filters.languages).fillna(False).to_numpy(dtype=bool)
    return reviews.loc[mask]


def filter_aspects(aspects: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """Aspect mentions that belong to the (already filtered) ``reviews``."""
    return aspects.loc[aspects["review_id"].isin(reviews["review_id"]).to_numpy()]


def filter_mentions(aspects: pd.DataFrame, filters: ViewFilters) -> pd.DataFrame:
    """Aspect mentions inside the filters, using their own ``product_id`` and ``date``.

    Same rows as ``filter_aspects(aspects, filter_reviews(reviews, filters))`` because a
    mention carries its review's product and date, but without matching review ids. Mentions
    carry no language: with a language filter, use :func:`filter_aspects`.
    """
    if filters.languages:
        raise ValueError("mentions carry no language: filter reviews, then filter_aspects")
    return filter_reviews(aspects, filters)


def date_bounds(reviews: pd.DataFrame) -> tuple[date | None, date | None]:
    """First and last review day, for the date-range picker."""
    dates = reviews["date"].dropna() if "date" in reviews else pd.Series(dtype="datetime64[ns]")
    if dates.empty:
        return None, None
    return dates.min().date(), dates.max().date()


def language_list(reviews: pd.DataFrame) -> list[str]:
    """Languages present in ``reviews`` (the language detector's codes), sorted."""
    if "language" not in reviews:
        return []
    return sorted(reviews["language"].dropna().astype(str).unique().tolist())


def product_list(reviews: pd.DataFrame) -> list[str]:
    """Products present in ``reviews``, sorted, unknown product shown as ``(none)``."""
    return sorted(reviews["product_id"].fillna("(none)").astype(str).unique().tolist())
