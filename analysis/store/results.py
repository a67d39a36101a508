"""Engine results in the store: sentence cache, analyzed reviews, sentences, aspects, runs.

Tables (all created by :class:`analysis.store.core.Store` on open):
- ``sentence_cache``: model output per distinct sentence text, keyed by ``sha1(version, text)``,
  so no text is ever encoded twice by the same model version;
- ``embeddings``: base-encoder vectors of short texts (aspect terms, category descriptions);
- ``review_results``: one row per analyzed review, with the review fields the dashboard filters
  on (product, date) so reads need no join;
- ``sentences`` and ``aspects``: per-sentence sentiment and per-mention aspects (offsets into the
  review text), denormalised with ``product_id``/``date`` for fast filtered reads;
- ``taxonomy``: the categories in use; ``runs``: one row per ``analyze`` call with its summary.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from analysis.cache_keys import text_key
from analysis.store.core import Store, register_schema, registered

__all__ = ["text_key"]  # re-exported: the store's cache tables are keyed by it
REVIEW_COLUMNS = [
    "review_id", "product_id", "date", "rating", "text", "sentiment", "sentiment_score",
    "p_negative", "p_neutral", "p_positive",
]  # fmt: skip
REVIEW_EXTRA_COLUMNS = ["title", "language", "source"]
ASPECT_COLUMNS = [
    "review_id", "sentence_index", "aspect", "start", "end", "aspect_norm", "category",
    "polarity", "confidence",
]  # fmt: skip

register_schema(
    "results",
    """
    CREATE TABLE IF NOT EXISTS sentence_cache (
        key VARCHAR PRIMARY KEY, model_version VARCHAR, p_negative DOUBLE, p_neutral DOUBLE,
        p_positive DOUBLE, aspects VARCHAR
    );
    CREATE TABLE IF NOT EXISTS embeddings (
        key VARCHAR PRIMARY KEY, model_version VARCHAR, text VARCHAR, vector FLOAT[]
    );
    CREATE TABLE IF NOT EXISTS review_results (
        review_id VARCHAR PRIMARY KEY, product_id VARCHAR, date TIMESTAMP, rating DOUBLE,
        text VARCHAR, sentiment VARCHAR, sentiment_score DOUBLE, p_negative DOUBLE,
        p_neutral DOUBLE, p_positive DOUBLE, title VARCHAR, language VARCHAR, source VARCHAR,
        model_version VARCHAR, run_id VARCHAR
    );
    CREATE TABLE IF NOT EXISTS sentences (
        review_id VARCHAR, sentence_index INTEGER, start INTEGER, "end" INTEGER, text VARCHAR,
        p_negative DOUBLE, p_neutral DOUBLE, p_positive DOUBLE, product_id VARCHAR,
        date TIMESTAMP
    );
    CREATE TABLE IF NOT EXISTS aspects (
        review_id VARCHAR, sentence_index INTEGER, aspect VARCHAR, start INTEGER, "end" INTEGER,
        aspect_norm VARCHAR, category VARCHAR, polarity VARCHAR, confidence DOUBLE,
        product_id VARCHAR, date TIMESTAMP
    );
    CREATE INDEX IF NOT EXISTS aspects_review ON aspects (review_id);
    CREATE INDEX IF NOT EXISTS sentences_review ON sentences (review_id);
    CREATE TABLE IF NOT EXISTS taxonomy (
        position INTEGER, name VARCHAR, description VARCHAR, examples VARCHAR, kind VARCHAR
    );
    CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
        model_version VARCHAR, inputs VARCHAR, summary VARCHAR
    );
    """,
)


# --- sentence cache ---------------------------------------------------------------------------


def lookup_sentences(store: Store, keys: Sequence[str]) -> pd.DataFrame:
    """Cached predictions for ``keys``: columns key, p_negative, p_neutral, p_positive, aspects.

    Aspects are decoded from JSON into lists of dicts; missing keys are simply absent.
    """
    frame = pd.DataFrame({"key": pd.unique(pd.Series(keys, dtype="string"))})
    if frame.empty:
        return pd.DataFrame(columns=["key", "p_negative", "p_neutral", "p_positive", "aspects"])
    found = store.query_frames(
        "SELECT c.key, c.p_negative, c.p_neutral, c.p_positive, c.aspects "
        "FROM sentence_cache c JOIN _lookup_keys k USING (key)",
        _lookup_keys=frame,
    )
    found["aspects"] = [json.loads(value) for value in found["aspects"]]
    return found


def save_sentences_to_cache(store: Store, model_version: str, rows: pd.DataFrame) -> None:
    """Insert new cache rows (key, p_negative, p_neutral, p_positive, aspects as list of dicts)."""
    if rows.empty:
        return
    frame = rows[["key", "p_negative", "p_neutral", "p_positive"]].copy()
    frame["model_version"] = model_version
    frame["aspects"] = [json.dumps(value) for value in rows["aspects"]]
    frame = frame.drop_duplicates("key")
    # Commits on its own: a stopped analysis keeps what it encoded.
    with store.side_transaction() as con, registered(con, _new_cache=frame):
        con.execute(
            "INSERT OR IGNORE INTO sentence_cache "
            "SELECT key, model_version, p_negative, p_neutral, p_positive, aspects "
            "FROM _new_cache"
        )


# --- embeddings cache -------------------------------------------------------------------------


def lookup_embeddings(
    store: Store, model_version: str, texts: Iterable[str]
) -> dict[str, np.ndarray]:
    """Stored vectors for the given texts (those never embedded are absent)."""
    texts = list(dict.fromkeys(texts))
    if not texts:
        return {}
    keys = pd.DataFrame({"key": [text_key(model_version, t) for t in texts]})
    found = store.query_frames(
        "SELECT e.text, e.vector FROM embeddings e JOIN _emb_keys k USING (key)", _emb_keys=keys
    )
    return {
        text: np.asarray(vec, dtype=np.float32)
        for text, vec in zip(found["text"], found["vector"], strict=True)
    }


def save_embeddings(store: Store, model_version: str, vectors: dict[str, np.ndarray]) -> None:
    """Store vectors of texts (idempotent)."""
    if not vectors:
        return
    frame = pd.DataFrame(
        {
            "key": [text_key(model_version, t) for t in vectors],
            "model_version": model_version,
            "text": list(vectors),
            "vector": [np.asarray(v, dtype=np.float32).tolist() for v in vectors.values()],
        }
    )
    with store.side_transaction() as con, registered(con, _new_emb=frame):
        con.execute(
            "INSERT OR IGNORE INTO embeddings "
            "SELECT key, model_version, text, vector::FLOAT[] FROM _new_emb"
        )


# --- analyzed reviews, sentences, aspects -----------------------------------------------------


def save_results(
    store: Store,
    reviews: pd.DataFrame,
    sentences: pd.DataFrame,
    aspects: pd.DataFrame,
    model_version: str,
    run_id: str,
) -> None:
    """Replace the stored results of these reviews (by ``review_id``) in one transaction."""
    review_rows = reviews[REVIEW_COLUMNS + REVIEW_EXTRA_COLUMNS].copy()
    review_rows["model_version"] = model_version
    review_rows["run_id"] = run_id
    keys = reviews[["product_id", "date"]].set_index(reviews["review_id"])
    sentence_rows = sentences[
        [
            "review_id",
            "sentence_index",
            "start",
            "end",
            "text",
            "p_negative",
            "p_neutral",
            "p_positive",
        ]
    ].join(keys, on="review_id")
    aspect_rows = aspects[ASPECT_COLUMNS].join(keys, on="review_id")
    ids = pd.DataFrame({"review_id": reviews["review_id"].astype(str).unique()})
    frames = {"_ids": ids, "_rev": review_rows, "_sen": sentence_rows, "_asp": aspect_rows}
    with store.transaction() as con, registered(con, **frames):
        for table in ("review_results", "sentences", "aspects"):
            con.execute(f"DELETE FROM {table} WHERE review_id IN (SELECT review_id FROM _ids)")
        con.execute("INSERT INTO review_results BY NAME SELECT * FROM _rev")
        con.execute("INSERT INTO sentences BY NAME SELECT * FROM _sen")
        con.execute("INSERT INTO aspects BY NAME SELECT * FROM _asp")


def _filters(products: Sequence[str] | None, start, end, prefix: str = "") -> tuple[str, list]:
    clauses, params = [], []
    if products:
        clauses.append(f"{prefix}product_id IN ({', '.join('?' for _ in products)})")
        params.extend(str(p) for p in products)
    if start is not None:
        clauses.append(f"{prefix}date >= ?")
        params.append(pd.Timestamp(start).to_pydatetime())
    if end is not None:
        clauses.append(f"{prefix}date <= ?")
        params.append(pd.Timestamp(end).to_pydatetime())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def load_analyzed_reviews(
    store: Store, products: Sequence[str] | None = None, start=None, end=None
) -> pd.DataFrame:
    """Analyzed reviews (reviews.csv contract columns, then title, language, source).

    ``start``/``end`` are inclusive dates; reviews without a date are left out when either is
    given. Non-English reviews have empty sentiment columns and their ``language`` set.
    """
    where, params = _filters(products, start, end)
    columns = ", ".join(f'"{c}"' for c in REVIEW_COLUMNS + REVIEW_EXTRA_COLUMNS)
    return store.query(f"SELECT {columns} FROM review_results{where} ORDER BY review_id", params)


def load_aspect_mentions(
    store: Store, products: Sequence[str] | None = None, start=None, end=None
) -> pd.DataFrame:
    """Aspect mentions (aspects.csv contract columns, then product_id, date, sentence text)."""
    where, params = _filters(products, start, end, prefix="a.")
    columns = ", ".join(f'a."{c}"' for c in ASPECT_COLUMNS)
    return store.query(
        f"SELECT {columns}, a.product_id, a.date, s.text AS sentence FROM aspects a "
        "LEFT JOIN sentences s ON s.review_id = a.review_id AND s.sentence_index = a.sentence_index"
        f"{where} ORDER BY a.review_id, a.sentence_index, a.start",
        params,
    )


def load_sentences(store: Store, review_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Stored sentences (review_id, sentence_index, start, end, text, probabilities)."""
    sql = (
        'SELECT review_id, sentence_index, start, "end", text, p_negative, p_neutral, p_positive '
        "FROM sentences"
    )
    if review_ids is None:
        return store.query(sql + " ORDER BY review_id, sentence_index")
    frame = pd.DataFrame({"review_id": list(review_ids)})
    return store.query_frames(
        sql + " JOIN _want USING (review_id) ORDER BY review_id, sentence_index", _want=frame
    )


