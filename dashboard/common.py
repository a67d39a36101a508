"""Streamlit glue shared by the pages: the store, cached loaders, sidebar filters, formatting.

Caching rules (see docs/architecture.md): ``st.cache_resource`` only for the model and the
Store object; ``st.cache_data`` for store reads and pure transforms, keyed by their
arguments (db path, store version, filters). No cached function reads ``st.session_state``;
per-session choices live in ``st.session_state`` only, so browser sessions never clobber each
other.

The Store opens its DuckDB file per operation, so the CLI or a notebook can use the same file
while the app runs (docs/dashboard.md). The reads of one cached loader share one connection
(``store.session()``), and a rerun with warm caches opens the file at most once, for the
version check every two seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from analysis.config import default_db_path
from analysis.insights import filters as filtering
from analysis.services import views as view_data
from analysis.store.connection import StoreBusyError, wait_notice
from analysis.store.core import Store
from dashboard import markdown


def db_path() -> str:
    """The store this app serves: ``--db`` after ``--`` on the command line, else the default
    (``$REVIEWLENS_DB`` or the user's data directory)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    known, _ = parser.parse_known_args(sys.argv[1:])
    return str(known.db or os.environ.get("REVIEWLENS_DB") or default_db_path())


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> Store:
    """One thread-safe Store per db file for the whole server.

    Per operation: it holds DuckDB's file lock only while a read or write runs, never between
    reruns, so ``reviewlens analyze|forecast|report`` and notebooks can use the file meanwhile.
    """
    return Store(path, per_operation=True)


@st.cache_resource
def get_model():
    """The fine-tuned MiniLM engine, one per server process; its weights load the first time
    an upload has a sentence the cache does not hold."""
    from analysis.encoder.lazy import LazyReviewModel

    return LazyReviewModel()


def store() -> Store:
    return get_store(db_path())


@contextmanager
def stop_if_store_busy() -> Iterator[None]:
    """Turn a store another process keeps locked into a notice that ends this run.

    ``dashboard/app.py`` wraps the whole run in it (sample bootstrap, sidebar and page). The
    Store already waited for the file (``$REVIEWLENS_LOCK_TIMEOUT``, default 10 s); the notice
    says which file and process, and the next rerun tries again.
    """
    try:
        yield
    except StoreBusyError as exc:
        st.warning(markdown.escape_markdown(f"{exc} Reload the page once it is free."),
                   icon=":material/lock_clock:")
        st.stop()


@contextmanager
def store_wait_notice() -> Iterator[None]:
    """While this session waits for a store another process is writing, say so.

    The Store retries a locked file for up to ``$REVIEWLENS_LOCK_TIMEOUT`` seconds (default
    10); without this the page would just pause. The line names the other process and the
    longest wait, and disappears once the file is free. Used around the writes a person
    starts (uploads, the sample bootstrap), never inside ``st.cache_data`` functions, which
    would record the line and replay it on later cache hits.
    """
    slot = st.empty()

    def notice(waiting: bool, holder: str | None, timeout_s: float) -> None:
        if not waiting:
            slot.empty()
            return
        who = f" ({holder})" if holder else ""
        slot.info(markdown.escape_markdown(
            f"Another ReviewLens process{who} is writing to the store, e.g. a nightly "
            f"`reviewlens analyze` or another person's upload. Waiting up to {timeout_s:g} s "
            "for it to finish; nothing is lost meanwhile."), icon=":material/hourglass_top:")

    with wait_notice(notice):
        yield
    slot.empty()


@st.cache_data(ttl=2, show_spinner=False)
def _version(path: str) -> str:
    with get_store(path).session():  # one connection for the version's four reads
        return view_data.store_version(get_store(path))


def version() -> str:
    """Changes whenever an analysis is stored, so cached reads refresh for every session.

    Checked at most every two seconds (a rerun asks several times; the answer is the same).
    Writes by other processes (the CLI, a notebook) are seen the same way: the Store reopens
    the file for each check.
    """
    return _version(db_path())


def data_changed() -> None:
    """Call after writing to the store so every session reads the new data at once."""
    _version.clear()


@st.cache_data(show_spinner="Reading the store…", max_entries=8)
def all_frames(path: str, store_version: str) -> view_data.ReviewFrames:
    """Every analyzed review and aspect mention of the store (keyed by path and version)."""
    with get_store(path).session():  # reviews and mentions from one connection
        return view_data.load_review_frames(get_store(path))


def frames_for(path: str, store_version: str, filters: filtering.ViewFilters
               ) -> view_data.ReviewFrames:
    """The sidebar's selection of reviews and mentions.

    Not cached itself: the cached page functions that call it store only their small results,
    so a filter change costs one read of the cached store frames plus the filtering.
    """
    return all_frames(path, store_version).filtered(filters)


@st.cache_data(show_spinner=False, max_entries=8)
def store_outline(path: str, store_version: str) -> tuple[list[str], object, object, int]:
    """Products, first and last review day and review count (small, for the sidebar)."""
    reviews = all_frames(path, store_version).reviews
    products = filtering.product_list(reviews) if not reviews.empty else []
    first, last = filtering.date_bounds(reviews)
    return products, first, last, len(reviews)


@st.cache_data(show_spinner=False, max_entries=8)
def store_languages(path: str, store_version: str) -> list[str]:
    """Languages of the stored reviews (detector codes), for the sidebar's language filter."""
    return filtering.language_list(all_frames(path, store_version).reviews)


LANGUAGE_NAMES = {"en": "English", "zh": "Chinese (中文)"}


@st.cache_data(show_spinner=False, max_entries=8)
def product_variants(path: str, store_version: str) -> dict[str, list[str]]:
    """Product (family) id -> the variant product ids it covers (small, for captions)."""
    return view_data.product_variants(get_store(path))


def show_variants(products: list[str], limit: int = 5) -> None:
    """A caption per chosen product family that covers several variants."""
    variants = product_variants(db_path(), version())
    lines = [view_data.variants_caption(p, variants.get(p, [p])) for p in products]
    for line in [line for line in lines if line][:limit]:
        st.caption(markdown.escape_markdown(line))


def current_filters() -> filtering.ViewFilters:
    """The filters this session chose in the sidebar (defaults: everything)."""
    return st.session_state.get("filters", filtering.ViewFilters())


def selection() -> view_data.ReviewFrames:
    """Reviews and mentions inside the current session's filters."""
    return frames_for(db_path(), version(), current_filters())


def _follow_store(products: list[str], first, last) -> None:
    """Keep this session's filter choices valid when the store's data changes.

    The date range follows new data: a range the user had not narrowed (the store's whole
    range when last drawn) becomes the new whole range; a narrowed one is kept, clipped to what
    the store now holds. Products the store no longer holds (a removed dataset) are dropped.
    Must run before the widgets are drawn (Streamlit forbids changing a drawn widget's state).
    """
    state = st.session_state
    chosen = state.get("filter_products")
    if chosen and any(p not in products for p in chosen):
        state["filter_products"] = [p for p in chosen if p in products]
    bounds = (first, last)
    previous = state.get("filter_bounds")
    state["filter_bounds"] = bounds
    if first is None or last is None:
        state.pop("filter_dates", None)
        return
    picked = tuple(state.get("filter_dates") or ())
    if not picked or previous is None or picked == tuple(previous):
        target = bounds  # not narrowed: the whole (new) range
    else:
        target = tuple(min(max(day, first), last) for day in picked)
        if len(target) == 2 and target[0] > target[1]:
            target = bounds
    if target != picked:
        state["filter_dates"] = target


def sidebar_filters() -> filtering.ViewFilters:
    """Product, date-range and language filters shown on every page; stored in this session's
    state (the language filter only when the store holds more than one language).

    Both default to everything the store holds and follow it when data is added or removed
    (see :func:`_follow_store`), so an upload shows on every page in the same session.
    """
    products, first, last, count = store_outline(db_path(), version())
    _follow_store(products, first, last)
    st.sidebar.header("Filters")
    chosen = st.sidebar.multiselect(
        "Products", products, key="filter_products", placeholder="All products"
    )
    start = end = None
    if first and last:
        # The value comes from session state (set by _follow_store), never from `value=`.
        picked = st.sidebar.date_input(
            "Review dates", min_value=first, max_value=last, key="filter_dates",
        )
        if isinstance(picked, tuple) and len(picked) == 2:
            start = picked[0] if picked[0] != first else None
            end = picked[1] if picked[1] != last else None
    languages = store_languages(db_path(), version())
    picked_languages: list[str] = []
    if len(languages) > 1:  # one language: nothing to choose
        kept = st.session_state.get("filter_languages")
        if kept and any(code not in languages for code in kept):
            st.session_state["filter_languages"] = [c for c in kept if c in languages]
        picked_languages = st.sidebar.multiselect(
            "Languages", languages, key="filter_languages", placeholder="All languages",
            format_func=lambda code: LANGUAGE_NAMES.get(code, code),
        )  # fmt: skip
    filters = filtering.ViewFilters(tuple(chosen), start, end, tuple(picked_languages))
    st.session_state["filters"] = filters
    st.sidebar.caption(f"{count:,} reviews in the store")
    return filters


def empty_store_notice() -> bool:
    """Show a hint and return True when nothing is analyzed yet (pages then stop)."""
    if store_outline(db_path(), version())[3] == 0:
        st.info("No analysed reviews yet. Open **Upload** to import review exports.")
        return True
    return False


def pct(value: float) -> str:
    return "–" if value is None or pd.isna(value) else f"{value * 100:.0f}%"


def signed(value: float, digits: int = 2) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:+.{digits}f}"


