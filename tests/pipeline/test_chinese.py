"""Chinese reviews through ``ReviewAnalyzer.analyze``: sentiment, aspects, offsets, categories."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.services.analyzer import ReviewAnalyzer
from analysis.store.core import Store
from analysis.zh import ChineseAspectFinder, load_zh_taxonomy, three_class
from analysis.zh.aspects import parse_taxonomy
from tests.pipeline.fakes import FakeModel
from tests.pipeline.zh_tiny import tiny_scorer

ROWS = [
    ("e1", "P1", "Great battery life! Delivery was fast."),
    ("c1", "P1", "物流很快，包装很好，价格也划算。"),
    ("c2", "P1", "质量很差<br />客服态度很差 电池坏了😡"),
    ("e2", "P2", "The lid is bad. Shipping was late."),
    ("c3", "P2", "味道不错！分量很好，外卖小哥很快"),
    ("s1", "P2", "Muy buena calidad y envío rápido, lo recomiendo a todos."),
]


@pytest.fixture()
def mixed_csv(tmp_path):
    frame = pd.DataFrame(ROWS, columns=["review_id", "product_id", "text"])
    path = tmp_path / "mixed.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture()
def result(mixed_csv):
    model = FakeModel()
    analyzer = ReviewAnalyzer(Store(":memory:"), model, chinese_scorer=tiny_scorer())
    out = analyzer.analyze([mixed_csv])
    out.english_model = model
    return out


def test_each_review_goes_to_its_language_model(result):
    by_id = result.reviews.set_index("review_id")
    assert by_id["language"].to_dict() == {
        "e1": "en", "c1": "zh", "c2": "zh", "e2": "en", "c3": "zh", "s1": "es"}
    assert by_id.loc["c1", "sentiment"] == "positive"
    assert by_id.loc["c2", "sentiment"] == "negative"
    assert by_id.loc["c3", "sentiment"] == "positive"
    assert by_id.loc["e1", "sentiment"] == "positive" and by_id.loc["e2", "sentiment"] == "negative"
    assert pd.isna(by_id.loc["s1", "sentiment"])
    # The English model never sees a Chinese sentence.
    assert not any("物流" in t or "质量" in t for t in result.english_model.predicted)
    assert result.summary["counts"]["unscored_by_language"] == {"es": 1}
    probs = by_id.loc[["c1", "c2", "c3"], ["p_negative", "p_neutral", "p_positive"]]
    assert np.allclose(probs.sum(axis=1), 1.0)


def test_chinese_sentences_are_clauses_with_sentiment(result):
    sentences = result.sentences[result.sentences["review_id"] == "c2"]
    assert sentences["text"].tolist() == ["质量很差", "客服态度很差", "电池坏了😡"]
    assert (sentences["p_negative"] > sentences["p_positive"]).all()


def test_chinese_aspects_have_exact_offsets_polarity_and_categories(result):
    text = result.reviews.set_index("review_id")["text"]
    zh = result.aspects[result.aspects["review_id"].str.startswith("c")]
    for row in result.aspects.itertuples():
        assert text[row.review_id][row.start : row.end] == row.aspect
    found = {(r.review_id, r.aspect): (r.category, r.polarity) for r in zh.itertuples()}
    assert found[("c1", "物流")] == ("物流/快递", "positive")
    assert found[("c1", "包装")] == ("包装", "positive")
    assert found[("c1", "价格")] == ("价格/性价比", "positive")
    assert found[("c2", "质量")] == ("质量", "negative")
    assert found[("c2", "客服态度")] == ("服务/客服", "negative")  # the longest term wins
    assert found[("c2", "电池")] == ("电池", "negative")
    assert found[("c3", "外卖小哥")][0] == "物流/快递"
    assert found[("c3", "分量")][0] == "分量"
    norms = zh.set_index("aspect")["aspect_norm"].to_dict()
    assert norms["外卖小哥"] == "外卖小哥" and norms["物流"] == "物流"
    # English aspects still come from the English chain.
    assert set(result.aspects.loc[result.aspects["review_id"] == "e1", "aspect"]) >= {"Delivery"}


def test_finder_prefers_the_longest_term_and_keeps_offsets():
    finder = ChineseAspectFinder()
    text = "服务态度好，外包装有点破，质量一般"
    matches = finder.find(text)
    assert [m.term for m in matches] == ["服务态度", "外包装", "质量"]
    assert all(text[m.start : m.end] == m.term for m in matches)
    assert [m.category for m in matches] == ["服务/客服", "包装", "质量"]


def test_packaged_taxonomy_covers_the_issue_categories():
    categories = {t.category for t in load_zh_taxonomy().values()}
    assert {"物流/快递", "包装", "价格/性价比", "质量", "服务/客服", "口味/味道", "分量", "外观",
            "尺码", "电池"} <= categories


def test_taxonomy_synonyms_and_errors():
    terms = parse_taxonomy({"categories": {"物流": ["快递", "送达: 送货", {"到货": "送货"}]}})
    assert terms["送达"].norm == "送货" and terms["到货"].norm == "送货"
    assert terms["快递"].norm == "快递"
    with pytest.raises(ValueError, match="both"):
        parse_taxonomy({"categories": {"a": ["物流"], "b": ["物流"]}})
    with pytest.raises(ValueError, match="categories"):
        parse_taxonomy({"terms": []})


def test_three_class_neutral_band():
    probs = three_class(np.array([0.02, 0.5, 0.55, 0.7, 0.98]))
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert probs.argmax(axis=1).tolist() == [0, 1, 1, 2, 2]
