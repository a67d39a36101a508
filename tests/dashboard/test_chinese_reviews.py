"""A mixed English + Chinese upload in the dashboard: language is a sidebar filter, and a
Chinese product shows strengths and weaknesses with its Chinese aspect categories (AppTest)."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.insights.filters import ViewFilters, filter_mentions
from analysis.services.analyzer import ReviewAnalyzer
from analysis.services.views import load_review_frames
from analysis.store.core import Store
from tests.dashboard.test_pages import run_page
from tests.pipeline.fakes import FakeModel
from tests.pipeline.zh_tiny import tiny_scorer

ENGLISH = ["Great battery life, fast delivery.", "The screen is good but the lid broke.",
           "Shipping was late and the box was bad."]
CHINESE = ["物流很快，质量很差。", "快递很快，质量太差了！", "物流不错，质量很差，失望"]


@pytest.fixture
def mixed_db(tmp_path, monkeypatch):
    """A store holding one analyzed mixed upload: P-EN in English, P-ZH in Chinese."""
    rows = [(f"e{i}", "P-EN", f"2024-03-{1 + i % 28:02d}", ENGLISH[i % 3]) for i in range(12)]
    rows += [(f"z{i}", "P-ZH", f"2024-03-{1 + i % 28:02d}", CHINESE[i % 3] + "!" * (i // 3))
             for i in range(15)]
    upload = tmp_path / "mixed.csv"
    pd.DataFrame(rows, columns=["review_id", "product_id", "date", "text"]).to_csv(
        upload, index=False
    )
    path = tmp_path / "mixed.duckdb"
    with Store(path) as store:
        ReviewAnalyzer(store, FakeModel(), chinese_scorer=tiny_scorer()).analyze([upload])
    monkeypatch.setenv("REVIEWLENS_DB", str(path))
    monkeypatch.setenv("REVIEWLENS_NO_SAMPLE", "1")
    return path


def run(page: str) -> AppTest:
    return run_page(page, timeout=180)  # the first run imports the whole app


def reviews_metric(at: AppTest) -> int:
    return int(next(m.value for m in at.metric if m.label == "Reviews"))


def test_language_is_a_sidebar_filter(mixed_db):
    at = run("overview")
    languages = at.sidebar.multiselect(key="filter_languages")
    assert languages.options == ["English", "Chinese (中文)"]
    assert reviews_metric(at) == 27
    languages.set_value(["zh"]).run()
    assert not at.exception
    assert reviews_metric(at) == 15
    at.sidebar.multiselect(key="filter_languages").set_value(["en"]).run()
    assert reviews_metric(at) == 12


def test_chinese_product_shows_strengths_and_weaknesses(mixed_db):
    at = run("strengths")
    at.sidebar.multiselect(key="filter_languages").set_value(["zh"]).run()
    at.selectbox(key="sw_product").set_value("P-ZH").run()
    assert not at.exception
    headers = [s.value for s in at.subheader]
    assert headers == ["Strengths", "Weaknesses"]
    strengths, weaknesses = (frame.value for frame in at.dataframe[-2:])
    assert "物流/快递" in strengths.iloc[:, 0].tolist()
    assert "质量" in weaknesses.iloc[:, 0].tolist()


def test_language_filter_reaches_mentions_through_the_store(mixed_db):
    with Store(mixed_db) as store:
        zh = load_review_frames(store, ViewFilters(languages=("zh",)))
        everything = load_review_frames(store)
    assert set(zh.reviews["language"]) == {"zh"}
    assert set(zh.aspects["review_id"]) <= set(zh.reviews["review_id"])
    assert set(zh.aspects["product_id"]) == {"P-ZH"}
    assert len(everything.aspects) > len(zh.aspects)
    with pytest.raises(ValueError, match="filter_aspects"):
        filter_mentions(everything.aspects, ViewFilters(languages=("zh",)))
