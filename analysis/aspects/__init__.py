"""Aspects: normalization, taxonomy, categorization and the stage chain that applies them."""

from analysis.aspects.absa import AspectChain, AspectFilter, Passthrough
from analysis.aspects.catalogue_stage import CatalogueCategorizer
from analysis.aspects.catalogues import (
    CataloguePicker,
    catalogue_names,
    catalogue_titles,
    load_catalogue,
)
from analysis.aspects.categorize import AspectCategorizer, suggest_categories
from analysis.aspects.embeddings import CachedEmbedder
from analysis.aspects.normalize import AspectNormalizer, singularize
from analysis.aspects.taxonomy import (
    OTHER,
    Category,
    Taxonomy,
    TaxonomyError,
    load_taxonomy,
    taxonomy_from_dict,
)
from analysis.aspects.trim import FunctionWordTrimmer, trim_span

__all__ = [
    "OTHER",
    "AspectCategorizer",
    "CatalogueCategorizer",
    "CataloguePicker",
    "FunctionWordTrimmer",
    "catalogue_names",
    "catalogue_titles",
    "load_catalogue",
    "suggest_categories",
    "trim_span",
    "AspectChain",
    "AspectFilter",
    "AspectNormalizer",
    "CachedEmbedder",
    "Category",
    "Passthrough",
    "Taxonomy",
    "TaxonomyError",
    "load_taxonomy",
    "singularize",
    "taxonomy_from_dict",
]
