"""CSV into located values: one record per row, located at the row's first line.

The header names the fields; a dotted name (``salary.min``, ``source.name``) is a field
of a nested record. An empty cell is an absent field. A column listed in ``list_fields``
holds a list, its items separated by ``;``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection

from copydesk.content.limits import MAX_DEPTH, too_deep
from copydesk.content.located import LocatedMap, LocatedSeq
from copydesk.errors import ContentError, Location

LIST_SEPARATOR = ";"


def _header(names: list[str], path: str) -> list[tuple[str, ...]]:
    columns: list[tuple[str, ...]] = []
    for name in names:
        parts = tuple(part.strip() for part in name.split("."))
        if not all(parts):
            raise ContentError(f"invalid CSV: the column name {name!r} has an empty part",
                               Location(path, 1), "name every column, e.g. salary.min")
        if len(parts) > MAX_DEPTH:
            raise too_deep(path, 1)
        clash = next((c for c in columns if c[:len(parts)] == parts or parts[:len(c)] == c),
                     None)
        if clash is not None:
            raise ContentError(
                f"invalid CSV: the columns '{'.'.join(clash)}' and '{name}' overlap",
                Location(path, 1), "give each field one column")
        columns.append(parts)
    return columns


def _row(columns: list[tuple[str, ...]], cells: list[str], line: int,
         list_fields: Collection[str]) -> LocatedMap:
    record = LocatedMap(line)
    for parts, cell in zip(columns, cells, strict=False):
        if not cell.strip():
            continue
        target = record
        for part in parts[:-1]:
            target = target.setdefault(part, LocatedMap(line))
            target.key_lines.setdefault(part, line)
        key = parts[-1]
        if len(parts) == 1 and key in list_fields:
            items = [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]
            target[key] = LocatedSeq(line, ((item, line) for item in items))
        else:
            target[key] = cell
        target.key_lines[key] = line
    return record


def parse_csv(text: str, path: str, list_fields: Collection[str] = ()) -> LocatedSeq:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        rows = LocatedSeq(1)
        if header is None:
            return rows
        columns = _header(header, path)
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(cells) > len(columns):
                    raise ContentError(
                        f"invalid CSV: the row has {len(cells)} cells but the header names "
                        f"{len(columns)} columns", Location(path, line),
                        "quote cells that contain commas, or add a column name")
                rows.append(_row(columns, cells, line, list_fields))
                rows.item_lines.append(line)
            line = reader.line_num + 1
    except csv.Error as error:
        raise ContentError(f"invalid CSV: {error}", Location(path, reader.line_num),
                           "check the quotes on that line") from None
    return rows
