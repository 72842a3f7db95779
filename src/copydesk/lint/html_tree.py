"""A light HTML tree, built from the standard library's tokenizer as Beautiful Soup builds it.

The HTML reader used to parse each page with ``BeautifulSoup(source, "html.parser")``;
four fifths of that time went into Beautiful Soup's general-purpose tree. This module keeps
the same tokenizer (so the same line and column of every start tag) and the same tree
rules (an end tag closes up to the nearest open element of its name and is ignored when
there is none; void elements close at once; whitespace-only text collapses to one space
or newline outside <pre> and <textarea>; entities and character references read as
Beautiful Soup reads them), in small slotted objects holding only what the reader needs.
The builder indexes the elements as it makes them (:class:`ElementIndex`).

Pages in the markup copydesk's templates write are tokenized by
``copydesk.lint.html_scan``, which gives the same events faster; others by the stdlib.
Markup the stdlib tokenizer rejects is read by lxml through Beautiful Soup, as before, and copied
into the same objects without source positions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html.entities import html5
from html.parser import HTMLParser
from typing import Literal, NamedTuple

from copydesk.lint.html_scan import line_starts, scan

# What a run of text is: page text, or one of the kinds Beautiful Soup sets apart.
TextKind = Literal["text", "cdata", "declaration", "comment", "doctype", "pi",
                   "script", "style", "template", "rt", "rp"]
NOT_PROSE: frozenset[TextKind] = frozenset({"comment", "doctype", "pi"})
_MAIN_CONTENT: frozenset[TextKind] = frozenset({"text", "cdata"})
# Text inside these elements is of their own kind (the innermost one wins).
_STRING_CONTAINERS: dict[str, TextKind] = {
    "rt": "rt", "rp": "rp", "style": "style", "script": "script", "template": "template"}
_VOID = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr",
    "image", "img", "input", "isindex", "keygen", "link", "menuitem", "meta", "nextid",
    "param", "source", "spacer", "track", "wbr"})
_PRESERVE_WHITESPACE = frozenset({"pre", "textarea"})
# Attributes holding a list of words: their whitespace is normalised to single spaces.
_LIST_ATTRIBUTES = ("class", "accesskey", "dropzone")
_LIST_ATTRIBUTES_OF = {name: (*_LIST_ATTRIBUTES, *own) for name, own in {
    "a": ("rel", "rev"), "link": ("rel", "rev"), "td": ("headers",), "th": ("headers",),
    "form": ("accept-charset",), "object": ("archive",), "area": ("rel",), "icon": ("sizes",),
    "iframe": ("sandbox",), "output": ("for",)}.items()}
_ASCII_SPACES = " \n\t\x0c\r"
_WORD_RE = re.compile(r"\S+")
_DECIMAL_RE = re.compile("^([0-9]+)(.*)")
_HEX_RE = re.compile("^([0-9a-f]+)(.*)")
_ROOT = "[document]"


def _entities() -> dict[str, str]:
    """Entity names with and without their ";" (the first spelling in sorted order wins)."""
    table: dict[str, str] = {}
    for name, character in sorted(html5.items()):
        table.setdefault(name.removesuffix(";"), character)
    return table


_ENTITIES = _entities()
_new_tuple = tuple.__new__
_new_object = object.__new__


class Text(NamedTuple):
    """A text node (a NamedTuple: a page has hundreds, made in half the time)."""

    text: str
    kind: TextKind


class Element:
    """An element; ``at``: the offset of its start tag in the source, whose lines start at
    ``starts`` (``html_scan.line_starts``); None when not known (a tree copied from lxml's).

    An element does not know its parent: a tree without back references is freed as soon
    as the page is read, where a cyclic one waited for the garbage collector (a built
    page's tree is thousands of objects, and a build reads thousands of pages).
    """

    __slots__ = ("at", "attrs", "children", "name", "starts")

    # Read only: the tree builder gives every element written alike one mapping (_values).
    attrs: Mapping[str, str]

    def __init__(self, name: str, attrs: Mapping[str, str],
                 at: int | None = None, starts: Sequence[int] = ()) -> None:
        self.name = name
        self.attrs = attrs
        self.at = at
        self.starts = starts
        self.children: list[Element | Text] = []

    # Its line and column told when asked (the page's facts ask for a few elements'), not
    # looked up for each tag as it is read.
    @property
    def line(self) -> int | None:
        """The line (1-based) its start tag begins on."""
        return None if self.at is None else bisect_right(self.starts, self.at)

    @property
    def col(self) -> int | None:
        """The column (0-based) its start tag begins at."""
        line = self.line
        return None if line is None or self.at is None else self.at - self.starts[line - 1]

    def elements(self) -> Iterator[Element]:
        """Every element below this one, in document order."""
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.elements()

    def texts(self, kinds: frozenset[TextKind]) -> list[str]:
        """The texts of ``kinds`` below this element, in document order."""
        found: list[str] = []
        _gather(self.children, kinds, found)
        return found

    def get_text(self, separator: str = "") -> str:
        """The text below this element, as Beautiful Soup's ``get_text`` gives it."""
        kind = _STRING_CONTAINERS.get(self.name)
        return separator.join(self.texts(frozenset({kind}) if kind else _MAIN_CONTENT))

    def string(self) -> str | None:
        """The one text this element holds, alone or through one child element; else None."""
        if len(self.children) != 1:
            return None
        child = self.children[0]
        return child.text if isinstance(child, Text) else child.string()


def _gather(children: list[Element | Text], kinds: frozenset[TextKind], found: list[str]
            ) -> None:
    """Append to ``found`` the texts of ``kinds`` among ``children`` and below them: a call
    a level, where nested generators resumed every level for each text (a page asks for
    the text of each heading and link)."""
    for child in children:
        if type(child) is Text:  # made by tuple.__new__: exactly a Text, never a subclass
            if child[1] in kinds:
                found.append(child[0])
        else:
            _gather(child.children, kinds, found)  # type: ignore[union-attr]


def text_node(text: str) -> str:
    """``text`` as a text node holds it outside <pre> and <textarea>: white space alone
    is one newline, when it has one, or one space."""
    if text.strip(_ASCII_SPACES):
        return text
    return "\n" if "\n" in text else " "


SITE_CHROME = frozenset(("header", "nav", "footer"))
# Names whose opening and closing the tree builder notes beyond its stack.
# Names of elements whose texts are read as they are (_TreeBuilder's white space).
_VERBATIM = _PRESERVE_WHITESPACE | _STRING_CONTAINERS.keys() | {"title"}
_SPECIAL = _VERBATIM | SITE_CHROME


@dataclass(frozen=True)
class ElementIndex:
    """The elements of a parsed page in document order, and grouped by tag name."""

    ordered: tuple[Element, ...]
    named: Mapping[str, list[Element]]
    # id() of each element inside <header>, <nav> or <footer>: the site's menus, repeated
    # on every page (elements do not know their parents)
    in_chrome: frozenset[int]
    # The element standing for a body read elsewhere (html_tree.parse_around), with how
    # many elements of each name come before it; None when the whole page was parsed.
    body: Element | None = None
    before_body: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Element, body: Element | None = None) -> ElementIndex:
        """The index of the tree below ``root`` (the tree builder makes it as it goes: this
        is for a tree copied from lxml's). One walk: a search per kind of tag walked the
        whole page nine times."""
        ordered: list[Element] = []
        in_chrome: set[int] = set()
        _collect(root, False, ordered, in_chrome)
        named: dict[str, list[Element]] = {}
        before: dict[str, int] = {}
        for element in ordered:
            if element is body:
                before = {name: len(elements) for name, elements in named.items()}
            named.setdefault(element.name, []).append(element)
        return cls(tuple(ordered), named, frozenset(in_chrome), body, before)

    def first(self, name: str) -> Element | None:
        found = self.named.get(name)
        return found[0] if found else None


def _collect(element: Element, inside: bool, ordered: list[Element], in_chrome: set[int]
             ) -> None:
    """Append the elements below ``element`` to ``ordered``; note in ``in_chrome`` those
    inside site chrome (``inside``: ``element`` is)."""
    for child in element.children:
        if isinstance(child, Element):
            ordered.append(child)
            if inside:
                in_chrome.add(id(child))
            _collect(child, inside or child.name in SITE_CHROME, ordered, in_chrome)


def parse_page(source: str, starts: Sequence[int] | None = None,
               apart: frozenset[str] = frozenset()) -> tuple[Element, ElementIndex]:
    """The tree of ``source`` (the root element is named ``[document]``) and its index;
    ``starts``: where its lines start (``html_scan.line_starts``), when known. ``apart``:
    the names of elements a reader reads apart from what is around them (its blocks and
    containers): white space alone between two of them, or between one of them and the
    start or end of another, makes no text node (what is made of nothing but it, no
    block), nor does white space alone directly inside <head> (a reader reads none of the
    head's own texts); else the tree is the one Beautiful Soup builds."""
    if starts is None:
        starts = line_starts(source.split("\n"))
    builder = _TreeBuilder(apart, starts)
    if scan(source, builder):  # markup as copydesk's templates write it
        return builder.parsed()
    builder = _ParsedTreeBuilder(apart, starts)
    try:
        builder.feed(source)
        builder.close()
    except AssertionError:
        # html.parser gives up on some malformed declarations ("<![*"); lxml recovers,
        # without tag positions, so text is then found by search from the file's start.
        root = _parse_with_lxml(source)
        return root, ElementIndex.of(root)
    return builder.parsed()


BODY = "#body"  # the name of the element that stands for a body parse_around() skips


def parse_around(source: str, start: int, end: int, starts: Sequence[int] | None = None,
                 apart: frozenset[str] = frozenset()
                 ) -> tuple[Element, ElementIndex, tuple[str, ...]] | None:
    """The tree of ``source`` with ``source[start:end]`` (a body read elsewhere, from "<" to
    ">") as one empty element named :data:`BODY` (``ElementIndex.body``): the root, the
    index and the names of the elements the body is inside. None when the scan does not
    read the page (then the stdlib's tokenizer would read it, body and all) or never
    reaches the body as a tag's start (it is inside a comment, a script, an attribute).
    ``starts`` and ``apart``: as for :func:`parse_page`."""
    if starts is None:
        starts = line_starts(source.split("\n"))
    builder = _TreeBuilder(apart, starts)
    if not scan(source, builder, (start, end)) or builder.body is None:
        return None
    return (*builder.parsed(), builder.body_within)


class _TreeBuilder:
    """The tree of a page from its tokenizer's events (``html_scan.Handler``'s).

    White space apart: the text since the last tag makes no text node when it is white
    space alone, in no <pre>, string container or <title> (whose texts are read as they
    are), and, in a reader's tree (``apart`` given), either between two elements read
    apart (:func:`parse_page`: after one, or first in one, and before one, or last in
    one, its parent closing after it) or directly inside <head> (a reader reads the
    head's elements, its title, scripts and metadata, none of its own texts). Most of a
    page's texts are such, its markup's line ends (~60 a built page), and made no block.
    The start or end tag after the text tells so itself, where it called a method for
    each (_apart_space, _head_space: ~40 K instructions a page)."""

    def __init__(self, apart: frozenset[str], starts: Sequence[int]) -> None:
        self.apart = apart
        self.starts = starts  # of the source's lines, which its elements keep
        self.root = Element(_ROOT, {})
        self.stack = [self.root]
        # The text since the last tag, in pieces: always this list (emptied, not made
        # again), so that handle_data is its append, called in C, not a method (the scan
        # gives ~80 texts around a built page's body).
        self.data: list[str] = []
        self.handle_data = self.data.append
        self.closed_void: list[str] = []  # void elements whose </name> is to be ignored once
        self.preserving = 0  # open <pre> and <textarea> elements
        self.containers: list[TextKind] = []  # kinds of the open string containers
        # open <pre>, <textarea>, string containers and <title>: one count for the
        # white space apart to read, where it read three (~60 times a built page)
        self.verbatim = 0
        self.body: Element | None = None  # what stands for a body read elsewhere
        self.body_within: tuple[str, ...] = ()
        # The index of the elements (ElementIndex), made as they are: in document
        # order, by name, those inside site chrome (self.chrome: how many such are open),
        # and how many of each name come before the body.
        self.ordered: list[Element] = []
        self.named: dict[str, list[Element]] = {}
        self.in_chrome: set[int] = set()
        self.chrome = 0
        self.before_body: dict[str, int] = {}
        # Whether the innermost open element's last child is an element read apart, or it
        # has none and is the root or read apart itself: where white space alone before
        # an element read apart makes no text node (white space apart). Noted as each child
        # is appended, where the builder looked at the element and its last child for each
        # of a built page's ~60 line ends between tags (~50 K instructions a page).
        self.after_apart = True

    def start(self, name: str, attrs: tuple[tuple[str, str | None], ...], empty: bool,
              at: int) -> None:
        """A start tag at offset ``at``; ``empty``: written "<name/>". A void element,
        or one written empty, is opened and closed at once: appended, never open."""
        parent = self.stack[-1]  # ending the text since the last tag leaves it open
        data = self.data
        if data:  # made no text node when it is white space apart (see the class)
            if (not self.verbatim
                    and ((self.after_apart and name in self.apart)  # before one read apart
                         or (parent.name == "head" and self.apart))
                    and not "".join(data).strip(_ASCII_SPACES)):
                data.clear()
            else:
                self.end_data()
        # Element(name, attrs, at, starts), written out: making an instance of a class
        # with an __init__ of its own is a Python call made through C (~2.2 K
        # instructions, freeing it included; ~1.6 K so); a built page has fifty start tags.
        element = _new_object(Element)
        element.name = name
        element.attrs = _values(name, attrs) if attrs else _NO_ATTRIBUTES
        element.at = at
        element.starts = self.starts
        element.children = []
        parent.children.append(element)
        self.ordered.append(element)  # _indexed(), without a call: a page has a hundred tags
        named = self.named
        if name in named:  # not setdefault: it makes a list every time
            named[name].append(element)
        else:
            named[name] = [element]
        if self.chrome:
            self.in_chrome.add(id(element))
        # Its last child, or, opened, the innermost open element with no child yet.
        self.after_apart = name in self.apart
        if empty or name in _VOID:
            if not empty:  # its "</name>" is ignored once
                self.closed_void.append(name)
            return
        self.stack.append(element)
        if name in _SPECIAL:  # one look for most elements, where three were made
            self.verbatim += name in _VERBATIM
            if name in _PRESERVE_WHITESPACE:
                self.preserving += 1
            if name in _STRING_CONTAINERS:
                self.containers.append(_STRING_CONTAINERS[name])
            if name in SITE_CHROME:
                self.chrome += 1

    def _indexed(self, element: Element) -> None:
        """Note ``element`` in the index of the page's elements as it is made (document
        order), where a walk of the finished tree made it again (~3% of reading a page)."""
        self.ordered.append(element)
        self.named.setdefault(element.name, []).append(element)
        if self.chrome:
            self.in_chrome.add(id(element))

    def skipped(self, at: int) -> None:
        """The body :func:`parse_around` skips starts here: an empty element stands for it."""
        if self.data:
            self.end_data()
        self.before_body = {name: len(elements) for name, elements in self.named.items()}
        self.body = Element(BODY, {}, at, self.starts)
        self.stack[-1].children.append(self.body)
        self.after_apart = BODY in self.apart
        self._indexed(self.body)
        self.body_within = tuple(element.name for element in self.stack[1:])

    def parsed(self) -> tuple[Element, ElementIndex]:
        """The tree read so far, its last text ended, and its index."""
        self.end_data()
        return self.root, ElementIndex(tuple(self.ordered), self.named,
                                       frozenset(self.in_chrome), self.body, self.before_body)

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost open element called ``tag`` and every element inside it; the
        "</name>" of a void element opened with no "/" is ignored once."""
        # A look in a set first: the list holds every void element the page opened
        # without "/" (a built page's head alone, eleven), each compared with each of its
        # ~40 end tags (~70 K instructions a page).
        if tag in _VOID and tag in self.closed_void:
            self.closed_void.remove(tag)
            return
        # Whether one of that name is open: most end tags close the innermost element
        # (one look), where a count of each name was kept as elements opened and closed
        # (~50 K instructions a built page); else a look at each, as Beautiful Soup looks.
        stack = self.stack
        opened = stack[-1].name == tag or any(element.name == tag for element in stack[1:-1])
        data = self.data
        if data:  # made no text node when it is white space apart (see the class)
            parent = stack[-1]  # closing after it
            if (opened and not self.verbatim
                    and ((self.after_apart and (parent is self.root or parent.name in self.apart))
                         or (tag == "head" and parent.name == "head" and self.apart))
                    and not "".join(data).strip(_ASCII_SPACES)):
                data.clear()
            else:
                self.end_data()
        if not opened:
            return
        while len(stack) > 1:
            name = stack.pop().name
            if name in _SPECIAL:
                self.verbatim -= name in _VERBATIM
                self.preserving -= name in _PRESERVE_WHITESPACE
                self.chrome -= name in SITE_CHROME
                if name in _STRING_CONTAINERS:
                    self.containers.pop()
            if name == tag:  # the last child of the element now innermost
                self.after_apart = name in self.apart
                return

    def handle_charref(self, name: str) -> None:
        base, pattern = (16, _HEX_RE) if name.startswith(("x", "X")) else (10, _DECIMAL_RE)
        digits = name[1:] if base == 16 else name
        number: int | None
        try:
            number, rest = int(digits, base), ""
        except ValueError:
            match = pattern.search(digits)
            number, rest = (int(match.group(1), base), match.group(2)) if match else (None, digits)
        self.data.append("" if number is None else _numeric_character(number))
        self.data.append(rest)

    def handle_entityref(self, name: str) -> None:
        character = _ENTITIES.get(name)
        self.data.append(character if character is not None else f"&{name}")

    def handle_comment(self, data: str) -> None:
        self._special(data, "comment")

    def handle_decl(self, decl: str) -> None:
        self._special(decl[len("DOCTYPE "):], "doctype")

    def unknown_decl(self, data: str) -> None:
        if data.upper().startswith("CDATA["):
            self._special(data[len("CDATA["):], "cdata")
        else:
            self._special(data, "declaration")

    def handle_pi(self, data: str) -> None:
        self._special(data, "pi")

    def _special(self, data: str, kind: TextKind) -> None:
        self.end_data()
        self.data.append(data)
        self.end_data(kind)

    def end_data(self, kind: TextKind | None = None) -> None:
        if not self.data:
            return
        text = "".join(self.data)
        self.data.clear()
        if not self.preserving and not text.strip(_ASCII_SPACES):  # text_node(), no call
            text = "\n" if "\n" in text else " "
        if kind is None:
            kind = self.containers[-1] if self.containers else "text"
        # tuple.__new__: a NamedTuple's own __new__ is a Python call, and a page has hundreds
        self.stack[-1].children.append(_new_tuple(Text, (text, kind)))
        self.after_apart = False


class _ParsedTreeBuilder(_TreeBuilder, HTMLParser):
    """The tree builder fed by the standard library's tokenizer (markup ``html_scan`` does
    not read): an ``HTMLParser`` is made only for such a page, not for each page the scan
    reads (~10 K instructions)."""

    def __init__(self, apart: frozenset[str], starts: Sequence[int]) -> None:
        _TreeBuilder.__init__(self, apart, starts)
        HTMLParser.__init__(self, convert_charrefs=False)

    def handle_starttag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None:
        self.start(tag, tuple(attrs), False, self._at())

    def handle_startendtag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None:
        self.start(tag, tuple(attrs), True, self._at())

    def _at(self) -> int:
        """The offset of the tag being read: where ``getpos()`` says (a line and a column)."""
        return self.starts[self.lineno - 1] + self.offset


# Pages repeat their tags' attributes (html_scan gives each written tag the same tuple).
@lru_cache(maxsize=4096)
def _values(name: str, attrs: tuple[tuple[str, str | None], ...]) -> Mapping[str, str]:
    """An element's attributes as Beautiful Soup keeps them: a missing value is "", the
    last of a repeated name wins, and a list attribute's words are one space apart.

    One mapping for every element written so, never changed (``Element.attrs`` is read
    only): a dict made for each element was ~5% of building a page's tree."""
    values = {key: value or "" for key, value in attrs}
    for key in _LIST_ATTRIBUTES_OF.get(name, _LIST_ATTRIBUTES):
        if key in values:
            values[key] = " ".join(_WORD_RE.findall(values[key]))
    return values


