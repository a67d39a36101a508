"""Write an analysis to the CLI's files: reviews.csv, aspects.csv, rejected.csv, summary.json.

Review text is untrusted: cells starting with ``= + - @`` (spreadsheet formulas) are prefixed
with a single quote (:mod:`analysis.textsafety`), so opening them in Excel never runs anything.
Otherwise the ``text`` column keeps the review exactly as read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.textsafety import to_safe_csv

# The files ``analyze`` writes into its folder, by name.
OUTPUT_FILES = {"reviews": "reviews.csv", "aspects": "aspects.csv", "rejected": "rejected.csv",
                "summary": "summary.json"}


@dataclass
class AnalysisResult:
    """The outputs of one ``analyze`` call (see design.md's CLI contract for the columns).

    ``reused_run``: the earlier run whose stored results these are, when nothing had changed
    since (:mod:`analysis.services.rerun`); ``None`` when this run analysed.
    """

    reviews: pd.DataFrame
    aspects: pd.DataFrame
    rejected: pd.DataFrame
    summary: dict
    sentences: pd.DataFrame = field(default_factory=pd.DataFrame)
    reused_run: str | None = None

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write reviews.csv, aspects.csv, rejected.csv and summary.json into ``out_dir``."""
        return write_outputs(self, Path(out_dir))


def write_outputs(result, out_dir: Path) -> dict[str, Path]:
    """Write the four files; returns their paths by name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / file_name for name, file_name in OUTPUT_FILES.items()}
    reviews = result.reviews.copy()
    reviews["date"] = _iso_dates(pd.to_datetime(reviews["date"], errors="coerce"))
    to_safe_csv(reviews, paths["reviews"])
    to_safe_csv(result.aspects, paths["aspects"])
    to_safe_csv(result.rejected.reindex(columns=["source", "row", "reason"]), paths["rejected"])
    write_summary(result.summary, paths["summary"])
    return paths


def write_summary(summary: dict, path: Path) -> None:
    """summary.json: indented, non-ASCII kept as is."""
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str),
                    encoding="utf-8")


def _iso_dates(dates: pd.Series) -> pd.Series:
    """'YYYY-MM-DD', or with the time of day when any date has one (as ``reviewlens ingest``)."""
    known = dates.dropna()
    has_time = bool((known != known.dt.normalize()).any())
    return dates.dt.strftime("%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d")
