"""``reviewlens inspect`` (a dry run that stores nothing) and the stop on bulk rejections."""

from __future__ import annotations

import json

import pandas as pd

from analysis.cli import main


def _amazon(path, records: int = 40):
    lines = []
    for i in range(records):
        style = {"Size:": "M", "Color:": "Navy"}
        if i == 3:
            style = {"Size Name:": "Men's 6-6.5, Women's 8-8.5"}
        lines.append(json.dumps({
            "overall": 5.0 - i % 3, "reviewerID": f"A{i}", "reviewerName": f"Shopper {i}",
            "asin": f"B{i % 4}", "style": style,
            "reviewText": f"Review {i // 4}: \x1b[31mfits\x1b[0m well\nand washes fine",
            "summary": "Nice", "unixReviewTime": 1441324800 + i * 3600, "vote": "1,234"}))
    lines.insert(10, '{"reviewText": "broken')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_inspect_prints_mapping_examples_counts_and_flags(tmp_path, capsys):
    path = _amazon(tmp_path / "amazon.jsonl")
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("amazon.jsonl: reviews export (jsonl, utf-8), 41 rows read")
    assert "text          <- 'reviewText': Review 0: ?[31mfits?[0m well⏎and washes fine" in out
    assert "\x1b" not in out  # terminal escapes in review text are neutralized
    assert "helpful_votes <- 'vote': 1,234" in out
    assert "'style.Size Name:' (not named as text" in out
    assert "kept" in out and "40" in out
    assert "rejected: line is not valid JSON" in out
    assert "--text-col COLUMN" in out and "STOP" not in out
    assert not list(tmp_path.glob("*.duckdb"))  # nothing stored


def test_inspect_warns_like_ingest_would_and_honours_overrides(tmp_path, capsys):
    path = _amazon(tmp_path / "amazon.jsonl")
    assert main(["inspect", str(path), "--text-col", "style.Size Name:"]) == 0
    out = capsys.readouterr().out
    assert "STOP: `reviewlens ingest` would exit with status 2" in out
    assert "--text-col reviewText" in out


def test_ingest_stops_with_status_2_naming_file_reason_column_and_flag(tmp_path, capsys):
    path = _amazon(tmp_path / "amazon.jsonl")
    out, db = tmp_path / "out", tmp_path / "s.duckdb"
    argv = ["ingest", str(path), "--out", str(out), "--db", str(db),
            "--text-col", "style.Size Name:"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("reviewlens ingest: amazon.jsonl: 39 of 41 rows (95%) would be "
                          "rejected as \"empty review text (column 'style.Size Name:')\"")
    assert "--text-col reviewText" in err and "--accept-rejections" in err
    assert "\n" not in err
    assert not out.exists() and not db.exists()

    assert main([*argv, "--accept-rejections"]) == 0
    assert "1 reviews, 40 rejected" in capsys.readouterr().out


def test_analyze_stops_before_the_engine(tmp_path, capsys, monkeypatch):
    from analysis.encoder import ReviewModel

    def no_model(*args, **kwargs):
        raise AssertionError("the model must not load")

    monkeypatch.setattr(ReviewModel, "load", classmethod(no_model))
    path = _amazon(tmp_path / "amazon.jsonl")
    status = main(["analyze", str(path), "--out", str(tmp_path / "o"), "--db",
                   str(tmp_path / "s.duckdb"), "--text-col", "style.Size Name:"])
    assert status == 2
    assert "--text-col reviewText" in capsys.readouterr().err


def test_inspect_sales_file_by_content(tmp_path, capsys):
    path = tmp_path / "weekly.csv"
    dates = pd.date_range("2024-01-01", periods=10, freq="W-MON").strftime("%Y-%m-%d")
    rows = [f"{d},{store},{100 + i}" for i, d in enumerate(dates) for store in ("S1", "S2")]
    path.write_text("Week,Store,Weekly_Sales\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("weekly.csv: sales export (csv, utf-8), 20 rows read")
    assert "date              <- 'Week': 2024-01-01 | 2024-01-08 | 2024-01-15" in out
    assert "value             <- 'Weekly_Sales': 100 | 101 | 102" in out
    assert "series            <- 'Store': S1 | S2" in out
    assert "2 series, frequency W-MON, 10 periods, 2024-01-01 to 2024-03-04" in out
    assert "--value-col COLUMN" in out


def test_sales_flag_forces_sales(tmp_path, capsys):
    path = tmp_path / "numbers.csv"
    path.write_text("date,comment,units\n2024-01-01,a quiet week overall,5\n"
                    "2024-01-02,busy with the promo on,7\n2024-01-03,normal day again,6\n",
                    encoding="utf-8")
    assert main(["inspect", str(path)]) == 0
    assert "reviews export" in capsys.readouterr().out
    assert main(["inspect", str(path), "--sales"]) == 0
    out = capsys.readouterr().out
    assert "sales export" in out and "frequency D" in out
