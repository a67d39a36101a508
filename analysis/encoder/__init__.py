"""The review-understanding engine: offline MiniLM with a multi-task adapter.

Use :meth:`ReviewModel.load` then ``predict(sentences)`` for sentence sentiment and aspect terms
with polarity, and ``embed(texts)`` for base-MiniLM sentence embeddings.
"""

from analysis.encoder.multitask import LABELS
from analysis.encoder.predictor import AspectSpan, ReviewModel, SentencePrediction

__all__ = ["LABELS", "AspectSpan", "ReviewModel", "SentencePrediction"]
