"""Turning per-token BIO tags into aspect spans with exact character offsets.

Tags are read per word (the tag of a word's first sub-token) so a span never ends mid-word;
character offsets come from the tokenizer's ``offset_mapping`` and are trimmed of whitespace and
edge punctuation, so ``text[start:end] == term`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass

_EDGE_PUNCT = ".,;:!?…·•*|/\\~"
_PAIRS = {"(": ")", "[": "]", "{": "}", '"': '"', "'": "'", "“": "”", "‘": "’"}


@dataclass(frozen=True)
class TokenSpan:
    """A decoded span: its sub-token positions and its trimmed character range."""

    tokens: tuple[int, ...]
    start: int
    end: int
    word_probs: tuple[float, ...]


def _words(word_ids: list[int | None]) -> list[list[int]]:
    """Token positions grouped by word, in order (special tokens skipped)."""
    groups: list[list[int]] = []
    last = None
    for pos, word in enumerate(word_ids):
        if word is None:
            last = None
            continue
        if word != last:
            groups.append([pos])
        else:
            groups[-1].append(pos)
        last = word
    return groups


def _unbalanced_edge(term: str, at_start: bool) -> bool:
    """Whether the quote/bracket at this edge of ``term`` has no partner inside the term."""
    char = term[0] if at_start else term[-1]
    closers = {c: o for o, c in _PAIRS.items()}
    if char in _PAIRS and _PAIRS[char] == char:  # symmetric quote: partner means an even count
        return term.count(char) % 2 == 1
    if at_start and char in _PAIRS:
        return _PAIRS[char] not in term[1:]
    if not at_start and char in closers:
        return closers[char] not in term[:-1]
    return False


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace, edge punctuation and unpaired quotes/brackets."""
    while start < end:
        if text[start].isspace() or text[start] in _EDGE_PUNCT:
            start += 1
        elif text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCT:
            end -= 1
        elif _unbalanced_edge(text[start:end], at_start=True):
            start += 1
        elif _unbalanced_edge(text[start:end], at_start=False):
            end -= 1
        else:
            break
    return start, end


def decode_spans(text: str, tags: list[int], tag_probs: list[float],
                 word_ids: list[int | None], offsets: list[tuple[int, int]]) -> list[TokenSpan]:
    """Spans from token tags (0=O, 1=B, 2=I); ``tag_probs`` is each token's chosen-tag probability.

    An I that follows O starts a span (lenient decoding). Spans left empty by trimming are dropped.
    """
    spans: list[TokenSpan] = []
    current: list[list[int]] = []

    def close() -> None:
        if not current:
            return
        tokens = tuple(pos for word in current for pos in word)
        start, end = trim_span(text, offsets[tokens[0]][0], offsets[tokens[-1]][1])
        if start < end:
            probs = tuple(float(tag_probs[word[0]]) for word in current)
            spans.append(TokenSpan(tokens, start, end, probs))
        current.clear()

    for word in _words(word_ids):
        tag = tags[word[0]]
        if tag == 1 or (tag == 2 and not current):
            close()
            current.append(word)
        elif tag == 2:
            current.append(word)
        else:
            close()
    close()
    return spans
