"""Ingest a corpus of awkward real-world exports and check exact counts, texts, dates, ratings."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.errors import IngestError, UserInputError
from analysis.ingest import REVIEW_COLUMNS, ingest_reviews
from tests.ingest.corpus import CASES as BASE_CASES
from tests.ingest.corpus import FAILING as BASE_FAILING
from tests.ingest.corpus import Case
from tests.ingest.corpus_hostile import HOSTILE_CASES, HOSTILE_FAILING

CASES = BASE_CASES + HOSTILE_CASES
FAILING = BASE_FAILING + HOSTILE_FAILING


def test_corpus_is_large_enough():
    assert len(CASES) + len(FAILING) >= 40
    assert len({c.name for c in CASES} | {f[0] for f in FAILING}) == len(CASES) + len(FAILING)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_ingest_case(case: Case, tmp_path):
    path = case.write(tmp_path)
    result = ingest_reviews(path)
    source = path.name

    assert len(result.reviews) == case.reviews
    assert len(result.rejected) == case.rejected
    stats = result.stats[source]
    assert stats["rows_read"] == case.reviews + case.rejected
    assert stats["reviews"] == case.reviews and stats["rejected"] == case.rejected
    assert list(result.reviews.columns) == REVIEW_COLUMNS
    for field, column in case.mapping.items():
        assert result.mappings[source][field] == column, field
    if case.texts is not None:
        assert result.reviews["text"].tolist() == case.texts
    if case.ratings is not None:
        got = result.reviews["rating"].tolist()
        assert len(got) == len(case.ratings)
        for value, expected in zip(got, case.ratings, strict=True):
            if isinstance(expected, float) and math.isnan(expected):
                assert math.isnan(value)
            else:
                assert value == pytest.approx(expected)
    if case.dates is not None:
        expected = [pd.Timestamp(d) if d else pd.NaT for d in case.dates]
        assert result.reviews["date"].tolist() == expected
    if case.reasons is not None:
        reasons = result.rejected["reason"].tolist()
        assert len(reasons) == len(case.reasons)
        for reason, fragment in zip(reasons, case.reasons, strict=True):
            assert fragment in reason
    # every input row is accounted for exactly once
    rows = sorted(result.reviews["source_row"].tolist() + result.rejected["row"].tolist())
    assert rows == list(range(1, case.reviews + case.rejected + 1))


@pytest.mark.parametrize("name,write,fragment", FAILING, ids=[f[0] for f in FAILING])
def test_unusable_file_raises_actionable_error(name, write, fragment, tmp_path):
    path = write(tmp_path)
    with pytest.raises(IngestError) as info:
        ingest_reviews(path)
    message = str(info.value)
    assert message.startswith(path.name)
    assert fragment in message
    assert "\n" not in message  # one paragraph


def test_no_text_column_error_lists_columns(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("id,rating,votes\n1,5,3\n2,4,0\n")
    with pytest.raises(IngestError, match="'id', 'rating', 'votes'"):
        ingest_reviews(path)


def test_stats_count_unreadable_and_missing_values(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text("text,rating,date\nA,5,2024-01-01\nB,n/a,soon\nC,,\nD,4,2024-01-02\n")
    stats = ingest_reviews(path).stats["mixed.csv"]
    assert stats["ratings_unparsed"] == 1 and stats["ratings_missing"] == 1
    assert stats["dates_unparsed"] == 1 and stats["dates_missing"] == 1


def test_overlapping_exports_in_one_run_reject_the_repeats(tmp_path):
    header = "product,text,date,author\n"
    rows = [f"P{i % 3},Review number {i} about the product,2024-01-{i + 1:02d},user{i}\n"
            for i in range(8)]
    first = tmp_path / "jan_a.csv"
    second = tmp_path / "jan_b.csv"
    first.write_text(header + "".join(rows[:5]))
    second.write_text(header + "".join(rows[3:]))
    result = ingest_reviews([first, second])
    assert len(result.reviews) == 8
    assert result.rejected["source"].tolist() == ["jan_b.csv", "jan_b.csv"]
    assert result.rejected["row"].tolist() == [1, 2]
    assert "(row 4 in jan_a.csv)" in result.rejected["reason"].iloc[0]
    # stable ids do not depend on the file they came from
    ids_a = ingest_reviews(first).reviews.set_index("text")["review_id"]
    ids_b = ingest_reviews(second).reviews.set_index("text")["review_id"]
    shared = ids_a.index.intersection(ids_b.index)
    assert len(shared) == 2
    assert (ids_a[shared] == ids_b[shared]).all()


def test_longest_free_text_column_wins_when_ambiguous(tmp_path):
    path = tmp_path / "two_texts.csv"
    path.write_text("review,comment\nShort one,This is the longer free text column\n"
                    "Short two,Another much longer free text value here\n")
    assert ingest_reviews(path).mappings["two_texts.csv"]["text"] == "comment"


def test_column_override_wins(tmp_path):
    path = tmp_path / "unnamed.csv"
    path.write_text("a,b\nShort one,This is the longer free text column\n"
                    "Short two,Another much longer free text value here\n")
    assert ingest_reviews(path).mappings["unnamed.csv"]["text"] == "b"
    forced = ingest_reviews(path, columns={"text": "a"})
    assert forced.reviews["text"].tolist() == ["Short one", "Short two"]


def test_override_naming_missing_column_is_explained(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("text,rating\nGood,5\n")
    with pytest.raises(IngestError, match="'Stars' given for rating is not in the file"):
        ingest_reviews(path, columns={"rating": "Stars"})


def test_progress_callback_reaches_total(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("text\nGood\n")
    calls = []
    ingest_reviews([path, path], progress=lambda d, t, s: calls.append((d, t, s)))
    assert calls[-1][0] == calls[-1][1]
    assert {s for _, _, s in calls} == {"read", "dedupe"}


def test_stats_count_only_the_reviews_kept_after_cross_file_duplicates(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("text,rating\nGood value,5\nBroke fast,\n")
    second.write_text("text,rating,extra\nGood value,5,x\nBroke fast,,y\nNew one,oops,z\n")
    result = ingest_reviews([first, second])
    stats = result.stats["b.csv"]
    assert (stats["reviews"], stats["rejected"]) == (1, 2)
    assert (stats["ratings_missing"], stats["ratings_unparsed"]) == (0, 1)
    assert result.stats["a.csv"]["ratings_missing"] == 1
    assert not any(c.startswith("_") for c in result.reviews.columns)


def test_no_inputs_is_a_user_error():
    with pytest.raises(UserInputError, match="no input files"):
        ingest_reviews([])
