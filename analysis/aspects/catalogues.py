"""Catalogue taxonomies and the pick of the one that fits a product's aspect terms.

Each file in ``analysis/resources/catalogues`` is a taxonomy (same format as ``--taxonomy``)
shaped for one kind of catalogue: apparel & shoes, food & grocery, electronics, home & kitchen,
beauty & health, restaurants & services, and a ``general`` fallback. A product's catalogue is
the one under which the largest share of its aspect mentions lands in a named category (exact
name/example match or embedding similarity >= the categorizer's threshold); a specific
catalogue must beat ``general`` by ``min_gain`` or ``general`` is used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.aspects.taxonomy import Category, Taxonomy, TaxonomyError, load_taxonomy
from analysis.config import PACKAGE_DIR

CATALOGUE_DIR = PACKAGE_DIR / "resources" / "catalogues"
GENERAL = "general"


@lru_cache(maxsize=1)
def _packaged() -> dict[str, tuple[str, Taxonomy]]:
    found = {}
    for path in sorted(CATALOGUE_DIR.glob("*.yaml")):
        import yaml

        title = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("title", path.stem)
        found[path.stem] = (str(title), load_taxonomy(path))
    return found


def catalogue_names() -> list[str]:
    """Names of the packaged catalogues (``general`` first)."""
    names = list(_packaged())
    return [GENERAL, *[n for n in names if n != GENERAL]]


def catalogue_titles() -> dict[str, str]:
    """``name -> title`` of every packaged catalogue (``food`` -> ``Food & grocery``)."""
    return {name: _packaged()[name][0] for name in catalogue_names()}


def load_catalogue(name: str, extra: Sequence[Category] = ()) -> Taxonomy:
    """The taxonomy of a packaged catalogue, with user-added ``extra`` categories appended."""
    packaged = _packaged()
    if name not in packaged:
        raise TaxonomyError(
            f"unknown catalogue {name!r}; choose one of: {', '.join(catalogue_names())}."
        )
    taxonomy = packaged[name][1]
    known = {n.lower() for n in taxonomy.names}
    added = tuple(c for c in extra if c.name.lower() not in known)
    return Taxonomy(taxonomy.categories + added, taxonomy.synonyms, source=f"catalogue:{name}")


def matched_share(categorizer, terms: Sequence[str]) -> np.ndarray:
    """Per term: 1.0 when it lands in a named category of the fitted ``categorizer``, else 0."""
    terms = list(terms)
    matched = np.zeros(len(terms))
    rest = []
    for i, term in enumerate(terms):
        if categorizer._exact(term) is not None:
            matched[i] = 1.0
        else:
            rest.append(i)
    if rest:
        sims = categorizer.similarities([terms[i] for i in rest]).to_numpy()
        matched[rest] = (sims.max(axis=1) >= categorizer.threshold).astype(float)
    return matched


@dataclass
class CataloguePicker:
    """Scores every catalogue on each product's terms and picks the best fit.

    ``categorizers``: ``catalogue name -> fitted AspectCategorizer``. ``min_gain``: the share a
    specific catalogue must add over ``general``. ``min_mentions``: products with fewer
    mentions take the pick made on all the run's mentions together. ``switch_gain``: the share
    a product's own best catalogue must add over that pooled pick to replace it (a microphone
    among groceries switches; a tea that fits restaurants a little better does not).
    """

    categorizers: Mapping[str, object]
    min_gain: float = 0.03
    min_mentions: int = 30
    switch_gain: float = 0.1

    def scores(self, terms: pd.DataFrame) -> pd.DataFrame:
        """Share of mentions in a named category: products x catalogues.

        ``terms`` has ``product_id, aspect_norm, mentions``; the result has one row per product
        plus ``"*"`` (all products together).
        """
        codes, distinct = pd.factorize(terms["aspect_norm"])  # first-seen order; NaN -> -1
        # Per row of ``terms``: 1.0 when its term is matched; a missing term (code -1) is 0.0.
        hits = {name: np.append(matched_share(cat, list(distinct)), 0.0)[codes]
                for name, cat in self.categorizers.items()}
        weight = terms["mentions"].astype(float).to_numpy()
        by_product = terms.groupby("product_id").indices
        rows = {}
        for product, at in [("*", np.arange(len(terms))), *sorted(by_product.items())]:
            total = weight[at].sum()
            rows[product] = {name: float((hit[at] * weight[at]).sum() / total) if total else 0.0
                             for name, hit in hits.items()}
        return pd.DataFrame.from_dict(rows, orient="index")

    def _best(self, row: pd.Series) -> str:
        specific = row.drop(labels=[GENERAL], errors="ignore")
        if specific.empty:
            return GENERAL
        best = str(specific.idxmax())
        if GENERAL not in row or specific[best] >= row[GENERAL] + self.min_gain:
            return best
        return GENERAL

    def _own(self, row: pd.Series, pooled: str) -> str:
        best = self._best(row)
        return best if row[best] >= row[pooled] + self.switch_gain else pooled

    def pick(self, terms: pd.DataFrame, overrides: Mapping[str, str] | None = None) -> pd.DataFrame:
        """One row per product: ``product_id, catalogue, chosen_by, score, mentions``.

        ``overrides`` maps a product id (or ``"*"`` for every product) to a catalogue name;
        a product's own override beats ``"*"``, which beats the automatic pick.
        """
        overrides = dict(overrides or {})
        scores = self.scores(terms)
        mentions = terms.groupby("product_id")["mentions"].sum()
        pooled = self._best(scores.loc["*"])
        rows = []
        for product, count in mentions.items():
            if product in overrides or "*" in overrides:
                name = overrides.get(product, overrides.get("*"))
                chosen_by = "user"
            else:
                name = self._own(scores.loc[product], pooled) if count >= self.min_mentions \
                    else pooled
                chosen_by = "auto"
            score = scores.at[product, name] if name in scores.columns else float("nan")
            rows.append((product, name, chosen_by, float(score), int(count)))
        return pd.DataFrame(rows, columns=["product_id", "catalogue", "chosen_by", "score",
                                           "mentions"])
