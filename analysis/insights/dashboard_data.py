"""What the dashboard, the report command and the notebook read from and write to the store.

Thin orchestration over the other parts' public functions, kept out of the Streamlit pages so
the UI holds no analysis logic: load the analysed reviews/aspects and the sales/forecasts,
import uploaded files (reviews through the engine, sales through the forecaster), analyse the
bundled sample data on first start, and re-categorise aspects after a taxonomy change.

The engine (torch) is imported only inside the functions that need it, so opening the
dashboard on an already analysed store never loads the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.config import SAMPLE_DATA_DIR
from analysis.insights.dashboard_uploads import (  # noqa: F401  (the upload page's API)
    SalesUploadPreview,
    UploadPreview,
    preview_reviews,
    preview_sales,
    stage_upload,
)
from analysis.insights.dashboard_views import ViewFilters, filter_mentions, filter_reviews
from analysis.store import results
from analysis.store import sales as sales_store
from analysis.store.core import Store

if TYPE_CHECKING:
    from analysis.reports.pdf import ReportData

Progress = Callable[[int, int, str], None]
SAMPLE_REVIEWS = SAMPLE_DATA_DIR / "sample_reviews.csv"
SAMPLE_SALES = SAMPLE_DATA_DIR / "sample_sales.csv"


@dataclass
class ReviewFrames:
    """Analysed reviews and their aspect mentions (aspects carry ``product_id`` and ``date``)."""

    reviews: pd.DataFrame
    aspects: pd.DataFrame

    def filtered(self, filters: ViewFilters) -> ReviewFrames:
        """The subset inside the sidebar's products and date range."""
        reviews = filter_reviews(self.reviews, filters)
        if len(reviews) == len(self.reviews):
            return self
        return ReviewFrames(reviews, filter_mentions(self.aspects, filters))


def _ns(values: pd.Series) -> pd.Series:
    """Dates as ``datetime64[ns]`` (DuckDB returns microseconds; the contracts use ns)."""
    return pd.to_datetime(values).astype("datetime64[ns]")


def store_version(store: Store) -> str:
    """A token that changes whenever results are written or a dataset is added or removed
    (cache key for loaded frames)."""
    from analysis.store.datasets import data_version

    runs = results.list_runs(store)
    parts = [str(len(runs))]
    if not runs.empty:
        parts.append(str(runs["finished_at"].max()))
    taxonomy = results.load_taxonomy_table(store)
    parts.append(str(hash(tuple(taxonomy["name"]) + tuple(map(str, taxonomy["examples"])))))
    parts.append(str(sales_store.latest_run_id(store)))
    parts.append(data_version(store))
    return "|".join(parts)


def has_reviews(store: Store) -> bool:
    """True while the store holds analysed reviews (none after every dataset was removed)."""
    return not store.query("SELECT 1 FROM review_results LIMIT 1").empty


def load_review_frames(store: Store, filters: ViewFilters | None = None) -> ReviewFrames:
    """Analysed reviews and aspect mentions, optionally filtered in the store query."""
    f = filters or ViewFilters()
    products = list(f.products) or None
    end = pd.Timestamp(f.end) + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1) if f.end \
        else None
    reviews = results.load_analyzed_reviews(store, products, f.start, end)
    aspects = results.load_aspect_mentions(store, products, f.start, end)
    reviews["date"] = _ns(reviews["date"])
    aspects["date"] = _ns(aspects["date"])
    for column in ("start", "end", "sentence_index"):
        aspects[column] = aspects[column].astype("int64")
    return ReviewFrames(_arrow_strings(reviews), _arrow_strings(aspects))


