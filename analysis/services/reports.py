"""Building a report: everything the PDF shows for a selection, read from the store once.

Called by ``reviewlens report``, the Reports page and notebooks alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.insights.filters import ViewFilters
from analysis.services.views import load_review_frames, load_sales_frames
from analysis.store.core import Store

if TYPE_CHECKING:
    from analysis.reports.pdf import ReportData


def report_data(store: Store, filters: ViewFilters | None = None, title: str = "ReviewLens "
                "report") -> ReportData:
    """Everything the PDF report shows for a selection; sales follow the product filter."""
    from analysis.reports.pdf import ReportData  # matplotlib: only when a report is built

    f = filters or ViewFilters()
    frames = load_review_frames(store, f)
    sales = load_sales_frames(store, f.products or None)
    return ReportData(frames.reviews, frames.aspects, sales.sales, sales.forecast,
                      sales.backtest, f, title)
