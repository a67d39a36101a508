"""Aspect spans (offsets into a cleaned sentence) -> mentions with offsets into the review."""

from __future__ import annotations

import pandas as pd

from analysis.text.clean import CleanedText

MENTION_COLUMNS = [
    "review_id", "sentence_index", "aspect", "start", "end", "polarity", "confidence",
    "p_negative", "p_neutral", "p_positive",
]  # fmt: skip


def map_mentions(
    sentences: pd.DataFrame,
    scored: pd.DataFrame,
    cleaned: dict[str, CleanedText],
    texts: dict[str, str],
) -> pd.DataFrame:
    """One row per aspect span, ``aspect == text[start:end]`` in the ORIGINAL review text."""
    rows: dict[str, list] = {name: [] for name in MENTION_COLUMNS}
    with_aspects = scored["aspects"].map(len) > 0
    for (review_id, index, clean_start), spans in zip(
        sentences.loc[with_aspects, ["review_id", "sentence_index", "clean_start"]].itertuples(
            index=False, name=None
        ),
        scored.loc[with_aspects, "aspects"],
        strict=True,
    ):
        mapping = cleaned[review_id]
        text = texts[review_id]
        for span in spans:
            start, end = mapping.span_to_original(
                clean_start + span["start"], clean_start + span["end"]
            )
            rows["review_id"].append(review_id)
            rows["sentence_index"].append(index)
            rows["aspect"].append(text[start:end])
            rows["start"].append(start)
            rows["end"].append(end)
            rows["polarity"].append(span["polarity"])
            rows["confidence"].append(span["confidence"])
            rows["p_negative"].append(span["probs"][0])
            rows["p_neutral"].append(span["probs"][1])
            rows["p_positive"].append(span["probs"][2])
    frame = pd.DataFrame(rows)
    for name in ("sentence_index", "start", "end"):
        frame[name] = frame[name].astype("int64")
    for name in ("confidence", "p_negative", "p_neutral", "p_positive"):
        frame[name] = frame[name].astype("float64")
    return frame
