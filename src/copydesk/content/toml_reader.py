"""TOML into located values, with lines found on a best-effort basis.

``tomllib`` keeps no positions. After parsing, each key's line is looked up in the text:
the n-th ``[[name]]`` header starts the n-th table of the array ``name``, and a key is
the first ``key =`` (or dotted ``... .key =``) line, or ``[... .key]`` header, within its
table's lines.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from copydesk.content.limits import MAX_DEPTH, nesting_depth, too_deep
from copydesk.content.located import LocatedMap, LocatedSeq
from copydesk.errors import ContentError, Location

_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
SYNTAX_HINT = "fix the syntax there; text values need quotes (see https://toml.io)"


def _key_pattern(key: str) -> str:
    escaped = re.escape(key)
    return rf"(?:{escaped}|\"{escaped}\"|'{escaped}')"


class _Locator:
    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    def find(self, pattern: str, start: int, end: int) -> list[int]:
        """0-based indexes of the lines in ``[start, end)`` that match ``pattern``."""
        compiled = re.compile(pattern)
        return [index for index in range(start, end) if compiled.match(self.lines[index])]

    def key_line(self, key: str, start: int, end: int) -> int | None:
        name = _key_pattern(key)
        dotted_prefix = r"(?:[^=\[\]]*\.\s*)?"  # "salary.min = 1" sets "min" in "salary"
        assignment = rf"{dotted_prefix}{name}\s*[=.]"
        header = rf"\[\[?\s*{dotted_prefix}{name}\s*\]\]?"
        found = self.find(rf"\s*(?:{assignment}|{header})", start, end)
        return found[0] if found else None

    def mapping(self, table: Mapping[str, Any], start: int, end: int, line: int) -> LocatedMap:
        result = LocatedMap(line + 1)
        for key, value in table.items():
            found = self.key_line(key, start, end)
            key_line = line if found is None else found
            result.key_lines[key] = key_line + 1
            result[key] = self.value(key, value, key_line, end)
        return result

    def value(self, key: str, value: Any, line: int, end: int) -> Any:
        if isinstance(value, Mapping):
            return self.mapping(value, line, end, line)
        if not isinstance(value, list):
            return value
        headers = self.find(rf"\s*\[\[\s*(?:[^\[\]]*\.\s*)?{_key_pattern(key)}\s*\]\]", line, end)
        items = LocatedSeq(line + 1)
        for index, item in enumerate(value):
            if isinstance(item, Mapping) and index < len(headers):
                table_end = headers[index + 1] if index + 1 < len(headers) else end
                item = self.mapping(item, headers[index], table_end, headers[index])
                items.append(item)
                items.item_lines.append(item.line)
            else:
                items.append(self.value(key, item, line, end))
                items.item_lines.append(line + 1)
        return items


def _number(position: re.Match[str] | None, group: int) -> int:
    found = position.group(group) if position else None
    return int(found) if found else 0


def parse_toml(text: str, path: str) -> LocatedMap:
    try:
        table = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _POSITION.search(message)
        at_end = position is not None and position.group(1) is None
        line = len(text.rstrip("\n").split("\n")) if at_end else _number(position, 1)
        column = _number(position, 2)
        raise ContentError(f"invalid TOML: {_POSITION.sub('', message)}",
                           Location(path, line, column), SYNTAX_HINT) from None
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        raise too_deep(path, 1) from None
    if nesting_depth(table) > MAX_DEPTH:
        raise too_deep(path, 1)
    locator = _Locator(text)
    return locator.mapping(table, 0, len(locator.lines), 0)
