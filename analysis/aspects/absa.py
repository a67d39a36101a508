"""The aspect chain: filter -> normalize -> categorize, each a stage with ``transform(df)``.

Like setfit's AbsaModel, the stages share one signature and hand plain records (a DataFrame of
mentions with ``aspect``, ``polarity``... columns) to the next, so any stage can be swapped or
skipped (:class:`Passthrough`). Extraction and polarity come from the encoder's single pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

GENERIC_TERMS = frozenset(
    [
        "it",
        "this",
        "that",
        "thing",
        "things",
        "one",
        "ones",
        "item",
        "items",
        "product",
        "products",
        "stuff",
        "something",
        "everything",
        "anything",
        "nothing",
        "i",
        "me",
        "you",
        "we",
        "they",
        "he",
        "she",
        "them",
        "lot",
        "bit",
        "way",
        "time",
        "times",
    ]
)  # noqa: SIM905


@dataclass
class AspectFilter:
    """Drop mentions that are not aspects: empty, generic (``it``, ``thing``) or too long."""

    min_chars: int = 2
    max_words: int = 5
    generic_terms: frozenset[str] = GENERIC_TERMS

    def transform(self, mentions: pd.DataFrame) -> pd.DataFrame:
        term = mentions["aspect"].astype(str).str.strip().str.lower()
        keep = (
            (term.str.len() >= self.min_chars)
            & (term.str.split().str.len() <= self.max_words)
            & ~term.isin(self.generic_terms)
            & term.str.contains(r"\w", regex=True)
        )
        return mentions[keep]


@dataclass
class Passthrough:
    """A no-op stage (to skip one step of the chain)."""

    def transform(self, mentions: pd.DataFrame) -> pd.DataFrame:
        return mentions


@dataclass
class AspectChain:
    """Runs ``stages`` in order; each takes and returns a mentions DataFrame."""

    stages: list = field(default_factory=list)

    def transform(self, mentions: pd.DataFrame) -> pd.DataFrame:
        for stage in self.stages:
            mentions = stage.transform(mentions)
        return mentions.reset_index(drop=True)
