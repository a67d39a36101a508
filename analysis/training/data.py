"""Training examples from the public datasets, and seeded train/validation/dev splits.

Sources (under the shared data folder):
- SemEval-2014 Task 4 train XML (Laptops, Restaurants): aspect spans with character offsets and
  polarity ("conflict" terms are skipped for polarity but kept as spans for tagging); a sentence
  whose non-conflict term and category polarities all agree also gets that sentence label.
- Amazon Fine Food Reviews sample: Score 1-2 negative, 3 neutral, 4-5 positive. The Summary is a
  short title sentence; the Text (with ``<br />`` removed) is a longer example. Rows with a blank
  Score are dropped and reported.

Splits: SemEval by sentence, Fine Food grouped by product (and by repeated review text, which the
dump copies across product variants), so no product or duplicated text crosses splits. ``dev``
(20%) is never trained on; ``val`` (10% of the rest) chooses the checkpoint.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from analysis.encoder.multitask import LABELS

SEMEVAL_FILES = {"laptops": "Laptop_Train_v2.xml", "restaurants": "Restaurants_Train_v2.xml"}
FINE_FOOD_FILE = Path("amazon_fine_food_reviews_sample") / "Reviews.csv"
SEMEVAL_DIR = Path("semeval2014_task4_train")
SST2_FILE = Path("sst2_train") / "train.tsv"
SPLITS = ("train", "val", "dev")
SPLIT_SEED = 2014  # fixed, independent of the training seed, so dev never moves
DEV_FRACTION = 0.2
VAL_FRACTION = 0.1


@dataclass
class Aspect:
    """A gold aspect term: character span and polarity (None for conflict)."""

    start: int
    end: int
    term: str
    polarity: str | None


@dataclass
class Example:
    """One training/evaluation text.

    ``aspects`` is None when the text has no aspect annotation (tags are then not trained);
    ``sentiment`` is None when the text has no sentence label.
    """

    text: str
    source: str
    group: str
    sentiment: str | None = None
    aspects: list[Aspect] | None = None
    weight: float = 1.0
    split: str = "train"
    meta: dict = field(default_factory=dict)


def _fraction(key: str, seed: int) -> float:
    """A stable pseudo-random number in [0, 1) for ``key`` under ``seed``."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_of(group: str, seed: int) -> str:
    """The split of a group key: dev for 20%, val for 10% of the remainder, else train."""
    u = _fraction(group, seed)
    if u < DEV_FRACTION:
        return "dev"
    if u < DEV_FRACTION + (1 - DEV_FRACTION) * VAL_FRACTION:
        return "val"
    return "train"


def _reanchor(text: str, term: str, start: int) -> tuple[int, int] | None:
    """The occurrence of ``term`` nearest to ``start`` (fixes the shifted laptop offsets)."""
    hits = [m.start() for m in re.finditer(re.escape(term), text)]
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - start))
    return best, best + len(term)


def load_semeval(data_dir: Path, domain: str, seed: int = SPLIT_SEED) -> list[Example]:
    """Sentences of one SemEval-2014 domain with aspects, derived sentence labels and splits."""
    path = Path(data_dir) / SEMEVAL_DIR / SEMEVAL_FILES[domain]
    if not path.is_file():
        raise FileNotFoundError(f"SemEval file not found: {path}")
    examples = []
    for node in ET.parse(path).getroot().iter("sentence"):
        text = node.findtext("text") or ""
        sid = node.get("id", "")
        aspects = []
        for term_node in node.iter("aspectTerm"):
            term = term_node.get("term", "")
            start, end = int(term_node.get("from")), int(term_node.get("to"))
            if text[start:end] != term:
                anchored = _reanchor(text, term, start)
                if anchored is None:
                    continue
                start, end = anchored
            polarity = term_node.get("polarity")
            aspects.append(Aspect(start, end, term, polarity if polarity in LABELS else None))
        polarities = [a.polarity for a in aspects]
        polarities += [c.get("polarity") for c in node.iter("aspectCategory")]
        distinct = set(polarities)
        sentiment = distinct.pop() if len(distinct) == 1 and None not in distinct else None
        if sentiment not in LABELS:
            sentiment = None
        group = f"semeval-{domain}-{sid}"
        examples.append(Example(text=text, source=f"semeval-{domain}", group=group,
                                sentiment=sentiment, aspects=aspects,
                                split=split_of(group, seed), meta={"id": sid}))
    return examples


def score_to_label(score: int) -> str:
    """Star rating to sentiment: 1-2 negative, 3 neutral, 4-5 positive."""
    return "negative" if score <= 2 else "neutral" if score == 3 else "positive"


def clean_review_text(text: str) -> str:
    """Review text with HTML line breaks turned into spaces (the dump keeps ``<br />``)."""
    return re.sub(r"\s*<br\s*/?>\s*", " ", text, flags=re.IGNORECASE).strip()


