"""Stage: categorize each product's aspects under the catalogue taxonomy that fits it.

``CatalogueCategorizer`` fits one :class:`AspectCategorizer` per packaged catalogue (prototype
vectors come through the embedding cache, so later runs embed nothing new), picks a catalogue
per product (:class:`CataloguePicker`, user overrides first), maps every term to a category of
its product's catalogue or ``other``, and clusters the frequent unmatched terms into
``suggestions_`` (a DataFrame; never applied as categories).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.aspects.catalogues import CataloguePicker, catalogue_names, load_catalogue
from analysis.aspects.categorize import AspectCategorizer, Embedder, suggest_categories
from analysis.aspects.taxonomy import OTHER, Category, TaxonomyError

TERM_COLUMNS = ["product_id", "aspect_norm", "mentions"]


@dataclass
class CatalogueCategorizer:
    """Per-product catalogue pick + categorization (``fit(embed)``, then ``transform``).

    ``overrides``: ``product_id`` (or ``"*"`` for all products) -> catalogue name.
    ``extra``: user-added categories appended to every catalogue. The remaining fields are
    passed to each :class:`AspectCategorizer` and to the :class:`CataloguePicker`.
    """

    overrides: Mapping[str, str] = field(default_factory=dict)
    extra: Sequence[Category] = ()
    catalogues: Sequence[str] | None = None
    threshold: float = 0.55
    min_cluster_mentions: int = 3
    cluster_similarity: float = 0.7
    min_gain: float = 0.03
    min_mentions: int = 30

    def fit(self, embed: Embedder) -> CatalogueCategorizer:
        """Load and fit every catalogue (and any named in ``overrides``); returns self."""
        names = list(self.catalogues or catalogue_names())
        for wanted in self.overrides.values():
            if wanted not in catalogue_names():
                raise TaxonomyError(
                    f"catalogue override {wanted!r} is not a packaged catalogue; choose one of: "
                    f"{', '.join(catalogue_names())}."
                )
            if wanted not in names:
                names.append(wanted)
        self.categorizers_ = {
            name: AspectCategorizer(
                load_catalogue(name, tuple(self.extra)), threshold=self.threshold,
                min_cluster_mentions=self.min_cluster_mentions,
                cluster_similarity=self.cluster_similarity,
            ).fit(embed)
            for name in names
        }  # fmt: skip
        self.embed_ = embed
        return self

    def categorize_terms(self, terms: pd.DataFrame) -> pd.DataFrame:
        """``product_id, aspect_norm, mentions`` -> the same plus ``catalogue, category``.

        Sets ``choices_`` (one row per product, see :meth:`CataloguePicker.pick`) and
        ``suggestions_``.
        """
        if not hasattr(self, "categorizers_"):
            raise RuntimeError("CatalogueCategorizer is not fitted: call fit(embed) first.")
        terms = terms[TERM_COLUMNS].reset_index(drop=True)
        picker = CataloguePicker(self.categorizers_, self.min_gain, self.min_mentions)
        self.choices_ = picker.pick(terms, self.overrides) if len(terms) else pd.DataFrame(
            columns=["product_id", "catalogue", "chosen_by", "score", "mentions"])
        catalogue_of = dict(zip(self.choices_["product_id"], self.choices_["catalogue"],
                                strict=True))
        out = terms.assign(catalogue=terms["product_id"].map(catalogue_of), category=OTHER)
        unmatched: Counter = Counter()
        for name, group in out.groupby("catalogue"):
            counts = group.groupby("aspect_norm")["mentions"].sum().to_dict()
            categorizer = self.categorizers_[name]
            mapping = categorizer.categorize(list(counts), counts)
            out.loc[group.index, "category"] = group["aspect_norm"].map(mapping).fillna(OTHER)
            unmatched.update({t: counts[t] for t in categorizer.unmatched_})
        self.suggestions_ = suggest_categories(
            list(unmatched), unmatched, self.embed_,
            min_mentions=self.min_cluster_mentions, similarity=self.cluster_similarity,
        )  # fmt: skip
        return out

    def transform(self, mentions: pd.DataFrame) -> pd.DataFrame:
        """Stage form: add ``category`` (needs ``product_id`` and ``aspect_norm`` columns)."""
        mentions = mentions.copy()
        product = mentions["product_id"].fillna("").astype(str)
        keyed = pd.DataFrame({"product_id": product, "aspect_norm": mentions["aspect_norm"]})
        terms = keyed.value_counts().rename("mentions").reset_index()
        mapped = self.categorize_terms(terms)
        lookup = mapped.set_index(["product_id", "aspect_norm"])["category"]
        index = pd.MultiIndex.from_frame(keyed)
        mentions["category"] = lookup.reindex(index).fillna(OTHER).to_numpy()
        return mentions
