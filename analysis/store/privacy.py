"""Reviewer identity in the store: a salted hash instead of the name or id, and erasure.

Reviewer names and ids are personal data. The store keeps ``reviews.author_hash`` =
``sha256(salt || ':' || author)`` with a random salt made once per store (``store_meta``), which
is enough to spot repeat reviewers, and keeps ``reviews.author`` (the name or id as read) only
when the user opted in at import (``--keep-author-names``). This is pseudonymization: someone
holding the store file and a list of candidate ids can test them, so the file itself stays
protected (docs/security.md).

:func:`forget_author` removes every review and result of one reviewer in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass

import pandas as pd

from analysis.store.core import Store, register_schema, register_upgrade, registered

register_schema(
    "privacy",
    """
    CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR);
    """,
)

SALT_KEY = "author_salt"
NAMES_KEPT_KEY = "author_names_kept"


def _upgrade(con) -> None:
    """Give the store its salt; hash the authors of stores written before hashing existed.

    Names in such stores were kept without anyone opting in, so they are cleared unless the
    store records an opt-in (``store_meta.author_names_kept``).
    """
    salt = _salt(con)
    pending = con.execute(
        "SELECT count(*) FROM reviews WHERE author IS NOT NULL AND author_hash IS NULL"
    ).fetchall()[0][0]
    if not pending:
        return
    kept = con.execute("SELECT value FROM store_meta WHERE key = ?", [NAMES_KEPT_KEY]).fetchall()
    con.execute(
        "UPDATE reviews SET author_hash = sha256(? || ':' || trim(author)) "
        "WHERE author IS NOT NULL AND author_hash IS NULL", [salt])
    if not kept:
        con.execute("UPDATE reviews SET author = NULL")


register_upgrade("privacy", _upgrade)


def _salt(con) -> str:
    rows = con.execute("SELECT value FROM store_meta WHERE key = ?", [SALT_KEY]).fetchall()
    if rows:
        return rows[0][0]
    salt = secrets.token_hex(32)
    con.execute("INSERT INTO store_meta VALUES (?, ?) ON CONFLICT DO NOTHING", [SALT_KEY, salt])
    return con.execute("SELECT value FROM store_meta WHERE key = ?", [SALT_KEY]).fetchall()[0][0]


def author_salt(store: Store) -> str:
    """This store's salt (made on first use)."""
    with store.session() as con:
        return _salt(con)


def author_hash(salt: str, author: str) -> str:
    """The stored hash of ``author`` (equals DuckDB's ``sha256(salt || ':' || trim(author))``)."""
    return hashlib.sha256(f"{salt}:{author.strip()}".encode()).hexdigest()


def hash_authors_sql(keep_names: bool) -> tuple[str, str]:
    """SQL expressions (author, author_hash) for an insert from a frame aliased ``n``; the
    salt is the statement's first parameter."""
    name = "CAST(n.author AS VARCHAR)" if keep_names else "CAST(NULL AS VARCHAR)"
    hashed = ("CASE WHEN n.author IS NULL OR trim(CAST(n.author AS VARCHAR)) = '' THEN NULL "
              "ELSE sha256(?::VARCHAR || ':' || trim(CAST(n.author AS VARCHAR))) END")
    return name, hashed


def note_names_kept(con) -> None:
    """Record that the user opted in to keeping reviewer names in this store."""
    con.execute("INSERT INTO store_meta VALUES (?, 'yes') ON CONFLICT DO NOTHING",
                [NAMES_KEPT_KEY])


@dataclass
class Erasure:
    """What :func:`forget_author` removed."""

    reviews: int
    sentences: int
    aspects: int
    cached_sentences: int
    quotes: int = 0

    def line(self) -> str:
        return (f"removed {self.reviews} review(s), {self.sentences} sentence(s), "
                f"{self.aspects} aspect mention(s), {self.cached_sentences} cached "
                f"sentence result(s) and {self.quotes} quote(s) in run summaries")


def _scrub(value, texts: list[str]) -> tuple[object, int]:
    """``value`` (parsed JSON) without strings taken from ``texts``; and how many went."""
    if isinstance(value, dict):
        out, gone = {}, 0
        for key, item in value.items():
            out[key], n = _scrub(item, texts)
            gone += n
        return out, gone
    if isinstance(value, list):
        kept, gone = [], 0
        for item in value:
            if isinstance(item, str) and len(item.strip()) >= 8 and any(
                    item.strip() in t or t in item for t in texts):
                gone += 1
                continue
            item, n = _scrub(item, texts)
            kept.append(item)
            gone += n
        return kept, gone
    return value, 0


def _scrub_run_summaries(con, texts: list[str]) -> int:
    """Drop the reviewer's quotes from the stored run summaries (summary.json copies)."""
    removed = 0
    for run_id, summary in con.execute("SELECT run_id, summary FROM runs").fetchall():
        if not summary:
            continue
        cleaned, gone = _scrub(json.loads(summary), texts)
        if gone:
            removed += gone
            con.execute("UPDATE runs SET summary = ? WHERE run_id = ?",
                        [json.dumps(cleaned, ensure_ascii=False), run_id])
    return removed


def forget_author(store: Store, author: str) -> Erasure:
    """Remove every review of ``author`` (the id or name as in the export) and its results.

    One transaction: reviews, review results, sentences, aspect mentions, the model cache
    entries of those sentences no other review shares, and their quotes in stored run
    summaries. Returns the counts.
    """
    from analysis.store.results import text_key

    with store.transaction() as con:
        digest = author_hash(_salt(con), author)
        ids = con.execute(
            "SELECT review_id FROM reviews WHERE author_hash = ? OR trim(author) = ?",
            [digest, author.strip()]).df()
        if ids.empty:
            return Erasure(0, 0, 0, 0)
        with registered(con, _forget=ids):
            own = [t.strip() for t in con.execute(
                "SELECT text FROM sentences WHERE review_id IN (SELECT review_id FROM _forget) "
                "UNION SELECT text FROM reviews WHERE review_id IN "
                "(SELECT review_id FROM _forget)").df()["text"].dropna() if len(t.strip()) >= 8]
            texts = con.execute(
                "SELECT DISTINCT s.text FROM sentences s JOIN _forget f USING (review_id) "
                "WHERE s.text NOT IN (SELECT o.text FROM sentences o "
                "WHERE o.review_id NOT IN (SELECT review_id FROM _forget))").df()
            versions = [r[0] for r in con.execute(
                "SELECT DISTINCT model_version FROM sentence_cache").fetchall()]
            keys = pd.DataFrame({"key": [text_key(v, t) for v in versions
                                         for t in texts["text"]]}, dtype=object)
            counts = []
            for table in ("sentences", "aspects", "review_results", "reviews"):
                counts.append(con.execute(
                    f"DELETE FROM {table} WHERE review_id IN (SELECT review_id FROM _forget)"
                ).fetchall()[0][0])
        cached = 0
        if not keys.empty:
            with registered(con, _forget_keys=keys):
                cached = con.execute("DELETE FROM sentence_cache WHERE key IN "
                                     "(SELECT key FROM _forget_keys)").fetchall()[0][0]
        quotes = _scrub_run_summaries(con, own)
    return Erasure(reviews=counts[3], sentences=counts[0], aspects=counts[1],
                   cached_sentences=cached, quotes=quotes)