class _Groups:
    """Union-find over keys, to merge products that share a copied review text."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


@dataclass
class FineFoodReview:
    """One usable Fine Food row."""

    review_id: str
    product_id: str
    score: int
    summary: str
    text: str
    group: str = ""
    split: str = "train"


def load_fine_food(
    data_dir: Path, seed: int = SPLIT_SEED
) -> tuple[list[FineFoodReview], list[str]]:
    """Usable Fine Food reviews with splits, and a reason for every dropped row."""
    path = Path(data_dir) / FINE_FOOD_FILE
    if not path.is_file():
        raise FileNotFoundError(f"Fine Food file not found: {path}")
    reviews, dropped = [], []
    with path.open(newline="", encoding="utf-8") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=1):
            score = (row.get("Score") or "").strip()
            if score not in {"1", "2", "3", "4", "5"}:
                dropped.append(f"{path.name} row {row_number} (Id {row.get('Id')}): "
                               f"Score is {score!r}, not 1-5; row dropped")
                continue
            reviews.append(FineFoodReview(
                review_id=row["Id"], product_id=row["ProductId"], score=int(score),
                summary=(row.get("Summary") or "").strip(),
                text=clean_review_text(row.get("Text") or "")))
    groups = _Groups()
    for review in reviews:
        groups.union(f"product:{review.product_id}", f"text:{review.text}")
    sizes: Counter[str] = Counter()
    for review in reviews:
        review.group = "finefood-" + groups.find(f"product:{review.product_id}")
        sizes[review.group] += 1
    split_by_group = assign_groups(sizes, seed)
    for review in reviews:
        review.split = split_by_group[review.group]
    return reviews, dropped


def assign_groups(sizes: dict[str, int], seed: int) -> dict[str, str]:
    """Groups to splits in seeded order, filling dev then val up to their share of rows.

    A group that would overshoot a split's share goes on to the next, so one huge product
    cannot make dev or val lopsided (the largest products therefore end up in train).
    """
    total = sum(sizes.values())
    dev_target = DEV_FRACTION * total
    val_target = (1 - DEV_FRACTION) * VAL_FRACTION * total
    filled = {"dev": 0, "val": 0}
    out = {}
    for group in sorted(sizes, key=lambda g: _fraction(g, seed)):
        size = sizes[group]
        if filled["dev"] + size <= dev_target:
            out[group] = "dev"
        elif filled["val"] + size <= val_target:
            out[group] = "val"
        else:
            out[group] = "train"
        if out[group] != "train":
            filled[out[group]] += size
    return out


def fine_food_examples(reviews: Iterable[FineFoodReview], text_weight: float = 0.5,
                       max_text_chars: int = 600) -> list[Example]:
    """Summary examples (short sentences) and truncated review-text examples."""
    examples = []
    for review in reviews:
        label = score_to_label(review.score)
        meta = {"review_id": review.review_id, "score": review.score}
        if review.summary:
            examples.append(Example(review.summary, "finefood-summary", review.group, label,
                                    split=review.split, meta=meta))
        if review.text and text_weight > 0:
            examples.append(Example(review.text[:max_text_chars], "finefood-text", review.group,
                                    label, weight=text_weight, split=review.split, meta=meta))
    return examples


@dataclass
class Corpus:
    """All examples, with the rows that were dropped and why."""

    examples: list[Example]
    reviews: list[FineFoodReview]
    dropped: list[str]

    def split(self, name: str | Iterable[str],
              sources: Iterable[str] | None = None) -> list[Example]:
        """Examples of one split (or several, e.g. ``("train", "val")``), optionally of some
        sources only."""
        names = {name} if isinstance(name, str) else set(name)
        wanted = set(sources) if sources is not None else None
        return [e for e in self.examples
                if e.split in names and (wanted is None or e.source in wanted)]


def detokenize_sst2(text: str) -> str:
    """SST-2's lower-cased, space-tokenized text as a plain sentence ("it 's" -> "It's")."""
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r" ([.,!?;:%])", r"\1", text)
    text = text.replace("`` ", '"').replace(" ''", '"').replace("` ", "'")
    text = text.replace("-lrb- ", "(").replace(" -rrb-", ")")
    return text[:1].upper() + text[1:]


def load_sst2(data_dir: Path, limit: int, seed: int = SPLIT_SEED, min_words: int = 6,
              max_words: int = 30) -> list[Example]:
    """Up to ``limit`` seeded SST-2 *sentences* (binary, movies) as sentence-sentiment examples.

    SST-2 also holds sub-sentence phrases; only rows that end like a sentence (. ! ?) and have
    ``min_words``-``max_words`` tokens are kept. All go to the train split (dev is ours only).
    """
    path = Path(data_dir) / SST2_FILE
    if limit <= 0:
        return []
    if not path.is_file():
        raise FileNotFoundError(f"SST-2 file not found: {path} (pass --sst2 0 to train without)")
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            label, _, text = line.rstrip("\n").partition("\t")
            if line_number == 1 or label not in {"0", "1"}:
                continue
            words = text.split()
            if min_words <= len(words) <= max_words and text.rstrip()[-1:] in ".!?":
                rows.append((line_number, "positive" if label == "1" else "negative", text))
    picked = shuffled(rows, seed)[:limit]
    return [Example(detokenize_sst2(text), "sst2", f"sst2-{n}", label, meta={"line": n})
            for n, label, text in picked]


def load_corpus(data_dir: Path, seed: int = SPLIT_SEED, text_weight: float = 0.5,
                sst2: int = 0, text_chars: int = 600) -> Corpus:
    """Every example from SemEval (both domains), Fine Food and (``sst2`` > 0) an SST-2 sample,
    split deterministically."""
    examples: list[Example] = []
    for domain in SEMEVAL_FILES:
        examples.extend(load_semeval(data_dir, domain, seed))
    reviews, dropped = load_fine_food(data_dir, seed)
    examples.extend(fine_food_examples(reviews, text_weight=text_weight,
                                       max_text_chars=text_chars))
    examples.extend(load_sst2(data_dir, sst2, seed))
    return Corpus(examples=examples, reviews=reviews, dropped=dropped)


def shuffled(items: list, seed: int) -> list:
    """A seeded shuffled copy."""
    out = list(items)
    random.Random(seed).shuffle(out)
    return out
