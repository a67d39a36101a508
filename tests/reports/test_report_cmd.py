"""``reviewlens report`` and ``reviewlens serve`` command lines."""

from __future__ import annotations

import argparse

from pypdf import PdfReader

from analysis.cli import main
from analysis.cli.serve_cmd import streamlit_command
from tests.dashboard.conftest import fill_store


def test_report_writes_a_pdf_for_the_chosen_product(tmp_path, capsys):
    db = tmp_path / "store.duckdb"
    fill_store(db, n_reviews=200)
    out = tmp_path / "out" / "report.pdf"
    assert main(["report", "--db", str(db), "--out", str(out), "--product", "P-BAD"]) == 0
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Strengths and weaknesses: P-BAD" in text
    assert "Strengths and weaknesses: P-GOOD" not in text
    assert "wrote" in capsys.readouterr().out


def test_report_explains_a_missing_store_and_unknown_product(tmp_path, capsys):
    out = tmp_path / "r.pdf"
    assert main(["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(out)]) == 2
    assert "no store at this path" in capsys.readouterr().err
    db = tmp_path / "store.duckdb"
    fill_store(db, n_reviews=50)
    assert main(["report", "--db", str(db), "--out", str(out), "--product", "NOPE"]) == 2
    assert "NOPE" in capsys.readouterr().err
    assert not out.exists()


def test_serve_passes_port_and_db_to_streamlit(tmp_path):
    args = argparse.Namespace(db=str(tmp_path / "x.duckdb"), port=8765, address=None,
                              no_sample=True)
    command = streamlit_command(args)
    assert command[1:4] == ["-m", "streamlit", "run"]
    assert command[command.index("--server.port") + 1] == "8765"
    assert command[command.index("--server.headless") + 1] == "true"
    tail = command[command.index("--"):]
    assert tail == ["--", "--db", str(tmp_path / "x.duckdb"), "--no-sample"]
