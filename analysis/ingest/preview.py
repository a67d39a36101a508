"""Dry runs of ingestion: what a file would give, before anything is stored.

``reviewlens inspect`` and the upload page show the same preview: the detected column per
field with why and three example values, the rows expected to be kept and rejected by reason
(a full ingest of the file that writes nothing), the warning :func:`check_losses` would raise,
and the flags that change the mapping. Sales files get the same: date, value and series
columns with examples, the frequency and the number of series. :func:`inspect_table` decides
reviews or sales by content unless told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.errors import IngestError
from analysis.ingest.columns import FIELD_FLAGS, FIELDS, explain_columns, text_tiers
from analysis.ingest.losses import ACCEPT_FLAG, Loss, find_losses, loses_data, reason_kind
from analysis.ingest.rawtable import RawTable
from analysis.ingest.reviews import ingest_tables

EXAMPLES = 3
EXAMPLE_WIDTH = 60
SALES_FLAGS = {"date": "--date-col", "value": "--value-col", "series": "--series-col"}
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def safe_example(value: object, width: int = EXAMPLE_WIDTH) -> str:
    """A value shortened to ``width`` characters and safe on a terminal or a page.

    Line breaks and tabs show as ``⏎``/``⇥``; other control characters (terminal escape
    sequences) and direction overrides become ``?``, so an example can neither move the cursor
    nor reorder what is around it.
    """
    text = str(value).replace("\r\n", "\n").replace("\n", "⏎").replace("\t", "⇥")
    text = _UNSAFE.sub("?", text)
    return text if len(text) <= width else text[: width - 1] + "…"


def example_values(values: pd.Series, count: int = EXAMPLES) -> list[str]:
    """The first ``count`` distinct non-blank values, made safe and short."""
    present = values.fillna("").astype(str)
    present = present[present.str.strip() != ""].drop_duplicates().head(count)
    return [safe_example(v) for v in present]


def _with_examples(base: dict, values: pd.Series | None) -> dict:
    found = example_values(values) if values is not None else []
    found += [""] * (EXAMPLES - len(found))
    return {**base, **{f"example {i + 1}": found[i] for i in range(EXAMPLES)}}


@dataclass
class ReviewPreview:
    """What ingesting one review file would give (nothing stored)."""

    source: str
    format: str
    encoding: str | None
    rows_read: int
    mapping: dict[str, str | None]
    fields: pd.DataFrame  # field, column, flag, why, example 1..3
    outcomes: pd.DataFrame  # outcome, rows, loses_data
    kept: int
    rejected: int
    losses: list[Loss]
    reader_notes: list[str] = field(default_factory=list)
    kind: str = "reviews"

    @property
    def warning(self) -> str | None:
        """The message ``ingest`` would stop with (exit status 2), or None."""
        if not self.losses:
            return None
        return " ".join(loss.message() for loss in self.losses)

    def override_flags(self) -> list[str]:
        """Flags that change the mapping, shown with this file's columns."""
        flags = [f"{flag} COLUMN" for flag in FIELD_FLAGS.values()]
        if self.losses:
            flags.append(ACCEPT_FLAG)
        return flags


def preview_review_table(table: RawTable, overrides: dict[str, str] | None = None
                         ) -> ReviewPreview:
    """Detect the mapping and dry-run the ingest of one table; raises IngestError if unusable."""
    explained = explain_columns(table.frame, table.source, overrides)
    result = ingest_tables([(table, "0" * 64)], overrides)
    rows = []
    for name in FIELDS:
        column = explained.mapping[name]
        base = {"field": name, "column": column or "", "flag": FIELD_FLAGS.get(name, ""),
                "why": explained.notes.get(name, "")}
        rows.append(_with_examples(base, table.frame[column] if column else None))
    rejected = result.rejected
    kinds = rejected["reason"].map(reason_kind) if len(rejected) else pd.Series(dtype=object)
    outcomes = [{"outcome": "kept", "rows": len(result.reviews), "loses_data": False}]
    for kind, count in kinds.value_counts().items():
        outcomes.append({"outcome": f"rejected: {kind}", "rows": int(count),
                         "loses_data": loses_data(str(kind))})
    return ReviewPreview(
        source=table.source, format=table.format, encoding=table.encoding,
        rows_read=table.rows_read, mapping=explained.mapping, fields=pd.DataFrame(rows),
        outcomes=pd.DataFrame(outcomes), kept=len(result.reviews), rejected=len(rejected),
        losses=find_losses(result), reader_notes=list(table.notes),
    )


