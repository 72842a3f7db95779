"""Data-file formats by suffix, each parsed into located values (see ``located``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from copydesk.content.csv_reader import parse_csv
from copydesk.content.json_reader import parse_json
from copydesk.content.records import KIND_MODELS, list_fields
from copydesk.content.toml_reader import parse_toml
from copydesk.content.yaml_reader import parse_yaml
from copydesk.errors import ContentError, Location

YAML_SUFFIXES = (".yaml", ".yml")
PARSERS: dict[str, Callable[[str, str], Any]] = {
    **dict.fromkeys(YAML_SUFFIXES, parse_yaml),
    ".json": parse_json,
    ".toml": parse_toml,
}
DATA_SUFFIXES = frozenset({*PARSERS, ".csv"})


def parse_data(text: str, display: str, name: str, suffix: str) -> Any:
    """Parse the data file ``display`` (named ``name``, with ``suffix``) into located values.

    A record kind's file holds a list of records; in TOML that is an array of tables
    named after the kind (``[[roles]]``), the only thing such a file may hold.
    """
    if suffix == ".csv":
        return parse_csv(text, display, list_fields(name))
    value = PARSERS[suffix](text, display)
    if suffix != ".toml" or name not in KIND_MODELS:
        return value
    extra = next((key for key in value if key != name), None)
    if extra is not None:
        raise ContentError(f"'{extra}' does not belong in a {name} file",
                           Location(display, value.line_of(extra)),
                           f"write each record as a [[{name}]] table and nothing else")
    return value.get(name)
