"""The files a selection is handed out as: the PDF report and the CSV/XLSX exports.

The Reports page and notebooks call these; ``reviewlens report`` builds the same PDF from
:func:`analysis.services.reports.report_data`. Imports fpdf and matplotlib, so only the
callers that build files load it.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis.insights.filters import ViewFilters
from analysis.reports import exports
from analysis.reports.pdf import MAX_PRODUCTS, ReportData, build_pdf
from analysis.reports.summary import choose_products
from analysis.services.reports import report_data
from analysis.store.core import Store

DATASETS = ("reviews", "aspects", "forecasts", "backtest")
__all__ = ["DATASETS", "MAX_PRODUCTS", "pdf_report", "suggested_products", "export_frame",
           "export_bytes"]


def pdf_report(store: Store, filters: ViewFilters, products: tuple[str, ...] = ()) -> bytes:
    """The PDF report of a selection, with pages for ``products`` (empty: chosen by what
    matters)."""
    return build_pdf(replace(report_data(store, filters), detail_products=products))


def suggested_products(reviews: pd.DataFrame) -> list[str]:
    """The products the report would detail on its own (most reviews, biggest change, most
    negative)."""
    return choose_products(reviews, MAX_PRODUCTS).products


def export_frame(report: ReportData, dataset: str) -> pd.DataFrame:
    """One of :data:`DATASETS` of a report, in the CLI's column order, rounded."""
    builders = {
        "reviews": lambda: exports.reviews_export(report.reviews),
        "aspects": lambda: exports.aspects_export(report.aspects),
        "forecasts": lambda: exports.forecasts_export(report.forecast),
        "backtest": lambda: exports.backtest_export(report.backtest),
    }
    return builders[dataset]()


def export_bytes(store: Store, filters: ViewFilters, dataset: str, fmt: str) -> bytes:
    """One dataset of a selection as formula-safe CSV (``fmt="csv"``) or XLSX."""
    frame = export_frame(report_data(store, filters), dataset)
    return exports.to_csv_bytes(frame) if fmt == "csv" else exports.to_xlsx_bytes({dataset: frame})
