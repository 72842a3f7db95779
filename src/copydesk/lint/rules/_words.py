"""The words of a whole document, lower case: for the rules' whole-document tests.

CD504 (a word twice in a row) and CD507 (British and American spellings of one family)
looked at the lower-case words of every block, yet almost no document holds what either
reports. Asked of all the blocks' words at once (in C), the question rules most
documents out; only the rest are looked at block by block.
"""

from __future__ import annotations

from itertools import chain

from copydesk.lint.document import Document
from copydesk.lint.text import word_texts


def lowered_words(document: Document) -> list[str]:
    """``lower_words`` of every block, one block after another, in one list."""
    return document.once(_lowered_words)


def _lowered_words(document: Document) -> list[str]:
    # One lower() of the words joined: no character lowers to a space, so splitting the
    # result at spaces gives each word lowered (str.lower for each word cost a call each).
    joined = " ".join(chain.from_iterable(word_texts(block.text) for block in document.blocks))
    return joined.lower().split(" ") if joined else []
