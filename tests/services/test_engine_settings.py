"""The app's analysis engine: stored in the store, validated, audited, and followed by
analyze_reviews (Ray is replaced by a recorder: no Ray starts here)."""

from __future__ import annotations

import json

import pytest

from analysis.config import AnalysisEngine
from analysis.errors import UserInputError
from analysis.services import engine_settings
from analysis.services.audit import audit_trail
from analysis.services.reviews import analyze_reviews
from analysis.services.views import has_reviews
from analysis.store.core import Store
from tests.pipeline.fakes import FakeModel

SHOP = (b"Comment,Stars,When\nThe battery died after a day,1,2024-05-01\n"
        b"Great screen and fast delivery,5,2024-05-02\n")
RAY = AnalysisEngine("ray", "head:6379", 3)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "engine.duckdb") as opened:
        yield opened


@pytest.fixture
def shop_csv(tmp_path):
    path = tmp_path / "shop.csv"
    path.write_bytes(SHOP)
    return path


def test_local_until_saved_then_round_trips_and_is_audited(store):
    assert engine_settings.current_engine(store) == engine_settings.LOCAL
    engine_settings.save_engine(store, RAY, actor="eddie")
    assert engine_settings.current_engine(store) == RAY
    trail = audit_trail(store)
    row = trail[trail["Action"] == "set_analysis_engine"].iloc[0]
    assert row["Who"] == "eddie"
    assert json.loads(row["Details"]) == {"engine": "ray", "address": "head:6379", "workers": 3}
    engine_settings.save_engine(store, engine_settings.LOCAL, actor="eddie")
    assert engine_settings.current_engine(store) == engine_settings.LOCAL


def test_the_setting_is_read_by_a_new_store_on_the_same_file(tmp_path):
    with Store(tmp_path / "s.duckdb") as first:
        engine_settings.save_engine(first, RAY, actor="eddie")
    with Store(tmp_path / "s.duckdb", read_only=True) as again:
        assert engine_settings.current_engine(again) == RAY


@pytest.mark.parametrize(("address", "workers", "expected"), [
    ("10.0.0.5:6379", "4", AnalysisEngine("ray", "10.0.0.5:6379", 4)),
    (" ray://head-svc:10001 ", "", AnalysisEngine("ray", "ray://head-svc:10001", None)),
    ("[::1]:6379", None, AnalysisEngine("ray", "[::1]:6379", None)),
    ("", " 2 ", AnalysisEngine("ray", None, 2)),
])
def test_form_input_becomes_a_ray_choice(address, workers, expected):
    assert engine_settings.engine_choice("ray", address, workers) == expected


def test_local_drops_the_ray_only_fields():
    assert engine_settings.engine_choice("local", "head:6379", "4") == engine_settings.LOCAL


@pytest.mark.parametrize(("engine", "address", "workers", "message"), [
    ("ray", "head:6379", "0", "Workers must be a whole number of at least 1, got 0"),
    ("ray", "head:6379", "-2", "at least 1"),
    ("ray", "", "two", "Workers must be a whole number of at least 1, got 'two'"),
    ("ray", "", "1.5", "whole number"),
    ("ray", "just-a-host", "", "'just-a-host' is not a Ray cluster address"),
    ("ray", "http://head:6379", "", "not a Ray cluster address"),
    ("ray", "head:70000", "", "not a Ray cluster address"),
    ("ray", "head:0", "", "not a Ray cluster address"),
    ("ray", "head:6379; rm -rf /", "", "not a Ray cluster address"),
    ("spark", "", "", "unknown analysis engine 'spark'"),
])
def test_bad_input_gets_a_specific_error(engine, address, workers, message):
    with pytest.raises(UserInputError, match=message.replace("(", r"\(")):
        engine_settings.engine_choice(engine, address, workers)


def test_an_address_with_the_local_engine_is_refused():
    with pytest.raises(UserInputError, match="used only with the Ray engine"):
        AnalysisEngine("local", "head:6379")


