"""``reviewlens analyze`` twice on unchanged inputs: the second run finds its files up to date.

The up-to-date check (:mod:`analysis.services.uptodate`) must give exactly what analysing
again gives, and must step aside whenever an input, a flag, the store or an output changed.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.cli import main
from analysis.store.core import Store
from analysis.store.reruns import latest_record
from analysis.store.results import update_categories
from tests.test_cli_analyze import REVIEWS

FLAGS = ("--text-col", "Comment", "--rating-col", "Stars")
KEPT = ("reviews.csv", "aspects.csv", "rejected.csv")
UP_TO_DATE = "nothing changed since run"


@pytest.fixture()
def export(tmp_path):
    path = tmp_path / "export.csv"
    REVIEWS.to_csv(path, index=False)
    return path


def analyze(tmp_path, *inputs, out="out", extra=FLAGS) -> tuple[int, dict]:
    folder = tmp_path / out
    argv = ["analyze", *map(str, inputs), "--out", str(folder), "--db",
            str(tmp_path / "s.duckdb"), *extra]
    status = main(argv)
    files = {name: (folder / name).read_bytes() for name in KEPT if (folder / name).exists()}
    summary = json.loads((folder / "summary.json").read_text())
    return status, {"files": files, "summary": summary}


def without_run_id(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k != "run_id"}


def no_ingest(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("an up-to-date run must not read its inputs")

    monkeypatch.setattr("analysis.ingest.ingest_reviews", fail)


def test_an_unchanged_rerun_writes_what_recomputing_writes(
        export, tmp_path, fake_engine, capsys, monkeypatch):
    assert analyze(tmp_path, export)[0] == 0
    first_run = json.loads((tmp_path / "out" / "summary.json").read_text())["run_id"]
    capsys.readouterr()
    calls = len(fake_engine.predict_calls)

    with monkeypatch.context() as patch:
        no_ingest(patch)
        status, repeated = analyze(tmp_path, export)
    told = capsys.readouterr().out
    assert status == 0 and f"{UP_TO_DATE} {first_run}" in told and "--recompute" in told
    assert len(fake_engine.predict_calls) == calls

    status, recomputed = analyze(tmp_path, export, extra=(*FLAGS, "--recompute"))
    assert status == 0 and UP_TO_DATE not in capsys.readouterr().out
    assert repeated["files"] == recomputed["files"]
    assert without_run_id(repeated["summary"]) == without_run_id(recomputed["summary"])
    assert repeated["summary"]["run_id"] not in (first_run, recomputed["summary"]["run_id"])


def test_the_repeating_run_owns_the_results_and_records_its_files(export, tmp_path,
                                                                   fake_engine):
    analyze(tmp_path, export)
    _, repeated = analyze(tmp_path, export)
    with Store(tmp_path / "s.duckdb") as store:
        latest = latest_record(store)
        owners = store.query("SELECT DISTINCT run_id FROM review_results")["run_id"].tolist()
        audited = store.query("SELECT count(*) AS n FROM audit_log WHERE action = 'import_reviews'")
    assert latest["run_id"] == repeated["summary"]["run_id"] and owners == [latest["run_id"]]
    assert latest["summary"] == repeated["summary"]
    assert set(latest["outputs"]["files"]) == {"reviews", "aspects", "rejected", "summary"}
    assert int(audited["n"].iloc[0]) == 2


def test_another_folder_gets_copies_of_the_intact_files(export, tmp_path, fake_engine,
                                                        capsys):
    _, first = analyze(tmp_path, export)
    capsys.readouterr()
    status, elsewhere = analyze(tmp_path, export, out="elsewhere")
    assert status == 0 and "copied from that run's folder" in capsys.readouterr().out
    assert elsewhere["files"] == first["files"]


def test_an_edited_output_is_written_again(export, tmp_path, fake_engine, capsys):
    _, first = analyze(tmp_path, export)
    (tmp_path / "out" / "aspects.csv").write_text("edited by hand\n")
    capsys.readouterr()
    status, again = analyze(tmp_path, export)
    assert status == 0 and again["files"] == first["files"]
    told = capsys.readouterr().out
    assert "holds its files" not in told  # read back from the store, not taken as current


@pytest.mark.parametrize("change", ["rating", "flag", "removed", "imported", "categories"])
def test_any_change_is_analysed_or_read_back_as_usual(change, export, tmp_path, fake_engine,
                                                      capsys):
    _, first = analyze(tmp_path, export)
    extra = FLAGS
    if change == "rating":  # a corrected export: same reviews, one rating changed
        fixed = REVIEWS.assign(Stars=[5, 2, 4, 5])
        fixed.to_csv(export, index=False)
    elif change == "flag":
        extra = (*FLAGS, "--keep-author-names")
    elif change == "removed":
        assert main(["remove", "export.csv", "--yes", "--db", str(tmp_path / "s.duckdb")]) == 0
    elif change == "categories":  # stored mentions re-categorized behind the run key's back
        with Store(tmp_path / "s.duckdb") as store:
            term = store.query("SELECT aspect_norm FROM aspects LIMIT 1")["aspect_norm"].iloc[0]
            assert update_categories(store, {term: "packaging"}) >= 1
    else:  # another shop's file imported without analysis may re-file products
        other = tmp_path / "other.csv"
        REVIEWS.assign(**{"Review ID": ["b1", "b2", "b3", "b4"]}).to_csv(other, index=False)
        assert main(["ingest", str(other), "--out", str(tmp_path / "ing"), *FLAGS,
                     "--db", str(tmp_path / "s.duckdb")]) == 0
    capsys.readouterr()
    status, again = analyze(tmp_path, export, extra=extra)
    assert status == 0 and "holds its files" not in capsys.readouterr().out
    reviews = pd.read_csv(tmp_path / "out" / "reviews.csv")
    assert len(reviews) == 4 and again["summary"]["counts"]["reviews"] == 4
    expected = [5, 2, 4, 5] if change == "rating" else [5, 1, 4, 5]
    assert reviews["rating"].tolist() == expected
    if change == "categories":
        assert "packaging" in again["files"]["aspects.csv"].decode()
        assert again["files"]["aspects.csv"] != first["files"]["aspects.csv"]
    elif change != "rating":
        assert again["files"]["aspects.csv"] == first["files"]["aspects.csv"]
