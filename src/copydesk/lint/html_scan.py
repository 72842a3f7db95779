"""A quick tokenizer for the markup copydesk's own templates write, with the stdlib's events.

``html.parser.HTMLParser`` was more than half of reading a built page: it is written for
any markup, fed in pieces, and finds each attribute with a regular expression of its own.
Built pages use a small part of HTML: start tags whose attribute values are in double
quotes, plain end tags, text with named or numeric references ending in ``;``, comments,
a doctype, and script or style elements holding no ``</``. :func:`scan` reads exactly
that part (plain text and tags by ``str.find`` and a cache of the tags seen, the rest one
regular expression per token) and calls the handler as ``HTMLParser``
(``convert_charrefs=False``) would, with the same positions (a start tag: one call,
``Handler.start``, with where it starts in the source). At anything else it stops and
returns False, and the caller parses the page with ``HTMLParser`` from the start.
"""

from __future__ import annotations

import itertools
import operator
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
# A name, and "=" with its value in quotes or nothing ("" then: no value, where a value
# written empty is '=""').
_ATTRIBUTE_RE = re.compile(r"([a-zA-Z][-a-zA-Z0-9:]*)(=\"[^\"]*\")?")
_RAW_TEXT = frozenset({"script", "style"})  # HTMLParser.CDATA_CONTENT_ELEMENTS


class Handler(Protocol):
    def start(self, tag: str, attrs: tuple[tuple[str, str | None], ...], empty: bool,
              at: int) -> None:
        """``handle_starttag`` (``handle_startendtag`` when ``empty``: "<br/>"), ``at``: the
        offset of its "<" in the source (where ``getpos()``'s line and column are): one
        call a tag, where three were made."""

    def skipped(self, at: int) -> None:
        """The part of the source ``scan`` is told to skip starts at offset ``at``."""

    def handle_endtag(self, tag: str) -> None: ...
    def handle_data(self, data: str) -> None: ...
    def handle_charref(self, name: str) -> None: ...
    def handle_entityref(self, name: str) -> None: ...
    def handle_comment(self, data: str) -> None: ...
    def handle_decl(self, decl: str) -> None: ...


def _attributes(written: str) -> tuple[tuple[str, str | None], ...]:
    """The attributes of a start tag, written as ``written``, as ``HTMLParser`` gives them
    (read once a written tag: :func:`_tag` keeps them with the tag, and a cache of its own
    here never served; two tags seldom differ by their names alone).

    All found by one call (a tag a page alone has, its title or URL, cost several times
    one seen before), as a list: a generator's frames cost more than the list."""
    return tuple([(name.lower(), (unescape(value[2:-1]) if "&" in value else value[2:-1])
                   if value else None) for name, value in _ATTRIBUTE_RE.findall(written)])


# What is between a tag's "<" and its first ">", read whole: _TOKEN_RE reads the same tag
# there whenever this matches (a ">" inside an attribute's quotes leaves a quote open here,
# and no match).
_TAG_RE = re.compile(
    r"(?P<start>[a-zA-Z][a-zA-Z0-9]*)"
    r"(?P<attrs>(?:\s+[a-zA-Z][-a-zA-Z0-9:]*(?:=\"[^\"]*\")?)*)\s*(?P<empty>/?)"
    r"|/(?P<end>[a-zA-Z][a-zA-Z0-9]*)")
_Tag = tuple[str, tuple[tuple[str, str | None], ...] | None, bool]
_SKIPPED: _Tag = ("", (), True)  # stands for the part of the source scan() is told to skip


def _tag_of(match: re.Match[str]) -> _Tag:
    """A start or end tag matched by _TAG_RE or _TOKEN_RE: its name in lower case, its
    attributes (None for an end tag), and whether it closes itself ("<br/>")."""
    end = match.group("end")
    if end is not None:
        return end.lower(), None, False
    written = match.group("attrs")
    return (match.group("start").lower(), _attributes(written) if written else (),
            bool(match.group("empty")))


