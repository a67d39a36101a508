"""Review-level sentiment from the review's sentence probabilities.

A review's probabilities are a weighted mean of its sentences' probabilities. Each sentence's
weight is the caller's weight (the pipeline passes sentence length) times its decisiveness,
``(1 - normalized entropy) ** sharpness``, so a few clearly opinionated sentences outweigh
filler and factual ones. ``DEFAULT_SHARPNESS`` (4.0) was chosen for the fp32 engine on the Fine
Food validation reviews (train side) by benchmarks/accuracy.py, which reports the dev effect;
the differences between sharpness values there are small (0.74-0.755 accuracy).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DEFAULT_SHARPNESS = 4.0
NO_SENTENCES = (0.0, 1.0, 0.0)  # a review without sentences says nothing: neutral


def _decisiveness(probs: np.ndarray) -> np.ndarray:
    """1 for a one-hot distribution, 0 for a uniform one."""
    clipped = np.clip(probs, 1e-12, 1.0)
    entropy = -(clipped * np.log(clipped)).sum(axis=1)
    return np.clip(1.0 - entropy / np.log(probs.shape[1]), 0.0, 1.0)


def aggregate_review(sentence_probs: Sequence[Sequence[float]] | np.ndarray,
                     weights: Sequence[float] | np.ndarray | None = None,
                     sharpness: float = DEFAULT_SHARPNESS) -> tuple[float, float, float]:
    """Review probabilities (negative, neutral, positive) from its sentences' probabilities.

    ``sentence_probs`` is ``(n, 3)``; ``weights`` (``n`` non-negative numbers, default equal) say
    how much each sentence counts before decisiveness. No sentences gives ``NO_SENTENCES``.
    """
    probs = np.asarray(sentence_probs, dtype=float)
    if probs.size == 0:
        return NO_SENTENCES
    if probs.ndim != 2 or probs.shape[1] != 3:
        raise ValueError(f"sentence_probs must have shape (n, 3), got {probs.shape}")
    if not np.isfinite(probs).all() or (probs < 0).any():
        raise ValueError("sentence_probs must be finite, non-negative probabilities")
    base = np.ones(len(probs)) if weights is None else np.asarray(weights, dtype=float)
    if base.shape != (len(probs),):
        raise ValueError(f"weights must have {len(probs)} values, got shape {base.shape}")
    if not np.isfinite(base).all() or (base < 0).any():
        raise ValueError("weights must be finite and non-negative")
    if sharpness < 0:
        raise ValueError(f"sharpness must be >= 0, got {sharpness}")
    probs = probs / probs.sum(axis=1, keepdims=True).clip(min=1e-12)
    weight = base * _decisiveness(probs) ** sharpness + 1e-9 * (base > 0)
    if weight.sum() <= 0:
        weight = np.ones(len(probs))
    mean = (probs * weight[:, None]).sum(axis=0) / weight.sum()
    return tuple(float(v) for v in mean)  # type: ignore[return-value]
