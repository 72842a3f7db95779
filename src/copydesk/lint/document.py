"""The Document every rule reads: visible text in blocks, each mapped back to the source.

A block's ``text`` is the visible text of one heading, paragraph, list item or table cell.
Markup is *masked*, not removed, where the source allows it (Markdown): ``**bold**``
becomes ``  bold  `` so that offsets stay aligned with the source line. Code blocks and
inline code are not prose and never appear in any block (inline code is masked).

Positions: ``Block.position(offset)`` turns an offset in ``text`` into the 1-based
(line, col) of the source file. Readers (``copydesk.lint.readers``) build Documents
from Markdown, HTML and plain text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, NamedTuple, TypeVar

from copydesk.lint.page import PageInfo

BlockKind = Literal["heading", "paragraph", "list_item", "table_cell", "quote"]
DocumentKind = Literal["markdown", "html", "text"]
T = TypeVar("T")


class cached_attribute(Generic[T]):  # a decorator: named as cached_property is
    """``functools.cached_property`` without its lock (copydesk's workers are processes,
    not threads): the value is worked out at the first read and kept in the instance's
    ``__dict__``, which later reads find first. Its first read took ~1.5 µs, a Python call
    into a lock and two lookups; rules read some ten such values of a page, a few of
    them (CD201's sources) for each block with a statistic."""

    def __init__(self, work_out: Callable[[Any], T]) -> None:
        self._work_out = work_out
        self._name = work_out.__name__
        self.__doc__ = work_out.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, instance: Any, owner: type | None = None) -> T:
        value = instance.__dict__[self._name] = self._work_out(instance)
        return value


@dataclass(frozen=True)
class Link:
    """A link inside a block; ``start``/``end`` are offsets of its visible text in the block."""

    href: str
    start: int
    end: int


class LineStart(NamedTuple):
    """Text offset ``offset`` of a block sits at source ``line``:``col`` (both 1-based).

    Immutable as a frozen dataclass, but made for every line of every block read (a frozen
    dataclass sets each field through ``object.__setattr__``, three times as long)."""

    offset: int
    line: int
    col: int


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    line_starts: tuple[LineStart, ...]  # sorted by offset; the first has offset 0
    level: int = 0  # heading level 1-6; list nesting depth for list items
    links: tuple[Link, ...] = ()
    # Offsets of citation markers the text carries: footnote references ("[^1]"),
    # copydesk stat() citations, <sup> references in HTML.
    citations: tuple[int, ...] = ()
    # Index of the list, table or block quote the block belongs to, so rules can compare
    # a list item with its siblings; -1 when the block stands alone.
    group: int = -1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, col) in the source file of text offset ``offset``."""
        starts = self.line_starts
        # One anchor is the common case (every block of the Markdown corpus): no search,
        # and no offsets list made for a block asked once.
        anchor = (starts[0] if len(starts) == 1
                  else starts[max(bisect.bisect_right(self._offsets, offset) - 1, 0)])
        return anchor.line, anchor.col + max(offset - anchor.offset, 0)

    @property
    def line(self) -> int:
        return self.line_starts[0].line

    @cached_attribute
    def _offsets(self) -> list[int]:
        # Cached: rules call position() once per hit, and a block may span thousands of lines.
        return [start.offset for start in self.line_starts]


@dataclass(frozen=True)
class Suppression:
    """``<!-- copydesk: ignore CD201 -->`` (next line) or ``ignore-file``; codes may be prefixes."""

    codes: tuple[str, ...]  # empty tuple means every code
    line: int  # the line of the comment itself
    target_line: int  # the line it applies to; 0 for the whole file
    col: int = 1


@dataclass(frozen=True)
class Problem:
    """The source could not be read as its kind (bad front matter, ...): reported as CD902."""

    line: int
    message: str


@dataclass(frozen=True)
class Document:
    path: str
    kind: DocumentKind
    source: str
    blocks: tuple[Block, ...]
    front_matter: Mapping[str, Any] = field(default_factory=dict)
    title: str | None = None  # front matter title or <title>
    suppressions: tuple[Suppression, ...] = ()
    problems: tuple[Problem, ...] = ()
    page: PageInfo | None = None  # HTML only: head metadata, links, images, JSON-LD

    @cached_attribute
    def lines(self) -> list[str]:
        # Only "\n" ends a line (readers normalise CRLF); str.splitlines would also split
        # on form feeds and U+2028, disagreeing with the line numbers every reader uses.
        lines = self.source.split("\n")
        return lines[:-1] if lines[-1] == "" else lines

    def once(self, work_out: Callable[[Document], T]) -> T:
        """``work_out(self)``, computed on the first call and then remembered: several rules
        read the same value of a document (its keyphrase and its density, the front matter
        fields readers see), and each asking again cost as much as the first."""
        known = self._worked_out
        if work_out not in known:
            known[work_out] = work_out(self)
        value: T = known[work_out]
        return value

    @cached_attribute
    def _worked_out(self) -> dict[Callable[[Document], Any], Any]:
        return {}

    def source_line(self, line: int) -> str:
        lines = self.lines
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def lines_only(self, keep: Container[int]) -> str:
        """The source with every line whose number is not in ``keep`` blanked: the line
        numbers stay and little text is held (what caches keep of 10,000 files)."""
        return "".join((line if number in keep else "") + "\n"
                       for number, line in enumerate(self.lines, start=1))

    def headings(self) -> tuple[Block, ...]:
        """The heading blocks, in order. Worked out once: five rules ask (CD301, CD502,
        CD506, CD609, CD624), and each picking them out of the blocks again cost ~13 K
        instructions a built page."""
        return self._headings

    @cached_attribute
    def _headings(self) -> tuple[Block, ...]:
        # From the sections (which most pages are grouped into anyway): a third as many.
        return tuple([heading for heading, _ in self._sections if heading is not None])

    def sections(self) -> tuple[tuple[Block | None, tuple[Block, ...]], ...]:
        """Blocks grouped under their nearest preceding heading (None before the first).

        Worked out once: five rules ask, and grouping the blocks again cost each of them
        as much as its own work on a short page."""
        return self._sections

    @cached_attribute
    def _sections(self) -> tuple[tuple[Block | None, tuple[Block, ...]], ...]:
        groups: list[tuple[Block | None, list[Block]]] = [(None, [])]
        for block in self.blocks:
            if block.kind == "heading":
                groups.append((block, []))
            else:
                groups[-1][1].append(block)
        return tuple((heading, tuple(blocks)) for heading, blocks in groups
                     if heading is not None or blocks)