# A page's tags are written alike on every page (the same few dozen, attributes and all):
# each is read once, and a page's are looked up, where a match of _TOKEN_RE and its
# groups cost several times as much.
@lru_cache(maxsize=4096)
def _tag(inner: str) -> _Tag | None:
    """The tag written ``<inner>`` (``inner``: what is between its "<" and the first ">"
    after it); None when it is not one the templates write (a comment, a doctype, a
    quoted ">", markup of another kind)."""
    if '"' in inner and "&" not in inner:
        # A tag the page alone has (its title, description, URL, a date, an id: some six a
        # built page) is most often one seen before but for its attributes' values, in
        # double quotes: it reads as that other tag, its values its own. A value holds no
        # '"', so a tag's quotes pair (a name's "=" before each pair) exactly as the other
        # tag's do, with any values between them; one with a reference is read in full
        # (its values are unescaped). ~25 -> ~13 K instructions such a tag (cachegrind).
        parts = inner.split('"')
        if len(parts) % 2:
            template = _template(tuple(parts[::2]))
            if template is None:
                return None
            name, names, empty = template
            if names is not None:
                return name, tuple(zip(names, parts[1::2], strict=True)), empty
    return _read_tag(inner)


def _read_tag(inner: str) -> _Tag | None:
    """:func:`_tag`, read from ``inner`` itself."""
    match = _TAG_RE.fullmatch(inner)
    return _tag_of(match) if match is not None else None


@lru_cache(maxsize=256)
def _template(skeleton: tuple[str, ...]) -> tuple[str, tuple[str, ...] | None, bool] | None:
    """The tag written ``<inner>`` where ``inner`` is ``skeleton`` with a value in quotes
    between each two of its parts: its name, the names of its attributes (None when one
    of them has no value: it is read in full), whether it closes itself; None when no
    such ``inner`` is a tag :func:`_tag` reads."""
    tag = _read_tag('""'.join(skeleton))  # empty values: as well as any others
    if tag is None:
        return None
    name, attrs, empty = tag
    if attrs is None or None in map(operator.itemgetter(1), attrs):
        return name, None, empty
    return name, tuple(map(operator.itemgetter(0), attrs)), empty


def line_starts(lines: Sequence[str]) -> list[int]:
    """Where each of ``lines`` (a source split at "\n") starts in the source: after each
    "\n", summed in C (a match object a line was a tenth of the reader's walk)."""
    return [0, *itertools.accumulate(map(operator.add, map(len, lines[:-1]),
                                         itertools.repeat(1)))]


def scan(source: str, handler: Handler, skip: tuple[int, int] = (-1, -1)) -> bool:
    """Feed ``source`` to ``handler``; False, part-way, when it is not markup this reads.

    A tag is given with its offset, not its line and column: most are never asked for
    their line (~0.1 M instructions a built page). ``skip``: a part of ``source`` (from
    a "<" to a ">") read elsewhere:
    where a tag would start at its first character, ``handler.skipped`` is called, and
    the scan goes on after it.

    The source is read by :func:`_scan_plain` as far as it reads it, then by
    :func:`_scan_from` (each token on its own) from where that stopped: built pages are
    read by the first to their end, and the second gives the same events (a test holds
    the two ways to each other)."""
    skip_at, skip_to = skip
    if skip_at < 0:
        position = _scan_plain(source, handler, 0, len(source))
    elif source.startswith("<", skip_at):
        position = _scan_plain(source, handler, 0, skip_at)
        if position == skip_at:  # where _scan_from would call it, and go on after it
            handler.skipped(skip_at)
            position = _scan_plain(source, handler, skip_to, len(source))
    else:
        position = 0
    return _scan_from(source, handler, skip, position)


# A comment or doctype, read by _TOKEN_RE, where _scan_plain finds what is no tag.
_DECLARATIONS = frozenset({"comment", "doctype"})


