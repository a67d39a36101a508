"""clean_text: HTML and whitespace removed, every character traced to the original."""

from __future__ import annotations

import pytest

from analysis.text import clean_text


def _check_origin(original: str) -> None:
    cleaned = clean_text(original)
    assert len(cleaned.origin) == len(cleaned.text) + 1
    assert cleaned.origin == sorted(cleaned.origin)
    for i, ch in enumerate(cleaned.text):
        source = original[cleaned.origin[i]]
        # Copied characters are identical; separators come from tags/whitespace; entities from '&'.
        assert ch == source or ch in " \n" or source == "&", (i, ch, source)


def test_html_breaks_become_newlines_and_entities_are_decoded():
    cleaned = clean_text("Great  product<br /><br />Works &amp; fine.\r\n\r\nBad\tlid")
    assert cleaned.text == "Great product\nWorks & fine.\nBad lid"
    _check_origin("Great  product<br /><br />Works &amp; fine.\r\n\r\nBad\tlid")


def test_inline_tags_become_one_space_and_unknown_entities_stay():
    assert clean_text("a<b>bold</b>word").text == "a bold word"
    assert clean_text("x &nbsp; y").text == "x y"
    assert clean_text("R&D &foo; ok").text == "R&D &foo; ok"


def test_span_to_original_maps_words_back():
    original = "<p>The&nbsp;battery   died</p>"
    cleaned = clean_text(original)
    begin = cleaned.text.index("battery")
    start, end = cleaned.span_to_original(begin, begin + len("battery died"))
    assert original[start:end] == "battery   died"


def test_span_outside_text_is_an_error():
    with pytest.raises(ValueError, match="outside"):
        clean_text("abc").span_to_original(2, 9)


def test_the_offset_map_grows_with_the_edits_not_the_length():
    """One entry per character cost ~12 KB per review and 1.2 GB per 100k reviews."""
    plain = clean_text("Good coffee, strong and smooth. " * 400)
    assert len(plain.starts) == len(plain.bases) == len(plain.steps) <= 2
    edited = clean_text(("Nice  lid.<br />" + "x" * 500) * 20)
    assert len(edited.starts) <= 4 * 20 + 2
    original = ("Nice  lid.<br />" + "x" * 500) * 20
    begin = edited.text.index("lid", 3000)
    start, end = edited.span_to_original(begin, begin + 3)
    assert original[start:end] == "lid"
    _check_origin(original)
