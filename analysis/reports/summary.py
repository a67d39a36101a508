"""What page 1 of the report says: which products it details and why, and the executive summary.

:func:`choose_products` picks the products worth a page by what matters to a reader (most
reviews, biggest recent change in net sentiment, most negative) instead of alphabetically.
:func:`executive_summary` gathers the period, review volume and its change, net sentiment and
its change with 95% intervals, the top strengths and weaknesses across the catalogue with one
quote each, the emerging issues and the forecast headline, as plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.insights import aspect_tables
from analysis.insights import filters as filtering
from analysis.insights import kpis as kpi
from analysis.insights import quotes as quoting
from analysis.insights.emerging import EmergingConfig, describe_alert, emerging_issues
from analysis.insights.strengths import net_sentiment_interval

Z95 = 1.96
MIN_REVIEWS_NEGATIVE = 10


@dataclass
class ProductChoice:
    """The products detailed in the report, each with why, and what was left out."""

    products: list[str]
    reasons: dict[str, str]
    left_out: int
    left_out_reviews: int
    chosen_by_user: bool = False


def choose_products(reviews: pd.DataFrame, limit: int = 6,
                    chosen: tuple[str, ...] | list[str] = ()) -> ProductChoice:
    """``chosen`` when given; else the most reviewed products, plus the one whose net sentiment
    changed most in the last 30 days and the most negative one (at least 10 reviews)."""
    kpis = kpi.kpi_table(reviews)
    kpis = kpis[kpis["product_id"] != "All products"].set_index("product_id")
    counts = kpis["reviews"].astype(int) if not kpis.empty else pd.Series(dtype=int)
    if chosen:
        picked = [str(p) for p in chosen if str(p) in counts.index]
        reasons = {p: "chosen" for p in picked}
        user = True
    else:
        user = False
        by_volume = counts.sort_values(ascending=False, kind="stable")
        picked = list(by_volume.index[:max(1, limit - 2)])
        reasons = {p: f"{by_volume[p]:,} reviews (among the most reviewed)" for p in picked}
        change = kpis["net_sentiment_change"].dropna() if not kpis.empty else pd.Series()
        if not change.empty:
            mover = change.abs().idxmax()
            if mover not in reasons:
                picked.append(mover)
                reasons[mover] = (f"biggest change in net sentiment in the last 30 days "
                                  f"({change[mover]:+.2f})")
        enough = kpis[kpis["reviews"] >= MIN_REVIEWS_NEGATIVE] if not kpis.empty else kpis
        if not enough.empty:
            worst = enough["net_sentiment"].idxmin()
            if worst not in reasons:
                picked.append(worst)
                net = enough.at[worst, "net_sentiment"]
                reasons[worst] = f"most negative (net sentiment {net:+.2f})"
        for product in by_volume.index:
            if len(picked) >= limit:
                break
            if product not in reasons:
                picked.append(product)
                reasons[product] = f"{by_volume[product]:,} reviews"
    rest = counts.drop(index=[p for p in picked if p in counts.index])
    return ProductChoice(picked, reasons, len(rest), int(rest.sum()), user)


@dataclass
class ExecutiveSummary:
    """Page 1's figures; NaN or empty where the data does not allow them."""

    first: object = None
    last: object = None
    reviews: int = 0
    window_days: int = 0
    recent_reviews: int = 0
    prior_reviews: int = 0
    net: float = float("nan")
    net_lo: float = float("nan")
    net_hi: float = float("nan")
    net_change: float = float("nan")
    change_lo: float = float("nan")
    change_hi: float = float("nan")
    strengths: list[dict] = field(default_factory=list)
    weaknesses: list[dict] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    forecast: str = ""


def _net(frame: pd.DataFrame) -> tuple[float, float, float, float]:
    """Net sentiment, its 95% interval and its standard error."""
    n = len(frame)
    if n == 0:
        return (float("nan"),) * 4
    pos = int((frame["sentiment"] == "positive").sum())
    neg = int((frame["sentiment"] == "negative").sum())
    lo, hi = net_sentiment_interval([pos], [neg], [n])
    return (pos - neg) / n, float(lo[0]), float(hi[0]), float(hi[0] - lo[0]) / (2 * Z95)


