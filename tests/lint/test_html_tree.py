"""The light HTML tree: the same tree Beautiful Soup builds with html.parser, positions included."""

from __future__ import annotations

import gc
from typing import Any

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pytest import MonkeyPatch

from copydesk.lint.html_reader import read_html
from copydesk.lint.html_tree import (
    _VOID,
    BODY,
    Element,
    ElementIndex,
    Text,
    _ParsedTreeBuilder,
    _TreeBuilder,
    parse_around,
    parse_page,
)


def shape(element: Element) -> tuple[Any, ...]:
    children = tuple(shape(child) if isinstance(child, Element) else (child.kind, child.text)
                     for child in element.children)
    return element.name, element.attrs, element.line, element.col, children


# Beautiful Soup's string classes, by the kind the tree gives them.
_KINDS = {"NavigableString": "text", "CData": "cdata", "Declaration": "declaration",
          "Comment": "comment", "Doctype": "doctype", "ProcessingInstruction": "pi",
          "Script": "script", "Stylesheet": "style", "TemplateString": "template",
          "RubyTextString": "rt", "RubyParenthesisString": "rp"}


def soup_shape(tag: Tag) -> tuple[Any, ...]:
    children: list[tuple[Any, ...]] = []
    for child in tag.children:
        if isinstance(child, Tag):
            children.append(soup_shape(child))
        elif isinstance(child, NavigableString):
            children.append((_KINDS[type(child).__name__], str(child)))
    attrs = {key: " ".join(value) if isinstance(value, list) else value
             for key, value in tag.attrs.items()}
    return tag.name, attrs, tag.sourceline, tag.sourcepos, tuple(children)


PIECES = st.sampled_from([
    "word", " ", "\n", "\t", "<p>", "</p>", "<div>", "</div>", "<li>", "</li>", "<ul>",
    "<pre>", "</pre>", "<textarea>", "</textarea>", "<script>", "</script>", "<style>",
    "<template>", "</template>", "<rt>", "</rt>", "<rp>", "<ruby>", "<h2 id='x'>", "</h2>",
    "<a href='u'>", "<a href>", "</a>", "<br>", "</br>", "<br/>", "<img src=i alt=''>",
    "</img>", "<meta name=a content=' b '>", "<time datetime=''>", "<title>", "</title>",
    "<!-- c -->", "<!--", "-->", "<!DOCTYPE html>", "<![CDATA[x]]>", "<!ELEMENT br EMPTY>",
    "<?php x ?>", "&amp;", "&mdash;", "&#39;", "&#x27;", "&#0;", "&#128;", "&#xD800;",
    "&bogus;", "&amp", "&", "<", ">", "'", '"', "=", "<link rel=' canonical  x' href=c>",
    "<p class=' a  b '>", "<td headers='h1   h2'>", "<P>", "</P>", "<A HREF=X>", "\r\n", "é",
    "<p\nclass=x>", "<a\nhref='y'\n>", "<a href=1 href=2>",
])


@settings(max_examples=500, deadline=None)
@given(source=st.lists(PIECES, max_size=40).map("".join))
@example(source="<textarea>\n  </textarea><pre> <b> </b></pre> <p> \t</p>")
@example(source="<script> </script><rt>x<b>y</b></rt><template><p>z</template>")
@example(source="<p><br>a</p></br><img src=i alt=''><b></img></b></br></p><br></br>")
@example(source="<div><p><div>x</p>y</div></div></p><b><a><b>z</a></b>w</b></a>")
def test_the_tree_is_the_one_beautiful_soup_builds(source: str) -> None:
    assert shape(parse_page(source)[0]) == soup_shape(BeautifulSoup(source, "html.parser"))


