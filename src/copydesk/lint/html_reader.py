"""HTML -> Document: the visible text of block elements.

The page is parsed once (``copydesk.lint.html_tree``), with the standard library's
tokenizer because it records where each tag starts. Text nodes carry no
position, so each line of a text node is searched for in the source from its element's
start onward; entities make the search miss now and then, and the text is then anchored
at the last known position (right line, approximate column).
"""

from __future__ import annotations

import bisect
import re

from copydesk.lint.document import Block, BlockKind, Document, LineStart, Link
from copydesk.lint.html_body import PlainBody
from copydesk.lint.html_scan import line_starts
from copydesk.lint.html_tree import (
    BODY,
    NOT_PROSE,
    Element,
    ElementIndex,
    Text,
    parse_around,
    parse_page,
    text_node,
)
from copydesk.lint.page import BodyFacts, PageHeading, extract_page
from copydesk.lint.suppressions import parse_suppressions
from copydesk.lint.text import LINE_BREAKS

# Not prose: code, embedded objects, form controls, and navigation menus (site chrome
# repeated on every page, whose bare link labels would trip the punctuation rules).
_SKIPPED = frozenset({"script", "style", "noscript", "template", "pre", "code", "head",
                      "svg", "math", "iframe", "object", "textarea", "select", "nav"})
_BLOCK_KINDS: dict[str, BlockKind] = {
    **{f"h{level}": "heading" for level in range(1, 7)},
    "p": "paragraph", "li": "list_item", "td": "table_cell", "th": "table_cell",
    "blockquote": "quote", "dt": "paragraph", "dd": "paragraph", "figcaption": "paragraph",
}
# Elements that break the flow of text: their own loose text becomes a paragraph.
_CONTAINERS = frozenset({
    "html", "body", "div", "section", "article", "main", "header", "footer", "nav", "aside",
    "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "figure", "form", "fieldset",
    "details", "summary", "address", "hr", "caption", "center", "hgroup", "menu",
})
# Elements the walk reads apart from what is around them (child() flushes the block before
# them; they end their own): white space alone between two of them is of no block, and
# the tree leaves it out (html_tree.parse_page).
_APART = (frozenset(_BLOCK_KINDS) | _CONTAINERS | {BODY}) - _SKIPPED
# Elements the walk does not read as inline ones (:meth:`_Reader.inline`).
_NOT_INLINE = frozenset(_BLOCK_KINDS) | _CONTAINERS | _SKIPPED | {"br", BODY}
_ITEM_KINDS = frozenset({"list_item", "quote", "table_cell"})
_LISTS = frozenset({"ul", "ol", "menu"})
_PLAIN_WORD_RE = re.compile(r"[A-Za-z0-9]+")
_OTHER_BREAKS = LINE_BREAKS.replace("\n", "")  # str.splitlines's, "\n" aside
_new_tuple = tuple.__new__  # a NamedTuple made without its Python-level __new__


class _Pending:
    """Text collected for one block, with anchors back to the source: (offset in the
    text, offset in the source), made (line, col) only for a block that is kept (most
    blocks collected are the white space between elements)."""

    __slots__ = ("anchors", "citations", "group", "kind", "length", "level", "links", "parts",
                 "prose")

    def __init__(self, kind: BlockKind, level: int, group: int) -> None:
        self.kind = kind
        self.level = level
        self.group = group
        self.parts: list[str] = []
        self.anchors: list[tuple[int, int]] = []
        self.links: list[Link] = []
        self.citations: list[int] = []
        self.length = 0
        self.prose = False  # some text that is not white space was added

    def add(self, text: str, offset: int) -> None:
        self.anchors.append((self.length, offset))
        self.parts.append(text)
        self.length += len(text)