def _aspect_lines(aspects: pd.DataFrame, reviews: pd.DataFrame, kind: str) -> list[dict]:
    """Top 3 strengths (``kind="strength"``) or weaknesses across the catalogue: categories
    pooled over all products first, then single products' categories (named with the
    product) so a weakness of one product is not averaged away by the others."""
    polarity = "positive" if kind == "strength" else "negative"
    pick = 0 if kind == "strength" else 1
    ranked = aspect_tables.strengths_and_weaknesses(aspects, None, top=3)[pick]
    rows = [(None, row) for row in ranked.itertuples(index=False)]
    if len(rows) < 3:
        extra = []
        for product in aspects["product_id"].dropna().unique():
            table = aspect_tables.strengths_and_weaknesses(aspects, product, top=3)[pick]
            extra += [(product, row) for row in table.itertuples(index=False)]
        key = (lambda r: -r[1].ci_low) if kind == "strength" else (lambda r: r[1].ci_high)
        rows += sorted(extra, key=key)[:3 - len(rows)]
    lines = []
    for product, row in rows:
        quotes = quoting.quotes_for(aspects, reviews, row.category, polarity, product=product,
                                  limit=1)
        quote = "" if quotes.empty else quoting.highlight_plain(
            str(quotes["text"].iloc[0]), quotes["start"].iloc[0], quotes["end"].iloc[0], 160)
        label = row.category if product is None else f"{row.category} ({product})"
        lines.append({"category": label, "mentions": int(row.mentions),
                      "net": float(row.net_sentiment), "lo": float(row.ci_low),
                      "hi": float(row.ci_high), "quote": quote})
    return lines


def forecast_headline(sales: pd.DataFrame, forecast: pd.DataFrame,
                      backtest: pd.DataFrame) -> str:
    """Total forecast over the horizon against the same number of latest actual periods, and
    the backtest error against a seasonal naive forecast (median over series)."""
    if forecast.empty:
        return ""
    from analysis.forecasting.explain import COMBINED, with_naive_ratio

    steps = int(forecast.groupby("unique_id").size().max())
    total = float(forecast["yhat"].sum())
    text = (f"Sales forecast: {total:,.0f} in total over the next {steps} periods across "
            f"{forecast['unique_id'].nunique()} series")
    if not sales.empty:
        ids = set(forecast["unique_id"].astype(str))
        recent = (sales[sales["unique_id"].astype(str).isin(ids)].sort_values("ds")
                  .groupby("unique_id").tail(steps))
        before = float(recent["y"].sum())
        if before > 0:
            text += f", {total / before - 1:+.1%} against the last {steps} periods"
    text += "."
    if not backtest.empty:
        ratio = with_naive_ratio(backtest)
        ratio = ratio.loc[ratio["model"].astype(str) == COMBINED, "vs seasonal naive"].dropna()
        if not ratio.empty:
            median = float(ratio.median())
            text += (f" In the backtest its errors were {median:.2f} times a seasonal naive "
                     f"forecast's (median over {len(ratio)} series; below 1 is better).")
    return text


def executive_summary(reviews: pd.DataFrame, aspects: pd.DataFrame, sales: pd.DataFrame,
                      forecast: pd.DataFrame, backtest: pd.DataFrame) -> ExecutiveSummary:
    """Page 1's figures for a selection (see the module docstring)."""
    out = ExecutiveSummary(reviews=len(reviews))
    out.first, out.last = filtering.date_bounds(reviews)
    dated = reviews.dropna(subset=["date"])
    out.net, out.net_lo, out.net_hi, _ = _net(reviews)
    if not dated.empty:
        dates = pd.to_datetime(dated["date"])
        span = (dates.max() - dates.min()).days
        out.window_days = 90 if span >= 180 else max(1, span // 2)
        age = (dates.max() - dates).dt.days
        recent = dated[age < out.window_days]
        prior = dated[(age >= out.window_days) & (age < 2 * out.window_days)]
        out.recent_reviews, out.prior_reviews = len(recent), len(prior)
        if len(recent) and len(prior):
            now, _, _, se_now = _net(recent)
            then, _, _, se_then = _net(prior)
            out.net_change = now - then
            half = Z95 * float(np.hypot(se_now, se_then))
            out.change_lo, out.change_hi = out.net_change - half, out.net_change + half
    if not aspects.empty:
        out.strengths = _aspect_lines(aspects, reviews, "strength")
        out.weaknesses = _aspect_lines(aspects, reviews, "weakness")
        alerts = emerging_issues(aspects, EmergingConfig(level="category"))
        out.alerts = [describe_alert(a) for a in alerts.head(3).itertuples(index=False)]
    out.forecast = forecast_headline(sales, forecast, backtest)
    return out
