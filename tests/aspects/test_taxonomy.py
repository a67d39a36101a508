"""Taxonomy files: the packaged default loads; mistakes name the file and the entry."""

from __future__ import annotations

import json

import pytest

from analysis.aspects import TaxonomyError, load_taxonomy, taxonomy_from_dict
from analysis.errors import UserInputError


def test_default_taxonomy_is_the_general_catalogue():
    taxonomy = load_taxonomy()
    for name in ["quality", "price/value", "delivery/shipping", "packaging", "customer service",
                 "returns/refunds", "durability", "ease of use", "performance", "size",
                 "design/look"]:  # fmt: skip
        assert name in taxonomy.names
    # Domain categories belong to their catalogues, not to the fallback.
    assert not {"battery", "taste/flavor", "display/screen"} & set(taxonomy.names)
    for category in taxonomy.categories:
        assert category.description and category.examples


def test_yaml_and_json_files_load(tmp_path):
    yaml_file = tmp_path / "tax.yaml"
    yaml_file.write_text(
        "categories:\n  - name: ink\n    description: ink flow\n    examples: [ink, refill]\n"
        "synonyms:\n  Cartridge: Refill\n"
    )
    taxonomy = load_taxonomy(yaml_file)
    assert taxonomy.names == ["ink"]
    assert taxonomy.categories[0].examples == ("ink", "refill")
    assert taxonomy.synonyms == {"cartridge": "refill"}
    assert taxonomy.source == "tax.yaml"
    json_file = tmp_path / "tax.json"
    json_file.write_text(json.dumps([{"name": "grip"}, "colour"]))
    assert load_taxonomy(json_file).names == ["grip", "colour"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"categories": []}, "empty"),
        ({"cats": []}, "'categories' list"),
        ({"categories": [{"description": "no name"}]}, "category 1 has no 'name'"),
        ({"categories": [{"name": "a"}, {"name": "A"}]}, 'category 2 \\("A"\\): duplicate'),
        ({"categories": [{"name": "other"}]}, "reserved"),
        ({"categories": [{"name": "a", "examples": "ink"}]}, "examples must be a list"),
        ({"categories": [{"name": "a", "colour": 1}]}, "unknown field"),
        ({"categories": [{"name": "a"}], "synonyms": ["x"]}, "synonyms"),
    ],
)
def test_invalid_documents_are_explained(document, message):
    with pytest.raises(TaxonomyError, match=message):
        taxonomy_from_dict(document, source="mine.yaml")


def test_file_errors_are_user_errors(tmp_path):
    with pytest.raises(UserInputError, match="not found"):
        load_taxonomy(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("categories: [unclosed\n")
    with pytest.raises(TaxonomyError, match="broken.yaml: not valid YAML"):
        load_taxonomy(broken)