class _Reader:
    def __init__(self, source: str, lines: list[str], starts: list[int],
                 body: PlainBody | None = None, body_at: int = 0) -> None:
        self.source = source
        # A body read from its renderer's record, and where its HTML starts in source; the
        # tree has an element standing for it (html_tree.parse_around).
        self.body = body
        self.body_at = body_at
        # The source's lines (Document.lines, suppressions), and where each starts.
        self.lines = lines
        self.line_offsets = starts
        # The source holds a character str.splitlines ends a line at besides "\n" (a
        # search of each, in C; a pattern's look at each character cost more).
        self.other_breaks = any(char in source for char in _OTHER_BREAKS)
        self.cursor = 0
        self.blocks: list[Block] = []
        self.groups = 0
        self.spare: list[_Pending] = []  # flushed, so empty: made again for the next block

    def pending(self, kind: BlockKind, level: int, group: int) -> _Pending:
        """An empty :class:`_Pending` for a block: one flushed before, when there is one
        (a page collects text for a hundred blocks, a few of them open at once)."""
        if not self.spare:
            return _Pending(kind, level, group)
        pending = self.spare.pop()
        pending.kind, pending.level, pending.group = kind, level, group
        return pending

    def add_text(self, pending: _Pending, text: str) -> None:
        """Append ``text`` line by line, finding each line in the source after the cursor."""
        for piece in text.splitlines(keepends=True):
            stripped = piece.strip()
            if not stripped:  # white space between tags: nothing to find
                pending.add(piece, self.cursor)
                continue
            pending.prose = True
            limit = _search_end(self.cursor, piece)
            found = self.source.find(stripped, self.cursor, limit)
            if found >= 0:
                self.cursor = found + len(stripped)
                pending.add(piece, found - (len(piece) - len(piece.lstrip())))
            else:
                self.add_word_by_word(pending, piece, limit)

    def add_word_by_word(self, pending: _Pending, piece: str, limit: int) -> None:
        """A line with entities: anchor each word that appears verbatim in the source."""
        start = pending.length
        pending.add(piece, self.cursor)
        for word in _PLAIN_WORD_RE.finditer(piece):
            found = self.source.find(word.group(), self.cursor, limit)
            if found >= 0:
                self.cursor = found + len(word.group())
                pending.anchors.append((start + word.start(), found))

    def one_text(self, kind: BlockKind, level: int, group: int, text: str,
                 links: tuple[Link, ...] = (), citations: tuple[int, ...] = ()) -> bool:
        """The block of an element holding one text node, ``text``, added as walking it
        would add it (:meth:`add_text`, then :meth:`flush`), when ``text`` is one line with
        no white space at its ends, found where add_text looks: True. Else nothing is done:
        False. Most blocks of a page are such (a test holds the two ways to each other);
        this way they take no _Pending, no walk and no flush. ``links`` and ``citations``:
        the block's, when the text is inside an inline element (:meth:`one_inline`)."""
        # One line: every character str.splitlines ends a line at is white space, so
        # none is at an end, and splitlines gives the text back alone. Found, the text is
        # the source's there: where the source has no break but "\n", the source's own
        # lines tell, with no look at each character (~0.1 M instructions a page).
        if not text or text != text.strip() or (
                self.other_breaks and len(text.splitlines()) != 1):
            return False
        cursor = self.cursor
        found = _find(self.source, text, cursor, _search_end(cursor, text))
        if found < 0:
            return False
        end = found + len(text)
        offsets = self.line_offsets
        line = bisect.bisect_right(offsets, found)
        if line < len(offsets) and offsets[line] <= end:  # its line's "\n" is inside
            return False
        self.cursor = end
        self.blocks.append(_block(kind, text, (_new_tuple(
            LineStart, (0, line, found - offsets[line - 1] + 1)),), level, links, citations,
            group))
        return True

    def one_inline(self, kind: BlockKind, level: int, group: int, tag: Element) -> bool:
        """The block of an element holding one inline element, ``tag``, that holds one text
        node (a heading's or a list item's link, a <time>), made by :meth:`one_text` with
        the link or citation :meth:`inline` notes, the cursor first moved on to ``tag``
        as :meth:`child` moves it: True. Else False, as one_text (a test holds it to the
        walk); ``tag`` is then walked, and the cursor moves there again (to no other
        place). The site's menus, an index's entries and sources are such blocks."""
        children = tag.children
        if len(children) != 1 or type(children[0]) is not Text or children[0][1] in NOT_PROSE:
            return False
        name = tag.name.lower()
        if name in _NOT_INLINE:
            return False
        self.move_to(tag)
        text = children[0][0]
        href = tag.attrs.get("href")
        return self.one_text(
            kind, level, group, text,
            (Link(href, 0, len(text)),) if name == "a" and href is not None else (),
            (0,) if name == "sup" else ())

    def move_to(self, tag: Element) -> None:
        """Move the cursor on to where ``tag`` starts, when it is known."""
        at = tag.at
        if at is not None and at > self.cursor:
            self.cursor = at

    def walk(self, element: Element, pending: _Pending, depth: int, group: int) -> None:
        for child in element.children:
            if type(child) is Text:  # made by tuple.__new__: exactly a Text
                text, kind = child
                if kind in NOT_PROSE:
                    continue
                if len(text) == 1 and text.isspace():  # between tags, as add_text adds it
                    pending.add(text, self.cursor)
                else:
                    self.add_text(pending, text)
            else:
                self.child(child, pending, depth, group)  # type: ignore[arg-type]

    def child(self, tag: Element, pending: _Pending, depth: int, group: int) -> None:
        name = tag.name.lower()
        if name in _SKIPPED:
            return
        at = tag.at  # move_to(tag), written out: a call a tag cost more
        if at is not None and at > self.cursor:  # the cursor moves on to the tag's start
            self.cursor = at
        if name == "br":  # a line break inside the block, not the end of it
            pending.add("\n", self.cursor)
            return
        kind = _BLOCK_KINDS.get(name)
        if kind is None and name not in _CONTAINERS:
            self.inline(tag, pending, depth, group)
            return
        # flush(pending), called only when there is something to flush: most elements
        # come first in their parent or after another read apart (~45 calls a page).
        if pending.parts or pending.links or pending.citations:
            self.flush(pending)
        starts_group = name in _LISTS or name == "table"
        if starts_group:
            group = self.groups
            self.groups += 1
        if kind in (None, "paragraph") and pending.kind in _ITEM_KINDS and not starts_group:
            # <li><p>...</p></li> is still the list item, as in a loose Markdown list.
            kind, level, own_group = pending.kind, pending.level, pending.group
        elif kind is None:
            kind, level, own_group = "paragraph", 0, -1
        else:
            level = int(name[1]) if kind == "heading" else depth if kind == "list_item" else 0
            own_group = group if kind in ("list_item", "table_cell") else -1
        children = tag.children
        if len(children) == 1:
            only = children[0]
            if type(only) is Text:
                if only[1] not in NOT_PROSE and self.one_text(kind, level, own_group, only[0]):
                    return
            elif self.one_inline(kind, level, own_group, only):  # type: ignore[arg-type]
                return
        inner = self.pending(kind, level, own_group)
        self.walk(tag, inner, depth + (name in _LISTS), group)
        if inner.parts or inner.links or inner.citations:  # not a container's (as above)
            self.flush(inner)
        self.spare.append(inner)

    def inline(self, tag: Element, pending: _Pending, depth: int, group: int) -> None:
        if tag.name == BODY:
            self.read_body(pending, depth)
            return
        start = pending.length
        self.walk(tag, pending, depth, group)
        name = tag.name.lower()
        href = tag.attrs.get("href")
        if name == "a" and href is not None:
            pending.links.append(Link(href, start, pending.length))
        elif name == "sup":
            pending.citations.append(start)

    def read_body(self, pending: _Pending, depth: int) -> None:
        """Read the body from its record as :meth:`walk` reads its HTML: the same blocks,
        kinds, levels and groups, the cursor moved to the same tags' starts, and the same
        texts anchored by :meth:`add_text` (a test holds the two to each other)."""
        assert self.body is not None  # parse_around made the element standing for it
        self.flush(pending)  # its first block ends what came before, as a tag would
        at = self.body_at
        group = -1
        for tag, offset, nodes, _, list_at in self.body.blocks:
            if list_at >= 0:  # <ul> or <ol>: a group of its own
                self.cursor = max(self.cursor, at + list_at)
                group = self.groups
                self.groups += 1
            self.cursor = max(self.cursor, at + offset)
            kind: BlockKind = ("paragraph" if tag == "p" else "list_item" if tag == "li"
                               else "heading")
            level = 0 if tag == "p" else depth + 1 if tag == "li" else int(tag[1])
            own_group = group if tag == "li" else -1
            if (len(nodes) == 1 and type(nodes[0]) is str  # one text node, as add_node adds it
                    and self.one_text(kind, level, own_group, nodes[0])):
                continue
            inner = self.pending(kind, level, own_group)
            for node in nodes:
                if isinstance(node, str):
                    self.add_node(inner, node)
                    continue
                link_at, href, label, cited = node
                self.cursor = max(self.cursor, at + link_at)
                if cited:  # <sup><a ...>: the cursor moves on to the <a> too
                    self.cursor = max(self.cursor, at + link_at + len("<sup>"))
                start = inner.length
                self.add_node(inner, label)
                if href is not None:
                    inner.links.append(Link(href, start, inner.length))
                if cited:
                    inner.citations.append(start)
            self.flush(inner)
            self.spare.append(inner)

    def add_node(self, pending: _Pending, text: str) -> None:
        """A text node of the body, as the tree would hold it and :meth:`walk` add it."""
        text = text_node(text)
        if len(text) == 1 and text.isspace():
            pending.add(text, self.cursor)
        else:
            self.add_text(pending, text)

    def flush(self, pending: _Pending) -> None:
        if pending.prose:
            text = "".join(pending.parts)
            offsets = self.line_offsets  # each anchor's (line, col), as bisect finds them
            anchors = tuple(_new_tuple(LineStart, (at, line, offset - offsets[line - 1] + 1))
                            for at, offset in pending.anchors
                            for line in (bisect.bisect_right(offsets, offset),))
            self.blocks.append(_block(pending.kind, text, anchors, pending.level,
                                      tuple(pending.links), tuple(pending.citations),
                                      pending.group))
        elif not (pending.parts or pending.links or pending.citations):
            return  # nothing collected: most elements are flushed before their first text
        # Collected, kept as a block or not (white space between elements is not): emptied.
        pending.parts.clear()
        pending.anchors.clear()
        pending.links.clear()
        pending.citations.clear()
        pending.length = 0
        pending.prose = False


