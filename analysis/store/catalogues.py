"""Catalogue choices, category suggestions and per-product re-categorization in the store.

Tables (created on open):
- ``catalogue_choice``: the catalogue each product's aspects are categorized under, with
  ``chosen_by`` = ``auto`` (picked from its terms) or ``user`` (an override; product ``"*"``
  overrides every product of the store);
- ``category_suggestions``: clusters of frequent unmatched terms from the last run.
User-added categories live in the ``taxonomy`` table with ``kind = 'extra'``; rows with
``kind = 'taxonomy'`` are a custom taxonomy that replaces the catalogues.
"""

from __future__ import annotations

import json

import pandas as pd

from analysis.store import results
from analysis.store.core import Store, register_schema, registered

ALL_PRODUCTS = "*"
# Before catalogues, every analysis stored the packaged default (these names, in order) as if it
# were chosen; a store holding exactly it has no custom taxonomy.
LEGACY_DEFAULT_NAMES = (
    "quality", "price/value", "delivery/shipping", "packaging", "customer service", "durability",
    "ease of use", "performance", "battery", "size/fit", "noise", "design",
    "setup/installation", "display/screen", "taste/flavor", "comfort",
)  # fmt: skip
CHOICE_COLUMNS = ["product_id", "catalogue", "chosen_by", "score", "mentions"]

register_schema(
    "catalogues",
    """
    CREATE TABLE IF NOT EXISTS catalogue_choice (
        product_id VARCHAR PRIMARY KEY, catalogue VARCHAR, chosen_by VARCHAR, score DOUBLE,
        mentions INTEGER
    );
    CREATE TABLE IF NOT EXISTS category_suggestions (
        position INTEGER, name VARCHAR, examples VARCHAR, mentions INTEGER, terms VARCHAR
    );
    """,
)


def save_choices(store: Store, choices: pd.DataFrame) -> None:
    """Insert or replace the choice rows of these products."""
    if choices.empty:
        return
    frame = choices[CHOICE_COLUMNS].copy()
    frame["product_id"] = frame["product_id"].astype(str)
    with store.transaction() as con, registered(con, _choices=frame):
        con.execute("DELETE FROM catalogue_choice WHERE product_id IN "
                    "(SELECT product_id FROM _choices)")
        con.execute("INSERT INTO catalogue_choice BY NAME SELECT * FROM _choices")


def load_choices(store: Store) -> pd.DataFrame:
    """Every stored choice (``"*"`` first when present), products in order."""
    return store.query(
        "SELECT product_id, catalogue, chosen_by, score, mentions FROM catalogue_choice "
        "ORDER BY product_id <> '*', product_id"
    )


def overrides(store: Store) -> dict[str, str]:
    """``product_id -> catalogue`` for the user's choices (``"*"``: every product)."""
    rows = store.query(
        "SELECT product_id, catalogue FROM catalogue_choice WHERE chosen_by = 'user'"
    )
    return dict(zip(rows["product_id"], rows["catalogue"], strict=True))


def set_override(store: Store, product_id: str, catalogue: str | None) -> None:
    """Make ``catalogue`` the user's choice for a product (``"*"``: all); ``None`` clears it."""
    product_id = str(product_id)
    if catalogue is None:
        store.execute("DELETE FROM catalogue_choice WHERE product_id = ?", [product_id])
        return
    row = pd.DataFrame([{"product_id": product_id, "catalogue": catalogue, "chosen_by": "user",
                         "score": float("nan"), "mentions": 0}])
    save_choices(store, row)


def save_suggestions(store: Store, suggestions: pd.DataFrame) -> None:
    """Replace the stored suggestions (``name, examples, mentions, terms``)."""
    frame = pd.DataFrame(
        {
            "position": range(len(suggestions)),
            "name": suggestions["name"].astype(str).tolist() if len(suggestions) else [],
            "examples": [json.dumps(list(v)) for v in suggestions.get("examples", [])],
            "mentions": [int(v) for v in suggestions.get("mentions", [])],
            "terms": [json.dumps(list(v)) for v in suggestions.get("terms", [])],
        }
    )
    with store.transaction() as con:
        con.execute("DELETE FROM category_suggestions")
        if not frame.empty:
            with registered(con, _sugg=frame):
                con.execute("INSERT INTO category_suggestions BY NAME SELECT * FROM _sugg")


def load_suggestions(store: Store) -> pd.DataFrame:
    """Stored suggestions, most mentioned first (``examples``/``terms`` as lists)."""
    frame = store.query(
        "SELECT name, examples, mentions, terms FROM category_suggestions ORDER BY position"
    )
    for name in ("examples", "terms"):
        frame[name] = [json.loads(v) for v in frame[name]]
    return frame


def terms_by_product(store: Store) -> pd.DataFrame:
    """Each stored (``product_id``, ``aspect_norm``) with its mention count."""
    return store.query(
        "SELECT coalesce(product_id, '') AS product_id, aspect_norm, count(*) AS mentions "
        "FROM aspects GROUP BY ALL ORDER BY mentions DESC, product_id, aspect_norm"
    )


def update_categories_by_product(store: Store, mapped: pd.DataFrame) -> int:
    """Set ``category`` of stored mentions from ``product_id, aspect_norm, category`` rows."""
    frame = mapped[["product_id", "aspect_norm", "category"]]
    with store.transaction() as con, registered(con, _cats=frame):
        result = con.execute(
            "UPDATE aspects SET category = c.category FROM _cats c "
            "WHERE aspects.aspect_norm = c.aspect_norm "
            "AND coalesce(aspects.product_id, '') = c.product_id"
        ).fetchall()
    return int(result[0][0]) if result else 0


def _kind(store: Store, kind: str) -> list[dict]:
    table = results.load_taxonomy_table(store)
    table = table[table["kind"].fillna("taxonomy") == kind]
    return [
        {"name": r.name, "description": r.description or "", "examples": list(r.examples)}
        for r in table.itertuples(index=False)
    ]


def custom_taxonomy(store: Store) -> list[dict]:
    """The custom taxonomy that replaces the catalogues ([] when catalogues are in use)."""
    custom = _kind(store, "taxonomy")
    if tuple(c["name"] for c in custom) == LEGACY_DEFAULT_NAMES:
        return []
    return custom


def extra_categories(store: Store) -> list[dict]:
    """Categories the user added on top of the catalogues."""
    return _kind(store, "extra")


def save_taxonomy_parts(store: Store, custom: list[dict], extra: list[dict]) -> None:
    """Store a custom taxonomy (may be empty) and the extra categories together."""
    records = [{**c, "kind": "taxonomy"} for c in custom] + [{**c, "kind": "extra"} for c in extra]
    results.save_taxonomy(store, records)
