"""Normalize a column of ratings to the 1-5 scale.

Understands plain numbers (the scale, 1-5, 1-10 or 0-100, is inferred from the whole column),
percentages, explicit fractions ("4/5", "8 / 10", "4.0 out of 5 stars"), star glyphs
("★★★★☆") and Chinese forms ("4星", "五星", "4分"). A value that cannot be read, or lies outside
the inferred scale, becomes NaN and is counted; it is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

_NUMBER = re.compile(r"^[+]?(\d+(?:[.,]\d+)?)\s*(%?)$")
_FRACTION = re.compile(
    r"^(\d+(?:[.,]\d+)?)\s*(?:/|out of|of|von|sur|de|分\s*/|满分)\s*(\d+(?:[.,]\d+)?)"
    r"(?:\s*(?:stars?|points?|分|星|sterne|étoiles|estrellas))?\.?$",
    re.IGNORECASE,
)
_UNIT = re.compile(
    r"^(\d+(?:[.,]\d+)?)\s*(?:stars?|star rating|分|星|颗星|sterne|étoiles|estrellas)$",
    re.IGNORECASE,
)
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10}
_CN = re.compile(r"^([一二两三四五六七八九十])\s*(?:星|颗星|分)$")
_FILLED, _EMPTY = "★⭐✭✮✯", "☆✩"

SCALES: dict[str, tuple[float, float]] = {"1-5": (1, 5), "1-10": (1, 10), "0-100": (0, 100),
                                          "0-1": (0, 1)}


@dataclass
class RatingParse:
    """Ratings on 1-5 (float, NaN when missing or unreadable) plus counts and the scale used."""

    values: pd.Series
    missing: int
    unparsed: int
    scale: str
    empty_mask: np.ndarray  # True where the cell was empty (missing, not unparseable)


def to_five(value: float, low: float, high: float) -> float:
    """Map ``value`` on ``low..high`` linearly onto 1..5."""
    return 1 + 4 * (value - low) / (high - low)


def parse_ratings(column: pd.Series) -> RatingParse:
    """Parse a rating column; the scale of bare numbers is inferred from the whole column."""
    codes, raw = pd.factorize(column.fillna("").astype(str), sort=False)
    uniques = pd.Series(raw, dtype=object).str.strip()
    bare, explicit = _read_uniques(uniques)
    scale = infer_scale(bare.to_numpy()[codes] if len(uniques) else np.array([]))
    low, high = SCALES[scale]
    in_range = bare.between(low, high)
    from_bare = to_five(bare.where(in_range), low, high)
    combined = explicit.where(explicit.notna(), from_bare)
    values = pd.Series(
        combined.to_numpy()[codes] if len(uniques) else np.array([], dtype=float),
        index=column.index, dtype="float64",
    )
    empty = (uniques == "").to_numpy()[codes] if len(uniques) else np.zeros(0, dtype=bool)
    missing = int(empty.sum())
    unparsed = int((values.isna().to_numpy() & ~empty).sum())
    return RatingParse(values, missing, unparsed, scale, empty)


def infer_scale(numbers: np.ndarray) -> str:
    """The scale bare numbers are on: 1-5 unless values above 5 / 10 show otherwise.

    Fractional values all within 0..1 (e.g. 0.8) mean a 0-1 score.
    """
    finite = numbers[np.isfinite(numbers)] if len(numbers) else numbers
    if not len(finite):
        return "1-5"
    top = float(np.max(finite))
    if top <= 1 and bool(np.any(finite % 1 != 0)):
        return "0-1"
    if top <= 5:
        return "1-5"
    if top <= 10:
        return "1-10"
    return "0-100"


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _read_uniques(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Split distinct values into bare numbers (scale unknown) and self-describing ratings."""
    bare = pd.Series(np.nan, index=values.index, dtype="float64")
    explicit = pd.Series(np.nan, index=values.index, dtype="float64")
    for idx, value in values.items():
        if not value:
            continue
        number = _NUMBER.match(value)
        if number:
            if number.group(2):  # percentage
                pct = _number(number.group(1))
                explicit[idx] = to_five(pct, 0, 100) if pct <= 100 else np.nan
            else:
                bare[idx] = _number(number.group(1))
            continue
        explicit[idx] = _read_explicit(value)
    return bare, explicit


def _read_explicit(value: str) -> float:
    lowered = value.lower()
    fraction = _FRACTION.match(lowered)
    if fraction:
        got, out_of = _number(fraction.group(1)), _number(fraction.group(2))
        low = 0 if out_of >= 100 else 1
        if out_of > low and low <= got <= out_of:
            return to_five(got, low, out_of)
        if out_of > 0 and 0 <= got < low:
            return 1.0
        return np.nan
    unit = _UNIT.match(lowered)
    if unit:
        got = _number(unit.group(1))
        return got if 1 <= got <= 5 else np.nan
    chinese = _CN.match(value)
    if chinese:
        got = _CN_DIGITS[chinese.group(1)]
        return float(got) if got <= 5 else np.nan
    stars = [ch for ch in value if not ch.isspace()]
    if stars and all(ch in _FILLED + _EMPTY for ch in stars):
        filled = sum(ch in _FILLED for ch in stars)
        if len(stars) == 5 and filled >= 1:
            return float(filled)
        if len(stars) < 5 and filled == len(stars):
            return float(filled)
    return np.nan
