"""Accuracy of the engine on the dev splits it never trained on, beside two baselines.

Usage: ``.venv/bin/python benchmarks/accuracy.py [--data PATH] [--quick] [--model FOLDER]
[--fp32-only] [--no-baselines]``

Measures, for the fine-tuned model in fp32 and int8 (the default at run time):
- sentence sentiment accuracy and macro-F1 on short review sentences (Fine Food summaries and
  SemEval sentences whose aspects agree on one polarity);
- aspect term P/R/F1 (exact span) per SemEval domain, polarity accuracy on found aspects, joint
  span+polarity F1;
- review-level accuracy on Fine Food dev reviews (sentences -> ``aggregate_review``) against the
  star rating, with the aggregation sharpness chosen on the validation reviews;
- throughput of ``predict`` in sentences/s;
- agreement with the sample generator's phrase bank (``data/phrase_bank.py``: every template's
  sentence label, never trained on).
Baselines measured in the same run: VADER (sentiment only) and logistic regression on frozen
MiniLM sentence embeddings trained on the same train split.

Chinese rows (``--zh-only`` runs just these, ``--skip-zh`` leaves them out): leave-one-category-out
on ``online_shopping_10_cats`` (train on the other nine categories, test on a seeded sample of
the tenth, for each of the 10) for the shipped recipe against the char 1-3-gram TF-IDF + LR
baseline in the same run, and the full Chinese route against the hand-labelled aspects
(``tests/data/zh_aspect_labels.json``); see :mod:`analysis.training.zh_eval`. Training rows are
capped per fold (``--zh-train-cap``, default 20,000 of about 55,000) to keep a run cheap;
``--zh-train-cap 0`` trains on all of them. On a busy shared machine use
``--zh-train-cap 5000 --zh-test-size 500`` (27 minutes there; the results file says which).

Writes a markdown table to stdout and to benchmarks/results/accuracy.md (``--zh-only`` replaces
only its Chinese section).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.config import default_shared_data  # noqa: E402
from analysis.encoder import LABELS, ReviewModel  # noqa: E402
from analysis.sentiment import aggregate_review  # noqa: E402
from analysis.training.data import FineFoodReview, load_corpus, score_to_label  # noqa: E402
from analysis.training.metrics import aspect_scores, sentiment_scores  # noqa: E402
from data.phrase_bank import agreement  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "accuracy.md"
ZH_LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "zh_aspect_labels.json"
ZH_HEADING = "## Chinese reviews"
SHORT_SOURCES = ("finefood-summary", "semeval-laptops", "semeval-restaurants")
SHARPNESS_GRID = (0.0, 0.5, 1.0, 2.0, 4.0)
ZH_RECIPE = ("hashed char 1-3-grams, sublinear TF-IDF scaled by naive-Bayes log-count ratios, "
             "liblinear logistic regression, C=10")


def split_review(text: str) -> list[str]:
    """Sentences of a review with the project's splitter (falls back to a simple rule)."""
    try:
        from analysis.text import split_sentences
    except ImportError:
        parts = re.split(r"(?<=[.!?])\s+", text)
        return [p for p in parts if p.strip()] or [text]
    return [s.text for s in split_sentences(text)] or [text]


def vader_labels(texts: list[str]) -> list[str]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    out = []
    for text in texts:
        compound = analyzer.polarity_scores(text)["compound"]
        out.append("positive" if compound >= 0.05 else "negative" if compound <= -0.05
                   else "neutral")
    return out


class FrozenBaseline:
    """Logistic regression on frozen base-MiniLM embeddings (no fine-tuning)."""

    def fit(self, model: ReviewModel, texts: list[str], labels: list[str]) -> FrozenBaseline:
        from sklearn.linear_model import LogisticRegression

        self.model_ = model
        self.clf_ = LogisticRegression(max_iter=2000, C=1.0).fit(model.embed(texts), labels)
        return self

    def predict(self, texts: list[str]) -> list[str]:
        return list(self.clf_.predict(self.model_.embed(texts)))


def review_probs(model: ReviewModel, reviews: list[FineFoodReview]) -> list[tuple]:
    """Per review: (sentence probs array, sentence lengths) from one batched predict."""
    sentences, owner = [], []
    for i, review in enumerate(reviews):
        for sentence in split_review(review.text):
            sentences.append(sentence)
            owner.append(i)
    predictions = model.predict(sentences)
    grouped: list[tuple[list, list]] = [([], []) for _ in reviews]
    for i, sentence, prediction in zip(owner, sentences, predictions, strict=True):
        grouped[i][0].append(prediction.probs)
        grouped[i][1].append(len(sentence))
    return [(np.array(p), np.array(w, dtype=float)) for p, w in grouped]


