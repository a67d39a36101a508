"""A store pre-filled through the engine's public store API with synthetic analyzed reviews."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

from analysis.store.core import Store
from tests.dashboard.frames import make_frames, save_frames


def fill_store(path, n_reviews: int = 600) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Write synthetic analyzed reviews into the store at ``path``; return the frames."""
    reviews, aspects = make_frames(n_reviews)
    save_frames(path, reviews, aspects)
    return reviews, aspects


@pytest.fixture
def filled_db(tmp_path, monkeypatch):
    """Path of a store with 600 synthetic reviews; the app is pointed at it, sample off."""
    path = tmp_path / "dash.duckdb"
    fill_store(path)
    monkeypatch.setenv("REVIEWLENS_DB", str(path))
    monkeypatch.setenv("REVIEWLENS_NO_SAMPLE", "1")
    return path


def write_sales_csv(path) -> None:
    """Weekly sales of P-GOOD and P-BAD in a shop-export layout (with a promotion flag)."""
    from tests.dashboard.frames import make_sales

    sales, _, _ = make_sales()
    sales.assign(promotion=0).rename(
        columns={"unique_id": "product_id", "ds": "week", "y": "units"}
    ).to_csv(path, index=False)


@pytest.fixture(scope="session")
def sales_db(tmp_path_factory) -> Path:
    """A store with the synthetic reviews plus forecast sales (built once per session)."""
    from analysis.services.sales import import_sales

    folder = tmp_path_factory.mktemp("sales")
    path = folder / "sales.duckdb"
    fill_store(path)
    write_sales_csv(folder / "sales.csv")
    with Store(path) as store:
        import_sales(store, [folder / "sales.csv"])
    return path


@pytest.fixture
def empty_app(tmp_path, monkeypatch):
    """The app on an empty store (no sample) with the fast fake engine."""
    from dashboard import common
    from tests.pipeline.fakes import FakeModel

    monkeypatch.setenv("REVIEWLENS_DB", str(tmp_path / "upload.duckdb"))
    monkeypatch.setenv("REVIEWLENS_NO_SAMPLE", "1")
    monkeypatch.setattr(common, "get_model", lambda: FakeModel())
    return tmp_path


@pytest.fixture(autouse=True)
def local_sign_in(tmp_path, monkeypatch):
    """No users file and no OIDC secrets: the app runs as for local use (tests that need
    sign-in set their own users file and REVIEWLENS_AUTH)."""
    monkeypatch.setenv("REVIEWLENS_USERS", str(tmp_path / "no-users.json"))
    monkeypatch.delenv("REVIEWLENS_AUTH", raising=False)


@pytest.fixture(autouse=True)
def fresh_caches():
    """Cached reads are keyed by db path; tmp paths differ, but keep tests independent."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()
