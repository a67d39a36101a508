"""Review ingestion: read any export, map its columns, parse dates and ratings, reject bad rows."""

from analysis.ingest.losses import NON_LOSS_PREFIXES, Loss, check_losses, find_losses
from analysis.ingest.readers import RawTable, read_bytes, read_table
from analysis.ingest.reviews import (
    REJECTED_COLUMNS,
    REVIEW_COLUMNS,
    IngestResult,
    detect_columns,
    ingest_reviews,
    ingest_tables,
)

__all__ = [
    "NON_LOSS_PREFIXES",
    "REJECTED_COLUMNS",
    "Loss",
    "check_losses",
    "find_losses",
    "REVIEW_COLUMNS",
    "IngestResult",
    "RawTable",
    "detect_columns",
    "ingest_reviews",
    "ingest_tables",
    "read_bytes",
    "read_table",
]
