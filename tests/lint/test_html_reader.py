"""Reading a built page: block texts anchored where they are in the source."""

from __future__ import annotations

import pickle
from unittest.mock import patch

from hypothesis import example, given, settings
from hypothesis import strategies as st

from copydesk.lint.document import Block, Document, LineStart, Link
from copydesk.lint.html_body import PlainBody
from copydesk.lint.html_reader import (
    _block,
    _find,
    _holds_comment,
    _Pending,
    _Reader,
    read_html,
)
from copydesk.render.plain_markdown import plain_body
from tests.render.test_plain_markdown import _PLAIN_LINES, _TEXTS

PAGE = ('<!doctype html>\n<html>\n<head><title>T</title></head>\n<body>\n<main>\n'
        '  <div>\n\n    <p>First  line<br>second &amp; line</p>\n  </div>\n'
        '<ul>\n  <li>one</li>\n  <li>\n    two</li>\n</ul>\n</main>\n</body>\n</html>\n')


def test_blocks_after_white_space_only_elements_are_anchored_in_the_source() -> None:
    document = read_html("page.html", PAGE)
    paragraph, one, two = document.blocks
    assert paragraph.text == "First  line\nsecond & line"
    assert paragraph.position(0) == (8, 8)  # "First", after the div's blank lines
    assert paragraph.position(len("First  line")) == (8, 19)  # the <br>
    assert paragraph.position(paragraph.text.index("second")) == (8, 23)
    assert paragraph.position(paragraph.text.index("line", 13)) == (8, 36)  # after &amp;
    assert (one.text, one.position(0)) == ("one", (11, 7))
    assert two.text.strip() == "two" and two.position(two.text.index("two")) == (13, 5)


def test_suppressions_come_only_from_comments() -> None:
    assert read_html("page.html", PAGE).suppressions == ()
    commented = PAGE.replace("<main>\n", "<main>\n<!-- copydesk: ignore CD201 -->\n")
    (suppression,) = read_html("page.html", commented).suppressions
    assert (suppression.codes, suppression.line, suppression.target_line) == (("CD201",), 6, 7)


def test_white_space_between_elements_is_kept_inside_a_block_and_makes_none_alone() -> None:
    source = ('<ul>\n<li>a</li> <li><b>x</b> <i>y</i></li>\n</ul>\n<p>\n<a href="/z">z</a>\n</p>\n'
              '<div> <sup>1</sup> </div>\n<div>\n</div> <p>\n \n</p>')
    blocks = read_html("x.html", source).blocks
    assert [(block.kind, block.text) for block in blocks] == [
        ("list_item", "a"), ("list_item", "x y"), ("paragraph", "\nz\n"), ("paragraph", " 1 ")]
    assert blocks[1].line_starts == ((0, 2, 19), (1, 2, 20), (2, 2, 28))
    assert blocks[2].line_starts == ((0, 4, 1), (1, 5, 11), (2, 5, 12))
    assert blocks[2].links[0].start == 1 and blocks[3].citations == (1,)


def test_a_block_made_by_the_reader_is_the_one_its_constructor_makes() -> None:
    fields = ("list_item", "Pay rose 5% [1]", (LineStart(0, 3, 5), LineStart(8, 4, 1)), 2,
              (Link("/x", 0, 3),), (12,), 1)
    made, built = _block(*fields), Block(*fields)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert pickle.dumps(made) == pickle.dumps(built)
    assert (made.position(9), made.position(2), made.line) == (
        built.position(9), built.position(2), built.line)


def test_anchors_find_their_lines_past_each_newline() -> None:
    source = "<html><body>\n<p>one\ntwo</p>\n\n<ul><li>three</li></ul>\n</body></html>"
    document = read_html("page.html", source)
    assert [(block.text, [tuple(anchor) for anchor in block.line_starts])
            for block in document.blocks] == [
        ("one\ntwo", [(0, 2, 4), (4, 3, 1)]), ("three", [(0, 5, 9)])]