def kpi_display(table: pd.DataFrame) -> pd.DataFrame:
    """KPI table with readable column names and formatted numbers."""
    return pd.DataFrame(
        {
            "Product": table["product_id"],
            "Reviews": table["reviews"],
            "Avg rating": table["avg_rating"].round(2),
            "Net sentiment": table["net_sentiment"].round(2),
            "Negative share": table["share_negative"].map(pct),
            "Trend (30 d)": table["trend"] + " " + table["net_sentiment_change"].map(signed),
        }
    )


def aspect_display(table: pd.DataFrame, label: str = "category",
                   compact: bool = False) -> pd.DataFrame:
    """Aspect table with the CI as one readable column (``compact``: no polarity counts)."""
    counts = [] if compact else ["positive", "neutral", "negative"]
    shown = table[[label, "mentions", *counts, "net_sentiment"]].copy()
    shown["net_sentiment"] = shown["net_sentiment"].round(2)
    shown["95% CI"] = [f"{lo:+.2f} … {hi:+.2f}" for lo, hi in
                       zip(table["ci_low"], table["ci_high"], strict=True)]
    names = {"category": "Category", "aspect_norm": "Aspect term"}
    return shown.rename(columns={label: names.get(label, label), "mentions": "Mentions",
                                 "positive": "Positive", "neutral": "Neutral",
                                 "negative": "Negative", "net_sentiment": "Net sentiment"})


