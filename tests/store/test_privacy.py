"""Reviewer identity: salted hash instead of names, opt-in names, `forget`, older stores."""

from __future__ import annotations

import io
import json

import duckdb
import pytest
from pypdf import PdfReader

from analysis.cli import main
from analysis.reports.exports import aspects_export, reviews_export, to_csv_bytes
from analysis.reports.pdf import build_pdf
from analysis.services import reports
from analysis.services import reviews as review_import
from analysis.services import views as view_data
from analysis.store.core import Store
from analysis.store.privacy import author_hash, author_salt
from analysis.store.results import text_key
from tests.pipeline.fakes import FakeModel

PHRASES = ["battery is great", "delivery was slow", "screen looks nice", "price is bad"]


def _write_reviews(path, n: int = 40) -> None:
    rows = ["review_id,product,text,date,rating,reviewer"]
    for i in range(n):
        author = "Erin Example" if i % 10 == 3 else f"user{i % 7}"
        words = f"Zanzibar{i}" if author == "Erin Example" else f"common{i}"
        rows.append(f"r{i},P{i % 2},The {PHRASES[i % 4]}. {words} noted.,2024-03-{i % 28 + 1:02d},"
                    f"{1 + i % 5},{author}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture
def analyzed(tmp_path):
    csv = tmp_path / "reviews.csv"
    _write_reviews(csv)
    db = tmp_path / "p.duckdb"
    with Store(db) as store:
        review_import.analyze_reviews(store, [csv], FakeModel(), columns={"author": "reviewer"})
    return db


def _count(store: Store, sql: str, params=None) -> int:
    return int(store.query(sql, params).iloc[0, 0])


def test_store_keeps_a_salted_hash_not_the_name(analyzed):
    with Store(analyzed) as store:
        assert _count(store, "SELECT count(*) FROM reviews WHERE author IS NOT NULL") == 0
        salt = author_salt(store)
        assert len(salt) == 64
        hashes = store.query("SELECT author_hash FROM reviews WHERE source_row = 4")
        assert hashes.iloc[0, 0] == author_hash(salt, "Erin Example")
        assert _count(store, "SELECT count(DISTINCT author_hash) FROM reviews") == 8  # 7 + Erin
        dump = store.query("SELECT * FROM reviews").to_csv()
        assert "Erin" not in dump


def test_names_are_kept_only_on_request(tmp_path):
    csv = tmp_path / "r.csv"
    _write_reviews(csv, 12)
    with Store(tmp_path / "k.duckdb") as store:
        review_import.analyze_reviews(store, [csv], FakeModel(), columns={"author": "reviewer"},
                             keep_author_names=True)
        assert _count(store, "SELECT count(*) FROM reviews WHERE author = 'Erin Example'") == 1


def test_two_stores_hash_the_same_reviewer_differently(analyzed, tmp_path):
    csv = tmp_path / "again.csv"
    _write_reviews(csv, 12)
    with Store(tmp_path / "other.duckdb") as other:
        review_import.analyze_reviews(other, [csv], FakeModel(), columns={"author": "reviewer"})
        theirs = set(other.query("SELECT author_hash FROM reviews")["author_hash"])
    with Store(analyzed) as store:
        ours = set(store.query("SELECT author_hash FROM reviews")["author_hash"])
    assert not ours & theirs


def test_forget_leaves_no_trace_in_store_exports_or_pdf(analyzed, capsys):
    with Store(analyzed) as store:
        before = view_data.load_review_frames(store)
        assert "Zanzibar3" in to_csv_bytes(reviews_export(before.reviews)).decode()
        ids = set(store.query("SELECT review_id FROM reviews WHERE text LIKE '%Zanzibar%'")
                  ["review_id"])
        assert len(ids) == 4
        sentence_keys = [text_key("fake-1", t) for t in store.query(
            "SELECT text FROM sentences WHERE text LIKE '%Zanzibar%'")["text"]]
        assert _count(store, "SELECT count(*) FROM sentence_cache WHERE key IN "
                      f"({', '.join('?' for _ in sentence_keys)})", sentence_keys) > 0
        total = _count(store, "SELECT count(*) FROM reviews")
    assert main(["forget", "--author", "Erin Example", "--db", str(analyzed)]) == 0
    assert "removed 4 review(s)" in capsys.readouterr().out
    with Store(analyzed) as store:
        assert _count(store, "SELECT count(*) FROM reviews") == total - 4
        for table in ("reviews", "review_results", "sentences", "aspects"):
            assert _count(store, f"SELECT count(*) FROM {table} WHERE review_id IN "
                          f"({', '.join('?' for _ in ids)})", sorted(ids)) == 0, table
        for table, column in (("reviews", "text"), ("review_results", "text"),
                              ("sentences", "text")):
            assert _count(store, f"SELECT count(*) FROM {table} WHERE {column} LIKE "
                          "'%Zanzibar%'") == 0, table
        assert _count(store, "SELECT count(*) FROM sentence_cache WHERE key IN "
                      f"({', '.join('?' for _ in sentence_keys)})", sentence_keys) == 0
        after = view_data.load_review_frames(store)
        exported = (to_csv_bytes(reviews_export(after.reviews))
                    + to_csv_bytes(aspects_export(after.aspects))).decode()
        report = reports.report_data(store)
        trail = store.query("SELECT action, detail FROM audit_log WHERE action = "
                            "'forget_author'")
    assert len(after.reviews) == total - 4
    assert "Zanzibar" not in exported and "Erin" not in exported
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(build_pdf(report))).pages)
    assert "Zanzibar" not in pdf_text and "Erin" not in pdf_text
    assert len(trail) == 1 and "Erin" not in trail["detail"].iloc[0]
    assert _store_dump(analyzed).count("Zanzibar") == 0  # not in any table, runs included


