"""Ids reused across the files of one ingest: different reviews kept, repeats rejected."""

from __future__ import annotations

import pandas as pd

from analysis.ingest import ingest_reviews
from analysis.ingest.identity import exact_duplicates
from tests.files import qualifier_of, write_file


def test_other_files_review_with_a_used_id_gets_a_qualified_id(tmp_path):
    a = write_file(tmp_path, "a.csv", "id,text\n1,Lovely colour\n2,Too small\n")
    b = write_file(tmp_path, "b.csv", "id,text\n2,Arrived broken\n3,Works well\n")
    result = ingest_reviews([a, b])
    assert result.reviews["review_id"].tolist() == ["1", "2", f"2{qualifier_of(b)}", "3"]
    assert result.reviews["source_row"].tolist() == [1, 2, 1, 2]  # traceable to the file row
    assert result.rejected.empty
    assert result.stats["b.csv"]["reviews"] == 2


def test_repeats_across_files_are_rejected_and_within_a_file_still_rejected(tmp_path):
    a = write_file(tmp_path, "a.csv", "id,product,text\n1,P1,Lovely colour\n")
    b = write_file(tmp_path, "b.csv", "id,product,text\n1,P1,Lovely colour\n1,P1,Other text\n"
                                  "1,P2,Lovely colour\n")
    result = ingest_reviews([a, b])
    assert result.rejected["reason"].tolist() == [
        "duplicate of review '1' (row 1 in a.csv)",
        "review_id '1' already used by row 1 in b.csv with different content",
        "review_id '1' already used by row 1 in b.csv with different content",
    ]
    assert result.rejected["row"].tolist() == [1, 2, 3]
    assert len(result.reviews) + len(result.rejected) == 4


def test_exact_duplicates_hash_the_long_column_only_where_the_rest_repeats():
    frame = pd.DataFrame({"who": ["a", "a", "a", "b", "a", ""],
                          "text": ["x", "y", "y", "y", "x", ""],
                          "stars": ["5", "5", "5", "5", "5", ""]})
    expected = [-1, -1, 1, -1, 0, -1]  # row 2 repeats row 1 (not row 0, same other cells)
    assert exact_duplicates(frame, "text").tolist() == expected
    assert exact_duplicates(frame).tolist() == expected
    assert exact_duplicates(frame[["text"]], "text").tolist() == [-1, -1, 1, 1, 0, -1]
