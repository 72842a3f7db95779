"""A quick tokenizer for the markup copydesk's own templates write, with the stdlib's events.

``html.parser.HTMLParser`` was more than half of reading a built page: it is written for
any markup, fed in pieces, and finds each attribute with a regular expression of its own.
Built pages use a small part of HTML: start tags whose attribute values are in double
quotes, plain end tags, text with named or numeric references ending in ``;``, comments,
a doctype, and script or style elements holding no ``</``. :func:`scan` reads exactly
that part, one regular expression per token, and calls the handler as ``HTMLParser``
(``convert_charrefs=False``) would, with the same positions. At anything else it stops and
returns False, and the caller parses the page with ``HTMLParser`` from the start.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from html import unescape
from typing import Protocol

_TOKEN_RE = re.compile(
    r"(?P<text>[^<&]+)"
    r"|<(?P<start>[a-zA-Z][a-zA-Z0-9]*)"
    r"(?P<attrs>(?:\s+[a-zA-Z][-a-zA-Z0-9:]*(?:=\"[^\"]*\")?)*)\s*(?P<empty>/?)>"
    r"|</(?P<end>[a-zA-Z][a-zA-Z0-9]*)>"
    r"|&(?P<entity>[a-zA-Z][a-zA-Z0-9]*);"
    r"|&#(?P<charref>[0-9]+|[xX][0-9a-fA-F]+);"
    r"|<!--(?P<comment>.*?)--\s*>"  # HTMLParser ends a comment at the first --\s*>
    r"|<!(?P<doctype>[dD][oO][cC][tT][yY][pP][eE][^>]*)>",
    re.DOTALL)
_ATTRIBUTE_RE = re.compile(r"([a-zA-Z][-a-zA-Z0-9:]*)(?:=\"([^\"]*)\")?")
_RAW_TEXT = frozenset({"script", "style"})  # HTMLParser.CDATA_CONTENT_ELEMENTS


class Handler(Protocol):
    def at(self, line: int, col: int) -> None: ...
    def handle_starttag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None: ...
    def handle_startendtag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None: ...
    def handle_endtag(self, tag: str) -> None: ...
    def handle_data(self, data: str) -> None: ...
    def handle_charref(self, name: str) -> None: ...
    def handle_entityref(self, name: str) -> None: ...
    def handle_comment(self, data: str) -> None: ...
    def handle_decl(self, decl: str) -> None: ...


# Pages repeat most of their tags' attributes (the same classes, links, and the same ids on
# the pages of a group), and reading them was a quarter of the scan.
@lru_cache(maxsize=4096)
def _attributes(written: str) -> tuple[tuple[str, str | None], ...]:
    """The attributes of a start tag, written as ``written``, as ``HTMLParser`` gives them."""
    return tuple((name.lower(), unescape(value) if value else value)
                 for name, value in (attribute.groups()
                                     for attribute in _ATTRIBUTE_RE.finditer(written)))


def scan(source: str, handler: Handler) -> bool:
    """Feed ``source`` to ``handler``; False, part-way, when it is not markup this reads."""
    position, line, line_start = 0, 1, 0
    counted = 0  # newlines are counted up to here
    match_token = _TOKEN_RE.match
    while position < len(source):
        token = match_token(source, position)
        if token is None:
            return False
        position = token.end()
        kind = token.lastgroup or ""
        if kind == "text":
            handler.handle_data(token.group(kind))
        elif kind in ("start", "attrs", "empty"):
            start = token.start()
            newlines = source.count("\n", counted, start)
            if newlines:
                line += newlines
                line_start = source.rfind("\n", counted, start) + 1
            counted = start
            handler.at(line, start - line_start)
            tag = token.group("start").lower()
            written = token.group("attrs")
            attrs = _attributes(written) if written else ()
            if token.group("empty"):
                handler.handle_startendtag(tag, attrs)
                continue
            handler.handle_starttag(tag, attrs)
            if tag in _RAW_TEXT:
                close = source.find("</", position)
                if not source.startswith(f"</{tag}>", close):
                    return False
                if close > position:
                    handler.handle_data(source[position:close])
                handler.handle_endtag(tag)
                position = close + len(tag) + 3
        elif kind == "end":
            handler.handle_endtag(token.group(kind).lower())
        elif kind == "entity":
            handler.handle_entityref(token.group(kind))
        elif kind == "charref":
            handler.handle_charref(token.group(kind))
        elif kind == "comment":
            handler.handle_comment(token.group(kind))
        else:
            handler.handle_decl(token.group(kind))
    return True
