"""``analyze --engine ray``: the encoder pass on Ray workers gives the local engine's files,
and a re-run of an unchanged store sends nothing to the workers."""

from __future__ import annotations

import json
import os
import signal

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.config import SAMPLE_DATA_DIR

pytestmark = [pytest.mark.scale, pytest.mark.model]


@pytest.fixture(scope="module")
def reviews_file(tmp_path_factory):
    """200 sample reviews (and one Spanish review, which is kept but not encoded)."""
    frame = pd.read_csv(SAMPLE_DATA_DIR / "sample_reviews.csv").head(200)
    extra = frame.iloc[:1].assign(review_id="ES1", review_text="La entrega fue rápida y el "
                                  "precio excelente, muy buen producto.")
    path = tmp_path_factory.mktemp("in") / "reviews.csv"
    pd.concat([frame, extra]).to_csv(path, index=False)
    return path


def _analyze(path, out, db, *extra):
    assert main(["analyze", str(path), "--out", str(out), "--db", str(db), *extra]) == 0
    return out


def _same_csv(left, right):
    a, b = pd.read_csv(left), pd.read_csv(right)
    assert list(a.columns) == list(b.columns) and len(a) == len(b)
    numeric = a.select_dtypes("number").columns
    pd.testing.assert_frame_equal(a.drop(columns=numeric), b.drop(columns=numeric))
    np.testing.assert_allclose(a[numeric].to_numpy(float), b[numeric].to_numpy(float),
                               rtol=1e-6, atol=1e-6, equal_nan=True)


def _summary(out):
    summary = json.loads((out / "summary.json").read_text())
    summary.pop("run_id", None)
    return summary


def test_ray_engine_writes_the_local_engines_files(reviews_file, tmp_path, local_ray, capsys):
    local = _analyze(reviews_file, tmp_path / "local", tmp_path / "local.duckdb")
    ray = _analyze(reviews_file, tmp_path / "ray", tmp_path / "ray.duckdb", "--engine", "ray")
    for name in ("reviews.csv", "aspects.csv", "rejected.csv"):
        _same_csv(local / name, ray / name)
    assert _summary(local) == _summary(ray)
    assert _summary(ray)["counts"]["sentences_encoded"] > 0


def test_rerun_of_an_unchanged_store_sends_nothing(reviews_file, tmp_path, local_ray):
    from analysis.ingest import ingest_reviews
    from analysis.scale.analyze import analyze_on_ray, encode_on_ray
    from analysis.services.analyzer import ReviewAnalyzer
    from analysis.store.core import Store

    store = Store(tmp_path / "s.duckdb")
    analyzer = ReviewAnalyzer(store)
    ingested = ingest_reviews([reviews_file])
    first = analyze_on_ray(analyzer, ingested)
    again = encode_on_ray(store, ingested.reviews, str(analyzer.model.version))
    assert again.sent == 0 and again.skipped == len(ingested.reviews) and again.encoded == 0
    second = analyzer.analyze(ingested)
    assert second.summary["counts"]["sentences_encoded"] == 0
    pd.testing.assert_frame_equal(first.reviews, second.reviews)


def _actor_processes() -> list[int]:
    from analysis.scale.runtime import processes_matching

    return [pid for pid in processes_matching("SentenceScorer") if pid != os.getpid()]


def test_a_killed_worker_loses_nothing(reviews_file, tmp_path, local_ray):
    """Kill one actor after the first block: Ray Data restarts it and retries its block; the
    cache ends complete, and the results equal the local engine's."""
    from analysis.ingest import ingest_reviews
    from analysis.scale.analyze import encode_on_ray
    from analysis.services.analyzer import ReviewAnalyzer
    from analysis.store.core import Store

    ingested = ingest_reviews([reviews_file])
    local = ReviewAnalyzer(Store(tmp_path / "local.duckdb")).analyze(ingested)
    store = Store(tmp_path / "ray.duckdb")
    analyzer = ReviewAnalyzer(store)
    killed = []

    def kill_one(done, total, stage):
        if done and not killed:
            actors = _actor_processes()
            if actors:
                os.kill(actors[0], signal.SIGKILL)
                killed.append(actors[0])

    stats = encode_on_ray(store, ingested.reviews, str(analyzer.model.version),
                          progress=kill_one, block_reviews=25)
    assert killed, "no actor process was found to kill"
    assert stats.skipped == 0 and stats.sent > 0
    result = analyzer.analyze(ingested)
    assert result.summary["counts"]["sentences_encoded"] == 0  # all came from the workers
    # Blocks of 25 put other sentences in each padded encoder batch than the local engine's
    # one length-sorted pass: probabilities then differ in the 6th decimal (float rounding of
    # other matrix shapes), labels and aspects not at all.
    pd.testing.assert_frame_equal(local.reviews, result.reviews, rtol=0, atol=1e-4)
    pd.testing.assert_frame_equal(local.aspects, result.aspects, rtol=0, atol=1e-4)
