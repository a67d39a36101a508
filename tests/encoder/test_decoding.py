"""Span decoding: word-level BIO, exact offsets, edge trimming."""

from __future__ import annotations

from analysis.encoder.decoding import decode_spans, trim_span


def test_trim_span_strips_whitespace_and_edge_punctuation():
    text = "  battery life. "
    start, end = trim_span(text, 0, len(text))
    assert text[start:end] == "battery life"


def test_trim_span_keeps_balanced_quotes_and_drops_unpaired_ones():
    text = 'the "sales" team'
    assert text.__getitem__(slice(*trim_span(text, 4, 16))) == '"sales" team'
    text2 = 'great "screen'
    assert text2.__getitem__(slice(*trim_span(text2, 6, 13))) == "screen"
    text3 = "(keyboard"
    assert text3.__getitem__(slice(*trim_span(text3, 0, 9))) == "keyboard"


def test_trim_span_can_empty_a_punctuation_only_span():
    assert trim_span("...", 0, 3)[0] == trim_span("...", 0, 3)[1]


def _tokens(text, words):
    """Offsets and word ids for whitespace words, first split into two sub-tokens if long."""
    offsets, word_ids, pos = [(0, 0)], [None], 0
    for w, word in enumerate(words):
        start = text.index(word, pos)
        pos = start + len(word)
        if len(word) > 6:
            offsets += [(start, start + 3), (start + 3, pos)]
            word_ids += [w, w]
        else:
            offsets.append((start, pos))
            word_ids.append(w)
    offsets.append((0, 0))
    word_ids.append(None)
    return offsets, word_ids


def test_decode_spans_uses_first_subtoken_and_whole_words():
    text = "The battery lifetime is great."
    words = ["The", "battery", "lifetime", "is", "great", "."]
    offsets, word_ids = _tokens(text, words)
    # tokens: CLS The bat|tery life|time is great . SEP
    tags = [0, 0, 1, 0, 2, 0, 0, 0, 0, 0]  # second sub-token tags are ignored
    probs = [1.0] * len(tags)
    spans = decode_spans(text, tags, probs, word_ids, offsets)
    assert len(spans) == 1
    assert text[spans[0].start:spans[0].end] == "battery lifetime"
    assert spans[0].tokens == (2, 3, 4, 5)


def test_decode_spans_lenient_i_after_o_and_separate_b():
    text = "food service"
    words = ["food", "service"]
    offsets, word_ids = _tokens(text, words)
    spans = decode_spans(text, [0, 2, 1, 0], [0.5, 0.8, 0.6, 0.5], word_ids, offsets)
    assert [text[s.start:s.end] for s in spans] == ["food", "service"]
    assert spans[1].word_probs == (0.6,)
