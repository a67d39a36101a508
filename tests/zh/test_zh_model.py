"""Chinese model file round trip, and aspect terms against the hand labels (shared data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis.training.zh import load_aspect_labels, save
from analysis.zh import ChineseAspectFinder, ChineseSentimentModel
from analysis.zh.sentiment import MODEL_PATH
from tests.pipeline.zh_tiny import tiny_model

LABELS = Path(__file__).resolve().parents[1] / "data" / "zh_aspect_labels.json"


def test_saved_model_predicts_like_the_fitted_one(tmp_path):
    model = tiny_model()
    path = tmp_path / "zh.npz"
    save(path, model.idf, model.coef, model.intercept, model.version)
    loaded = ChineseSentimentModel.load(path)
    texts = ["物流很快", "质量很差", "一般"]
    assert loaded.version == "zh-tiny"
    # IDF is stored in fp16: predictions agree to a few decimals.
    assert np.allclose(loaded.predict_proba(texts), model.predict_proba(texts), atol=1e-2)


def test_missing_model_file_says_how_to_make_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="analysis.training.zh"):
        ChineseSentimentModel.load(tmp_path / "absent.npz")


def test_packaged_model_separates_clear_reviews():
    model = ChineseSentimentModel.load(MODEL_PATH)
    probs = model.predict_proba(["物流很快，包装很好，非常满意", "太难吃了，再也不点了"])
    assert probs[0].argmax() == 2 and probs[1].argmax() == 0


def test_aspect_terms_against_hand_labels():
    labelled = load_aspect_labels(LABELS)
    if labelled is None:
        pytest.skip("shared data (online_shopping_10_cats) not available")
    finder = ChineseAspectFinder()
    tp = fp = fn = 0
    for text, gold in labelled:
        assert all(text[start : start + len(term)] == term for term, start, _ in gold)
        found = {(m.start, m.end) for m in finder.find(text)}
        assert all(text[s:e] for s, e in found)
        spans = {(start, start + len(term)) for term, start, _ in gold}
        tp, fp, fn = tp + len(found & spans), fp + len(found - spans), fn + len(spans - found)
    # Measured by benchmarks/accuracy.py --zh-only; these floors catch a broken lexicon.
    assert tp / (tp + fp) >= 0.7 and tp / (tp + fn) >= 0.6
