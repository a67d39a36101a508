"""Review signals next to sales: lagged correlation as evidence, not as a causal claim.

For each product with both reviews and a sales series, weekly complaint volume (negative
mentions) or net sentiment of each aspect/category is correlated with the product's sales
``lag`` periods later (lag 0..``max_lag``). Each row carries the number of paired periods and
a two-sided p-value, and the table a note that correlation is not causation: seasonality,
promotions or stock-outs can drive both.
"""

from __future__ import annotations

import pandas as pd
from scipy import stats

from analysis.forecasting.frequency import detect_frequency, snap_to_frequency

NOTE = ("Correlation is not causation: a shared season, a promotion or a stock-out can move "
        "reviews and sales together. Treat these as leads to check, with their n.")
LINK_COLUMNS = ["product_id", "aspect", "signal", "lag", "correlation", "p_value", "n"]


def weekly_signal(aspects: pd.DataFrame, freq: str, level: str = "category",
                  signal: str = "complaints") -> pd.DataFrame:
    """Per product, aspect and period: complaint count or net sentiment of mentions."""
    dated = aspects.dropna(subset=["date"])
    work = pd.DataFrame({"product_id": dated["product_id"].astype(str),
                         "aspect": dated[level], "ds": snap_to_frequency(dated["date"], freq),
                         "neg": (dated["polarity"] == "negative").astype(float),
                         "pos": (dated["polarity"] == "positive").astype(float)})
    grouped = work.groupby(["product_id", "aspect", "ds"]).agg(
        neg=("neg", "sum"), pos=("pos", "sum"), n=("neg", "size")).reset_index()
    if signal == "complaints":
        grouped["value"] = grouped["neg"]
    elif signal == "net_sentiment":
        grouped["value"] = (grouped["pos"] - grouped["neg"]) / grouped["n"]
    else:
        raise ValueError("signal must be 'complaints' or 'net_sentiment'")
    return grouped[["product_id", "aspect", "ds", "value"]]


def sales_link(aspects: pd.DataFrame, sales: pd.DataFrame, max_lag: int = 4,
               level: str = "category", signal: str = "complaints", min_periods: int = 8,
               freq: str | None = None) -> pd.DataFrame:
    """Correlation of each aspect's signal with the product's sales ``lag`` periods later.

    ``sales`` is long (``unique_id, ds, y``) with ``unique_id`` equal to ``product_id``.
    Periods without mentions count as 0 complaints (net sentiment: skipped). Pairs with fewer
    than ``min_periods`` periods or a constant side are left out. The note is in
    ``frame.attrs["note"]``.
    """
    if sales.empty or aspects.empty:
        return _empty()
    freq = freq or detect_frequency(sales["ds"])
    signals = weekly_signal(aspects, freq, level, signal)
    rows = []
    for product, history in sales.groupby(sales["unique_id"].astype(str)):
        y = history.set_index(snap_to_frequency(history["ds"], freq))["y"].astype(float)
        y = y.groupby(level=0).sum()
        for aspect, group in signals[signals["product_id"] == product].groupby("aspect"):
            x = group.set_index("ds")["value"]
            if signal == "complaints":
                x = x.reindex(y.index, fill_value=0.0)
            for lag in range(max_lag + 1):
                shifted = y.shift(-lag)
                pair = pd.concat([x, shifted], axis=1, keys=["x", "y"]).dropna()
                if len(pair) < min_periods or pair["x"].std() == 0 or pair["y"].std() == 0:
                    continue
                r, p = stats.pearsonr(pair["x"], pair["y"])
                rows.append({"product_id": product, "aspect": aspect, "signal": signal,
                             "lag": lag, "correlation": float(r), "p_value": float(p),
                             "n": len(pair)})
    out = pd.DataFrame(rows, columns=LINK_COLUMNS) if rows else _empty()
    out = out.sort_values("p_value").reset_index(drop=True)
    out.attrs["note"] = NOTE
    return out


def _empty() -> pd.DataFrame:
    out = pd.DataFrame(columns=LINK_COLUMNS)
    out.attrs["note"] = NOTE
    return out


def link_strength(correlation: float) -> str:
    """Plain words for |r|: weak (<0.3), moderate (<0.6) or strong."""
    size = abs(correlation)
    return "weak" if size < 0.3 else "moderate" if size < 0.6 else "strong"
