"""An uploaded review file is parsed once: preview, a mapping correction and the import all
use the table read at upload (and ingest it exactly as reading the file again would)."""

from __future__ import annotations

from collections import Counter

import pandas as pd

import analysis.ingest
from analysis.ingest import ingest_reviews, ingest_tables, readers
from analysis.ingest import reviews as ingest_module
from analysis.services import uploads
from analysis.services.reviews import analyze_reviews
from analysis.store.core import Store
from tests.pipeline.fakes import FakeModel

SHOP = (b"Comment,Note,Stars,When\n"
        b"The battery died after a day,first order,1,2024-05-01\n"
        b"Great screen and fast delivery,second order,5,2024-05-02\n"
        b"Terrible sound,third order,2,2024-05-03\n")
OTHER = b"Review,Rating\nLove the price,5\nSlow shipping and bad packaging,1\n"


def _count_reads(monkeypatch) -> Counter:
    calls: Counter = Counter()
    real = readers.read_bytes

    def counting(data, source, *args, **kwargs):
        calls[source] += 1
        return real(data, source, *args, **kwargs)

    for module in (analysis.ingest, ingest_module, readers):
        monkeypatch.setattr(module, "read_bytes", counting)
    return calls


def test_preview_correction_and_import_read_each_file_once(tmp_path, monkeypatch):
    paths = [tmp_path / "shop.csv", tmp_path / "other.csv"]
    paths[0].write_bytes(SHOP)
    paths[1].write_bytes(OTHER)
    calls = _count_reads(monkeypatch)
    preview = uploads.preview_reviews(paths)
    assert [p.name for p in preview.paths] == ["shop.csv", "other.csv"]
    corrected = uploads.repreview_reviews(preview, {"text": "Comment"})
    assert corrected.errors.keys() == {"other.csv"}  # it has no column Comment
    assert corrected.previews["shop.csv"].mapping["text"] == "Comment"
    back = uploads.repreview_reviews(corrected, {})
    assert [p.name for p in back.paths] == ["shop.csv", "other.csv"] and not back.errors
    with Store(tmp_path / "s.duckdb") as store:
        result = analyze_reviews(store, back.paths, FakeModel(), back.overrides,
                                 tables=back.parsed())
    assert len(result.reviews) == 5
    assert calls == Counter({"shop.csv": 1, "other.csv": 1})


def test_the_parsed_tables_ingest_like_the_files(tmp_path):
    path = tmp_path / "shop.csv"
    path.write_bytes(SHOP)
    preview = uploads.preview_reviews([path])
    from_tables = ingest_tables(preview.parsed())
    from_file = ingest_reviews([path])
    pd.testing.assert_frame_equal(from_tables.reviews, from_file.reviews)
    assert from_tables.stats == from_file.stats
