"""Where the CD1 rules look: code spans, blanked Markdown source, front matter."""

from __future__ import annotations

import re

from copydesk.lint.readers import read_document
from copydesk.lint.rules._surfaces import Excluded, code_spans, hidden_matches, prose_blocks
from copydesk.lint.text import Span
from tests.lint.rules.helpers import lint_snippet


def test_excluded_covers_only_ranges_inside_one_span() -> None:
    excluded = Excluded.of([Span(20, 30, ""), Span(2, 8, "")])
    assert excluded.covers(2, 8) and excluded.covers(21, 29)
    assert not excluded.covers(0, 3)
    assert not excluded.covers(7, 21)
    assert not excluded.covers(31, 32)
    assert not Excluded.of([]).covers(0, 1)


def test_code_spans_are_backtick_pairs_on_one_line() -> None:
    assert [span.text for span in code_spans("a `b` c `d\ne` f")] == ["`b`"]


def test_front_matter_fields_readers_see_follow_the_blocks_at_their_columns() -> None:
    source = "---\ntitle: Pay [TBC]\ntags: [x]\ndescription:  Short\n---\n\nBody.\n"
    blocks = list(prose_blocks(read_document("page.md", source)))
    assert [block.text for block in blocks] == ["Body.", "Pay [TBC]", "Short"]
    assert blocks[1].position(4) == (2, 12)
    assert blocks[2].position(0) == (4, 15)


def test_a_quoted_front_matter_value_is_read_without_its_quotes() -> None:
    source = "---\ntitle: \"A NN model\" \nsummary: 'Pay [TBC]'\ncta: Say \"hi\"\n---\n\nBody.\n"
    blocks = list(prose_blocks(read_document("page.md", source)))
    assert [block.text for block in blocks] == ["Body.", "A NN model", "Pay [TBC]", 'Say "hi"']
    assert blocks[1].position(2) == (2, 11)  # "NN", inside the quotes
    assert blocks[2].position(4) == (3, 15)
    assert lint_snippet(source, "CD102") == []  # "A NN model" passes as in the body


def test_no_front_matter_blocks_outside_markdown_front_matter() -> None:
    source = "title: Pay [TBC]\n\nBody.\n"
    assert [block.text for block in prose_blocks(read_document("page.txt", source))] == [
        "title: Pay [TBC]", "Body."]


def test_hidden_matches_see_blanked_inline_html_but_not_code() -> None:
    source = 'Hi <b>there</b> and `<i>` here.\n'
    document = read_document("page.md", source)
    found = [match.group() for block in document.blocks
             for _, match in hidden_matches(document, block, re.compile(r"<[^<>]+>"), "<")]
    assert found == ["<b>", "</b>"]
