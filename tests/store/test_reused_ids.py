"""Review ids reused by different files: nothing lost, nothing duplicated, stable ids."""

from __future__ import annotations

import duckdb
import pytest

from analysis.errors import IngestError
from analysis.ingest import ingest_reviews
from analysis.services.review_import import import_reviews
from analysis.store.core import Store
from analysis.store.reviews import list_datasets, load_reviews
from tests.files import qualifier_of, write_file

SHOP_A = "id,product,text\n1,P1,Battery lasts two days\n2,P1,Screen scratches easily\n"
SHOP_B = "id,product,text\n1,P1,Strap broke in a week\n2,P2,Great value\n3,P2,Fast delivery\n"


def _texts(store: Store) -> dict[str, str]:
    return dict(store.query("SELECT review_id, text FROM reviews").values.tolist())


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        yield s


def test_second_shop_reusing_ids_is_kept_under_qualified_ids(store, tmp_path):
    a, b = write_file(tmp_path, "a.csv", SHOP_A), write_file(tmp_path, "b.csv", SHOP_B)
    import_reviews(store, ingest_reviews(a))
    summary = import_reviews(store, ingest_reviews(b))
    tag = qualifier_of(b)
    assert (summary.reviews_added, summary.reviews_known, summary.id_conflicts) == (3, 0, 2)
    assert summary.review_ids.tolist() == [f"1{tag}", f"2{tag}", "3"]
    assert "2 kept under a qualified id" in summary.line()
    assert _texts(store) == {
        "1": "Battery lasts two days", "2": "Screen scratches easily",
        f"1{tag}": "Strap broke in a week", f"2{tag}": "Great value", "3": "Fast delivery",
    }
    # the qualifier starts the dataset id, and the id as given is kept
    assert tag[1:] == list_datasets(store).set_index("source").at["b.csv", "dataset_id"][:8]
    originals = store.query("SELECT original_id FROM reviews WHERE review_id = ?", [f"1{tag}"])
    assert originals["original_id"].tolist() == ["1"]


def test_same_id_and_text_is_known_not_duplicated(store, tmp_path):
    a = write_file(tmp_path, "a.csv", SHOP_A)
    update = write_file(tmp_path, "a_update.csv", SHOP_A + "3,P1,Charger missing\n")
    import_reviews(store, ingest_reviews(a))
    summary = import_reviews(store, ingest_reviews(update))
    assert (summary.reviews_added, summary.reviews_known, summary.id_conflicts) == (1, 2, 0)
    assert summary.review_ids.tolist() == ["1", "2", "3"]
    assert len(load_reviews(store)) == 3


def test_reimport_is_skipped_and_maps_to_the_stored_ids(store, tmp_path):
    a, b = write_file(tmp_path, "a.csv", SHOP_A), write_file(tmp_path, "b.csv", SHOP_B)
    import_reviews(store, ingest_reviews(a))
    first = import_reviews(store, ingest_reviews(b))
    again = import_reviews(store, ingest_reviews(b))
    assert again.datasets_skipped == ["b.csv"]
    assert (again.reviews_added, again.id_conflicts, again.ids_qualified) == (0, 0, 2)
    assert again.review_ids.tolist() == first.review_ids.tolist()
    assert len(load_reviews(store)) == 5


def test_updated_export_of_the_second_shop_recognizes_its_rekeyed_reviews(store, tmp_path):
    a, b = write_file(tmp_path, "a.csv", SHOP_A), write_file(tmp_path, "b.csv", SHOP_B)
    b_new = write_file(tmp_path, "b_new.csv", SHOP_B + "4,P2,Colour fades\n")
    import_reviews(store, ingest_reviews(a))
    import_reviews(store, ingest_reviews(b))
    summary = import_reviews(store, ingest_reviews(b_new))
    tag = qualifier_of(b)
    assert (summary.reviews_added, summary.reviews_known, summary.id_conflicts) == (1, 3, 0)
    assert summary.review_ids.tolist() == [f"1{tag}", f"2{tag}", "3", "4"]
    assert len(load_reviews(store)) == 6


