"""Shared fixtures: the ../shared/data location, the real model (session-scoped) and a fake
engine standing in for the lazily loaded one."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.config import default_shared_data


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public datasets beside the repo; tests that need them skip when absent."""
    path = default_shared_data()
    if not path.is_dir():
        pytest.skip(f"needs the shared datasets at {path} (set REVIEWLENS_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def review_model():
    """The real fine-tuned MiniLM engine, loaded once per test session."""
    from analysis.encoder import ReviewModel

    return ReviewModel.load()


@pytest.fixture()
def fake_engine(monkeypatch):
    """A :class:`tests.pipeline.fakes.FakeModel` wherever the analyzer would load the engine
    (``LazyReviewModel``); it records its ``predict`` calls."""
    from analysis.encoder import lazy
    from tests.pipeline.fakes import FakeModel

    model = FakeModel()
    monkeypatch.setattr(lazy, "LazyReviewModel", lambda *a, **k: model)
    return model
