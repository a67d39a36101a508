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
import plotly.graph_objects as go

from analysis.insights.strengths import net_sentiment_interval

PERIODS = {"W": "W-SUN", "M": "M", "Q": "Q-DEC"}
PERIOD_NAMES = {"W": "week", "M": "month", "Q": "quarter"}
TREND_COLUMNS = ["period", "count", "positive", "negative", "net_sentiment", "net_lo", "net_hi"]
MIN_COUNT = 10


def period_start(dates: pd.Series, freq: str = "W") -> pd.Series:
    """The Monday of the week (``W``), first day of the month (``M``) or of the quarter (``Q``)
    of each date."""
    if freq not in PERIODS:
        raise ValueError(f"freq must be 'W', 'M' or 'Q', got {freq!r}")
    return pd.to_datetime(dates).dt.to_period(PERIODS[freq]).dt.start_time


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


def banded_figure(table: pd.DataFrame, freq: str, count: str = "reviews") -> go.Figure:
    """Net sentiment with its 95% band over volume bars; gaps stay gaps, periods with too few
    reviews are grey bars without a sentiment point."""
    figure = go.Figure()
    if table.empty:
        figure.add_annotation(text="No dated reviews in this selection", showarrow=False,
                              x=0.5, y=0.5, xref="paper", yref="paper")
        return figure
    colours = ["#cfd8dc" if few else "#90a4ae" for few in table["too_few"]]
    figure.add_bar(x=table["period"], y=table[count], name=count, marker_color=colours,
                   customdata=table["too_few"].map({True: " (too few to judge)", False: ""}),
                   hovertemplate="%{x|%Y-%m-%d}: %{y}%{customdata}<extra></extra>")
    figure.add_scatter(x=table["period"], y=table["net_hi"], mode="lines", line_width=0,
                       yaxis="y2", showlegend=False, hoverinfo="skip", connectgaps=False)
    figure.add_scatter(x=table["period"], y=table["net_lo"], mode="lines", line_width=0,
                       yaxis="y2", fill="tonexty", fillcolor="rgba(21,101,192,0.15)",
                       name="95% band", hoverinfo="skip", connectgaps=False)
    figure.add_scatter(x=table["period"], y=table["net_sentiment"], mode="lines+markers",
                       yaxis="y2", name="net sentiment", line_color="#1565c0",
                       connectgaps=False,
                       hovertemplate="%{x|%Y-%m-%d}: %{y:+.2f}<extra></extra>")
    figure.update_layout(
        xaxis_title=PERIOD_NAMES.get(freq, "period"), yaxis={"title": count},
        yaxis2={"title": "net sentiment", "overlaying": "y", "side": "right",
                "range": [-1.05, 1.05], "showgrid": False, "zeroline": True},
        legend={"orientation": "h"}, height=380, template="plotly_white",
        margin={"l": 10, "r": 10, "t": 30, "b": 40})
    return figure


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
