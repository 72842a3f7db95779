"""The quick tokenizer: where it reads a page, the tree is the one html.parser gives."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from copydesk.lint.html_scan import _read_tag, _scan_from, _tag, scan
from copydesk.lint.html_tree import parse_page
from tests.lint.test_html_tree import PIECES, shape

# Markup as the templates write it, and near misses the tokenizer must leave to html.parser.
OWN_PIECES = st.sampled_from([
    '<a href="/x/" class=" a  b ">', "</a>", '<meta name="description" content="A &amp; B">',
    '<link rel="canonical" href="https://e.example/">', '<img src="i.png" alt="">',
    '<img src="i.png" alt=""/>', "<br />", "<input disabled>", '<p data-x="1">',
    '<script type="application/ld+json">{"a": "<b>"}</script>', "<script></script>",
    "<style>p { color: red; }</style>", "<script>a</SCRIPT>", "<script>x</p></script>",
    "<!-- copydesk: ignore CD201 -->", "<!-- a -- > b -->", "<!--->", "<!DOCTYPE html>",
    "<!doctype html>", "&amp;", "&#8217;", "&#x2014;", "&nbsp;", "&a-b;", "&#39a;", "& ",
    "<h2\n  id=\"x\">", '<p id="" hidden data-a="1&lt;2" CLASS="a">', '<td\theaders="a  b"\n>',
    "</h2 >", "<p id=x>", "<p id='x'>", '<p id = "x">', "<a_b>",
    "<?pi ?>", "</>", "<", "text\n", "\n\n", " ", "<P CLASS=\"X\">", "</P>",
    # a ">" in a quoted value (the tag does not end at the first ">"), and near tags
    '<a title="1 > 0" href="/">', '<img alt=">"/>', '<p class="a>', "a > b", ">", "</p",
    "x&amp;y&#8217;z", "&amp;<",
])


def html_parser_tree(source: str) -> object:
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr("copydesk.lint.html_tree.scan", lambda *args: False)
        return shape(parse_page(source)[0])


@settings(max_examples=500, deadline=None)
@given(source=st.lists(st.one_of(OWN_PIECES, PIECES), max_size=30).map("".join))
@example(source='<html lang="en">\n<head><title>T &amp; U</title></head>\n'
                '<body><p\nclass="x">a<br>b</p></body></html>\n')
def test_the_tree_is_the_one_html_parser_gives(source: str) -> None:
    assert shape(parse_page(source)[0]) == html_parser_tree(source)


def test_pages_the_templates_write_are_read_by_the_quick_tokenizer() -> None:
    page = ('<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n  <meta charset="utf-8">\n'
            '  <title>Hiring &amp; pay</title>\n'
            '  <script type="application/ld+json">{"@type": "FAQPage"}</script>\n</head>\n'
            '<body>\n<nav><a href="/">Home</a></nav>\n<h1 id="t">Pay &#8217;26</h1>\n'
            '<p>Text<sup><a class="cite" href="#source-1">[1]</a></sup>.</p>\n'
            '<!-- copydesk: ignore CD201 -->\n</body>\n</html>\n')
    events: list[str] = []

    class Recorder:
        def __getattr__(self, name: str) -> object:
            return lambda *args: events.append(name)

    assert scan(page, Recorder())
    assert events.count("start") == 12
    assert shape(parse_page(page)[0]) == html_parser_tree(page)


def test_markup_beyond_the_templates_is_left_to_html_parser() -> None:
    class Ignore:
        def __getattr__(self, name: str) -> object:
            return lambda *args: None

    for source in ("<p id=x>", "AT&T", "<a_b>", "<?pi ?>", "<script>x</p></script>"):
        assert not scan(source, Ignore())


def test_a_quoted_angle_bracket_is_read_by_the_quick_tokenizer() -> None:
    events: list[tuple[str, tuple[object, ...]]] = []

    class Recorder:
        def __getattr__(self, name: str) -> object:
            return lambda *args: events.append((name, args))

    assert scan('<p><a title="1 > 0" href="/">x</a></p>', Recorder())
    assert ("start", ("a", (("title", "1 > 0"), ("href", "/")), False, 3)) in events
    assert [name for name, _ in events].count("handle_endtag") == 2


class _Events:
    """Every call a scan makes, with its arguments."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[object, ...]]] = []

    def __getattr__(self, name: str) -> object:
        return lambda *args: self.calls.append((name, args))


