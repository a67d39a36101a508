"""Review trends: volume and net sentiment per period, per product and aspect, with bands.

Net sentiment of a period is ``(positive - negative) / total``; its band is the adjusted-Wald
interval from :func:`analysis.insights.strengths.net_sentiment_interval`, so a week with three
reviews shows a wide band instead of a confident swing. Inputs are the analysis contract's
``reviews`` (``product_id, date, sentiment ...``) and ``aspects`` (``aspect_norm, category,
polarity`` with the review's ``product_id`` and ``date`` joined on).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.insights.strengths import net_sentiment_interval

PERIODS = {"W": "W-SUN", "M": "M"}
TREND_COLUMNS = ["period", "count", "positive", "negative", "net_sentiment", "net_lo", "net_hi"]


def period_start(dates: pd.Series, freq: str = "W") -> pd.Series:
    """The Monday of the week (``W``) or first day of the month (``M``) of each date."""
    if freq not in PERIODS:
        raise ValueError(f"freq must be 'W' or 'M', got {freq!r}")
    return pd.to_datetime(dates).dt.to_period(PERIODS[freq]).dt.start_time


def _trend(frame: pd.DataFrame, label: str, keys: list[str], freq: str,
           confidence: float) -> pd.DataFrame:
    dated = frame.dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame(columns=[*keys, *TREND_COLUMNS])
    work = pd.DataFrame({k: dated[k] for k in keys})
    work["period"] = period_start(dated["date"], freq)
    work["positive"] = (dated[label] == "positive").astype(int)
    work["negative"] = (dated[label] == "negative").astype(int)
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


def trend_figure(table: pd.DataFrame, label: str | None = None, title: str = "") -> go.Figure:
    """Net sentiment over time with its band, one line per ``label`` value (or one line)."""
    figure = go.Figure()
    groups = table.groupby(label) if label else [("net sentiment", table)]
    for name, group in groups:
        group = group.sort_values("period")
        figure.add_scatter(x=group["period"], y=group["net_hi"], mode="lines", line_width=0,
                           showlegend=False, hoverinfo="skip", legendgroup=str(name))
        figure.add_scatter(x=group["period"], y=group["net_lo"], mode="lines", line_width=0,
                           fill="tonexty", fillcolor="rgba(100,120,200,0.15)",
                           showlegend=False, hoverinfo="skip", legendgroup=str(name))
        count = "mentions" if "mentions" in group else "reviews"
        figure.add_scatter(x=group["period"], y=group["net_sentiment"], mode="lines+markers",
                           name=str(name), legendgroup=str(name),
                           customdata=group[[count]].to_numpy(),
                           hovertemplate="%{x|%Y-%m-%d}: %{y:.2f} (n=%{customdata[0]})")
    figure.update_layout(title=title, yaxis_title="net sentiment", yaxis_range=[-1.05, 1.05],
                         xaxis_title="period", template="plotly_white")
    return figure


def volume_figure(table: pd.DataFrame, label: str | None = None, title: str = "") -> go.Figure:
    """Mentions (or reviews) per period, one bar series per ``label`` value."""
    count = "mentions" if "mentions" in table else "reviews"
    figure = go.Figure()
    groups = table.groupby(label) if label else [(count, table)]
    for name, group in groups:
        figure.add_bar(x=group["period"], y=group[count], name=str(name))
    figure.update_layout(title=title, barmode="stack", yaxis_title=count,
                         template="plotly_white")
    return figure
