"""`reviewlens datasets` and `reviewlens remove` end to end (in-process and as the script)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from analysis.cli import main
from tests.files import write_file

SCRIPT = str(Path(sys.executable).parent / "reviewlens")


def _ingest(tmp_path, db) -> None:
    a = write_file(tmp_path, "shop_a.csv", "id,text,stars\n1,Keys stick,1\n2,Lovely,5\n3,,4\n")
    b = write_file(tmp_path, "shop_b.jsonl",
                   '{"id": "1", "body": "Battery died", "stars": 2}\n')
    assert main(["ingest", str(a), str(b), "--out", str(tmp_path / "out"), "--db", str(db)]) == 0


def _ids(capsys, db) -> dict[str, str]:
    """file -> dataset id, read from `reviewlens datasets` output."""
    assert main(["datasets", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    return {line.split()[1]: line.split()[0] for line in lines[1:-1]}


def test_datasets_lists_each_imported_file(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    _ingest(tmp_path, db)
    capsys.readouterr()
    assert main(["datasets", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["id", "file", "format", "rows", "kept", "rejected", "imported",
                              "sample"]
    rows = {line.split()[1]: line.split() for line in out[1:-1]}
    assert rows["shop_a.csv"][2:6] == ["csv", "3", "2", "1"]
    assert rows["shop_b.jsonl"][3:6] == ["1", "1", "0"]
    assert out[-1] == f"2 dataset(s) in {db}"


def test_remove_by_prefix_then_the_other_by_file_name(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    _ingest(tmp_path, db)
    capsys.readouterr()
    ids = _ids(capsys, db)
    assert main(["remove", ids["shop_a.csv"][:5], "--yes", "--db", str(db)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Removed shop_a.csv (dataset {ids['shop_a.csv']}): 2 reviews")
    assert "1 rejected rows" in said
    assert list(_ids(capsys, db)) == ["shop_b.jsonl"]
    assert main(["remove", "shop_b.jsonl", "--yes", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["datasets", "--db", str(db)]) == 0
    assert "no datasets yet" in capsys.readouterr().out


def test_unknown_or_ambiguous_dataset_is_exit_2_with_the_candidates(tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    _ingest(tmp_path, db)
    capsys.readouterr()
    assert main(["remove", "nothing-like-this", "--yes", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "no dataset is called 'nothing-like-this'" in err
    assert "shop_a.csv" in err and "shop_b.jsonl" in err
    assert main(["remove", "", "--yes", "--db", str(db)]) == 2  # matches nothing, not all
    capsys.readouterr()
    assert len(_ids(capsys, db)) == 2  # nothing was removed


def test_remove_without_yes_and_without_a_terminal_refuses(tmp_path):
    db = tmp_path / "s.duckdb"
    _ingest(tmp_path, db)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run([SCRIPT, "remove", "shop_a.csv",
                           "--db", str(db)], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 2
    assert "add --yes" in done.stderr and "Nothing was removed" in done.stderr
    listed = subprocess.run([SCRIPT, "datasets", "--db", str(db)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert listed.returncode == 0 and "shop_a.csv" in listed.stdout
