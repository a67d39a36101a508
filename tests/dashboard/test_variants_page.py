"""The product view names the variants a product family covers (Overview and Strengths)."""

from __future__ import annotations

from analysis.services.views import product_variants, variants_caption
from analysis.store.core import Store
from tests.dashboard.test_pages import run_page, texts


def _link_variants(path) -> None:
    """Store P-GOOD's first review as shown on two size variants (as an import would)."""
    with Store(path) as store:
        store.execute("INSERT INTO reviews (review_id, product_id, text) "
                      "SELECT review_id, product_id, 'x' FROM review_results "
                      "WHERE product_id = 'P-GOOD' LIMIT 1")
        store.execute("INSERT INTO review_products SELECT review_id, v FROM reviews, "
                      "(VALUES ('P-GOOD-S'), ('P-GOOD-M')) t(v)")
        assert product_variants(store) == {"P-GOOD": ["P-GOOD-M", "P-GOOD-S"]}


def test_caption_lists_variants_only_for_families():
    assert variants_caption("A", ["A"]) is None
    assert variants_caption("A", ["A", "B"]) == (
        "A covers 2 variants: A, B. A review shown on several of them counts once.")
    many = variants_caption("A", [f"V{i}" for i in range(10)], shown=3)
    assert "V0, V1, V2 and 7 more" in many


def test_overview_and_strengths_show_the_variants(filled_db):
    _link_variants(filled_db)
    at = run_page("overview")
    assert "P-GOOD covers 2 variants: P-GOOD-M, P-GOOD-S" in texts(at).replace("\\", "")
    at = run_page("strengths")
    at.selectbox(key="sw_product").set_value("P-GOOD").run()
    assert not at.exception
    assert "P-GOOD covers 2 variants" in texts(at).replace("\\", "")
