"""Product variants in the store: which product ids each review is shown on, and families.

``reviews.product_id`` is a review's product family (see
:func:`analysis.ingest.identity.variant_copies`); ``review_products(review_id, product_id)``
links it to every variant it was shown on. A later import of an overlapping export files its
reviews under the family the store already has for one of their variants, so neither a copy
nor a family is ever added twice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.store.core import registered

# The family (reviews.product_id) the store already files each variant under.
_STORED_FAMILIES = """
    SELECT p.product_id AS variant, min(r.product_id) AS stored_family
    FROM review_products p JOIN reviews r USING (review_id)
    JOIN _variants v ON v.variant = p.product_id
    GROUP BY p.product_id
"""

_INSERT_LINKS = """
    INSERT INTO review_products
    SELECT DISTINCT l.review_id, l.product_id FROM _links l
    WHERE NOT EXISTS (SELECT 1 FROM review_products p
                      WHERE p.review_id = l.review_id AND p.product_id = l.product_id)
"""


def stored_families(con, reviews: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """File reviews under the family the store already has for one of their variants.

    ``links``: ``_pos, product_id``, the products each review (by position) is shown on.

    A later export may list fewer variants of a family (so its own family id differs) or add
    new ones: each family of the file takes the smallest stored family of its variants.
    """
    if links.empty:
        return reviews
    variants = pd.DataFrame({"variant": links["product_id"].unique()})
    with registered(con, _variants=variants):
        stored = con.execute(_STORED_FAMILIES).df()
    if stored.empty:
        return reviews
    family = reviews["product_id"].to_numpy(dtype=object)
    pairs = pd.DataFrame({"family": family[links["_pos"].to_numpy(dtype=int)],
                          "variant": links["product_id"].to_numpy()}).merge(stored, on="variant")
    moves = pairs.groupby("family")["stored_family"].min()
    moves = moves[moves.index != moves.to_numpy()]
    if moves.empty:
        return reviews
    reviews = reviews.copy()
    reviews["product_id"] = reviews["product_id"].map(lambda p: moves.get(p, p))
    return reviews


def insert_links(con, links: pd.DataFrame, review_ids: np.ndarray) -> None:
    """Record every product each review is shown on (known reviews gain new variants)."""
    if links.empty:
        return
    frame = pd.DataFrame({"review_id": review_ids[links["_pos"].to_numpy(dtype=int)],
                          "product_id": links["product_id"].to_numpy()}).astype(str)
    with registered(con, _links=frame):
        con.execute(_INSERT_LINKS).fetchall()
