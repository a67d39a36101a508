"""The reader's result: a file's table as text, with the records it could not parse."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class RawTable:
    """A file read as text: ``frame`` (all columns str), its name, format and encoding.

    ``bad_rows`` lists ``(row, reason)`` for records the parser could not turn into a row;
    ``row_numbers`` holds the 1-based record number of each frame row (header not counted).
    ``notes`` says what the reader decided that the user should know (which sheet was read,
    where the header row was found, lines decoded with another encoding).
    """

    frame: pd.DataFrame
    source: str
    format: str
    encoding: str | None
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    row_numbers: list[int] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        """Data records in the file: parsed rows plus unparseable ones."""
        return len(self.frame) + len(self.bad_rows)

    def record_numbers(self) -> pd.Series:
        """1-based record number of every frame row."""
        if self.row_numbers is not None:
            return pd.Series(self.row_numbers, index=self.frame.index, dtype="int64")
        return pd.Series(range(1, len(self.frame) + 1), index=self.frame.index, dtype="int64")