@settings(max_examples=300, deadline=None)
@given(source=st.lists(PIECES, max_size=40).map("".join))
@example(source="<h2>A <!-- no --><ruby>B<rt>b</rt></ruby></h2><script>x</script>")
def test_each_elements_text_is_the_one_beautiful_soup_gives(source: str) -> None:
    soup = BeautifulSoup(source, "html.parser")
    ours = [element.get_text(" ") for element in parse_page(source)[0].elements()]
    assert ours == [tag.get_text(" ") for tag in soup.find_all(True)]


_CHROME = st.sampled_from(["<header>", "</header>", "<nav>", "</nav>", "<footer>", "</footer>",
                           "<nav/>", "<HEADER>"])


@settings(max_examples=500, deadline=None)
@given(source=st.lists(st.one_of(PIECES, _CHROME), max_size=40).map("".join),
       skip=st.integers(min_value=0, max_value=400))
@example(source="<header><p>a<nav>b</header><a href=x>c</a></nav><footer><br></footer>d",
         skip=0)
def test_the_index_made_while_parsing_is_the_one_a_walk_of_the_tree_makes(
        source: str, skip: int) -> None:
    # The whole page (each way its markup is read), and the page around a part skipped
    # from one of its "<" to the next ">" (the body a record holds).
    root, index = parse_page(source)
    assert index == ElementIndex.of(root)
    start = source.find("<", skip)
    end = source.find(">", start)
    around = parse_around(source, start, end) if 0 <= start < end else None
    if around is not None:
        root, index, _ = around
        assert index.body is not None
        assert index == ElementIndex.of(root, index.body)


@settings(max_examples=200, deadline=None)
@given(source=st.lists(PIECES, max_size=40).map("".join))
def test_an_element_the_builder_makes_is_the_one_its_constructor_makes(source: str) -> None:
    # The builder writes Element(...) out; each of its slots is set as the constructor sets it.
    for element in parse_page(source)[0].elements():
        made = Element(element.name, element.attrs, element.at, element.starts)
        made.children.extend(element.children)
        assert type(element) is Element and type(element.children) is list
        assert [getattr(element, slot) for slot in Element.__slots__] == [
            getattr(made, slot) for slot in Element.__slots__]


def test_end_tags_close_the_nearest_open_element_of_their_name() -> None:
    root = parse_page("<div><p>one<b>two</p>three</div></span>four")[0]
    div, four = root.children
    assert isinstance(div, Element) and isinstance(four, Text)
    paragraph, three = div.children
    assert isinstance(paragraph, Element) and isinstance(three, Text)
    assert [getattr(child, "name", None) for child in paragraph.children] == [None, "b"]
    assert (three.text, four.text) == ("three", "four")


def test_void_elements_close_at_once_and_their_end_tag_is_ignored() -> None:
    root = parse_page("<p>a<br>b</br>c<img src=x></img>d</p>")[0]
    paragraph = root.children[0]
    assert isinstance(paragraph, Element)
    assert [getattr(child, "text", None) or getattr(child, "name", None)
            for child in paragraph.children] == ["a", "br", "bc", "img", "d"]


def test_whitespace_collapses_outside_pre_and_entities_read_as_characters() -> None:
    root = parse_page("<div>\n   <pre>\n   </pre>  </div>"
                      "<p>AT&amp;T &mdash; &#39;x&#x27; &nope;</p>")[0]
    div, paragraph = (child for child in root.children if isinstance(child, Element))
    assert [getattr(child, "text", None) for child in div.children] == ["\n", None, " "]
    pre = div.children[1]
    assert isinstance(pre, Element) and pre.get_text() == "\n   "
    assert paragraph.get_text() == "AT&T — 'x' &nope"  # an unknown entity loses its ";"


def test_a_readers_tree_has_no_white_space_directly_in_the_head() -> None:
    source = ("<html>\n<head>\n<title> T </title>\n<script> </script>\n</head>\n"
              "<body><p> x </p></body></html>")
    head = parse_page(source, apart=frozenset({"p"}))[1].first("head")
    assert head is not None and [getattr(child, "name", None) for child in head.children] == [
        "title", "script"]
    assert [child.get_text() for child in head.children if isinstance(child, Element)] == [
        " T ", " "]
    whole = parse_page(source)[1].first("head")  # as Beautiful Soup builds it
    assert whole is not None and [getattr(child, "text", None) for child in whole.children] == [
        "\n", None, "\n", None, "\n"]


