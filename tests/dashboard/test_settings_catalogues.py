"""Settings page: catalogue per product with an override, suggestions added in one click;
neither re-encodes a review."""

from __future__ import annotations

import pandas as pd

from analysis.services.categories import recategorize_catalogues
from analysis.store import catalogues
from analysis.store.core import Store
from tests.dashboard.test_pages import run_page
from tests.pipeline.fakes import FakeModel


def _prepare(path, model) -> None:
    with Store(path) as store:
        recategorize_catalogues(store, model)
        catalogues.save_suggestions(store, pd.DataFrame({
            "name": ["charge"], "examples": [["charge", "battery life"]], "mentions": [60],
            "terms": [["charge", "battery life"]],
        }))  # fmt: skip


def test_catalogue_table_override_and_suggestion(filled_db, monkeypatch):
    from dashboard import common

    model = FakeModel()
    _prepare(filled_db, model)
    monkeypatch.setattr(common, "get_model", lambda: model)
    at = run_page("settings")
    shown = at.dataframe[0].value
    assert set(shown["catalogue"]) == {"electronics"} and set(shown["chosen_by"]) == {"auto"}
    assert any(t.value == "charge" for t in at.text)  # the suggestion, as plain text
    at.button(key="add_suggestion_0").click().run()
    assert not at.exception, [e.message for e in at.exception]
    with Store(filled_db) as store:
        assert [c["name"] for c in catalogues.extra_categories(store)] == ["charge"]
        cats = store.query("SELECT DISTINCT category FROM aspects WHERE aspect_norm = 'charge'")
    assert cats["category"].tolist() == ["charge"]

    at.selectbox[0].set_value("P-MID")
    at.selectbox[1].set_value("home")
    at.button[0].click().run()  # the override form's "Apply catalogue"
    assert not at.exception, [e.message for e in at.exception]
    with Store(filled_db) as store:
        assert catalogues.overrides(store) == {"P-MID": "home"}
    assert model.predict_calls == []  # only terms were re-matched
