"""Clean review text for the model while remembering where each character came from.

Review exports carry HTML (``<br />``, ``&amp;``), tabs and runs of blanks. The model wants plain
text with single spaces; the dashboard wants offsets into the text exactly as read. ``clean_text``
returns both: the cleaned string and, for each of its characters, the index of the original
character it came from.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Tags that end a line in rendered HTML become a newline (a sentence boundary); others a space.
_BREAK_TAGS = {"br", "p", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_SPECIAL = re.compile(
    r"(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9]*)\b[^<>]{0,200}?/?>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<space>[^\S\n\r]*[\r\n][\s]*|[^\S\n\r]{2,}|[^\S \n\r])"
)


@dataclass(frozen=True)
class CleanedText:
    """Cleaned text plus ``origin[i]``: index in the original text of cleaned character ``i``.

    ``origin`` has one extra final entry (the original length) so half-open spans map cleanly.
    """

    text: str
    origin: list[int]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the half-open cleaned span ``[start, end)`` to a span of the original text."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside cleaned text of length {len(self.text)}")
        return self.origin[start], self.origin[end - 1] + 1


def clean_text(text: str) -> CleanedText:
    """Strip HTML tags, decode entities and collapse whitespace (newlines are kept, single).

    Line-ending tags (``<br>``, ``<p>``...) and line breaks become one ``\\n`` so the sentence
    splitter can treat them as boundaries; other whitespace runs become one space.
    """
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    for match in _SPECIAL.finditer(text):
        begin = match.start()
        if begin > pos:
            _append_chunk(out, origin, text, pos, begin)
        if match.group("tag") is not None:
            name = match.group("name").lower()
            _append_gap(out, origin, "\n" if name in _BREAK_TAGS else " ", begin)
        elif match.group("entity") is not None:
            decoded = html.unescape(match.group("entity"))
            if decoded == match.group("entity"):  # unknown entity: keep it verbatim
                out.append(decoded)
                origin.extend(range(begin, match.end()))
            else:
                if decoded.isspace():
                    _append_gap(out, origin, " ", begin)
                else:
                    out.append(decoded)
                    origin.extend([begin] * len(decoded))
        else:
            gap = "\n" if ("\n" in match.group() or "\r" in match.group()) else " "
            _append_gap(out, origin, gap, begin)
        pos = match.end()
    if pos < len(text):
        _append_chunk(out, origin, text, pos, len(text))
    origin.append(len(text))
    return CleanedText("".join(out), origin)


def _append_gap(out: list[str], origin: list[int], gap: str, at: int) -> None:
    """Append one separator, merging with a separator just written (newline wins)."""
    if out and out[-1] and out[-1][-1] in " \n":
        if gap == "\n" and out[-1][-1] == " ":
            out[-1] = out[-1][:-1] + "\n"
        return
    out.append(gap)
    origin.append(at)


def _append_chunk(out: list[str], origin: list[int], text: str, begin: int, end: int) -> None:
    """Copy ``text[begin:end]`` verbatim, skipping a leading blank after a separator."""
    if text[begin] == " " and out and out[-1] and out[-1][-1] in " \n":
        begin += 1
    out.append(text[begin:end])
    origin.extend(range(begin, end))
