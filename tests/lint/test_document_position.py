"""Block.position: text offsets back to source line and column."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from copydesk.lint.document import Block, LineStart


@given(line=st.integers(1, 500), col=st.integers(1, 80), offset=st.integers(0, 200))
def test_a_one_anchor_block_counts_columns_from_its_anchor(line: int, col: int,
                                                          offset: int) -> None:
    block = Block("paragraph", "x" * 200, (LineStart(0, line, col),))
    assert block.position(offset) == (line, col + offset)


def test_a_block_over_several_lines_uses_the_anchor_before_the_offset() -> None:
    block = Block("paragraph", "first line second line",
                  (LineStart(0, 4, 3), LineStart(11, 5, 1)))
    assert block.position(0) == (4, 3)
    assert block.position(10) == (4, 13)
    assert block.position(11) == (5, 1)
    assert block.position(17) == (5, 7)
