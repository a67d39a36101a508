"""The review-understanding engine: offline MiniLM with a multi-task adapter.

Use :meth:`ReviewModel.load` then ``predict(sentences)`` for sentence sentiment and aspect terms
with polarity, and ``embed(texts)`` for base-MiniLM sentence embeddings. The names below are
imported on first use (:mod:`analysis.lazy_exports`): :mod:`analysis.encoder.version` tells a
model's version without importing torch.
"""

from analysis.lazy_exports import lazy_exports

_EXPORTS = {
    "LABELS": "multitask",
    "AspectSpan": "predictor",
    "ReviewModel": "predictor",
    "SentencePrediction": "predictor",
}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
