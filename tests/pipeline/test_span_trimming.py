"""Through the analyzer: a tagger that over-extends spans never yields function-word terms,
and every stored mention still indexes the review text."""

from __future__ import annotations

import re

import pandas as pd

from analysis.encoder import AspectSpan, SentencePrediction
from analysis.services.analyzer import ReviewAnalyzer
from analysis.store.core import Store
from tests.pipeline.fakes import FakeModel, cue_probs

# Over-extended or empty spans, as a weak tagger produces them.
SPANS = re.compile(r"(?i)\b(the grip of the|of the|the|training shoes and)\b")


class SloppyModel(FakeModel):
    def predict(self, sentences, progress=None):
        out = []
        for text in sentences:
            probs = cue_probs(text)
            spans = [AspectSpan(m.start(), m.end(), m.group(), "positive", probs, 0.9)
                     for m in SPANS.finditer(text)]
            out.append(SentencePrediction(probs, spans))
        return out


def test_fragments_are_trimmed_or_dropped(tmp_path):
    texts = ["I love the grip of the handle.", "Great training shoes and socks!",
             "Most of the time it is fine."]
    path = tmp_path / "r.csv"
    pd.DataFrame({"review_id": ["a", "b", "c"], "product_id": "P", "text": texts}).to_csv(
        path, index=False)
    with Store(":memory:") as store:
        result = ReviewAnalyzer(store, SloppyModel()).analyze([path])
    aspects = result.aspects
    assert sorted(aspects["aspect"]) == ["grip", "training shoes"]
    assert sorted(aspects["aspect_norm"]) == ["grip", "training shoe"]
    by_id = dict(zip(result.reviews["review_id"], result.reviews["text"], strict=True))
    for row in aspects.itertuples():
        assert by_id[row.review_id][row.start : row.end] == row.aspect