_NO_ATTRIBUTES: Mapping[str, str] = {}  # shared as _values' mappings are


def _numeric_character(number: int) -> str:
    """The character of ``&#number;`` as HTML reads it (and Beautiful Soup did)."""
    if number == 0 or number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        return "\ufffd"
    if 0x80 <= number <= 0x9F:  # written as Windows-1252, as browsers read it
        try:
            return bytes([number]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return chr(number)


def _parse_with_lxml(source: str) -> Element:
    # Imported here: Beautiful Soup takes a quarter of a second to import, seldom needed.
    from bs4 import BeautifulSoup
    from bs4.element import (
        CData,
        Comment,
        Declaration,
        Doctype,
        NavigableString,
        ProcessingInstruction,
        RubyParenthesisString,
        RubyTextString,
        Script,
        Stylesheet,
        Tag,
        TemplateString,
    )

    kinds: tuple[tuple[type[NavigableString], TextKind], ...] = (
        (Comment, "comment"), (Doctype, "doctype"), (ProcessingInstruction, "pi"),
        (CData, "cdata"), (Declaration, "declaration"), (Script, "script"),
        (Stylesheet, "style"), (TemplateString, "template"), (RubyTextString, "rt"),
        (RubyParenthesisString, "rp"))

    def copy(tag: Tag, element: Element) -> Element:
        for child in tag.children:
            if isinstance(child, Tag):
                attrs = {key: " ".join(value) if isinstance(value, list) else str(value)
                         for key, value in child.attrs.items()}
                element.children.append(copy(child, Element(child.name, attrs)))
            elif isinstance(child, NavigableString):
                kind = [kind for cls, kind in kinds if isinstance(child, cls)] or ["text"]
                element.children.append(Text(str(child), kind[0]))
        return element

    return copy(BeautifulSoup(source, "lxml"), Element(_ROOT, {}))
