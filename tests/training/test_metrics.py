"""Scoring of sentiment and aspects."""

from __future__ import annotations

import math

import pytest

from analysis.encoder import AspectSpan, SentencePrediction
from analysis.training.data import Aspect, Example
from analysis.training.metrics import aspect_scores, selection_score, sentiment_scores


def test_sentiment_scores_accuracy_and_macro_f1():
    scores = sentiment_scores(["positive", "negative", "neutral", "positive"],
                              ["positive", "negative", "positive", "positive"])
    assert scores["accuracy"] == 0.75
    # F1: positive 0.8, negative 1.0, neutral 0.0
    assert scores["macro_f1"] == pytest.approx((0.8 + 1.0 + 0.0) / 3)
    assert math.isnan(sentiment_scores([], [])["accuracy"])


def _span(text, term, polarity):
    start = text.index(term)
    return AspectSpan(start, start + len(term), term, polarity, (0.0, 0.0, 1.0), 1.0)


def test_aspect_scores_exact_span_polarity_and_joint():
    text = "Great food but the service was slow and the price ok."
    example = Example(text, "semeval-restaurants", "g", aspects=[
        Aspect(6, 10, "food", "positive"),
        Aspect(19, 26, "service", "negative"),
        Aspect(44, 49, "price", None),  # conflict: found counts, polarity not judged
    ])
    prediction = SentencePrediction((0.1, 0.1, 0.8), [
        _span(text, "food", "positive"),
        _span(text, "service", "positive"),   # right span, wrong polarity
        _span(text, "price", "neutral"),
        _span(text, "slow", "negative"),      # not an aspect
    ])
    scores = aspect_scores([example], [prediction])
    assert scores["precision"] == pytest.approx(3 / 4)
    assert scores["recall"] == pytest.approx(3 / 3)
    assert scores["polarity_n"] == 2
    assert scores["polarity_accuracy"] == pytest.approx(0.5)
    # joint: judged predictions food(ok), service(wrong), slow(wrong) -> P=1/3; gold 2 -> R=1/2
    assert scores["joint_f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_gold_spans_are_trimmed_like_predictions():
    text = "uninstall\xa0 was hard"
    example = Example(text, "semeval-laptops", "g", aspects=[Aspect(0, 10, "uninstall\xa0",
                                                                   "negative")])
    prediction = SentencePrediction((1.0, 0.0, 0.0), [_span(text, "uninstall", "negative")])
    assert aspect_scores([example], [prediction])["f1"] == 1.0


def test_selection_score_ignores_missing_parts():
    scores = {"sentiment_short": {"accuracy": 0.8},
              "aspects_laptops": {"f1": 0.6, "polarity_accuracy": float("nan")}}
    assert selection_score(scores) == pytest.approx(0.7)
