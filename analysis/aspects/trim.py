"""Trim function words off the edges of aspect spans: ``"grip of the"`` -> ``"grip"``.

The tagger sometimes lets a span run into a determiner, preposition or pronoun; such fragments
(``"the"``, ``"of the"``) must never surface as aspect terms. The stage trims leading and
trailing function words, moves ``start``/``end`` with them (so ``text[start:end] == aspect``
still holds) and drops spans made of function words only. Inner words are kept (``"ease of
use"``, ``"value for money"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

# Determiners, pronouns, prepositions, conjunctions and auxiliaries. Verb particles that end
# real terms ("set up", "add on", "plug in") are left out on purpose.
FUNCTION_WORDS = frozenset(
    str.split(
        """
    the a an this that these those some any each every no all both another either neither much
    many more most few less such what which whose whatever my your his her its our their mine
    yours hers ours theirs i me you he she it we they him us them myself yourself itself
    ourselves themselves who whom someone something anyone anything everyone everything nobody
    nothing of for with to from at by about into onto than as via per between among through
    during without within upon toward towards across against around along beside besides
    beyond despite except like unlike since until till and or but nor so yet if because while
    although though whether unless whereas is are was were be been being am do does did done
    have has had having will would can could should may might must shall 's 're 've 'll 'd 'm
    it's that's there's i'm i've don't doesn't didn't isn't wasn't won't can't not n't very
    too also just really even only quite
        """
    )
)
_TOKEN = re.compile(r"\S+")
_EDGE_PUNCT = re.compile(r"^[^\w']+|[^\w']+$")


def _is_function(token: str) -> bool:
    word = _EDGE_PUNCT.sub("", token.lower().replace("’", "'"))
    return word == "" or word in FUNCTION_WORDS


def trim_span(aspect: str) -> tuple[int, int] | None:
    """Offsets ``(lo, hi)`` of the trimmed term inside ``aspect``; ``None`` when nothing is left.

    Only whole whitespace-separated tokens are removed, so the result is a substring of the
    original span; words in the middle are kept.
    """
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(aspect)]
    first, last = 0, len(tokens) - 1
    while first <= last and _is_function(aspect[tokens[first][0] : tokens[first][1]]):
        first += 1
    while last >= first and _is_function(aspect[tokens[last][0] : tokens[last][1]]):
        last -= 1
    if first > last:
        return None
    return tokens[first][0], tokens[last][1]


@dataclass
class FunctionWordTrimmer:
    """Stage: trim function words off ``aspect`` and shift ``start``/``end`` to match.

    Needs ``aspect``, ``start`` and ``end`` columns; rows left empty are dropped.
    """

    def transform(self, mentions: pd.DataFrame) -> pd.DataFrame:
        if mentions.empty:
            return mentions
        spans = [trim_span(str(a)) for a in mentions["aspect"]]
        keep = [s is not None for s in spans]
        out = mentions[keep].copy()
        bounds = [s for s in spans if s is not None]
        lo = pd.Series([b[0] for b in bounds], index=out.index, dtype="int64")
        hi = pd.Series([b[1] for b in bounds], index=out.index, dtype="int64")
        out["aspect"] = [a[i:j] for a, i, j in zip(out["aspect"].astype(str), lo, hi, strict=True)]
        out["end"] = out["start"].astype("int64") + hi
        out["start"] = out["start"].astype("int64") + lo
        return out
