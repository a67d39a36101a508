"""Function-word fragments are trimmed off aspect spans; offsets keep indexing the text."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.aspects import FunctionWordTrimmer, trim_span


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("grip of the", "grip"),
        ("the battery", "battery"),
        ("The  lid", "lid"),
        ("ease of use", "ease of use"),  # inner function words stay
        ("value for money", "value for money"),
        ("size and", "size"),
        ("my new shoes", "new shoes"),
        ("set up", "set up"),  # verb particles are not trimmed
        ("it's battery", "battery"),
        ("battery,", "battery,"),  # punctuation alone is left to the normalizer
    ],
)
def test_trim_span(span, expected):
    bounds = trim_span(span)
    assert bounds is not None
    assert span[bounds[0] : bounds[1]] == expected


@pytest.mark.parametrize("span", ["the", "of the", "grip"[:0], "and the", "it", " , "])
def test_only_function_words_leave_nothing(span):
    assert trim_span(span) is None


def test_stage_drops_fragments_and_keeps_text_offsets():
    text = "The grip of the handle is great, but the and of the rest is loud. Ease of use too."
    spans = ["The grip of the", "grip of the handle", "the", "of the", "Ease of use", "the rest"]
    starts = [text.index(s) for s in spans]
    mentions = pd.DataFrame(
        {
            "review_id": "r1",
            "aspect": spans,
            "start": starts,
            "end": [s + len(a) for s, a in zip(starts, spans, strict=True)],
            "polarity": "positive",
        }
    )
    out = FunctionWordTrimmer().transform(mentions)
    assert out["aspect"].tolist() == ["grip", "grip of the handle", "Ease of use", "rest"]
    for row in out.itertuples():
        assert text[row.start : row.end] == row.aspect  # the contract invariant
    assert "the" not in out["aspect"].str.lower().tolist()
    assert out["start"].dtype == "int64" and out["end"].dtype == "int64"


def test_stage_on_no_mentions():
    empty = pd.DataFrame(columns=["aspect", "start", "end"])
    assert FunctionWordTrimmer().transform(empty).empty
