"""What a re-run needs from the store: the last run's key and reviews, its results read back.

``runs.run_key`` fingerprints what decides a run's results besides its reviews (model version,
ReviewLens version, packaged resources, categories in use; see
:func:`analysis.services.rerun.run_key`). When the latest run has the same key and covered
exactly the same reviews, its stored rows are what a fresh analysis would compute again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pandas as pd

from analysis.store import results
from analysis.store.core import Store, register_schema, registered

register_schema("reruns", """
    ALTER TABLE runs ADD COLUMN IF NOT EXISTS run_key VARCHAR;
    -- What the CLI read and wrote, for the up-to-date check: a digest of its input files and
    -- options, the digest of each file it wrote ({"dir": ..., "files": {name: sha256}}) and
    -- the fingerprint of its stored results (reruns.results_digest).
    ALTER TABLE runs ADD COLUMN IF NOT EXISTS inputs_digest VARCHAR;
    ALTER TABLE runs ADD COLUMN IF NOT EXISTS outputs VARCHAR;
    ALTER TABLE runs ADD COLUMN IF NOT EXISTS results_digest VARCHAR;
""")

SENTENCE_COLUMNS = ["review_id", "sentence_index", "start", "end", "text", "p_negative",
                    "p_neutral", "p_positive"]


def save_run_key(store: Store, run_id: str, key: str) -> None:
    """Attach ``key`` to the recorded run ``run_id``."""
    store.execute("UPDATE runs SET run_key = ? WHERE run_id = ?", [key, run_id])


def latest_record(store: Store) -> dict | None:
    """The most recent run as a dict: ``run_id, finished_at, run_key, inputs_digest, inputs``
    (the file names, JSON), ``results_digest`` and the parsed ``summary`` and ``outputs``
    (``None`` where not recorded); ``None`` for a store never analyzed."""
    rows = store.query(
        "SELECT run_id, finished_at, run_key, inputs_digest, inputs, summary, outputs, "
        "results_digest FROM runs "
        "ORDER BY finished_at DESC, started_at DESC LIMIT 1")
    if rows.empty:
        return None
    record = {name: (None if pd.isna(value) else value)
              for name, value in rows.iloc[0].to_dict().items()}
    for name in ("summary", "outputs"):
        record[name] = json.loads(record[name]) if record[name] else None
    return record


def save_run_files(store: Store, run_id: str, inputs_digest: str, outputs: dict) -> None:
    """Attach to run ``run_id`` the digest of what it read, the digests of what it wrote and
    the fingerprint of its stored results."""
    store.execute(
        "UPDATE runs SET inputs_digest = ?, outputs = ?, results_digest = ? WHERE run_id = ?",
        [inputs_digest, json.dumps(outputs, sort_keys=True), results_digest(store, run_id),
         run_id])


def results_digest(store: Store, run_id: str) -> str:
    """Fingerprint of the stored results of run ``run_id``: the count and the XOR of row hashes
    of its review rows and of their aspect mentions (every column the outputs show; the run id
    itself left out, so a repeating run that takes them over keeps the fingerprint)."""
    review_columns = ", ".join(f'r."{c}"' for c in
                               results.REVIEW_COLUMNS + results.REVIEW_EXTRA_COLUMNS)
    aspect_columns = ", ".join(f'a."{c}"' for c in results.ASPECT_COLUMNS)
    with store.session() as con:
        reviews = con.execute(
            f"SELECT count(*), bit_xor(hash({review_columns})) FROM review_results r "
            "WHERE r.run_id = ?", [run_id]).fetchall()[0]
        mentions = con.execute(
            f"SELECT count(*), bit_xor(hash({aspect_columns})) FROM aspects a "
            "JOIN review_results r USING (review_id) WHERE r.run_id = ?", [run_id]).fetchall()[0]
    return ":".join(str(value) for value in (*reviews, *mentions))


def untouched_since(store: Store, run_id: str, finished_at, digest: str | None) -> bool:
    """Whether the store still holds run ``run_id``'s results as it left them (the same
    :func:`results_digest`: nothing removed, forgotten, re-categorized or re-labelled since)
    and no file was imported after it (an import can file a product under another family)."""
    if not digest:
        return False
    later = store.query("SELECT count(*) AS n FROM datasets WHERE imported_at > ?",
                        [pd.Timestamp(finished_at).to_pydatetime()])
    return int(later["n"].iloc[0]) == 0 and results_digest(store, run_id) == digest


def covers_exactly(store: Store, run_id: str, review_ids: Sequence[str]) -> bool:
    """Whether the stored results of run ``run_id`` are those of exactly ``review_ids``, and
    all the reviews that run analysed are still there."""
    ids = pd.DataFrame({"review_id": pd.Series(review_ids, dtype=str).unique()})
    with store.session() as con, registered(con, _ids=ids):
        matched, total = con.execute(
            "SELECT count(i.review_id), count(*) FROM review_results r "
            "LEFT JOIN _ids i USING (review_id) WHERE r.run_id = ?", [run_id]).fetchall()[0]
        # A removed dataset or forgotten author takes rows away: the rest is no longer a run.
        recorded = con.execute(
            "SELECT TRY_CAST(json_extract(summary, '$.counts.reviews') AS BIGINT) FROM runs "
            "WHERE run_id = ?", [run_id]).fetchall()
    analyzed = recorded[0][0] if recorded else None
    return matched == total == analyzed == len(ids) == len(review_ids)


def relabel_run(store: Store, old_run_id: str, new_run_id: str) -> None:
    """The results of ``old_run_id`` now belong to ``new_run_id`` (a re-run that reused them)."""
    store.execute("UPDATE review_results SET run_id = ? WHERE run_id = ?",
                  [new_run_id, old_run_id])


def update_review_fields(store: Store, changed: pd.DataFrame) -> None:
    """Write the ``changed`` input fields (``review_id`` + some of date, rating, title, source)
    over the stored results, the date also on their sentences and mentions."""
    if changed.empty:
        return
    fields = [name for name in changed.columns if name != "review_id"]
    assignments = ", ".join(f'"{name}" = c."{name}"' for name in fields)
    with store.transaction() as con, registered(con, _changed=changed):
        con.execute(f"UPDATE review_results SET {assignments} FROM _changed c "
                    "WHERE review_results.review_id = c.review_id")
        if "date" in fields:
            for table in ("sentences", "aspects"):
                con.execute(f"UPDATE {table} SET date = c.date FROM _changed c "
                            f"WHERE {table}.review_id = c.review_id")


def read_results(store: Store, review_ids: Sequence[str]
                 ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Stored ``(reviews, sentences, aspects)`` of ``review_ids``, reviews in the given order,
    sentences by review then index, aspects by review, sentence and start."""
    order = pd.DataFrame({"review_id": list(review_ids), "position": range(len(review_ids))})
    review_columns = ", ".join(f'r."{c}"' for c in
                               results.REVIEW_COLUMNS + results.REVIEW_EXTRA_COLUMNS)
    sentence_columns = ", ".join(f's."{c}"' for c in SENTENCE_COLUMNS)
    aspect_columns = ", ".join(f'a."{c}"' for c in results.ASPECT_COLUMNS)
    with store.session() as con, registered(con, _order=order):
        reviews = con.execute(
            f"SELECT {review_columns} FROM review_results r JOIN _order o USING (review_id) "
            "ORDER BY o.position").df()
        sentences = con.execute(
            f"SELECT {sentence_columns} FROM sentences s JOIN _order o USING (review_id) "
            "ORDER BY o.position, s.sentence_index").df()
        aspects = con.execute(
            f"SELECT {aspect_columns}, o.position FROM aspects a JOIN _order o USING (review_id) "
            'ORDER BY o.position, a.sentence_index, a.start, a."end"').df()
    return reviews, sentences, aspects
