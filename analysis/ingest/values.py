"""Parse the small optional review fields: verified-purchase flags and helpful-vote counts."""

from __future__ import annotations

import pandas as pd

from analysis.ingest.textops import map_distinct

TRUE_WORDS = {"true", "yes", "y", "1", "t", "verified", "verified purchase", "是", "已验证", "ja",
              "sí", "si", "oui"}
FALSE_WORDS = {"false", "no", "n", "0", "f", "unverified", "否", "未验证", "nein", "non"}


def parse_verified(column: pd.Series) -> pd.Series:
    """True/False from yes/no words, ``None`` when empty or not a yes/no answer."""
    words = pd.Series(map_distinct(column.fillna("").astype(str),
                                   lambda u: u.str.strip().str.lower()), index=column.index)
    out = pd.Series([None] * len(column), index=column.index, dtype=object)
    out[words.isin(TRUE_WORDS)] = True
    out[words.isin(FALSE_WORDS)] = False
    return out


_COUNT = r"(\d{1,3}(?:,\d{3})+(?!\d)|\d+)"  # '1,234' is one count; '[2, 3]' starts with 2


def parse_helpful(column: pd.Series) -> pd.Series:
    """The first whole number in each value ('12', '1,234', '[2, 3]', '3 people found this
    helpful'); thousands separators as Amazon writes its ``vote`` strings are understood."""
    digits = column.fillna("").astype(str).str.extract(_COUNT, expand=False)
    digits = digits.str.replace(",", "", regex=False)
    return pd.to_numeric(digits, errors="coerce").astype("Int64")