def _block(kind: BlockKind, text: str, line_starts: tuple[LineStart, ...], level: int,
           links: tuple[Link, ...], citations: tuple[int, ...], group: int) -> Block:
    """``Block(kind, text, ...)``, its fields set in its ``__dict__`` at once: a frozen
    dataclass's ``__init__`` sets each through ``object.__setattr__`` (a page makes some
    sixty blocks). A test holds it to the constructor."""
    block = _new_object(Block)
    block.__dict__.update(kind=kind, text=text, line_starts=line_starts, level=level,
                          links=links, citations=citations, group=group)
    return block


_new_object = object.__new__


def read_html(path: str, source: str, body: PlainBody | None = None) -> Document:
    """The Document of the page ``source``; ``body``: the record of a body its renderer
    wrote (``html_body``), read from there when the page holds its HTML once, where the
    walk reads it as text of the page's own (not inside a heading, a link, a list item,
    a script...); else the page is read whole."""
    lines = source.split("\n")
    starts = line_starts(lines)  # the scan's and the reader's
    around = _around(source, body, starts) if body is not None else None
    if around is None:
        body = None
        root, index = parse_page(source, starts, _APART)
        reader = _Reader(source, lines, starts)
    else:
        root, index, body_at = around
        reader = _Reader(source, lines, starts, body, body_at)
    title_tag = index.first("title")
    title = title_tag.get_text().strip() if title_tag is not None else None
    pending = _Pending("paragraph", 0, -1)
    reader.walk(root, pending, 0, -1)
    reader.flush(pending)
    document = Document(path=path, kind="html", source=source, blocks=tuple(reader.blocks),
                        front_matter=_metadata(index), title=title or None,
                        # a suppression is a comment: a page without one needs no look at
                        # each line
                        suppressions=parse_suppressions(lines) if _holds_comment(source)
                        else (),
                        page=extract_page(index, _facts(reader, body) if body is not None
                                          else None))
    # Document.lines (a cached_property the rules of every page read) from the lines split
    # here, not split again (~0.1 M instructions a built page).
    document.__dict__["lines"] = lines[:-1] if lines[-1] == "" else lines
    return document


