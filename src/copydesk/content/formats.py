"""Data-file formats by suffix, each parsed into located values (see ``located``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from copydesk.content.yaml_reader import parse_yaml

Parser = Callable[[str, str], Any]

PARSERS: dict[str, Parser] = {
    ".yaml": parse_yaml,
    ".yml": parse_yaml,
}
DATA_SUFFIXES = frozenset(PARSERS)


def parse_data(text: str, display: str, name: str, suffix: str) -> Any:
    """Parse the data file ``display`` (named ``name``, with ``suffix``) into located values."""
    return PARSERS[suffix](text, display)
