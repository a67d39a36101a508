"""Choose the review-text column from header names first, content second, and say why.

Real exports break simple content rules: marketplaces copy each review onto every size/color
variant (so an Amazon ``reviewText`` can be only ~20% distinct), and nested JSON flattens into
columns such as ``style.Size Name:`` that two records in three thousand have. So:

1. Candidates are ranked in tiers by name: the whole header is a text alias (``reviewText``,
   ``review_body``, ``评论内容``), then the last part of a nested name is (``review.body``), then
   the header contains a text keyword; columns matched by no name come last and qualify only
   by content (mostly letters, 15+ characters on average).
2. Content can rule a candidate out: numbers, identifiers, dates, links or JSON values, or no
   value at all. Repeated values never do.
3. A named column beats an unnamed one (a mostly empty ``Review Text`` still beats a full
   ``Device Note``: the loss check then says how many rows have no text); among named ones a
   populated column (a value in at least half the rows) beats a mostly empty one; then the
   better tier, then more text per row.

:func:`choose_text` returns the winner with a one-line explanation of every decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.ingest.dates import parse_dates

POPULATED = 0.5  # share of rows with a value for a column to count as populated
CONTENT_MIN_LENGTH = 15  # mean characters for an unnamed column to qualify as text
TIER_LABELS = {1: "its name is a review-text name", 2: "its nested name ends in a text name",
               3: "its name contains a text word", 4: "its content looks like free text"}

_HAS_LETTER = re.compile(r"[^\W\d_]")
_ID = re.compile(r"^(?=[^\s]*\d)[A-Za-z0-9][\w\-:.#/]{0,63}$")
_STRUCTURED = re.compile(r"^(?:\[|\{|https?://|www\.)", re.IGNORECASE)


@dataclass
class TextProfile:
    """What a column's sampled values look like, as shares of the sampled rows/values."""

    column: str
    tier: int
    filled: float  # share of sampled rows with a non-blank value
    mean_length: float  # over the filled values
    letters: float  # share of filled values containing a letter
    ids: float  # share of filled values that look like identifiers
    structured: float  # share that are links or JSON lists/objects
    dates: float  # share that parse as dates (only measured when needed)

    @property
    def per_row(self) -> float:
        """Characters of text per sampled row: what ranks populated candidates."""
        return self.filled * self.mean_length

    def contradiction(self) -> str | None:
        """Why the content says this is not review text, or None."""
        if self.filled == 0:
            return "it is empty"
        if self.dates >= 0.8:
            return "it holds dates"
        if self.letters < 0.5:
            return "it holds numbers, not words"
        if self.ids >= 0.8:
            return "it holds identifiers"
        if self.structured >= 0.8:
            return "it holds links or JSON values"
        if self.tier == 4 and (self.letters < 0.8 or self.mean_length < CONTENT_MIN_LENGTH):
            return f"its values are short (mean {self.mean_length:.0f} characters)"
        return None

    def describe(self) -> str:
        return (f"a value in {_pct(self.filled)} of rows, mean {self.mean_length:.0f} "
                "characters")


@dataclass
class TextChoice:
    """The chosen column (or None), why, and why each other candidate was passed over."""

    column: str | None
    reason: str
    passed_over: list[str] = field(default_factory=list)

    def explain(self) -> str:
        """One paragraph: the decision, then the runners-up."""
        text = self.reason
        if self.passed_over:
            text += "; passed over: " + "; ".join(self.passed_over[:5])
        return text


def _pct(share: float) -> str:
    if 0 < share < 0.01:
        return "<1%"
    return f"{share:.0%}"


def _non_blank(values: pd.Series) -> pd.Series:
    values = values.fillna("").astype(str).str.strip()
    return values[values != ""]


def profile(values: pd.Series, column: str, tier: int) -> TextProfile:
    """Measure one sampled column (dates only when the values are short)."""
    present = _non_blank(values)
    total = max(len(values), 1)
    if present.empty:
        return TextProfile(column, tier, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    lengths = present.str.len()
    letters = float(present.str.contains(_HAS_LETTER).mean())
    ids = float(present.str.match(_ID).mean())
    structured = float(present.str.match(_STRUCTURED).mean())
    dates = 0.0
    if float(lengths.mean()) <= 40:  # dates are short; "09 4, 2015" looks like a clause
        parsed = parse_dates(present)
        dates = 1.0 - parsed.unparsed / len(present)
    return TextProfile(column, tier, len(present) / total, float(lengths.mean()), letters, ids,
                       structured, dates)


def choose_text(sample: pd.DataFrame, tiers: dict[str, int]) -> TextChoice:
    """Pick the text column among ``tiers`` (free column -> name tier 1..4), see module doc."""
    profiles = [profile(sample[c], c, t) for c, t in tiers.items()]
    passed: list[str] = []
    usable: list[TextProfile] = []
    for prof in profiles:
        why = prof.contradiction()
        if why is None:
            usable.append(prof)
        elif prof.tier < 4 or (prof.filled > 0 and not why.startswith("its values are short")):
            passed.append(f"{prof.column!r} ({why})")
    if not usable:
        return TextChoice(None, "no column holds free text", passed)

    def rank(prof: TextProfile) -> tuple:
        return (prof.tier == 4, prof.filled < POPULATED, prof.tier, -prof.per_row)

    usable.sort(key=rank)
    best = usable[0]
    reason = f"{best.column!r}: {TIER_LABELS[best.tier]} ({best.describe()})"
    if best.filled < POPULATED:
        reason += "; no populated column is named as text, so this mostly empty one is used"
    for prof in usable[1:]:
        if prof.tier == 4 and best.tier < 4:
            why = f"not named as text, {prof.describe()}"
        elif prof.filled < POPULATED <= best.filled:
            why = f"mostly empty: a value in {_pct(prof.filled)} of rows"
        elif prof.tier > best.tier:
            why = f"{TIER_LABELS[prof.tier]}, a weaker match"
        else:
            why = f"less text per row ({prof.describe()})"
        passed.append(f"{prof.column!r} ({why})")
    return TextChoice(best.column, reason, passed)


def suggest_text_column(frame: pd.DataFrame, rows: pd.Index, exclude: str,
                        tiers: dict[str, int]) -> str | None:
    """The column :func:`choose_text` would pick among ``rows`` (where the chosen text column
    is empty), if it holds text in most of them; else None.

    Used to name the flag a user should pass (``--text-col reviewText``) when the chosen
    column is empty in most rows.
    """
    if not len(rows):
        return None
    sample = frame.loc[rows[:2000]]
    choice = choose_text(sample, {c: t for c, t in tiers.items() if c != exclude})
    if choice.column is None:
        return None
    return choice.column if profile(sample[choice.column], choice.column, 1).filled >= \
        POPULATED else None