def _around(source: str, body: PlainBody, starts: list[int]
            ) -> tuple[Element, ElementIndex, int] | None:
    """The tree of the page around ``body``, its index (with the element standing for the
    body) and where the body's HTML starts; None when the page is to be read whole."""
    html = body.html
    at = _once(source, html)
    if at < 0 or not html.endswith(">\n"):
        return None
    # Up to its last ">": its last newline and what follows it are one text node.
    parsed = parse_around(source, at, at + len(html) - 1, starts, _APART)
    if parsed is None:
        return None
    root, index, within = parsed
    # Inside containers alone the body's blocks are read as blocks of the page's own, and
    # no heading, link or title the page declares holds its text.
    return (root, index, at) if all(name in _CONTAINERS for name in within) else None


def _holds_comment(source: str) -> bool:
    """Whether "<!--" is in ``source``: each "!" found (memchr; a page has few) and looked
    behind, where the search for "<!--" stopped at every "<" and "-" of the page (~36 K
    instructions a page). A test holds it to the ``in`` operator."""
    at = source.find("!", 1)
    while at > 0:
        if source.startswith("<!--", at - 1):
            return True
        at = source.find("!", at + 1)
    return False


def _search_end(cursor: int, text: str) -> int:
    """Where the search for ``text`` in the source after ``cursor`` stops (add_text's and
    one_text's alike): a miss (entities) must not rescan the rest of a large file."""
    return cursor + 8 * len(text) + 256


