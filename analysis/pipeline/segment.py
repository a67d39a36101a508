"""Reviews -> sentence table (offsets into the original review text), in one pass."""

from __future__ import annotations

import pandas as pd

from analysis.text.clean import CleanedText, clean_text
from analysis.text.sentences import split_sentences

SENTENCE_COLUMNS = ["review_id", "sentence_index", "start", "end", "text", "clean_start"]


def segment_reviews(
    review_ids: list[str], texts: list[str]
) -> tuple[pd.DataFrame, dict[str, CleanedText]]:
    """Split each review; returns the sentence table and each review's :class:`CleanedText`.

    A review whose text has no sentence by the rules (``"!!!"``) but is not blank becomes one
    sentence spanning its stripped text, so it is still scored.
    """
    columns: dict[str, list] = {name: [] for name in SENTENCE_COLUMNS}
    cleaned_by_id: dict[str, CleanedText] = {}
    for review_id, text in zip(review_ids, texts, strict=True):
        cleaned = clean_text(text)
        cleaned_by_id[review_id] = cleaned
        pieces = [(s.start, s.end, s.text, s.clean_start) for s in split_sentences(text, cleaned)]
        if not pieces:
            stripped = cleaned.text.strip()
            if not stripped:
                continue
            begin = cleaned.text.index(stripped)
            start, end = cleaned.span_to_original(begin, begin + len(stripped))
            pieces = [(start, end, stripped, begin)]
        for index, (start, end, sentence, clean_start) in enumerate(pieces):
            columns["review_id"].append(review_id)
            columns["sentence_index"].append(index)
            columns["start"].append(start)
            columns["end"].append(end)
            columns["text"].append(sentence)
            columns["clean_start"].append(clean_start)
    frame = pd.DataFrame(columns)
    for name in ("sentence_index", "start", "end", "clean_start"):
        frame[name] = frame[name].astype("int64")
    return frame, cleaned_by_id