@dataclass
class SalesPreview:
    """What importing one sales file would give (nothing stored or forecast)."""

    source: str
    format: str
    encoding: str | None
    rows_read: int
    layout: str  # "long" (date, value, series columns) or "wide" (one column per series)
    columns: pd.DataFrame  # role, column, flag, example 1..3
    freq: str
    series: int
    periods: int
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    issues: pd.DataFrame
    reader_notes: list[str] = field(default_factory=list)
    kind: str = "sales"

    def override_flags(self) -> list[str]:
        return [f"{flag} COLUMN" for flag in SALES_FLAGS.values()] + ["--freq F"]


def preview_sales_table(table: RawTable, date_col: str | None = None,
                        value_col: str | None = None, series_col: str | None = None,
                        freq: str | None = None) -> SalesPreview:
    """Dry-run the sales ingest of one table; raises IngestError when it is unusable."""
    from analysis.ingest.sales import ingest_sales_tables

    result = ingest_sales_tables([table], date_col, value_col, series_col, freq)
    mapping = result.mappings[table.source]
    frame = table.frame
    rows = [_with_examples({"role": "date", "column": mapping["date"], "flag": "--date-col"},
                           frame[mapping["date"]])]
    if mapping["layout"] == "long":
        rows.append(_with_examples({"role": "value", "column": mapping["value"],
                                    "flag": "--value-col"}, frame[mapping["value"]]))
        series = mapping["series"]
        rows.append(_with_examples({"role": "series", "column": series or "",
                                    "flag": "--series-col"},
                                   frame[series] if series else None))
    else:
        for column in mapping["wide"]:
            rows.append(_with_examples({"role": "value (one series)", "column": column,
                                        "flag": ""}, frame[column]))
    for column in mapping["events"]:
        rows.append(_with_examples({"role": "event flag", "column": column, "flag": ""},
                                   frame[column]))
    series = result.series
    dates = series["ds"] if len(series) else pd.Series(dtype="datetime64[ns]")
    return SalesPreview(
        source=table.source, format=table.format, encoding=table.encoding,
        rows_read=table.rows_read, layout=mapping["layout"], columns=pd.DataFrame(rows),
        freq=str(result.freq), series=int(series["unique_id"].nunique()),
        periods=int(dates.nunique()), first=dates.min() if len(dates) else None,
        last=dates.max() if len(dates) else None, issues=result.issues,
        reader_notes=list(table.notes),
    )


def detect_kind(table: RawTable) -> str:
    """``"reviews"`` or ``"sales"`` by content.

    A column named like review text means reviews; otherwise a date column with a value
    column named like sales (units, revenue, qty ...) means sales; otherwise free text means
    reviews, and numeric columns beside a date (one per product) mean sales.
    """
    from analysis.ingest.sales import map_sales_columns

    try:
        text = explain_columns(table.frame, table.source).mapping["text"]
    except IngestError:
        text = None
    if text is not None and text_tiers([text])[text] < 4:
        return "reviews"
    try:
        sales = map_sales_columns(table)
    except IngestError:
        return "reviews"
    if sales["layout"] == "long" or text is None:
        return "sales"
    return "reviews"


def inspect_table(table: RawTable, kind: str | None = None,
                  overrides: dict[str, str] | None = None, **sales_columns
                  ) -> ReviewPreview | SalesPreview:
    """The preview of one table as ``kind`` (``"reviews"``/``"sales"``; None: by content)."""
    kind = kind or detect_kind(table)
    if kind == "sales":
        return preview_sales_table(table, **sales_columns)
    return preview_review_table(table, overrides)
