"""A re-run of an unchanged store reads the latest run's results back (analysis.services.rerun):
same files out, nothing recomputed; anything that could change a result recomputes."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.aspects import taxonomy_from_dict
from analysis.services import analyzer as analyzer_module
from analysis.services.analyzer import ReviewAnalyzer
from analysis.services.datasets import remove_dataset
from analysis.store import catalogues as catalogue_store
from analysis.store import results
from analysis.store.core import Store
from tests.pipeline.fakes import FakeModel

ROWS = [
    ("a1", "P1", "2024-01-05", 5, "Great battery life! The lid is bad. Delivery was fast."),
    ("a2", "P2", "2024-01-06", 1, "这个手机很好用，电池也不错，物流很快"),
    ("a3", "P1", "2024-01-07", 2, "The batteries died. Shipping was late."),
    ("a4", "P2", "2024-02-01", 4, "Good price. Nice box, love it."),
    ("a5", "P3", "2024-02-03", 2, "La batería es muy mala y el envío fue lento, no lo recomiendo."),
    ("a6", "P2", "2024-02-04", 1, "包装太差了，客服态度不好，电池不耐用"),
    ("a7", "P3", "2024-02-05", 3, "The screen is nice but the sound is poor."),
    ("a8", "P1", "not a date", 5, "Perfect fit, great size."),
]


def write_reviews(folder, name: str, rows) -> object:
    path = folder / name
    pd.DataFrame(rows, columns=["review_id", "product_id", "date", "rating", "text"]).to_csv(
        path, index=False)
    return path


@pytest.fixture()
def reviews_csv(tmp_path):
    return write_reviews(tmp_path, "reviews.csv", ROWS)


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "store.duckdb") as opened:
        yield opened


@pytest.fixture()
def transforms(monkeypatch):
    """Counts the analysis transforms the analyzer runs."""
    calls = []
    real = analyzer_module.analyze_frame

    def counted(*args, **kwargs):
        calls.append(len(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(analyzer_module, "analyze_frame", counted)
    return calls


def written(result, folder) -> dict[str, object]:
    """The bytes of the written CSV files and summary.json without its run id."""
    result.write(folder)
    files = {name: (folder / name).read_bytes()
             for name in ("reviews.csv", "aspects.csv", "rejected.csv")}
    summary = json.loads((folder / "summary.json").read_text())
    summary.pop("run_id")
    return {**files, "summary": summary}


def test_rerun_of_an_unchanged_store_writes_the_same_files_without_recomputing(
        reviews_csv, store, transforms, tmp_path):
    model = FakeModel()
    first = ReviewAnalyzer(store, model).analyze([reviews_csv])
    assert transforms == [8]
    assert first.summary["counts"]["unscored_by_language"] == {"es": 1}
    assert (first.reviews["language"] == "zh").sum() == 2
    second = ReviewAnalyzer(store, model).analyze([reviews_csv])
    assert transforms == [8], "the second run recomputed"
    recomputed = ReviewAnalyzer(store, model, reuse_results=False).analyze([reviews_csv])
    assert transforms == [8, 8]
    expected = written(recomputed, tmp_path / "recomputed")
    assert written(second, tmp_path / "second") == expected
    assert written(first, tmp_path / "first")["aspects.csv"] == expected["aspects.csv"]
    counts = second.summary["counts"]
    assert counts["sentences_encoded"] == 0
    assert counts["sentences_from_cache"] == counts["distinct_sentences"] > 0


def test_a_rerun_is_recorded_and_owns_its_results(reviews_csv, store, transforms):
    model = FakeModel()
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    again = ReviewAnalyzer(store, model).analyze([reviews_csv])
    runs = results.list_runs(store)
    assert len(runs) == 2
    owners = store.query("SELECT DISTINCT run_id FROM review_results")["run_id"].tolist()
    assert owners == [again.summary["run_id"]]
    ReviewAnalyzer(store, model).analyze([reviews_csv])  # the re-run can itself be reused
    assert transforms == [8]


def test_an_added_export_is_analysed(reviews_csv, store, transforms, tmp_path):
    model = FakeModel()
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    more = write_reviews(tmp_path, "more.csv", [("b1", "P1", "2024-03-01", 4, "Nice screen.")])
    result = ReviewAnalyzer(store, model).analyze([reviews_csv, more])
    assert transforms == [8, 9]
    assert len(result.reviews) == 9
    assert model.predicted.count("Nice screen.") == 1


def test_a_subset_of_the_last_run_is_analysed(reviews_csv, store, transforms, tmp_path):
    model = FakeModel()
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    part = write_reviews(tmp_path, "part.csv", ROWS[:3])
    ReviewAnalyzer(store, model).analyze([part])
    assert transforms == [8, 3]


def test_changed_categories_recompute(reviews_csv, store, transforms):
    model = FakeModel()
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    catalogue_store.set_override(store, "P1", "electronics")
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    taxonomy = taxonomy_from_dict({"categories": [
        {"name": "power", "description": "battery and charging", "examples": ["battery"]}]})
    result = ReviewAnalyzer(store, model, taxonomy=taxonomy).analyze([reviews_csv])
    assert transforms == [8, 8, 8]
    english = result.aspects[~result.aspects["review_id"].isin(["a2", "a6"])]
    assert set(english["category"]) <= {"power", "other"}
    assert "power" in set(english["category"])


def test_another_model_version_recomputes(reviews_csv, store, transforms):
    ReviewAnalyzer(store, FakeModel("fake-1")).analyze([reviews_csv])
    ReviewAnalyzer(store, FakeModel("fake-2")).analyze([reviews_csv])
    assert transforms == [8, 8]


def test_a_removed_dataset_invalidates_the_run(reviews_csv, store, transforms, tmp_path):
    model = FakeModel()
    more = write_reviews(tmp_path, "more.csv", [("b1", "P1", "2024-03-01", 4, "Nice screen.")])
    ReviewAnalyzer(store, model).analyze([reviews_csv, more])
    remove_dataset(store, "more.csv")
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    assert transforms == [9, 8]


def test_replaced_stages_always_recompute(reviews_csv, store, transforms):
    from analysis.aspects import AspectFilter

    model = FakeModel()
    ReviewAnalyzer(store, model, aspect_filter=AspectFilter()).analyze([reviews_csv])
    ReviewAnalyzer(store, model, aspect_filter=AspectFilter()).analyze([reviews_csv])
    assert transforms == [8, 8]


def test_a_store_from_before_run_keys_recomputes_once(reviews_csv, store, transforms):
    model = FakeModel()
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    store.execute("UPDATE runs SET run_key = NULL")  # what an older store's runs look like
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    assert transforms == [8, 8]


def test_a_fresh_process_creates_the_run_key_column(tmp_path):
    """Store creates every registered table on open: the run key must be registered with the
    store's schema, not only once the re-run module happens to be imported."""
    import subprocess
    import sys

    code = ("import sys; from analysis.store.core import Store\n"
            "with Store(sys.argv[1]) as s:\n"
            "    print(sorted(s.query('SELECT * FROM runs LIMIT 0').columns))\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.duckdb")],
                          capture_output=True, text=True, check=True)
    assert "run_key" in done.stdout


