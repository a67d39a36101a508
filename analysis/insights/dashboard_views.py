"""View models for the dashboard and reports: filtered frames, KPIs, aspect tables, figures.

Every function here is pure: it takes the analysis contract's DataFrames (``reviews`` with
``review_id, product_id, date, rating, text, sentiment, sentiment_score``; ``aspects`` with
``review_id, aspect, start, end, aspect_norm, category, polarity, confidence`` plus the review's
``product_id`` and ``date``) and returns DataFrames or plotly figures. The Streamlit pages only
render what comes back, and the PDF report reuses the same tables, so a number on screen and in
the report is computed once, in one place.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.insights.quotes import representative_quotes
from analysis.insights.strengths import net_sentiment_interval, strengths_weaknesses

POLARITIES = ("negative", "neutral", "positive")
ARROW_UP, ARROW_DOWN, ARROW_FLAT = "▲", "▼", "▶"
_Z = {0.80: 1.2816, 0.90: 1.6449, 0.95: 1.96, 0.99: 2.5758}


@dataclass(frozen=True)
class ViewFilters:
    """What the sidebar selects; hashable so cached queries can be keyed by it.

    ``products`` empty means every product; ``start``/``end`` are inclusive days (None: open).
    """

    products: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None

    def describe(self) -> str:
        """One line for page captions and report headers."""
        who = ", ".join(self.products) if self.products else "all products"
        since = self.start.isoformat() if self.start else "first review"
        until = self.end.isoformat() if self.end else "last review"
        return f"{who}; {since} to {until}"


@dataclass(frozen=True)
class KpiRow:
    """Headline numbers for one product (or ``product_id='All products'``)."""

    product_id: str
    reviews: int
    avg_rating: float
    net_sentiment: float
    share_negative: float
    net_sentiment_change: float = float("nan")
    arrow: str = ARROW_FLAT
    extra: dict = field(default_factory=dict)


# ---------------------------------------------------------------- filtering


def _day_mask(dates: pd.Series, start: date | None, end: date | None) -> np.ndarray:
    mask = np.ones(len(dates), dtype=bool)
    if start is not None:
        mask &= (dates >= pd.Timestamp(start)).to_numpy()
    if end is not None:
        mask &= (dates < pd.Timestamp(end) + pd.Timedelta(days=1)).to_numpy()
    return mask


def filter_reviews(reviews: pd.DataFrame, filters: ViewFilters) -> pd.DataFrame:
    """Rows of ``reviews`` inside the selected products and date range.

    Reviews without a date are kept only when no date range is set (they cannot be placed).
    """
    mask = np.ones(len(reviews), dtype=bool)
    if filters.products:
        mask &= reviews["product_id"].isin(filters.products).to_numpy()
    if filters.start is not None or filters.end is not None:
        mask &= _day_mask(reviews["date"], filters.start, filters.end)
    return reviews.loc[mask]


def filter_aspects(aspects: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """Aspect mentions that belong to the (already filtered) ``reviews``."""
    return aspects.loc[aspects["review_id"].isin(reviews["review_id"]).to_numpy()]


def filter_mentions(aspects: pd.DataFrame, filters: ViewFilters) -> pd.DataFrame:
    """Aspect mentions inside the filters, using their own ``product_id`` and ``date``.

    Same rows as ``filter_aspects(aspects, filter_reviews(reviews, filters))`` because a
    mention carries its review's product and date, but without matching review ids.
    """
    return filter_reviews(aspects, filters)


def date_bounds(reviews: pd.DataFrame) -> tuple[date | None, date | None]:
    """First and last review day, for the date-range picker."""
    dates = reviews["date"].dropna() if "date" in reviews else pd.Series(dtype="datetime64[ns]")
    if dates.empty:
        return None, None
    return dates.min().date(), dates.max().date()


def product_list(reviews: pd.DataFrame) -> list[str]:
    """Products present in ``reviews``, sorted, unknown product shown as ``(none)``."""
    return sorted(reviews["product_id"].fillna("(none)").astype(str).unique().tolist())


# ---------------------------------------------------------------- KPIs


def net_sentiment(polarity: pd.Series) -> float:
    """Share positive minus share negative, in -1..1 (NaN when empty)."""
    if len(polarity) == 0:
        return float("nan")
    counts = polarity.value_counts()
    return float((counts.get("positive", 0) - counts.get("negative", 0)) / len(polarity))


def trend_arrow(change: float, threshold: float = 0.05) -> str:
    """▲ when ``change`` rose by more than ``threshold``, ▼ when it fell, ▶ otherwise/unknown."""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return ARROW_FLAT
    if change > threshold:
        return ARROW_UP
    if change < -threshold:
        return ARROW_DOWN
    return ARROW_FLAT


def _kpi_rows(labels: pd.Series, reviews: pd.DataFrame, window_days: int) -> pd.DataFrame:
    """KPIs per label in one grouped pass (no per-product Python loop)."""
    sentiment = reviews["sentiment"]
    codes, names = pd.factorize(labels, sort=True)
    frame = pd.DataFrame({
        "label": codes,
        "pos": (sentiment == "positive").to_numpy(float),
        "neg": (sentiment == "negative").to_numpy(float),
        "rating": reviews["rating"].to_numpy(float),
        "date": reviews["date"].to_numpy(),
    })
    grouped = frame.groupby("label", sort=True)
    out = pd.DataFrame({
        "reviews": grouped.size(),
        "avg_rating": grouped["rating"].mean(),
        "net_sentiment": grouped["pos"].mean() - grouped["neg"].mean(),
        "share_negative": grouped["neg"].mean(),
    })
    last = grouped["date"].transform("max")
    age = (last - frame["date"]).dt.days
    recent = frame[age < window_days].groupby("label")
    prior = frame[(age >= window_days) & (age < 2 * window_days)].groupby("label")
    net_recent = recent["pos"].mean() - recent["neg"].mean()
    net_prior = prior["pos"].mean() - prior["neg"].mean()
    enough = (recent.size() >= 5) & (prior.size().reindex(recent.size().index) >= 5)
    change = (net_recent - net_prior).where(enough)
    out["net_sentiment_change"] = change.reindex(out.index).astype(float)
    out["trend"] = out["net_sentiment_change"].map(trend_arrow)
    out.index = names[out.index]
    return out.rename_axis("product_id").reset_index()


def kpi_table(reviews: pd.DataFrame, window_days: int = 30) -> pd.DataFrame:
    """One KPI row per product plus an ``All products`` row first.

    ``net_sentiment_change`` compares the last ``window_days`` (up to each product's newest
    review) with the window before them (NaN when either has fewer than five reviews);
    ``trend`` is its arrow.
    """
    columns = ["product_id", "reviews", "avg_rating", "net_sentiment", "share_negative",
               "net_sentiment_change", "trend"]
    if reviews.empty:
        empty = {"product_id": "All products", "reviews": 0, "avg_rating": float("nan"),
                 "net_sentiment": float("nan"), "share_negative": float("nan"),
                 "net_sentiment_change": float("nan"), "trend": ARROW_FLAT}
        return pd.DataFrame([empty], columns=columns)
    overall = _kpi_rows(pd.Series("All products", index=reviews.index), reviews, window_days)
    products = reviews["product_id"].fillna("(none)").astype(str)
    per_product = _kpi_rows(products, reviews, window_days)
    return pd.concat([overall, per_product], ignore_index=True)[columns]


# ---------------------------------------------------------------- aspects


def aspect_table(
    aspects: pd.DataFrame, by: tuple[str, ...] = ("category",), min_mentions: int = 1
) -> pd.DataFrame:
    """Mentions, polarity counts and net sentiment with a 95% CI per ``by`` group.

    Sorted by net sentiment, best first; groups with fewer than ``min_mentions`` are left out.
    """
    cols = list(by)
    if aspects.empty:
        return pd.DataFrame(
            columns=[*cols, "mentions", *POLARITIES, "net_sentiment", "ci_low", "ci_high"]
        )
    counts = (
        aspects.assign(_one=1)
        .pivot_table(index=cols, columns="polarity", values="_one", aggfunc="sum", fill_value=0)
        .reindex(columns=list(POLARITIES), fill_value=0)
    )
    counts.columns.name = None
    counts["mentions"] = counts[list(POLARITIES)].sum(axis=1)
    n = counts["mentions"].to_numpy(float)
    counts["net_sentiment"] = (counts["positive"] - counts["negative"]) / np.where(n > 0, n, 1)
    counts["ci_low"], counts["ci_high"] = net_sentiment_interval(
        counts["positive"], counts["negative"], n
    )
    table = counts.reset_index()
    table = table[table["mentions"] >= min_mentions]
    ordered = [*cols, "mentions", *POLARITIES, "net_sentiment", "ci_low", "ci_high"]
    return table[ordered].sort_values(["net_sentiment", "mentions"], ascending=[False, False])


def strengths_and_weaknesses(
    aspects: pd.DataFrame, product: str | None = None, top: int = 5, min_mentions: int = 3,
    by: str = "category",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Strengths and weaknesses of one product (all products pooled when None).

    Delegates to :func:`analysis.insights.strengths.strengths_weaknesses` (the engine's
    definition, also behind summary.json): a strength's whole 95% interval is above zero, a
    weakness's below, ranked by the bound nearest zero. ``by`` is ``category`` or
    ``aspect_norm``. Returns two aspect tables (``by, mentions, positive, neutral, negative,
    net_sentiment, ci_low, ci_high``).
    """
    subset = aspects if product is None else aspects[aspects["product_id"] == product]
    subset = subset.assign(product_id="selection")
    table = strengths_weaknesses(None, subset, by, min_mentions=min_mentions)
    table = table.rename(columns={"net_lo": "ci_low", "net_hi": "ci_high"})
    columns = [by, "mentions", *POLARITIES, "net_sentiment", "ci_low", "ci_high"]
    strengths = table[table["kind"] == "strength"].sort_values("rank")[columns]
    weaknesses = table[table["kind"] == "weakness"].sort_values("rank")[columns]
    return strengths.head(top).reset_index(drop=True), weaknesses.head(top).reset_index(drop=True)