def review_accuracy(grouped: list[tuple], gold: list[str], sharpness: float) -> dict:
    predicted = [LABELS[int(np.argmax(aggregate_review(p, w, sharpness)))] for p, w in grouped]
    return sentiment_scores(gold, predicted)


def evaluate_engine(model: ReviewModel, dev: list, val_reviews: list, dev_reviews: list) -> dict:
    started = time.perf_counter()
    predictions = model.predict([e.text for e in dev])
    seconds = time.perf_counter() - started
    out: dict = {"throughput": len(dev) / seconds}
    for domain in ("laptops", "restaurants"):
        pairs = [(e, p) for e, p in zip(dev, predictions, strict=True)
                 if e.source == f"semeval-{domain}"]
        out[domain] = aspect_scores([e for e, _ in pairs], [p for _, p in pairs])
    for name, sources in (("short", SHORT_SOURCES), ("summary", ("finefood-summary",)),
                          ("semeval", SHORT_SOURCES[1:])):
        pairs = [(e.sentiment, p.label) for e, p in zip(dev, predictions, strict=True)
                 if e.source in sources and e.sentiment]
        out[name] = sentiment_scores([g for g, _ in pairs], [p for _, p in pairs])
    val_grouped = review_probs(model, val_reviews)
    val_gold = [score_to_label(r.score) for r in val_reviews]
    tuning = {s: review_accuracy(val_grouped, val_gold, s)["accuracy"] for s in SHARPNESS_GRID}
    best = max(SHARPNESS_GRID, key=lambda s: (tuning[s], -s))
    dev_grouped = review_probs(model, dev_reviews)
    dev_gold = [score_to_label(r.score) for r in dev_reviews]
    out["review"] = review_accuracy(dev_grouped, dev_gold, best)
    out["review_sharpness"] = best
    out["review_tuning"] = tuning
    out["review_mean"] = review_accuracy(dev_grouped, dev_gold, 0.0)
    out["phrase_bank"] = agreement(model)[0]
    return out


def fmt(value: float | None, digits: int = 3) -> str:
    missing = value is None or isinstance(value, dict) or value != value
    return "—" if missing else f"{value:.{digits}f}"


class _Missing(dict):
    """A column that was not measured in this run (every cell renders as a dash)."""

    def __getitem__(self, key):
        return _Missing()


def render(results: dict, counts: dict, seconds: float) -> str:
    fp32, int8 = results["fp32"], results.get("int8", _Missing())
    vader, frozen = results.get("vader", _Missing()), results.get("frozen", _Missing())
    rows = [
        ("Sentence sentiment accuracy, short sentences (all)", "short", "accuracy"),
        ("Sentence sentiment macro-F1, short sentences (all)", "short", "macro_f1"),
        ("Sentence sentiment accuracy, Fine Food summaries", "summary", "accuracy"),
        ("Sentence sentiment accuracy, SemEval sentences", "semeval", "accuracy"),
        ("Review sentiment accuracy, Fine Food reviews", "review", "accuracy"),
        ("Review sentiment macro-F1, Fine Food reviews", "review", "macro_f1"),
    ]
    lines = [
        "# Engine accuracy on the dev splits",
        "",
        "Produced by `.venv/bin/python benchmarks/accuracy.py`; dev splits are never trained on "
        "(see analysis/models/README.md).",
        "",
        "| measure | engine fp32 | engine int8 | VADER | frozen MiniLM + LogReg |",
        "|---|---|---|---|---|",
    ]
    for title, group, key in rows:
        lines.append(f"| {title} | {fmt(fp32[group][key])} | {fmt(int8[group][key])} | "
                     f"{fmt(vader[group][key])} | {fmt(frozen[group][key])} |")
    for domain in ("laptops", "restaurants"):
        for title, key in (("aspect term F1 (exact span)", "f1"),
                           ("aspect term precision", "precision"),
                           ("aspect term recall", "recall"),
                           ("polarity accuracy on found aspects", "polarity_accuracy"),
                           ("joint span+polarity F1", "joint_f1")):
            lines.append(f"| {domain.capitalize()}: {title} | {fmt(fp32[domain][key])} | "
                         f"{fmt(int8[domain][key])} | — | — |")
    lines.append(f"| sample phrase-bank agreement (sentence label) | {fmt(fp32['phrase_bank'])} | "
                 f"{fmt(int8['phrase_bank'])} | — | — |")
    lines.append(f"| predict throughput, dev sentences/s (this machine) | "
                 f"{fmt(fp32['throughput'], 0)} | {fmt(int8['throughput'], 0)} | — | — |")
    lines += [
        "",
        f"Dev sizes: {counts['short']} short labelled sentences ({counts['summary']} Fine Food "
        f"summaries, {counts['semeval']} SemEval), {counts['reviews']} Fine Food reviews, "
        f"SemEval sentences laptops {fp32['laptops']['sentences']} "
        f"({fp32['laptops']['gold_aspects']} gold aspects), restaurants "
        f"{fp32['restaurants']['sentences']} ({fp32['restaurants']['gold_aspects']}).",
        "",
        f"Review aggregation: sharpness chosen on {counts['val_reviews']} validation reviews "
        f"(int8: {int8.get('review_sharpness', '—')}, fp32: {fp32['review_sharpness']}; validation "
        f"accuracy by sharpness, fp32: "
        + ", ".join(f"{s}: {a:.3f}" for s, a in fp32["review_tuning"].items())
        + f"). Plain length-weighted mean on dev, fp32: {fmt(fp32['review_mean']['accuracy'])}."
        " VADER and the frozen baseline score the whole review text in one go.",
        "",
        f"Targets: sentence sentiment >= 0.93; aspect F1 >= 0.80 laptops / 0.86 restaurants; "
        f"polarity on found aspects >= 0.80 / 0.86. Run time {seconds:.0f} s.",
    ]
    return "\n".join(lines) + "\n"


