"""The report's sections after page 1: key figures, products, trends, mismatches, forecast.

Each function writes one section onto a :class:`analysis.reports.pdf._ReportPDF`. Whatever a
section leaves out (products without a page, series without a chart, backtest rows) is said in
a line where it happens, with where the full data is.
"""

from __future__ import annotations

import pandas as pd

from analysis.insights import aspect_tables, trends
from analysis.insights import kpis as kpi
from analysis.insights import quotes as quoting
from analysis.insights.emerging import EmergingConfig, emerging_issues
from analysis.insights.mismatch import rating_text_mismatch
from analysis.reports import charts

MAX_KPI_ROWS = 20
MAX_SERIES = 4
MAX_BACKTEST_SERIES = 15
MAX_MISMATCH_EXAMPLES = 3


def fmt(value: float, pct: bool = False, digits: int = 2) -> str:
    """``+0.42``, ``42%`` or ``–`` for a missing value."""
    if value is None or pd.isna(value):
        return "–"
    return f"{value * 100:.0f}%" if pct else f"{value:+.{digits}f}"


def kpi_frame(reviews: pd.DataFrame, limit: int = MAX_KPI_ROWS) -> tuple[pd.DataFrame, int]:
    """KPI rows (all products first, then the most reviewed) and how many rows were left out."""
    table = kpi.kpi_table(reviews)
    overall, rest = table.iloc[:1], table.iloc[1:].sort_values("reviews", ascending=False)
    table = pd.concat([overall, rest.head(limit)])
    frame = pd.DataFrame({
        "Product": table["product_id"],
        "Reviews": table["reviews"].map("{:,}".format),
        "Avg rating": table["avg_rating"].map(lambda v: "–" if pd.isna(v) else f"{v:.2f}"),
        "Net sentiment": table["net_sentiment"].map(fmt),
        "Negative": table["share_negative"].map(lambda v: fmt(v, pct=True)),
        "Trend (30 d)": table["trend"] + " " + table["net_sentiment_change"].map(fmt),
    })
    return frame, max(0, len(rest) - limit)


def aspect_frame(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Category": table["category"],
        "Mentions": table["mentions"].astype(int),
        "Net sentiment": table["net_sentiment"].map(fmt),
        "95% CI": [f"{lo:+.2f} … {hi:+.2f}" for lo, hi in zip(table["ci_low"],
                                                           table["ci_high"], strict=True)],
    })


def quote_lines(pdf, quotes: pd.DataFrame) -> None:
    for q in quotes.itertuples(index=False):
        rating = "" if pd.isna(q.rating) else f" · {q.rating:.0f}★"
        snippet = quoting.highlight_plain(str(q.text), q.start, q.end)
        pdf.paragraph(f"“{snippet}” ({q.review_id}{rating})", size=9)


def key_figures(pdf, data) -> None:
    pdf.add_page()
    pdf.heading("Key figures")
    pdf.paragraph("Net sentiment = share of positive reviews minus share of negative reviews; "
                  "the trend compares the last 30 days with the 30 days before.", size=9)
    frame, left_out = kpi_frame(data.reviews)
    pdf.table(frame, widths=(45, 22, 22, 28, 22, 32))
    if left_out:
        pdf.paragraph(f"{left_out} less reviewed product(s) are not listed; every product is "
                      "in the reviews export (CSV/XLSX).", size=9)
    overall = aspect_tables.aspect_table(data.aspects, ("category",), min_mentions=3)
    if not overall.empty:
        pdf.image_png(charts.aspect_chart(overall, title="All products: net sentiment per "
                                                         "category"))