def test_positions_are_where_start_tags_begin() -> None:
    root = parse_page("<html>\n  <body><p\n class=x>text</p>\n</body></html>")[0]
    positions = {element.name: (element.line, element.col) for element in root.elements()}
    assert positions == {"html": (1, 0), "body": (2, 2), "p": (2, 8)}


def test_text_kinds_get_text_and_string() -> None:
    root = parse_page('<h2>A <!-- no --><ruby>B<rt>b</rt></ruby></h2>'
                      '<script type="application/ld+json">{"a": 1}</script>')[0]
    heading, script = (element for element in root.elements() if element.name in ("h2", "script"))
    assert heading.get_text(" ") == "A  B"  # comments and ruby text are not heading text
    assert (script.string(), script.get_text()) == ('{"a": 1}', '{"a": 1}')
    assert heading.string() is None


def test_markup_the_tokenizer_rejects_is_read_without_positions() -> None:
    root = parse_page("<p>First words</p>\n<![*\n<p>Later words</p>\n")[0]
    assert "Later words" in root.get_text()
    assert {(element.line, element.col) for element in root.elements()} == {(None, None)}


def test_reading_a_page_makes_no_reference_cycles() -> None:
    # A build reads thousands of pages: a cyclic tree would wait for the collector.
    page = ("<!DOCTYPE html><html lang=en><head><title>T</title></head><body>"
            "<header><nav><a href='/'>Home</a></nav></header><main><h1 id=t>T</h1>"
            "<p>Text <a href='#x'>here</a>.</p><ul><li>one</li></ul></main>"
            "<footer><a href='/about/'>About</a></footer></body></html>")
    gc.collect()
    gc.disable()
    try:
        document = read_html("page.html", page)
        assert [link.navigation for link in document.page.links] == [True, False, True]
        del document
        assert gc.collect() == 0
    finally:
        gc.enable()


def _looked_verbatim(builder: _TreeBuilder) -> bool:
    """Whether a <pre>, <textarea>, string container or <title> is open, looked at."""
    return bool(builder.preserving or builder.containers
                or any(element.name == "title" for element in builder.stack))


def _looked_apart_space(builder: _TreeBuilder, closing: bool) -> bool:
    """The builder's white space between two elements read apart, as first written: from
    the open elements and the innermost one's last child, looked at each time, where the
    builder notes them."""
    if _looked_verbatim(builder):
        return False
    parent = builder.stack[-1]
    inside = parent is builder.root or parent.name in builder.apart
    if (closing and not inside) or "".join(builder.data).strip(" \n\t\x0c\r"):
        return False
    children = parent.children
    if not children:
        return inside
    before = children[-1]
    return type(before) is Element and before.name in builder.apart


def _looked_head_space(builder: _TreeBuilder) -> bool:
    """The builder's white space directly in <head> (the caller looked), as first written."""
    return (bool(builder.apart) and not _looked_verbatim(builder)
            and not "".join(builder.data).strip(" \n\t\x0c\r"))


class _LookingBuilder(_TreeBuilder):
    """The builder with its white space apart looked at each time: the text since the last
    tag is ended or dropped here, before the builder reads the tag after it."""

    def start(self, name: str, attrs: tuple[tuple[str, str | None], ...], empty: bool,
              at: int) -> None:
        if self.data:
            self._settle((name in self.apart and _looked_apart_space(self, False))
                         or (self.stack[-1].name == "head" and _looked_head_space(self)))
        super().start(name, attrs, empty, at)

    def handle_endtag(self, tag: str) -> None:
        if self.data and not (tag in _VOID and tag in self.closed_void):  # not ignored
            stack = self.stack
            opened = any(element.name == tag for element in stack[1:])
            self._settle(opened and (
                _looked_apart_space(self, True)
                or (tag == "head" and stack[-1].name == "head" and _looked_head_space(self))))
        super().handle_endtag(tag)

    def _settle(self, dropped: bool) -> None:
        if dropped:
            self.data.clear()
        else:
            self.end_data()


