"""Markdown escaping for the pages: review text is untrusted and must render literally
(``st.markdown`` would otherwise read its ``*``, ``:color[]``, ``$`` or HTML).
"""

from __future__ import annotations

import re

_WHITESPACE = re.compile(r"\s")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:^=&\"'])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every markdown/HTML-significant character so text renders literally.

    CommonMark allows escaping any ASCII punctuation; this also defuses Streamlit's ``:color[]``
    directives, ``$`` maths and raw HTML. Each whitespace character becomes a space (a quote
    stays one paragraph and offsets keep their meaning).
    """
    return _MD_SPECIAL.sub(r"\\\1", _WHITESPACE.sub(" ", str(text)))


def highlight_markdown(text: str, start: int, end: int) -> str:
    """Escaped ``text`` with ``text[start:end]`` in bold, safe for ``st.markdown``."""
    start, end = max(0, int(start)), min(len(text), int(end))
    if end <= start:
        return escape_markdown(text)
    return (
        escape_markdown(text[:start])
        + "**"
        + escape_markdown(text[start:end])
        + "**"
        + escape_markdown(text[end:])
    )
