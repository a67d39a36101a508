"""Aspect-term normalisation: one canonical key per thing people talk about.

``"The batteries"``, ``"battery life"`` and ``"my battery's"`` all become ``"battery"``, so counts
and trends are not split across spellings. Steps: lower-case, trim punctuation, drop leading
determiners/possessives and a trailing possessive, singularise the head (last) word, then merge
synonyms (a user-extendable map applied to the whole phrase).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "my",
        "your",
        "his",
        "her",
        "its",
        "our",
        "their",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "such",
        "each",
        "every",
        "another",
        "one",
        "two",
        "both",
        "all",
        "no",
    ]
)  # noqa: SIM905 - a word list reads best as one string
DEFAULT_SYNONYMS: dict[str, str] = {
    "battery life": "battery",
    "battery power": "battery",
    "batterie": "battery",
    "shipping": "delivery",
    "shipment": "delivery",
    "shipping time": "delivery",
    "delivery time": "delivery",
    "postage": "delivery",
    "customer support": "customer service",
    "support": "customer service",
    "service": "customer service",
    "customer care": "customer service",
    "cost": "price",
    "pricing": "price",
    "value for money": "value",
    "value for the money": "value",
    "packing": "packaging",
    "package": "packaging",
    "build": "build quality",
    "sound quality": "sound",
    "audio": "sound",
    "install": "installation",
    "set up": "setup",
    "set-up": "setup",
    "instruction": "instructions",
    "colour": "color",
    "flavour": "flavor",
}
# Words whose final "s" is not a plural marker.
_SINGULAR_S = frozenset(
    [
        "glass",
        "gas",
        "bus",
        "lens",
        "series",
        "species",
        "news",
        "headphones",
        "earphones",
        "scissors",
        "pants",
        "jeans",
        "shorts",
        "glasses",
        "instructions",
        "electronics",
        "clothes",
        "ss",
        "us",
        "is",
        "os",
        "mattress",
        "stress",
        "access",
        "status",
        "canvas",
        "chassis",
        "bias",
    ]
)  # noqa: SIM905
_IRREGULAR = {
    "knives": "knife",
    "leaves": "leaf",
    "shelves": "shelf",
    "feet": "foot",
    "teeth": "tooth",
    "children": "child",
    "men": "man",
    "women": "woman",
}
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_SPACES = re.compile(r"\s+")


def singularize(word: str) -> str:
    """English plural -> singular for a single lower-case word (rules, no dictionary)."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word in _SINGULAR_S or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes", "sses", "oes")):
        return word[:-2]
    if word.endswith(("us", "is")):
        return word
    return word[:-1]


@dataclass
class AspectNormalizer:
    """Callable ``normalizer(terms) -> list[str]``; also ``normalizer.one(term)``.

    ``synonyms`` extends (and overrides) :data:`DEFAULT_SYNONYMS`; keys are normalised phrases.
    """

    synonyms: Mapping[str, str] = field(default_factory=dict)
    _memo: dict[str, str] = field(default_factory=dict, repr=False)

    def one(self, term: str) -> str:
        """The canonical key of one aspect term ('' when nothing is left)."""
        cached = self._memo.get(term)
        if cached is not None:
            return cached
        text = _SPACES.sub(" ", term.lower().replace("’", "'")).strip()
        text = _EDGE.sub("", text)
        text = re.sub(r"'s$|s'$", lambda m: "" if m.group() == "'s" else "s", text)
        words = [w for w in text.split(" ") if w]
        while len(words) > 1 and words[0] in DETERMINERS:
            words.pop(0)
        if words:
            words[-1] = singularize(words[-1])
        phrase = " ".join(words)
        merged = self.synonyms.get(phrase) or DEFAULT_SYNONYMS.get(phrase) or phrase
        self._memo[term] = merged
        return merged

    def __call__(self, terms: Iterable[str]) -> list[str]:
        return [self.one(term) for term in terms]

    def transform(self, mentions: pd.DataFrame) -> pd.DataFrame:
        """Stage form: add ``aspect_norm`` from ``aspect`` (one call per distinct term)."""
        mentions = mentions.copy()
        unique = pd.unique(mentions["aspect"])
        mapping = dict(zip(unique, self(unique), strict=True))
        mentions["aspect_norm"] = mentions["aspect"].map(mapping)
        return mentions
