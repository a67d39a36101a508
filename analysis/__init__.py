"""ReviewLens analysis package: ingestion, review understanding, trends, forecasting, reports.

Importable without Streamlit; the dashboard and the CLI are thin layers over it.
"""

__version__ = "0.1.0"