def test_a_renamed_export_with_a_corrected_rating_is_read_back_with_the_new_fields(
        reviews_csv, store, transforms, tmp_path):
    model = FakeModel()
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    corrected = [row if row[0] != "a3" else (*row[:3], 4, row[4]) for row in ROWS]
    renamed = write_reviews(tmp_path, "reviews-2026-12-03.csv", corrected)
    reused = ReviewAnalyzer(store, model).analyze([renamed])
    assert transforms == [8]
    recomputed = ReviewAnalyzer(store, model, reuse_results=False).analyze([renamed])
    assert written(reused, tmp_path / "reused") == written(recomputed, tmp_path / "recomputed")
    rows = results.load_analyzed_reviews(store).set_index("review_id")
    assert rows.loc["a3", "rating"] == 4
    assert set(rows["source"]) == {"reviews-2026-12-03.csv"}


def test_the_reused_rows_are_stored_as_a_recomputation_would_store_them(
        reviews_csv, store, tmp_path):
    model = FakeModel()
    ReviewAnalyzer(store, model).analyze([reviews_csv])
    renamed = write_reviews(tmp_path, "renamed.csv", ROWS)
    ReviewAnalyzer(store, model).analyze([renamed])
    tables = {name: store.query(f"SELECT * EXCLUDE (run_id) FROM {name} ORDER BY ALL")
              for name in ("review_results",)}
    tables["sentences"] = store.query("SELECT * FROM sentences ORDER BY ALL")
    tables["aspects"] = store.query("SELECT * FROM aspects ORDER BY ALL")
    ReviewAnalyzer(store, model, reuse_results=False).analyze([renamed])
    assert tables["review_results"].equals(
        store.query("SELECT * EXCLUDE (run_id) FROM review_results ORDER BY ALL"))
    for name in ("sentences", "aspects"):
        pd.testing.assert_frame_equal(tables[name],
                                      store.query(f"SELECT * FROM {name} ORDER BY ALL"))
