"""Removing one dataset: its reviews, results and rejected rows go in one transaction; other
datasets, their qualified ids and the shared sentence cache stay."""

from __future__ import annotations

import pytest

from analysis.services import datasets as service
from analysis.services.analyzer import ReviewAnalyzer
from analysis.store import datasets as store_datasets
from analysis.store.core import Store
from tests.files import qualifier_of, write_file
from tests.pipeline.fakes import FakeModel

# Shop B reuses shop A's id 1 (kept as 1@<hash of B>) and has one row without text.
SHOP_A = ("id,product,text\n1,P1,Great battery life.\n2,P1,The screen is bad.\n"
          "3,P2,Delivery was late.\n")
SHOP_B = "id,product,text\n1,P3,Nice price and fast shipping.\n4,P3,\n5,P3,Lids leaks.\n"
TABLES = ["datasets", "reviews", "rejected", "review_results", "sentences", "aspects",
          "sentence_cache", "embeddings", "dataset_labels"]


def counts(store: Store) -> dict[str, int]:
    return {t: int(store.query(f"SELECT count(*) AS n FROM {t}")["n"].iloc[0]) for t in TABLES}


def per_dataset(store: Store, ds: str) -> dict[str, int]:
    """Rows of each dataset-owned table that belong to ``ds`` (directly or by review)."""
    mine = "(SELECT review_id FROM reviews WHERE dataset_id = ?)"
    found = {t: int(store.query(f"SELECT count(*) AS n FROM {t} WHERE review_id IN {mine}",
                                [ds])["n"].iloc[0])
             for t in ("review_results", "sentences", "aspects")}
    for table in ("datasets", "reviews", "rejected"):
        found[table] = int(store.query(f"SELECT count(*) AS n FROM {table} WHERE dataset_id = ?",
                                       [ds])["n"].iloc[0])
    return found


@pytest.fixture()
def two_shops(tmp_path):
    a = write_file(tmp_path, "shop_a.csv", SHOP_A)
    b = write_file(tmp_path, "shop_b.csv", SHOP_B)
    with Store(tmp_path / "s.duckdb") as store:
        ReviewAnalyzer(store, FakeModel()).analyze([a])
        ReviewAnalyzer(store, FakeModel()).analyze([b])
        frame = service.list_datasets(store).set_index("source")
        yield store, frame.at["shop_a.csv", "dataset_id"], frame.at["shop_b.csv", "dataset_id"], b


def test_listing_counts_rows_kept_and_rejected(two_shops):
    store, ds_a, ds_b, _ = two_shops
    frame = service.list_datasets(store).set_index("dataset_id")
    assert list(frame.columns) == [c for c in service.LIST_COLUMNS if c != "dataset_id"]
    assert frame.loc[ds_a, ["rows", "kept", "rejected"]].tolist() == [3, 3, 0]
    assert frame.loc[ds_b, ["rows", "kept", "rejected"]].tolist() == [3, 2, 1]
    assert not frame["sample"].any()


def test_remove_deletes_every_row_of_the_dataset_and_nothing_else(two_shops):
    store, ds_a, ds_b, b = two_shops
    before, a_rows, b_rows = counts(store), per_dataset(store, ds_a), per_dataset(store, ds_b)
    assert all(a_rows[t] > 0 for t in ("reviews", "review_results", "sentences", "aspects"))
    assert b_rows["rejected"] == 1

    removed = store_datasets.remove_dataset(store, ds_a)

    after = counts(store)
    for table, n in a_rows.items():
        assert after[table] == before[table] - n, table
        assert removed.counts[table] == n, table
    assert per_dataset(store, ds_a) == dict.fromkeys(a_rows, 0)
    assert per_dataset(store, ds_b) == b_rows  # the other shop untouched
    # the caches keyed by text hash are shared: kept whole
    assert after["sentence_cache"] == before["sentence_cache"]
    assert after["embeddings"] == before["embeddings"]
    # shop B's review kept under its qualified id keeps it, though the clash is gone
    ids = set(store.query("SELECT review_id FROM reviews")["review_id"])
    assert ids == {"1" + qualifier_of(b), "5"}


