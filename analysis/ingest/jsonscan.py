"""Where a JSON text nests, found vectorised (numpy over its UTF-8 bytes), before parsing it.

Used for the nesting-depth limit (:func:`analysis.ingest.limits.check_json_depth`) and by the
JSON Lines reader, which may parse all lines in one ``json.loads`` call when every line is
complete on its own. Only ASCII bytes matter here (quote, backslash, brackets, newline), and
none of them can be part of a multi-byte UTF-8 character, so the bytes are scanned as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_QUOTE, _BACKSLASH, _NEWLINE = ord('"'), ord("\\"), ord("\n")
_BRACKET_TABLE = bytes(1 if chr(i) in "[]{}" else 0 for i in range(256))


@dataclass(frozen=True)
class Nesting:
    """Brackets outside strings: ``offsets`` (bytes) and the ``depth`` after each.

    ``lines_complete``: every line ends outside any string at depth 0, i.e. no string, array
    or object runs on past a line break (true of valid JSON Lines, false of most indented JSON).
    """

    offsets: np.ndarray
    depth: np.ndarray
    lines_complete: bool

    @property
    def max_depth(self) -> int:
        return int(self.depth.max()) if len(self.depth) else 0

    def first_deeper_than(self, limit: int) -> int:
        """Byte offset of the first bracket that takes the depth past ``limit``."""
        return int(self.offsets[int(np.argmax(self.depth > limit))])


def _escaped_quotes(data: np.ndarray) -> np.ndarray:
    """Offsets of quotes escaped by an odd run of backslashes (``\\"``, not ``\\\\"``)."""
    backslashes = np.flatnonzero(data == _BACKSLASH)
    starts = np.ones(len(backslashes), dtype=bool)
    starts[1:] = np.diff(backslashes) != 1
    first = backslashes[starts]
    last = np.append(backslashes[np.flatnonzero(starts)[1:] - 1], backslashes[-1:])
    after = (last + 1)[(last - first) % 2 == 0]  # the byte after an odd-length run
    after = after[after < len(data)]
    return after[data[after] == _QUOTE]


def scan(raw: bytes) -> Nesting:
    """The :class:`Nesting` of JSON (or JSON Lines) given as UTF-8 bytes.

    A few numpy passes: brackets found with one ``bytes.translate``; a bracket is inside a
    string when an odd number of unescaped quotes precede it on its line (a raw newline
    cannot stand inside a valid JSON string, so one broken JSON Lines record does not turn
    the following lines inside out); the depth is a running sum of +1/-1 over the rest.
    """
    data = np.frombuffer(raw, dtype=np.uint8)
    brackets = np.flatnonzero(np.frombuffer(raw.translate(_BRACKET_TABLE), dtype=bool))
    newlines = np.flatnonzero(data == _NEWLINE)
    # Offsets times two, +1 for a line end (the end of the text closes the last line): one
    # plain sort merges them, and the low bit says which kind each mark is.
    coded = np.sort(np.concatenate([brackets * 2, newlines * 2 + 1, [len(data) * 2 + 1]]))
    marks, is_line_end = coded >> 1, (coded & 1).astype(bool)
    quotes = np.flatnonzero(data == _QUOTE)
    if raw.find(b'\\"') >= 0:
        quotes = np.delete(quotes, np.searchsorted(quotes, _escaped_quotes(data)))
    so_far = np.searchsorted(quotes, marks)  # unescaped quotes before each mark
    line_start = np.maximum.accumulate(np.where(is_line_end, np.arange(len(marks)), -1))
    line_start = np.concatenate([[-1], line_start[:-1]])  # the line end before each mark
    on_line = so_far - np.where(line_start >= 0, so_far[line_start], 0)
    in_string = on_line % 2 == 1
    step = np.zeros(len(marks), dtype=np.int64)
    bracket = ~is_line_end & ~in_string
    kind = data[marks[bracket]]
    step[bracket] = np.where((kind == ord("[")) | (kind == ord("{")), 1, -1)
    depth = np.cumsum(step)
    complete = not (in_string[is_line_end].any() or depth[is_line_end].any())
    return Nesting(marks[bracket], depth[bracket], complete)
