"""Markdown made only of plain blocks, rendered without markdown-it, as markdown-it renders it.

Most of what programmatic SEO pages hold is plain: paragraphs of prose, ATX headings, tight
lists of one-line items, and links (``stat()`` writes its citations as links). markdown-it
spends ~15% of a built page's work on such a body: its block rules are tried at every line
and its inline rules at every mark of punctuation, a Python call each. :func:`plain_html`
reads a text made of those blocks alone, written the one way that leaves nothing to the
CommonMark rules' corners, with a few regular expressions, and returns markdown-it's HTML
for it (the parser of ``copydesk.render.markdown``: CommonMark, ids on h1-h3, citation
links as superscripts); for anything else it returns None and markdown-it renders the text.

What is read: blocks separated by blank lines, each one of
- a paragraph: lines that start with a letter, a digit (not a list's marker), one of
  ``"'($`` or emphasis, with no white space at either end;
- a heading: 1-6 "#", one space, and its text (not ending in "#"), then a blank line;
- a tight list: consecutive "- " items, or "N. " or "N) " items, one line each,
  whose text starts as a paragraph's does; a list after a blank line is not followed by an
  item of its kind (that would make both one loose list).
Their text is prose with no mark that starts inline markup (no ``\\ ` * _ ~ < ^ |``, no "![",
no "&" before "#" or a letter, no brackets but a link or a bracketed phrase not followed by
"(" or "["), plus emphasis (``*em*``, ``**strong**`` around such prose, at its start or after
a space, and before its end, a space or ``.,:;?)``), backslash escapes of punctuation and
links ``[text](destination)`` with a destination holding no space, parenthesis, "<", ">",
"\\" or "&". A text with a line starting with "[" (a link reference definition) is never
read here: the block rules start no paragraph there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from markdown_it.common.normalize_url import normalizeLink, validateLink
from markdown_it.common.utils import escapeHtml
from mdit_py_plugins.anchors.index import slugify, unique_slug

from copydesk.lint.html_body import BodyBlock, BodyInline, BodyNode, PlainBody

CITATION_PREFIX = "#source-"
_BLANK = " \t"  # a line of these alone is blank (unlike str.strip, markdown-it strips these)
_HEADING_IDS = 3  # h1-h3 get ids (the anchors plugin's max_level in render.markdown)
_KEPT = 2048  # texts a _Kept table holds: a few dozen pages' headings or items, what repeats
# Each level's tag, start tag without an id, and end tag (not formatted for each heading).
_HEADING_TAGS = {level: (f"h{level}", f"<h{level}>", f"</h{level}>\n") for level in range(1, 7)}

# The marks that may start inline markup, control characters, and "!" (an image's, before
# "["): prose between them is text as it stands.
_MARK_RE = re.compile(r"[\\`*_~\[\]<&^|!\x00-\x09\x0b-\x1f\x7f]")
# The same marks among ASCII's characters: this table made for bytes.translate makes each
# of them a NUL byte (itself a mark) and keeps every other, and a NUL is found by memchr
# (bytes.find), a few instructions a character, where the pattern's search tested each
# character against its class (~65 instructions a character: ~0.1 ms a body, and ~50 K
# instructions a block with a citation, searched to its end). Most blocks hold no mark.
_MARKS_TO_NUL = bytes(0 if _MARK_RE.match(chr(code)) else code for code in range(256))
_ESCAPE = r"\\[!-/:-@\[-`{-~]"  # a backslash and an ASCII punctuation mark: the mark
# Possessive: a run taken whole is never split again when what follows fails to match.
_LABEL = rf"(?:[^\\`*_~\[\]<&^|!\x00-\x1f\x7f]++|{_ESCAPE}|!(?!\[))"
# What may stand at a mark: a link, emphasis ("*" or "**" around prose that starts with a
# letter or digit and ends with no space; :func:`_emphasis` checks what is around it), a
# bracketed phrase that is no link (not followed by "(" or "["), an escape, a "!" that
# starts no image, or an "&" that starts no character reference ("AI & MLOps").
_MARKUP_RE = re.compile(
    rf"\[(?P<label>{_LABEL}++)\]\((?P<url>[^\s()<>\\&\x00-\x1f\x7f]+)\)"
    r"|(?P<stars>\*\*?)(?P<emphasised>[^\W_][^\\`*_~\[\]<&^|!\x00-\x1f\x7f]*?)(?P=stars)(?!\*)"
    rf"|(?P<text>\[{_LABEL}*+\](?![(\[])|{_ESCAPE}|!(?!\[)|&(?![#A-Za-z]))")
_ESCAPED_RE = re.compile(r"\\(.)")
# A link to a place in the page ("#source-1", "#faq"): markdown-it's normalizeLink gives it
# back as it is (no host to encode, no character to escape) and validateLink lets it be.
# normalizeLink parses and formats the URL in Python, ~33 K instructions a citation.
_FRAGMENT_RE = re.compile(r"#[A-Za-z0-9_\-]*")
# What the anchors plugin's slugify removes from a heading's lowered text (its pattern),
# and among ASCII's characters, as bytes for bytes.translate (see _slug).
_NOT_IN_SLUG_RE = re.compile(r"[^\w\u4e00-\u9fff\- ]")
_NOT_IN_SLUG_BYTES = bytes(code for code in range(128) if _NOT_IN_SLUG_RE.match(chr(code)))
# How a paragraph's line or a list item's text may start; a digit that is a list marker
# ("3." or "3)" then a space or the end) may not; emphasis may ("*" then a space is an item).
_PLAIN_START_RE = re.compile(r"(?![0-9]+[.)](?: |$))[^\W_]|[\"'($]|\*\*?[^\W_]")
_HEADING_RE = re.compile(r"(#{1,6}) (.*)")
_ITEM_RE = re.compile(r"(?:(-)|([0-9]{1,9})([.)])) (.*)")


def plain_html(text: str) -> str | None:
    """markdown-it's HTML of ``text`` when it is plain Markdown as above; else None."""
    body = plain_body(text)
    return body.html if body is not None else None