def _scan_plain(source: str, handler: Handler, start: int, stop: int) -> int:
    """Feed ``source[start:stop]`` (``start`` where :func:`_scan_from` would be between two
    tokens) to ``handler`` as _scan_from would, up to the first thing it leaves to that
    (text with a reference, a tag with ">" in a quoted value, a script that is not
    closed as the templates close it, markup of another kind); where it stopped (``stop``
    when it read all).

    The part is split at every "<" in C, and each piece split at its first ">" into the
    tag and the text after it, where a search for each "<" and ">", a slice for each tag
    and each text and a look at each character between were made one token at a time
    (0.77 -> 0.51 M instructions for the ~180 tokens around a built page's body)."""
    pieces = iter(source[start:stop].split("<"))
    text = next(pieces)
    position = start
    if text:
        if "&" in text:
            return position
        handler.handle_data(text)
        position += len(text)
    for piece in pieces:  # its "<" at position
        inner, closed, text = piece.partition(">")
        if not closed:
            return position
        tag = _tag(inner)
        if tag is None:
            token = _TOKEN_RE.match(source, position)
            if (token is None or token.lastgroup not in _DECLARATIONS
                    or token.end() != position + len(inner) + 2):
                return position
            if token.lastgroup == "comment":
                handler.handle_comment(token.group("comment"))
            else:
                handler.handle_decl(token.group("doctype"))
        else:
            name, attrs, empty = tag
            if attrs is None:
                handler.handle_endtag(name)
            elif name in _RAW_TEXT and not empty:  # its text is up to the next "</name>"
                after = next(pieces, "")
                if not after.startswith(f"/{name}>"):
                    return position
                handler.start(name, attrs, empty, position)
                if text:
                    handler.handle_data(text)
                handler.handle_endtag(name)
                position += len(text) + len(name) + 3  # and the tag's, below
                text = after[len(name) + 2:]
            else:
                handler.start(name, attrs, empty, position)
        position += len(inner) + 2
        if text:
            if "&" in text:
                return position
            handler.handle_data(text)
            position += len(text)
    return position


def _scan_from(source: str, handler: Handler, skip: tuple[int, int], position: int) -> bool:
    """:func:`scan` from ``position`` (between two tokens) on, each token on its own."""
    skip_at, skip_to = skip
    length = len(source)
    find, match_token = source.find, _TOKEN_RE.match
    # The first "&" at or after the text being read (-1: none is left), found again only
    # once the scan is past it: most pages have none, where a search a text was ~80 a page.
    amp = find("&", position)
    while position < length:
        if source[position] != "<":
            end = find("<", position)
            end = length if end < 0 else end
            if 0 <= amp < position:
                amp = find("&", position)
            if not 0 <= amp < end:  # text alone, as _TOKEN_RE reads it
                handler.handle_data(source[position:end])
                position = end
                continue
            while position < end:  # text and references
                token = match_token(source, position)
                if token is None:
                    return False
                position = token.end()
                kind = token.lastgroup or ""
                if kind == "text":
                    handler.handle_data(token.group(kind))
                elif kind == "entity":
                    handler.handle_entityref(token.group(kind))
                else:
                    handler.handle_charref(token.group(kind))
            continue
        tag: _Tag | None
        if position == skip_at:  # counted and reported where a start tag would be
            tag, close = _SKIPPED, skip_to
        else:
            close = find(">", position) + 1
            tag = _tag(source[position + 1:close - 1]) if close else None
        if tag is None:
            token = match_token(source, position)
            if token is None:
                return False
            kind = token.lastgroup or ""
            if kind == "comment":
                handler.handle_comment(token.group(kind))
            elif kind == "doctype":
                handler.handle_decl(token.group(kind))
            else:  # a tag with ">" in an attribute's value
                tag = _tag_of(token)
            close = token.end()
            if tag is None:
                position = close
                continue
        name, attrs, empty = tag
        if attrs is None:
            handler.handle_endtag(name)
            position = close
            continue
        if tag is _SKIPPED:
            handler.skipped(position)
            position = close
            continue
        handler.start(name, attrs, empty, position)
        position = close
        if name in _RAW_TEXT and not empty:
            close = source.find("</", position)
            if not source.startswith(f"</{name}>", close):
                return False
            if close > position:
                handler.handle_data(source[position:close])
            handler.handle_endtag(name)
            position = close + len(name) + 3
    return True
