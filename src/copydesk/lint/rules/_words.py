"""The words of a whole document, lower case: for the rules' whole-document tests.

CD504 (a word twice in a row) and CD507 (British and American spellings of one family)
looked at the lower-case words of every block, yet almost no document holds what either
reports. Asked of all the blocks' words at once (in C), the question rules most
documents out; only the rest are looked at block by block.

``words_in`` does the same for the rules that look for lists of words ("our data
shows", "three times more", "lorem ipsum"): which of its words a document holds is
asked once, in C, and a rule then searches its blocks for those alone, or for none. A
search for a word of several letters reads the text a character at a time (5 µs a
needle over a page's text). The document's words are looked up in the set of the words
rules ask about (``indexed_words``), not made a set of their own: hashing and storing a
page's thousand words cost as much as the searches it saved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import eq
from typing import NamedTuple

from copydesk.lint.document import Document
from copydesk.lint.text import WORD_RE, lower_case, lower_words

# Characters that break reading re's \w runs from the split words: "×" and "÷" are
# letters to WORD_RE but not to re, the Kelvin sign is a \w character but no letter to
# WORD_RE, and re matches it and the other three, ignoring case, with an ASCII letter
# that str.lower() does not make them (lower_case does).
_UNSPLIT = ("\u00d7", "\u00f7", "\u212a", "\u0130", "\u0131", "\u017f")
_JOINERS = ("'", "’", "-")
_WORD_RUN_RE = re.compile(r"\w+")
_next_word = WORD_RE.search
# Every word a rule asks words_in about: remade as each rule's module is imported, not
# made a frozenset again for each document indexed.
_INDEXED: frozenset[str] = frozenset()
_MADE: set[frozenset[str]] = set()  # the sets indexed_words gave (a frozenset keeps its hash)


def block_words(document: Document) -> list[tuple[str, ...]]:
    """``lower_words`` of each block, in the document's order.

    Kept by the document, for the rules that read every block's words or count them
    (CD405, CD502, CD504, CD507, the word count): ``lower_words`` remembers the texts of
    one long page (512), and an index page of 2,000 entries has several times as many
    blocks, each split again for every such rule once the cache had moved on."""
    return document.once(_block_words)


def _block_words(document: Document) -> list[tuple[str, ...]]:
    return [lower_words(block.text) for block in document.blocks]


def lowered_words(document: Document) -> list[str]:
    """``lower_words`` of every block, one block after another, in one list."""
    return document.once(_lowered_words)


def _lowered_words(document: Document) -> list[str]:
    # The blocks' own lowered words (lower_words): the strings the other rules look up,
    # each hashed once for all of them. Lowering and splitting the joined text again made
    # (and hashed) a second string for every word of the page. Each block's tuple is
    # added whole (list += tuple copies its items in one C loop): chain handed them over
    # one by one, as list() took them, ~80 against ~35 K instructions a built page.
    every: list[str] = []
    for lowered in block_words(document):
        every += lowered
    return every


def alike_in_a_row(items: Sequence[str]) -> bytes:
    """One byte for each two ``items`` in a row: 1 where they are equal. Made in C, and
    searched in C (``bytes.find``, ``in``): the rules asking whether a document has equal
    neighbours (repeated words, sentences opening alike) ask it of all its words at once."""
    return bytes(map(eq, items, items[1:]))  # a slice, not islice: its items taken in C


def any_alike_in_a_row(items: Sequence[str]) -> bool:
    """Whether two ``items`` in a row are equal: ``1 in alike_in_a_row(items)``, without
    the bytes (a page's thousand words compared: ~320 against ~450 K instructions; most
    pages have no such pair)."""
    return any(map(eq, items, items[1:]))


def block_texts(document: Document) -> str:
    """The text of every block, one after another, each on lines of its own."""
    return document.once(_block_texts)


def _block_texts(document: Document) -> str:
    return "\n".join(block.text for block in document.blocks)


def lowered_block_texts(document: Document) -> str:
    """``lower_case(block_texts(document))``, joined from each block's ``lower_case``
    (which the rules ask for anyway): one character outside ASCII (a byline's "·") made
    lowering the whole text read every character through Unicode's tables, 25
    instructions each, where most blocks are ASCII and lowered at memory speed."""
    return document.once(_lowered_block_texts)


def _lowered_block_texts(document: Document) -> str:
    return "\n".join([lower_case(block.text) for block in document.blocks])


def indexed_words(*words: str) -> frozenset[str]:
    """``words`` (whole words, ASCII, lower case) as a set for ``words_in``. Called when
    a rule's module is imported, before the rule can ask about any document."""
    global _INDEXED
    _INDEXED = _INDEXED.union(words)
    made = frozenset(words)
    _MADE.add(made)
    return made


class _Index(NamedTuple):
    asked: frozenset[str]  # the words rules asked about when the document was indexed
    held: frozenset[str]  # those the document holds


def words_in(document: Document, needles: frozenset[str]) -> frozenset[str]:
    """The ``needles`` (made by ``indexed_words``) that the document holds as runs of
    ``\\w``, in ``lower_case``, or as words (``lowered_words``).

    A word that a case-insensitive pattern matches whole (``\\b`` or a non-word character
    on either side, as in ``\\bour\\s+data``) is among them when a block holds a match, so
    a document holding none of a pattern's words holds no match, and a block holding a
    match holds one of them as text.
    """
    index = document.once(_word_index)
    # A set made before the document was indexed is in the index: told by one lookup,
    # where the subset test looks each word up (CD507's 2,000 variants: ~70 K instructions).
    if not (index.asked is _INDEXED and needles in _MADE) and not needles <= index.asked:
        index = _index(document, needles)  # words made after the document was indexed
    return needles & index.held


def _word_index(document: Document) -> _Index:
    return _index(document, _INDEXED)


def _index(document: Document, asked: frozenset[str]) -> _Index:
    held = asked.intersection(lowered_words(document))
    whole = block_texts(document)
    if any(map(whole.__contains__, _UNSPLIT)):  # rare: read the runs with re (200 µs a page)
        return _Index(asked, held.union(asked.intersection(
            _WORD_RUN_RE.findall(lower_case(whole)))))
    # A word with an inner apostrophe or hyphen ("x-our") holds runs of its own ("our"):
    # a few a page, each read around its joiner in the blocks' text, where the page's
    # words were joined to find them (~28 µs a page, for some six words); their parts are
    # then split and looked up together.
    joined: list[str] = []
    for joiner in _JOINERS:
        at = whole.find(joiner)
        while at >= 0:
            # WORD_RE splits the text after a space as it splits the whole text (no word
            # holds one): the words are read from the last one before the joiner.
            word = _next_word(whole, whole.rfind(" ", 0, at) + 1)
            while word is not None and word.end() <= at:
                word = _next_word(whole, word.end())
            next_at = at + 1
            if word is not None and word.start() < at:  # a word never opens with a joiner
                joined.append(word.group())
                next_at = word.end()
            at = whole.find(joiner, next_at)
    if joined:
        parts = " ".join(joined).lower()
        for joiner in _JOINERS:
            parts = parts.replace(joiner, " ")
        held = held.union(asked.intersection(parts.split()))
    return _Index(asked, held)