class _LookingParsedBuilder(_LookingBuilder, _ParsedTreeBuilder):
    pass


# Elements read apart or not, white space, and what else ends a text: a comment, a stray
# end tag, a void element's, texts read as they are.
_AROUND_SPACE = st.sampled_from([
    "<div>", "</div>", "<p>", "</p>", "<section>", "</section>", "<li>", "</li>", "<b>",
    "</b>", "</span>", "<br>", "</br>", "<br/>", "<img src=i>", "<pre>", "</pre>", "<title>",
    "</title>", "<script>", "</script>", "<head>", "</head>", "<!-- c -->", "<!DOCTYPE html>",
    "\n", " ", "\n \n", "&#32;", "&amp;", "x", "<p class='a'>"])


@settings(max_examples=1500, deadline=None)
@given(pieces=st.lists(_AROUND_SPACE | PIECES, max_size=40),
       apart=st.sets(st.sampled_from(["div", "p", "li", "section", "b", "br", "img", "pre",
                                      "title", "head", "script", BODY])),
       body=st.integers(0, 40))
@example(pieces=["<div>", "\n", "<p>", "x", "</p>", "\n", "<br>", "\n", "</div>", "\n"],
         apart={"div", "p", "br"}, body=3)
@example(pieces=["<div>", "<!-- c -->", "\n", "<p>", "x", "</p>", "</div>"],
         apart={"div", "p"}, body=0)
@example(pieces=["<div>", "x", "</span>", "\n", "<p>", "</p>", "</div>"],
         apart={"div", "p"}, body=0)
@example(pieces=["<div>", "<title>", "</title>", "\n", "<p>", "</p>", "</div>"],
         apart={"div", "p", "title"}, body=0)
@example(pieces=["<head>", "\n", "<title>", "x", "<head>", " ", "<br>", "</title>", "\n",
                 "<p>", "\n", "</head>", "\n", "</head>"], apart={"p"}, body=0)
@example(pieces=["<b>", "<p>", "x", "</p>", "\n", "</b>"], apart={"p"}, body=0)
@example(pieces=["<title>", "<div>", "<p>", "</p>", "\n", "</div>"], apart={"div", "p"},
         body=0)
@example(pieces=["<head>", "<b>", "\n", "</head>"], apart={"p"}, body=0)
def test_white_space_is_left_out_where_the_builder_looked_before(
        pieces: list[str], apart: set[str], body: int) -> None:
    """The builder notes whether the innermost open element's last child is read apart
    as it appends each child, and tells white space apart at the tag after it; the tree
    is the one it built looking at them for each text (with a body skipped too)."""
    source = "".join(pieces)
    skipped = "".join(pieces[:body])
    around = f"{skipped}<div>body</div>{source[len(skipped):]}"
    span = (len(skipped), len(skipped) + len("<div>body</div>"))
    noted = (shape(parse_page(source, apart=frozenset(apart))[0]),
             parse_around(around, *span, apart=frozenset(apart)))
    with MonkeyPatch.context() as patched:
        patched.setattr("copydesk.lint.html_tree._TreeBuilder", _LookingBuilder)
        patched.setattr("copydesk.lint.html_tree._ParsedTreeBuilder", _LookingParsedBuilder)
        looked = (shape(parse_page(source, apart=frozenset(apart))[0]),
                  parse_around(around, *span, apart=frozenset(apart)))
    assert noted[0] == looked[0]
    assert (noted[1] is None) == (looked[1] is None)
    if noted[1] is not None and looked[1] is not None:
        assert shape(noted[1][0]) == shape(looked[1][0])
