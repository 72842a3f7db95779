"""An article body as the renderer wrote it: its blocks, where each starts in its HTML.

``copydesk.render.plain_markdown`` writes plain Markdown's HTML itself, so it knows each
block, text and link of the body as it writes it. The HTML reader takes them from this
record (``html_reader.read_html(..., body)``) instead of tokenizing the body back out of
the built page and walking its tree: the page is read as HTML around the body alone. The
record holds the text as the page's text nodes read (references decoded, the text between
two tags one node) and the offsets of the tags the reader moves its cursor to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class BodyInline(NamedTuple):
    """An element inside a block holding one text node: a link ``<a href="...">label</a>``,
    a citation ``<sup><a ...>label</a></sup>``, or emphasis (``<strong>``, ``<em>``)."""

    offset: int  # of its first tag ("<a", "<sup" of a citation, "<strong", "<em")
    href: str | None  # a link's, as the page's attribute reads; None for emphasis
    label: str
    cited: bool


BodyNode = str | BodyInline  # a text node, or an element holding one


# A block: its tag ("p", "h1" to "h6", "li"), where its start tag is in the body's HTML,
# its nodes, a heading's id attribute ("" when it has none) and, for the first item of a
# list, where the list's "<ul" or "<ol" starts (else -1). A plain tuple, read by unpacking:
# a NamedTuple is made through tuple.__new__ (~1.6 K instructions a block, ~25 a body).
BodyBlock = tuple[str, int, tuple[BodyNode, ...], str, int]


@dataclass(frozen=True)
class PlainBody:
    """The HTML of a body and its blocks, in order."""

    html: str
    blocks: tuple[BodyBlock, ...]
