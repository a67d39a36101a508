"""Never lose most of a file quietly: find the rejection reasons that would, and stop on them.

A file whose rows are rejected in bulk almost always means a wrong guess (the text column,
the delimiter, a broken quote) rather than bad reviews, so ``ingest``/``analyze`` and the
upload page stop and say which reason, which column and what to do instead, unless the user
accepts the rejections explicitly. Rejections that lose nothing do not count: copies of a row
or review kept elsewhere (see :data:`NON_LOSS_PREFIXES`).

Rule, per file: one kind of reason rejects more than :data:`LOSS_SHARE` of its rows (and at
least :data:`MIN_LOSS_ROWS` rows, so a 4-row test file with one blank line passes), or the
rejections that lose data together take more than half of the file (any size).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.errors import RejectionsError

# Rejection reasons that lose nothing: the row's review is kept under another row. Extend this
# tuple when a new reason of that kind is added (e.g. variant copies of one review).
NON_LOSS_PREFIXES: tuple[str, ...] = (
    "exact duplicate of row",
    "duplicate of review",
    "variant copy of row",
    "repeats the header row",
)
LOSS_SHARE = 0.2
MIN_LOSS_ROWS = 5
MOST = 0.5
ACCEPT_FLAG = "--accept-rejections"

_NUMBER = re.compile(r"\d+")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


_LINKED = re.compile(r" \((?:in [^()]* )?linked to product [^)]*\)")


def loses_data(reason: str) -> bool:
    """False for reasons whose row is kept elsewhere (a duplicate or a copy)."""
    return not str(reason).startswith(NON_LOSS_PREFIXES)


def reason_kind(reason: str) -> str:
    """The reason with row numbers and quoted values generalised, to count rows per kind.

    ``"row has 3 fields but the header has 2"`` and ``"... 4 fields ..."`` are one kind; the
    quoted column name in ``"empty review text (column 'text')"`` stays (it is the same for
    every row of a file, and the message must name it).
    """
    reason = str(reason)
    if reason.startswith("empty review text"):
        return reason
    reason = _LINKED.sub("", reason)  # a variant copy names the variant it links; one kind
    return _NUMBER.sub("N", _QUOTED.sub("'…'", reason))


@dataclass
class Loss:
    """One reason that would reject too much of one file."""

    source: str
    kind: str
    rows: int
    rows_read: int
    text_column: str | None
    suggestion: str | None  # a column that holds text where the chosen one is empty

    @property
    def share(self) -> float:
        return self.rows / max(self.rows_read, 1)

    def advice(self) -> str:
        """What to do instead, naming the flag (and the upload form's equivalent)."""
        if self.kind.startswith("empty review text"):
            if self.suggestion:
                return (f"The text column {self.text_column!r} is empty in most of these rows; "
                        f"{self.suggestion!r} holds text there: use --text-col "
                        f"{_flag_value(self.suggestion)} (or pick it as the text column in the "
                        "upload form).")
            return (f"The text column {self.text_column!r} is empty in these rows; if another "
                    "column holds the review text, name it with --text-col COLUMN (or pick it "
                    "in the upload form).")
        if "fields but the header has" in self.kind:
            return ("The rows do not split into the header's columns: a value holds an unquoted "
                    "delimiter, or the delimiter was not recognised. Export the file again with "
                    "every text value quoted.")
        if "quote" in self.kind:
            return "A quote never closes: fix or remove it in the file and import it again."
        if "JSON" in self.kind:
            return "Export the file again: these lines are not complete JSON records."
        if self.kind.startswith("review_id"):
            return ("The id column does not identify reviews: name the column that does with "
                    "--id-col COLUMN.")
        return "Check the column mapping with `reviewlens inspect FILE`."

    def message(self) -> str:
        share = ">99%" if self.rows < self.rows_read and self.share > 0.99 else f"{self.share:.0%}"
        return (f"{self.source}: {self.rows:,} of {self.rows_read:,} rows ({share}) "
                f"would be rejected as \"{self.kind}\". {self.advice()}")


def _flag_value(column: str) -> str:
    return column if re.fullmatch(r"[\w.\-]+", column) else repr(column)


def find_losses(result) -> list[Loss]:
    """The reasons that would lose too much of a file in an ``IngestResult`` (see module doc)."""
    losses: list[Loss] = []
    rejected = result.rejected
    for source, stats in result.stats.items():
        rows_read = int(stats.get("rows_read", 0))
        mine = rejected[rejected["source"] == source]
        lossy = mine[[loses_data(r) for r in mine["reason"]]]
        if lossy.empty or not rows_read:
            continue
        counts = lossy["reason"].map(reason_kind).value_counts()
        text = result.mappings.get(source, {}).get("text")
        suggestion = stats.get("text_suggestion")
        for kind, rows in counts.items():
            if rows > LOSS_SHARE * rows_read and rows >= MIN_LOSS_ROWS:
                losses.append(Loss(source, str(kind), int(rows), rows_read, text, suggestion))
        if not any(loss.source == source for loss in losses) and len(lossy) > MOST * rows_read:
            kind, rows = str(counts.index[0]), int(counts.iloc[0])
            losses.append(Loss(source, kind, rows, rows_read, text, suggestion))
    return losses


def check_losses(result, accept: bool = False) -> list[Loss]:
    """Raise :class:`RejectionsError` when importing ``result`` would lose much of a file.

    With ``accept=True`` (``--accept-rejections``, or the upload form's confirmation) the
    losses are returned instead, for the caller to mention.
    """
    losses = find_losses(result)
    if losses and not accept:
        text = " ".join(loss.message() for loss in losses)
        raise RejectionsError(
            f"{text} Nothing was imported. To import the rest anyway (the rejected rows are "
            f"listed in rejected.csv with their reasons), pass {ACCEPT_FLAG} (or tick 'import "
            "anyway' in the upload form).", losses)
    return losses