def chinese_section(data: Path, test_size: int, train_cap: int | None) -> str:
    """Leave-one-category-out sentiment and hand-labelled aspects, as markdown."""
    from analysis.training.zh import load_aspect_labels, load_shopping
    from analysis.training.zh_eval import leave_one_category_out, score_aspects, split_folds
    from analysis.zh import ChineseScorer

    started = time.time()
    rows = load_shopping(data)
    folds = split_folds(rows, test_size=test_size, train_cap=train_cap)
    results = leave_one_category_out(
        rows, folds, report=lambda r: print(f"zh {r.category}: {r}", file=sys.stderr)
    )
    scorer = ChineseScorer()
    lines = [
        ZH_HEADING, "",
        f"Leave-one-category-out on online_shopping_10_cats: train on the other nine categories "
        f"({'all rows' if train_cap is None else f'a seeded {train_cap:,}-row sample'}), test on "
        f"up to {test_size:,} reviews of the held-out one; binary accuracy, ± one standard error. "
        f"Shipped recipe: `{scorer.version}` ({ZH_RECIPE}); baseline: char 1-3-gram TF-IDF + "
        "logistic regression (sklearn defaults), same folds, same run.", "",
        "| held-out category | test n | baseline | shipped recipe | recipe - baseline | "
        "neutral share (recipe) |",
        "|---|---|---|---|---|---|",
    ]  # fmt: skip
    for r in results:
        se = 100 * (r.recipe * (1 - r.recipe) / r.n) ** 0.5
        lines.append(f"| {r.category} | {r.n} | {r.baseline:.3f} | {r.recipe:.3f} (±{se:.1f} pts) "
                     f"| {100 * (r.recipe - r.baseline):+.1f} pts | {r.neutral_share:.3f} |")
    recipe = np.array([r.recipe for r in results])
    base = np.array([r.baseline for r in results])
    worst = results[int(recipe.argmin())]
    lines.append(f"| **mean of {len(results)}** | | {base.mean():.3f} | {recipe.mean():.3f} | "
                 f"{100 * (recipe.mean() - base.mean()):+.1f} pts | |")
    lines += ["", f"Worst category for the recipe: {worst.category} ({worst.recipe:.3f}; baseline "
              f"{base.min():.3f} at its worst)."]  # fmt: skip
    labelled = load_aspect_labels(ZH_LABELS, data)
    if labelled is not None:
        a = score_aspects(labelled, scorer)
        lines += [
            "",
            f"Aspects, full Chinese route vs hand labels ({a.reviews} reviews, {a.gold} gold "
            f"terms, `tests/data/zh_aspect_labels.json`): precision {a.precision:.2f}, recall "
            f"{a.recall:.2f} (exact spans); offsets exact {a.offsets_exact}/{a.predicted}; "
            f"polarity of matched aspects {a.polarity_accuracy:.2f} (3 classes, "
            f"{a.matched}), {a.polar_accuracy:.2f} on those labelled positive/negative "
            f"({a.polar_matched}); reviews naming an aspect where one was found: "
            f"{a.reviews_found}/{a.reviews_with_gold}.",
        ]
    lines += ["", f"Chinese run time {time.time() - started:.0f} s."]
    return "\n".join(lines) + "\n"


