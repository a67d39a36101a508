"""The PDF report: title page, KPIs, strengths and weaknesses, trends, alerts, forecast, quotes.

Built with fpdf2 from the same view models the dashboard shows; charts come from
:mod:`analysis.reports.charts` as PNG. Text is set in a Unicode TTF (DejaVu) with a CJK font as
fallback so Chinese reviews render; characters no available font covers are replaced by ``?``
and the report says how many were replaced and which font package to install.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from analysis.insights import dashboard_views as views
from analysis.insights.emerging import EmergingConfig, emerging_issues
from analysis.reports import charts
from analysis.reports.fonts import FontSet, find_fonts

MAX_PRODUCTS = 12
MAX_SERIES = 6
FONT_PACKAGE_HINT = "install a CJK font (Debian/Ubuntu: apt-get install fonts-noto-cjk)"


@dataclass
class ReportData:
    """Everything a report shows, as contract DataFrames (any may be empty).

    ``reviews``/``aspects``: the analysis contract (aspects carry ``product_id`` and ``date``).
    ``sales``: long format ``unique_id, ds, y``. ``forecast``: ``series_id, date, yhat,
    yhat_lo_80, yhat_hi_80, yhat_lo_95, yhat_hi_95``. ``backtest``: per series and model metrics.
    """

    reviews: pd.DataFrame
    aspects: pd.DataFrame
    sales: pd.DataFrame = field(default_factory=pd.DataFrame)
    forecast: pd.DataFrame = field(default_factory=pd.DataFrame)
    backtest: pd.DataFrame = field(default_factory=pd.DataFrame)
    filters: views.ViewFilters = field(default_factory=views.ViewFilters)
    title: str = "ReviewLens report"


@functools.cache
def _coverage(path: Path | None) -> frozenset[int]:
    """Code points a font file has glyphs for (empty when there is no font)."""
    if path is None:
        return frozenset()
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=0, lazy=True)
    return frozenset(font.getBestCmap() or {})


class _ReportPDF(FPDF):
    """FPDF with the report's fonts, page footer and a text cleaner that counts replacements."""

    def __init__(self, fonts: FontSet) -> None:
        super().__init__(format="A4")
        self.replaced = 0
        self.font_set = fonts
        self.unicode = fonts.latin is not None
        if self.unicode:
            self.add_font("body", "", str(fonts.latin))
            self.add_font("body", "B", str(fonts.latin_bold or fonts.latin))
            covered = set(_coverage(fonts.latin))
            if fonts.cjk is not None:
                self.add_font("cjk", "", str(fonts.cjk))
                self.add_font("cjk", "B", str(fonts.cjk))
                self.set_fallback_fonts(["cjk"], exact_match=False)
                covered |= _coverage(fonts.cjk)
            self._covered = frozenset(covered)
            self.family = "body"
        else:
            self.family = "helvetica"
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)

    def clean(self, text: object) -> str:
        """``text`` with characters no font can draw replaced by ``?`` (counted)."""
        value = "" if text is None or (pd.api.types.is_scalar(text) and pd.isna(text)) \
            else str(text)
        value = " ".join(value.split())
        out = []
        for char in value:
            ok = ord(char) in self._covered if self.unicode else ord(char) < 256
            if not ok:
                self.replaced += 1
            out.append(char if ok else "?")
        return "".join(out)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(120)
        self.cell(0, 8, f"ReviewLens · page {self.page_no()}", align="C")
        self.set_text_color(0)

    # -- building blocks -------------------------------------------------------------------

    def heading(self, text: str, size: int = 15) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.set_font(self.family, "B", size)
        self.multi_cell(0, size * 0.55, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def paragraph(self, text: str, size: int = 10) -> None:
        self.set_font(self.family, "", size)
        self.multi_cell(0, size * 0.5, self.clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def table(self, frame: pd.DataFrame, widths: tuple[int, ...] | None = None) -> None:
        """A simple bordered table; every cell is plain text (no markup interpreted)."""
        if frame.empty:
            self.paragraph("(none)")
            return
        self.set_font(self.family, "", 8.5)
        with super().table(
            col_widths=widths, text_align="LEFT", line_height=4.6, markdown=False,
            first_row_as_headings=True,
        ) as table:
            table.row([self.clean(c) for c in frame.columns])
            for row in frame.itertuples(index=False):
                table.row([self.clean(v) for v in row])
        self.ln(2)

    def image_png(self, png: bytes, width: float = 180) -> None:
        self.image(io.BytesIO(png), w=width)
        self.ln(2)


def _fmt(value: float, pct: bool = False, digits: int = 2) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{value * 100:.0f}%" if pct else f"{value:+.{digits}f}" if digits else str(value)


def _kpi_frame(reviews: pd.DataFrame) -> pd.DataFrame:
    table = views.kpi_table(reviews)
    return pd.DataFrame(
        {
            "Product": table["product_id"],
            "Reviews": table["reviews"].map("{:,}".format),
            "Avg rating": table["avg_rating"].map(lambda v: "–" if pd.isna(v) else f"{v:.2f}"),
            "Net sentiment": table["net_sentiment"].map(_fmt),
            "Negative": table["share_negative"].map(lambda v: _fmt(v, pct=True)),
            "Trend (30 d)": table["trend"] + " " + table["net_sentiment_change"].map(_fmt),
        }
    )


def _aspect_frame(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Category": table["category"],
            "Mentions": table["mentions"].astype(int),
            "Net sentiment": table["net_sentiment"].map(_fmt),
            "95% CI": [f"{lo:+.2f} … {hi:+.2f}" for lo, hi in zip(table["ci_low"],
                                                               table["ci_high"], strict=True)],
        }
    )


def _quote_lines(pdf: _ReportPDF, quotes: pd.DataFrame) -> None:
    for q in quotes.itertuples(index=False):
        rating = "" if pd.isna(q.rating) else f" · {q.rating:.0f}★"
        pdf.set_font(pdf.family, "", 9)
        snippet = views.highlight_plain(str(q.text), q.start, q.end)
        pdf.multi_cell(0, 4.6, pdf.clean(f"“{snippet}” ({q.review_id}{rating})"),
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.8)


def _title_page(pdf: _ReportPDF, data: ReportData) -> None:
    pdf.add_page()
    pdf.ln(40)
    pdf.set_font(pdf.family, "B", 26)
    pdf.multi_cell(0, 12, pdf.clean(data.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    reviews = data.reviews
    first, last = views.date_bounds(reviews)
    products = views.product_list(reviews) if not reviews.empty else []
    lines = [
        f"Selection: {data.filters.describe()}",
        f"Reviews analysed: {len(reviews):,} across {len(products)} product(s)",
        f"Aspect mentions: {len(data.aspects):,}",
        f"Review dates: {first or '–'} to {last or '–'}",
        f"Generated: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
    ]
    for line in lines:
        pdf.paragraph(line, size=12)
    if not pdf.font_set.has_cjk:
        pdf.paragraph(
            "Note: no CJK font was found on this machine, so Chinese/Japanese/Korean characters "
            f"are shown as '?'. To fix it, {FONT_PACKAGE_HINT}.", size=9,
        )


def _products_section(pdf: _ReportPDF, data: ReportData) -> None:
    products = views.product_list(data.reviews)[:MAX_PRODUCTS]
    for product in products:
        product_aspects = data.aspects[data.aspects["product_id"] == product]
        pdf.add_page()
        pdf.heading(f"Strengths and weaknesses: {product}")
        table = views.aspect_table(product_aspects, ("category",))
        if table.empty:
            pdf.paragraph("No aspect mentions for this product in the selection.")
            continue
        pdf.image_png(charts.aspect_chart(table, title="Net sentiment per category (95% CI)"))
        strengths, weaknesses = views.strengths_and_weaknesses(data.aspects, product)
        pdf.heading("Strengths", size=12)
        pdf.table(_aspect_frame(strengths), widths=(60, 25, 35, 50))
        pdf.heading("Weaknesses", size=12)
        pdf.table(_aspect_frame(weaknesses), widths=(60, 25, 35, 50))
        for label, frame, polarity in (("praised", strengths, "positive"),
                                       ("criticised", weaknesses, "negative")):
            for category in frame["category"].head(2):
                quotes = views.quotes_for(product_aspects, data.reviews, category, polarity,
                                          limit=2)
                if not quotes.empty:
                    pdf.heading(f"Example quotes: {category} ({label})", size=10)
                    _quote_lines(pdf, quotes)
    if len(views.product_list(data.reviews)) > MAX_PRODUCTS:
        pdf.paragraph(f"Only the first {MAX_PRODUCTS} products are detailed; filter to see others.")


def _trends_section(pdf: _ReportPDF, data: ReportData) -> None:
    pdf.add_page()
    pdf.heading("Trends")
    series = views.sentiment_over_time(data.reviews, "W")
    pdf.image_png(charts.sentiment_time_chart(series, title="Weekly reviews and net sentiment"))
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
        "z": top["z_score"].map("{:.1f}".format),
    }))
    for alert in alerts.head(5).itertuples(index=False):
        quotes = views.quotes_for(data.aspects, data.reviews, alert.aspect, "negative",
                                  product=alert.product_id, limit=2)
        if not quotes.empty:
            pdf.heading(f"{alert.product_id} · {alert.aspect}", size=10)
            _quote_lines(pdf, quotes)


