"""A YAML list of records parsed record by record, so that an edit parses one record again.

A statistics file of 10,000 posts holds 33,000 lines; parsed whole, one changed value cost
1.4 s of a rebuild. A file qualifies when it is a plain block list at the top level: every
line that starts in the first column starts an item (``- ``) or is a comment, nothing
looks like an anchor or alias (which could tie two items together), and every line break
is a ``\n``. Each item is then
parsed on its own, from its own first line, and an item whose text and place are as they
were is taken from ``kept`` (the items of the last parse). The value is the one a whole
parse gives: an item that does not parse alone as one item, or a file past the bound on
values, makes this give None, and the caller parses the file whole, which reports any error
exactly as always.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from copydesk.content.limits import MAX_YAML_NODES
from copydesk.content.located import LocatedSeq
from copydesk.content.yaml_reader import parse_yaml_counted
from copydesk.errors import ContentError

ItemKey = tuple[int, int, str]  # (index, first line, digest of the item's text)
ParsedItem = tuple[Any, int, int]  # (value, its line, the values it holds)

# A line that starts in the first column with anything but "- ", a lone "-" or a comment:
# a document marker, a directive, a top-level mapping, a tab, ...
_NOT_AN_ITEM = re.compile(r"^(?:-[^ \n]|[^-# \n])", re.MULTILINE)
_ITEM = re.compile(r"^-(?: |$)", re.MULTILINE)
_INDENTED = re.compile(r"^ ", re.MULTILINE)
# Line breaks to YAML (its line numbers count them) that are not the ones we split on.
_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def split_items(text: str) -> list[tuple[int, str]] | None:
    """(first line, text) of each top-level item, or None when the file does not qualify."""
    if _NOT_AN_ITEM.search(text) or _OTHER_BREAKS.search(text) or anchor_or_alias(text):
        return None
    starts = [match.start() for match in _ITEM.finditer(text)]
    if not starts or _INDENTED.search(text, 0, starts[0]):
        return None
    chunks: list[tuple[int, str]] = []
    line, previous = 1, 0
    # Up to the next item's first line, line break included: a block scalar (``- |``)
    # ending an item keeps its final line break, as in the whole file.
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        line += text.count("\n", previous, start)
        chunks.append((line, text[start:end]))
        previous = start
    return chunks


def anchor_or_alias(text: str) -> bool:
    """Whether ``&name`` or ``*name`` is where a YAML token may start (which could tie two
    items together); also true of some prose ("**bold**"), which then only costs a whole
    parse. A search for each "&" and "*": most files have few."""
    for mark in "&*":
        at = text.find(mark)
        while at != -1:
            before = text[at - 1] if at else "\n"
            after = text[at + 1:at + 2]
            if ((before.isspace() or before in ",[{") and after
                    and not (after.isspace() or after in ",[]{}")):
                return True
            at = text.find(mark, at + 1)
    return False


def parse_items(text: str, path: str, kept: Mapping[ItemKey, ParsedItem]
                ) -> tuple[LocatedSeq, dict[ItemKey, ParsedItem]] | None:
    """The file's value and its items by key, or None when it must be parsed whole."""
    chunks = split_items(text)
    if chunks is None:
        return None
    items: dict[ItemKey, ParsedItem] = {}
    values = 1  # the list itself
    for index, (line, chunk) in enumerate(chunks):
        key = (index, line, hashlib.blake2b(chunk.encode("utf-8", "surrogateescape"),
                                            digest_size=16).hexdigest())
        item = kept.get(key)
        if item is None:
            try:
                value, count = parse_yaml_counted(chunk, path, line)
            except ContentError:
                return None
            if not (isinstance(value, LocatedSeq) and len(value) == 1):
                return None
            item = (value[0], value.item_lines[0], count - 1)
        items[key] = item
        values += item[2]
    if values > MAX_YAML_NODES:
        return None
    return assembled(items), items


def assembled(items: Mapping[ItemKey, ParsedItem]) -> LocatedSeq:
    """The list whose items are ``items``, in their order.

    It starts on the first item's first line (its "- "), as a whole parse has it, which is
    not its value's line when the value starts on the next line ("-" alone, then "  text").
    """
    first_line = next(iter(items))[1]
    return LocatedSeq(first_line, ((value, line) for value, line, _ in items.values()))
