"""Fast whole-column string helpers (Arrow kernels / once per distinct value) for big exports."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def strip(column: pd.Series) -> pd.Series:
    """Strip surrounding whitespace from every value (missing -> ''), as object strings."""
    array = pa.array(column.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    trimmed = pc.fill_null(pc.utf8_trim_whitespace(array), "")
    return pd.Series(trimmed.to_numpy(zero_copy_only=False), index=column.index, dtype=object)


def is_blank(column: pd.Series) -> np.ndarray:
    """True where a value is missing, empty or only whitespace."""
    array = pa.array(column.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
    blank = pc.equal(pc.utf8_trim_whitespace(array), "")
    return np.asarray(pc.fill_null(blank, True).to_numpy(zero_copy_only=False), dtype=bool)


def map_distinct(column: pd.Series, func: Callable[[pd.Series], pd.Series]) -> np.ndarray:
    """Apply a vectorised ``func`` to the distinct values only, then spread back to all rows."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    results = np.asarray(func(pd.Series(uniques, dtype=column.dtype)))
    return results[codes]
