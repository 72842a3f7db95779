"""A body read from its renderer's record is the body the page's HTML reads as."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from copydesk.lint.html_reader import _around, _once, read_html
from copydesk.lint.html_scan import line_starts
from copydesk.render.plain_markdown import plain_body
from tests.render.test_plain_markdown import _PLAIN_LINES, _TEXTS

_HEAD = ('<!doctype html>\n<html lang="en">\n<head>\n<title>Pay | Site</title>\n'
         '<meta name="description" content="Pay rose.">\n'
         '<script type="application/ld+json">{"@type": "FAQPage"}</script>\n</head>\n<body>\n'
         '<header class="site-header"><a href="/">Site</a><nav><a href="/x">Pay</a></nav>'
         '</header>\n<main>\n')
_ARTICLE = (f'{_HEAD}<article>\n<h1>Pay rose</h1>\n<p class="meta">By Sam · '
            '<time datetime="2026-01-02">2 January 2026</time></p>\n',
            '\n<section class="faq" id="faq">\n<h2>Frequently Asked Questions</h2>\n'
            '<div class="faq-item">\n<h3 id="faq-1">Pay?</h3>\n<div class="faq-answer">'
            '<p>Pay rose 5% [1].</p></div>\n</div>\n</section>\n<section class="sources">\n'
            '<ol>\n<li id="source-1"><a href="https://e.org/" rel="nofollow">Source</a></li>\n'
            '</ol>\n</section>\n</article>\n</main>\n<footer><p>Site · <a href="/feed.xml">Feed'
            '</a></p></footer>\n</body>\n</html>\n')
# Pages around the body: read from the record (an article, the body alone, in a list, in
# the header, after text, before text), and read whole (inside a paragraph, a heading, a
# list item, a link, a comment, a script, an attribute, twice over).
_TEMPLATES = st.sampled_from([
    _ARTICLE, ("", ""), ("<div>Intro", "Outro</div>"), ("<ul>\n", "</ul>"),
    ("<header>", "</header>"), ("<nav>", "</nav>"), ("<section>\n\n", "\n\n<p>After</p>"),
    ("<p>", "</p>"), ("<h2>", "</h2>"), ("<ul><li>", "</li></ul>"), ('<a href="/z">', "</a>"),
    ("<!-- ", " -->"), ("<script>", "</script>"), ('<div title="', '">x</div>'),
    ("<pre>", "</pre>"), ("<div>", "</div><div>{body}</div>"),
])


@settings(max_examples=1500, deadline=None)
@given(text=st.one_of(_PLAIN_LINES, _TEXTS), template=_TEMPLATES)
@example(text="## faq\n\nfaq", template=_ARTICLE)
@example(text="[Pay](/x) [ ](#y)\n[a](#source-1)\n\n- [Pay rose](/p)", template=_ARTICLE)
@example(text="Pay[ ](#source-1)\n\n## Pay [x](#source-2)\n\n1. Pay\n\n- Pay", template=("", ""))
def test_a_body_read_from_its_record_is_the_body_the_page_reads_as(
        text: str, template: tuple[str, str]) -> None:
    body = plain_body(text)
    if body is None or not body.html:
        return
    prefix, suffix = template
    page = prefix + body.html + suffix.replace("{body}", body.html)
    assert read_html("site/page.html", page, body) == read_html("site/page.html", page)


def test_an_article_body_is_read_from_its_record() -> None:
    body = plain_body("Pay rose 5%[\\[1\\]](#source-1).\n\n## Pay\n\n- One [x](/x).\n- Two.\n")
    assert body is not None
    page = _ARTICLE[0] + body.html + _ARTICLE[1]
    assert _around(page, body, line_starts(page.split("\n"))) is not None
    document = read_html("site/page.html", page, body)
    assert document == read_html("site/page.html", page)
    assert [(block.kind, block.text) for block in document.blocks][3:7] == [
        ("paragraph", "Pay rose 5%[1]."), ("heading", "Pay"), ("list_item", "One x."),
        ("list_item", "Two.")]
    assert document.blocks[3].citations == (len("Pay rose 5%"),)
    assert [heading.text for heading in document.page.headings][:2] == ["Pay rose", "Pay"]


def test_a_body_the_page_does_not_hold_as_written_is_read_from_the_page() -> None:
    body = plain_body("Pay rose.\n")
    assert body is not None
    page = _ARTICLE[0] + body.html.replace("rose", "fell") + _ARTICLE[1]
    assert _around(page, body, line_starts(page.split("\n"))) is None
    assert read_html("site/page.html", page, body) == read_html("site/page.html", page)


def _once_by_find(source: str, text: str) -> int:
    """Where ``text`` is in ``source`` once, by two searches for the whole of it."""
    at = source.find(text)
    return at if at < 0 or source.find(text, at + 1) < 0 else -1


@settings(max_examples=1000, deadline=None)
@given(pieces=st.lists(st.sampled_from(["<p>", "ab", "a", "b", "\n", "x" * 70]), max_size=12),
       cut=st.tuples(st.integers(0, 40), st.integers(0, 200)))
@example(pieces=["x" * 70, "a", "x" * 70, "b", "x" * 70, "a"], cut=(0, 71))
def test_a_body_is_found_once_as_two_whole_searches_find_it(
        pieces: list[str], cut: tuple[int, int]) -> None:
    source = "".join(pieces)
    start, length = cut
    for text in (source[start:start + length], source[start:start + length] + "a", ""):
        assert _once(source, text) == _once_by_find(source, text)