def plain_body(text: str) -> PlainBody | None:
    """:func:`plain_html`'s HTML with its blocks, as the lint's HTML reader reads them."""
    lines = text.split("\n")
    out = _Written()
    slugs: set[str] = set()
    count, at = len(lines), 0
    last_list = ""  # the kind of the list just ended ("-", "." or ")"), before blank lines
    while at < count:
        line = lines[at]
        # Most blank lines are empty, and most others have no white space at either end.
        if not line or line.strip() != line:
            if line.strip(_BLANK):
                return None
            at += 1
            continue
        # Most lines are a paragraph's: an item starts with "-" or a digit, a heading "#".
        first = line[0]
        item = _KEPT_ITEMS[line] if first == "-" or "0" <= first <= "9" else None
        if item is not None:
            kind, number, _ = item
            if kind == last_list:
                return None  # one loose list with the list before the blank line
            at = _list(lines, at, kind, number, out)
            if at < 0:
                return None
            at += 1  # the line after a block is blank, or there is none: not read again
            last_list = kind
            continue
        last_list = ""
        heading = _KEPT_HEADINGS[line] if first == "#" else None
        if heading is not None:
            level, inline = heading
            if inline is None:
                return None
            out.heading(level, inline, slugs)
            at += 1
            if at < count and lines[at] and lines[at].strip(_BLANK):
                return None  # keep to blocks that blank lines part
            at += 1
            continue
        end = at + 1
        while end < count and lines[end] and lines[end].strip(_BLANK):
            end += 1
        if end == at + 1:  # a paragraph of one line (stripped: see above), the usual case
            inline = _inline(line) if _plain_start(line) else None
        else:
            paragraph = lines[at:end]
            if not all(_plain_start(line) and line == line.strip() for line in paragraph):
                return None
            inline = _inline("\n".join(paragraph))
        if inline is None:
            return None
        out.block("p", "<p>", inline, "</p>\n")
        at = end + 1
    return PlainBody("".join(out.parts), tuple(out.blocks))


def _plain_start(line: str) -> bool:
    """Whether a paragraph's line or a list item's text starts as _PLAIN_START_RE says. A
    letter, the usual start, is one of its starts (str.isalpha holds of letters alone),
    found without it."""
    return line[:1].isalpha() or _PLAIN_START_RE.match(line) is not None


def _heading(line: str) -> tuple[int, _Inline | None] | None:
    """The level and text of the heading ``line`` is (the text None when it is not read
    here), or None when it is none."""
    heading = _HEADING_RE.fullmatch(line)
    if heading is None:
        return None
    # One call for the groups (Match.group parses its arguments from a tuple)
    hashes, content = heading.groups()
    plain = content and content[-1] != "#" and content == content.strip()
    return len(hashes), _inline(content) if plain else None


def _item(line: str) -> tuple[str, str | None, _Inline | None] | None:
    """The kind ("-", "." or ")"), number (an ordered list's) and text of the list item
    ``line`` is (the text None when it is not read here), or None when it is none."""
    item = _ITEM_RE.fullmatch(line)
    if item is None:
        return None
    bullet, number, closer, content = item.groups()
    plain = _plain_start(content) and content == content.strip()
    return bullet or closer, number, _inline(content) if plain else None


