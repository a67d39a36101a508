"""The real fine-tuned engine on sentences with clear expected answers."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.encoder import LABELS, SentencePrediction

pytestmark = pytest.mark.model


def test_battery_life_is_positive_with_exact_span(review_model):
    text = "The battery life is great."
    (prediction,) = review_model.predict([text])
    assert prediction.label == "positive"
    assert [(a.term, a.start, a.end, a.polarity) for a in prediction.aspects] == [
        ("battery life", 4, 16, "positive")]
    assert 0.0 < prediction.aspects[0].confidence <= 1.0


def test_crushed_delivery_is_negative(review_model):
    (prediction,) = review_model.predict(["Delivery took three weeks and the box was crushed."])
    assert prediction.label == "negative"
    assert sum(prediction.probs) == pytest.approx(1.0, abs=1e-4)


def test_mixed_sentence_gets_opposite_aspect_polarities(review_model):
    text = "Great food but the service was dreadful!"
    (prediction,) = review_model.predict([text])
    polarities = {a.term: a.polarity for a in prediction.aspects}
    assert polarities == {"food": "positive", "service": "negative"}


def test_results_follow_input_order_and_progress_is_reported(review_model):
    texts = ["Terrible, it broke after a day.", "ok", "I love this coffee, it tastes amazing."]
    calls = []
    predictions = review_model.predict(texts, progress=lambda d, t, s: calls.append((d, t, s)))
    assert [p.label for p in predictions][0] == "negative"
    assert predictions[2].label == "positive"
    assert calls[-1][:2] == (3, 3) and all(isinstance(c[2], str) for c in calls)


TRICKY = [
    "  The   screen\u00a0is bright,\tbut the keyboard… feels cheap!!  ",
    "Café crème was délicieux but the Wi-Fi (5GHz) kept dropping 😡.",
    "The \"sales\" team and the ｆｕｌｌ-width ＴＥＸＴ were rude.",
    "İstanbul-style kebab; the naïve waiter's service was slow.",
    "\n\nThe pizza\r\nwas cold.\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_offsets_always_match_terms_on_tricky_text(review_model, text):
    (prediction,) = review_model.predict([text])
    for aspect in prediction.aspects:
        assert text[aspect.start:aspect.end] == aspect.term
        assert aspect.term == aspect.term.strip() and aspect.term
        assert aspect.polarity in LABELS


def test_empty_inputs(review_model):
    assert review_model.predict([]) == []
    (blank,) = review_model.predict([""])
    assert isinstance(blank, SentencePrediction) and blank.aspects == []
    assert review_model.embed([]).shape == (0, 384)


def test_very_long_sentence_is_truncated_not_failed(review_model):
    text = "The battery life is great and " + "the screen is nice and " * 400 + "the end."
    (prediction,) = review_model.predict([text])
    assert prediction.aspects, "aspects in the kept part are still found"
    assert all(a.end <= len(text) and text[a.start:a.end] == a.term for a in prediction.aspects)
    assert max(a.start for a in prediction.aspects) < 1000  # beyond max_length is not read


def test_embed_is_normalized_base_minilm(review_model):
    vectors = review_model.embed(["The food was tasty.", "The meal was delicious.",
                                  "My laptop battery died."])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_version_names_weights_and_precision(review_model):
    assert review_model.version.startswith("mtl-")
    assert review_model.version.endswith("-int8" if review_model.quantized else "-fp32")
