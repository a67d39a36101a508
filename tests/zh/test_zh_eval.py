"""The Chinese evaluation helpers on small synthetic data (no shared data needed)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.training.zh_eval import leave_one_category_out, score_aspects, split_folds
from tests.pipeline.zh_tiny import NEGATIVE, POSITIVE, SUBJECTS, tiny_scorer


def corpus() -> list[tuple[str, int, str]]:
    """Three categories of short reviews; each uses its own subjects, all share opinion words."""
    rows = []
    for index, category in enumerate(("甲", "乙", "丙")):
        for subject in SUBJECTS[3 * index : 3 * index + 4]:
            rows += [(category, 1, subject + word) for word in POSITIVE]
            rows += [(category, 0, subject + word) for word in NEGATIVE]
    return rows


def test_folds_hold_out_each_category_and_cap_training():
    rows = corpus()
    category = np.array([r[0] for r in rows])
    folds = split_folds(rows, test_size=30, train_cap=50, exclude_from_training=("丙",))
    assert [name for name, _, _ in folds] == ["丙", "乙", "甲"]
    for name, train, test in folds:
        assert set(category[test]) == {name} and len(test) == 30
        assert name not in set(category[train]) and "丙" not in set(category[train])
        assert len(train) == 50 and len(set(train)) == 50
    again = split_folds(rows, test_size=30, train_cap=50, exclude_from_training=("丙",))
    for (_, train, test), (_, train2, test2) in zip(folds, again, strict=True):
        assert (train == train2).all() and (test == test2).all()


def test_leave_one_category_out_learns_opinion_words_across_categories():
    rows = corpus()
    seen = []
    results = leave_one_category_out(rows, split_folds(rows, test_size=80), report=seen.append)
    assert [r.category for r in results] == ["丙", "乙", "甲"] == [r.category for r in seen]
    for r in results:
        assert r.n == 80 and r.train == len(rows) - 80
        # Subjects of the held-out category are new; the shared opinion words carry it.
        assert r.recipe >= 0.9 and r.baseline >= 0.9
        assert 0.0 <= r.neutral_share <= 1.0


def test_aspect_scores_count_spans_offsets_and_polarity():
    labelled = [
        # Both clauses found (物流 positive, 质量 negative); 摇杆 is not a taxonomy term.
        ("物流很快，质量很差", [("物流", 0, "positive"), ("质量", 5, "negative")]),
        ("  摇杆很好，包装很好", [("摇杆", 2, "positive"), ("包装", 7, "neutral")]),
        ("这次很满意", []),
    ]
    scores = score_aspects(labelled, tiny_scorer())
    assert (scores.reviews, scores.gold) == (3, 4)
    assert scores.matched == 3 and scores.recall == pytest.approx(3 / 4)
    assert scores.predicted >= 3 and scores.offsets_exact == scores.predicted
    # 包装很好 is predicted positive but labelled neutral: wrong in 3 classes, not counted
    # among the positive/negative labels.
    assert scores.polarity_correct == 2 and scores.polar_matched == 2 and scores.polar_correct == 2
    assert (scores.reviews_with_gold, scores.reviews_found) == (2, 2)
