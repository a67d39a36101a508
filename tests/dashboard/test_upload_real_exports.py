"""Upload page acceptance: every real-export shape imports with the same counts as the CLI.

Each export of the acceptance corpus (tests/ingest/real_exports.py, built from ../shared/data)
goes through the page as a user would: upload, "Check files", import (confirming bulk
rejections where the page asks). The kept reviews, the rows that only repeat a kept review
(variant copies, exact duplicates) and the unusable rows must match the corpus expectations.
"""

from __future__ import annotations

import pytest

from analysis.ingest.losses import NON_LOSS_PREFIXES
from tests.dashboard.test_pages import run_page, texts
from tests.ingest.real_exports import BUILDERS

pytestmark = pytest.mark.shared



@pytest.mark.parametrize("name", list(BUILDERS))
def test_real_export_through_the_upload_page(name, empty_app, shared_data, tmp_path):
    path, expected = BUILDERS[name](shared_data, tmp_path)
    at = run_page("upload")
    at.file_uploader(key="review_files").upload(path.name, path.read_bytes(),
                                                "application/octet-stream")
    at.button[0].click().run()  # the form's "Check files"
    assert not at.exception, [e.message for e in at.exception]
    if at.warning:  # a bulk-rejection warning: the page asks before importing
        at.checkbox(key="accept_rejections").check().run()
    at.button(key="import_reviews").click().run()
    assert not at.exception, [e.message for e in at.exception]
    page = "\n".join([texts(at), *(e.value for e in [*at.success, *at.info, *at.warning])])
    assert f"Imported and analysed {expected.kept:,} reviews" in page
    copies = sum(n for reason, n in expected.rejected.items()
                 if reason.startswith(NON_LOSS_PREFIXES))
    unusable = sum(expected.rejected.values()) - copies
    if copies:
        assert f"{copies:,} row(s) repeat a review kept once" in page
    if unusable:
        rows = "1 row" if unusable == 1 else f"{unusable:,} rows"
        assert f"{rows} could not be used" in page
    else:
        assert "could not be used" not in page
