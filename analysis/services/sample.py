"""The bundled sample data: where it is, and analyzing it into a store (reviews through the
engine, sales through the forecaster). Its life cycle (labelled once, never re-analyzed after
the user removed it) is in :mod:`analysis.services.datasets`.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.config import SAMPLE_DATA_DIR
from analysis.services.engine_settings import LOCAL
from analysis.services.reviews import analyze_reviews
from analysis.services.sales import import_sales
from analysis.store.core import Store

Progress = Callable[[int, int, str], None]
SAMPLE_REVIEWS = SAMPLE_DATA_DIR / "sample_reviews.csv"
SAMPLE_SALES = SAMPLE_DATA_DIR / "sample_sales.csv"


def analyze_sample(store: Store, model, progress: Progress | None = None) -> None:
    """Analyze the bundled sample reviews and forecast the sample sales into ``store``.

    Always with the local engine: the sample is small (Ray's start-up would cost more than the
    work) and it is analysed without anyone asking, so it never waits on a cluster."""
    analyze_reviews(store, [SAMPLE_REVIEWS], model, progress=progress, actor="sample",
                    engine=LOCAL)
    if SAMPLE_SALES.is_file():
        import_sales(store, [SAMPLE_SALES], progress=progress, actor="sample")
