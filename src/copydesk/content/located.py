"""Parsed data that remembers where each part sits in its file.

Every format reader (YAML, JSON, TOML, CSV) returns plain values inside these two
containers, so validation can point at the line of the offending field whatever the
format. They are ordinary ``dict`` and ``list`` subclasses: templates use them as is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class LocatedMap(dict[Any, Any]):
    """A mapping with the line it starts on and the line of each key (1-based)."""

    def __init__(self, line: int, items: Iterable[tuple[Any, Any, int]] = ()) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}
        for key, value, key_line in items:
            self[key] = value
            self.key_lines[key] = key_line

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LocatedSeq(list[Any]):
    """A list with the line it starts on and the line of each item (1-based)."""

    def __init__(self, line: int, items: Iterable[tuple[Any, int]] = ()) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []
        for value, item_line in items:
            self.append(value)
            self.item_lines.append(item_line)

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line