class RayRecorder:
    """Stands in for analysis.scale.analyze.analyze_on_ray: records the call, reports encoder
    progress as the real one does, then runs the analyzer (or raises ``error``)."""

    def __init__(self, error: Exception | None = None) -> None:
        self.calls: list[dict] = []
        self.error = error

    def __call__(self, analyzer, ingested, *, address=None, workers=None, progress=None,
                 keep_ray=False, before_commit=None):
        self.calls.append({"address": address, "workers": workers, "progress": progress,
                           "reviews": len(ingested.reviews), "keep_ray": keep_ray})
        if self.error is not None:
            raise self.error
        if progress is not None:
            progress(len(ingested.reviews), len(ingested.reviews), "encode")
        return analyzer.analyze(ingested, progress=progress, before_commit=before_commit)


def _progress_log() -> tuple[list, object]:
    seen: list[tuple[int, int, str]] = []
    return seen, lambda done, total, stage: seen.append((done, total, stage))


def test_the_stored_ray_setting_routes_through_analyze_on_ray(store, shop_csv, monkeypatch):
    recorder = RayRecorder()
    monkeypatch.setattr("analysis.scale.analyze.analyze_on_ray", recorder)
    engine_settings.save_engine(store, RAY, actor="eddie")
    seen, progress = _progress_log()
    result = analyze_reviews(store, [shop_csv], FakeModel(), progress=progress, actor="eddie")
    assert len(recorder.calls) == 1
    call = recorder.calls[0]
    assert (call["address"], call["workers"], call["reviews"]) == ("head:6379", 3, 2)
    assert call["keep_ray"]  # the server keeps its Ray for the next upload
    assert call["progress"] is progress  # the caller's bar advances over the Ray pass too
    assert (2, 2, "encode") in seen
    assert len(result.reviews) == 2 and has_reviews(store)
    trail = audit_trail(store)
    detail = json.loads(trail[trail["Action"] == "import_reviews"]["Details"].iloc[0])
    assert detail["engine"] == RAY.to_record() and detail["reviews"] == 2


def test_an_explicit_engine_wins_over_the_stored_one(store, shop_csv, monkeypatch):
    recorder = RayRecorder()
    monkeypatch.setattr("analysis.scale.analyze.analyze_on_ray", recorder)
    engine_settings.save_engine(store, RAY, actor="eddie")
    analyze_reviews(store, [shop_csv], FakeModel(), engine=engine_settings.LOCAL)
    assert recorder.calls == [] and has_reviews(store)
    analyze_reviews(store, [shop_csv], FakeModel(), engine=AnalysisEngine("ray", workers=1))
    assert [(c["address"], c["workers"]) for c in recorder.calls] == [(None, 1)]


def test_local_by_default_never_touches_ray(store, shop_csv, monkeypatch):
    recorder = RayRecorder()
    monkeypatch.setattr("analysis.scale.analyze.analyze_on_ray", recorder)
    analyze_reviews(store, [shop_csv], FakeModel())
    assert recorder.calls == [] and has_reviews(store)


def test_a_ray_that_cannot_be_joined_is_a_clear_error_and_stores_nothing(store, shop_csv,
                                                                         monkeypatch):
    failure = UserInputError("could not join the Ray cluster at head:6379 (timed out).")
    monkeypatch.setattr("analysis.scale.analyze.analyze_on_ray", RayRecorder(failure))
    engine_settings.save_engine(store, RAY, actor="eddie")
    with pytest.raises(UserInputError) as raised:
        analyze_reviews(store, [shop_csv], FakeModel(), actor="eddie")
    message = str(raised.value)
    assert message.startswith("could not join the Ray cluster at head:6379")
    assert "Analysis engine: Ray at head:6379, 3 workers" in message
    assert "Settings" in message
    assert not has_reviews(store)
    assert "import_reviews" not in audit_trail(store)["Action"].tolist()


@pytest.mark.parametrize("engine", [engine_settings.LOCAL, RAY], ids=["local", "ray"])
def test_an_audit_that_cannot_be_written_stores_nothing_of_the_upload(engine, store, shop_csv,
                                                                      monkeypatch):
    monkeypatch.setattr("analysis.scale.analyze.analyze_on_ray", RayRecorder())

    def broken(*args, **kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr("analysis.store.audit.record_audit", broken)
    with pytest.raises(RuntimeError, match="audit trail unavailable"):
        analyze_reviews(store, [shop_csv], FakeModel(), actor="eddie", engine=engine)
    assert not has_reviews(store)
    assert store.query("SELECT count(*) AS n FROM runs")["n"].iloc[0] == 0