def replace_section(existing: str, section: str) -> str:
    """``existing`` with its Chinese section (to the end) replaced by ``section``."""
    head = existing.split(ZH_HEADING, 1)[0].rstrip("\n")
    return (head + "\n\n" if head else "") + section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--quick", action="store_true", help="first 200 of each dev set")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--model", type=Path, default=None,
                        help="artifact folder to measure (default: the committed model)")
    parser.add_argument("--fp32-only", action="store_true", help="skip the int8 engine")
    parser.add_argument("--no-baselines", action="store_true",
                        help="skip VADER and the frozen-embedding baseline")
    parser.add_argument("--zh-only", action="store_true", help="only the Chinese rows")
    parser.add_argument("--skip-zh", action="store_true", help="leave out the Chinese rows")
    parser.add_argument("--zh-test-size", type=int, default=2000)
    parser.add_argument("--zh-train-cap", type=int, default=20000, help="0: no cap")
    args = parser.parse_args(argv)
    started = time.time()
    data = args.data or default_shared_data()
    zh = ""
    if not args.skip_zh:
        zh = chinese_section(Path(data), args.zh_test_size, args.zh_train_cap or None)
    if args.zh_only:
        print(zh)
        if not args.no_write:
            RESULTS.parent.mkdir(parents=True, exist_ok=True)
            old = RESULTS.read_text() if RESULTS.exists() else ""
            RESULTS.write_text(replace_section(old, zh))
        return 0
    corpus = load_corpus(Path(data))
    dev = corpus.split("dev", SHORT_SOURCES)
    dev_reviews = [r for r in corpus.reviews if r.split == "dev"]
    val_reviews = [r for r in corpus.reviews if r.split == "val"]
    if args.quick:
        dev = [e for s in SHORT_SOURCES for e in corpus.split("dev", [s])[:200]]
        dev_reviews, val_reviews = dev_reviews[:200], val_reviews[:100]
    results: dict = {}
    engines = (("fp32", False),) if args.fp32_only else (("fp32", False), ("int8", True))
    for name, quantize in engines:
        print(f"evaluating engine {name} ...", file=sys.stderr)
        results[name] = evaluate_engine(ReviewModel.load(args.model, quantize=quantize), dev,
                                        val_reviews, dev_reviews)
        print(json.dumps(results[name], default=str), file=sys.stderr)
    groups = {name: [e for e in dev if e.source in sources and e.sentiment]
              for name, sources in (("short", SHORT_SOURCES), ("summary", SHORT_SOURCES[:1]),
                                    ("semeval", SHORT_SOURCES[1:]))}
    review_gold = [score_to_label(r.score) for r in dev_reviews]
    counts = {name: len(ex) for name, ex in groups.items()}
    counts.update(reviews=len(dev_reviews), val_reviews=len(val_reviews))
    if not args.no_baselines:
        add_baselines(results, corpus, groups, dev_reviews, review_gold)
    table = render(results, counts, time.time() - started)
    if zh:
        table += "\n" + zh
    print(table)
    if not args.no_write and not args.quick and args.model is None:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(table)
        RESULTS.with_suffix(".json").write_text(json.dumps(results, indent=1, default=str))
    return 0


def add_baselines(results: dict, corpus, groups: dict, dev_reviews: list,
                  review_gold: list[str]) -> None:
    """VADER and logistic regression on frozen MiniLM embeddings, on the same dev sets."""
    print("baselines ...", file=sys.stderr)
    results["vader"] = {name: sentiment_scores([e.sentiment for e in ex],
                                               vader_labels([e.text for e in ex]))
                        for name, ex in groups.items()}
    results["vader"]["review"] = sentiment_scores(review_gold,
                                                  vader_labels([r.text for r in dev_reviews]))
    train = [e for e in corpus.split("train") if e.sentiment]
    base = ReviewModel.load(quantize=False)
    frozen = FrozenBaseline().fit(base, [e.text for e in train], [e.sentiment for e in train])
    results["frozen"] = {name: sentiment_scores([e.sentiment for e in ex],
                                                frozen.predict([e.text for e in ex]))
                         for name, ex in groups.items()}
    results["frozen"]["review"] = sentiment_scores(review_gold,
                                                   frozen.predict([r.text for r in dev_reviews]))


if __name__ == "__main__":
    sys.exit(main())
