"""Review ingestion: read any export, map its columns, parse dates and ratings, reject bad rows."""

from analysis.ingest.readers import RawTable, read_bytes, read_table

__all__ = ["RawTable", "read_bytes", "read_table"]