def products(pdf, data, choice) -> None:
    for product in choice.products:
        product_aspects = data.aspects[data.aspects["product_id"] == product]
        pdf.add_page()
        pdf.heading(f"Strengths and weaknesses: {product}")
        pdf.paragraph(f"In this report because: {choice.reasons.get(product, 'chosen')}.",
                      size=9)
        table = aspect_tables.aspect_table(product_aspects, ("category",))
        if table.empty:
            pdf.paragraph("No aspect mentions for this product in the selection.")
            continue
        pdf.image_png(charts.aspect_chart(table, title="Net sentiment per category (95% CI)"))
        strengths, weaknesses = aspect_tables.strengths_and_weaknesses(data.aspects, product)
        for title, frame in (("Strengths", strengths), ("Weaknesses", weaknesses)):
            pdf.heading(title, size=12)
            if frame.empty:
                pdf.paragraph("None with a 95% interval clear of zero (at least 3 mentions).",
                              size=9)
            else:
                pdf.table(aspect_frame(frame), widths=(60, 25, 35, 50))
        for label, frame, polarity in (("praised", strengths, "positive"),
                                       ("criticised", weaknesses, "negative")):
            for category in frame["category"].head(2):
                quotes = quoting.quotes_for(product_aspects, data.reviews, category, polarity,
                                          limit=2)
                if not quotes.empty:
                    pdf.heading(f"Example quotes: {category} ({label})", size=10)
                    quote_lines(pdf, quotes)


def trend_section(pdf, data) -> None:
    pdf.add_page()
    pdf.heading("Trends")
    freq = trends.choose_period(data.reviews["date"]) if not data.reviews.empty else "M"
    name = trends.PERIOD_NAMES[freq]
    table = trends.readable_trend(trends.review_trends(data.reviews, freq, by_product=False),
                                  freq)
    pdf.image_png(charts.sentiment_time_chart(
        table, title=f"Reviews and net sentiment per {name} (95% band)"))
    if not table.empty and table["too_few"].any():
        pdf.paragraph(f"{int(table['too_few'].sum())} {name}(s) with fewer than "
                      f"{trends.MIN_COUNT} reviews have no sentiment point (too few to judge).",
                      size=9)
    pdf.heading("Emerging issues", size=12)
    alerts = emerging_issues(data.aspects, EmergingConfig(level="category"))
    if alerts.empty:
        pdf.paragraph("No category's negative mentions rose well above their usual weekly level "
                      "in the last four weeks.")
        return
    top = alerts.head(10)
    pdf.table(pd.DataFrame({
        "Product": top["product_id"], "Category": top["aspect"],
        "Negative (4 wk)": top["recent_negative"],
        "Per week now": top["recent_weekly"].map("{:.1f}".format),
        "Usual per week": top["baseline_weekly"].map("{:.1f}".format),
        "Change a week (95% CI)": [f"{c:+.1f} ({lo:+.1f} to {hi:+.1f})" for c, lo, hi in
                                   zip(top["change"], top["change_lo"], top["change_hi"],
                                       strict=True)],
    }))
    if len(alerts) > len(top):
        pdf.paragraph(f"{len(alerts) - len(top)} smaller alert(s) not listed.", size=9)
    for alert in alerts.head(5).itertuples(index=False):
        quotes = quoting.quotes_for(data.aspects, data.reviews, alert.aspect, "negative",
                                  product=alert.product_id, limit=2)
        if not quotes.empty:
            pdf.heading(f"{alert.product_id} · {alert.aspect}", size=10)
            quote_lines(pdf, quotes)


def mismatch_section(pdf, data) -> None:
    """Reviews whose stars and words disagree, with examples of each kind."""
    if data.reviews.empty or not {"rating", "sentiment_score"} <= set(data.reviews.columns):
        return
    flagged = rating_text_mismatch(data.reviews)
    rated = int(pd.to_numeric(data.reviews["rating"], errors="coerce").notna().sum())
    pdf.heading("Stars and words that disagree", size=12)
    if flagged.empty:
        pdf.paragraph(f"None of the {rated:,} rated reviews has a star rating that contradicts "
                      "its text.", size=9)
        return
    share = len(flagged) / max(rated, 1)
    pdf.paragraph(f"{len(flagged):,} of {rated:,} rated reviews ({share:.1%}) have stars that "
                  "contradict the text: worth a look (a wrong star clicked, praise for the "
                  "product but anger at the delivery, or fake reviews).", size=9)
    for kind, group in flagged.groupby("mismatch", sort=True):
        pdf.heading(f"{kind.capitalize()} ({len(group):,})", size=10)
        for row in group.head(MAX_MISMATCH_EXAMPLES).itertuples(index=False):
            text = str(row.text)
            snippet = text if len(text) <= 220 else text[:219].rstrip() + "…"
            pdf.paragraph(f"{row.rating:.0f}★, text score {row.sentiment_score:+.2f}: "
                          f"“{snippet}” ({row.product_id}, {row.review_id})", size=9)


