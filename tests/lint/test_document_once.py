"""Document.once: a value several rules read is worked out once per document."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from copydesk.lint.document import Document, cached_attribute
from copydesk.lint.readers import read_document
from copydesk.lint.rules._surfaces import prose_blocks, prose_text

SOURCE = "---\ntitle: Pay TBD\n---\n# Pay\n\nTeams pay well.\n"


def test_a_value_is_worked_out_once_per_document_and_function() -> None:
    calls: list[str] = []

    def blocks(document: Document) -> int:
        calls.append(document.path)
        return len(document.blocks)

    def kind(document: Document) -> str:
        return document.kind

    first, second = read_document("a.md", SOURCE), read_document("b.md", SOURCE + "\nMore.\n")
    assert [first.once(blocks), first.once(blocks), first.once(kind)] == [2, 2, "markdown"]
    assert second.once(blocks) == 3
    assert calls == ["a.md", "b.md"]


def test_prose_text_holds_the_blocks_and_the_front_matter_fields_readers_see() -> None:
    document = read_document("a.md", SOURCE)
    assert [block.text for block in prose_blocks(document)] == ["Pay", "Teams pay well.",
                                                               "Pay TBD"]
    assert prose_text(document) == "Pay\nTeams pay well.\nPay TBD"
    assert prose_blocks(document) is prose_blocks(document)


def test_a_cached_attribute_is_worked_out_at_its_first_read_only() -> None:
    calls: list[int] = []

    @dataclass(frozen=True)
    class Held:
        value: int

        @cached_attribute
        def doubled(self) -> int:
            """Twice the value."""
            calls.append(self.value)
            return 2 * self.value

    first, second = Held(1), Held(2)
    assert [first.doubled, first.doubled, second.doubled, first.doubled] == [2, 2, 4, 2]
    assert calls == [1, 2]
    assert first.__dict__["doubled"] == 2  # kept by the instance, which later reads find
    assert Held.__dict__["doubled"].__doc__ == "Twice the value."
    document = read_document("a.md", SOURCE)
    assert document.lines is document.lines and document.sections() is document.sections()


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.sampled_from(["# Title", "## Roles", "### Pay", "Teams pay well.",
                                       "- an item", "> a quote", "| a | b |\n|---|---|\n| 1 | 2 |",
                                       "", "Text\n===", "<h2>Raw</h2>"]), max_size=8),
       kind=st.sampled_from(["md", "html", "txt"]))
def test_the_headings_are_the_heading_blocks_in_order(parts: list[str], kind: str) -> None:
    """Document.headings: worked out once (from the sections), they are the blocks of kind
    "heading", in the document's order."""
    document = read_document(f"page.{kind}", "\n\n".join(parts))
    assert document.headings() == tuple(block for block in document.blocks
                                        if block.kind == "heading")
    assert document.headings() is document.headings()