def _forecast_section(pdf: _ReportPDF, data: ReportData) -> None:
    if data.sales.empty and data.forecast.empty:
        return
    pdf.add_page()
    pdf.heading("Sales forecast")
    pdf.paragraph("Shaded bands are 80% and 95% prediction intervals; accuracy comes from a "
                  "rolling-origin backtest (MASE below 1 beats a seasonal naive forecast).")
    ids = list(dict.fromkeys([
        *(data.sales["unique_id"].astype(str).tolist() if not data.sales.empty else []),
        *(data.forecast["series_id"].astype(str).tolist() if not data.forecast.empty else []),
    ]))
    for series_id in ids[:MAX_SERIES]:
        history = (data.sales[data.sales["unique_id"].astype(str) == series_id]
                   if not data.sales.empty else pd.DataFrame(columns=["ds", "y"]))
        future = (data.forecast[data.forecast["series_id"].astype(str) == series_id]
                  if not data.forecast.empty else pd.DataFrame())
        pdf.image_png(charts.forecast_chart(history, future, title=f"Series {series_id}"))
    if not data.backtest.empty:
        pdf.heading("Backtest accuracy", size=12)
        pdf.paragraph("Per series: the most accurate model, the combination of models and the "
                      "seasonal naive baseline (MASE below 1 beats a naive forecast one season "
                      "back; coverage should be near 0.80 and 0.95).", size=9)
        pdf.table(_backtest_summary(data.backtest))


