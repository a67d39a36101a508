"""Chinese aspect terms from a keyword taxonomy, with exact character offsets.

Chinese has no spaces, and the English span tagger does not read Han characters, so aspects are
the taxonomy's terms found in each clause (longest term first at each position, so 服务态度 is
one aspect, not 服务). Terms that touch form one noun compound, as a reader names it: 快递 +
服务态度 -> 快递服务态度, 售后 + 服务 -> 售后服务. A term's aspect norm is its ``norm``
(快递 -> 物流) and its category the taxonomy category it is listed under; a compound takes those
of its longest part (the first of equal length). Offsets index the text given, so
``text[start:end]`` is always the term as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

TAXONOMY_PATH = Path(__file__).resolve().parents[1] / "resources" / "zh_taxonomy.yaml"


@dataclass(frozen=True)
class ZhTerm:
    """A taxonomy term: how it is written, the aspect it stands for and its category."""

    term: str
    norm: str
    category: str


@dataclass(frozen=True)
class ZhMatch:
    """One aspect found in a text: half-open ``[start, end)`` offsets into that text."""

    start: int
    end: int
    term: str
    norm: str
    category: str


def parse_taxonomy(data: dict, source: str = "<dict>") -> dict[str, ZhTerm]:
    """``{"categories": {name: [term | "term: norm", ...]}}`` -> terms by spelling."""
    categories = data.get("categories") if isinstance(data, dict) else None
    if not isinstance(categories, dict) or not categories:
        raise ValueError(f"{source}: expected a 'categories' mapping of category -> term list")
    terms: dict[str, ZhTerm] = {}
    for category, entries in categories.items():
        if not isinstance(entries, list):
            raise ValueError(f"{source}: category {category!r} must list its terms")
        for entry in entries:
            spelled, norm = _split_entry(entry)
            if not spelled:
                raise ValueError(f"{source}: empty term under {category!r}")
            if spelled in terms:
                raise ValueError(
                    f"{source}: term {spelled!r} is listed under both "
                    f"{terms[spelled].category!r} and {category!r}"
                )
            terms[spelled] = ZhTerm(spelled, norm, str(category))
    return terms


def _split_entry(entry) -> tuple[str, str]:
    """``"快递"`` -> (快递, 快递); ``"送达: 送货"`` or ``{送达: 送货}`` -> (送达, 送货)."""
    if isinstance(entry, dict) and len(entry) == 1:
        spelled, norm = next(iter(entry.items()))
    elif isinstance(entry, str) and ":" in entry:
        spelled, norm = entry.split(":", 1)
    else:
        spelled = norm = entry
    spelled, norm = str(spelled).strip(), str(norm).strip()
    return spelled, norm or spelled


@lru_cache(maxsize=4)
def load_zh_taxonomy(path: str = str(TAXONOMY_PATH)) -> dict[str, ZhTerm]:
    """The taxonomy file (default: the packaged one) as terms by spelling."""
    with open(path, encoding="utf-8") as handle:
        return parse_taxonomy(yaml.safe_load(handle), source=path)


class ChineseAspectFinder:
    """Finds taxonomy terms in Chinese text: ``finder.find(text) -> [ZhMatch, ...]``."""

    def __init__(self, terms: dict[str, ZhTerm] | None = None) -> None:
        self.terms = terms if terms is not None else load_zh_taxonomy()
        ordered = sorted(self.terms, key=len, reverse=True)  # longest alternative wins
        self._pattern = re.compile("|".join(re.escape(t) for t in ordered))

    @property
    def categories(self) -> list[str]:
        return sorted({t.category for t in self.terms.values()})

    def find(self, text: str) -> list[ZhMatch]:
        found: list[ZhMatch] = []
        head: ZhTerm | None = None  # the longest part of the compound being built
        for match in self._pattern.finditer(text):
            term = self.terms[match.group()]
            if found and found[-1].end == match.start():
                last = found.pop()
                head = term if len(term.term) > len(head.term) else head
                found.append(ZhMatch(last.start, match.end(), text[last.start : match.end()],
                                     head.norm, head.category))  # fmt: skip
                continue
            head = term
            found.append(ZhMatch(match.start(), match.end(), match.group(), term.norm,
                                 term.category))  # fmt: skip
        return found

    def lookup(self, aspect: str) -> ZhMatch | None:
        """The match covering the whole of ``aspect`` (a term or a compound of terms)."""
        if aspect in self.terms:
            term = self.terms[aspect]
            return ZhMatch(0, len(aspect), aspect, term.norm, term.category)
        found = self.find(aspect)
        if len(found) == 1 and (found[0].start, found[0].end) == (0, len(aspect)):
            return found[0]
        return None