def series_by_volume(data) -> list[str]:
    """Forecast series ids, largest total sales first (then forecast-only ones)."""
    ids = []
    if not data.sales.empty:
        ids = (data.sales.groupby(data.sales["unique_id"].astype(str))["y"].sum()
               .sort_values(ascending=False).index.tolist())
    if not data.forecast.empty:
        ids += [s for s in dict.fromkeys(data.forecast["unique_id"].astype(str)) if s not in ids]
    return ids


def forecast_section(pdf, data) -> None:
    from analysis.forecasting.explain import RATIO_HELP

    if data.sales.empty and data.forecast.empty:
        return
    pdf.add_page()
    pdf.heading("Sales forecast")
    ids = series_by_volume(data)
    charted = ids[:MAX_SERIES]
    pdf.paragraph("Shaded bands are 80% and 95% prediction intervals, calibrated per forecast "
                  f"step on a rolling-origin backtest. Charts: {len(charted)} of {len(ids)} "
                  "series, the largest by sales; every series is in the forecasts export.",
                  size=9)
    for series_id in charted:
        history = (data.sales[data.sales["unique_id"].astype(str) == series_id]
                   if not data.sales.empty else pd.DataFrame(columns=["ds", "y"]))
        future = (data.forecast[data.forecast["unique_id"].astype(str) == series_id]
                  if not data.forecast.empty else pd.DataFrame())
        pdf.image_png(charts.forecast_chart(history, future, title=f"Series {series_id}"))
    if data.backtest.empty:
        return
    pdf.heading("Backtest accuracy", size=12)
    tested = [s for s in ids if s in set(data.backtest["unique_id"].astype(str))]
    shown = tested[:MAX_BACKTEST_SERIES]
    pdf.paragraph("Per series: the combination drawn, the most accurate single model and the "
                  f"seasonal naive baseline. {RATIO_HELP}", size=9)
    pdf.table(backtest_summary(data.backtest, shown))
    if len(tested) > len(shown):
        pdf.paragraph(f"Showing {len(shown)} of {len(tested)} series (the largest by sales); "
                      f"the other {len(tested) - len(shown)} are in the full backtest table: "
                      "the Reports page's backtest export, or backtest.csv from "
                      "`reviewlens forecast`.", size=9)


def backtest_summary(backtest: pd.DataFrame, series: list[str]) -> pd.DataFrame:
    """Combination, best model and baseline per series (in ``series`` order), formatted."""
    from analysis.forecasting.explain import BASELINE, COMBINED, RATIO, with_naive_ratio

    table = with_naive_ratio(backtest[backtest["unique_id"].astype(str).isin(series)])
    rows = []
    for sid in series:
        mine = table[table["unique_id"].astype(str) == sid]
        mine = mine.sort_values("MASE") if "MASE" in mine else mine
        singles = mine[~mine["model"].astype(str).isin([COMBINED, BASELINE])]
        picked = pd.concat([mine[mine["model"].astype(str) == COMBINED], singles.head(1),
                            mine[mine["model"].astype(str) == BASELINE]])
        rows.append(picked)
    shown = pd.concat(rows) if rows else table.iloc[:0]
    out = pd.DataFrame({"Series": shown["unique_id"].astype(str), "Model": shown["model"]})
    out[RATIO] = shown[RATIO].map(lambda v: "–" if pd.isna(v) else f"{v:.2f}")
    for column in ("MASE", "coverage_80", "coverage_95"):
        if column in shown:
            out[column.replace("_", " ")] = shown[column].map(
                lambda v: "–" if pd.isna(v) else f"{v:.2f}")
    return out