_new_tuple = tuple.__new__  # makes a NamedTuple: its own __new__ (and _replace) is a Python call


# A block's text: its HTML, its text as read (a heading's id is made of it), and its text
# nodes and links, each link's offset in the HTML. A plain tuple, where a NamedTuple is
# made through tuple.__new__ (~1.6 K instructions more a block).
_Inline = tuple[str, str, tuple[BodyNode, ...]]


class _Written:
    """The body's HTML as it is written, and its blocks where they start."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[BodyBlock] = []

    def write(self, html: str) -> None:
        self.parts.append(html)
        self.length += len(html)

    def block(self, tag: str, opened: str, inline: _Inline, closed: str, anchor: str = "",
              list_at: int = -1) -> None:
        html, _, nodes = inline
        at = self.length
        if len(nodes) > 1 or not isinstance(nodes[0], str):  # elements: offsets in the body
            inner = at + len(opened)
            nodes = tuple(node if isinstance(node, str) else _new_tuple(BodyInline, (
                inner + node.offset, node.href, node.label, node.cited)) for node in nodes)
        self.blocks.append((tag, at, nodes, anchor, list_at))
        html = f"{opened}{html}{closed}"
        self.parts.append(html)
        self.length += len(html)

    def heading(self, level: int, inline: _Inline, slugs: set[str]) -> None:
        """Write a heading; h1-h3 get an id, unique in the body (``slugs``: those given)."""
        tag, opened, closed = _HEADING_TAGS[level]
        if level > _HEADING_IDS:
            self.block(tag, opened, inline, closed)
            return
        anchor = _KEPT_SLUGS[inline[1]]
        if anchor in slugs:
            anchor = unique_slug(anchor, slugs)
        else:  # unique_slug's first test, made here
            slugs.add(anchor)
        # An id holds word characters and "-" alone (see _slug): nothing HTML escapes.
        self.block(tag, f'<{tag} id="{anchor}">', inline, closed, anchor)


def _list(lines: list[str], at: int, kind: str, start: str | None, out: _Written) -> int:
    """Write the tight list of ``kind`` starting at line ``at``; the line after it, or -1
    when the lines there are not such a list."""
    inlines: list[_Inline] = []
    count = len(lines)
    while at < count and (line := lines[at]):
        item = _KEPT_ITEMS[line]
        if item is None or item[0] != kind or item[2] is None:
            if line.strip(_BLANK):
                return -1
            break  # spaces and tabs alone: a blank line (told apart only here, seldom)
        inlines.append(item[2])
        at += 1
    number = int(start) if start is not None else 1
    list_at = out.length
    out.write("<ul>\n" if kind == "-" else "<ol>\n" if number == 1
              else f'<ol start="{number}">\n')
    for inline in inlines:
        out.block("li", "<li>", inline, "</li>\n", list_at=list_at)
        list_at = -1
    out.write("</ul>\n" if kind == "-" else "</ol>\n")
    return at


# What may follow emphasis: the end, white space, or punctuation that starts nothing.
_AFTER_EMPHASIS = frozenset(" \n.,:;?)")


def _emphasis(content: str, markup: re.Match[str]) -> bool:
    """Whether the emphasis ``markup`` matched is markdown-it's alone: its stars open (at
    the start or after a space or newline) and close (after no white space, and before
    the end, a space, a newline or one of ``.,:;?)``): no flanking rule is left to
    decide anything."""
    start, end = markup.span()
    return ((start == 0 or content[start - 1] in " \n")
            and not markup.group("emphasised")[-1].isspace()
            and (end == len(content) or content[end] in _AFTER_EMPHASIS))


def _slug(title: str) -> str:
    """The anchors plugin's ``slugify(title)``: the title lowered, its spaces made "-",
    less what its pattern removes. slugify looks its pattern up by its text and tests
    each character against a Unicode class (~32 K instructions a heading); an ASCII
    title's characters are deleted by bytes.translate."""
    lowered = title.lower().replace(" ", "-")
    if not lowered.isascii():
        return slugify(title)
    return lowered.encode().translate(None, _NOT_IN_SLUG_BYTES).decode()


_T = TypeVar("_T")


