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


def parse_helpful(column: pd.Series) -> pd.Series:
    """The first whole number in each value ('12', '[2, 3]', '3 people found this helpful'),
    with thousands separators as Amazon writes votes ('1,234' -> 1234)."""
    digits = column.fillna("").astype(str).str.extract(_WHOLE_NUMBER, expand=False)
    return pd.to_numeric(digits.str.replace(",", "", regex=False), errors="coerce"
                         ).astype("Int64")


_WHOLE_NUMBER = r"(\d{1,3}(?:,\d{3})+(?![\d,])|\d+)"
