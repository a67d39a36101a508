"""Emerging issues: aspects whose negative mentions jump above their own recent baseline.

For each product and aspect, negative mentions are counted per week. The mean of the last
``recent_weeks`` is compared with the weeks before it (``baseline_weeks``): the alert fires
when the recent mean exceeds the baseline mean by ``k`` standard errors and the recent window
holds at least ``min_count`` negative mentions. The standard deviation has a Poisson floor
(``sqrt(mean)``, at least ``min_std``) so an aspect that was silent before does not alert on a
single complaint. Each alert carries the sentences behind it (most confident first) and the
size of the change: ``change`` (negative mentions a week, recent minus baseline) with a 95%
interval from the same standard error the score uses (the baseline's week-to-week spread,
Poisson-floored, over the recent weeks), so an alert's interval is always clear of zero.
:func:`describe_alert` says it in one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.insights.timeseries import period_start

ALERT_COLUMNS = ["product_id", "aspect", "recent_negative", "recent_weekly", "baseline_weekly",
                 "baseline_std", "z_score", "change", "change_lo", "change_hi", "quotes"]
Z95 = 1.96


@dataclass(frozen=True)
class EmergingConfig:
    """Parameters of the emerging-issue detector (validated on creation)."""

    recent_weeks: int = 4
    baseline_weeks: int = 12
    k: float = 3.0
    min_count: int = 5
    min_std: float = 0.5
    level: str = "aspect_norm"
    max_quotes: int = 3

    def __post_init__(self) -> None:
        if self.recent_weeks < 1 or self.baseline_weeks < 2:
            raise ValueError("recent_weeks must be >= 1 and baseline_weeks >= 2")
        if self.k <= 0 or self.min_count < 1 or self.min_std <= 0:
            raise ValueError("k and min_std must be positive, min_count at least 1")
        if self.level not in ("aspect_norm", "aspect", "category"):
            raise ValueError("level must be aspect_norm, aspect or category")


def emerging_issues(aspects: pd.DataFrame, config: EmergingConfig | None = None,
                    as_of: object = None) -> pd.DataFrame:
    """Ranked alerts (highest ``z_score`` first) with their quotes; empty when none."""
    config = config or EmergingConfig()
    negative = aspects[aspects["polarity"] == "negative"].dropna(subset=["date"])
    if negative.empty:
        return pd.DataFrame(columns=ALERT_COLUMNS)
    end_week = period_start(pd.Series([pd.Timestamp(as_of) if as_of is not None
                                       else pd.to_datetime(aspects["date"]).max()])).iloc[0]
    weeks = pd.date_range(end=end_week, periods=config.recent_weeks + config.baseline_weeks,
                          freq="7D")
    recent_weeks, baseline_weeks = weeks[-config.recent_weeks:], weeks[:-config.recent_weeks]
    negative = negative.assign(week=period_start(negative["date"]))
    negative = negative[negative["week"].isin(weeks)]
    if "product_id" not in negative:
        negative = negative.assign(product_id=None)
    rows = []
    for (product, aspect), group in negative.groupby(["product_id", config.level],
                                                     dropna=False):
        counts = group.groupby("week").size().reindex(weeks, fill_value=0)
        recent = counts.loc[recent_weeks]
        baseline = counts.loc[baseline_weeks]
        if recent.sum() < config.min_count:
            continue
        base_mean = float(baseline.mean())
        std = max(float(baseline.std(ddof=1)), np.sqrt(base_mean), config.min_std)
        z = (float(recent.mean()) - base_mean) / (std / np.sqrt(config.recent_weeks))
        if z < config.k:
            continue
        recent_rows = group[group["week"].isin(recent_weeks)]
        change = float(recent.mean()) - base_mean
        se = std / np.sqrt(config.recent_weeks)  # the score's own standard error
        rows.append({
            "product_id": product, "aspect": aspect, "recent_negative": int(recent.sum()),
            "recent_weekly": float(recent.mean()), "baseline_weekly": base_mean,
            "baseline_std": std, "z_score": z, "change": change,
            "change_lo": change - Z95 * se, "change_hi": change + Z95 * se,
            "quotes": _quotes(recent_rows, config.max_quotes),
        })
    if not rows:
        return pd.DataFrame(columns=ALERT_COLUMNS)
    return pd.DataFrame(rows, columns=ALERT_COLUMNS).sort_values(
        "z_score", ascending=False).reset_index(drop=True)


def describe_alert(alert: object, recent_weeks: int = 4) -> str:
    """``P-BAD · battery: 3.0 negative mentions a week in the last 4 weeks against 0.5 before
    (+2.5 a week, 95% CI +1.1 to +3.9; 12 in all)``. ``alert``: a row of the alerts frame."""
    return (f"{alert.product_id} · {alert.aspect}: {alert.recent_weekly:.1f} negative mentions "
            f"a week in the last {recent_weeks} weeks against {alert.baseline_weekly:.1f} "
            f"before ({alert.change:+.1f} a week, 95% CI {alert.change_lo:+.1f} to "
            f"{alert.change_hi:+.1f}; {alert.recent_negative} in all)")


def _quotes(rows: pd.DataFrame, limit: int) -> list[dict]:
    """The sentences behind an alert: distinct, most confident first."""
    if "sentence" not in rows:
        return [{"review_id": r, "sentence_index": None, "quote": None}
                for r in rows["review_id"].drop_duplicates().head(limit)]
    ordered = rows.sort_values(["confidence", "date"], ascending=[False, False]) \
        if "confidence" in rows else rows
    seen, quotes = set(), []
    for row in ordered.itertuples(index=False):
        text = str(row.sentence)
        if text in seen:
            continue
        seen.add(text)
        quotes.append({"review_id": row.review_id,
                       "sentence_index": getattr(row, "sentence_index", None),
                       "date": pd.Timestamp(row.date), "quote": text})
        if len(quotes) == limit:
            break
    return quotes
