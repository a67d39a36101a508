"""Review trends: volume and net sentiment per period, per product and aspect, with bands.

Net sentiment of a period is ``(positive - negative) / total``; its band is the adjusted-Wald
interval from :func:`analysis.insights.strengths.net_sentiment_interval`, so a week with three
reviews shows a wide band instead of a confident swing. Inputs are the analysis contract's
``reviews`` (``product_id, date, sentiment ...``) and ``aspects`` (``aspect_norm, category,
polarity`` with the review's ``product_id`` and ``date`` joined on).

For reading: :func:`choose_period` picks week, month or quarter from the volume,
:func:`readable_trend` adds the empty periods (so a line breaks across a gap instead of being
drawn straight across it) and blanks the net sentiment of periods with fewer than
``min_count`` reviews (flagged ``too_few``), which :func:`banded_figure` draws as grey bars.
"""

from __future__ import annotations

import pandas as pd

from analysis.insights.strengths import net_sentiment_interval
from analysis.insights.timeseries import period_start

PERIOD_NAMES = {"W": "week", "M": "month", "Q": "quarter"}
TREND_COLUMNS = ["period", "count", "positive", "negative", "net_sentiment", "net_lo", "net_hi"]
MIN_COUNT = 10


def _trend(frame: pd.DataFrame, label: str, keys: list[str], freq: str,
           confidence: float) -> pd.DataFrame:
    dated = frame.dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame(columns=[*keys, *TREND_COLUMNS])
    work = pd.DataFrame({k: dated[k] for k in keys})
    work["period"] = period_start(dated["date"], freq)
    # Unscored rows (NA label, e.g. a language the model does not read) count as neither.
    work["positive"] = (dated[label] == "positive").fillna(False).astype(int)
    work["negative"] = (dated[label] == "negative").fillna(False).astype(int)
    out = work.groupby([*keys, "period"], dropna=False).agg(
        count=("positive", "size"), positive=("positive", "sum"),
        negative=("negative", "sum")).reset_index()
    out["net_sentiment"] = (out["positive"] - out["negative"]) / out["count"]
    low, high = net_sentiment_interval(out["positive"], out["negative"], out["count"],
                                       confidence)
    out["net_lo"], out["net_hi"] = low, high
    return out.sort_values([*keys, "period"]).reset_index(drop=True)


def review_trends(reviews: pd.DataFrame, freq: str = "W", by_product: bool = True,
                  confidence: float = 0.95) -> pd.DataFrame:
    """Reviews per period (and product): count, positive, negative, net sentiment and band."""
    keys = ["product_id"] if by_product else []
    out = _trend(reviews, "sentiment", keys, freq, confidence)
    return out.rename(columns={"count": "reviews"})


def aspect_trends(aspects: pd.DataFrame, freq: str = "W", level: str = "category",
                  by_product: bool = True, confidence: float = 0.95) -> pd.DataFrame:
    """Aspect mentions per period, product and ``level`` (category or aspect_norm)."""
    if level not in aspects.columns:
        raise ValueError(f"aspects has no {level!r} column")
    keys = (["product_id"] if by_product else []) + [level]
    out = _trend(aspects, "polarity", keys, freq, confidence)
    return out.rename(columns={"count": "mentions"})


def choose_period(dates: pd.Series, min_count: int = MIN_COUNT) -> str:
    """The shortest period (``W``, ``M``, ``Q``) in which the typical period that has reviews
    holds at least ``min_count`` of them (``Q`` when even quarters hold fewer)."""
    dated = pd.to_datetime(pd.Series(dates)).dropna()
    if dated.empty:
        return "M"
    for freq in ("W", "M"):
        if period_start(dated, freq).value_counts().median() >= min_count:
            return freq
    return "Q"


def readable_trend(table: pd.DataFrame, freq: str, count: str = "reviews",
                   keys: tuple[str, ...] = (), min_count: int = MIN_COUNT) -> pd.DataFrame:
    """``table`` (from :func:`review_trends` or :func:`aspect_trends`) with every period between
    the first and the last (count 0 where there were none) and ``too_few`` set where fewer
    than ``min_count``; those periods' net sentiment and band are NaN (not -1 or +1)."""
    if table.empty:
        return table.assign(too_few=pd.Series(dtype=bool))
    alias = {"W": "W-MON", "M": "MS", "Q": "QS"}[freq]
    parts = []
    groups = table.groupby(list(keys), dropna=False) if keys else [((), table)]
    for name, group in groups:
        periods = pd.date_range(group["period"].min(), group["period"].max(), freq=alias)
        full = group.set_index("period").reindex(periods)
        full.index.name = "period"
        full[count] = full[count].fillna(0).astype(int)
        for key, value in zip(keys, name if isinstance(name, tuple) else (name,), strict=False):
            full[key] = value
        parts.append(full.reset_index())
    out = pd.concat(parts, ignore_index=True)
    out["too_few"] = out[count] < min_count
    out.loc[out["too_few"], ["net_sentiment", "net_lo", "net_hi"]] = float("nan")
    return out
