"""Aspects: normalisation, taxonomy, categorisation and the stage chain that applies them."""

from analysis.aspects.absa import AspectChain, AspectFilter, Passthrough
from analysis.aspects.categorize import AspectCategorizer
from analysis.aspects.embeddings import CachedEmbedder
from analysis.aspects.normalize import AspectNormalizer, singularize
from analysis.aspects.recategorise import recategorise
from analysis.aspects.taxonomy import (
    OTHER,
    Category,
    Taxonomy,
    TaxonomyError,
    load_taxonomy,
    taxonomy_from_dict,
)

__all__ = [
    "OTHER",
    "AspectCategorizer",
    "AspectChain",
    "AspectFilter",
    "AspectNormalizer",
    "CachedEmbedder",
    "Category",
    "Passthrough",
    "Taxonomy",
    "TaxonomyError",
    "load_taxonomy",
    "recategorise",
    "singularize",
    "taxonomy_from_dict",
]
