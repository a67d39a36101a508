"""The engine reads the bundled sample's phrases right (issue 11: the first screen a new user
sees). The phrase bank is never trained on; this measures the model."""

from __future__ import annotations

import pytest

from data.phrase_bank import phrase_bank
from data.phrases import TEMPLATES


def test_bank_fills_every_template_of_both_polarities():
    bank = phrase_bank()
    assert {(aspect, polarity) for _, polarity, aspect in bank} == {
        (aspect, "positive" if key == "pos" else "negative")
        for aspect, by in TEMPLATES.items() for key in by}
    assert all("{" not in text and text[0].isupper() for text, _, _ in bank)
    assert len({text for text, _, _ in bank}) == len(bank)
    assert phrase_bank() == bank  # seeded


@pytest.mark.model
@pytest.mark.xfail(reason="issue 11 target not reached: the committed model agrees with 78% of "
                          "the bank (see analysis/models/README.md)", strict=False)
def test_engine_agrees_with_the_phrase_bank(review_model):
    from data.phrase_bank import agreement

    score, wrong = agreement(review_model)
    assert score >= 0.95, f"agreement {score:.3f}; disagreeing: {wrong[:10]}"


@pytest.mark.model
@pytest.mark.xfail(reason="issue 11: the committed model reads both support sentences the wrong "
                          "way round (see analysis/models/README.md)", strict=False)
def test_the_support_sentences_of_the_sample(review_model):
    good, bad = review_model.predict(["Customer support replied within an hour and solved it.",
                                      "Support kept us on hold for forty minutes."])
    assert (good.label, bad.label) == ("positive", "negative")
