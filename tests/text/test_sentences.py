"""Sentence splitting rules, and offsets into the original text (including a property test)."""

from __future__ import annotations

import random

import pytest

from analysis.text import clean_text, split_sentences


def _texts(review: str) -> list[str]:
    return [s.text for s in split_sentences(review)]


def test_abbreviations_and_initials_do_not_end_sentences():
    assert _texts(
        "Mr. Smith sold it to me. It works, e.g. for tea. J. K. Rowling would agree."
    ) == [
        "Mr. Smith sold it to me.",
        "It works, e.g. for tea.",
        "J. K. Rowling would agree.",
    ]


def test_exclamations_ellipses_and_lowercase_starts():
    assert _texts("Love it!!! the lid is bad... and leaks. great price?! yes") == [
        "Love it!!!",
        "the lid is bad... and leaks.",
        "great price?!",
        "yes",
    ]
    assert _texts("I waited… Then it came.") == ["I waited…", "Then it came."]


def test_decimals_do_not_split():
    assert _texts("It lasts 2.5 hours. Fine.") == ["It lasts 2.5 hours.", "Fine."]


def test_newlines_and_bullets():
    review = "Pros:\n- fast delivery\n* good price\n2) sturdy lid\n\nCons: none"
    assert _texts(review) == ["Pros:", "fast delivery", "good price", "sturdy lid", "Cons: none"]


def test_chinese_punctuation():
    assert _texts("这个手机很好用。电池不行！物流快？") == [
        "这个手机很好用。",
        "电池不行！",
        "物流快？",
    ]


def test_punctuation_only_pieces_are_not_sentences():
    assert _texts("Great!!! !!! ---\n...") == ["Great!!!"]
    assert split_sentences("   ") == []


def test_offsets_point_into_original_text_with_html():
    review = "Nice box.<br /><br />The  lid &amp; hinge broke!  Sad."
    sentences = split_sentences(review)
    assert [review[s.start : s.end] for s in sentences] == [
        "Nice box.",
        "The  lid &amp; hinge broke!",
        "Sad.",
    ]
    assert sentences[1].text == "The lid & hinge broke!"
    assert [s.index for s in sentences] == [0, 1, 2]


def test_clean_start_locates_sentence_in_cleaned_text():
    review = "A&amp;B rock.  Second one here."
    cleaned = clean_text(review)
    for s in split_sentences(review, cleaned):
        assert cleaned.text[s.clean_start : s.clean_start + len(s.text)] == s.text


PIECES = [
    "Great", "lid", "battery", "Mr.", "e.g.", "2.5", "!!!", "...", "…", "。", "好", "?", " ",
    "  ", "\n", "\r\n", "<br />", "&amp;", "&nbsp;", "- ", "\t", "x", "Ok.", "wow!",
]  # fmt: skip


def test_offsets_property_random_reviews():
    rng = random.Random(7)
    for _ in range(400):
        review = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        cleaned = clean_text(review)
        previous_end = 0
        for s in split_sentences(review, cleaned):
            assert 0 <= previous_end <= s.start < s.end <= len(review)
            original = review[s.start : s.end]
            # The sentence is the cleaned form of exactly that slice of the original text.
            assert clean_text(original).text.strip() == s.text or "&" in original
            assert not original[0].isspace() and not original[-1].isspace()
            assert cleaned.text[s.clean_start : s.clean_start + len(s.text)] == s.text
            previous_end = s.end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("物流很快，包装很差。味道不错！下次还买",
         ["物流很快，", "包装很差。", "味道不错！", "下次还买"]),
        ("质量很好 物流很快 👍 好评", ["质量很好", "物流很快 👍", "好评"]),
        ("屏幕很清晰...电池一般～推荐", ["屏幕很清晰...", "电池一般～", "推荐"]),
        ("好评👍👍", ["好评👍👍"]),
        ("Great phone, fast. 屏幕很清晰,电池一般",
         ["Great phone, fast.", "屏幕很清晰,", "电池一般"]),
    ],
)
def test_chinese_clauses_split_with_exact_offsets(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert [text[s.start : s.end] for s in sentences] == expected


def test_english_commas_and_spaces_do_not_split():
    text = "Fast shipping, good price and the lid fits"
    assert [s.text for s in split_sentences(text)] == [text]


def test_chinese_offsets_survive_html_and_blanks():
    text = "包装很好<br />快递  很慢，&amp; 客服态度差"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["包装很好", "快递", "很慢，", "& 客服态度差"]
    assert [text[s.start : s.end] for s in sentences][:3] == ["包装很好", "快递", "很慢，"]


ZH_PIECES = ["物流", "很快", "，", ",", "。", "👍", " ", "~", "…", "!", "good", "<br />", "\n"]


def test_offsets_property_random_chinese_reviews():
    rng = random.Random(11)
    for _ in range(400):
        review = "".join(rng.choice(ZH_PIECES) for _ in range(rng.randint(0, 25)))
        cleaned = clean_text(review)
        previous_end = 0
        for s in split_sentences(review, cleaned):
            assert 0 <= previous_end <= s.start < s.end <= len(review)
            assert clean_text(review[s.start : s.end]).text.strip() == s.text
            assert cleaned.text[s.clean_start : s.clean_start + len(s.text)] == s.text
            previous_end = s.end
