"""Package exports imported on first use (PEP 562), so that importing a light submodule of a
package (``analysis.forecasting.explain``, ``analysis.encoder.version``) does not pull in the
heavy libraries its siblings need (statsforecast, torch): every CLI command used to pay ~4 s
for them at start-up."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports ``exports[name]`` (a submodule of ``package``)
    the first time ``package.name`` is read."""

    def __getattr__(name: str) -> object:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
