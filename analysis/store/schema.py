"""Imports every module that registers store tables, so Store creates them all on open."""

# Each domain adds its module here (one line), e.g. `from analysis.store import reviews`.
from analysis.store import audit as _audit  # noqa: E402,F401
from analysis.store import catalogues as _catalogues  # noqa: E402,F401
from analysis.store import datasets as _datasets  # noqa: E402,F401
from analysis.store import privacy as _privacy  # noqa: E402,F401
from analysis.store import reruns as _reruns  # noqa: E402,F401
from analysis.store import results  # noqa: E402,F401
from analysis.store import reviews as _reviews  # noqa: F401
from analysis.store import sales as _sales  # noqa: E402,F401
