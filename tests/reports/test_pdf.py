"""The PDF report: structure, text (including Chinese), charts, and the no-CJK-font fallback."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from analysis.insights.filters import ViewFilters
from analysis.reports.fonts import FontSet, find_fonts
from analysis.reports.pdf import ReportData, build_pdf
from tests.dashboard.frames import make_frames, make_sales


@pytest.fixture(scope="module")
def report_pdf() -> PdfReader:
    reviews, aspects = make_frames(500)
    sales, forecast, backtest = make_sales()
    pdf = build_pdf(ReportData(reviews, aspects, sales, forecast, backtest,
                               title="Weekly review report"))
    return PdfReader(io.BytesIO(pdf))


def full_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_report_has_every_section(report_pdf):
    text = full_text(report_pdf)
    for heading in ("Weekly review report", "Key figures", "Strengths and weaknesses: P-BAD",
                    "Trends", "Emerging issues", "Sales forecast", "Backtest accuracy"):
        assert heading in text, heading
    # title page + KPIs + one page per product (4) + trends + forecast, at least
    assert len(report_pdf.pages) >= 8


def test_report_numbers_and_quotes_come_from_the_data(report_pdf):
    text = full_text(report_pdf)
    assert "Reviews analysed: 500 across 4 product(s)" in text
    assert "«battery»" in text  # a quote with its aspect marked
    assert "P-BAD" in text and "battery" in text  # the emerging battery problem is reported


def test_report_embeds_chart_images(report_pdf):
    images = sum(len(page.images) for page in report_pdf.pages)
    assert images >= 6  # overview chart, one per product, trend chart, forecast per series


@pytest.mark.skipif(not find_fonts().has_cjk, reason="no CJK font on this machine "
                    "(Debian: apt-get install fonts-noto-cjk)")
def test_chinese_text_renders_with_a_cjk_font(report_pdf):
    text = full_text(report_pdf).replace(" ", "").replace("\x00", "")  # font-switch markers
    assert "耳机-3" in text
    assert "About this report" not in full_text(report_pdf)  # nothing had to be replaced


def test_without_a_cjk_font_characters_are_replaced_and_explained():
    fonts = find_fonts()
    if fonts.latin is None:
        pytest.skip("no Unicode TTF font (DejaVu) on this machine")
    reviews, aspects = make_frames(120)
    pdf = build_pdf(ReportData(reviews, aspects, filters=ViewFilters(("耳机-3",))),
                    fonts=FontSet(fonts.latin, fonts.latin_bold, None))
    text = full_text(PdfReader(io.BytesIO(pdf)))
    assert "no CJK font was found" in text
    assert "could not be drawn" in text and "fonts-noto-cjk" in text
    assert "??-3" in text


def test_empty_selection_still_builds_a_report():
    reviews, aspects = make_frames(50)
    pdf = build_pdf(ReportData(reviews.iloc[:0], aspects.iloc[:0]))
    text = full_text(PdfReader(io.BytesIO(pdf)))
    assert "Reviews analysed: 0" in text
