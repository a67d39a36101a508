"""`reviewlens ingest` end to end: in-process via analysis.cli.main and as the installed script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from analysis.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample_reviews.csv"


def _write_inputs(folder: Path) -> list[Path]:
    a = folder / "shop_a.csv"
    a.write_text("sku;stars;comment;posted\nK1;5;=HYPERLINK(\"x\");2024-05-01\n"
                 "K1;1;Keys stick after a week;2024-05-02\nK2;3;;2024-05-03\n"
                 "K1;1;Keys stick after a week;2024-05-02\n", encoding="utf-8")
    b = folder / "shop_b.jsonl"
    b.write_text('{"item": {"id": "K2"}, "body": "@mention works fine", "rating": "4/5"}\n',
                 encoding="utf-8")
    return [a, b]


def test_ingest_command_writes_outputs_and_store(tmp_path, capsys):
    inputs = _write_inputs(tmp_path)
    out, db = tmp_path / "out", tmp_path / "store.duckdb"
    status = main(["ingest", *map(str, inputs), "--out", str(out), "--db", str(db)])
    assert status == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("ingested 5 rows from 2 file(s): 3 reviews, 2 rejected")
    assert "\n" not in line

    reviews = pd.read_csv(out / "reviews.csv", dtype=str, keep_default_na=False)
    rejected = pd.read_csv(out / "rejected.csv", dtype=str, keep_default_na=False)
    assert list(rejected.columns) == ["source", "row", "reason"]
    assert rejected[["source", "row"]].values.tolist() == [["shop_a.csv", "3"], ["shop_a.csv", "4"]]
    assert rejected["reason"].iloc[1] == "exact duplicate of row 2 in shop_a.csv"
    # formula-leading cells are neutralized in the export
    assert reviews["text"].tolist() == ["'=HYPERLINK(\"x\")", "Keys stick after a week",
                                        "'@mention works fine"]
    assert reviews["product_id"].tolist() == ["K1", "K1", "K2"]
    assert reviews["rating"].astype(float).tolist() == [5.0, 1.0, 4.0]
    assert reviews["date"].tolist()[:2] == ["2024-05-01", "2024-05-02"]
    assert len(reviews) + len(rejected) == 5

    # a second run is a no-op for the store but still describes the inputs whole
    assert main(["ingest", *map(str, inputs), "--out", str(out), "--db", str(db)]) == 0
    assert "2 file(s) already imported" in capsys.readouterr().out
    assert len(pd.read_csv(out / "reviews.csv")) == 3


def test_column_flags_override_detection(tmp_path, capsys):
    path = tmp_path / "odd.csv"
    path.write_text("a,b,c\nx1,Short,The actual review text here\nx2,Tiny,Another review\n")
    out = tmp_path / "out"
    status = main(["ingest", str(path), "--out", str(out), "--db", str(tmp_path / "s.duckdb"),
                   "--text-col", "b", "--id-col", "a"])
    assert status == 0
    reviews = pd.read_csv(out / "reviews.csv", dtype=str)
    assert reviews["text"].tolist() == ["Short", "Tiny"]
    assert reviews["review_id"].tolist() == ["x1", "x2"]


def test_unusable_input_exits_2_with_one_paragraph(tmp_path, capsys):
    path = tmp_path / "numbers.csv"
    path.write_text("id,score\n1,5\n2,3\n")
    status = main(["ingest", str(path), "--out", str(tmp_path / "o"),
                   "--db", str(tmp_path / "s.duckdb")])
    assert status == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("reviewlens ingest: numbers.csv: no column holding review text")
    assert "--text-col" in err and "\n" not in err
    assert not (tmp_path / "o" / "reviews.csv").exists()


def test_installed_script_on_the_sample_data(tmp_path):
    script = Path(sys.executable).parent / "reviewlens"
    out = tmp_path / "out"
    env = {**os.environ, "REVIEWLENS_DB": str(tmp_path / "default.duckdb")}
    proc = subprocess.run([str(script), "ingest", str(SAMPLE), "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "ingested 3002 rows from 1 file(s): 2998 reviews, 4 rejected" in proc.stdout
    assert (tmp_path / "default.duckdb").exists()  # --db defaults to $REVIEWLENS_DB
    assert len(pd.read_csv(out / "rejected.csv")) == 4


def test_second_shop_with_the_same_ids_is_kept_under_qualified_ids(tmp_path, capsys):
    from tests.files import qualifier_of

    a, b = tmp_path / "shop_a.csv", tmp_path / "shop_b.csv"
    a.write_text("id,text\n1,Soft fabric\n2,Runs small\n", encoding="utf-8")
    b.write_text("id,text\n1,Zip broke\n2,Runs small\n", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    assert main(["ingest", str(a), "--out", str(tmp_path / "out_a"), "--db", db]) == 0
    capsys.readouterr()
    assert main(["ingest", str(b), "--out", str(tmp_path / "out_b"), "--db", db]) == 0
    line = capsys.readouterr().out
    assert "1 new reviews, 1 already known, 1 kept under a qualified id" in line
    reviews = pd.read_csv(tmp_path / "out_b" / "reviews.csv", dtype=str)
    tag = qualifier_of(b)
    assert reviews[["review_id", "source", "source_row", "text"]].values.tolist() == [
        [f"1{tag}", "shop_b.csv", "1", "Zip broke"], ["2", "shop_b.csv", "2", "Runs small"]]
