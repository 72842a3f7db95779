"""Source-aware helpers of the CD5 rules: what the reader hid from the visible text."""

from __future__ import annotations

import pytest

from copydesk.lint.document import DocumentKind
from copydesk.lint.readers import read_document
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
