"""The layer rules of docs/architecture.md, checked on the imports the code really has.

Every ``import`` and ``from ... import`` (module level or inside a function) of ``analysis/``
and ``dashboard/`` is read with ``ast``. A rule broken by today's code is named in
``KNOWN_VIOLATIONS`` with the reason, so this test passes now, fails on any new violation, and
fails when a listed one is gone (then delete its line: the list only shrinks).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

ENGINE_PACKAGES = ("pipeline", "forecasting", "encoder", "sentiment", "aspects")
STORE_MAY_NOT_IMPORT = ("ingest", "forecasting", "encoder", "sentiment", "aspects", "pipeline",
                        "insights")
PAGE_MAY_IMPORT = ("analysis.services", "analysis.plots", "analysis.errors", "dashboard")

# (importing file, imported package) -> why it is still there. Each is a step of issue 10.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {
    # The store still knows the domain: review identity and the ingest/forecast result types.
    ("analysis/store/reviews.py", "analysis.ingest"):
        "takes IngestResult/REVIEW_COLUMNS and the ingest identity helpers",
    ("analysis/store/variants.py", "analysis.ingest"): "takes IngestResult",
    ("analysis/store/sales.py", "analysis.forecasting"): "takes ForecastResult",
    # The engines open the store themselves (the pipeline is not yet a pure transform).
    ("analysis/pipeline/analyzer.py", "analysis.store"):
        "ReviewAnalyzer.analyze reads and writes the store (ids, cache, results, catalogues)",
    ("analysis/aspects/recategorise.py", "analysis.store"):
        "re-categorising reads and rewrites stored mentions",
    ("analysis/aspects/catalogue_admin.py", "analysis.store"): "catalogue choices stored",
    ("analysis/forecasting/cached.py", "analysis.store"): "forecast cache read/written here",
    # Pages still call pure insights and other packages directly instead of a service.
    ("dashboard/app_pages/aspects.py", "analysis.insights"): "filters, aspect tables, search",
    ("dashboard/app_pages/compare.py", "analysis.insights"): "filters, kpis, compare tables",
    ("dashboard/app_pages/forecast.py", "analysis.insights"): "filters, sales link, timeseries",
    ("dashboard/app_pages/forecast.py", "analysis.forecasting"): "explain: words for the page",
    ("dashboard/app_pages/forecast.py", "analysis.ordering"): "natural sort of series names",
    ("dashboard/app_pages/overview.py", "analysis.insights"): "filters, kpis, tables, series",
    ("dashboard/app_pages/reports.py", "analysis.insights"): "filters, compare",
    ("dashboard/app_pages/reports.py", "analysis.reports"): "PDF and CSV exports built here",
    ("dashboard/app_pages/settings.py", "analysis.aspects"): "catalogue administration",
    ("dashboard/app_pages/strengths.py", "analysis.insights"): "filters, tables, quotes",
    ("dashboard/app_pages/trends.py", "analysis.insights"): "filters, trends, emerging issues",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module (or ``module.name``) the file imports, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.update(f"{base}.{alias.name}" if alias.name != "*" else base
                         for alias in node.names)
    return found


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _package(name: str) -> str:
    """``analysis.x`` for anything under ``analysis.x``; ``dashboard`` for the app."""
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "analysis" else parts[0]


def violations() -> set[tuple[str, str]]:
    """(file, imported package) for every import that breaks a layer rule."""
    broken: set[tuple[str, str]] = set()
    files = sorted([*ROOT.glob("analysis/**/*.py"), *ROOT.glob("dashboard/**/*.py")])
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        for name in imported_modules(path):
            if not _within(name, "analysis") and not _within(name, "dashboard"):
                continue  # third-party and standard library
            if _breaks_a_rule(rel, name):
                broken.add((rel, _package(name)))
    return broken


def _breaks_a_rule(rel: str, name: str) -> bool:
    if rel.startswith("analysis/") and _within(name, "dashboard"):
        return True  # nothing in analysis/ imports the app
    if rel.startswith("analysis/store/"):
        return any(_within(name, f"analysis.{p}") for p in STORE_MAY_NOT_IMPORT)
    if rel.startswith("analysis/insights/"):
        return _within(name, "analysis.store") or _within(name, "analysis.pipeline")
    if any(rel.startswith(f"analysis/{p}/") for p in ENGINE_PACKAGES):
        return _within(name, "analysis.store")
    if rel.startswith("dashboard/app_pages/"):
        return not any(_within(name, allowed) for allowed in PAGE_MAY_IMPORT)
    return False


def test_no_new_layer_violations():
    new = sorted(violations() - KNOWN_VIOLATIONS.keys())
    assert not new, ("imports that break the layer rules (docs/architecture.md); move the "
                     "work to the right layer:\n" + "\n".join(f"  {f} imports {p}"
                                                              for f, p in new))


def test_the_known_violations_are_still_there():
    fixed = sorted(KNOWN_VIOLATIONS.keys() - violations())
    assert not fixed, ("these no longer break a rule; delete them from KNOWN_VIOLATIONS:\n"
                       + "\n".join(f"  {f} -> {p}" for f, p in fixed))


@pytest.mark.parametrize(("rel", "name", "broken"), [
    ("analysis/insights/kpis.py", "dashboard.markdown", True),
    ("analysis/store/results.py", "analysis.ingest.identity", True),
    ("analysis/store/results.py", "analysis.errors", False),
    ("analysis/insights/kpis.py", "analysis.store.core", True),
    ("analysis/insights/kpis.py", "analysis.insights.strengths", False),
    ("analysis/sentiment/x.py", "analysis.store", True),
    ("analysis/services/views.py", "analysis.store.results", False),
    ("dashboard/app_pages/overview.py", "analysis.services.views", False),
    ("dashboard/app_pages/overview.py", "analysis.plots", False),
    ("dashboard/app_pages/overview.py", "dashboard.common", False),
    ("dashboard/app_pages/overview.py", "analysis.store.core", True),
])
def test_each_rule_is_checked(rel, name, broken):
    assert _breaks_a_rule(rel, name) is broken


def test_relative_imports_are_resolved(tmp_path, monkeypatch):
    package = tmp_path / "analysis" / "store"
    package.mkdir(parents=True)
    (package / "mod.py").write_text("from ..ingest import identity\nfrom . import core\n")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert imported_modules(package / "mod.py") == {"analysis.ingest.identity",
                                                    "analysis.store.core"}
