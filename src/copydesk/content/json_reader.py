"""JSON into located values.

The standard decoder keeps no positions, so objects and arrays are walked here and only
scalars go through :meth:`json.JSONDecoder.raw_decode`; errors keep the standard
decoder's messages and positions. Numbers with a fraction become ``Decimal`` so that
``135.8`` stays exactly ``135.8``. A key given twice is an error, and so is nesting deeper
than ``limits.MAX_DEPTH`` (a "[[[[..." bomb must not exhaust the stack).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from decimal import Decimal
from typing import Any

from copydesk.content.limits import MAX_DEPTH, too_deep
from copydesk.content.located import LocatedMap, LocatedSeq
from copydesk.errors import ContentError, Location

_DECODER = json.JSONDecoder(parse_float=Decimal)
_SPACE = re.compile(r"[ \t\n\r]*")
SYNTAX_HINT = ("check the brackets, commas and quotes there: keys and text need double "
               "quotes, and the last item of an object or array takes no comma")


class _TooDeep(Exception):
    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


class _Walker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.depth = 0
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    def skip(self, offset: int) -> int:
        match = _SPACE.match(self.text, offset)
        return match.end() if match else offset

    def expect(self, offset: int, char: str, what: str) -> int:
        if self.text[offset:offset + 1] != char:
            raise json.JSONDecodeError(f"Expecting {what}", self.text, offset)
        return self.skip(offset + 1)

    def value(self, offset: int) -> tuple[Any, int]:
        opener = self.text[offset:offset + 1]
        if opener not in ("{", "["):
            return _DECODER.raw_decode(self.text, offset)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(offset)
        found = self.object(offset) if opener == "{" else self.array(offset)
        self.depth -= 1
        return found

    def object(self, start: int) -> tuple[LocatedMap, int]:
        result = LocatedMap(self.line(start))
        offset = self.skip(start + 1)
        if self.text[offset:offset + 1] == "}":
            return result, offset + 1
        while True:
            if self.text[offset:offset + 1] != '"':
                raise json.JSONDecodeError(
                    "Expecting property name enclosed in double quotes", self.text, offset)
            key, after = _DECODER.raw_decode(self.text, offset)
            if key in result:
                raise json.JSONDecodeError(f"the key {key!r} appears twice in this object",
                                           self.text, offset)
            result.key_lines[key] = self.line(offset)
            value_start = self.expect(self.skip(after), ":", "':' delimiter")
            result[key], offset = self.value(value_start)
            offset = self.skip(offset)
            if self.text[offset:offset + 1] == "}":
                return result, offset + 1
            offset = self.expect(offset, ",", "',' delimiter")

    def array(self, start: int) -> tuple[LocatedSeq, int]:
        result = LocatedSeq(self.line(start))
        offset = self.skip(start + 1)
        if self.text[offset:offset + 1] == "]":
            return result, offset + 1
        while True:
            item, end = self.value(offset)
            result.append(item)
            result.item_lines.append(self.line(offset))
            offset = self.skip(end)
            if self.text[offset:offset + 1] == "]":
                return result, offset + 1
            offset = self.expect(offset, ",", "',' delimiter")


def parse_json(text: str, path: str) -> Any:
    walker = _Walker(text)
    try:
        value, end = walker.value(walker.skip(0))
        end = walker.skip(end)
        if end != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
    except json.JSONDecodeError as error:
        raise ContentError(f"invalid JSON: {error.msg}",
                           Location(path, error.lineno, error.colno), SYNTAX_HINT) from None
    except _TooDeep as error:
        line = walker.line(error.offset)
        raise too_deep(path, line, error.offset - walker.line_starts[line - 1] + 1) from None
    return value