def show_quotes(quotes: pd.DataFrame) -> None:
    """Quotes with the aspect in bold; the review text is escaped, never rendered as HTML."""
    if quotes.empty:
        st.caption("No example quotes in this selection.")
        return
    for quote in quotes.itertuples(index=False):
        rating = "" if pd.isna(quote.rating) else f" · {quote.rating:.0f}★"
        day = "" if pd.isna(quote.date) else f" · {pd.Timestamp(quote.date):%Y-%m-%d}"
        st.markdown("> " + markdown.highlight_markdown(str(quote.text), quote.start, quote.end))
        st.caption(markdown.escape_markdown(f"{quote.review_id} · {quote.product_id}{day}{rating}"))


class ProgressBar:
    """A ``progress(done, total, stage)`` callback drawing a Streamlit bar with counts and ETA."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar = st.progress(0.0, text=label)
        self.stage = ""
        self.started = 0.0

    def __call__(self, done: int, total: int, stage: str) -> None:
        import time

        now = time.monotonic()
        if stage != self.stage:
            self.stage, self.started = stage, now
        fraction = min(1.0, done / total) if total else 1.0
        eta = ""
        if 0 < done < total:
            remaining = (now - self.started) / done * (total - done)
            eta = f" · about {remaining:.0f} s left"
        self.bar.progress(fraction, text=f"{self.label}: {stage} {done:,}/{total:,}{eta}")

    def done(self) -> None:
        self.bar.empty()


@st.cache_resource(show_spinner=False)
def _bootstrap_lock():
    """One lock per server so two sessions never analyze the sample at the same time."""
    import threading

    return threading.Lock()


def sample_enabled() -> bool:
    """False with ``--no-sample`` or ``REVIEWLENS_NO_SAMPLE=1`` (tests, empty deployments)."""
    if os.environ.get("REVIEWLENS_NO_SAMPLE") == "1":
        return False
    return "--no-sample" not in sys.argv[1:]


@st.cache_data(show_spinner=False, max_entries=8)
def _needs_sample(path: str, store_version: str) -> bool:
    """Whether the store is empty and the user never removed the sample (cached per version,
    so reruns do not open the file)."""
    from analysis.services.datasets import sample_removed

    with get_store(path).session():
        return not view_data.has_reviews(get_store(path)) and not sample_removed(get_store(path))


def bootstrap_sample_if_empty() -> None:
    """On the first start with an empty store, analyze and forecast the bundled sample data.

    Never again once the user removed the sample (the store remembers that choice).
    """
    from analysis.services.datasets import bootstrap_sample, sample_removed

    if not sample_enabled() or not _needs_sample(db_path(), version()):
        return
    with _bootstrap_lock():
        if view_data.has_reviews(store()) or sample_removed(store()):
            return  # another session got here first
        st.info("First start: analysing the bundled sample reviews and forecasting the "
                "sample sales. This happens once; afterwards everything is read from the "
                "store.")
        bar = ProgressBar("Sample data")
        with store_wait_notice():
            analyzed = bootstrap_sample(store(), get_model(), bar)
        bar.done()
    if analyzed:
        st.cache_data.clear()
        st.rerun()
