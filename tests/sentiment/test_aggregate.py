"""Review-level aggregation of sentence probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.sentiment import NO_SENTENCES, aggregate_review


def test_single_sentence_is_returned_unchanged():
    assert aggregate_review([[0.2, 0.3, 0.5]]) == pytest.approx((0.2, 0.3, 0.5))


def test_decisive_sentence_outweighs_vague_ones_when_sharp():
    probs = [[0.05, 0.05, 0.9], [0.3, 0.4, 0.3], [0.35, 0.3, 0.35]]
    flat = aggregate_review(probs, sharpness=0.0)
    sharp = aggregate_review(probs, sharpness=2.0)
    assert sharp[2] > flat[2]
    assert int(np.argmax(sharp)) == 2


def test_weights_shift_the_result():
    probs = [[0.9, 0.05, 0.05], [0.05, 0.05, 0.9]]
    assert aggregate_review(probs, [10, 1])[0] > aggregate_review(probs, [1, 10])[0]
    assert sum(aggregate_review(probs, [3, 1])) == pytest.approx(1.0)


def test_empty_review_is_neutral_and_zero_weights_fall_back_to_equal():
    assert aggregate_review(np.zeros((0, 3))) == NO_SENTENCES
    assert aggregate_review([[1, 0, 0], [0, 0, 1]], [0, 0]) == pytest.approx((0.5, 0, 0.5))


@pytest.mark.parametrize(
    ("probs", "weights", "message"),
    [([[0.5, 0.5]], None, "shape"), ([[np.nan, 0.5, 0.5]], None, "finite"),
     ([[0.2, 0.3, 0.5]], [1, 2], "weights"), ([[0.2, 0.3, 0.5]], [-1], "non-negative")],
)
def test_bad_input_raises_clear_errors(probs, weights, message):
    with pytest.raises(ValueError, match=message):
        aggregate_review(probs, weights)
