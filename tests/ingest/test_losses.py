"""The loss check: a reason rejecting much of a file stops the import, copies never count."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import RejectionsError, UserInputError
from analysis.ingest import NON_LOSS_PREFIXES, check_losses, find_losses, ingest_reviews
from analysis.ingest.losses import loses_data, reason_kind
from analysis.ingest.reviews import IngestResult


def _result(rows_read: int, reasons: list[str], text: str = "text",
            suggestion: str | None = None) -> IngestResult:
    rejected = pd.DataFrame({"source": "f.csv", "row": range(1, len(reasons) + 1),
                             "reason": reasons})
    stats = {"f.csv": {"rows_read": rows_read, "text_suggestion": suggestion}}
    return IngestResult(pd.DataFrame(), rejected, stats, {"f.csv": {"text": text}})


def test_copies_and_repeated_headers_lose_nothing():
    for prefix in NON_LOSS_PREFIXES:
        assert not loses_data(prefix + " 3 in f.csv")
    assert loses_data("empty review text (column 'text')")
    assert loses_data("review_id '7' already used by row 1 in ids.csv with different content")


def test_reason_kinds_group_rows_whatever_their_numbers():
    assert reason_kind("row has 3 fields but the header has 2") == reason_kind(
        "row has 5 fields but the header has 2")
    assert reason_kind("empty review text (column 'Review Text')") == (
        "empty review text (column 'Review Text')")


def test_more_than_a_fifth_for_one_reason_stops():
    result = _result(20, ["row has 3 fields but the header has 2"] * 5)
    [loss] = find_losses(result)
    assert (loss.source, loss.rows, loss.rows_read) == ("f.csv", 5, 20)
    with pytest.raises(RejectionsError) as info:
        check_losses(result)
    message = str(info.value)
    assert isinstance(info.value, UserInputError)
    assert message.startswith("f.csv: 5 of 20 rows (25%) would be rejected")
    assert "--accept-rejections" in message and "\n" not in message
    assert check_losses(result, accept=True) == [loss]


def test_a_fifth_or_less_and_duplicates_pass():
    assert find_losses(_result(25, ["empty review text (column 'text')"] * 5)) == []
    assert find_losses(_result(10, ["exact duplicate of row 1 in f.csv"] * 9)) == []
    assert find_losses(_result(10, ["variant copy of row 1 (product B2)"] * 9)) == []


def test_tiny_files_stop_only_when_most_rows_are_lost():
    assert find_losses(_result(4, ["empty review text (column 'text')"])) == []
    [loss] = find_losses(_result(3, ["empty review text (column 'text')"] * 2))
    assert loss.rows == 2


def test_empty_text_names_the_column_and_the_flag_to_use():
    result = _result(10, ["empty review text (column 'style.Size Name:')"] * 8,
                     text="style.Size Name:", suggestion="reviewText")
    with pytest.raises(RejectionsError) as info:
        check_losses(result)
    message = str(info.value)
    assert "8 of 10 rows (80%)" in message
    assert "'style.Size Name:' is empty in most of these rows" in message
    assert "--text-col reviewText" in message


def test_forced_wrong_text_column_suggests_the_populated_one(tmp_path):
    path = tmp_path / "shop.csv"
    rows = [f"S{i},{'rare note' if i == 0 else ''},Review number {i} is a real text" for i in
            range(12)]
    path.write_text("sku,note,body\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = ingest_reviews(path, columns={"text": "note"})
    assert result.stats["shop.csv"]["text_suggestion"] == "body"
    [loss] = find_losses(result)
    assert loss.rows == 11 and loss.suggestion == "body"
    assert find_losses(ingest_reviews(path)) == []
