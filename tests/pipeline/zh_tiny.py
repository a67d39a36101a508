"""A tiny Chinese sentiment model fitted on a few synthetic clauses (tests need no model file)."""

from __future__ import annotations

import numpy as np

from analysis.training.zh import fit
from analysis.zh import ChineseScorer, ChineseSentimentModel

POSITIVE = ["很好", "不错", "很快", "好吃", "满意", "喜欢", "推荐", "划算", "清晰", "耐用"]
NEGATIVE = ["很差", "太慢", "难吃", "失望", "垃圾", "坏了", "退货", "太贵", "模糊", "漏水"]
SUBJECTS = ["物流", "包装", "价格", "质量", "客服", "味道", "屏幕", "电池", "东西", "这次"]


def tiny_model() -> ChineseSentimentModel:
    texts, labels = [], []
    for subject in SUBJECTS:
        for word in POSITIVE:
            texts.append(subject + word)
            labels.append(1)
        for word in NEGATIVE:
            texts.append(subject + word)
            labels.append(0)
    idf, coef, intercept = fit(texts, np.array(labels), c=10.0)
    return ChineseSentimentModel(idf, coef, intercept, "zh-tiny")


def tiny_scorer() -> ChineseScorer:
    return ChineseScorer(model=tiny_model())