def test_both_shops_in_one_ingest_get_the_same_ids_as_one_by_one(store, tmp_path):
    a, b = write_file(tmp_path, "a.csv", SHOP_A), write_file(tmp_path, "b.csv", SHOP_B)
    result = ingest_reviews([a, b])
    assert result.rejected.empty
    summary = import_reviews(store, result)
    tag = qualifier_of(b)
    assert summary.review_ids.tolist() == ["1", "2", f"1{tag}", f"2{tag}", "3"]
    assert (summary.reviews_added, summary.id_conflicts) == (5, 2)
    assert sorted(_texts(store)) == sorted(["1", "2", f"1{tag}", f"2{tag}", "3"])


def test_known_review_is_found_whichever_id_it_got(store, tmp_path):
    """The same review in two files of one run is rejected once; the store holds it once."""
    a, b = write_file(tmp_path, "a.csv", SHOP_A), write_file(tmp_path, "b.csv", SHOP_B)
    again = write_file(tmp_path, "a_copy.csv", "id,product,text\n1,P1,Battery lasts two days\n")
    result = ingest_reviews([a, b, again])
    assert result.rejected["reason"].tolist() == ["duplicate of review '1' (row 1 in a.csv)"]
    import_reviews(store, result)
    assert len(load_reviews(store)) == 5


def test_qualified_id_taken_too_stops_the_import_unchanged(store, tmp_path):
    b = write_file(tmp_path, "b.csv", SHOP_B)
    a = write_file(tmp_path, "a.csv", SHOP_A + f"1{qualifier_of(b)},P9,Looks like a qualified id\n")
    import_reviews(store, ingest_reviews(a))
    before = load_reviews(store)
    with pytest.raises(IngestError, match=r"b\.csv: row 1: review_id '1' is used by another"):
        import_reviews(store, ingest_reviews(b))
    assert len(load_reviews(store)) == len(before) == 3
    assert list_datasets(store)["source"].tolist() == ["a.csv"]


def test_reviews_lost_by_older_versions_are_restored_on_reimport(store, tmp_path):
    a, b = write_file(tmp_path, "a.csv", SHOP_A), write_file(tmp_path, "b.csv", SHOP_B)
    import_reviews(store, ingest_reviews(a))
    import_reviews(store, ingest_reviews(b))
    # What the old import left: b's reviews 1 and 2 not stored, counted as known.
    store.execute("DELETE FROM reviews WHERE review_id LIKE '%@%'")
    store.execute("UPDATE datasets SET reviews_added = 1, reviews_known = 2 "
                  "WHERE source = 'b.csv'")
    summary = import_reviews(store, ingest_reviews(b))
    assert summary.datasets_skipped == ["b.csv"]
    assert (summary.reviews_added, summary.id_conflicts, summary.rejected_added) == (2, 2, 0)
    assert len(load_reviews(store)) == 5
    counts = list_datasets(store).set_index("source").loc["b.csv"]
    assert (counts["reviews_added"], counts["reviews_known"]) == (3, 0)


def test_store_without_original_ids_is_upgraded_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE reviews (review_id VARCHAR PRIMARY KEY, dataset_id VARCHAR, "
        "product_id VARCHAR, product_name VARCHAR, date TIMESTAMP, rating DOUBLE, "
        "title VARCHAR, text VARCHAR, author VARCHAR, verified BOOLEAN, helpful_votes BIGINT, "
        "source VARCHAR, source_row BIGINT)"
    )
    con.execute("INSERT INTO reviews (review_id, product_id, text, source, source_row) "
                "VALUES ('1', 'P1', 'Battery lasts two days', 'a.csv', 1)")
    con.close()
    b = write_file(tmp_path, "b.csv", SHOP_B)
    with Store(path) as store:
        summary = import_reviews(store, ingest_reviews(b))
        assert summary.review_ids.tolist() == [f"1{qualifier_of(b)}", "2", "3"]
        assert _texts(store)["1"] == "Battery lasts two days"