def _arrow_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Arrow strings: filters run faster and cached copies (``st.cache_data``
    pickles every hit) load about 3x faster than with Python string objects."""
    text = {c: "string[pyarrow]" for c in frame.columns if frame[c].dtype == object}
    return frame.astype(text) if text else frame


# ---------------------------------------------------------------- sales and forecasts


@dataclass
class SalesFrames:
    """Sales history (``unique_id, ds, y``), latest forecast and backtest metrics."""

    sales: pd.DataFrame
    forecast: pd.DataFrame
    backtest: pd.DataFrame
    run: dict = field(default_factory=dict)  # strategy, calibration, freq, weights

    @property
    def empty(self) -> bool:
        return self.sales.empty and self.forecast.empty


def load_sales_frames(store: Store, series: Sequence[str] | None = None) -> SalesFrames:
    """Stored sales, the latest forecast and its backtest, optionally for some series only."""
    history = sales_store.load_sales(store)
    forecast = sales_store.load_forecast(store)
    backtest = sales_store.load_backtest(store)
    history["ds"] = _ns(history["ds"])
    forecast["date"] = _ns(forecast["date"])
    if series:
        wanted = {str(s) for s in series}
        history = history[history["unique_id"].astype(str).isin(wanted)]
        forecast = forecast[forecast["series_id"].astype(str).isin(wanted)]
        backtest = backtest[backtest["series_id"].astype(str).isin(wanted)]
    return SalesFrames(history, forecast, backtest, sales_store.load_run_info(store))


def report_data(store: Store, filters: ViewFilters | None = None, title: str = "ReviewLens "
                "report") -> ReportData:
    """Everything the PDF report shows for a selection; sales follow the product filter."""
    from analysis.reports.pdf import ReportData  # matplotlib: only when a report is built

    f = filters or ViewFilters()
    frames = load_review_frames(store, f)
    sales = load_sales_frames(store, f.products or None)
    return ReportData(frames.reviews, frames.aspects, sales.sales, sales.forecast,
                      sales.backtest, f, title)


# ---------------------------------------------------------------- taxonomy


def current_taxonomy_records(store: Store) -> list[dict]:
    """The taxonomy in use (stored by the last analysis), else the packaged default."""
    from analysis.aspects import load_taxonomy

    table = results.load_taxonomy_table(store)
    table = table[table["kind"].fillna("taxonomy") == "taxonomy"] if "kind" in table else table
    if table.empty:
        return load_taxonomy().to_records()
    return [
        {"name": row.name, "description": row.description or "", "examples": list(row.examples)}
        for row in table.itertuples(index=False)
    ]


def taxonomy_editor_frame(records: list[dict]) -> pd.DataFrame:
    """Records as an editable table: examples as one comma-separated string."""
    return pd.DataFrame(
        {
            "name": [r["name"] for r in records],
            "description": [r.get("description", "") for r in records],
            "examples": [", ".join(r.get("examples", [])) for r in records],
        }
    )


def records_from_editor(frame: pd.DataFrame) -> list[dict]:
    """Rows of the edited table back to taxonomy records (blank rows dropped)."""
    records = []
    for row in frame.fillna("").itertuples(index=False):
        name = str(row.name).strip()
        if not name:
            continue
        examples = [t.strip() for t in str(row.examples).split(",") if t.strip()]
        records.append({"name": name, "description": str(row.description).strip(),
                        "examples": examples})
    return records


def add_theme(records: list[dict], name: str, examples: str, description: str = "") -> list[dict]:
    """A copy of ``records`` with a custom theme added (validated like any taxonomy)."""
    from analysis.aspects import taxonomy_from_dict

    terms = [t.strip() for t in examples.replace("\n", ",").split(",") if t.strip()]
    updated = [*records, {"name": name.strip(), "description": description.strip(),
                          "examples": terms}]
    taxonomy_from_dict({"categories": updated}, source="custom theme")
    return updated


def apply_taxonomy(store: Store, records: list[dict], model,
                   actor: str | None = None) -> pd.DataFrame:
    """Re-categorise every stored mention under ``records`` without re-encoding reviews.

    Returns ``aspect_norm, mentions, category``. Raises ``TaxonomyError`` for an invalid table.
    The change is recorded in the audit trail under ``actor``.
    """
    from analysis.aspects import recategorise, taxonomy_from_dict
    from analysis.store.audit import record_audit

    taxonomy = taxonomy_from_dict({"categories": records}, source="Settings page")
    terms = recategorise(store, taxonomy, model)
    record_audit(store, actor or "dashboard", "recategorise",
                 {"categories": [r.get("name") for r in records],
                  "mentions": int(terms["mentions"].sum()) if len(terms) else 0})
    return terms


def split_rejections(rejected: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(copies, unusable)``: rows that repeat a review kept elsewhere (variant copies, exact
    duplicates, repeated headers: nothing is lost) and rows that could not be used."""
    from analysis.ingest.losses import NON_LOSS_PREFIXES

    if rejected.empty:
        return rejected, rejected
    copy = rejected["reason"].astype(str).str.startswith(NON_LOSS_PREFIXES)
    return rejected[copy], rejected[~copy]


def record_change(store: Store, actor: str, action: str, detail: dict | list | str) -> None:
    """Record a change made in the app (e.g. a catalogue choice) in the audit trail."""
    from analysis.store.audit import record_audit

    record_audit(store, actor, action, detail if not isinstance(detail, list)
                 else {"arguments": detail})


def audit_trail(store: Store, limit: int = 500) -> pd.DataFrame:
    """The store's audit trail for display: ``When (UTC), Who, Action, Details``."""
    from analysis.store.audit import load_audit

    trail = load_audit(store, limit)
    return trail.rename(columns={"occurred_at": "When (UTC)", "actor": "Who", "action": "Action",
                                 "detail": "Details"})


# ---------------------------------------------------------------- imports


