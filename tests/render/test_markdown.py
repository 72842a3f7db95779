import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.render.markdown import (
    _PLAIN_PARAGRAPH_RE,
    _idle_rules,
    _parser,
    _plain_paragraph,
    _render,
    markdown_to_html,
)


def test_tables_strikethrough_footnotes_and_heading_ids() -> None:
    html = markdown_to_html(
        "## Why MLOps?\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n[^1]: note\n")
    assert '<h2 id="why-mlops">Why MLOps?</h2>' in html
    assert "<td>1</td>" in html
    assert "<s>old</s>" in html
    assert 'class="footnote-ref"' in html


def test_raw_html_is_escaped_unless_allowed_and_sanitised_unless_trusted() -> None:
    text = "Hello <script>alert(1)</script> <b>bold</b>\n"
    assert "&lt;script&gt;" in markdown_to_html(text)
    assert markdown_to_html(text, raw_html=True) == "<p>Hello  <b>bold</b></p>\n"
    assert "<script>alert(1)</script>" in markdown_to_html(text, raw_html=True, trusted=True)


def test_citation_links_become_superscripts_other_links_do_not() -> None:
    html = markdown_to_html("65%[\\[1\\]](#source-1) and [a link](#faq)\n")
    assert html == ('<p>65%<sup><a href="#source-1" class="cite">[1]</a></sup> and '
                    '<a href="#faq">a link</a></p>\n')


def test_each_render_starts_afresh_so_the_html_is_reused_for_the_same_text() -> None:
    text = "# Pay\n\n# Pay\n\nA note[^1].\n\n[^1]: The source.\n"
    uncached = _render.__wrapped__
    first = uncached(text, False, False)
    assert uncached(text, False, False) == first  # heading ids and footnotes restart
    assert 'id="pay-1"' in first and "pay-2" not in first
    hits = _render.cache_info().hits
    assert markdown_to_html(text) == markdown_to_html(text) == first
    assert _render.cache_info().hits > hits


def test_suppression_comments_never_reach_the_reader() -> None:
    text = ("Intro line.\n<!-- copydesk: ignore CD201 -->\n45% of teams hire.\n\n"
            "<!-- copydesk: ignore-file CD5 -->\nA note about <!-- copydesk: ignore --> inline.\n")
    html = markdown_to_html(text)
    assert html == ("<p>Intro line.</p>\n<p>45% of teams hire.</p>\n"
                    "<p>A note about &lt;!-- copydesk: ignore --&gt; inline.</p>\n")
    # with raw HTML on, the comment is an HTML comment: it ends the paragraph the same way
    assert "copydesk" not in markdown_to_html(text.split("\n\n")[0], raw_html=True)
    assert "<p>Intro line.</p>" in markdown_to_html(text.split("\n\n")[0], raw_html=True)


# Words, digits and every ASCII punctuation mark, so that near misses of the plain line
# (a list's "1.", a heading's "#", emphasis, links, entities) are tried as well.
_LINES = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + " .,;:?!'()%$/-", max_size=40),
    st.lists(st.sampled_from(["Pay", "rose", "5%", "-", "1.", "1)", "#", "*", "_", "`", "&",
                              "<b>", "[x](y)", "|", "~~", ">", "  ", "\n", "www.x.com",
                              "a@b.c", "e.g.", "(see", "it's", "$3", "a/b"]),
             max_size=8).map(" ".join))


@settings(max_examples=1000, deadline=None)
@given(text=_LINES)
def test_a_plain_line_is_the_paragraph_markdown_it_makes_of_it(text: str) -> None:
    """markdown_to_html's short ways past markdown-it (a plain line, plain Markdown) give
    markdown-it's HTML: markdown-it itself is the reference, not _render, which takes the
    plain-Markdown way too."""
    assert markdown_to_html(text) == _parser(False).render(text)


def test_faq_answers_are_plain_lines() -> None:
    answer = "Typically 3-6 years, and $120,000 (up 8%) in 2026: see the guide."
    assert _PLAIN_PARAGRAPH_RE.fullmatch(answer)
    assert markdown_to_html(answer) == f"<p>{answer}</p>\n"


@pytest.mark.parametrize("mark", list(string.punctuation + " \t\n\u00a0\u2014"))
@pytest.mark.parametrize("line", ["aX", "a X b", "aXbX", "a XbX c", "a XXbXX c", "aX0", "a X",
                                  "Xa", "X a", "a\nXX", "a Xb", "a b X c", "XXX"])
def test_a_plain_line_with_any_one_mark_more_is_what_markdown_it_makes_of_it(
        mark: str, line: str) -> None:
    text = line.replace("X", mark)
    assert markdown_to_html(text) == _parser(False).render(text)


# Lines that start, continue or end each kind of block, indented in every way that counts
# (list items, code in them, lazy lines), with and without the strings _TRIGGERS names.
_BLOCK_LINES = st.lists(st.tuples(
    st.sampled_from(["", " ", "  ", "   ", "    ", "     ", "      ", "\t", " \t", "\t\t"]),
    st.sampled_from(["", "- ", "* ", "1. ", "2) ", "> ", ">", "# ", "## ", "===", "---", "***",
                     "```", "~~~", "````py", "| a | b |", "|---|:-:|", "a | b", "-|-",
                     "[x]: /u", "[x]", "[^1]: note", "[^1]", "<div>", "</div>", "<!-- c -->",
                     "<b>x</b>", "text", "more text", "a[\\[1\\]](#source-1)", "`c`",
                     "~~s~~", "*e*"])),
    max_size=14).map(lambda lines: "\n".join(indent + body for indent, body in lines))


@settings(max_examples=1500, deadline=None)
@given(text=_BLOCK_LINES, raw_html=st.booleans())
def test_a_parser_without_the_rules_a_text_cannot_use_makes_the_same_html(
        text: str, raw_html: bool) -> None:
    assert (_parser(raw_html, _idle_rules(text, raw_html)).render(text)
            == _parser(raw_html).render(text))


@settings(max_examples=1000, deadline=None)
@given(text=st.text(st.sampled_from(string.printable + "é\u00a0") | st.characters(),
                    max_size=12) | _LINES)
def test_a_plain_line_is_told_as_its_pattern_tells_it(text: str) -> None:
    # The quick test (bytes.translate) against the pattern it stands in for.
    assert _plain_paragraph(text) == (_PLAIN_PARAGRAPH_RE.fullmatch(text) is not None)
