"""The embedded DuckDB store: datasets, reviews, rejected rows, analysis results, sales, runs."""

from analysis.store.connection import StoreBusyError
from analysis.store.core import Store

__all__ = ["Store", "StoreBusyError"]
