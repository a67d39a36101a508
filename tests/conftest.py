"""Shared fixtures: the ../shared/data location and the real model (session-scoped)."""

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
