"""Accuracy measures for the engine: sentence sentiment, aspect extraction, aspect polarity.

Aspect extraction is scored by exact character span (gold spans trimmed of edge whitespace and
punctuation the same way predictions are); polarity accuracy is over gold aspects the model found
exactly; joint F1 counts a prediction correct when span and polarity both match.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.encoder.decoding import trim_span
from analysis.encoder.multitask import LABELS
from analysis.training.data import Example


def sentiment_scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Accuracy and macro-F1 over the three labels."""
    gold_arr, pred_arr = np.asarray(gold), np.asarray(predicted)
    if len(gold_arr) == 0:
        return {"n": 0, "accuracy": float("nan"), "macro_f1": float("nan")}
    f1s = []
    for label in LABELS:
        tp = np.sum((pred_arr == label) & (gold_arr == label))
        fp = np.sum((pred_arr == label) & (gold_arr != label))
        fn = np.sum((pred_arr != label) & (gold_arr == label))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0)
    return {"n": int(len(gold_arr)), "accuracy": float(np.mean(gold_arr == pred_arr)),
            "macro_f1": float(np.mean(f1s))}


def _f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def aspect_scores(examples: Sequence[Example], predictions: Sequence) -> dict[str, float]:
    """Span P/R/F1, polarity accuracy on found aspects and joint span+polarity F1.

    ``predictions`` are :class:`analysis.encoder.SentencePrediction` for the same examples.
    """
    tp = n_pred = n_gold = 0
    pol_right = pol_total = 0
    joint_tp = joint_pred = joint_gold = 0
    for example, prediction in zip(examples, predictions, strict=True):
        gold = {}
        for aspect in example.aspects or []:
            start, end = trim_span(example.text, aspect.start, aspect.end)
            gold[(start, end)] = aspect.polarity
        predicted = {(a.start, a.end): a.polarity for a in prediction.aspects}
        n_pred += len(predicted)
        n_gold += len(gold)
        for span, polarity in predicted.items():
            if span in gold:
                tp += 1
                if gold[span] is not None:
                    pol_total += 1
                    pol_right += polarity == gold[span]
            if gold.get(span, "") is not None:  # predictions on conflict spans are not judged
                joint_pred += 1
                joint_tp += gold.get(span) == polarity
        joint_gold += sum(1 for p in gold.values() if p is not None)
    precision, recall, f1 = _f1(tp, n_pred, n_gold)
    return {
        "sentences": len(examples), "gold_aspects": n_gold, "predicted_aspects": n_pred,
        "precision": precision, "recall": recall, "f1": f1,
        "polarity_n": pol_total,
        "polarity_accuracy": pol_right / pol_total if pol_total else float("nan"),
        "joint_f1": _f1(joint_tp, joint_pred, joint_gold)[2],
    }


def evaluate_model(model, examples: Sequence[Example]) -> dict[str, dict[str, float]]:
    """All scores of a ReviewModel on examples, per SemEval domain and for sentence sentiment."""
    predictions = model.predict([e.text for e in examples])
    scores: dict[str, dict[str, float]] = {}
    for domain in ("laptops", "restaurants"):
        picked = [(e, p) for e, p in zip(examples, predictions, strict=True)
                  if e.source == f"semeval-{domain}"]
        if picked:
            ex, pr = zip(*picked, strict=True)
            scores[f"aspects_{domain}"] = aspect_scores(ex, pr)
    for name, sources in (("sentiment_short", ("finefood-summary", "semeval-laptops",
                                               "semeval-restaurants")),
                          ("sentiment_finefood_summary", ("finefood-summary",)),
                          ("sentiment_semeval", ("semeval-laptops", "semeval-restaurants"))):
        pairs = [(e.sentiment, p.label) for e, p in zip(examples, predictions, strict=True)
                 if e.source in sources and e.sentiment is not None]
        gold, pred = zip(*pairs, strict=True) if pairs else ((), ())
        scores[name] = sentiment_scores(gold, pred)
    return scores


def selection_score(scores: dict[str, dict[str, float]]) -> float:
    """One number for checkpoint selection: mean of the targets' main measures."""
    parts = [scores["sentiment_short"]["accuracy"]]
    for domain in ("laptops", "restaurants"):
        key = f"aspects_{domain}"
        if key in scores:
            parts += [scores[key]["f1"], scores[key]["polarity_accuracy"]]
    values = [v for v in parts if v == v]  # drop NaN
    return float(np.mean(values)) if values else 0.0