def _find(source: str, text: str, start: int, end: int) -> int:
    """``source.find(text, start, end)`` (``text`` not empty), tried first just after the
    next ">": where a text node stands after its tag. A long text's ``str.find`` prepares
    the text before it compares (~0.7 us for a paragraph's 300 characters); here no
    occurrence can start before that place when its first character is not there. A
    test holds the two to each other."""
    after = source.find(">", start) + 1
    if (after and after + len(text) <= end and source.startswith(text, after)
            and source.find(text[0], start, after) < 0):
        return after
    return source.find(text, start, end)


# A body's first characters, looked for before the whole body is compared: ``str.find`` of
# a whole body (some 20,000 characters) prepares the needle first, twice a page (the body,
# then whether it is there again), a third of a million instructions.
_HEAD_LENGTH = 64


def _once(source: str, text: str) -> int:
    """Where ``text`` is in ``source``; -1 when it is not, or is there more than once."""
    head = text[:_HEAD_LENGTH]
    end = len(source) - len(text) + len(head)  # the head of a text that fits before the end
    found = -1
    at = source.find(head, 0, end)
    while at >= 0:
        if source.startswith(text, at):
            if found >= 0:
                return -1
            found = at
        at = source.find(head, at + 1, end)
    return found


def _facts(reader: _Reader, body: PlainBody) -> BodyFacts:
    """The body's headings, links and ids, as extract_page reads them from elements."""
    offsets, at = reader.line_offsets, reader.body_at
    headings: list[PageHeading] = []
    links: list[tuple[str, str, int]] = []
    for tag, offset, nodes, anchor, _ in body.blocks:
        one = nodes[0] if len(nodes) == 1 else None  # a text node alone: most blocks
        if tag[0] == "h":
            text = one if isinstance(one, str) else " ".join(
                node if isinstance(node, str) else node.label for node in nodes)
            headings.append(PageHeading(int(tag[1]), " ".join(text.split()),
                                        bisect.bisect_right(offsets, at + offset), anchor))
        if isinstance(one, str):
            continue
        for node in nodes:
            if not isinstance(node, str) and node.href is not None:
                links.append((node.href, " ".join(node.label.split()), bisect.bisect_right(
                    offsets, at + node.offset + (len("<sup>") if node.cited else 0))))
    return BodyFacts(tuple(headings), tuple(links),
                     frozenset(heading.id for heading in headings if heading.id))


# Where pages say when they were published and updated; the date rules read these the
# way they read Markdown front matter. By the name in lower case (they are compared so).
_DATE_META = {name.lower(): setting for setting, names in (
    ("date", ("article:published_time", "datePublished", "date", "dc.date", "pubdate")),
    ("updated", ("article:modified_time", "dateModified", "last-modified"))) for name in names}


def _metadata(index: ElementIndex) -> dict[str, str]:
    """``date``/``updated`` from <meta> tags, else ``date`` from the first <time datetime>."""
    found: dict[str, str] = {}
    for tag in index.named.get("meta", ()):
        key = tag.attrs.get("property") or tag.attrs.get("name") or tag.attrs.get("itemprop")
        content = tag.attrs.get("content")
        setting = _DATE_META.get(key.lower()) if key is not None else None
        if setting is not None and content is not None:
            found.setdefault(setting, content)
    time_tag = next((tag for tag in index.named.get("time", ()) if "datetime" in tag.attrs), None)
    if "date" not in found and time_tag is not None:
        found["date"] = time_tag.attrs["datetime"]
    return found