# Elements holding one text node (or not quite), texts a walk adds in more than one piece
# (white space at an end, line breaks of every kind str.splitlines knows, entities) and
# texts found before their place (a "p" inside "<p>").
_ONE_TEXT_PIECES = st.sampled_from([
    "<p>", "</p>", "<h2>", "</h2>", "<li>", "</li>", "<ul>", "</ul>", "<div>", "</div>",
    "<td>", "</td>", "<a href='/x'>", "</a>", "<sup>", "</sup>", "<br>", "<b>", "</b>",
    "<!-- c -->", "<pre>", "</pre>", "Pay rose", "p", "h2", "li", " ", "\n", "\t", "\x85",
    "\u2028", "\xa0", "&amp;", "&#8217;", "’", "x\x0by", "<a>", "<time>", "</time>",
    "<header>", "</header>", "<nav>", "</nav>", "<script>", "</script>",
])


def _walked(source: str, body: PlainBody | None = None) -> Document:
    """The page read with every block walked, none through :meth:`_Reader.one_text` or
    :meth:`_Reader.one_inline`."""
    with (patch.object(_Reader, "one_text", lambda *_: False),
          patch.object(_Reader, "one_inline", lambda *_: False)):
        return read_html("page.html", source, body)


@settings(max_examples=1500, deadline=None)
@given(source=st.lists(_ONE_TEXT_PIECES, max_size=24).map("".join))
@example(source="<p>p</p>")
@example(source="<ul><li>Pay rose</li><li><p>Pay rose</p></li></ul><h2>h2 </h2>")
@example(source="<h2><a href='/x'>Pay rose</a></h2><p><sup>p</sup></p><li><a>li</a></li>"
                "<header><a href='/x'>x</a></header><p><b>\n</b></p><h2><time>h2</time></h2>")
def test_a_block_of_one_text_is_the_block_the_walk_makes(source: str) -> None:
    assert read_html("page.html", source) == _walked(source)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(_PLAIN_LINES, _TEXTS))
def test_a_body_block_of_one_text_is_the_block_the_walk_makes(text: str) -> None:
    body = plain_body(text)
    if body is None or not body.html:
        return
    page = f"<main>\n<p>p</p>\n{body.html}<p>After</p>\n</main>\n"
    assert read_html("page.html", page, body) == _walked(page, body) == _walked(page)


@settings(max_examples=300, deadline=None)
@given(source=st.lists(_ONE_TEXT_PIECES | st.sampled_from(["\n", "<!-- copydesk: ignore x -->"]),
                       max_size=16).map("".join))
@example(source="<p>Pay</p>\n")
@example(source="")
def test_a_page_s_lines_are_those_its_source_splits_into(source: str) -> None:
    document = read_html("page.html", source)
    lines = source.split("\n")
    assert document.lines == (lines[:-1] if lines[-1] == "" else lines)


_MARKUP = st.text(alphabet="<>pa b", max_size=30)


@settings(max_examples=1000, deadline=None)
@given(source=_MARKUP, text=_MARKUP.filter(bool), start=st.integers(0, 32),
       end=st.integers(0, 40))
@example(source="<p title='a'>a</p>", text="a", start=0, end=40)
@example(source="<p>ab</p>", text="ab", start=0, end=4)
def test_a_text_found_after_its_tag_is_the_one_str_find_finds(
        source: str, text: str, start: int, end: int) -> None:
    assert _find(source, text, start, end) == source.find(text, start, end)


@settings(max_examples=500, deadline=None)
@given(source=st.text(alphabet="<!-a", max_size=20))
@example(source="<!--")
@example(source="!<!--")
def test_a_comment_is_found_where_the_in_operator_finds_one(source: str) -> None:
    assert _holds_comment(source) == ("<!--" in source)


