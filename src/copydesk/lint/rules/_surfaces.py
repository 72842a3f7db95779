"""Where the CD1 rules look beyond ``Block.text``, and what they skip.

Code spans the plain-text reader leaves in the text; Markdown source the Markdown reader
blanked (inline HTML such as "<insert client name>" or "<a href='#'>"); front matter
fields a reader sees in the page, the search result or the share card.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from copydesk.lint.document import Block, Document, LineStart
from copydesk.lint.rules._words import block_texts
from copydesk.lint.text import Span, iter_matches

_CODE_SPAN_RE = re.compile(r"`[^`\n]*`")


@dataclass(frozen=True)
class Excluded:
    """Spans a check must not report inside (code, or what another CD1 rule reports)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, spans: Iterable[Span]) -> Excluded:
        ordered = sorted(spans, key=lambda span: span.start)
        return cls(tuple(span.start for span in ordered), tuple(span.end for span in ordered))

    def covers(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and end <= self.ends[index]


def code_spans(text: str) -> list[Span]:
    """Backtick code spans left in the text (the plain-text reader does not mask them)."""
    return list(iter_matches(_CODE_SPAN_RE, text)) if "`" in text else []


# Front matter fields that readers see: in the page, the search result or the share card.
_SHOWN_FIELDS = frozenset({"title", "description", "summary", "excerpt", "subtitle", "headline",
                           "cta", "seo_title", "meta_description", "og_title", "og_description"})
_FIELD_RE = re.compile(r"([A-Za-z_][\w-]{0,40}):[ \t]+(\S[^\n]*)")


def _front_matter_blocks(document: Document) -> tuple[Block, ...]:
    """One-line front matter values readers see, as blocks placed where they sit."""
    if not document.front_matter or not document.source.startswith("---"):
        return ()
    found: list[Block] = []
    for number, line in enumerate(islice(document.lines, 1, None), start=2):
        if line.rstrip() in ("---", "..."):
            break
        field = _FIELD_RE.fullmatch(line)
        if field is not None and field.group(1).lower() in _SHOWN_FIELDS:
            value, start = field.group(2).rstrip(), field.start(2)
            # A quoted value is read without its quotes, as the page shows it: a rule
            # asking what opens the text ("A NN model") sees the words, not a '"'.
            if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
                value, start = value[1:-1], start + 1
            found.append(Block("paragraph", value, (LineStart(0, number, start + 1),)))
    return tuple(found)


def prose_blocks(document: Document) -> tuple[Block, ...]:
    """The document's blocks, then the front matter fields readers see (five rules ask)."""
    return document.once(_prose_blocks)


def _prose_blocks(document: Document) -> tuple[Block, ...]:
    return (*document.blocks, *_front_matter_blocks(document))


def needles_by_block(document: Document, held: Collection[str], every: Collection[str]
                     ) -> Iterator[tuple[Block, Collection[str]]]:
    """Each of ``prose_blocks(document)`` worth searching, with the needles to look for in
    it: ``held`` (those the document's word index says its blocks hold; none: its blocks
    are skipped) in a block of the document, ``every`` in a front matter field readers
    see, which the index does not hold (a filler title must not pass for its sake)."""
    blocks, count = prose_blocks(document), len(document.blocks)
    for index in range(0 if held else count, len(blocks)):
        yield blocks[index], held if index < count else every


def prose_text(document: Document) -> str:
    """The text of every prose block, one after another: a text without a rule's needle
    holds no block with it, so the rule need not look at each."""
    return document.once(_prose_text)


def _prose_text(document: Document) -> str:
    blocks = prose_blocks(document)
    if len(blocks) == len(document.blocks):  # no field shown: the text CD201 joined too
        return block_texts(document)
    return "\n".join(block.text for block in blocks)


def may_hide(document: Document, needle: str) -> bool:
    """Whether Markdown source the reader blanked may hold ``needle`` (see hidden_matches)."""
    return document.kind == "markdown" and needle in document.source


def hidden_matches(document: Document, block: Block, pattern: re.Pattern[str],
                   needle: str) -> Iterator[tuple[int, re.Match[str]]]:
    """Matches of ``pattern`` in Markdown source the reader blanked (inline HTML such as
    "<insert client name>" or "<a href='#'>"), outside code; with the block offset of
    the line each match sits on. Every match holds ``needle`` ("<"): lines without it
    are not scanned."""
    if not may_hide(document, needle):
        return
    bounds = [start.offset for start in block.line_starts[1:]] + [len(block.text) + 1]
    for anchor, end in zip(block.line_starts, bounds, strict=True):
        shown = block.text[anchor.offset:end - 1]
        hidden = document.source_line(anchor.line)[anchor.col - 1:anchor.col - 1 + len(shown)]
        if needle not in hidden:
            continue
        code = Excluded.of(code_spans(hidden))
        for match in pattern.finditer(hidden):
            blank = not shown[match.start():match.end()].strip()
            if blank and not code.covers(*match.span()):
                yield anchor.offset, match
