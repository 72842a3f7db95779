"""Where a block's visible text and its source differ, for the CD5 rules.

Readers hide inline code (masked to spaces in Markdown, dropped in HTML), so the visible
text of "### Event: `'close'`" is just "Event:". Rules that compare wording or judge how
a line ends must look at the source as well, or every "Event: `...`" heading is the same.
"""

from __future__ import annotations

import re

from copydesk.lint.document import Block, Document

_TAG_RE = re.compile(r"<[^<>\n]*>")
_LINK_TARGET_RE = re.compile(r"\]\([^()\s]*\)")
_MARKUP_CHARS = str.maketrans("", "", "*_~[]`#> \t\n")


def source_between(document: Document, block: Block, start: int, end: int) -> str | None:
    """The source between two offsets of ``block.text``; None when they map out of order."""
    line, col = block.position(start)
    end_line, end_col = block.position(end)
    if (end_line, end_col) < (line, col):
        return None
    return _lines_between(document, line, col, end_line, end_col)


def block_source(document: Document, block: Block) -> str:
    """The source of the block's wording, hidden code included, HTML tags removed.

    An HTML heading is widened to its whole element, because a code span that opens or
    closes it lies outside the visible text's first and last characters.
    """
    line, col = block.position(0)
    end_line, end_col = block.position(len(block.text))
    if document.kind != "html":
        return _lines_between(document, line, col, end_line, end_col)
    if block.kind == "heading":
        opening = document.source_line(line).rfind("<h", 0, col - 1)
        closing = document.source_line(end_line).find("</h", end_col - 1)
        col = opening + 1 if opening >= 0 else col
        end_col = closing + 1 if closing >= 0 else end_col
    return _TAG_RE.sub(" ", _lines_between(document, line, col, end_line, end_col))


def _lines_between(document: Document, line: int, col: int, end_line: int, end_col: int) -> str:
    if line == end_line:
        return document.source_line(line)[col - 1:end_col - 1]
    inner = [document.source_line(number) for number in range(line + 1, end_line)]
    return "\n".join([document.source_line(line)[col - 1:], *inner,
                      document.source_line(end_line)[:end_col - 1]])


def hidden_tail(document: Document, block: Block, end: int) -> bool:
    """Whether the block goes on in the source after visible offset ``end`` with words
    the reader hid (a trailing code span: "the default is `500`")."""
    line, col = block.position(end)
    source_line = document.source_line(line)
    if end == 0 or source_line[col - 2:col - 1] != block.text[end - 1]:
        return False  # an approximate position (an HTML entity before it): nothing to say
    rest = source_line[col - 1:].split("</", 1)[0]
    rest = _LINK_TARGET_RE.sub("", _TAG_RE.sub("", rest))
    return bool(rest.translate(_MARKUP_CHARS))


def is_link_only(block: Block) -> bool:
    """Nothing but links: a navigation entry or table of contents line, not prose."""
    remainder = list(block.text)
    for link in block.links:
        remainder[link.start:link.end] = [" "] * (link.end - link.start)
    return bool(block.links) and not any(char.isalnum() for char in remainder)


_FENCES = ("```", "~~~", "<pre")
_INDENTS = ("    ", "\t")  # an indented Markdown code block


def introduces_code(document: Document, block: Block) -> bool:
    """Whether a code block follows: "then run" above a command is not a lost full stop."""
    number = block.line_starts[-1].line + 1
    while number <= len(document.lines) and not document.source_line(number).strip():
        number += 1
    following = document.source_line(number)
    return following.startswith(_INDENTS) or following.lstrip(" ").startswith(_FENCES)