def compare_products(aspects: pd.DataFrame, products: list[str], min_mentions: int = 1):
    """Net sentiment per category (rows) and product (columns) on the categories they share."""
    subset = aspects[aspects["product_id"].isin(products)]
    table = aspect_table(subset, ("category", "product_id"), min_mentions=min_mentions)
    wide = table.pivot(index="category", columns="product_id", values="net_sentiment")
    wide = wide.reindex(columns=[p for p in products if p in wide.columns])
    mentions = table.pivot(index="category", columns="product_id", values="mentions")
    shared = mentions.notna().sum(axis=1) >= min(2, len(products))
    return wide[shared].sort_index(), mentions[shared].reindex(columns=wide.columns).sort_index()


# ---------------------------------------------------------------- quotes


_WHITESPACE = re.compile(r"\s")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:^=&\"'])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every markdown/HTML-significant character so text renders literally.

    CommonMark allows escaping any ASCII punctuation; this also defuses Streamlit's ``:color[]``
    directives, ``$`` maths and raw HTML. Each whitespace character becomes a space (a quote
    stays one paragraph and offsets keep their meaning).
    """
    return _MD_SPECIAL.sub(r"\\\1", _WHITESPACE.sub(" ", str(text)))


def highlight_markdown(text: str, start: int, end: int) -> str:
    """Escaped ``text`` with ``text[start:end]`` in bold, safe for ``st.markdown``."""
    start, end = max(0, int(start)), min(len(text), int(end))
    if end <= start:
        return escape_markdown(text)
    return (
        escape_markdown(text[:start])
        + "**"
        + escape_markdown(text[start:end])
        + "**"
        + escape_markdown(text[end:])
    )


def highlight_plain(text: str, start: int, end: int, width: int = 240) -> str:
    """``text`` with the aspect wrapped in «», cut to about ``width`` characters around it."""
    start, end = max(0, int(start)), min(len(text), int(end))
    if end <= start:
        return text[:width]
    marked = text[:start] + "«" + text[start:end] + "»" + text[end:]
    if len(marked) <= width:
        return marked
    left = max(0, start - width // 2)
    snippet = marked[left : left + width]
    return ("…" if left else "") + snippet + ("…" if left + width < len(marked) else "")


def quotes_for(
    aspects: pd.DataFrame,
    reviews: pd.DataFrame,
    category: str,
    polarity: str | None = None,
    product: str | None = None,
    limit: int = 3,
    by: str = "category",
) -> pd.DataFrame:
    """Representative sentences about ``category`` (most confident, diverse, one per review).

    ``by`` names the column ``category`` is a value of (``category`` or ``aspect_norm``).

    Picks come from :func:`analysis.insights.quotes.representative_quotes` (the engine's
    choice, also in summary.json). Returns ``review_id, product_id, date, rating, aspect,
    polarity, text, start, end`` where ``text`` is the quoted sentence and ``text[start:end]``
    the aspect term in it. Without a ``sentence`` column the whole review text is quoted.
    """
    mask = aspects[by] == category
    if product is not None:
        mask &= aspects["product_id"] == product
    subset = aspects[mask]
    if "sentence" not in subset.columns:
        subset = subset.merge(reviews[["review_id", "text"]].rename(columns={"text": "sentence"}),
                              on="review_id", how="left")
    picked = representative_quotes(subset.assign(product_id="selection"), by=by, n=limit,
                                   polarity=polarity)
    picked = picked.sort_values("score", ascending=False).drop_duplicates("review_id")
    picked = picked.head(limit)
    starts = [str(q).find(str(a)) for q, a in zip(picked["quote"], picked["aspect"], strict=True)]
    out = pd.DataFrame({
        "review_id": picked["review_id"].to_numpy(), "aspect": picked["aspect"].to_numpy(),
        "polarity": picked["polarity"].to_numpy(), "text": picked["quote"].to_numpy(),
        "start": starts,
        "end": [s + len(str(a)) if s >= 0 else -1 for s, a in zip(starts, picked["aspect"],
                                                                  strict=True)],
    })
    details = reviews[["review_id", "product_id", "date", "rating"]]
    return out.merge(details, on="review_id", how="left")[
        ["review_id", "product_id", "date", "rating", "aspect", "polarity", "text", "start", "end"]
    ]


# ---------------------------------------------------------------- search / drill-down


def search_mentions(
    aspects: pd.DataFrame,
    query: str = "",
    categories: tuple[str, ...] = (),
    polarities: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Mentions whose term or normalised term contains ``query`` (case-insensitive)."""
    mask = np.ones(len(aspects), dtype=bool)
    if query.strip():
        q = query.strip().lower()
        mask &= (
            aspects["aspect"].str.lower().str.contains(q, regex=False, na=False)
            | aspects["aspect_norm"].str.lower().str.contains(q, regex=False, na=False)
        ).to_numpy()
    if categories:
        mask &= aspects["category"].isin(categories).to_numpy()
    if polarities:
        mask &= aspects["polarity"].isin(polarities).to_numpy()
    return aspects.loc[mask]