def test_a_failure_midway_rolls_the_whole_removal_back(two_shops, monkeypatch):
    store, ds_a, _, _ = two_shops
    before = counts(store)
    # the review-keyed deletes run, then a table that does not exist fails the transaction
    monkeypatch.setattr(store_datasets, "DATASET_TABLES",
                        ("rejected", "reviews", "no_such_table", "datasets"))
    with pytest.raises(Exception, match="no_such_table"):
        store_datasets.remove_dataset(store, ds_a)
    assert counts(store) == before


def test_names_resolve_by_id_prefix_or_file_and_ambiguity_is_an_error(two_shops, tmp_path):
    store, ds_a, ds_b, _ = two_shops
    assert service.resolve_dataset(store, ds_a)["source"] == "shop_a.csv"
    assert service.resolve_dataset(store, ds_b[:6])["dataset_id"] == ds_b
    assert service.resolve_dataset(store, "shop_b.csv")["dataset_id"] == ds_b
    with pytest.raises(service.DatasetNotFound, match="no dataset is called 'nope'") as err:
        service.resolve_dataset(store, "nope")
    assert ds_a in str(err.value) and "shop_b.csv" in str(err.value)
    # two imports of files with the same name (different bytes) are ambiguous by name
    other = tmp_path / "again"
    other.mkdir()
    ReviewAnalyzer(store, FakeModel()).analyze(
        [write_file(other, "shop_a.csv", "id,product,text\n9,P9,Good fit.\n")])
    with pytest.raises(service.DatasetNotFound, match="matches 2 datasets") as err:
        service.resolve_dataset(store, "shop_a.csv")
    assert len(err.value.candidates) == 2 and ds_a in str(err.value)


@pytest.fixture()
def small_sample(tmp_path, monkeypatch):
    """The bundled sample replaced by 3 reviews and 12 monthly sales of P1."""
    from analysis.services import sample

    reviews = write_file(tmp_path, "sample_reviews.csv", SHOP_A)
    sales = write_file(tmp_path, "sample_sales.csv", "date,product,units\n" + "".join(
        f"2024-{m:02d}-01,P1,{10 + m}\n" for m in range(1, 13)))
    monkeypatch.setattr(sample, "SAMPLE_REVIEWS", reviews)
    monkeypatch.setattr(sample, "SAMPLE_SALES", sales)
    service._file_dataset_id.cache_clear()
    yield
    service._file_dataset_id.cache_clear()


def test_removing_the_sample_removes_its_sales_and_remembers_the_choice(tmp_path, small_sample):
    from analysis.services import views as view_data
    from analysis.store import sales as sales_store

    with Store(tmp_path / "sample.duckdb") as store:
        assert service.bootstrap_sample(store, FakeModel())
        listed = service.list_datasets(store)
        assert listed["sample"].tolist() == [True]
        assert not service.bootstrap_sample(store, FakeModel())  # not empty: nothing to do
        removal = service.remove_dataset(store, str(listed["dataset_id"].iloc[0]))
        assert removal.sample and removal.removed.reviews == 3 and removal.sales_rows == 12
        assert sales_store.load_sales(store).empty and sales_store.load_forecast(store).empty
        assert service.sample_removed(store) and not view_data.has_reviews(store)
        assert not service.bootstrap_sample(store, FakeModel())  # the choice is remembered
        assert service.list_datasets(store).empty


def test_a_sample_analyzed_before_labels_existed_is_still_found_with_its_sales(
        tmp_path, small_sample):
    from analysis.services import sample
    from analysis.store import sales as sales_store

    with Store(tmp_path / "old.duckdb") as store:
        sample.analyze_sample(store, FakeModel())  # the old bootstrap: no label, no series kept
        import_other = sales_store.load_sales(store).assign(unique_id="MINE")
        sales_store.save_sales(store, import_other)  # the user's own series stays
        listed = service.list_datasets(store)
        assert listed["sample"].tolist() == [True]  # recognized by its bytes
        removal = service.remove_dataset(store, "sample_reviews.csv")
        assert removal.sample and removal.sales_rows == 12
        assert sales_store.load_sales(store)["unique_id"].unique().tolist() == ["MINE"]
