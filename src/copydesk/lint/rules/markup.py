"""Where a block's visible text and its source differ, for the CD5 rules.

Readers hide inline code (masked to spaces in Markdown, dropped in HTML), so the visible
text of "### Event: `'close'`" is just "Event:". Rules that compare wording or judge how
a line ends must look at the source as well, or every "Event: `...`" heading is the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

from copydesk.lint.document import Block, Document, LineStart

_TAG_RE = re.compile(r"<[^<>\n]*>")
_LINK_TARGET_RE = re.compile(r"\]\([^()\s]*\)")
_FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]*\]")
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

    In HTML the range is widened to the enclosing block element, because hidden code at
    either end ("<p><code>x.toml</code>:</p>") lies outside the first and last visible
    characters.
    """
    starts = block.line_starts
    if len(starts) == 1 and document.kind == "html":
        return _one_line_source(document, block.text, starts[0])
    return _any_source(document, block)


def _any_source(document: Document, block: Block) -> str:
    """block_source of any block, the general way."""
    line, col = block.position(0)
    end_line, end_col = block.position(len(block.text))
    if document.kind != "html":
        return _lines_between(document, line, col, end_line, end_col)
    col = _element_start(document.source_line(line), col - 1) + 1
    end_col = _element_end(document.source_line(end_line), end_col - 1) + 1
    return _without_tags(_lines_between(document, line, col, end_line, end_col))


def _one_line_source(document: Document, text: str, anchor: LineStart) -> str:
    """block_source of an HTML block with one anchor (most headings, 33 of a built page's
    39 blocks), worked out as the general way does with its calls written out: the two
    positions, the line's slice and the first step of each walk (for most blocks the last:
    the element's own tags). A built page's heading: ~28 -> ~21 K instructions a call."""
    offset, line, col = anchor
    lines = document.lines
    return _line_source(lines[line - 1] if 0 < line <= len(lines) else "", text, offset, col)


# Remembered by the block's source line, text and anchor, all it depends on: a built
# page's headings are mostly its site's own and its articles' shared questions, each on
# a line written alike on every page (~6 µs a heading).
@lru_cache(maxsize=256)
def _line_source(source: str, text: str, offset: int, col: int) -> str:
    """_one_line_source of a block whose anchor (``offset``, ``col``) is on ``source``."""
    start = end = col - 1  # block.position(0) and position(len(text)), 0-based
    if offset <= 0:  # the first anchor's offset: 0
        start -= offset
        end = start + len(text)
    elif len(text) > offset:
        end += len(text) - offset
    opening = source.rfind("<", 0, start)
    if opening >= 0:
        if _is_block_tag(source, opening):
            closing = source.find(">", opening, start)
            if closing >= 0:
                start = closing + 1
        else:
            start = _element_start(source, opening)
    opening = source.find("<", end)
    if opening >= 0:
        end = opening if _is_block_tag(source, opening) else _element_end(source, opening + 1)
    return _without_tags(source[start:end])


def _without_tags(source: str) -> str:
    # Most headings hold no inline tag: a sub() call finding none cost a tenth of the call.
    return _TAG_RE.sub(" ", source) if "<" in source else source


# Tags that open or close a block (the HTML reader splits loose text at <br> too); every
# other tag (a, code, em, ...) is inline.
_BLOCK_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd", "blockquote",
    "div", "section", "article", "main", "header", "footer", "nav", "aside", "ul", "ol", "dl",
    "table", "tr", "thead", "tbody", "tfoot", "figure", "figcaption", "form", "fieldset",
    "details", "summary", "address", "hr", "caption", "pre", "body", "html", "br",
})
_TAG_NAME_RE = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9]*)")


# Whether a tag opening with these characters is a block tag, for the openings whose tag
# name ends within them (at most _KNOWN_WIDTH characters: "<h2 i", "</p>"): a built page
# asks it of the same few openings again and again, and the slice and dict lookup cost
# half of matching the tag's name (~2.9 against ~5.2 K instructions a call).
_KNOWN_WIDTH = 6
_KNOWN_TAGS: dict[str, bool] = {}
_MAX_KNOWN_TAGS = 4096


def _is_block_tag(text: str, start: int) -> bool:
    opening = text[start:start + _KNOWN_WIDTH]
    known = _KNOWN_TAGS.get(opening)
    if known is not None:
        return known
    match = _TAG_NAME_RE.match(text, start)
    block = match is None or match.group(1).lower() in _BLOCK_TAGS
    # The name's end is within the opening when the character after it is too: the
    # opening alone then tells what the whole text does.
    if match is not None and match.end() - start < len(opening):
        if len(_KNOWN_TAGS) >= _MAX_KNOWN_TAGS:
            _KNOWN_TAGS.clear()
        _KNOWN_TAGS[opening] = block
    return block


def _element_start(text: str, index: int) -> int:
    """Walk left over inline tags and their text to just after the block element's tag."""
    while (opening := text.rfind("<", 0, index)) >= 0:
        if _is_block_tag(text, opening):
            closing = text.find(">", opening, index)
            return closing + 1 if closing >= 0 else index
        index = opening
    return index


def _element_end(text: str, index: int) -> int:
    """Walk right over inline tags and their text to the block element's closing tag."""
    while (opening := text.find("<", index)) >= 0:
        if _is_block_tag(text, opening):
            return opening
        index = opening + 1
    return index


def _lines_between(document: Document, line: int, col: int, end_line: int, end_col: int) -> str:
    if line == end_line:
        return document.source_line(line)[col - 1:end_col - 1]
    inner = [document.source_line(number) for number in range(line + 1, end_line)]
    return "\n".join([document.source_line(line)[col - 1:], *inner,
                      document.source_line(end_line)[:end_col - 1]])


def end_position(block: Block, end: int) -> tuple[int, int]:
    """Source (line, col) just after text offset ``end - 1``: where text cut at ``end`` ends,
    even when the next offset starts a new source anchor (a <sup> marker, a new line)."""
    line, col = block.position(end - 1)
    return line, col + 1


def hidden_tail(document: Document, block: Block, end: int) -> bool:
    """Whether the block goes on in the source after visible offset ``end`` with words
    the reader hid (a trailing code span: "the default is `500`")."""
    if end == 0:
        return False
    line, col = end_position(block, end)
    source_line = document.source_line(line)
    if source_line[col - 2:col - 1] != block.text[end - 1]:
        return False  # an approximate position (an HTML entity before it): nothing to say
    rest = source_line[col - 1:].split("</", 1)[0]
    rest = _FOOTNOTE_RE.sub("", _LINK_TARGET_RE.sub("", _TAG_RE.sub("", rest)))
    return bool(rest.translate(_MARKUP_CHARS))


def is_link_only(block: Block) -> bool:
    """Nothing but links: a navigation entry or table of contents line, not prose."""
    if not block.links:
        return False
    remainder = list(block.text)
    for link in block.links:
        remainder[link.start:link.end] = [" "] * (link.end - link.start)
    return not any(char.isalnum() for char in remainder)


_FENCES = ("```", "~~~", "<pre")
_INDENTS = ("    ", "\t")  # an indented Markdown code block


def introduces_code(document: Document, block: Block) -> bool:
    """Whether a code block follows: "then run" above a command is not a lost full stop."""
    number = block.line_starts[-1].line + 1
    while number <= len(document.lines) and not document.source_line(number).strip():
        number += 1
    following = document.source_line(number)
    return following.startswith(_INDENTS) or following.lstrip(" ").startswith(_FENCES)