def term_table(mentions: pd.DataFrame, limit: int = 50) -> pd.DataFrame:
    """Normalised terms with mention counts and net sentiment, most mentioned first."""
    table = aspect_table(mentions, ("aspect_norm", "category"))
    return table.sort_values("mentions", ascending=False).head(limit).reset_index(drop=True)


# ---------------------------------------------------------------- time series


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    """Start of each date's period (``W``, ``M``, ``D``...), computed once per distinct date."""
    codes, uniques = pd.factorize(dates)
    starts = pd.DatetimeIndex(uniques).to_period(freq).start_time
    return pd.Series(starts.take(codes), index=dates.index)


def sentiment_over_time(reviews: pd.DataFrame, freq: str = "W") -> pd.DataFrame:
    """Per period: review count, average rating and net sentiment (``period`` is its start)."""
    dated = reviews.dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame(columns=["period", "reviews", "avg_rating", "net_sentiment"])
    period = period_start(dated["date"], freq)
    signed = dated["sentiment"].map({"positive": 1.0, "negative": -1.0}).fillna(0.0)
    grouped = pd.DataFrame({"period": period, "signed": signed, "rating": dated["rating"]})
    out = grouped.groupby("period").agg(
        reviews=("signed", "size"), avg_rating=("rating", "mean"), net_sentiment=("signed", "mean")
    )
    return out.reset_index()


