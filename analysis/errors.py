"""Errors a user can act on. Their message is one paragraph: which file/row/column, what to do."""

from __future__ import annotations


class UserInputError(Exception):
    """Input that ReviewLens cannot use; the CLI prints it and exits with status 2."""


class IngestError(UserInputError):
    """A whole input file is unusable (empty, binary, no text column, corrupt archive...)."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        super().__init__(f"{source}: {message}")



class RejectionsError(UserInputError):
    """Importing would lose much of a file: one reason rejects too many of its rows.

    ``losses`` holds the :class:`analysis.ingest.losses.Loss` records behind the message, so
    the upload page can show them and ask before importing anyway.
    """

    def __init__(self, message: str, losses: list) -> None:
        self.losses = losses
        super().__init__(message)
