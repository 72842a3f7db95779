"""Source-aware helpers of the CD5 rules: what the reader hid from the visible text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.lint.document import Block, Document, DocumentKind, LineStart
from copydesk.lint.readers import read_document
from copydesk.lint.rules import markup
from copydesk.lint.rules.markup import block_source, hidden_tail, introduces_code, is_link_only


@pytest.mark.parametrize(("kind", "source", "expected"), [
    ("markdown", "### Event: `'close'`\n", "Event: `'close'`"),
    ("markdown", "**What is `fit`?**\n", "**What is `fit`?**"),
    ("html", "<h3><code>-c</code>, <code>--check</code></h3>\n", "-c ,  --check"),
    ("text", "A plain title\n", "A plain title"),
])
def test_block_source_includes_hidden_code(kind: DocumentKind, source: str,
                                           expected: str) -> None:
    document = read_document(f"x.{kind}", source, kind)
    assert block_source(document, document.blocks[0]).strip() == expected


# Pieces of HTML: block and inline tags (any case, spaced, unclosed, with "<" and ">" in
# attributes), names that only begin like a block tag's, comments, entities, line breaks.
PIECES = st.lists(st.sampled_from([
    "<p>", "</p>", "<h2 id=\"a\">", "</h2>", "<H3>", "</ h3>", "<li>", "<td class=x>", "<div>",
    "<br>", "<br/>", "<pre>", "<code>", "</code>", "<a href=\"/x>y\">", "</a>", "<em>", "</em>",
    "<sup>", "<P>", "<pa>", "<h7>", "<h2x>", "<!-- c -->", "< 3", "<", ">", "</", "&amp;",
    "&lt;", "a", "Key", "takeaways", "Why?", " ", "  ", "\n", "\u212a", "x.toml", ":", "\t",
    "<table>", "<tablet>", "</figure>", "</figures>",
]), max_size=24).map("".join)


@settings(max_examples=300, deadline=None)
@given(source=PIECES)
def test_block_source_of_one_anchor_is_the_general_way_read(source: str) -> None:
    # Blocks as the reader anchors them, one anchor or more (the general way alone); a
    # one-anchor block's source is remembered by its line's text: the same lines lower
    # down a page give the same sources.
    for page in (source, f"<p>First.</p>\n{source}"):
        document = read_document("x.html", page, "html")
        for block in document.blocks:
            assert block_source(document, block) == markup._any_source(document, block)


@settings(max_examples=500, deadline=None)
@given(source=PIECES, text=st.one_of(PIECES, st.text(max_size=12)), data=st.data())
def test_block_source_of_one_anchor_is_the_general_way(source: str, text: str,
                                                       data: st.DataObject) -> None:
    # Any anchor, also ones the reader never makes (before a line, past its end, an offset
    # that is not 0, a text longer than its line).
    lines = source.split("\n")
    line = data.draw(st.integers(-1, len(lines) + 1))
    width = len(lines[line - 1]) if 0 < line <= len(lines) else 4
    col = data.draw(st.integers(-2, width + 3))
    offset = data.draw(st.integers(-3, len(text) + 2))
    block = Block("paragraph", text, (LineStart(offset, line, col),))
    document = Document("x.html", "html", source, (block,))
    assert block_source(document, block) == markup._any_source(document, block)


@settings(max_examples=300, deadline=None)
@given(sources=st.lists(PIECES, min_size=1, max_size=4))
def test_block_tags_are_told_by_their_names_also_from_what_was_noted(sources: list[str]) -> None:
    # Each text asked twice: the second time from the openings the first noted, for
    # this text and the others.
    for source in sources * 2:
        for start in range(len(source)):
            name = markup._TAG_NAME_RE.match(source, start)
            expected = name is None or name.group(1).lower() in markup._BLOCK_TAGS
            assert markup._is_block_tag(source, start) == expected


@pytest.mark.parametrize(("kind", "source", "hidden"), [
    ("markdown", "The default is `500`\n", True),
    ("markdown", "The default is **five hundred**\n", False),
    ("markdown", "See [the guide](https://example.com/guide)\n", False),
    ("html", "<p>The default is <code>500</code></p>\n", True),
    ("html", "<p>The default is five hundred</p><p>Next.</p>\n", False),
])
def test_hidden_tail_spots_code_after_the_last_visible_word(kind: DocumentKind, source: str,
                                                             hidden: bool) -> None:
    document = read_document(f"x.{kind}", source, kind)
    block = document.blocks[0]
    assert hidden_tail(document, block, len(block.text.rstrip())) is hidden


@pytest.mark.parametrize(("source", "expected"), [
    ("- [What is MLOps?](#what-is-mlops)\n", True),
    ("- Read [the guide](https://example.com) first\n", False),
    ("- No links here\n", False),
])
def test_is_link_only(source: str, expected: bool) -> None:
    document = read_document("x.md", source, "markdown")
    assert is_link_only(document.blocks[0]) is expected


@pytest.mark.parametrize(("kind", "source", "expected"), [
    ("markdown", "Then run\n\n```sh\nmake\n```\n", True),
    ("markdown", "Then run\n\n\n    make\n", True),
    ("html", "<p>Then run</p>\n<pre>make</pre>\n", True),
    ("markdown", "Then run make.\n\nAnd wait.\n", False),
    ("markdown", "The last line of the file\n", False),
])
def test_introduces_code(kind: DocumentKind, source: str, expected: bool) -> None:
    document = read_document(f"x.{kind}", source, kind)
    assert introduces_code(document, document.blocks[0]) is expected
