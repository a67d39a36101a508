"""Review-level sentiment from sentence predictions."""

from analysis.sentiment.aggregate import DEFAULT_SHARPNESS, NO_SENTENCES, aggregate_review

__all__ = ["DEFAULT_SHARPNESS", "NO_SENTENCES", "aggregate_review"]