def _backtest_summary(backtest: pd.DataFrame) -> pd.DataFrame:
    """Best model by MASE, the combination and the baseline per series, numbers formatted."""
    from analysis.forecasting import BASELINE, COMBINED  # statsforecast: only when needed

    score = "MASE" if "MASE" in backtest.columns else backtest.select_dtypes("number").columns[0]
    ranked = backtest.sort_values(["series_id", score])
    best = ranked.groupby("series_id", sort=True).head(1)
    reference = ranked[ranked["model"].astype(str).isin([BASELINE, COMBINED])]
    shown = pd.concat([best, reference]).drop_duplicates().sort_values(["series_id", score])
    shown = shown.head(3 * MAX_SERIES * 2).copy()
    for column in shown.select_dtypes("number").columns:
        integer = pd.api.types.is_integer_dtype(shown[column]) or column == "points"
        shown[column] = shown[column].map(
            lambda v, i=integer: "–" if pd.isna(v) else f"{v:.0f}" if i else f"{v:.3f}")
    return shown


def build_pdf(data: ReportData, fonts: FontSet | None = None) -> bytes:
    """Render the whole report and return the PDF bytes."""
    pdf = _ReportPDF(fonts or find_fonts())
    pdf.set_title(pdf.clean(data.title))
    pdf.set_creator("ReviewLens")
    _title_page(pdf, data)
    pdf.add_page()
    pdf.heading("Key figures")
    pdf.paragraph("Net sentiment = share of positive reviews minus share of negative reviews; "
                  "the trend compares the last 30 days with the 30 days before.", size=9)
    pdf.table(_kpi_frame(data.reviews), widths=(45, 22, 22, 28, 22, 32))
    overall = views.aspect_table(data.aspects, ("category",), min_mentions=3)
    if not overall.empty:
        pdf.image_png(charts.aspect_chart(overall, title="All products: net sentiment per "
                                                         "category"))
    _products_section(pdf, data)
    _trends_section(pdf, data)
    _forecast_section(pdf, data)
    if pdf.replaced:
        pdf.add_page()
        pdf.heading("About this report", size=12)
        pdf.paragraph(f"{pdf.replaced} character(s) could not be drawn with the fonts on this "
                      f"machine and were replaced by '?'. To show them, {FONT_PACKAGE_HINT}.")
    return bytes(pdf.output())


def write_pdf(data: ReportData, path: str | Path) -> Path:
    """Build the report and write it to ``path`` (parent folders created)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build_pdf(data))
    return target
