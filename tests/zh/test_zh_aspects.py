"""Chinese aspect terms: touching taxonomy terms form one compound with its longest part's
norm and category; offsets stay exact; categorize finds compounds again by their text."""

from __future__ import annotations

import pandas as pd

from analysis.zh import ChineseAspectFinder
from analysis.zh.aspects import parse_taxonomy
from tests.pipeline.zh_tiny import tiny_model

TERMS = parse_taxonomy({"categories": {
    "物流/快递": ["快递", "物流", "送货: 物流"],
    "服务/客服": ["服务", "服务态度", "售后"],
    "屏幕": ["屏幕"],
    "效果": ["效果"],
}})  # fmt: skip


def spans(text: str) -> list[tuple[str, str, str]]:
    found = ChineseAspectFinder(TERMS).find(text)
    assert all(text[m.start : m.end] == m.term for m in found)
    return [(m.term, m.norm, m.category) for m in found]


def test_touching_terms_form_one_compound_named_by_its_longest_part():
    assert spans("快递服务态度很好") == [("快递服务态度", "服务态度", "服务/客服")]
    assert spans("售后服务超好") == [("售后服务", "售后", "服务/客服")]  # equal length: first
    assert spans("屏幕效果清晰") == [("屏幕效果", "屏幕", "屏幕")]
    assert spans("送货快递都很快") == [("送货快递", "物流", "物流/快递")]


def test_separated_terms_stay_apart():
    assert spans("物流很快，服务很好") == [("物流", "物流", "物流/快递"),
                                        ("服务", "服务", "服务/客服")]
    assert spans("快递的服务") == [("快递", "快递", "物流/快递"), ("服务", "服务", "服务/客服")]
    assert spans("没有提到") == []


def test_lookup_and_categorize_resolve_compounds():
    from analysis.zh import ChineseScorer

    finder = ChineseAspectFinder(TERMS)
    assert finder.lookup("快递服务态度").category == "服务/客服"
    assert finder.lookup("送货").norm == "物流"
    assert finder.lookup("快递很好") is None and finder.lookup("其它") is None
    scorer = ChineseScorer(model=tiny_model(), finder=finder)
    mentions = pd.DataFrame({"aspect": ["快递服务态度", "送货", "电池"]})
    out = scorer.categorize(mentions)
    assert out["category"].tolist() == ["服务/客服", "物流/快递", "其他"]
    assert out["aspect_norm"].tolist() == ["服务态度", "物流", "电池"]
