"""Text-column detection on real export shapes: names win unless the content contradicts them."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.ingest import ingest_reviews
from analysis.ingest.columns import explain_columns, map_columns

WORDS = ["sturdy", "soft", "comfortable", "cheap", "flimsy", "bright", "dull", "warm", "thin",
         "thick", "loose", "tight", "lovely", "awful", "perfect", "poor"]


def _sentence(i: int) -> str:
    """A distinct review-like sentence per ``i``."""
    picked = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(5)]
    return f"Review {i}: the fabric feels {' and '.join(picked)}, would buy again."


def _amazon_2018(records: int, variants: int = 5) -> list[dict]:
    """Amazon 2018 schema; each review copied onto ``variants`` asins (20% distinct texts)."""
    out = []
    for i in range(records // variants):
        for k in range(variants):
            out.append({
                "overall": float(1 + i % 5), "verified": True, "reviewTime": "09 4, 2015",
                "reviewerID": f"A{i:05d}", "asin": f"B{i:05d}{k}",
                "style": {"Size:": ["S", "M", "L", "XL", "XXL"][k], "Color:": "Black"},
                "reviewerName": f"Shopper {i}", "reviewText": _sentence(i),
                "summary": f"Summary {i}", "unixReviewTime": 1441324800 + i * 86400,
                "vote": "1,234" if i % 3 == 0 else "2",
            })
    out[7]["style"] = {"Size Name:": "Men's 6-6.5, Women's 8-8.5"}
    out[1500 % len(out)]["style"] = {"Size Name:": "Men's 9-9.5, Women's 10.5-11"}
    return out


def _write_jsonl(path, records: list[dict], extra_lines: dict[int, str] | None = None):
    lines = [json.dumps(r) for r in records]
    for position, line in sorted((extra_lines or {}).items()):
        lines.insert(position, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_amazon_2018_variant_copies_keep_reviewtext_over_rare_nested_field(tmp_path):
    path = _write_jsonl(tmp_path / "Clothing.jsonl", _amazon_2018(3000))
    frame = pd.read_json(path, lines=True)
    assert frame["reviewText"].nunique() / len(frame) == pytest.approx(0.2)
    explained = explain_columns(pd.json_normalize(frame.to_dict("records")), "Clothing.jsonl")
    assert explained.mapping["text"] == "reviewText"
    assert "its name is a review-text name" in explained.notes["text"]
    assert "'style.Size Name:'" in explained.notes["text"]  # named as passed over, with why
    result = ingest_reviews(path)
    mapping = result.mappings["Clothing.jsonl"]
    assert (mapping["rating"], mapping["product_id"], mapping["helpful_votes"]) == (
        "overall", "asin", "vote")
    assert not result.rejected["reason"].str.startswith("empty review text").any()
    assert len(result.reviews) + len(result.rejected) == 3000
    votes = result.reviews.set_index("author")["helpful_votes"]
    assert votes.loc[["A00000"]].iloc[0] == 1234  # "1,234" is one count, not 1


def test_thirty_line_jsonl_with_four_repeated_texts_and_a_broken_line(tmp_path):
    texts = ["Great", "Too small", "Fits well, nice colour", "Returned it"]
    records = [{"reviewText": texts[i % 4], "overall": 1 + i % 5, "reviewerID": f"U{i}",
                "asin": "B01", "unixReviewTime": 1441324800 + i * 86400} for i in range(29)]
    path = _write_jsonl(tmp_path / "small.jsonl", records, {16: '{"reviewText": "cut off'})
    result = ingest_reviews(path)
    assert result.mappings["small.jsonl"]["text"] == "reviewText"
    assert len(result.reviews) == 29
    assert result.rejected[["row", "reason"]].values.tolist() == [
        [17, "line is not valid JSON (Unterminated string starting at)"]]


@pytest.mark.parametrize("values,why", [
    (["A12345", "B99871", "C00017", "D33333"], "identifiers"),
    (["12", "7", "3.5", "44"], "numbers"),
    (["2024-01-02", "2024-02-03", "2024-03-04", "2024-04-05"], "dates"),
    (['["https://x/1.jpg"]', '["https://x/2.jpg"]', "https://x/3", "https://x/4"], "links"),
    (["", "", "", ""], "empty"),
])
def test_alias_loses_when_content_contradicts_it(values, why):
    frame = pd.DataFrame({"text": values, "notes_field": [
        "Lovely soft fabric, fits true to size", "Colour faded after one wash, sadly",
        "Arrived late but the quality is fine", "Perfect gift for my brother"]})
    explained = explain_columns(frame, "f.csv")
    assert explained.mapping["text"] == "notes_field"
    assert why in explained.notes["text"]


def test_repeated_values_never_rule_out_a_named_text_column():
    frame = pd.DataFrame({"content": ["Good"] * 40 + ["Bad"] * 40,
                          "extra": [f"some longer other text number {i}" for i in range(80)]})
    assert map_columns(frame, "f.csv")["text"] == "content"


def test_populated_named_column_beats_mostly_empty_one():
    frame = pd.DataFrame({"comment": ["", "", "", "Seller note"],
                          "review_body": ["Nice", "Great pan", "Sticks a bit", "Okay"]})
    explained = explain_columns(frame, "f.csv")
    assert explained.mapping["text"] == "review_body"
    assert "'comment' (mostly empty" in explained.notes["text"]


def test_mostly_empty_alias_is_still_used_when_nothing_else_holds_text():
    frame = pd.DataFrame({"Star Rating": ["5", "4", "1", "3"],
                          "Review Text": ["", "", "Crashes on start", ""]})
    explained = explain_columns(frame, "play.csv")
    assert explained.mapping["text"] == "Review Text"
    assert "this mostly empty one is used" in explained.notes["text"]


def test_nested_name_ranks_below_a_whole_name():
    frame = pd.DataFrame({"meta.comment": ["A longer nested review text here"] * 3,
                          "text": ["Short", "Fine", "Good"]})
    assert map_columns(frame, "f.json")["text"] == "text"


def test_unnamed_free_text_is_found_by_content_and_explained():
    frame = pd.DataFrame({"a": ["x1", "x2", "x3"],
                          "b": ["Broke after a week of use", "Works as described, happy",
                                "The colour is not as pictured"]})
    explained = explain_columns(frame, "f.csv")
    assert explained.mapping["text"] == "b"
    assert "content looks like free text" in explained.notes["text"]


def test_every_field_has_a_note():
    frame = pd.DataFrame({"review": ["Nice one here"], "stars": ["5"], "when": ["2024-01-01"]})
    notes = explain_columns(frame, "f.csv").notes
    assert notes["rating"] == "'stars': its name matches"
    assert notes["author"] == "not found"


def test_named_but_mostly_empty_beats_an_unnamed_full_column():
    frame = pd.DataFrame({"Review Text": ["Crashes on start", "", "", "", "Love it"],
                          "Device Note": [f"Phone model number {i} with Android"
                                          for i in range(5)]})
    explained = explain_columns(frame, "play.csv")
    assert explained.mapping["text"] == "Review Text"
    assert "'Device Note' (not named as text" in explained.notes["text"]
