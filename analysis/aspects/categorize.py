"""Aspect categorization: taxonomy match by embedding similarity; the rest is ``other``.

A normalized aspect equal to a category's name or example, or whose head (last) word is one
(``"shipping box"`` -> ``box``), joins that category directly. Any other aspect is compared
(cosine) with every prototype text of every category (name, examples, description); the best
category wins when its similarity reaches ``threshold``. What fits no category is ``other``.
Frequent unmatched aspects are grouped by agglomerative clustering into SUGGESTED categories
(:func:`suggest_categories`), which a user may add to the taxonomy; they never become
categories by themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.aspects.taxonomy import OTHER, Taxonomy, load_taxonomy

Embedder = Callable[[Sequence[str]], np.ndarray]


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.clip(norms, 1e-12, None)


@dataclass
class AspectCategorizer:
    """Stage: ``fit(embed)`` learns the category prototypes, ``categorize(terms)`` maps terms.

    ``taxonomy``: categories (default: the packaged general one). ``threshold``: minimum
    cosine similarity to join a category. ``min_cluster_mentions``: an unmatched aspect needs
    this many mentions to seed or join a suggestion. ``cluster_similarity``: average-linkage
    cosine similarity that keeps unmatched aspects in one suggestion. After ``categorize``,
    ``unmatched_`` lists the terms that went to ``other``; ``suggestions(counts)`` clusters them.
    """

    taxonomy: Taxonomy | None = None
    threshold: float = 0.55
    min_cluster_mentions: int = 3
    cluster_similarity: float = 0.7

    def fit(self, embed: Embedder) -> AspectCategorizer:
        """Embed the category prototypes (cached by the embedder); returns self."""
        taxonomy = self.taxonomy if self.taxonomy is not None else load_taxonomy()
        texts, owners = [], []
        for position, category in enumerate(taxonomy.categories):
            for text in category.prototypes():
                texts.append(text)
                owners.append(position)
        self.taxonomy_ = taxonomy
        self.embed_ = embed
        self.prototype_vectors_ = _unit(np.asarray(embed(texts), dtype=np.float32))
        self.prototype_owner_ = np.asarray(owners)
        self.exact_ = {
            t.lower(): taxonomy.categories[o].name for t, o in zip(texts, owners, strict=True)
        }
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "prototype_vectors_"):
            raise RuntimeError("AspectCategorizer is not fitted: call fit(embed) first.")

    def _exact(self, term: str) -> str | None:
        """Category of a term equal to a prototype, or whose head (last) word is one."""
        lowered = term.lower()
        if lowered in self.exact_:
            return self.exact_[lowered]
        head = lowered.rsplit(" ", 1)[-1]
        return self.exact_.get(head) if head != lowered else None

    def similarities(self, terms: Sequence[str]) -> pd.DataFrame:
        """Best similarity of each term to each category (terms x category names)."""
        self._check_fitted()
        names = self.taxonomy_.names
        if not terms:
            return pd.DataFrame(columns=names, dtype=float)
        vectors = _unit(np.asarray(self.embed_(list(terms)), dtype=np.float32))
        sims = vectors @ self.prototype_vectors_.T
        best = np.full((len(terms), len(names)), -1.0, dtype=np.float32)
        for position in range(len(names)):
            columns = self.prototype_owner_ == position
            best[:, position] = sims[:, columns].max(axis=1)
        return pd.DataFrame(best, index=list(terms), columns=names)

    def categorize(
        self, terms: Sequence[str], counts: Mapping[str, int] | None = None
    ) -> dict[str, str]:
        """Map each distinct term to a category name or ``other``."""
        self._check_fitted()
        unique = [t for t in dict.fromkeys(terms) if t]
        counts = counts if counts is not None else Counter(terms)
        mapping: dict[str, str] = {}
        rest = []
        for term in unique:
            exact = self._exact(term)
            if exact is not None:
                mapping[term] = exact
            else:
                rest.append(term)
        if rest:
            sims = self.similarities(rest)
            best_score = sims.max(axis=1)
            best_name = sims.idxmax(axis=1)
            for term in rest:
                mapping[term] = best_name[term] if best_score[term] >= self.threshold else OTHER
        self.unmatched_ = [t for t in unique if mapping[t] == OTHER]
        return mapping

    def suggestions(self, counts: Mapping[str, int]) -> pd.DataFrame:
        """Suggested categories from the last ``categorize`` call's unmatched terms."""
        self._check_fitted()
        return suggest_categories(
            getattr(self, "unmatched_", []), counts, self.embed_,
            min_mentions=self.min_cluster_mentions, similarity=self.cluster_similarity,
        )  # fmt: skip

    def transform(self, mentions: pd.DataFrame) -> pd.DataFrame:
        """Stage form: add ``category`` from ``aspect_norm``; sets ``suggestions_``."""
        mentions = mentions.copy()
        counts = mentions["aspect_norm"].value_counts().to_dict()
        mapping = self.categorize(list(counts), counts)
        self.suggestions_ = self.suggestions(counts)
        mentions["category"] = mentions["aspect_norm"].map(mapping).fillna(OTHER)
        return mentions


SUGGESTION_COLUMNS = ["name", "examples", "mentions", "terms"]


def suggest_categories(
    terms: Sequence[str],
    counts: Mapping[str, int],
    embed: Embedder,
    min_mentions: int = 3,
    similarity: float = 0.7,
    max_examples: int = 5,
) -> pd.DataFrame:
    """Clusters of frequent unmatched terms, offered as new categories (never applied).

    Terms with at least ``min_mentions`` mentions are grouped (average-linkage cosine
    similarity >= ``similarity``). One row per cluster, most mentioned first: ``name`` (its most
    mentioned term), ``examples`` (up to ``max_examples`` terms), ``mentions`` (the cluster's
    total), ``terms`` (all its terms).
    """
    frequent = [t for t in dict.fromkeys(terms) if t and counts.get(t, 0) >= min_mentions]
    if not frequent:
        return pd.DataFrame(columns=SUGGESTION_COLUMNS)
    if len(frequent) == 1:
        labels = np.zeros(1, dtype=int)
    else:
        from sklearn.cluster import AgglomerativeClustering

        vectors = _unit(np.asarray(embed(frequent), dtype=np.float32))
        labels = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average",
            distance_threshold=1.0 - similarity,
        ).fit_predict(vectors)  # fmt: skip
    rows = []
    for label in sorted(set(labels)):
        members = [t for t, lab in zip(frequent, labels, strict=True) if lab == label]
        members.sort(key=lambda t: (-counts.get(t, 0), len(t), t))
        total = int(sum(counts.get(t, 0) for t in members))
        rows.append((members[0], members[:max_examples], total, members))
    frame = pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
    return frame.sort_values(["mentions", "name"], ascending=[False, True], ignore_index=True)
