"""Aspect taxonomy: the categories aspects are grouped into, loaded from YAML or JSON.

A taxonomy file has ``categories:``, a list of ``{name, description, examples}``; an optional
``synonyms:`` map adds normalization merges. Mistakes are reported with the file and the entry
(``taxonomy.yaml: category 3 ("noise"): examples must be a list of strings``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis.config import PACKAGE_DIR
from analysis.errors import UserInputError

DEFAULT_TAXONOMY_PATH = PACKAGE_DIR / "resources" / "catalogues" / "general.yaml"
OTHER = "other"


class TaxonomyError(UserInputError):
    """A taxonomy file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Category:
    """One category: ``name`` shown to users, a ``description`` and ``examples`` for matching."""

    name: str
    description: str = ""
    examples: tuple[str, ...] = ()

    def prototypes(self) -> list[str]:
        """Texts an aspect is compared with: the name, the description, each example."""
        texts = [self.name.replace("/", " or "), *self.examples]
        if self.description:
            texts.append(self.description)
        return list(dict.fromkeys(texts))


@dataclass(frozen=True)
class Taxonomy:
    """An ordered set of categories plus extra synonym merges."""

    categories: tuple[Category, ...]
    synonyms: dict[str, str] = field(default_factory=dict)
    source: str = "default"

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.categories]

    def to_records(self) -> list[dict[str, Any]]:
        return [
            {"name": c.name, "description": c.description, "examples": list(c.examples)}
            for c in self.categories
        ]


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read a taxonomy file (YAML or JSON); ``None`` gives the packaged default."""
    path = Path(path) if path is not None else DEFAULT_TAXONOMY_PATH
    if not path.is_file():
        raise TaxonomyError(f"{path}: taxonomy file not found; pass an existing YAML or JSON file.")
    raw_text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(raw_text) if path.suffix.lower() == ".json" else yaml.safe_load(raw_text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise TaxonomyError(f"{path.name}: not valid {path.suffix[1:].upper()}: {exc}") from exc
    return taxonomy_from_dict(data, source=path.name)


def taxonomy_from_dict(data: Any, source: str = "taxonomy") -> Taxonomy:
    """Validate a parsed taxonomy document and build a :class:`Taxonomy`."""
    if isinstance(data, list):
        data = {"categories": data}
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        raise TaxonomyError(
            f"{source}: expected a mapping with a 'categories' list of "
            "{name, description, examples} entries."
        )
    if not data["categories"]:
        raise TaxonomyError(f"{source}: 'categories' is empty; give at least one category.")
    categories: list[Category] = []
    seen: set[str] = set()
    for number, entry in enumerate(data["categories"], start=1):
        categories.append(_category(entry, number, source, seen))
    synonyms = data.get("synonyms") or {}
    if not isinstance(synonyms, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in synonyms.items()
    ):
        raise TaxonomyError(f"{source}: 'synonyms' must map terms to terms (strings).")
    return Taxonomy(
        tuple(categories),
        {k.strip().lower(): v.strip().lower() for k, v in synonyms.items()},
        source,
    )


def _category(entry: Any, number: int, source: str, seen: set[str]) -> Category:
    if isinstance(entry, str):
        entry = {"name": entry}
    if not isinstance(entry, dict):
        raise TaxonomyError(f"{source}: category {number} must be a mapping with a 'name'.")
    name = entry.get("name")
    where = f"{source}: category {number}"
    if not isinstance(name, str) or not name.strip():
        raise TaxonomyError(f"{where} has no 'name'; every category needs a non-empty name.")
    name = name.strip()
    where = f'{where} ("{name}")'
    if name.lower() in seen:
        raise TaxonomyError(f"{where}: duplicate name; category names must be unique.")
    if name.lower() == OTHER:
        raise TaxonomyError(f"{where}: '{OTHER}' is reserved for aspects that fit no category.")
    seen.add(name.lower())
    description = entry.get("description", "") or ""
    if not isinstance(description, str):
        raise TaxonomyError(f"{where}: description must be a string.")
    examples = entry.get("examples", []) or []
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        raise TaxonomyError(f"{where}: examples must be a list of strings.")
    unknown = set(entry) - {"name", "description", "examples"}
    if unknown:
        raise TaxonomyError(
            f"{where}: unknown field(s) {sorted(unknown)}; allowed: name, description, examples."
        )
    return Category(name, description.strip(), tuple(e.strip() for e in examples if e.strip()))
