"""Bounds on what a content file may cost to read: its size, its nesting, its aliases.

Content comes from many hands and sometimes from a model; a file must not be able to
exhaust memory or the Python stack. A file larger than ``[site] max-file-mb`` is refused
before it is read, data nested deeper than :data:`MAX_DEPTH` levels is refused, and YAML
aliases may stand for at most :data:`MAX_ALIAS_NODES` nodes in all ("billion laughs").

Located values cost memory: reading a JSON or CSV file takes about 25 times its size,
a YAML file about 90 times (PyYAML keeps every node and its marks until the end). Hence
the 10 MB default, and a YAML file may hold at most :data:`MAX_YAML_NODES` values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from copydesk.errors import ContentError, Location

MEGABYTE = 1024 * 1024
MAX_DEPTH = 100  # far more than any record needs, far less than Python's stack allows
MAX_ALIAS_NODES = 100_000  # nodes that YAML aliases may repeat, counted with their children
MAX_YAML_NODES = 250_000  # about 200 MB while composing; some 50,000 records of 5 fields
DEPTH_HINT = "flatten the data: records need only a few levels of nesting"


def read_bytes_within(path: str | Path, display: str, max_mb: int) -> bytes:
    """The file's bytes, refusing it before reading when it is over ``max_mb`` megabytes."""
    limit = max_mb * MEGABYTE
    try:
        # By its descriptor, as a buffered file reads it (a read to the end is one that
        # gives nothing): open() made a file object and its buffer, ~35 K instructions of
        # each of a build's 10,000 article bodies read.
        descriptor = os.open(path, os.O_RDONLY)
        try:
            size = os.fstat(descriptor).st_size  # of the file opened, not the name
            # What the file holds and a byte: read(limit + 1) made a buffer of the limit
            # (10 MB mapped and unmapped, three system calls) for each of 10,000 articles.
            raw = _read(descriptor, size + 1) if size <= limit else b""
            if len(raw) > size:  # it grew while we read: on, to one byte past the limit
                raw += _read(descriptor, limit + 1 - len(raw))
        finally:
            os.close(descriptor)
    except OSError as error:
        raise ContentError(f"cannot read the file: {error.strerror}", Location(display),
                           "check that the file exists and is readable") from None
    if size > limit or len(raw) > limit:
        raise ContentError(
            f"the file is {max(size, len(raw)) / MEGABYTE:.1f} MB, over the {max_mb} MB limit",
            Location(display),
            "split it into smaller files, or raise max-file-mb under [site] in the config")
    return raw


def _read(descriptor: int, count: int) -> bytes:
    """``count`` bytes of the open file, fewer only at its end."""
    chunks = []
    while count > 0 and (chunk := os.read(descriptor, count)):
        chunks.append(chunk)
        count -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def too_deep(path: str, line: int, column: int = 0) -> ContentError:
    return ContentError(f"the data is nested more than {MAX_DEPTH} levels deep",
                        Location(path, line, column), DEPTH_HINT)


def nesting_depth(value: object) -> int:
    """How many lists and mappings deep ``value`` goes (a plain value is 0), without recursion."""
    deepest = 0
    pending: list[tuple[object, int]] = [(value, 0)]
    while pending:
        current, depth = pending.pop()
        if isinstance(current, Mapping):
            children: list[object] = list(current.values())
        elif isinstance(current, list):
            children = current
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_DEPTH:
            return deepest  # deep enough to refuse; do not walk a bomb to its end
        pending.extend((child, depth + 1) for child in children)
    return deepest