def distinct_aspect_terms(store: Store) -> pd.DataFrame:
    """Each stored ``aspect_norm`` with its mention count (for re-categorization)."""
    return store.query(
        "SELECT aspect_norm, count(*) AS mentions FROM aspects "
        "GROUP BY aspect_norm ORDER BY mentions DESC"
    )


def update_categories(store: Store, mapping: dict[str, str]) -> int:
    """Set ``category`` of every stored mention from ``aspect_norm -> category``; returns rows."""
    frame = pd.DataFrame({"aspect_norm": list(mapping), "category": list(mapping.values())})
    with store.transaction() as con, registered(con, _cats=frame):
        result = con.execute(
            "UPDATE aspects SET category = c.category FROM _cats c "
            "WHERE aspects.aspect_norm = c.aspect_norm"
        ).fetchall()
    return int(result[0][0]) if result else 0


# --- taxonomy and runs ------------------------------------------------------------------------


def save_taxonomy(store: Store, categories: Sequence[dict]) -> None:
    """Replace the stored taxonomy (dicts with name, description, examples, kind)."""
    frame = pd.DataFrame(
        {
            "position": range(len(categories)),
            "name": [c["name"] for c in categories],
            "description": [c.get("description", "") for c in categories],
            "examples": [json.dumps(list(c.get("examples", []))) for c in categories],
            "kind": [c.get("kind", "taxonomy") for c in categories],
        }
    )
    with store.transaction() as con:
        con.execute("DELETE FROM taxonomy")
        if not frame.empty:
            with registered(con, _tax=frame):
                con.execute("INSERT INTO taxonomy BY NAME SELECT * FROM _tax")


def load_taxonomy_table(store: Store) -> pd.DataFrame:
    """The stored categories in order (name, description, examples list, kind)."""
    frame = store.query("SELECT name, description, examples, kind FROM taxonomy ORDER BY position")
    frame["examples"] = [json.loads(v) for v in frame["examples"]]
    return frame


def record_run(
    store: Store,
    run_id: str,
    started_at: datetime,
    model_version: str,
    inputs: Sequence[str],
    summary: dict,
) -> None:
    """Remember one analyze call and its summary."""
    store.execute(
        "INSERT OR REPLACE INTO runs (run_id, started_at, finished_at, model_version, inputs, "
        "summary) VALUES (?, ?, ?, ?, ?, ?)",
        [
            run_id,
            started_at,
            datetime.now(UTC).replace(tzinfo=None),
            model_version,
            json.dumps(list(inputs)),
            json.dumps(summary, default=str),
        ],
    )


def list_runs(store: Store) -> pd.DataFrame:
    """Past analyze runs, newest first."""
    return store.query("SELECT * FROM runs ORDER BY started_at DESC")