def analyse_reviews(store: Store, paths: Sequence[str | Path], model,
                    columns: dict[str, str] | None = None, progress: Progress | None = None,
                    accept_rejections: bool = False, *, actor: str | None = None,
                    keep_author_names: bool = False):
    """Ingest and analyse review files into ``store``; returns the engine's AnalysisResult.

    Raises :class:`~analysis.errors.RejectionsError` before storing anything when one reason
    would reject much of a file, unless ``accept_rejections`` (the user confirmed). ``actor``
    (the signed-in user) is recorded in the audit trail with the files imported.
    """
    from analysis.ingest import check_losses, ingest_reviews
    from analysis.pipeline.analyzer import ReviewAnalyzer
    from analysis.store.audit import record_audit

    ingested = ingest_reviews([str(p) for p in paths], columns=columns or None,
                              progress=progress)
    check_losses(ingested, accept=accept_rejections)
    analyzer = ReviewAnalyzer(store, model=model, columns=columns or None,
                              keep_author_names=keep_author_names)
    result = analyzer.analyze(ingested, progress=progress)
    record_audit(store, actor or "dashboard", "import_reviews",
                 {"files": [Path(p).name for p in paths], "reviews": len(result.reviews),
                  "rejected": len(result.rejected), "author_names_kept": keep_author_names})
    return result


DEFAULT_HORIZONS = {"D": 28, "W": 12, "M": 6, "MS": 6, "Q": 4, "QS": 4}


@dataclass
class SalesImport:
    """Outcome of a sales upload: what was forecast, and the ingest/forecast messages."""

    series: int
    rows: int
    freq: str
    horizon: int
    from_cache: bool
    issues: pd.DataFrame

    @property
    def message(self) -> str:
        from analysis.forecasting.explain import describe_frequency

        how = " The forecast was read back from the store (same data and settings as before)." \
            if self.from_cache else ""
        return (f"Imported {self.rows:,} sales rows in {self.series} series, "
                f"{describe_frequency(self.freq)}, and forecast {self.horizon} periods "
                f"ahead.{how}")


def import_sales(store: Store, paths: Sequence[str | Path], horizon: int | None = None,
                 progress: Progress | None = None, *, actor: str | None = None) -> SalesImport:
    """Ingest sales exports, store them and forecast them (a rerun on the same data is read
    back). ``horizon`` defaults by frequency: 28 days, 12 weeks or 6 months. Recorded in the
    audit trail under ``actor``."""
    from analysis.forecasting.cached import forecast_with_store
    from analysis.ingest.sales import ingest_sales
    from analysis.store.audit import record_audit

    ingested = ingest_sales([str(p) for p in paths])
    steps = horizon or DEFAULT_HORIZONS.get(str(ingested.freq).split("-")[0], 12)
    cached = forecast_with_store(store, ingested.series, steps, progress=progress,
                                 freq=ingested.freq, future_exog=ingested.future_events)
    messages = cached.result.messages
    issues = pd.concat([ingested.issues, messages[["series_id", "severity", "message"]]],
                       ignore_index=True) if not messages.empty else ingested.issues
    record_audit(store, actor or "dashboard", "import_sales",
                 {"files": [Path(p).name for p in paths], "rows": len(ingested.series)})
    return SalesImport(
        series=int(ingested.series["unique_id"].nunique()), rows=len(ingested.series),
        freq=str(ingested.freq), horizon=steps, from_cache=cached.from_cache, issues=issues,
    )


def analyse_sample(store: Store, model, progress: Progress | None = None) -> None:
    """Analyse the bundled sample reviews and forecast the sample sales into ``store``."""
    analyse_reviews(store, [SAMPLE_REVIEWS], model, progress=progress, actor="sample")
    if SAMPLE_SALES.is_file():
        import_sales(store, [SAMPLE_SALES], progress=progress, actor="sample")


def product_variants(store: Store) -> dict[str, list[str]]:
    """Each product (family) id -> the product ids (variants) its reviews were shown on.

    A review copied onto several variants is stored once under its family, so figures per
    product count it once; this says which variants a family covers.
    """
    try:
        from analysis.store.reviews import list_products
    except ImportError:  # no ingestion store in this build
        return {}
    products = list_products(store)
    return dict(zip(products["product_id"].astype(str), products["variants"], strict=True))


def variants_caption(product: str, variants: list[str], shown: int = 8) -> str | None:
    """'B07X covers 3 variants: B07X, B07Y, B07Z' for a family of two or more, else None."""
    if len(variants) < 2:
        return None
    listed = ", ".join(variants[:shown]) + (f" and {len(variants) - shown} more"
                                            if len(variants) > shown else "")
    return (f"{product} covers {len(variants)} variants: {listed}. A review shown on "
            "several of them counts once.")