def _scanned(read: object, source: str, skip: tuple[int, int]) -> tuple[object, ...]:
    events = _Events()
    done = read(source, events, skip)  # type: ignore[operator]
    return done, events.calls


@settings(max_examples=800, deadline=None)
@given(pieces=st.lists(st.one_of(OWN_PIECES, PIECES), max_size=30), data=st.data())
@example(pieces=['<script type="application/ld+json">{"a": "<b>"}</script>', "<p>", "x"],
         data=None)
@example(pieces=["<!doctype html>", "<p>", "a &amp; b", "<style>", "p {}", "</style>",
                 "<!-- c -->", "<br/>"], data=None)
def test_the_split_scan_gives_the_events_of_the_token_by_token_scan(
        pieces: list[str], data: st.DataObject | None) -> None:
    """scan() reads what it can by splitting at each "<" (_scan_plain), the rest token by
    token (_scan_from): the same events, the same answer, with and without a part skipped
    (from a "<" or anywhere, to a ">")."""
    source = "".join(pieces)
    skips = [(-1, -1)]
    if data is not None and ">" in source:
        start = data.draw(st.integers(0, max(len(source) - 1, 0)), label="skip_at")
        if data.draw(st.booleans(), label="at a tag"):
            start = max(source.rfind("<", 0, start + 1), 0)
        end = source.find(">", start)
        if end >= 0:
            skips.append((start, end + 1))
    for skip in skips:
        assert _scanned(scan, source, skip) == _scanned(
            lambda source, handler, skip: _scan_from(source, handler, skip, 0), source, skip)


# The parts of a start tag around its quoted values, and values (references, ">", "'",
# white space, none at all).
_TAG_NAMES = st.sampled_from(["meta", "a", "LINK", "h3", "time", "p1", "x-y", "", "/a"])
_ATTRIBUTE_NAMES = st.sampled_from(["href", "content", "NAME", "data-x", "xml:lang", "rel",
                                    "class", "a_b", "1x", "", "=", "'"])
_SPACES = st.sampled_from([" ", "\n  ", "\t", "", "  "])
_VALUES = st.lists(st.sampled_from(["x", " ", "a b", "&amp;", "&", "'", "=", "/", "\n", "é",
                                    "https://e.example/p/?q=1"]), max_size=4).map("".join)


@settings(max_examples=1000, deadline=None)
@given(name=_TAG_NAMES,
       attributes=st.lists(st.tuples(_SPACES, _ATTRIBUTE_NAMES, st.sampled_from(["=", "", " ="]),
                                     st.booleans()), max_size=4),
       end=st.sampled_from(["", "/", " /", " ", '"', "/x"]),
       values=st.lists(st.tuples(_VALUES, _VALUES), min_size=4, max_size=4))
@example(name="meta", attributes=[(" ", "name", "=", True), (" ", "content", "=", True)],
         end="", values=[("description", "A"), ("a > b", "B &amp; C"), ("", ""), ("", "")])
def test_a_tag_read_as_one_seen_before_is_read_as_it_is(
        name: str, attributes: list[tuple[str, str, str, bool]], end: str,
        values: list[tuple[str, str]]) -> None:
    """_tag reads a start tag with quoted values as one read before but for its values:
    two tags written alike but for their values (each with a reference, ">", none...) are
    each read as _TAG_RE reads them, the second after the first."""
    for which in (0, 1):
        inner = name + "".join(
            f'{space}{attribute}{equals}"{value[which]}"' if quoted else f"{space}{attribute}"
            for (space, attribute, equals, quoted), value
            in zip(attributes, values, strict=False)) + end
        assert _tag.__wrapped__(inner) == _read_tag(inner), inner