def aspect_over_time(
    aspects: pd.DataFrame, freq: str = "W", categories: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Per period and category: mentions and net sentiment."""
    dated = aspects.dropna(subset=["date"])
    if categories:
        dated = dated[dated["category"].isin(categories)]
    if dated.empty:
        return pd.DataFrame(columns=["period", "category", "mentions", "net_sentiment"])
    signed = dated["polarity"].map({"positive": 1.0, "negative": -1.0}).fillna(0.0)
    frame = pd.DataFrame(
        {
            "period": period_start(dated["date"], freq),
            "category": dated["category"],
            "signed": signed,
        }
    )
    out = frame.groupby(["period", "category"]).agg(
        mentions=("signed", "size"), net_sentiment=("signed", "mean")
    )
    return out.reset_index()


def alert_text(alert) -> str:
    """One line for an emerging-issue alert (a row of ``analysis.insights.emerging``)."""
    return (f"{alert.product_id} · {alert.aspect}: {alert.recent_negative} negative mentions in "
            f"the last 4 weeks, {alert.recent_weekly:.1f}/week against a usual "
            f"{alert.baseline_weekly:.1f}/week")


# ---------------------------------------------------------------- figures (plotly)


def _empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(xaxis_visible=False, yaxis_visible=False, height=300)
    return fig


def aspect_bar_figure(table: pd.DataFrame, label: str = "category", limit: int = 15
                      ) -> go.Figure:
    """Horizontal bars of net sentiment with CI whiskers for the ``limit`` most-mentioned rows
    of an aspect table (a chart of 50 categories helps nobody; the table lists them all)."""
    if table.empty:
        return _empty_figure("No aspect mentions in this selection")
    data = table.nlargest(limit, "mentions").sort_values("net_sentiment")
    colors = ["#2e7d32" if v >= 0 else "#c62828" for v in data["net_sentiment"]]
    fig = go.Figure(
        go.Bar(
            x=data["net_sentiment"],
            y=data[label].astype(str),
            orientation="h",
            marker_color=colors,
            error_x={
                "type": "data",
                "symmetric": False,
                "array": data["ci_high"] - data["net_sentiment"],
                "arrayminus": data["net_sentiment"] - data["ci_low"],
            },
            customdata=data["mentions"],
            hovertemplate="%{y}: net %{x:.2f} (%{customdata} mentions)<extra></extra>",
        )
    )
    fig.update_layout(
        xaxis={"title": "net sentiment (positive − negative share)", "range": [-1, 1]},
        height=max(260, 28 * len(data) + 80),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return fig


def sentiment_time_figure(series: pd.DataFrame) -> go.Figure:
    """Review volume (bars) and net sentiment (line) per period."""
    if series.empty:
        return _empty_figure("No dated reviews in this selection")
    fig = go.Figure()
    fig.add_bar(x=series["period"], y=series["reviews"], name="reviews", marker_color="#90a4ae")
    fig.add_scatter(
        x=series["period"], y=series["net_sentiment"], name="net sentiment", yaxis="y2",
        mode="lines+markers", line_color="#1565c0",
    )
    fig.update_layout(
        yaxis={"title": "reviews"},
        yaxis2={"title": "net sentiment", "overlaying": "y", "side": "right", "range": [-1, 1],
                "dtick": 0.5, "showgrid": False, "zeroline": False},
        legend={"orientation": "h"},
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return fig


def aspect_time_figure(series: pd.DataFrame, value: str = "net_sentiment") -> go.Figure:
    """One line per category of ``value`` (``net_sentiment`` or ``mentions``) over time."""
    if series.empty:
        return _empty_figure("No dated aspect mentions in this selection")
    fig = go.Figure()
    for category, group in series.groupby("category"):
        fig.add_scatter(x=group["period"], y=group[value], name=str(category), mode="lines")
    fig.update_layout(
        yaxis={"title": value.replace("_", " ")},
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return fig


def compare_figure(wide: pd.DataFrame) -> go.Figure:
    """Grouped bars: net sentiment per shared category, one bar colour per product."""
    if wide.empty:
        return _empty_figure("These products share no aspect categories yet")
    fig = go.Figure()
    for product in wide.columns:
        fig.add_bar(x=wide.index.astype(str), y=wide[product], name=str(product))
    fig.update_layout(
        barmode="group",
        yaxis={"title": "net sentiment", "range": [-1, 1]},
        height=380,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return fig


def forecast_figure(history: pd.DataFrame, forecast: pd.DataFrame) -> go.Figure:
    """Sales history and forecast with shaded 80% and 95% intervals, one series.

    ``history`` has ``ds, y``; ``forecast`` has ``date, yhat, yhat_lo_80, yhat_hi_80,
    yhat_lo_95, yhat_hi_95`` as in the forecast contract.
    """
    if history.empty and forecast.empty:
        return _empty_figure("No sales data for this selection")
    fig = go.Figure()
    if not forecast.empty:
        for level, colour in (("95", "rgba(21,101,192,0.12)"), ("80", "rgba(21,101,192,0.25)")):
            fig.add_scatter(
                x=forecast["date"], y=forecast[f"yhat_hi_{level}"], mode="lines",
                line_width=0, showlegend=False, hoverinfo="skip",
            )
            fig.add_scatter(
                x=forecast["date"], y=forecast[f"yhat_lo_{level}"], mode="lines", line_width=0,
                fill="tonexty", fillcolor=colour, name=f"{level}% interval",
            )
    if not history.empty:
        fig.add_scatter(x=history["ds"], y=history["y"], mode="lines", name="sales",
                        line_color="#37474f")
    if not forecast.empty:
        fig.add_scatter(x=forecast["date"], y=forecast["yhat"], mode="lines", name="forecast",
                        line={"color": "#1565c0", "dash": "dash"})
    fig.update_layout(height=380, legend={"orientation": "h"},
                      margin={"l": 10, "r": 10, "t": 30, "b": 40})
    return fig
