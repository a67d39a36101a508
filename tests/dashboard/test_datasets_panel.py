"""Datasets in the app: removal needs a confirmation, the sample goes in one click and stays
gone, and new data shows on every page in the same session (the filters follow it)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pipeline.fakes import FakeModel

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
LATER = (b"text,rating,date,product\n"  # dated after the synthetic store's 2024 reviews
         b"The battery died after a day,1,2026-03-01,P-NEW\n"
         b"Great screen and fast delivery,5,2026-03-05,P-NEW\n"
         b"Nice price,4,2026-04-02,P-NEW\n")
OTHER = b"text,rating,date,product\nLovely fit,5,2024-02-01,P-X\nBad zipper,1,2024-02-03,P-X\n"


@pytest.fixture()
def fake_model(monkeypatch):
    from dashboard import common

    model = FakeModel()
    monkeypatch.setattr(common, "get_model", lambda: model)
    return model


def start(page: str = "overview") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def upload(at: AppTest, name: str, content: bytes) -> None:
    at.switch_page("app_pages/upload.py").run()
    at.file_uploader(key="review_files").upload(name, content, "text/csv")
    at.button[0].click().run()  # the form's "Check files"
    at.button(key="import_reviews").click().run()
    assert not at.exception, [e.message for e in at.exception]


def reviews_shown(at: AppTest) -> int:
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return int(next(m.value for m in at.metric if m.label == "Reviews"))


def caption(at: AppTest) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


def test_an_upload_outside_the_date_range_shows_at_once(filled_db, fake_model):
    at = start()
    assert reviews_shown(at) == 600
    assert at.sidebar.date_input(key="filter_dates").value[1] < date(2025, 1, 1)
    upload(at, "later.csv", LATER)
    assert reviews_shown(at) == 603  # same session, no reload
    assert at.sidebar.date_input(key="filter_dates").value == (date(2024, 1, 1),
                                                               date(2026, 4, 2))
    assert "P-NEW" in at.sidebar.multiselect(key="filter_products").options


def test_a_narrowed_date_range_is_kept_when_data_arrives(filled_db, fake_model):
    at = start()
    january = (date(2024, 1, 1), date(2024, 1, 31))
    at.sidebar.date_input(key="filter_dates").set_value(january).run()
    narrowed = reviews_shown(at)
    assert 0 < narrowed < 600
    upload(at, "later.csv", LATER)
    assert reviews_shown(at) == narrowed
    assert at.sidebar.date_input(key="filter_dates").value == january


def test_removal_asks_first_then_removes_only_that_dataset(tmp_path, monkeypatch, fake_model):
    monkeypatch.setenv("REVIEWLENS_DB", str(tmp_path / "two.duckdb"))
    monkeypatch.setenv("REVIEWLENS_NO_SAMPLE", "1")
    at = start("upload")
    upload(at, "later.csv", LATER)
    upload(at, "other.csv", OTHER)
    assert reviews_shown(at) == 5
    at.sidebar.multiselect(key="filter_products").set_value(["P-X"]).run()
    at.switch_page("app_pages/upload.py").run()
    assert at.button(key="ds_remove").disabled  # nothing chosen yet
    choice = at.selectbox(key="ds_choice")
    other = next(i for i, o in enumerate(choice.options) if o.startswith("other.csv"))
    choice.select_index(other).run()
    at.button(key="ds_remove").click().run()
    assert any("Remove other.csv (2 reviews" in w.value.replace("\\", "") for w in at.warning)
    at.button(key="ds_cancel").click().run()  # changed my mind: nothing happens
    assert not at.get("button") or "ds_confirm" not in [b.key for b in at.button]
    assert "5 reviews in the store" in caption(at)
    at.button(key="ds_remove").click().run()
    at.button(key="ds_confirm").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(s.value.startswith("Removed other.csv") for s in at.success)
    assert "3 reviews in the store" in caption(at)
    # the product filter dropped the removed dataset's product; every page shows the rest
    assert at.sidebar.multiselect(key="filter_products").value == []
    assert reviews_shown(at) == 3


def test_the_sample_is_removed_in_one_click_and_not_analyzed_again(tmp_path, monkeypatch,
                                                                     fake_model):
    from analysis.services import datasets as service
    from analysis.services import sample as bundled

    sample = tmp_path / "sample_reviews.csv"
    sample.write_bytes(LATER)
    monkeypatch.setattr(bundled, "SAMPLE_REVIEWS", sample)
    monkeypatch.setattr(bundled, "SAMPLE_SALES", tmp_path / "no_sales.csv")
    service._file_dataset_id.cache_clear()
    monkeypatch.setenv("REVIEWLENS_DB", str(tmp_path / "sample.duckdb"))
    monkeypatch.delenv("REVIEWLENS_NO_SAMPLE", raising=False)
    at = start()
    assert reviews_shown(at) == 3  # first start analyzed the sample
    at.switch_page("app_pages/upload.py").run()
    assert any("bundled sample" in str(v) for v in at.dataframe[-1].value["Sample"])
    at.button(key="ds_remove_sample").click().run()
    assert any("Removed the bundled sample" in s.value for s in at.success)
    at.switch_page("app_pages/overview.py").run()
    assert any("No analysed reviews yet" in i.value for i in at.info)
    assert fake_model.predict_calls  # the sample was encoded once...
    fake_model.predict_calls.clear()
    again = start()  # ...and a fresh start does not analyze it again
    assert any("No analysed reviews yet" in i.value for i in again.info)
    assert fake_model.predict_calls == []
    service._file_dataset_id.cache_clear()
