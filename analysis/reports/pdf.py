"""The PDF report: page 1 (what it covers and leaves out, executive summary), KPIs, products,
trends and alerts, rating/text mismatches, forecast. Sections live in
:mod:`analysis.reports.pdf_sections`, page 1's figures in :mod:`analysis.reports.summary`.

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

from analysis.insights import filters as filtering
from analysis.reports import pdf_sections
from analysis.reports.fonts import FontSet, find_fonts
from analysis.reports.summary import (
    ExecutiveSummary,
    ProductChoice,
    choose_products,
    executive_summary,
)

MAX_PRODUCTS = 6
FONT_PACKAGE_HINT = "install a CJK font (Debian/Ubuntu: apt-get install fonts-noto-cjk)"


@dataclass
class ReportData:
    """Everything a report shows, as contract DataFrames (any may be empty).

    ``reviews``/``aspects``: the analysis contract (aspects carry ``product_id`` and ``date``).
    ``sales``: long format ``unique_id, ds, y``. ``forecast``: ``unique_id, ds, yhat,
    yhat_lo_80, yhat_hi_80, yhat_lo_95, yhat_hi_95``. ``backtest``: per ``unique_id`` and model
    metrics (the one forecast schema, :mod:`analysis.forecasting.schema`).
    ``detail_products``: the products that get a page (empty: chosen by what matters, see
    :func:`analysis.reports.summary.choose_products`).
    """

    reviews: pd.DataFrame
    aspects: pd.DataFrame
    sales: pd.DataFrame = field(default_factory=pd.DataFrame)
    forecast: pd.DataFrame = field(default_factory=pd.DataFrame)
    backtest: pd.DataFrame = field(default_factory=pd.DataFrame)
    filters: filtering.ViewFilters = field(default_factory=filtering.ViewFilters)
    title: str = "ReviewLens report"
    detail_products: tuple[str, ...] = ()


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


def _first_page(pdf: _ReportPDF, data: ReportData, choice: ProductChoice,
                summary: ExecutiveSummary) -> None:
    """Title, what the report covers and leaves out, and the executive summary."""
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 20)
    pdf.multi_cell(0, 9, pdf.clean(data.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.paragraph(f"Generated {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · Selection: "
                  f"{data.filters.describe()}", size=9)
    reviews = data.reviews
    products = filtering.product_list(reviews) if not reviews.empty else []
    pdf.heading("What this report covers", size=12)
    pdf.paragraph(f"Reviews analysed: {len(reviews):,} across {len(products)} product(s), "
                  f"{summary.first or '–'} to {summary.last or '–'}; "
                  f"{len(data.aspects):,} aspect mentions.", size=9.5)
    if choice.products:
        how = "chosen by you" if choice.chosen_by_user else "chosen by what matters"
        listed = "; ".join(f"{p} ({choice.reasons.get(p, '')})" for p in choice.products)
        pdf.paragraph(f"Products with a page of their own ({how}): {listed}.", size=9.5)
    if choice.left_out:
        share = choice.left_out_reviews / max(len(reviews), 1)
        pdf.paragraph(f"Left out of the product pages: {choice.left_out} product(s) with "
                      f"{choice.left_out_reviews:,} reviews ({share:.0%}). They count in every "
                      "figure on this page and are in the CSV/XLSX exports.", size=9.5)
    undated = int(reviews["date"].isna().sum()) if "date" in reviews else 0
    if undated:
        pdf.paragraph(f"{undated:,} review(s) have no date: they count in the totals but not "
                      "in the trends.", size=9.5)
    _summary(pdf, summary)
    if not pdf.font_set.has_cjk:
        pdf.paragraph(
            "Note: no CJK font was found on this machine, so Chinese/Japanese/Korean characters "
            f"are shown as '?'. To fix it, {FONT_PACKAGE_HINT}.", size=8,
        )


def _summary(pdf: _ReportPDF, s: ExecutiveSummary) -> None:
    fmt = pdf_sections.fmt
    pdf.heading("Executive summary", size=12)
    lines = [f"Period: {s.first or '–'} to {s.last or '–'}."]
    volume = f"Review volume: {s.reviews:,}"
    if s.window_days and s.prior_reviews:
        change = s.recent_reviews / s.prior_reviews - 1
        volume += (f"; {s.recent_reviews:,} in the last {s.window_days} days against "
                   f"{s.prior_reviews:,} in the {s.window_days} days before ({change:+.0%})")
    lines.append(volume + ".")
    net = (f"Net sentiment: {fmt(s.net)} (95% CI {fmt(s.net_lo)} to {fmt(s.net_hi)})")
    if pd.notna(s.net_change):
        net += (f"; change over the last {s.window_days} days: {fmt(s.net_change)} "
                f"(95% CI {fmt(s.change_lo)} to {fmt(s.change_hi)})")
    lines.append(net + ".")
    for line in lines:
        pdf.paragraph(line, size=9.5)
    for title, items in (("Top strengths", s.strengths), ("Top weaknesses", s.weaknesses)):
        pdf.heading(title, size=10)
        if not items:
            pdf.paragraph("None with a 95% interval clear of zero.", size=9)
        for item in items:
            quote = f" “{item['quote']}”" if item["quote"] else ""
            pdf.paragraph(f"{item['category']}: net {fmt(item['net'])} ({fmt(item['lo'])} to "
                          f"{fmt(item['hi'])}), {item['mentions']:,} mentions.{quote}", size=9)
    pdf.heading("Emerging issues", size=10)
    for alert in s.alerts or ["None: no category's negative mentions rose well above their "
                              "usual weekly level in the last four weeks."]:
        pdf.paragraph(alert, size=9)
    if s.forecast:
        pdf.heading("Forecast", size=10)
        pdf.paragraph(s.forecast, size=9)


def build_pdf(data: ReportData, fonts: FontSet | None = None) -> bytes:
    """Render the whole report and return the PDF bytes."""
    pdf = _ReportPDF(fonts or find_fonts())
    pdf.set_title(pdf.clean(data.title))
    pdf.set_creator("ReviewLens")
    choice = choose_products(data.reviews, MAX_PRODUCTS, data.detail_products)
    summary = executive_summary(data.reviews, data.aspects, data.sales, data.forecast,
                                data.backtest)
    _first_page(pdf, data, choice, summary)
    pdf_sections.key_figures(pdf, data)
    pdf_sections.products(pdf, data, choice)
    pdf_sections.trend_section(pdf, data)
    pdf_sections.mismatch_section(pdf, data)
    pdf_sections.forecast_section(pdf, data)
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
