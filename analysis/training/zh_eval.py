"""Evaluation of the Chinese route: leave-one-category-out sentiment and hand-labelled aspects.

Used by ``benchmarks/accuracy.py`` (Chinese rows) and its tests. Sentiment: for each category of
``online_shopping_10_cats``, the shipped recipe (:func:`analysis.training.zh.fit_counts`) and the
plain baseline (``TfidfVectorizer(analyzer="char", ngram_range=(1, 3))`` + default
``LogisticRegression``) are trained on the other categories and tested on a seeded sample of the
held-out one, in the same run. Aspects: the full Chinese route (clause split, clause sentiment,
taxonomy terms mapped back to review offsets) against the hand labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Row = tuple[str, int, str]  # (category, label, review)


@dataclass
class FoldResult:
    """One held-out category: accuracies of the recipe and the baseline on ``n`` test reviews."""

    category: str
    n: int
    train: int
    recipe: float
    baseline: float
    neutral_share: float


def baseline_accuracy(train_texts, train_labels, test_texts, test_labels) -> float:
    """The issue's measured baseline: char 1-3-gram TF-IDF + logistic regression, defaults."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    model = LogisticRegression(max_iter=1000).fit(
        vectorizer.fit_transform(train_texts), train_labels
    )
    return float((model.predict(vectorizer.transform(test_texts)) == test_labels).mean())


def split_folds(
    rows: Sequence[Row],
    test_size: int = 2000,
    train_cap: int | None = None,
    seed: int = 7,
    exclude_from_training: Sequence[str] = (),
) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """``(category, train_index, test_index)`` per category, seeded.

    Test: up to ``test_size`` reviews of the category; train: every other category (less
    ``exclude_from_training``), subsampled to ``train_cap`` rows when given.
    """
    category = np.array([r[0] for r in rows])
    rng = np.random.default_rng(seed)
    folds = []
    for name in sorted(set(category)):
        test = rng.permutation(np.flatnonzero(category == name))[:test_size]
        keep = (category != name) & ~np.isin(category, list(exclude_from_training))
        train = np.flatnonzero(keep)
        if train_cap is not None and len(train) > train_cap:
            train = np.sort(rng.choice(train, train_cap, replace=False))
        folds.append((str(name), train, np.sort(test)))
    return folds


def leave_one_category_out(
    rows: Sequence[Row],
    folds: list[tuple[str, np.ndarray, np.ndarray]],
    with_baseline: bool = True,
    report: Callable[[FoldResult], None] | None = None,
) -> list[FoldResult]:
    """The shipped recipe (and the baseline) trained and tested on each fold."""
    from analysis.training.zh import fit_counts, logits
    from analysis.zh.sentiment import make_vectorizer, three_class

    texts = [r[2] for r in rows]
    labels = np.array([r[1] for r in rows])
    counts = make_vectorizer().transform(texts).tocsr()  # hashed: no fitting, shared by folds
    results = []
    for name, train, test in folds:
        model = fit_counts(counts[train], labels[train])
        scores = logits(model, counts[test])
        recipe = float(((scores > 0).astype(int) == labels[test]).mean())
        neutral = float((three_class(1 / (1 + np.exp(-scores))).argmax(1) == 1).mean())
        base = float("nan")
        if with_baseline:
            base = baseline_accuracy([texts[i] for i in train], labels[train],
                                     [texts[i] for i in test], labels[test])  # fmt: skip
        results.append(FoldResult(name, len(test), len(train), recipe, base, neutral))
        if report is not None:
            report(results[-1])
    return results


@dataclass
class AspectScores:
    """Aspect terms of the full route against hand labels (exact spans in the review text)."""

    reviews: int
    gold: int
    predicted: int
    matched: int
    offsets_exact: int
    polarity_correct: int
    polar_matched: int
    polar_correct: int
    reviews_with_gold: int
    reviews_found: int

    @property
    def precision(self) -> float:
        return self.matched / max(self.predicted, 1)

    @property
    def recall(self) -> float:
        return self.matched / max(self.gold, 1)

    @property
    def polarity_accuracy(self) -> float:
        """Share of matched aspects whose predicted polarity equals the label (3 classes)."""
        return self.polarity_correct / max(self.matched, 1)

    @property
    def polar_accuracy(self) -> float:
        """The same on matched aspects labelled positive or negative."""
        return self.polar_correct / max(self.polar_matched, 1)


def score_aspects(
    labelled: Sequence[tuple[str, list[tuple[str, int, str | None]]]], scorer
) -> AspectScores:
    """Runs ``scorer`` (a :class:`analysis.zh.ChineseScorer`) the way ``analyze`` does.

    Clauses come from the pipeline's splitter, aspect spans are mapped back to review offsets
    by :func:`analysis.pipeline.mentions.map_mentions`; an offset is exact when the review text
    at the mapped span is the term the finder matched in its clause.
    """
    from analysis.pipeline.mentions import map_mentions
    from analysis.pipeline.segment import segment_reviews

    ids = [str(i) for i in range(len(labelled))]
    texts = [text for text, _ in labelled]
    sentences, cleaned = segment_reviews(ids, texts)
    scored = scorer.score(sentences["text"])
    mentions = map_mentions(sentences, scored, cleaned, dict(zip(ids, texts, strict=True)))
    terms = [span["term"] for spans in scored["aspects"] for span in spans]
    exact = int(sum(m == t for m, t in zip(mentions["aspect"], terms, strict=True)))
    found: dict[str, dict[tuple[int, int], str]] = {i: {} for i in ids}
    for row in mentions.itertuples():
        found[row.review_id][(row.start, row.end)] = row.polarity
    counts = dict.fromkeys(("gold", "predicted", "matched", "pol", "polar", "polar_ok"), 0)
    with_gold = found_any = 0
    for review_id, (_, gold) in zip(ids, labelled, strict=True):
        predicted = found[review_id]
        spans = {(start, start + len(term)): polarity for term, start, polarity in gold}
        hits = spans.keys() & predicted.keys()
        counts["gold"] += len(spans)
        counts["predicted"] += len(predicted)
        counts["matched"] += len(hits)
        for span in hits:
            counts["pol"] += predicted[span] == spans[span]
            if spans[span] in ("positive", "negative"):
                counts["polar"] += 1
                counts["polar_ok"] += predicted[span] == spans[span]
        with_gold += bool(spans)
        found_any += bool(hits)
    return AspectScores(
        len(labelled), counts["gold"], counts["predicted"], counts["matched"], exact,
        counts["pol"], counts["polar"], counts["polar_ok"], with_gold, found_any,
    )  # fmt: skip
