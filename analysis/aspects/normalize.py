"""Aspect-term normalization: one canonical key per thing people talk about.

``"The batteries"``, ``"battery life"`` and ``"my battery's"`` all become ``"battery"``, so counts
and trends are not split across spellings. Steps: lower-case, trim punctuation, drop leading
determiners/possessives and a trailing possessive, lemmatise the head (last) word with
lemminflect (``shoes`` -> ``shoe``), then merge synonyms (a user-extendable map applied to the
whole phrase).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

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
# Plurals that name one thing (plurale tantum) or read better plural: kept as they are.
KEEP_PLURAL = frozenset(
    str.split(
        """
    jeans pants trousers shorts leggings tights pajamas pyjamas overalls briefs panties boxers
    glasses sunglasses goggles binoculars scissors pliers tongs tweezers clippers headphones
    earphones clothes goods electronics news series species suds media data thanks
    instructions
        """
    )
)
# Nouns whose lemminflect lemma is wrong or ambiguous for product reviews.
_IRREGULAR = {
    "leaves": "leaf",
    "calories": "calorie",
    "veggies": "veggie",
    "cookies": "cookie",
    "lenses": "lens",
    "dice": "dice",
    "brownies": "brownie",
    "smoothies": "smoothie",
    "hoodies": "hoodie",
    "beanies": "beanie",
    "selfies": "selfie",
    "movies": "movie",
}
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_SPACES = re.compile(r"\s+")
_WORDLIKE = re.compile(r"^[a-z][a-z'-]*[a-z]$")


def _rule_singular(word: str) -> str:
    """Fallback when the lemmatizer is not installed: conservative suffix rules."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes", "sses")):
        return word[:-2]
    return word[:-1]


@lru_cache(maxsize=65536)
def singularize(word: str) -> str:
    """Plural noun -> singular for one lower-case word (``"shoes"`` -> ``"shoe"``).

    Uses lemminflect's dictionary (with its own rules for unknown words); plurale tantum words
    (``jeans``, ``scissors``) stay plural and a few ambiguous lemmas are fixed by hand.
    Tokens that are not plain words (``"ps4"``, ``"2"``) are returned unchanged.
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in KEEP_PLURAL or not _WORDLIKE.match(word) or len(word) <= 3:
        return word
    try:
        from lemminflect import getLemma
    except ImportError:  # pragma: no cover - lemminflect is a dependency
        return _rule_singular(word)
    lemmas = getLemma(word, upos="NOUN")
    return lemmas[0] if lemmas and lemmas[0] else word


@dataclass
class AspectNormalizer:
    """Callable ``normalizer(terms) -> list[str]``; also ``normalizer.one(term)``.

    ``synonyms`` extends (and overrides) :data:`DEFAULT_SYNONYMS`; keys are normalized phrases.
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