# Markup around white space: elements read apart and not, texts read as they are (<pre>,
# <title>, <script>), comments, stray and implied end tags, references to white space.
_APART_PIECES = st.sampled_from([
    "<div>", "</div>", "<section>", "</section>", "<p>", "</p>", "<ul>", "</ul>", "<li>",
    "</li>", "<h2>", "</h2>", "<nav>", "</nav>", "<header>", "</header>", "<title>",
    "</title>", "<pre>", "</pre>", "<script>", "</script>", "<b>", "</b>", "<a href='/x'>",
    "</a>", "<br>", "<sup>", "</sup>", "</span>", "<table>", "<td>", "<head>", "</head>",
    "<!-- c -->", "<!-- copydesk: ignore CD201 -->", " ", "\n", "\n\n", "\t", "&#32;", "&nbsp;",
    "Pay rose", "x", "<meta name='description' content='d'>", "<html>", "</html>",
])


def _read_whole(source: str, body: PlainBody | None = None) -> Document:
    """The page read from a tree holding every text node, as Beautiful Soup's does."""
    with patch("copydesk.lint.html_reader._APART", frozenset()):
        return read_html("page.html", source, body)


@settings(max_examples=1500, deadline=None)
@given(source=st.lists(_APART_PIECES, max_size=30).map("".join))
@example(source="<div>\n<p>a</p>\n<p>b</p>\n</div>\n<title><p>a</p>\n<p>b</p></title>")
@example(source="<div><b>x</b>\n<p>a</p></div><ul> <li>y</li> </ul><a href='/x'>\n<p>z</p>\n</a>")
@example(source="<div><p>a</p>\n</span>\n<p>b</p>x</div>")
@example(source="<div><a href='/x'><p>z</p>\n</a>y</div>")
@example(source="<html>\n<head>\n<title>T</title>\n<meta name='description' content='d'>\n"
                "</head>\n<p>x</p>\n</html>\n")
@example(source="<head>\nx\n<title> </title> \n<script> </script>\n</head> \n<p>y</p>")
@example(source="<title>Pay rose<head> <div>Pay rose")  # white space in a head in a title
@example(source="<title>a<head>\n</head>b")
def test_white_space_the_tree_leaves_out_is_of_no_block(source: str) -> None:
    assert read_html("page.html", source) == _read_whole(source)


@settings(max_examples=300, deadline=None)
@given(text=_PLAIN_LINES, around=st.lists(_APART_PIECES, max_size=12).map("".join))
def test_white_space_left_out_around_a_body_is_of_no_block(text: str, around: str) -> None:
    body = plain_body(text)
    if body is None or not body.html:
        return
    page = f"<main>\n<div>{around}</div>\n{body.html}\n<section>{around}</section>\n</main>\n"
    assert read_html("page.html", page, body) == _read_whole(page, body)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(["a", " ", "\n"]), max_size=3),
       links=st.lists(st.just(Link("/x", 0, 1)), max_size=1),
       citations=st.lists(st.just(0), max_size=1), prose=st.booleans())
def test_a_flush_with_nothing_collected_does_nothing(
        parts: list[str], links: list[Link], citations: list[int], prose: bool) -> None:
    """The walk calls flush() only when its pending block has parts, links or
    citations (_Reader.child): with none of them (and so no prose, which comes with a
    part), flush() makes no block and leaves the pending block as it was."""
    reader = _Reader("<p>a</p>", ["<p>a</p>"], [0])
    pending = _Pending("paragraph", 0, -1)
    for part in parts:
        pending.add(part, 3)
    pending.links.extend(links)
    pending.citations.extend(citations)
    pending.prose = prose and bool(parts)
    before = (list(pending.parts), list(pending.anchors), pending.length, pending.prose)
    reader.flush(pending)
    if not (parts or links or citations):
        assert reader.blocks == []
        assert (pending.parts, pending.anchors, pending.length, pending.prose) == before
        assert pending.links == pending.citations == []
    else:  # collected: emptied, and kept as a block when there is prose
        assert (pending.parts, pending.links, pending.citations) == ([], [], [])
        assert len(reader.blocks) == (prose and bool(parts))