def _store_dump(db) -> str:
    """Every cell of every table as text."""
    with Store(db) as store:
        tables = store.query("SELECT table_name FROM information_schema.tables")["table_name"]
        return "\n".join(store.query(f'SELECT * FROM "{t}"').astype(str).to_csv()
                         for t in tables)


def test_forget_drops_the_reviewers_quotes_from_run_summaries(analyzed):
    with Store(analyzed) as store:
        quote = store.query("SELECT text FROM sentences WHERE text LIKE '%Zanzibar3%'").iloc[0, 0]
        summary = {"products": {"P1": {"weaknesses": [{"quotes": [quote, "Someone else said."
                                                                  " this long enough"]}]}}}
        store.execute("UPDATE runs SET summary = ?", [json.dumps(summary)])
    assert "Zanzibar" in _store_dump(analyzed)
    assert main(["forget", "--author", "Erin Example", "--db", str(analyzed)]) == 0
    dump = _store_dump(analyzed)
    assert "Zanzibar" not in dump and "Someone else said." in dump


def test_forget_an_unknown_reviewer_changes_nothing(analyzed, capsys):
    assert main(["forget", "--author", "nobody", "--db", str(analyzed)]) == 0
    assert "no review of that reviewer" in capsys.readouterr().out


def test_older_store_is_upgraded_to_hashes_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE reviews (review_id VARCHAR PRIMARY KEY, dataset_id VARCHAR, "
        "product_id VARCHAR, product_name VARCHAR, date TIMESTAMP, rating DOUBLE, "
        "title VARCHAR, text VARCHAR, author VARCHAR, verified BOOLEAN, helpful_votes BIGINT, "
        "source VARCHAR, source_row BIGINT)")
    con.execute("INSERT INTO reviews (review_id, product_id, text, author, source, source_row) "
                "VALUES ('1', 'P1', 'Battery lasts', ' old-user ', 'a.csv', 1)")
    con.close()
    with Store(path) as store:
        row = store.query("SELECT author, author_hash FROM reviews").iloc[0]
        assert row["author"] is None or row["author"] != row["author"]  # cleared
        assert row["author_hash"] == author_hash(author_salt(store), "old-user")
    assert main(["forget", "--author", "old-user", "--db", str(path)]) == 0
    with Store(path) as store:
        assert _count(store, "SELECT count(*) FROM reviews") == 0
