"""Sentence splitting for review text, with offsets into the original text.

Rules (reviews are informal, so lower-case sentence starts are common):
- a run of ``.!?…`` (with closing quotes/brackets) followed by blank space ends a sentence,
  unless it is an abbreviation (``Mr.``, ``e.g.``, ``approx.``), an initial (``J. Smith``) or an
  ellipsis followed by a lower-case word (``I waited... and waited``);
- Chinese/Japanese ``。！？；`` end a sentence with or without a following space;
- after a Han character, ``，,!?.…~～`` and emoji end a clause (Chinese reviews chain clauses
  with commas, and each clause usually judges one thing: 物流很快，包装很差), and so does a
  blank between two Han characters (short reviews use spaces instead of punctuation);
- a line break ends a sentence, and a bullet marker (``-``, ``*``, ``•``, ``1.``, ``2)``) at the
  start of a line is not part of the sentence;
- pieces without a letter or digit (``!!!``, ``---``) are not sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.text.clean import CleanedText, clean_text

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "eg",
        "ie",
        "approx",
        "apprx",
        "vol",
        "fig",
        "inc",
        "ltd",
        "corp",
        "dept",
        "jan",
        "feb",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "ft",
        "oz",
        "lb",
        "lbs",
        "pt",
        "qt",
        "gal",
        "hr",
        "hrs",
        "mins",
        "yr",
        "yrs",
        "u.s",
        "u.k",
        "a.m",
        "p.m",
        "w/o",
        "incl",
    ]
)
_TERMINATOR = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|[。！？；]+[”’」』)）]*")
_HAN = r"\u4e00-\u9fff\u3400-\u4dbf"
_EMOJI = r"\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\u200D"
_CJK_BREAK = re.compile(
    rf"(?<=[{_HAN}])(?:\s*[，,!?！？.…~～{_EMOJI}]+[”’」』)）]*|\s+(?=[{_HAN}]))"
)
_BULLET = re.compile(r"\s*(?:[-*•·◦‣▪–—>]+|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)](?=\s))\s+")
_HAS_WORD = re.compile(r"\w")
_HAS_HAN = re.compile(f"[{_HAN}]")
_NEWLINE = re.compile("\n")
_NEXT_CHAR = re.compile(r"\s*(\S?)")  # the first non-blank character (or none) ahead
_LAST_WORD = re.compile(r"([\w.]+)$")


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``start``/``end`` index the ORIGINAL text; ``text`` is cleaned for the model.

    ``clean_start`` is where ``text`` begins in the cleaned review, so a span found in ``text``
    maps back through :meth:`analysis.text.CleanedText.span_to_original`.
    """

    index: int
    start: int
    end: int
    text: str
    clean_start: int


def split_sentences(text: str, cleaned: CleanedText | None = None) -> list[Sentence]:
    """Split a review into sentences (see module docstring for the rules)."""
    cleaned = cleaned if cleaned is not None else clean_text(text)
    sentences: list[Sentence] = []
    line_start = 0
    clean = cleaned.text
    for line_end in [*_line_ends(clean), len(clean)]:
        line = clean[line_start:line_end]
        bullet = _BULLET.match(line)
        offset = line_start + (bullet.end() if bullet else 0)
        for begin, end in _split_line(clean, offset, line_end):
            piece = clean[begin:end]
            stripped_left = len(piece) - len(piece.lstrip())
            stripped_right = len(piece.rstrip())
            if stripped_right <= stripped_left:
                continue
            begin, end = begin + stripped_left, begin + stripped_right
            if not _HAS_WORD.search(clean, begin, end):
                continue
            start_o, end_o = cleaned.span_to_original(begin, end)
            sentences.append(Sentence(len(sentences), start_o, end_o, clean[begin:end], begin))
        line_start = line_end + 1
    return sentences


def _line_ends(clean: str) -> list[int]:
    return [match.start() for match in _NEWLINE.finditer(clean)]


def _split_line(clean: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Half-open spans of the sentences in ``clean[begin:end]`` (one line)."""
    spans = []
    start = begin
    for match in _TERMINATOR.finditer(clean, begin, end):
        if match.end() >= end or not _is_boundary(clean, start, match, end):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, end))
    if not _HAS_HAN.search(clean, begin, end):
        return spans
    return [piece for span in spans for piece in _split_cjk(clean, *span)]


def _split_cjk(clean: str, begin: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence into its Chinese clauses (see the module docstring)."""
    spans = []
    start = begin
    for match in _CJK_BREAK.finditer(clean, begin, end):
        if match.end() >= end:
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, end))
    return spans


def _is_boundary(clean: str, sentence_start: int, match: re.Match[str], line_end: int) -> bool:
    marks = match.group()
    if marks[0] in "。！？；" or marks[-1] in "。！？；":
        return True
    next_char = _NEXT_CHAR.match(clean, match.end(), line_end).group(1)
    if marks.startswith("..") or marks.startswith("…"):
        return not next_char.islower()
    if marks[0] != ".":
        return True
    word_match = _LAST_WORD.search(clean, sentence_start, match.start())
    if word_match is None:
        return True
    word = word_match.group(1)
    if word.lower().rstrip(".") in ABBREVIATIONS:
        return False
    # A single capital letter is an initial ("J. Smith"), not the end of a sentence.
    return not (len(word) == 1 and word.isupper())
