"""Chinese reviews: clause sentiment from a small offline model, aspects from a lexicon.

The English engine (MiniLM) sees two thirds of Chinese tokens as ``[UNK]``, so Chinese reviews
take their own route inside the same ``ReviewAnalyzer.analyze`` call and produce the same
columns: :mod:`analysis.zh.sentiment` (character n-gram TF-IDF + logistic regression, trained by
``python -m analysis.training.zh``) and :mod:`analysis.zh.aspects` (taxonomy keywords with
exact character offsets).
"""

from analysis.zh.aspects import ChineseAspectFinder, load_zh_taxonomy
from analysis.zh.scorer import ChineseScorer
from analysis.zh.sentiment import ChineseSentimentModel, three_class

__all__ = [
    "ChineseAspectFinder",
    "ChineseScorer",
    "ChineseSentimentModel",
    "load_zh_taxonomy",
    "three_class",
]