class _Kept(dict[str, _T]):
    """What ``make`` gives for each text, kept by text: a build's pages repeat their
    headings and list items (the 500-post corpus: 4,274 heading lines, 550 of them apart;
    3,500 item lines, 554 apart), each ~5 K instructions matched and read, and a heading's
    id ~5 K more. An entry is made on a miss (``__missing__``); a full table is emptied."""

    def __init__(self, make: Callable[[str], _T]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, text: str) -> _T:
        if len(self) >= _KEPT:
            self.clear()
        value = self[text] = self.make(text)
        return value


def _unescaped(text: str) -> str:
    """``text`` with its backslash escapes replaced by the character escaped. With no
    backslash before another, a line end or the end, that is every backslash removed:
    ``re.sub``'s template r"\\1" is expanded by a Python call for each escape (~20 K
    instructions a citation's label, "\\[1\\]")."""
    if "\\" not in text:
        return text
    if "\\\\" in text or "\\\n" in text or text.endswith("\\"):
        return _ESCAPED_RE.sub(r"\1", text)
    return text.replace("\\", "")


def _escaped(text: str) -> str:
    """``escapeHtml(text)``: most texts hold none of the four characters it escapes, each
    looked for here by memchr, where it replaces each in turn, counting them first."""
    if "&" in text or "<" in text or ">" in text or '"' in text:
        return escapeHtml(text)
    return text


def _next_mark(text: str, masked: bytes | None, start: int) -> int:
    """Where the first mark of _MARK_RE in ``text`` at or after ``start`` is, or -1
    (``masked``: ``text`` as bytes with each mark a NUL byte, or None when ``text`` is
    not ASCII)."""
    if masked is not None:
        return masked.find(0, start)
    mark = _MARK_RE.search(text, start)
    return -1 if mark is None else mark.start()


def _inline(content: str) -> _Inline | None:
    """The HTML of a block's text, its text as read, and its nodes (:class:`_Inline`)."""
    # Its marks, if ASCII: see _MARKS_TO_NUL (a call of its own was ~1 K instructions).
    masked = content.encode().translate(_MARKS_TO_NUL) if content.isascii() else None
    # Most texts hold no mark: found so by memchr without a call (bytes.find parses its
    # arguments from a tuple, ~1.5 K instructions).
    at = -1 if masked is not None and 0 not in masked else _next_mark(content, masked, 0)
    if at < 0:  # prose alone, the usual case: of what HTML escapes, '"' and ">" only
        return (escapeHtml(content) if '"' in content or ">" in content else content,
                content, (content,))
    html: list[str] = []
    read: list[str] = []
    nodes: list[BodyNode] = []
    node: list[str] = []  # the text node so far: what lies between two tags
    length = position = 0
    while at >= 0:
        text = content[position:at]
        markup = _MARKUP_RE.match(content, at)
        if markup is None:
            return None
        position = markup.end()
        if markup.group("stars") is not None and not _emphasis(content, markup):
            return None
        if markup.group("text") is not None:
            text = _unescaped(text + markup.group("text"))
        if text:
            escaped = _escaped(text)
            html.append(escaped)
            read.append(text)
            node.append(text)
            length += len(escaped)
        if markup.group("stars") is not None:
            label = markup.group("emphasised")
            tag = "strong" if len(markup.group("stars")) == 2 else "em"
            written = f"<{tag}>{_escaped(label)}</{tag}>"
            element = _new_tuple(BodyInline, (length, None, label, False))
        elif markup.group("text") is None:
            label = _unescaped(markup.group("label"))
            href = markup.group("url")
            if _FRAGMENT_RE.fullmatch(href) is None:  # not a citation's "#source-1"
                href = normalizeLink(href)  # as markdown-it's link rule does
                if not validateLink(href):
                    return None
            link = f'<a href="{_escaped(href)}"'
            cited = href.startswith(CITATION_PREFIX)
            written = (f'<sup>{link} class="cite">{_escaped(label)}</a></sup>' if cited
                       else f"{link}>{_escaped(label)}</a>")
            element = _new_tuple(BodyInline, (length, href, label, cited))
        else:
            element = None
        if element is not None:  # an element: the text node before it ends there
            if node:
                nodes.append("".join(node))
                node.clear()
            nodes.append(element)
            html.append(written)
            read.append(element.label)
            length += len(written)
        at = _next_mark(content, masked, position)
    text = content[position:]
    if text:
        html.append(_escaped(text))
        read.append(text)
        node.append(text)
    if node:
        nodes.append("".join(node))
    return "".join(html), "".join(read), tuple(nodes)


# Headings and list items by their lines, and headings' ids by their text as read.
_KEPT_HEADINGS = _Kept(_heading)
_KEPT_ITEMS = _Kept(_item)
_KEPT_SLUGS = _Kept(_slug)
